//! **Application credentials and OAuth 2.0 account linking for Rust applications.**
//!
//! An integration declares, in plain annotated functions, how it talks OAuth 2.0 to a third-party
//! service; appcreds checks those declarations at compile time, registers them, and gives the host
//! application what it needs around them.
//!
//! ```
//! mod spotify {
//!     use appcreds::prelude::*;
//!
//!     /// Spotify's authorization server.
//!     #[authorization_server]                    // domain = the module's name, here "spotify"
//!     async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
//!         AuthorizationServer::new(
//!             "https://accounts.spotify.com/authorize",
//!             "https://accounts.spotify.com/api/token",
//!         )
//!         .scope_separator(",")
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! let registry = appcreds::Registry::discover();
//! let spotify = registry.get("spotify").unwrap();
//! let server = spotify.authorization_server(&appcreds::Context::default()).await.unwrap().unwrap();
//! assert_eq!(server.validate().unwrap().token_url().as_str(), "https://accounts.spotify.com/api/token");
//! # }
//! ```
//!
//! Writing a crate of integrations, from an empty crate to CI: [`guide`]
//! (`docs/writing-integrations.md`).
//!
//! A mistake is a compile error on the offending token:
//!
//! ```compile_fail
//! use appcreds::prelude::*;
//!
//! #[authorization_server(domain = "example")]
//! fn server() -> AuthorizationServer {
//!     // error: invalid `token_url`: `http://example.com/token` uses `http`; OAuth endpoints must use `https` ...
//!     AuthorizationServer::new("https://example.com/authorize", "http://example.com/token")
//! }
//! # fn main() {}
//! ```

// The author API: what an integration crate compiles.
mod authorization_server;
pub mod catalogue;
pub mod check;
mod clock;
mod context;
mod credential;
mod description;
pub mod discovery;
pub mod oauth;
mod placeholders;
mod registry;

// The runtime: what a host runs over its store.
#[cfg(feature = "runtime")]
pub mod accounts;
#[cfg(feature = "runtime")]
mod app;
#[cfg(feature = "runtime")]
pub mod credentials;
#[cfg(feature = "runtime")]
mod external_url;
#[cfg(feature = "http")]
pub mod http;
#[cfg(feature = "runtime")]
pub mod linking;
#[cfg(feature = "runtime")]
mod random;
#[cfg(feature = "runtime")]
pub mod store;

#[cfg(all(
    feature = "runtime",
    not(any(feature = "sqlite", feature = "postgres"))
))]
compile_error!(
    "the `runtime` feature of `appcreds` needs a database: enable `sqlite`, `postgres` or both"
);

// `docs/writing-integrations.md`, whose Rust blocks are this module's doc tests.
#[doc = include_str!("../../docs/writing-integrations.md")]
pub mod guide {}

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

pub use authorization_server::{
    AuthorizationServer, ClientAuth, Input, InputKind, RESERVED_AUTHORIZE_PARAMS,
    RESERVED_TOKEN_PARAMS, ServerError, ServerProblem, TokenBody, URL_INPUT_PATTERN, ValidServer,
};
pub use context::{AccountInputs, CALLBACK_PATH, Context, ContextError, DEFAULT_EXTERNAL_URL};
pub use credential::{ClientCredential, DeveloperCredential};
pub use description::IntegrationDescription;
pub use oauth::{OAuth2Implementation, Token, TokenError};
pub use placeholders::Placeholders;
pub use registry::{
    CallError, Integration, Problem, Registry, RegistryBuilder, RegistryError, ServerSource,
    SourceLocation,
};

#[cfg(feature = "runtime")]
pub use accounts::{AccountError, AccountItem, Accounts, MAX_TITLE_CHARS, RemovedAccount};
#[cfg(feature = "runtime")]
pub use app::{App, AppBuilder, AppError};
pub use clock::utc_text;
#[cfg(feature = "runtime")]
pub use credentials::{
    CONFIG_FILE_NAME, CredentialError, CredentialItem, CredentialUpdate, Credentials,
    ImportOutcome, NewCredential,
};
#[cfg(feature = "runtime")]
pub use external_url::ExternalUrlError;
#[cfg(feature = "runtime")]
pub use linking::{FlowStep, Flows, Session, StartOptions};
// The store's services; its records (`LinkedAccount`, `PendingFlow`, `NewAccount`, ...) stay in
// `appcreds::store`.
#[cfg(feature = "runtime")]
pub use store::{Store, StoreConfig, StoreError};
/// URLs, as every endpoint and redirect URI is handled.
pub use url::Url;

