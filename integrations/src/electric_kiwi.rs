//! Electric Kiwi. Its token endpoint wants the client credentials in an HTTP Basic header (Home Assistant's custom class); its scopes come from that class.

use appcreds::prelude::*;

/// The scopes Home Assistant's implementation requests.
pub const SCOPES: [&str; 20] = [
    "read_customer_services",
    "read_customer_details",
    "read_customer_account_summary",
    "read_hop_all_connections",
    "read_hop_intervals_config",
    "save_hop_specific_connection",
    "read_hop_specific_connection",
    "read_connection",
    "read_connection_detail",
    "read_billing_frequency",
    "read_account_running_balance",
    "read_consumption",
    "read_consumption_summary",
    "read_consumption_averages",
    "get_consumption_averages",
    "read_hop_intervals",
    "read_hop_connection",
    "save_hop_connection",
    "read_session",
    "read_session_data_login",
];

/// Electric Kiwi's OAuth 2.0 server.
#[authorization_server(category = "energy")]
async fn authorization_server(_ctx: &Context) -> AuthorizationServer {
    AuthorizationServer::new(
        "https://welcome.electrickiwi.co.nz/oauth/authorize",
        "https://welcome.electrickiwi.co.nz/oauth/token",
    )
    .client_auth(ClientAuth::ClientSecretBasic)
    .scopes(SCOPES)
}

/// The pages the credential dialog links to.
#[description_placeholders]
async fn description_placeholders() -> Placeholders {
    Placeholders::from([("contact_url", "https://www.electrickiwi.co.nz/")])
}
