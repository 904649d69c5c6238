use appcreds::prelude::*;

#[description_placeholders(domain = "example")]
fn placeholders() -> Placeholders {
    Placeholders::from([("console_url", "https://console.example.com")])
}

fn main() {}
