//! Categories: the fixed list an integration's `category = ".."` is chosen from, so the catalogue
//! and the page can group integrations, and a typo is a compile error with a suggestion.

use thiserror::Error;

/// Every category: its identifier (what `category = ".."` names) and its heading, in the order
/// the catalogue lists them.
pub const CATEGORIES: &[(&str, &str)] = &[
    ("developer_tools", "Developer tools"),
    ("productivity", "Productivity and collaboration"),
    ("communication", "Communication and marketing"),
    ("files", "Files and documents"),
    ("crm_support", "CRM, sales and support"),
    ("finance", "Finance and payments"),
    ("commerce", "Commerce"),
    ("social", "Social networks and creators"),
    ("entertainment", "Music, video and games"),
    ("health_fitness", "Health and fitness"),
    ("identity", "Identity and sign-in"),
    ("smart_home", "Smart home and appliances"),
    ("energy", "Energy and climate"),
    ("vehicles", "Vehicles"),
];

/// Why a category is not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("unknown category `{category}`; {}", suggestion(category))]
pub struct CategoryError {
    /// The category as written.
    pub category: String,
}

fn suggestion(category: &str) -> String {
    let close = CATEGORIES
        .iter()
        .map(|(id, _)| *id)
        .find(|id| id.contains(category) || (!category.is_empty() && category.contains(id)));
    match close {
        Some(id) => format!("did you mean `{id}`?"),
        None => format!(
            "use one of {}",
            CATEGORIES
                .iter()
                .map(|(id, _)| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// Checks that `category` is one of [`CATEGORIES`].
///
/// ```
/// use appcreds_rules::category;
/// assert!(category::validate("smart_home").is_ok());
/// let error = category::validate("home").unwrap_err();
/// assert!(error.to_string().contains("did you mean `smart_home`?"));
/// assert!(category::validate("games").unwrap_err().to_string().contains("`entertainment`"));
/// ```
pub fn validate(category: &str) -> Result<(), CategoryError> {
    if CATEGORIES.iter().any(|(id, _)| *id == category) {
        Ok(())
    } else {
        Err(CategoryError {
            category: category.to_owned(),
        })
    }
}

/// The heading of a category, or the identifier itself when it is not in the list.
pub fn heading(category: &str) -> &str {
    CATEGORIES
        .iter()
        .find(|(id, _)| *id == category)
        .map_or(category, |(_, heading)| *heading)
}
