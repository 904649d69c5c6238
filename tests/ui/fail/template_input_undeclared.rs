use appcreds::prelude::*;

#[authorization_server(domain = "example")]
fn server() -> AuthorizationServer {
    AuthorizationServer::new(
        "https://nestservices.google.com/partnerconnections/{project_id}/auth",
        "https://www.googleapis.com/oauth2/v4/token",
    )
}

fn main() {}
