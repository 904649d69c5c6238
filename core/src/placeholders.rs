//! [`Placeholders`]: values substituted into an integration's credential-dialog description.

use serde::Serialize;

/// Placeholder values, in insertion order, keyed by name.
///
/// ```
/// use appcreds::Placeholders;
///
/// let placeholders = Placeholders::from([("console_url", "https://console.example.com")])
///     .with("more_info_url", "https://example.com/docs");
/// assert_eq!(placeholders.get("console_url"), Some("https://console.example.com"));
/// assert_eq!(placeholders.len(), 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Placeholders(serde_json::Map<String, serde_json::Value>);

impl Placeholders {
    /// No placeholders.
    pub fn new() -> Self {
        Placeholders::default()
    }

    /// Adds or replaces `key`, by value.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.insert(key, value);
        self
    }

    /// Adds or replaces `key`.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<String>) {
        self.0
            .insert(key.into(), serde_json::Value::String(value.into()));
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(serde_json::Value::as_str)
    }

    /// The keys, in insertion order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str)
    }

    /// The pairs, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter_map(|(k, v)| Some((k.as_str(), v.as_str()?)))
    }

    /// How many placeholders there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>, const N: usize> From<[(K, V); N]> for Placeholders {
    fn from(pairs: [(K, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Placeholders {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(pairs: I) -> Self {
        let mut placeholders = Placeholders::new();
        for (key, value) in pairs {
            placeholders.insert(key, value);
        }
        placeholders
    }
}