/// The integration's `strings.json`, as appcreds reads it.
pub use appcreds_rules::strings::Strings;

/// Why a URL is not an acceptable endpoint (or URL input value).
pub use appcreds_rules::endpoint::EndpointError;

/// Declares a domain's OAuth 2.0 authorization server.
///
/// # Grammar
///
/// ```text
/// #[authorization_server]                    domain = the last segment of the module path
/// #[authorization_server(domain = "name")]   domain given explicitly
/// #[authorization_server(strings = "path")]  strings.json path, relative to this file's directory
///
/// [async] fn NAME() -> AuthorizationServer
/// [async] fn NAME(ctx: &Context) -> AuthorizationServer
/// ... -> Result<AuthorizationServer, E>      where E converts into Box<dyn Error + Send + Sync>
/// ```
///
/// A domain is `[a-z][a-z0-9_]*`, at most 64 bytes. String literals given to
/// `AuthorizationServer::new(..)` and `.issuer(..)` are checked at compile time: absolute `https`
/// URLs (plain `http` only on a loopback host), without fragment or user information.
///
/// The integration's `strings.json` (`{"title": .., "application_credentials": {"description": ..}}`)
/// is looked for beside the file: `<stem>.strings.json` for `<stem>.rs`, `strings.json` for
/// `mod.rs`/`lib.rs`/`main.rs`. It is checked and embedded.
///
/// A domain has exactly one `#[authorization_server]` or `#[auth_implementation]`; what a single
/// macro call cannot see is checked by [`Registry::discover`].
pub use appcreds_macros::authorization_server;

/// Declares a custom [`OAuth2Implementation`] for a domain: the escape hatch for providers that
/// need code.
///
/// # Grammar
///
/// ```text
/// #[auth_implementation] / #[auth_implementation(domain = "name", strings = "path", url_input = "name")]
///
/// [async] fn NAME(ctx: &Context, auth_domain: &str, credential: ClientCredential)
///     -> Box<dyn OAuth2Implementation>           (or a Result of it)
/// ```
///
/// It is called whenever the engine needs the implementation of a stored credential for a flow
/// or a linked account; the context then carries that flow's or account's input values
/// ([`Context::input`]) and the engine's token client ([`Context::token_client`]).
///
/// `url_input = "name"` declares a per-account input whose value is a whole URL (MCP's
/// `server_url`; the name is an identifier): flows must be started with
/// `StartOptions::input("name", url)` (runtime)`("name", url)`, and the engine refuses,
/// before calling the function, a value that is not an absolute `https` URL (`http` only on a
/// loopback host) or that carries user information or a fragment. The value is never substituted
/// into a template; the integration fetches it (for discovery, say).
pub use appcreds_macros::auth_implementation;

/// Declares the values substituted into the domain's credential-dialog description.
///
/// # Grammar
///
/// ```text
/// #[description_placeholders] / #[description_placeholders(domain = "name", strings = "path")]
///
/// [async] fn NAME() -> Placeholders
/// [async] fn NAME(ctx: &Context) -> Placeholders   (or a Result of it)
/// ```
///
/// Keys given as literals (`Placeholders::from([("key", ..)])`, `.with("key", ..)`) must be
/// identifiers, and when every key is a literal they must match the `{names}` the `strings.json`
/// description uses. `{redirect_url}` is always supplied by the runtime.
pub use appcreds_macros::description_placeholders;

/// Validates, as a `#[test]` of the calling crate, exactly the integrations that crate registers,
/// with every rule of `appcreds check` (registry, server declarations, `strings.json` and its
/// file on disk, placeholders). The test fails when the crate registers no integration.
///
/// One line anywhere in the crate (at the end of `lib.rs`, say); `cargo test` then runs it:
///
/// ```ignore
/// appcreds::check_integrations!();
/// ```
#[macro_export]
macro_rules! check_integrations {
    () => {
        #[test]
        fn appcreds_check_integrations() {
            $crate::__private::check_crate_in_test(::core::module_path!());
        }
    };
}

/// Everything an integration module needs: `use appcreds::prelude::*;`.
pub mod prelude {
    pub use crate::oauth::{
        AuthorizeRequest, CodeExchange, ImplementationError, LocalImplementation, Pkce,
        TokenClient, TokenRequest, async_trait,
    };
    pub use crate::{
        AuthorizationServer, ClientAuth, ClientCredential, Context, DeveloperCredential,
        OAuth2Implementation, Placeholders, Token, TokenBody, TokenError, Url, auth_implementation,
        authorization_server, description_placeholders,
    };
}
