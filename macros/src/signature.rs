//! A light parser for the annotated function: the signature is parsed, the body is kept as tokens
//! (tokio-macros' and tracing's approach: faster than syn's `full`, and it works while the body
//! does not parse).

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::TokenStreamExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::{Attribute, Generics, Ident, ReturnType, Token, Type, Visibility, WhereClause};

/// A function item: `#[attrs] vis qualifiers fn name<generics>(inputs) -> output where ... { body }`.
/// The expansion re-emits the original tokens, not this model, so every span stays the user's.
pub(crate) struct Function {
    /// `const`, `unsafe`, `extern "ABI"`: kept as written and reported by the kind's rules.
    pub(crate) qualifiers: Vec<TokenTree>,
    pub(crate) asyncness: Option<Token![async]>,
    pub(crate) ident: Ident,
    pub(crate) generics: Generics,
    pub(crate) paren_span: Span,
    pub(crate) inputs: Vec<Input>,
    pub(crate) output: ReturnType,
    pub(crate) body: Group,
}

/// One function argument.
pub(crate) enum Input {
    /// `self`, `&self`, `&mut self`, `mut self` or `self: Type`.
    Receiver(TokenStream),
    /// `pattern: Type`.
    Typed { pat: TokenStream, ty: Box<Type> },
}

impl Input {
    /// The argument's tokens, for error spans.
    pub(crate) fn tokens(&self) -> TokenStream {
        match self {
            Input::Receiver(tokens) => tokens.clone(),
            Input::Typed { pat, ty } => quote::quote!(#pat: #ty),
        }
    }
}

/// Whether `item` is a function item: after its attributes, visibility and qualifiers comes `fn`.
/// Decided by peeking at the tokens, so that a function whose signature does not parse is still
/// one (and gets the signature's own error). `Err` holds the span of the token found instead.
pub(crate) fn expect_function(item: TokenStream) -> Result<(), Span> {
    let peek = |input: ParseStream<'_>| -> syn::Result<Option<Span>> {
        input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        parse_qualifiers(input)?;
        let found = (!input.peek(Token![fn])).then(|| input.span());
        input.parse::<TokenStream>()?;
        Ok(found)
    };
    match peek.parse2(item) {
        Ok(None) => Ok(()),
        Ok(Some(span)) => Err(span),
        Err(error) => Err(error.span()),
    }
}

/// The qualifiers before `fn`: `const`, `unsafe`, `extern "ABI"` as written, and `async`.
fn parse_qualifiers(
    input: ParseStream<'_>,
) -> syn::Result<(Vec<TokenTree>, Option<Token![async]>)> {
    let mut qualifiers = Vec::new();
    let mut asyncness = None;
    loop {
        if input.peek(Token![async]) {
            asyncness = Some(input.parse()?);
        } else if input.peek(Token![const])
            || input.peek(Token![unsafe])
            || input.peek(Token![extern])
        {
            qualifiers.push(input.parse()?);
            if input.peek(syn::LitStr) {
                qualifiers.push(input.parse()?);
            }
        } else {
            return Ok((qualifiers, asyncness));
        }
    }
}

impl Parse for Function {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        input.call(Attribute::parse_outer)?;
        input.parse::<Visibility>()?;
        let (qualifiers, asyncness) = parse_qualifiers(input)?;
        input.parse::<Token![fn]>()?;
        let ident = input.parse()?;
        let mut generics: Generics = input.parse()?;
        let content;
        let paren = syn::parenthesized!(content in input);
        let mut inputs = Vec::new();
        while !content.is_empty() {
            inputs.push(content.call(parse_input)?);
            if content.is_empty() {
                break;
            }
            content.parse::<Token![,]>()?;
        }
        let output: ReturnType = input.parse()?;
        let where_clause: Option<WhereClause> = input.parse()?;
        generics.where_clause = where_clause;
        let body = match input.parse::<TokenTree>()? {
            TokenTree::Group(group) if group.delimiter() == proc_macro2::Delimiter::Brace => group,
            other => {
                return Err(syn::Error::new_spanned(
                    other,
                    "expected the function's body `{ ... }`",
                ));
            }
        };
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the function's body"));
        }
        Ok(Function {
            qualifiers,
            asyncness,
            ident,
            generics,
            paren_span: paren.span.join(),
            inputs,
            output,
            body,
        })
    }
}

fn parse_input(input: ParseStream<'_>) -> syn::Result<Input> {
    let fork = input.fork();
    if is_receiver(&fork) {
        let mut tokens = TokenStream::new();
        while !input.is_empty() && !input.peek(Token![,]) {
            tokens.append(input.parse::<TokenTree>()?);
        }
        return Ok(Input::Receiver(tokens));
    }
    let mut pat = TokenStream::new();
    while !input.peek(Token![:]) || input.peek(Token![::]) {
        if input.is_empty() || input.peek(Token![,]) {
            return Err(input.error("expected `name: Type`"));
        }
        pat.append(input.parse::<TokenTree>()?);
    }
    input.parse::<Token![:]>()?;
    let ty = input.parse()?;
    Ok(Input::Typed { pat, ty })
}

/// `self`, `mut self`, `&self`, `&'a self`, `&mut self`, `&'a mut self`, `self: T`.
fn is_receiver(input: ParseStream<'_>) -> bool {
    if input.parse::<Token![&]>().is_ok() {
        let _ = input.parse::<syn::Lifetime>();
    }
    let _ = input.parse::<Token![mut]>();
    input.peek(Token![self])
}
