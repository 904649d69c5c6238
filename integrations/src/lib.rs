//! **Real integrations for appcreds**, ported from the Home Assistant integrations that support
//! application credentials: one module per domain, each declaring its authorization server (and its
//! description placeholders) with the attribute macros, its `strings.json` beside it. Quirks for
//! which Home Assistant writes a custom implementation class are options of
//! [`AuthorizationServer`](appcreds::AuthorizationServer) here; the only integration with code is
//! [`mcp`], whose server is discovered at run time.
//!
//! Nothing here is registered by hand: linking this crate is enough. A binary that uses no item of
//! this crate must still name it, or the linker may drop it with every registration in it:
//!
//! ```
//! use appcreds_integrations as _;
//!
//! let registry = appcreds::Registry::discover().unwrap();
//! assert!(registry.get("spotify").is_some());
//! ```
//!
//! # Porting notes
//!
//! - **50 of the 52** Home Assistant domains are ported: every one with a browser authorization
//!   flow. Left out:
//!   - `gentex_place`: no browser authorization flow at all: an AWS Cognito SRP login (username and
//!     password in Home Assistant's own form), an empty authorize URL, and a built-in client id in place
//!     of the user's credential. It is not an OAuth authorization-code integration.
//!   - `gentex_homelink`: its authorize and token URLs are unresolved in the reference data (the
//!     constants were not found; the configuration read points at a Cognito *sandbox* pool), and it
//!     ignores the user's credential for a built-in client id. Porting it would mean inventing URLs.
//! - **`mcp`** has no fixed server: an `#[auth_implementation(url_input = "server_url")]` reads the
//!   account's MCP server URL from the [`Context`](appcreds::Context) and discovers the
//!   authorization server from it (RFC 9728 protected-resource metadata, else the URL's origin;
//!   then RFC 8414 metadata, issuer checked, PKCE S256 required) with
//!   [`appcreds::discovery::resource`]. Flows take the URL with
//!   [`StartOptions::input`](appcreds::oauth::StartOptions::input); reauth and refresh reuse the
//!   account's stored one. Dynamic client registration is not ported: the user's application
//!   credential is the client.
//! - **Endpoints** are the reference's. Where it leaves them unresolved (`google`, `google_mail`,
//!   `google_sheets` name `oauth2client` constants) Google's documented current endpoints are used,
//!   the same as the other Google integrations declare literally.
//! - **Scopes** the reference does not record (it did not read every config flow) are filled from the
//!   provider's documentation where known, and the module says so; `google_health` and `volvo`
//!   declare only what is certain.
//! - **Placeholders**: `{redirect_url}` is always the runtime's exact redirect URI, never Home
//!   Assistant's my.home-assistant.io address; placeholders that Home Assistant hard-codes to that
//!   address (`myuplink`'s `callback_url`, `husqvarna_automower`'s `redirect_uri`) are computed
//!   from the [`Context`](appcreds::Context). Where a `strings.json` description uses a placeholder
//!   the reference's Python does not provide (`lyric`, `withings`), it is provided; where the Python
//!   provides placeholders but no description exists (`electric_kiwi`, `husqvarna_automower`), a
//!   short description using them is added.
//! - **PKCE** is on for every integration (appcreds' default; servers that do not know it ignore the
//!   parameters). Public clients (`overkiz`, `tesla_fleet`, `teslemetry`, `vicare`) must keep it.
//! - **Client authentication**: Home Assistant's Fitbit and Lyric classes send the secret both in
//!   the body and in a Basic header; RFC 6749 §2.3 allows one method, so they declare Basic.
//!
#![doc = include_str!("../INTEGRATIONS.md")]

pub mod airtable;
pub mod aladdin_connect;
pub mod asana;
pub mod atlassian;
pub mod august;
pub mod bitbucket;
pub mod r#box;
pub mod calendly;
pub mod canva;
pub mod clickup;
pub mod digitalocean;
pub mod discord;
pub mod docusign;
pub mod dropbox;
pub mod ekeybionyx;
pub mod electric_kiwi;
pub mod etsy;
pub mod facebook;
pub mod fitbit;
pub mod garmin;
pub mod geocaching;
pub mod github;
pub mod gitlab;
pub mod google;
pub mod google_assistant_sdk;
pub mod google_drive;
pub mod google_health;
pub mod google_mail;
pub mod google_photos;
pub mod google_sheets;
pub mod google_tasks;
pub mod home_connect;
pub mod hubspot;
pub mod husqvarna_automower;
pub mod iotty;
pub mod jira;
pub mod lametric;
pub mod linear;
pub mod linkedin;
pub mod lyric;
pub mod mailchimp;
pub mod mcp;
pub mod microbees;
pub mod microsoft;
pub mod microsoft_tenant;
pub mod miele;
pub mod miro;
pub mod monzo;
pub mod myuplink;
pub mod neato;
pub mod nest;
pub mod netatmo;
pub mod ondilo_ico;
pub mod onedrive;
pub mod onedrive_for_business;
pub mod oura;
pub mod overkiz;
pub mod patreon;
pub mod paypal;
pub mod pinterest;
pub mod pipedrive;
pub mod point;
pub mod reddit;
pub mod senz;
pub mod smartthings;
pub mod spotify;
pub mod square;
pub mod strava;
pub mod stripe;
pub mod tesla_fleet;
pub mod teslemetry;
pub mod tibber;
pub mod todoist;
pub mod twitch;
pub mod typeform;
pub mod vicare;
pub mod vimeo;
pub mod volvo;
pub mod watts;
pub mod webex;
pub mod weheat;
pub mod whoop;
pub mod withings;
pub mod wordpress;
pub mod x;
pub mod xbox;
pub mod xero;
pub mod yale;
pub mod yolink;
pub mod yoto;
pub mod youtube;
pub mod zoom;
