//! Bitbucket Cloud. The reference's facts need no option: credentials in the form body, PKCE on. Bitbucket sets scopes on the OAuth consumer, not in the authorize request, so none are declared.

use appcreds::prelude::*;

/// Bitbucket's OAuth 2.0 server.
#[authorization_server(category = "developer_tools")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://bitbucket.org/site/oauth2/authorize",
        "https://bitbucket.org/site/oauth2/access_token",
    )
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([
        (
            "developer_console_url",
            "https://bitbucket.org/account/workspaces/",
        ),
        (
            "docs_url",
            "https://support.atlassian.com/bitbucket-cloud/docs/use-oauth-on-bitbucket-cloud/",
        ),
    ])
}
