//! The attribute's arguments: `domain = "..."`, `strings = "path"` and (for
//! `#[auth_implementation]`) `url_input = "name"`, each at most once.

use proc_macro2::TokenStream;
use syn::LitStr;
use syn::parse::Parser;

use crate::ctxt::Ctxt;

/// The keys every attribute accepts, in the order the error message lists them.
const ACCEPTED: &str = "`domain = \"...\"`, `strings = \"path/to/strings.json\"`";

/// The keys `#[auth_implementation]` accepts.
const ACCEPTED_IMPLEMENTATION: &str =
    "`domain = \"...\"`, `strings = \"path/to/strings.json\"`, `url_input = \"name\"`";

/// The parsed arguments; a key given twice or malformed is reported and left unset.
#[derive(Default)]
pub(crate) struct Args {
    /// `domain = "..."`: the integration's domain, overriding the module name.
    pub(crate) domain: Option<LitStr>,
    /// `strings = "..."`: a `strings.json` path, relative to the annotated file's directory.
    pub(crate) strings: Option<LitStr>,
    /// `url_input = "name"`: the per-account URL input of an `#[auth_implementation]`.
    pub(crate) url_input: Option<LitStr>,
}

impl Args {
    pub(crate) fn parse(cx: &Ctxt, attribute: &str, tokens: TokenStream) -> Args {
        let mut args = Args::default();
        let parser = syn::meta::parser(|meta| {
            let slot = if meta.path.is_ident("domain") {
                &mut args.domain
            } else if meta.path.is_ident("strings") {
                &mut args.strings
            } else if meta.path.is_ident("url_input") && attribute == "auth_implementation" {
                &mut args.url_input
            } else {
                let key = meta
                    .path
                    .get_ident()
                    .map_or_else(|| "this key".to_owned(), |i| format!("`{i}`"));
                let accepted = match attribute {
                    "auth_implementation" => ACCEPTED_IMPLEMENTATION,
                    _ => ACCEPTED,
                };
                cx.syn_error(meta.error(format!(
                    "unknown key {key} in #[{attribute}]; accepted keys: {accepted}"
                )));
                return skip_value(meta.input);
            };
            let name = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
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
