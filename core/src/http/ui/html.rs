//! HTML building blocks: escaping, the page layout, forms with their CSRF field.

use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::http::auth::CSRF_FIELD;

/// `text` with `& < > " '` escaped, for element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A whole page: the layout around `body`, with this status. Never cached.
pub(crate) fn page(status: StatusCode, title: &str, body: &str) -> Response {
    page_with(status, title, body, true)
}

/// [`page`]; without `home_link` the header links nowhere (the pages `appcreds link` shows on a
/// port that closes when it ends).
pub(crate) fn page_with(status: StatusCode, title: &str, body: &str, home_link: bool) -> Response {
    let brand = match home_link {
        true => r#"<a class="brand" href="/">appcreds</a>"#,
        false => r#"<span class="brand">appcreds</span>"#,
    };
    let html = format!(
        r##"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · appcreds</title>
<link rel="stylesheet" href="/static/style.css">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header>{brand}<span>application credentials</span></header>
<main id="main" tabindex="-1">
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"##,
        title = escape(title),
    );
    (
        status,
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        html,
    )
        .into_response()
}

/// A POST form to `action` with the CSRF field, `fields` (already HTML) and a submit button.
pub(crate) fn form(action: &str, csrf: &str, fields: &str, button: &str, class: &str) -> String {
    form_with(action, csrf, fields, &escape(button), class)
}

/// [`form`] whose button label is HTML (`button` plus [`hidden_text`] naming what it acts on).
pub(crate) fn form_with(
    action: &str,
    csrf: &str,
    fields: &str,
    button_html: &str,
    class: &str,
) -> String {
    format!(
        r#"<form method="post" action="{}" class="{class}"><input type="hidden" name="{CSRF_FIELD}" value="{}">{fields}<button type="submit">{button_html}</button></form>"#,
        escape(action),
        escape(csrf),
    )
}

/// `visible` followed by `context` that only screen readers read ("Link account" + " for
/// Spotify"), escaped.
pub(crate) fn labelled(visible: &str, context: &str) -> String {
    format!(
        r#"{}<span class="visually-hidden"> {}</span>"#,
        escape(visible),
        escape(context)
    )
}

/// A link styled as a button; `label_html` is HTML (see [`labelled`]).
pub(crate) fn link_button(href: &str, label_html: &str, class: &str) -> String {
    format!(
        r#"<a class="button {class}" href="{}">{label_html}</a>"#,
        escape(href)
    )
}

/// A message for people: no backticks, starting with a capital letter, ending with a period.
pub(crate) fn plain(text: &str) -> String {
    let text = text.replace('`', "");
    let text = text.trim();
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Percent-encodes `text` for a query value or a path segment.
pub(crate) fn url_part(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// A hidden input.
pub(crate) fn hidden(name: &str, value: &str) -> String {
    format!(
        r#"<input type="hidden" name="{}" value="{}">"#,
        escape(name),
        escape(value)
    )
}

/// A message box: `kind` is `notice` or `error`.
pub(crate) fn message(kind: &str, text: &str) -> String {
    format!(
        r#"<p class="{kind}" role="{}">{}</p>"#,
        if kind == "error" { "alert" } else { "status" },
        escape(text)
    )
}

pub(crate) use crate::clock::utc_text as utc;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn plain_messages_start_with_a_capital_and_have_no_backticks() {
        assert_eq!(
            plain("no credential `x`; add one"),
            "No credential x; add one."
        );
        assert_eq!(plain("Done."), "Done.");
    }
}
