use appcreds::prelude::*;

#[description_placeholders(domain = "example")]
async fn placeholders() -> Result<String, std::io::Error> {
    Ok("https://example.com".to_owned())
}

fn main() {}
