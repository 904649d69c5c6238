//! What each attribute accepts: its arguments, its return type and the rules it applies to the body.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Type, TypePath};

use crate::body;
use crate::ctxt::Ctxt;
use crate::signature::{Function, Input};
use crate::strings_file::{StringsFile, display_name};
use appcreds_rules::{endpoint, placeholder};

/// The three attributes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    AuthorizationServer,
    AuthImplementation,
    DescriptionPlaceholders,
}

/// An argument the registry passes.
#[derive(Clone, Copy)]
enum Param {
    /// `&Context`
    Context,
    /// `&str`, the auth domain
    AuthDomain,
    /// `ClientCredential` (or its alias `DeveloperCredential`), by value
    Credential,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::AuthorizationServer => "authorization_server",
            Kind::AuthImplementation => "auth_implementation",
            Kind::DescriptionPlaceholders => "description_placeholders",
        }
    }

    /// How the function must look, for messages.
    fn grammar(self) -> &'static str {
        match self {
            Kind::AuthorizationServer => {
                "`async fn name(ctx: &Context) -> AuthorizationServer` (the argument is optional, `fn` works too, and the return type may be a `Result<AuthorizationServer, E>`)"
            }
            Kind::AuthImplementation => {
                "`async fn name(ctx: &Context, auth_domain: &str, credential: ClientCredential) -> Box<dyn OAuth2Implementation>` (`fn` works too, and the return type may be a `Result<_, E>`)"
            }
            Kind::DescriptionPlaceholders => {
                "`async fn name(ctx: &Context) -> Placeholders` (the argument is optional, `fn` works too, and the return type may be a `Result<Placeholders, E>`)"
            }
        }
    }

    /// The type the registry stores, as generated code names it.
    pub(crate) fn output(self) -> TokenStream {
        match self {
            Kind::AuthorizationServer => quote!(::appcreds::AuthorizationServer),
            Kind::AuthImplementation => quote!(::appcreds::__private::BoxedImplementation),
            Kind::DescriptionPlaceholders => quote!(::appcreds::Placeholders),
        }
    }

    /// The registry variant of the generated registration.
    pub(crate) fn variant(self) -> TokenStream {
        match self {
            Kind::AuthorizationServer => quote!(AuthorizationServer),
            Kind::AuthImplementation => quote!(AuthImplementation),
            Kind::DescriptionPlaceholders => quote!(DescriptionPlaceholders),
        }
    }

    /// Whether the registration carries the strings file (the placeholders only check against it).
    pub(crate) fn carries_strings(self) -> bool {
        self != Kind::DescriptionPlaceholders
    }

    fn params(self) -> &'static [Param] {
        match self {
            Kind::AuthImplementation => &[Param::Context, Param::AuthDomain, Param::Credential],
            Kind::AuthorizationServer | Kind::DescriptionPlaceholders => &[Param::Context],
        }
    }

    /// Whether the arguments are optional (zero arguments or all of them).
    fn params_optional(self) -> bool {
        self != Kind::AuthImplementation
    }

    /// The wrapper's parameters: what the registry always passes.
    pub(crate) fn wrapper_params(self) -> TokenStream {
        match self {
            Kind::AuthImplementation => quote! {
                ctx: &'a ::appcreds::Context, auth_domain: &'a str, credential: ::appcreds::ClientCredential
            },
            Kind::AuthorizationServer | Kind::DescriptionPlaceholders => {
                quote!(ctx: &'a ::appcreds::Context)
            }
        }
    }

    /// The arguments the wrapper passes to the user's function, which takes `count` of them.
    pub(crate) fn call_args(self, count: usize) -> TokenStream {
        let all = [quote!(ctx), quote!(auth_domain), quote!(credential)];
        let args = &all[..count.min(self.params().len())];
        quote!(#(#args),*)
    }

    /// Checks the signature: receiver, qualifiers, generics, arguments, return type.
    pub(crate) fn check_signature(self, cx: &Ctxt, function: &Function) {
        let name = self.name();
        for qualifier in &function.qualifiers {
            let word = qualifier.to_string();
            if word == "unsafe" || word == "extern" {
                cx.error_spanned_by(
                    qualifier,
                    format!("#[{name}] functions cannot be `{word}`; remove `{word}`"),
                );
            }
        }
        if function
            .generics
            .params
            .iter()
            .any(|p| !matches!(p, syn::GenericParam::Lifetime(_)))
        {
            cx.error_spanned_by(
                &function.generics,
                format!("#[{name}] functions cannot be generic: the registry calls them with no type arguments; remove the type and const parameters"),
            );
        }
        if let syn::ReturnType::Default = function.output {
            cx.error_spanned_by(
                &function.ident,
                format!(
                    "#[{name}] needs a return type; declare it as {}",
                    self.grammar()
                ),
            );
        }
        self.check_inputs(cx, function);
    }

    fn check_inputs(self, cx: &Ctxt, function: &Function) {
        let name = self.name();
        let params = self.params();
        let inputs = &function.inputs;
        for input in inputs {
            if let Input::Receiver(tokens) = input {
                cx.error_spanned_by(
                    tokens,
                    format!("#[{name}] must be a free function, not a method: move it out of the `impl` block and remove `self`"),
                );
            }
        }
        let arity_ok =
            inputs.len() == params.len() || (self.params_optional() && inputs.is_empty());
        if !arity_ok {
            if inputs.len() > params.len() {
                for input in &inputs[params.len()..] {
                    cx.error_spanned_by(
                        input.tokens(),
                        format!(
                            "too many arguments: #[{name}] expects {}; remove this argument",
                            self.grammar()
                        ),
                    );
                }
            } else {
                cx.error_at(
                    function.paren_span,
                    format!(
                        "#[{name}] expects {}; this function takes {} argument(s)",
                        self.grammar(),
                        inputs.len()
                    ),
                );
            }
        }
        for (input, param) in inputs.iter().zip(params) {
            if let Input::Typed { ty, .. } = input
                && let Some(problem) = param.problem_with(ty)
            {
                cx.error_spanned_by(
                    ty,
                    format!("{problem}; #[{name}] expects {}", self.grammar()),
                );
            }
        }
    }

    /// Checks what the body shows: endpoint literals, placeholder keys against the strings file.
    pub(crate) fn check_body(self, cx: &Ctxt, function: &Function, strings: Option<&StringsFile>) {
        match self {
            Kind::AuthorizationServer => {
                for found in body::endpoint_literals(&function.body) {
                    if let Err(error) = endpoint::validate(&found.value) {
                        cx.error_at(found.span, format!("invalid `{}`: {error}", found.role));
                    }
                }
            }
            Kind::AuthImplementation => {}
            Kind::DescriptionPlaceholders => check_placeholders(cx, function, strings),
        }
    }
}

fn check_placeholders(cx: &Ctxt, function: &Function, strings: Option<&StringsFile>) {
    let scan = body::placeholder_keys(&function.body);
    for (i, key) in scan.keys.iter().enumerate() {
        if !placeholder::is_identifier(&key.value) {
            cx.error_at(
                key.span,
                format!(
                    "the placeholder key `{}` is not an identifier; use letters, digits and `_`, starting with a letter or `_` (for example `{}`)",
                    key.value,
                    key.value.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                ),
            );
        } else if scan.keys[..i].iter().any(|k| k.value == key.value) {
            cx.error_at(
                key.span,
                format!(
                    "the placeholder key `{}` is given twice; keep one",
                    key.value
                ),
            );
        }
    }
    let Some(file) = strings else { return };
    let Some(description) = file.strings.as_ref().and_then(|s| s.description.as_deref()) else {
        return;
    };
    if !scan.complete {
        return;
    }
    let (uses, _) = placeholder::scan(description);
    let file_name = display_name(&file.path);
    for mismatch in placeholder::compare(&uses, scan.keys.iter().map(|k| k.value.as_str())) {
        let span = match &mismatch {
            placeholder::Mismatch::Unused { name } => scan
                .keys
                .iter()
                .find(|k| &k.value == name)
                .map(|k| k.span)
                .unwrap_or(function.ident.span()),
            placeholder::Mismatch::Missing { .. } => function.ident.span(),
        };
        cx.error_at(span, format!("{mismatch} (description in {file_name})"));
    }
}

impl Param {
    /// What is wrong with `ty` for this parameter, judged from its syntax alone (rustc checks the rest).
    fn problem_with(self, ty: &Type) -> Option<&'static str> {
        match self {
            Param::Context => match ty {
                Type::Reference(r) if r.mutability.is_some() => {
                    Some("take the context by shared reference: `&Context`")
                }
                Type::Reference(r) if last_ident_is(&r.elem, &["Context"]) => None,
                _ if last_ident_is(ty, &["Context"]) => {
                    Some("take the context by reference: `&Context`")
                }
                _ => Some("this argument must be `&Context`"),
            },
            Param::AuthDomain => match ty {
                Type::Reference(r) if last_ident_is(&r.elem, &["str"]) => None,
                _ => Some("the auth domain must be `&str`"),
            },
            Param::Credential => match ty {
                Type::Reference(r)
                    if last_ident_is(&r.elem, &["ClientCredential", "DeveloperCredential"]) =>
                {
                    Some("take the credential by value: `ClientCredential`")
                }
                _ if last_ident_is(ty, &["ClientCredential", "DeveloperCredential"]) => None,
                _ => Some("the credential must be `ClientCredential`"),
            },
        }
    }
}

fn last_ident_is(ty: &Type, names: &[&str]) -> bool {
    match ty {
        Type::Path(TypePath { qself: None, path }) => path
            .segments
            .last()
            .is_some_and(|s| s.arguments.is_none() && names.iter().any(|n| s.ident == n)),
        Type::Group(group) => last_ident_is(&group.elem, names),
        Type::Paren(paren) => last_ident_is(&paren.elem, names),
        _ => false,
    }
}
