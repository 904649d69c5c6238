//! What the macros read in a function body, as token trees (no expression parsing): the endpoint
//! literals of `AuthorizationServer::new(..)` and the keys of `Placeholders`.

use appcreds_rules::options::{ClientAuth, ParamKind};
use proc_macro2::{Delimiter, Group, Literal, Span, TokenStream, TokenTree};
use syn::LitStr;

/// A string literal found in the body, with the role it plays.
pub(crate) struct FoundLiteral {
    /// What the literal is: `authorize_url`, `token_url`, one of [`SINGLE_URL_OPTIONS`], or a
    /// placeholder key.
    pub(crate) role: &'static str,
    pub(crate) value: String,
    pub(crate) span: Span,
}

/// The options whose one argument is a URL, checked like the endpoints of `new`.
pub(crate) const SINGLE_URL_OPTIONS: [&str; 5] = [
    "issuer",
    "refresh_url",
    "revocation_url",
    "device_authorization_url",
    "registration_url",
];

/// The string literals passed as URLs: `AuthorizationServer::new(authorize, token)`,
/// `.issuer("...")` and the optional endpoints (`.refresh_url("...")`, `.revocation_url("...")`, ...), wherever they appear in the body (inside `Ok(..)`, a `match`, ...).
pub(crate) fn endpoint_literals(body: &Group) -> Vec<FoundLiteral> {
    let mut found = Vec::new();
    walk(body.stream(), &mut |window| {
        if let Some(args) = call_args(window, "AuthorizationServer", "new") {
            for (arg, role) in args.iter().zip(["authorize_url", "token_url"]) {
                found.extend(single_string(arg).map(|(value, span)| FoundLiteral {
                    role,
                    value,
                    span,
                }));
            }
        }
        for role in SINGLE_URL_OPTIONS {
            if let Some(args) = method_args(window, role) {
                found.extend(
                    args.first()
                        .and_then(single_string)
                        .map(|(value, span)| FoundLiteral { role, value, span }),
                );
            }
        }
    });
    found
}

/// The placeholder keys a body provides.
pub(crate) struct PlaceholderKeys {
    pub(crate) keys: Vec<FoundLiteral>,
    /// Every key the body provides is a literal that was found here; only then can the keys be
    /// compared with the description at compile time (otherwise `appcreds check` compares them).
    pub(crate) complete: bool,
}

/// Reads `Placeholders::from([("key", value), ..])`, `Placeholders::new()`/`default()` and
/// `.with("key", value)` / `.insert("key", value)`.
pub(crate) fn placeholder_keys(body: &Group) -> PlaceholderKeys {
    let mut keys = Vec::new();
    let (mut constructed, mut opaque) = (false, false);
    walk(body.stream(), &mut |window| {
        for constructor in ["new", "default"] {
            constructed |= call_args(window, "Placeholders", constructor).is_some();
        }
        for constructor in ["from", "from_iter"] {
            let Some(args) = call_args(window, "Placeholders", constructor) else {
                continue;
            };
            constructed = true;
            match args.as_slice() {
                [arg] => match arg.as_slice() {
                    [TokenTree::Group(array)] if array.delimiter() == Delimiter::Bracket => {
                        for element in split_commas(array.stream()) {
                            match element.as_slice() {
                                [TokenTree::Group(pair)]
                                    if pair.delimiter() == Delimiter::Parenthesis =>
                                {
                                    push_key(&split_commas(pair.stream()), &mut keys, &mut opaque);
                                }
                                _ => opaque = true,
                            }
                        }
                    }
                    _ => opaque = true,
                },
                _ => opaque = true,
            }
        }
        for method in ["with", "insert"] {
            if let Some(args) = method_args(window, method) {
                push_key(&args, &mut keys, &mut opaque);
            }
        }
    });
    PlaceholderKeys {
        keys,
        complete: constructed && !opaque,
    }
}

fn push_key(args: &[Vec<TokenTree>], keys: &mut Vec<FoundLiteral>, opaque: &mut bool) {
    match args.first().and_then(single_string) {
        Some((value, span)) if args.len() == 2 => keys.push(FoundLiteral {
            role: "placeholder key",
            value,
            span,
        }),
        _ => *opaque = true,
    }
}

/// The options of an `AuthorizationServer` builder chain that are given as literals.
#[derive(Default)]
pub(crate) struct ServerOptions {
    /// `.input("name", "pattern")`: the name, and the pattern when it is a literal too.
    pub(crate) inputs: Vec<(FoundLiteral, Option<FoundLiteral>)>,
    /// Every `.input(..)` has a literal name: only then can unused inputs be reported.
    pub(crate) inputs_complete: bool,
    /// Literal names of `.authorize_param(..)` and `.token_param(..)`, with their kind.
    pub(crate) params: Vec<(ParamKind, FoundLiteral)>,
    /// `.token_response_path("..")` and `.token_response_fallback_path("..")` (the role says which).
    pub(crate) response_paths: Vec<FoundLiteral>,
    /// `.client_id_param("..")`.
    pub(crate) client_id_params: Vec<FoundLiteral>,
    /// `.callback_value("..")` and `.token_value("..")` (the role says which).
    pub(crate) account_values: Vec<FoundLiteral>,
    /// `.public_client()` is called.
    pub(crate) public_client: bool,
    /// `.client_auth(ClientAuth::Variant)`: the method.
    pub(crate) client_auth: Vec<(ClientAuth, Span)>,
    /// `.pkce(false)`.
    pub(crate) pkce_off: Option<Span>,
    /// `.scopes([..])`: each scope given as a literal (computed ones are skipped).
    pub(crate) scopes: Vec<FoundLiteral>,
    /// `.scope_separator(..)`: `None` when not called (the default, a space), `Some(None)` when
    /// the separator is computed.
    pub(crate) scope_separator: Option<Option<FoundLiteral>>,
}

