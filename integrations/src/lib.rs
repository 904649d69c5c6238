//! **Real integrations for appcreds**: the Home Assistant integrations that support application
//! credentials, and popular OAuth 2.0 providers beyond Home Assistant's list. One module per
//! domain, each declaring its authorization server (and its description placeholders) with the
//! attribute macros, its `strings.json` beside it. Quirks for which Home Assistant writes a custom
//! implementation class are options of [`AuthorizationServer`](appcreds::AuthorizationServer)
//! here; the only integration with code is [`mcp`], whose server is discovered at run time.
//!
//! Nothing here is registered by hand: linking this crate is enough. A binary that uses no item of
//! this crate must still name it, or the linker may drop it with every registration in it:
//!
//! ```
//! use appcreds_integrations as _;
//!
//! let registry = appcreds::Registry::discover().strict().unwrap();
//! assert!(registry.get("spotify").is_some());
//! ```
//!
//! # Porting notes: Home Assistant
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
//!   [`StartOptions::input`](appcreds::linking::StartOptions::input); reauth and refresh reuse the
//!   account's stored one. Dynamic client registration is not ported: the user's application
//!   credential is the client.
//! - **Endpoints** are the reference's. Where it leaves them unresolved (`google`, `google_mail`,
//!   `google_sheets` name `oauth2client` constants) Google's documented current endpoints are used,
//!   the same as the other Google integrations declare literally.
//! - **Scopes** the reference does not record (it did not read every config flow) are filled from the
//!   provider's documentation where known, and the module says so; `google_health` and `volvo`
//!   declare only what is certain.
//! - **Descriptions** are appcreds' own, not the reference's: every integration's `strings.json`
//!   tells the user, in numbered steps, where to create the OAuth client (the provider's developer
//!   console, or whom to ask where there is none), which app type, the redirect URI `{redirect_url}`
//!   (always the runtime's exact redirect URI) and the scopes the module requests; public clients say
//!   that no secret is needed. Links go through placeholders (`developer_console_url`, `docs_url`,
//!   and a few specific pages), all pointing at the provider. A description that names Home
//!   Assistant does not compile, and `appcreds check` reports an integration without one.
//! - **PKCE** is on for every integration (appcreds' default; servers that do not know it ignore the
//!   parameters). Public clients (`overkiz`, `tesla_fleet`, `teslemetry`, `vicare`) must keep it.
//! - **Client authentication**: Home Assistant's Fitbit and Lyric classes send the secret both in
//!   the body and in a Basic header; RFC 6749 §2.3 allows one method, so they declare Basic.

