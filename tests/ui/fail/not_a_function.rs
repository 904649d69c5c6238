use appcreds::prelude::*;

#[authorization_server(domain = "example")]
struct Server;

fn main() {}
