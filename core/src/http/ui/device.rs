//! The page of a device flow (RFC 8628): the user code, where to enter it, a QR code of the
//! verification URI (with the code in it when the provider gives one), and a refresh every poll
//! interval until the flow ends.

use axum::http::StatusCode;
use axum::response::Response;
use qrcode::QrCode;
use qrcode::render::svg;
use url::Url;

use super::html::{escape, message, page};
use crate::http::callback::RESULT_PATH;
use crate::linking::FlowStep;

/// The waiting page of a device flow; any other step is not this page's.
pub(crate) fn device_page(step: &FlowStep, status: StatusCode) -> Response {
    let FlowStep::Device {
        flow_id,
        user_code,
        verification_uri,
        verification_uri_complete,
        interval,
        ..
    } = step
    else {
        return page(status, "Linking", &message("error", "Not a device flow."));
    };
    let target = verification_uri_complete
        .as_ref()
        .unwrap_or(verification_uri);
    let qr = qr_svg(target).unwrap_or_default();
    let refresh_url = format!("{RESULT_PATH}/{}", escape(flow_id));
    let body = format!(
        r#"<meta http-equiv="refresh" content="{interval}; url={refresh_url}">
{}
<p>Code: <code id="user-code" class="user-code">{}</code></p>
<p>Go to <a id="verification-uri" href="{}" target="_blank" rel="noopener noreferrer">{}</a> on any device and enter the code{}.</p>
<div id="device-qr" class="qr" aria-label="QR code of the verification address">{qr}</div>
<p class="muted">This page checks with the provider every {interval} s and shows the result when you have answered there.</p>
<p><a href="/">Back to appcreds</a></p>"#,
        message("notice", "Approve the link at the provider with this code."),
        escape(user_code),
        escape(target.as_str()),
        escape(verification_uri.as_str()),
        match verification_uri_complete {
            Some(_) => " (the link and the QR code carry it already)",
            None => "",
        },
    );
    page(status, "Enter the code at the provider", &body)
}

/// An SVG QR code of `url`; `None` when the URL is too long for a QR code.
fn qr_svg(url: &Url) -> Option<String> {
    let code = QrCode::new(url.as_str().as_bytes()).ok()?;
    let image = code
        .render::<svg::Color<'_>>()
        .min_dimensions(180, 180)
        .quiet_zone(true)
        .build();
    // Without the XML prolog: the SVG is inline in the page.
    Some(match image.find("<svg") {
        Some(start) => image[start..].to_owned(),
        None => image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_an_inline_svg() {
        let svg =
            qr_svg(&Url::parse("https://example.com/device?user_code=WDJB-MJHT").unwrap()).unwrap();
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"), "{svg}");
    }
}
