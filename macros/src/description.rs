//! A description that needs placeholders has a `#[description_placeholders]` to provide them:
//! checked at compile time where the crate shows it (the domain is the module's, so the function
//! belongs in the same module, which is this file); `appcreds check` and the registry check the
//! rest.

use std::path::Path;
use std::str::FromStr;

use appcreds_rules::placeholder;
use proc_macro2::{Span, TokenStream, TokenTree};

use crate::ctxt::Ctxt;
use crate::strings_file::{StringsFile, display_name};

/// Reports, on the attribute, a description whose `{placeholders}` nothing in this file provides.
pub(crate) fn check_provided(cx: &Ctxt, source: Option<&Path>, strings: Option<&StringsFile>) {
    let Some(description) = strings
        .and_then(|file| file.strings.as_ref())
        .and_then(|s| s.description.as_deref())
    else {
        return;
    };
    let names: Vec<String> = placeholder::scan(description)
        .0
        .into_iter()
        .map(|u| u.name)
        .filter(|name| name != placeholder::REDIRECT_URL)
        .collect();
    if names.is_empty() {
        return;
    }
    let Some(text) = source.and_then(|s| std::fs::read_to_string(s).ok()) else {
        return;
    };
    let Ok(tokens) = TokenStream::from_str(&text) else {
        return;
    };
    if mentions(tokens, "description_placeholders") {
        return;
    }
    let mut names: Vec<String> = names.iter().map(|n| format!("`{{{n}}}`")).collect();
    names.dedup();
    let file = strings.map(|f| display_name(&f.path)).unwrap_or_default();
    cx.error_at(
        Span::call_site(),
        format!(
            "the description in {file} uses {} but this module has no #[description_placeholders] function; add one here that returns `Placeholders::from([(\"name\", \"value\"), ..])` with those keys (or, if the placeholders are declared elsewhere, name the domain with `domain = \"...\"` on both)",
            names.join(", ")
        ),
    );
}

/// Whether `tokens` contain the identifier `name`, at any depth.
fn mentions(tokens: TokenStream, name: &str) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == name,
        TokenTree::Group(group) => mentions(group.stream(), name),
        _ => false,
    })
}
