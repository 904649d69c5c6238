//! [`Callback`]: what an authorization server sent the browser back with.

use url::Url;

/// The query of a redirect to the client's redirect URI (RFC 6749 §4.1.2, RFC 9207).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Callback {
    /// The redirect URI without the query.
    pub redirect_uri: String,
    /// `code`, on success.
    pub code: Option<String>,
    /// `state`.
    pub state: Option<String>,
    /// `iss`, when the server sends it.
    pub iss: Option<String>,
    /// `error`, on refusal.
    pub error: Option<String>,
    /// `error_description`, if any.
    pub error_description: Option<String>,
}

impl Callback {
    /// Reads the callback parameters from the URL the browser was sent to.
    pub fn from_url(url: &Url) -> Callback {
        let mut bare = url.clone();
        bare.set_query(None);
        let mut callback = Callback {
            redirect_uri: bare.to_string(),
            ..Callback::default()
        };
        for (name, value) in url.query_pairs() {
            let slot = match name.as_ref() {
                "code" => &mut callback.code,
                "state" => &mut callback.state,
                "iss" => &mut callback.iss,
                "error" => &mut callback.error,
                "error_description" => &mut callback.error_description,
                _ => continue,
            };
            *slot = Some(value.into_owned());
        }
        callback
    }
}
