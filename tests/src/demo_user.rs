//! A user at the demo provider's pages, driven over plain HTTP: sign in, then allow (or deny);
//! returns where the provider sends the browser back.

use reqwest::header::LOCATION;

/// The value of every `<input type="hidden" name=".." value="..">` of an HTML page, unescaped.
pub fn hidden_fields(html: &str) -> Vec<(String, String)> {
    let mut fields = Vec::new();
    for input in html.split("<input ").skip(1) {
        let tag = input.split('>').next().unwrap_or_default();
        if !tag.contains(r#"type="hidden""#) {
            continue;
        }
        let attribute = |name: &str| {
            let start = tag.find(&format!(r#"{name}=""#))? + name.len() + 2;
            let end = start + tag[start..].find('"')?;
            Some(unescape(&tag[start..end]))
        };
        if let (Some(name), Some(value)) = (attribute("name"), attribute("value")) {
            fields.push((name, value));
        }
    }
    fields
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Opens `authorize_url`, signs in as the demo user and answers the consent page with
/// `allow`; returns the `Location` the provider redirects to (the callback URL).
pub async fn authorize(authorize_url: &str, allow: bool) -> Result<String, String> {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| e.to_string())?;
    let login_page = client
        .get(authorize_url)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !login_page.status().is_success() {
        return Err(format!("authorize answered {}", login_page.status()));
    }
    let base = authorize_url
        .split("/demo/oauth/")
        .next()
        .unwrap_or_default()
        .to_owned();
    let mut form = hidden_fields(&login_page.text().await.map_err(|e| e.to_string())?);
    form.push(("username".into(), "demo".into()));
    form.push(("password".into(), "demo".into()));
    let consent_page = client
        .post(format!("{base}/demo/oauth/login"))
        .form(&form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    if !consent_page.status().is_success() {
        return Err(format!("login answered {}", consent_page.status()));
    }
    let mut form = hidden_fields(&consent_page.text().await.map_err(|e| e.to_string())?);
    form.push((
        "decision".into(),
        if allow { "allow" } else { "deny" }.into(),
    ));
    let answer = client
        .post(format!("{base}/demo/oauth/consent"))
        .form(&form)
        .send()
        .await
        .map_err(|e| e.to_string())?;
    answer
        .headers()
        .get(LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .ok_or_else(|| format!("consent answered {} without a redirect", answer.status()))
}
