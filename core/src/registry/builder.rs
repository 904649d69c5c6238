//! [`RegistryBuilder`]: integrations added in code, checked exactly like the discovered ones.

use std::borrow::Cow;
use std::future::Future;
use std::panic::Location;
use std::sync::Arc;

use super::registration::{Call, Entry, Registration};
use super::{Registry, SourceLocation, check};
use crate::__private::{BoxError, BoxFuture, BoxedImplementation, Result as CallResult};
use crate::{AuthorizationServer, ClientCredential, Context, Placeholders};

/// Builds a [`Registry`] from integrations added in code: for a host whose integrations are
/// data (read from its configuration, say) rather than annotated functions, and for tests. Each
/// function is registered at the place of the builder call (`file:line`), and the registrations
/// go through exactly the checks of [`Registry::discover`]: the same domain twice, a server and
/// an implementation together, placeholders without a server, an invalid domain or
/// `strings.json`, a description whose placeholders nothing provides.
///
/// The functions take the [`Context`] by value (a cheap clone) so that their futures can own
/// what they use. A domain is `&'static str`, like a macro's; a name made at run time lives as
/// long as the program's integrations do, so [`String::leak`] it once.
///
/// ```
/// use std::convert::Infallible;
/// use appcreds::{AuthorizationServer, Placeholders, Registry};
///
/// let registry = Registry::builder()
///     .authorization_server("intranet", |_ctx| async {
///         Ok::<_, Infallible>(AuthorizationServer::new(
///             "https://sso.intranet.example/authorize",
///             "https://sso.intranet.example/token",
///         ))
///     })
///     .strings("intranet", r#"{"title": "Intranet", "application_credentials": {"description": "Ask {team}."}}"#)
///     .description_placeholders("intranet", |_ctx| async {
///         Ok::<_, Infallible>(Placeholders::from([("team", "the IT desk")]))
///     })
///     .build();
/// assert!(registry.problems().is_empty());
/// assert_eq!(registry.get("intranet").unwrap().title(), "Intranet");
///
/// // The same rules as for annotated functions: each problem names the builder call.
/// let broken = Registry::builder()
///     .description_placeholders("orphan", |_ctx| async { Ok::<_, Infallible>(Placeholders::new()) })
///     .build();
/// assert_eq!(broken.problems()[0].code(), "placeholders_without_server");
/// assert!(broken.strict().is_err());
/// ```
#[derive(Clone, Default)]
pub struct RegistryBuilder {
    entries: Vec<Entry>,
    strings: Vec<(&'static str, Cow<'static, str>)>,
    url_inputs: Vec<(&'static str, &'static str)>,
}

impl std::fmt::Debug for RegistryBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let domains: Vec<_> = self
            .entries
            .iter()
            .map(|e| (e.domain, e.location))
            .collect();
        f.debug_struct("RegistryBuilder")
            .field("registrations", &domains)
            .finish_non_exhaustive()
    }
}

impl RegistryBuilder {
    /// Adds every registration of the attribute macros linked into this program, as
    /// [`Registry::discover`] does: integrations added in code then sit beside the linked ones.
    pub fn discovered(mut self) -> Self {
        self.entries.extend(linked());
        self
    }

    /// Adds the registrations of the attribute macros in one crate, named as in `module_path!()`
    /// (`my_integrations`, `-` written `_`): what a crate's own check validates, or a test that
    /// shares its program with other crates' integrations.
    pub fn discovered_in(mut self, crate_name: &str) -> Self {
        self.entries
            .extend(linked().filter(|entry| entry.crate_name == Some(crate_name)));
        self
    }

    /// The authorization server of `domain`, like an `#[authorization_server]` function.
    #[track_caller]
    pub fn authorization_server<F, Fut, E>(self, domain: &'static str, server: F) -> Self
    where
        F: Fn(Context) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<AuthorizationServer, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let call = Call::Server(Arc::new(with_context(move |ctx: &Context| {
            let future = server(ctx.clone());
            Box::pin(async move { future.await.map_err(Into::into) })
        })));
        self.push(domain, call, Location::caller())
    }

