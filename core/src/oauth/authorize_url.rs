//! Building an authorize URL: the endpoint's own query kept, parameters appended in order.
//!
//! Values are encoded as the reference (Home Assistant, through `yarl`) encodes them: unreserved
//! characters and `/ : @ ? ,` stay as they are, a space becomes `+`, everything else is `%XX`. So
//! `redirect_uri=https://example.com/auth/external/callback` and `scope=read+write` read as in the
//! reference, and a comma-separated scope stays `a,b`.

use url::Url;

/// `endpoint` with `params` appended to its query, in order, after whatever query it already has.
///
/// ```
/// use appcreds::oauth::authorize_url_with;
///
/// let endpoint = "https://example.com/authorize?p=signin".parse().unwrap();
/// let url = authorize_url_with(&endpoint, &[("response_type", "code"), ("scope", "read write")]);
/// assert_eq!(url.as_str(), "https://example.com/authorize?p=signin&response_type=code&scope=read+write");
/// ```
pub fn authorize_url_with(endpoint: &Url, params: &[(&str, &str)]) -> Url {
    let mut query = endpoint.query().unwrap_or_default().to_owned();
    for (name, value) in params {
        if !query.is_empty() {
            query.push('&');
        }
        encode_into(&mut query, name);
        query.push('=');
        encode_into(&mut query, value);
    }
    let mut url = endpoint.clone();
    url.set_query((!query.is_empty()).then_some(query.as_str()));
    url
}

fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b':'
            | b'@'
            | b'?'
            | b',' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_encoding() {
        let endpoint = Url::parse("https://example.com/AUTH").unwrap();
        let url = authorize_url_with(
            &endpoint,
            &[
                ("redirect_uri", "https://example.com/auth/external/callback"),
                ("scope", "read write"),
                ("odd", "a+b&c=d#e%f"),
                ("scopes", "a,b"),
                ("name", "Zoë"),
            ],
        );
        assert_eq!(
            url.as_str(),
            "https://example.com/AUTH?redirect_uri=https://example.com/auth/external/callback&scope=read+write&odd=a%2Bb%26c%3Dd%23e%25f&scopes=a,b&name=Zo%C3%AB"
        );
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(pairs[2], ("odd".into(), "a+b&c=d#e%f".into()));
        assert_eq!(pairs[4], ("name".into(), "Zoë".into()));
    }

    #[test]
    fn keeps_the_existing_query_and_fragment_free() {
        let endpoint = Url::parse("https://example.com/authorize?p=signin&x=1").unwrap();
        let url = authorize_url_with(&endpoint, &[("state", "s")]);
        assert_eq!(url.query(), Some("p=signin&x=1&state=s"));
        let bare = Url::parse("https://example.com/authorize").unwrap();
        assert_eq!(authorize_url_with(&bare, &[]).as_str(), bare.as_str());
    }
}
