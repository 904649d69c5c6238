//! What the attribute macros submit through `inventory` ([`Registration`], not public API), and
//! [`Entry`], the one form the registry checks, whether it came from a macro or from
//! [`RegistryBuilder`](super::RegistryBuilder).

use std::borrow::Cow;
use std::sync::Arc;

use crate::__private::{BoxFuture, BoxedImplementation, Result as CallResult};
use crate::{AuthorizationServer, ClientCredential, Context, Placeholders};

use super::SourceLocation;

type ServerFn = for<'a> fn(&'a Context) -> BoxFuture<'a, CallResult<AuthorizationServer>>;
type ImplementationFn = for<'a> fn(
    &'a Context,
    &'a str,
    ClientCredential,
) -> BoxFuture<'a, CallResult<BoxedImplementation>>;
type PlaceholdersFn = for<'a> fn(&'a Context) -> BoxFuture<'a, CallResult<Placeholders>>;

/// Not public API. What one annotated function registers.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum Item {
    /// `#[authorization_server]`
    AuthorizationServer(ServerFn),
    /// `#[auth_implementation]`
    AuthImplementation(ImplementationFn),
    /// `#[description_placeholders]`
    DescriptionPlaceholders(PlaceholdersFn),
}

/// Not public API. One registration, submitted by the attribute macros through `inventory`.
#[doc(hidden)]
pub struct Registration {
    domain: &'static str,
    item: Item,
    location: SourceLocation,
    strings: Option<&'static str>,
    url_input: Option<&'static str>,
    category: Option<&'static str>,
    module: Option<&'static str>,
    files: Option<SourceFiles>,
}

/// Where, on the machine that compiled it, a registration's source file is, and where its
/// `strings.json` was looked for: what `check` compares with the files on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SourceFiles {
    /// The annotated file, absolute.
    pub(crate) source: &'static str,
    /// The `strings.json` path the macro looked at (found or not), absolute.
    pub(crate) strings: &'static str,
}

impl Registration {
    /// Not public API.
    pub const fn new(
        domain: &'static str,
        item: Item,
        file: &'static str,
        line: u32,
        strings: Option<&'static str>,
    ) -> Self {
        Registration {
            domain,
            item,
            location: SourceLocation { file, line },
            strings,
            url_input: None,
            category: None,
            module: None,
            files: None,
        }
    }

    /// Not public API. The catalogue category an integration declares with `category = ".."`.
    pub const fn with_category(mut self, category: &'static str) -> Self {
        self.category = Some(category);
        self
    }

    /// Not public API. The per-account URL input an `#[auth_implementation]` declares with
    /// `url_input = "name"`.
    pub const fn with_url_input(mut self, name: &'static str) -> Self {
        self.url_input = Some(name);
        self
    }

    /// Not public API. The `module_path!()` of the annotated function: its first segment names
    /// the crate, for problems that involve several crates.
    pub const fn in_module(mut self, module_path: &'static str) -> Self {
        self.module = Some(module_path);
        self
    }

    /// Not public API. The absolute paths of the annotated file and of the `strings.json` the
    /// macro looked for, so that `check` can tell a sidecar the build did not see.
    pub const fn with_files(mut self, source: &'static str, strings: &'static str) -> Self {
        self.files = Some(SourceFiles { source, strings });
        self
    }
}

inventory::collect!(Registration);

/// A server function, as the registry calls it.
pub(crate) type ServerCall = Arc<
    dyn for<'a> Fn(&'a Context) -> BoxFuture<'a, CallResult<AuthorizationServer>> + Send + Sync,
>;
/// An implementation function, as the registry calls it.
pub(crate) type ImplementationCall = Arc<
    dyn for<'a> Fn(
            &'a Context,
            &'a str,
            ClientCredential,
        ) -> BoxFuture<'a, CallResult<BoxedImplementation>>
        + Send
        + Sync,
>;
/// A placeholders function, as the registry calls it.
pub(crate) type PlaceholdersCall =
    Arc<dyn for<'a> Fn(&'a Context) -> BoxFuture<'a, CallResult<Placeholders>> + Send + Sync>;

/// The function of one registration: a macro's `fn` pointer or a builder's closure.
#[derive(Clone)]
pub(crate) enum Call {
    Server(ServerCall),
    Implementation(ImplementationCall),
    Placeholders(PlaceholdersCall),
}

impl Call {
    /// The attribute that registers such a function, for messages.
    pub(crate) fn attribute(&self) -> &'static str {
        match self {
            Call::Server(_) => "#[authorization_server]",
            Call::Implementation(_) => "#[auth_implementation]",
            Call::Placeholders(_) => "#[description_placeholders]",
        }
    }
}

/// One registration, checked by the registry the same way wherever it came from.
#[derive(Clone)]
pub(crate) struct Entry {
    pub(crate) domain: &'static str,
    pub(crate) call: Call,
    pub(crate) location: SourceLocation,
    /// The crate that registered it, when known.
    pub(crate) crate_name: Option<&'static str>,
    pub(crate) strings: Option<Cow<'static, str>>,
    pub(crate) url_input: Option<&'static str>,
    pub(crate) category: Option<&'static str>,
    /// The files on the compiling machine, for a macro's registration.
    pub(crate) files: Option<SourceFiles>,
}

impl From<&Registration> for Entry {
    fn from(registration: &Registration) -> Entry {
        let call = match registration.item {
            Item::AuthorizationServer(call) => Call::Server(Arc::new(call)),
            Item::AuthImplementation(call) => Call::Implementation(Arc::new(call)),
            Item::DescriptionPlaceholders(call) => Call::Placeholders(Arc::new(call)),
        };
        Entry {
            domain: registration.domain,
            call,
            location: registration.location,
            crate_name: registration
                .module
                .map(|path| path.split("::").next().unwrap_or(path)),
            strings: registration.strings.map(Cow::Borrowed),
            url_input: registration.url_input,
            category: registration.category,
            files: registration.files,
        }
    }
}
