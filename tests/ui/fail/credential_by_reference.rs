use appcreds::prelude::*;

#[auth_implementation(domain = "example")]
async fn implementation(_ctx: &Context, _auth_domain: &String, _credential: &ClientCredential) -> Box<dyn OAuth2Implementation> {
    unreachable!()
}

fn main() {}
