//! Overkiz, Rexel hub only (Azure AD B2C). A public client with PKCE (Home Assistant builds it with the client id only); the B2C policy `p` is an authorize parameter and part of the token URL's query.

use appcreds::prelude::*;

/// Overkiz's OAuth 2.0 server.
#[authorization_server(category = "smart_home")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new("https://consumerlogin.rexelservices.fr/670998c0-f737-4d75-a32f-ba9292755b70/oauth2/v2.0/authorize", "https://consumerlogin.rexelservices.fr/670998c0-f737-4d75-a32f-ba9292755b70/oauth2/v2.0/token?p=b2c_1a_signinonlyhomeassistant")
        .public_client()
        .scopes(["https://adb2cservicesfrenduserprod.onmicrosoft.com/94f05108-65f7-477a-a84d-e67e1aed6f79/ExternalProvider"])
        .authorize_param("p", "b2c_1a_signinonlyhomeassistant")
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("contact_url", "https://www.rexel.fr/")])
}
