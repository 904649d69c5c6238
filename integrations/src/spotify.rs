//! Spotify. Its scopes are joined with commas, as Home Assistant's config flow does.

use appcreds::prelude::*;

/// The scopes Home Assistant's Spotify integration requests.
pub const SCOPES: [&str; 10] = [
    "user-modify-playback-state",
    "user-read-playback-state",
    "user-read-private",
    "playlist-read-private",
    "playlist-read-collaborative",
    "user-library-read",
    "user-top-read",
    "user-read-playback-position",
    "user-read-recently-played",
    "user-follow-read",
];

/// Spotify's accounts service.
#[authorization_server(category = "entertainment")]
async fn authorization_server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://accounts.spotify.com/authorize",
        "https://accounts.spotify.com/api/token",
    )
    .scopes(SCOPES)
    .scope_separator(",")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([(
        "developer_console_url",
        "https://developer.spotify.com/dashboard",
    )])
}
