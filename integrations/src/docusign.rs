//! DocuSign eSignature, production account server (`account.docusign.com`). The token endpoint takes the client credentials in an HTTP Basic header; PKCE on. No scopes are declared (the reference has no default).

use appcreds::prelude::*;

/// DocuSign's OAuth 2.0 server.
#[authorization_server(category = "files")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://account.docusign.com/oauth/auth",
        "https://account.docusign.com/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://admindemo.docusign.com/apps-and-keys",
        ),
        (
            "docs_url",
            "https://developers.docusign.com/platform/auth/authcode",
        ),
    ])
}
