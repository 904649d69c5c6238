//! An integration's credential-dialog description: Markdown with `{placeholders}`, rendered to
//! HTML with raw HTML escaped, links restricted to `http(s)`, and placeholder URLs as links.

use pulldown_cmark::{CowStr, Event, Parser, Tag, html};

use crate::Placeholders;

/// The description as HTML.
pub(crate) fn render(description: &str, placeholders: &Placeholders) -> String {
    let source = substitute(description, placeholders);
    let events = Parser::new(&source).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => Event::Start(Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    match url.starts_with("https://") || url.starts_with("http://") {
        true => url,
        false => CowStr::Borrowed("#"),
    }
}

/// `{name}` replaced by its value: as-is in a link target or code span, as an autolink when the
/// value is a URL elsewhere. Unknown names stay as they are.
fn substitute(description: &str, placeholders: &Placeholders) -> String {
    let mut out = String::with_capacity(description.len());
    let mut rest = description;
    while let Some(open) = rest.find('{') {
        let (before, after) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = after.find('}') else {
            out.push_str(after);
            return out;
        };
        let name = &after[1..close];
        match placeholders.get(name) {
            Some(value) => {
                let verbatim = out.ends_with('(') || out.ends_with('`');
                let url = value.starts_with("https://") || value.starts_with("http://");
                if url && !verbatim {
                    out.push('<');
                    out.push_str(value);
                    out.push('>');
                } else {
                    out.push_str(value);
                }
            }
            None => out.push_str(&after[..=close]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_become_links_and_html_is_escaped() {
        let placeholders = Placeholders::from([
            ("console_url", "https://console.example.com/"),
            (
                "redirect_url",
                "http://127.0.0.1:8123/auth/external/callback",
            ),
        ]);
        let html = render(
            "Open the [console]({console_url}), register `{redirect_url}` or {console_url}. <script>alert(1)</script> [x](javascript:alert(1))",
            &placeholders,
        );
        assert!(
            html.contains(r#"<a href="https://console.example.com/">console</a>"#),
            "{html}"
        );
        assert!(html.contains("<code>http://127.0.0.1:8123/auth/external/callback</code>"));
        assert!(html.contains(
            r#"<a href="https://console.example.com/">https://console.example.com/</a>"#
        ));
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
    }
}
