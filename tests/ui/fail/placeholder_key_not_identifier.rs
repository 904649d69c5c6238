use appcreds::prelude::*;

#[description_placeholders(domain = "example")]
fn placeholders() -> Placeholders {
    Placeholders::from([("more-info-url", "https://example.com/docs"), ("console", "https://example.com")])
        .with("console", "https://example.com/console")
}

fn main() {}