/// Reads the literal options of the body's builder chains.
pub(crate) fn server_options(body: &Group) -> ServerOptions {
    let mut found = ServerOptions {
        inputs_complete: true,
        ..ServerOptions::default()
    };
    walk(body.stream(), &mut |window| {
        if let Some(args) = method_args(window, "input") {
            match args.first().and_then(single_string) {
                Some((value, span)) => {
                    let pattern =
                        args.get(1)
                            .and_then(single_string)
                            .map(|(value, span)| FoundLiteral {
                                role: "input pattern",
                                value,
                                span,
                            });
                    let name = FoundLiteral {
                        role: "input",
                        value,
                        span,
                    };
                    found.inputs.push((name, pattern));
                }
                None => found.inputs_complete = false,
            }
        }
        for kind in ParamKind::ALL {
            if let Some(args) = method_args(window, kind.setter()) {
                found
                    .params
                    .extend(args.first().and_then(single_string).map(|(value, span)| {
                        let role = kind.setter();
                        (kind, FoundLiteral { role, value, span })
                    }));
            }
        }
        if let Some(args) = method_args(window, "scopes")
            && let [arg] = args.as_slice()
            && let [TokenTree::Group(array)] = without_reference(arg)
            && array.delimiter() == Delimiter::Bracket
        {
            found.scopes.extend(
                split_commas(array.stream())
                    .iter()
                    .filter_map(single_string)
                    .map(|(value, span)| FoundLiteral {
                        role: "scope",
                        value,
                        span,
                    }),
            );
        }
        if let Some(args) = method_args(window, "scope_separator") {
            found.scope_separator = Some(args.first().and_then(single_string).map(
                |(value, span)| FoundLiteral {
                    role: "scope_separator",
                    value,
                    span,
                },
            ));
        }
        for role in [
            "token_response_path",
            "token_response_fallback_path",
            "client_id_param",
            "callback_value",
            "token_value",
        ] {
            let list = match role {
                "client_id_param" => &mut found.client_id_params,
                "callback_value" | "token_value" => &mut found.account_values,
                _ => &mut found.response_paths,
            };
            if let Some(args) = method_args(window, role) {
                list.extend(
                    args.first()
                        .and_then(single_string)
                        .map(|(value, span)| FoundLiteral { role, value, span }),
                );
            }
        }
        if method_args(window, "public_client").is_some_and(|args| args.is_empty()) {
            found.public_client = true;
        }
        if let Some(args) = method_args(window, "client_auth")
            && let [arg] = args.as_slice()
            && let Some(TokenTree::Ident(variant)) = arg.last()
            && let Some(method) = ClientAuth::from_variant(&variant.to_string())
        {
            found.client_auth.push((method, variant.span()));
        }
        if let Some(args) = method_args(window, "pkce")
            && let [arg] = args.as_slice()
            && let [TokenTree::Ident(value)] = arg.as_slice()
            && value == "false"
        {
            found.pkce_off = Some(value.span());
        }
    });
    found
}

/// Calls `visit` with every suffix of every token sequence in `stream`, recursively into groups.
fn walk(stream: TokenStream, visit: &mut dyn FnMut(&[TokenTree])) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    for i in 0..tokens.len() {
        visit(&tokens[i..]);
        if let TokenTree::Group(group) = &tokens[i] {
            walk(group.stream(), visit);
        }
    }
}

/// `Type :: function ( args )` at the start of `window`: the arguments split at top-level commas.
fn call_args(window: &[TokenTree], ty: &str, function: &str) -> Option<Vec<Vec<TokenTree>>> {
    match window {
        [
            TokenTree::Ident(t),
            TokenTree::Punct(c1),
            TokenTree::Punct(c2),
            TokenTree::Ident(f),
            TokenTree::Group(args),
            ..,
        ] if t == ty
            && c1.as_char() == ':'
            && c2.as_char() == ':'
            && f == function
            && args.delimiter() == Delimiter::Parenthesis =>
        {
            Some(split_commas(args.stream()))
        }
        _ => None,
    }
}

