use appcreds::prelude::*;

#[description_placeholders(domain = "example")]
fn placeholders() -> Placeholders {
    Placeholders::new().with("console_url", "https://console.example.com").with("forum_url", "https://forum.example.com")
}

fn main() {}
