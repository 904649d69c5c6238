//! The attribute's arguments: `domain = "..."`, `strings = "path"`, (for
//! `#[authorization_server]` and `#[auth_implementation]`) `category = "..."` and (for
//! `#[auth_implementation]`) `url_input = "name"`, each at most once.

use proc_macro2::TokenStream;
use syn::LitStr;
use syn::parse::Parser;

use crate::ctxt::Ctxt;
use crate::kind::Kind;

/// The parsed arguments; a key given twice or malformed is reported and left unset.
#[derive(Default)]
pub(crate) struct Args {
    /// `domain = "..."`: the integration's domain, overriding the module name.
    pub(crate) domain: Option<LitStr>,
    /// `strings = "..."`: a `strings.json` path, relative to the annotated file's directory.
    pub(crate) strings: Option<LitStr>,
    /// `url_input = "name"`: the per-account URL input of an `#[auth_implementation]`.
    pub(crate) url_input: Option<LitStr>,
    /// `category = "..."`: the catalogue group, one of `appcreds_rules::category::CATEGORIES`.
    pub(crate) category: Option<LitStr>,
}

/// One accepted key: its name and how it is written, for messages.
struct Key {
    name: &'static str,
    example: &'static str,
}

const DOMAIN: Key = Key {
    name: "domain",
    example: "domain = \"...\"",
};
const STRINGS: Key = Key {
    name: "strings",
    example: "strings = \"path/to/strings.json\"",
};
const CATEGORY: Key = Key {
    name: "category",
    example: "category = \"...\"",
};
const URL_INPUT: Key = Key {
    name: "url_input",
    example: "url_input = \"name\"",
};

/// The keys `kind` accepts, in the order messages list them.
fn accepted(kind: Kind) -> &'static [Key] {
    match kind {
        Kind::AuthImplementation => &[DOMAIN, STRINGS, CATEGORY, URL_INPUT],
        Kind::AuthorizationServer => &[DOMAIN, STRINGS, CATEGORY],
        Kind::DescriptionPlaceholders => &[DOMAIN, STRINGS],
    }
}

impl Args {
    pub(crate) fn parse(cx: &Ctxt, kind: Kind, tokens: TokenStream) -> Args {
        let mut args = Args::default();
        let parser = syn::meta::parser(|meta| {
            let key = meta.path.get_ident().map(ToString::to_string);
            let slot = match key.as_deref() {
                Some("domain") => &mut args.domain,
                Some("strings") => &mut args.strings,
                Some("url_input") if kind == Kind::AuthImplementation => &mut args.url_input,
                Some("category") if kind != Kind::DescriptionPlaceholders => &mut args.category,
                _ => {
                    cx.syn_error(meta.error(unknown_key(kind, key.as_deref())));
                    return skip_value(meta.input);
                }
            };
            let name = key.unwrap_or_default();
            match meta.value().and_then(|v| v.parse::<LitStr>()) {
                Ok(value) => set_once(cx, slot, value, &name),
                Err(_) => {
                    cx.syn_error(
                        meta.error(format!("expected `{name} = \"...\"`, a string literal")),
                    );
                    skip_value(meta.input)?;
                }
            }
            Ok(())
        });
        if let Err(error) = parser.parse2(tokens) {
            cx.syn_error(error);
        }
        args
    }
}

/// "unknown key `domian` in #[authorization_server]; did you mean `domain = "..."`?", or the list
/// of accepted keys when none is close.
fn unknown_key(kind: Kind, key: Option<&str>) -> String {
    let keys = accepted(kind);
    let shown = key.map_or_else(|| "this key".to_owned(), |k| format!("`{k}`"));
    let attribute = kind.name();
    // A key `url_input` on another attribute is not a typo: say where it belongs.
    if key == Some(URL_INPUT.name) {
        return format!(
            "`url_input` is only accepted by #[auth_implementation]; #[{attribute}] accepts {}",
            list(keys)
        );
    }
    let closest = key.and_then(|key| {
        keys.iter()
            .map(|k| (strsim::damerau_levenshtein(key, k.name), k))
            .filter(|(distance, k)| *distance <= k.name.len() / 3 + 1)
            .min_by_key(|(distance, _)| *distance)
    });
    match closest {
        Some((_, k)) => format!(
            "unknown key {shown} in #[{attribute}]; did you mean `{}`?",
            k.example
        ),
        None => format!(
            "unknown key {shown} in #[{attribute}]; accepted keys: {}",
            list(keys)
        ),
    }
}

fn list(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| format!("`{}`", k.example))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Skips the rest of a `key = value` pair, so that the following keys are still checked.
fn skip_value(input: syn::parse::ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(syn::Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

/// Stores `value` unless the key was given already, in which case the repeat is reported.
fn set_once(cx: &Ctxt, slot: &mut Option<LitStr>, value: LitStr, key: &str) {
    if slot.is_some() {
        cx.error_spanned_by(
            &value,
            format!("`{key}` is given more than once; keep one `{key} = \"...\"`"),
        );
    } else {
        *slot = Some(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_keys_get_a_suggestion() {
        assert_eq!(
            unknown_key(Kind::AuthorizationServer, Some("domian")),
            "unknown key `domian` in #[authorization_server]; did you mean `domain = \"...\"`?"
        );
        assert!(unknown_key(Kind::AuthImplementation, Some("url_inptu")).contains("`url_input"));
        assert!(
            unknown_key(Kind::DescriptionPlaceholders, Some("title")).ends_with(
                "accepted keys: `domain = \"...\"`, `strings = \"path/to/strings.json\"`"
            )
        );
        assert!(
            unknown_key(Kind::AuthorizationServer, Some("url_input"))
                .starts_with("`url_input` is only accepted by #[auth_implementation]")
        );
    }
}