/// `. method ( args )` at the start of `window`.
fn method_args(window: &[TokenTree], method: &str) -> Option<Vec<Vec<TokenTree>>> {
    match window {
        [
            TokenTree::Punct(dot),
            TokenTree::Ident(m),
            TokenTree::Group(args),
            ..,
        ] if dot.as_char() == '.' && m == method && args.delimiter() == Delimiter::Parenthesis => {
            Some(split_commas(args.stream()))
        }
        _ => None,
    }
}

fn split_commas(stream: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for token in stream {
        match &token {
            TokenTree::Punct(p) if p.as_char() == ',' => parts.push(Vec::new()),
            _ => parts.last_mut().expect("never empty").push(token),
        }
    }
    if parts.last().is_some_and(Vec::is_empty) {
        parts.pop();
    }
    parts
}

/// An argument without a leading `&`: `&["a", "b"]` reads like `["a", "b"]`.
fn without_reference(arg: &[TokenTree]) -> &[TokenTree] {
    match arg {
        [TokenTree::Punct(amp), rest @ ..] if amp.as_char() == '&' => rest,
        _ => arg,
    }
}

/// The value and span of an argument that is exactly one string literal.
fn single_string(arg: &Vec<TokenTree>) -> Option<(String, Span)> {
    match arg.as_slice() {
        [TokenTree::Literal(literal)] => string_value(literal).map(|value| (value, literal.span())),
        _ => None,
    }
}

fn string_value(literal: &Literal) -> Option<String> {
    syn::parse2::<LitStr>(TokenTree::Literal(literal.clone()).into())
        .ok()
        .map(|lit| lit.value())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(tokens: TokenStream) -> Group {
        Group::new(Delimiter::Brace, tokens)
    }

    #[test]
    fn finds_endpoints_anywhere() {
        let found = endpoint_literals(&body(quote::quote! {
            let x = 1;
            Ok(AuthorizationServer::new("https://a.example/auth", r"https://a.example/token").issuer("https://a.example"))
        }));
        let roles: Vec<_> = found.iter().map(|f| (f.role, f.value.as_str())).collect();
        assert_eq!(
            roles,
            [
                ("authorize_url", "https://a.example/auth"),
                ("token_url", "https://a.example/token"),
                ("issuer", "https://a.example")
            ]
        );
    }

    #[test]
    fn reads_literal_options() {
        let options = server_options(&body(quote::quote! {
            AuthorizationServer::new(A, T)
                .input("tenant", "[a-z]+")
                .authorize_param("prompt", "consent")
                .token_param(NAME, "x")
                .token_response_path("body")
                .public_client()
                .client_auth(ClientAuth::ClientSecretBasic)
                .pkce(false)
        }));
        assert_eq!(options.inputs[0].0.value, "tenant");
        assert_eq!(options.inputs[0].1.as_ref().unwrap().value, "[a-z]+");
        assert!(options.inputs_complete);
        assert_eq!(options.params.len(), 1);
        assert_eq!(options.response_paths[0].value, "body");
        assert!(options.public_client && options.pkce_off.is_some());
        assert_eq!(options.client_auth[0].0, ClientAuth::ClientSecretBasic);
        assert!(options.scopes.is_empty() && options.scope_separator.is_none());
        let computed = server_options(&body(quote::quote! { x.input(NAME, "p") }));
        assert!(!computed.inputs_complete);
    }

    #[test]
    fn reads_literal_scopes() {
        let options = server_options(&body(quote::quote! {
            AuthorizationServer::new(A, T).scopes(["read,write", SCOPE, "admin"]).scope_separator(",")
        }));
        let scopes: Vec<_> = options.scopes.iter().map(|s| s.value.as_str()).collect();
        assert_eq!(scopes, ["read,write", "admin"]);
        assert_eq!(options.scope_separator.unwrap().unwrap().value, ",");
        let computed = server_options(&body(
            quote::quote! { x.scopes(&["a"]).scope_separator(SEP) },
        ));
        assert_eq!(computed.scopes.len(), 1);
        assert!(matches!(computed.scope_separator, Some(None)));
    }

    #[test]
    fn skips_non_literal_endpoints() {
        let found = endpoint_literals(&body(
            quote::quote! { AuthorizationServer::new(AUTHORIZE, format!("{}/t", base)) },
        ));
        assert!(found.is_empty());
    }

    #[test]
    fn reads_placeholder_keys() {
        let scan = placeholder_keys(&body(quote::quote! {
            Placeholders::from([("more_info_url", "https://x"), ("console", CONSOLE)]).with("extra", x)
        }));
        let keys: Vec<_> = scan.keys.iter().map(|k| k.value.as_str()).collect();
        assert_eq!(keys, ["more_info_url", "console", "extra"]);
        assert!(scan.complete);
    }

    #[test]
    fn computed_keys_make_the_scan_incomplete() {
        assert!(
            !placeholder_keys(&body(quote::quote! { Placeholders::from([(KEY, "v")]) })).complete
        );
        assert!(!placeholder_keys(&body(quote::quote! { Placeholders::from(PAIRS) })).complete);
        assert!(!placeholder_keys(&body(quote::quote! { helper() })).complete);
        assert!(placeholder_keys(&body(quote::quote! { Placeholders::new() })).complete);
    }
}
