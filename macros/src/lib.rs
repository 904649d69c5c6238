//! Implementation detail of the [`appcreds`](https://docs.rs/appcreds) crate. Use the attributes through
//! `appcreds` (`use appcreds::prelude::*;`); their documentation lives there.
//!
//! Each attribute is a thin entry point over one module: parse the attribute and the function
//! signature, validate them (collecting every error, each on the offending token), and expand to the
//! unchanged function plus an `inventory` registration through `::appcreds::__private`. On error the
//! function is still emitted, so the rest of the crate keeps type-checking.

mod args;
mod body;
mod ctxt;
mod description;
mod expand;
mod kind;
mod server_checks;
mod signature;
mod strings_file;

use proc_macro::TokenStream;

/// Declares the domain's OAuth 2.0 authorization server. See `appcreds::authorization_server`.
#[proc_macro_attribute]
pub fn authorization_server(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(
        kind::Kind::AuthorizationServer,
        args.into(),
        item.into(),
        source_file(),
    )
    .into()
}

/// Declares a custom OAuth 2.0 implementation for the domain. See `appcreds::auth_implementation`.
#[proc_macro_attribute]
pub fn auth_implementation(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(
        kind::Kind::AuthImplementation,
        args.into(),
        item.into(),
        source_file(),
    )
    .into()
}

/// Declares the placeholders of the domain's credential-dialog description. See
/// `appcreds::description_placeholders`.
#[proc_macro_attribute]
pub fn description_placeholders(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::attribute(
        kind::Kind::DescriptionPlaceholders,
        args.into(),
        item.into(),
        source_file(),
    )
    .into()
}

/// The file that holds the annotated item, when the compiler knows it as a local path.
fn source_file() -> Option<std::path::PathBuf> {
    proc_macro::Span::call_site().local_file()
}