    /// The custom implementation of `domain`, like an `#[auth_implementation]` function: called
    /// with the context, the auth domain and the user's credential.
    #[track_caller]
    pub fn auth_implementation<F, Fut, E>(self, domain: &'static str, implementation: F) -> Self
    where
        F: Fn(Context, String, ClientCredential) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<BoxedImplementation, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let call = Call::Implementation(Arc::new(with_arguments(
            move |ctx: &Context, auth_domain: &str, credential: ClientCredential| {
                let future = implementation(ctx.clone(), auth_domain.to_owned(), credential);
                Box::pin(async move { future.await.map_err(Into::into) })
            },
        )));
        self.push(domain, call, Location::caller())
    }

    /// The description placeholders of `domain`, like a `#[description_placeholders]` function.
    #[track_caller]
    pub fn description_placeholders<F, Fut, E>(self, domain: &'static str, placeholders: F) -> Self
    where
        F: Fn(Context) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Placeholders, E>> + Send + 'static,
        E: Into<BoxError>,
    {
        let call = Call::Placeholders(Arc::new(with_context(move |ctx: &Context| {
            let future = placeholders(ctx.clone());
            Box::pin(async move { future.await.map_err(Into::into) })
        })));
        self.push(domain, call, Location::caller())
    }

    /// The `strings.json` text of `domain` (title and credential-dialog description), checked by
    /// the same rules as a sidecar file.
    pub fn strings(mut self, domain: &'static str, json: impl Into<Cow<'static, str>>) -> Self {
        self.strings.push((domain, json.into()));
        self
    }

    /// Declares the per-account URL input of `domain`'s implementation, like
    /// `#[auth_implementation(url_input = "name")]`.
    pub fn url_input(mut self, domain: &'static str, name: &'static str) -> Self {
        self.url_inputs.push((domain, name));
        self
    }

    /// The registry: every integration without problems, and the problems of the others
    /// ([`Registry::problems`]); [`Registry::strict`] turns any problem into an error.
    pub fn build(self) -> Registry {
        let RegistryBuilder {
            mut entries,
            strings,
            url_inputs,
        } = self;
        // Like a macro's, the strings and the URL input ride on the server or implementation.
        for entry in entries
            .iter_mut()
            .filter(|e| matches!(e.call, Call::Server(_) | Call::Implementation(_)))
        {
            if let Some((_, json)) = strings.iter().rev().find(|(d, _)| *d == entry.domain) {
                entry.strings = Some(json.clone());
            }
            if let Some((_, name)) = url_inputs.iter().rev().find(|(d, _)| *d == entry.domain) {
                entry.url_input = Some(name);
            }
        }
        let (integrations, problems) = check::integrations(entries);
        Registry {
            integrations,
            problems,
        }
    }

    fn push(
        mut self,
        domain: &'static str,
        call: Call,
        caller: &'static Location<'static>,
    ) -> Self {
        self.entries.push(Entry {
            domain,
            call,
            location: SourceLocation {
                file: caller.file(),
                line: caller.line(),
            },
            crate_name: None,
            strings: None,
            url_input: None,
            category: None,
            files: None,
        });
        self
    }
}

/// Every registration of the attribute macros linked into this program.
fn linked() -> impl Iterator<Item = Entry> {
    inventory::iter::<Registration>.into_iter().map(Entry::from)
}

/// Gives a closure the registry's higher-ranked signature (a closure's signature is taken from the
/// bound it is passed to, and its boxed future then coerces to the trait object).
fn with_context<T, F>(f: F) -> F
where
    F: for<'a> Fn(&'a Context) -> BoxFuture<'a, CallResult<T>>,
{
    f
}

/// [`with_context`] for an implementation's three arguments.
fn with_arguments<F>(f: F) -> F
where
    F: for<'a> Fn(
        &'a Context,
        &'a str,
        ClientCredential,
    ) -> BoxFuture<'a, CallResult<BoxedImplementation>>,
{
    f
}
