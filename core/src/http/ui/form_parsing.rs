//! Every form body the page accepts, parsed exactly as its routes parse them (axum's `Form`
//! extractor), so that the fuzz targets and their regression tests exercise the real code path
//! (reached through `appcreds::__private::parse_page_forms`).

use axum::Form;
use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::{Request, header};
use serde::de::DeserializeOwned;

use super::actions::FieldPost;
use super::link_actions::PickForm;
use super::login::LoginForm;

/// Parses `body` as each form of the page; how many of them accept it. Never panics on any input.
pub(crate) async fn parse_all(body: &[u8]) -> usize {
    let results = [
        accepts::<FieldPost>(body).await,
        accepts::<PickForm>(body).await,
        accepts::<LoginForm>(body).await,
        accepts::<Vec<(String, String)>>(body).await,
    ];
    results.into_iter().filter(|accepted| *accepted).count()
}

async fn accepts<T: DeserializeOwned + Send>(body: &[u8]) -> bool {
    let request = Request::post("/")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body.to_vec()));
    match request {
        Ok(request) => Form::<T>::from_request(request, &()).await.is_ok(),
        Err(_) => false,
    }
}