//!
//! # Porting notes: beyond Home Assistant
//!
//! The reference is `tests/data/more_providers.json` (68 providers, from Nango's provider list and,
//! for four, Grant's). **55** are ported: every provider whose facts the declared options express
//! exactly, with the reference's domain and endpoints. Each `strings.json` is written for appcreds
//! from the provider's own documentation: where the developer console is, which app type, the
//! redirect URI and the scopes; the links are placeholders (`developer_console_url`, `docs_url`).
//! Every integration declares a `category = ".."` (one of
//! the fixed list of `appcreds-rules`' `category` module, checked at compile time); the
//! catalogue below is grouped by it.
//!
//! - **Options used**: `.client_auth(ClientSecretBasic)` where the source sends the credentials in
//!   a Basic header (Airtable, Canva, DocuSign, Figma, Notion, PayPal, Pinterest, Pipedrive,
//!   Reddit, Vimeo, X); `.pkce(false)` where the source disables PKCE (Figma, Linear, Microsoft,
//!   Microsoft single tenant, Pipedrive, Slack, Square, LinkedIn, Typeform);
//!   `.scope_separator(",")` (Figma, Linear, Slack, Strava, TikTok, Todoist, Zoom);
//!   `.authorize_param(..)` for the source's extra authorize parameters (Atlassian's and Jira's
//!   `audience` and `prompt`, Microsoft's, Okta's and Auth0's `response_mode`, Notion's
//!   `owner=user`, Reddit's `duration=permanent`, Square's `session=false`, Strava's
//!   `approval_prompt=force`, ...); `.token_param(..)` (Zendesk's `expires_in=1800`, Shopify's
//!   `expiring=1`); `.input("tenant", ..)` for an input in the URL path (`microsoft_tenant`).
//!   `response_type=code` and `grant_type=...` in the reference's parameter lists are what every
//!   flow sends anyway.
//! - **Options added for them** (issue 14): a **host-label input**
//!   (`https://{subdomain}.zendesk.com`: one whole DNS label in front of a fixed domain, the value
//!   one DNS label) for Auth0, Egnyte, Okta, Salesforce Experience Cloud, Shopify and Zendesk;
//!   `.refresh_url(..)` for Figma and COROS; `.token_body(TokenBody::Json)` for Notion;
//!   `.send_response_type(false)` for monday.com; `.client_id_param("client_key")` for TikTok;
//!   `.token_response_fallback_path("authed_user")` for Slack (user tokens nested, bot tokens at the
//!   top level); `.callback_value("realmId")` for QuickBooks and `.token_value(..)` for Pipedrive's
//!   `api_domain` and Salesforce Experience Cloud's `instance_url` (required at the code exchange,
//!   kept with the token through refreshes).
//! - **PKCE** stays on (appcreds' default) wherever the source sends it, where the provider
//!   requires it (Canva), and for Patreon, whose Grant entry leaves it to the application.
//! - **Scopes**: each server requests exactly the reference's default scopes (`offline_access` for
//!   Atlassian, Jira, Microsoft and Salesforce Experience Cloud, `offline` for Typeform, ...) and
//!   none where it has none. What an application needs beyond them depends on what it does with
//!   the API; a link cannot choose scopes yet, so an application that needs others declares a
//!   server of its own (another domain). Providers that set scopes on the app (Bitbucket, Box,
//!   Miro, Pipedrive, Zoom) or have none (ClickUp, Garmin, Mailchimp, Notion, COROS) grant them
//!   without any being requested.
//! - **After linking**, not OAuth declarations, so noted in the modules: Atlassian's and Jira's
//!   cloud id, HubSpot's portal id, Mailchimp's data centre, Xero's tenant id. Other values the
//!   token response carries (Calendly's `owner`, Notion's `workspace_id`, Slack's `team`) are kept
//!   with the token ([`Token::extra`](appcreds::Token::extra)), through refreshes too.
//! - **`box`** is a reserved word: the module is `r#box` and names its domain explicitly.
//!
//! **Left out**, each until `AuthorizationServer` can declare what it needs. Three need more than
//! the reference says: `ebay` and `deezer` have quirks it does not record (checked in their
//! documentation), and `soundcloud`'s endpoints are out of date.
//!
//! | domain | needs |
//! |---|---|
//! | `battlenet` | a template input in the top-level domain (`oauth.battle.{extension}`): a host-label input must sit in front of a fixed domain |
//! | `bigcommerce` | template inputs in authorize and token parameters (`context=stores/{storeHash}`) and an automatically filled input (`accountUuid`) |
//! | `deezer` | renamed parameters (`app_id` for client_id, `secret` for client_secret, `perms` for scope) and a form-encoded token response (quirks the reference does not record) |
//! | `ebay` | a redirect_uri that is not a URL: eBay wants the app's RuName there (a quirk the reference does not record) |
//! | `instagram` | a refresh that is not an OAuth refresh: `GET graph.instagram.com/refresh_access_token?grant_type=ig_refresh_token&access_token=..` exchanges the long-lived access token itself, which `refresh_url` (a standard `refresh_token` grant) cannot express; and the Basic Display API it belongs to was retired in December 2024 |
//! | `intercom` | an optional host-label input (`app.{region}.intercom.com`, `eu`/`au`) with fallback URLs for the US hosts when it is left empty: inputs are required |
//! | `jira_data_center` | a template input that is the whole host name of a self-hosted server (`https://{endpointURL}/...`): host-label inputs keep the registrable domain fixed, so a whole host needs a URL input, which only an `#[auth_implementation]` declares today |
//! | `mastodon` | a template input that is the whole host name of the instance (`https://{subdomain}/...`): a host-label input must sit in front of a fixed domain |
//! | `salesforce` | an optional input that is the whole host name (`{hostname}`, a My Domain) with fallback URLs (`login.salesforce.com`): inputs are required and may only be one host label |
//! | `servicenow` | an optional input that is the whole host name (`{hostname}`) with fallback URLs (`{subdomain}.service-now.com`, filled automatically): inputs are required and may only be one host label |
//! | `snowflake` | a template input that is the whole host name (`{snowflake_account_url}`): a host-label input must sit in front of a fixed domain |
//! | `soundcloud` | current endpoints, not an option: the reference's are SoundCloud's OAuth 2.0 ones, deprecated since October 2024 when SoundCloud moved to OAuth 2.1 (PKCE required) on `secure.soundcloud.com` |
//! | `zoho` | an optional input in the top-level domain (`accounts.zoho.{extension}`: a host label must sit in front of a fixed domain) and a token URL taken from the callback's `accounts-server` |
//!
#![doc = include_str!("../INTEGRATIONS.md")]

pub mod airtable;
pub mod aladdin_connect;
pub mod asana;
pub mod atlassian;
pub mod august;
pub mod auth0;
pub mod bitbucket;
pub mod r#box;
pub mod calendly;
pub mod canva;
pub mod clickup;
pub mod coros;
pub mod digitalocean;
pub mod discord;
pub mod docusign;
pub mod dropbox;
pub mod egnyte;
pub mod ekeybionyx;
pub mod electric_kiwi;
pub mod etsy;
pub mod facebook;
pub mod figma;
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
pub mod monday;
pub mod monzo;
pub mod myuplink;
pub mod neato;
pub mod nest;
pub mod netatmo;
pub mod notion;
pub mod okta;
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
pub mod quickbooks;
pub mod reddit;
pub mod salesforce_experience_cloud;
pub mod senz;
pub mod shopify;
pub mod slack;
pub mod smartthings;
pub mod spotify;
pub mod square;
pub mod strava;
pub mod stripe;
pub mod tesla_fleet;
pub mod teslemetry;
pub mod tibber;
pub mod tiktok;
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
pub mod zendesk;
pub mod zoom;
