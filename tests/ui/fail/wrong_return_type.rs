use appcreds::prelude::*;

#[authorization_server(domain = "example")]
async fn server() -> String {
    "https://example.com/authorize".to_owned()
}

fn main() {}
