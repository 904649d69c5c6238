use appcreds::prelude::*;

#[auth_implementation(domain = "example")]
async fn implementation(_ctx: &Context) -> Box<dyn OAuth2Implementation> {
    unreachable!()
}

fn main() {}
