//! The pipeline shared by the three attributes: parse → validate → expand.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

use crate::args::Args;
use crate::ctxt::Ctxt;
use crate::description;
use crate::kind::Kind;
use crate::signature::{self, Function};
use crate::strings_file::{self, Paths, StringsFile};

/// Expands one attribute. The annotated item is always emitted unchanged; the registration is added
/// when every rule holds, the errors otherwise.
pub(crate) fn attribute(
    kind: Kind,
    args: TokenStream,
    item: TokenStream,
    source: Option<PathBuf>,
) -> TokenStream {
    let cx = Ctxt::new();
    let args = Args::parse(&cx, kind, args);
    let function = match signature::expect_function(item.clone()) {
        Ok(()) => syn::parse2::<Function>(item.clone())
            .map_err(|error| cx.syn_error(error))
            .ok(),
        Err(span) => {
            cx.error_at(
                span,
                format!(
                    "#[{}] can only be used on a function (`fn` or `async fn`), not on this item",
                    kind.name()
                ),
            );
            None
        }
    };
    if let Some(domain) = &args.domain
        && let Err(error) = appcreds_rules::domain::validate(&domain.value())
    {
        cx.error_spanned_by(domain, format!("invalid domain: {error}"));
    }
    if let Some(name) = &args.url_input
        && !appcreds_rules::placeholder::is_identifier(&name.value())
    {
        cx.error_spanned_by(
            name,
            format!(
                "the input name `{}` is not an identifier; use letters, digits and `_`, starting with a letter or `_`",
                name.value()
            ),
        );
    }
    if let Some(category) = &args.category
        && let Err(error) = appcreds_rules::category::validate(&category.value())
    {
        cx.error_spanned_by(category, error.to_string());
    }
    let paths = strings_file::Paths::new(source.as_deref(), args.strings.as_ref());
    let strings = strings_file::locate(&cx, paths.as_ref(), args.strings.as_ref());
    if let Some(function) = &function {
        kind.check_signature(&cx, function);
        kind.check_body(&cx, function, strings.as_ref());
    }
    if kind.carries_strings() && args.domain.is_none() {
        let source = paths.as_ref().and_then(|p| p.source.as_deref());
        description::check_provided(&cx, source, strings.as_ref());
    }
    match (cx.check(), function) {
        (Ok(()), Some(function)) => {
            let registration =
                registration(kind, &function, &args, paths.as_ref(), strings.as_ref());
            quote!(#item #registration)
        }
        (Err(errors), _) => {
            let errors = errors.into_compile_error();
            quote!(#item #errors)
        }
        (Ok(()), None) => item,
    }
}

/// `const _: () = { ...; inventory::submit! { Registration { .. } } };`
fn registration(
    kind: Kind,
    function: &Function,
    args: &Args,
    paths: Option<&Paths>,
    strings: Option<&StringsFile>,
) -> TokenStream {
    let domain = args.domain.as_ref();
    let url_input = args
        .url_input
        .as_ref()
        .map(|name| quote!(.with_url_input(#name)));
    let category = args
        .category
        .as_ref()
        .map(|name| quote!(.with_category(#name)));
    let ident = &function.ident;
    let attribute_span = Span::call_site();
    let domain = match domain {
        Some(domain) => quote!(const DOMAIN: &str = #domain;),
        None => {
            let message = format!(
                "the domain taken from this module's name is not a valid appcreds domain ([a-z][a-z0-9_]*, at most 64 bytes); name it explicitly with #[{}(domain = \"...\")]",
                kind.name()
            );
            quote_spanned! {attribute_span=>
                const DOMAIN: &str = ::appcreds::__private::last_path_segment(::core::module_path!());
                const _: () = if !::appcreds::__private::is_valid_domain(DOMAIN) { ::core::panic!(#message) };
            }
        }
    };
    let output = kind.output();
    let params = kind.wrapper_params();
    let args = kind.call_args(function.inputs.len());
    let return_span = match &function.output {
        syn::ReturnType::Type(_, ty) => syn::spanned::Spanned::span(&**ty),
        syn::ReturnType::Default => ident.span(),
    };
    // The conversion is spanned at the return type: a wrong type is reported there alone.
    let convert = |value: TokenStream| {
        quote_spanned! {return_span=>
            {
                let boxed: ::std::boxed::Box<dyn ::appcreds::__private::IntoRegistered<#output> + '_> =
                    ::std::boxed::Box::new(#value);
                boxed.into_registered()
            }
        }
    };
    let body = match function.asyncness {
        Some(_) => {
            let convert = convert(quote!(#ident(#args).await));
            quote!(::std::boxed::Box::pin(async move { #convert }))
        }
        None => {
            let convert = convert(quote!(#ident(#args)));
            quote! {
                let output = #convert;
                ::std::boxed::Box::pin(::core::future::ready(output))
            }
        }
    };
    let variant = kind.variant();
    // The strings file is embedded so that editing it rebuilds the crate; the placeholders only
    // checked against it, so their registration just tracks it.
    let path = strings.map(|file| file.path.display().to_string());
    let (strings, tracked) = match (path, kind.carries_strings()) {
        (Some(path), true) => (
            quote!(::core::option::Option::Some(::core::include_str!(#path))),
            quote!(),
        ),
        (Some(path), false) => (
            quote!(::core::option::Option::None),
            quote!(
                const _: &str = ::core::include_str!(#path);
            ),
        ),
        (None, _) => (quote!(::core::option::Option::None), quote!()),
    };
    let location = quote_spanned!(ident.span()=> ::core::file!(), ::core::line!());
    let files = paths.and_then(|paths| {
        let source = paths.source.as_ref()?.to_str()?;
        let strings = paths.strings.to_str()?;
        Some(quote!(.with_files(#source, #strings)))
    });
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, clippy::all)]
        const _: () = {
            #domain
            #tracked
            #[allow(unused_variables)]
            fn registered<'a>(#params) -> ::appcreds::__private::BoxFuture<'a, ::appcreds::__private::Result<#output>> {
                #body
            }
            ::appcreds::__private::inventory::submit! {
                ::appcreds::__private::Registration::new(
                    DOMAIN,
                    ::appcreds::__private::Item::#variant(registered),
                    #location,
                    #strings,
                )
                .in_module(::core::module_path!())
                #url_input
                #category
                #files
            }
        };
    }
}
