use appcreds::prelude::*;

#[description_placeholders(domain = "example")]
fn placeholders(_url: &String) -> Placeholders {
    Placeholders::new()
}

fn main() {}
