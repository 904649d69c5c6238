//! The OpenAPI document as this server serves it: the generated one ([`super::openapi`]) plus
//! what depends on the linked integrations and on the service's input rules, so that a request
//! the document calls valid is accepted and one it calls invalid is refused (what the API
//! contract test in `.ci/api-contract` checks):
//!
//! - a credential's `domain` is one of the linked domains, and its `client_secret` may be left out
//!   or empty only for a domain whose server is a public client;
//! - `client_id`, `client_secret` and `name` match the service's rules (surrounding whitespace is
//!   trimmed; printable ASCII for ids and secrets; no control character in names);
//! - a flow's `inputs` are exactly the inputs its domain declares (an unknown domain aborts the
//!   flow with a `200`, whatever the inputs).

use serde_json::{Value, json};

use crate::App;
use crate::InputKind;
use crate::credentials::{MAX_CLIENT_ID_LEN, MAX_CLIENT_SECRET_LEN, MAX_NAME_LEN};

/// What `str::trim` removes: Unicode `White_Space`.
const WS: &str = r"[\t-\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]";

fn client_id_pattern() -> String {
    format!("^{WS}*[!-~]*[A-Za-z0-9][!-~]*{WS}*$")
}

fn secret_pattern(may_be_empty: bool) -> String {
    match may_be_empty {
        true => format!("^{WS}*[ -~]*{WS}*$"),
        false => format!("^{WS}*[ -~]*[!-~][ -~]*{WS}*$"),
    }
}

fn name_pattern() -> String {
    format!("^{WS}*[^\\x00-\\x1f\\x7f-\\x9f]{{0,{MAX_NAME_LEN}}}{WS}*$")
}

/// An approximation of the endpoint rules for URL inputs that never calls a refused URL valid:
/// `https`, a plain host name, an optional port, a path without `#` or `@`.
const URL_INPUT: &str =
    r"^https://[A-Za-z0-9][A-Za-z0-9.-]{0,62}(:[1-9][0-9]{0,3})?(/[!-\x22$-?A-~]*)?$";

/// The served document for `app`.
pub(crate) async fn served_document(app: &App) -> Value {
    let mut doc = serde_json::to_value(super::openapi()).unwrap_or_default();
    let domains: Vec<&str> = app.registry().domains().collect();
    let mut public = Vec::new();
    for domain in &domains {
        if app.credentials().secret_optional(domain).await {
            public.push(*domain);
        }
    }
    let schemas = &mut doc["components"]["schemas"];
    describe_credential_fields(&mut schemas["CreateCredentialBody"], true);
    describe_credential_fields(&mut schemas["UpdateCredentialBody"], false);
    let create = &mut schemas["CreateCredentialBody"];
    create["properties"]["domain"]["enum"] = json!(domains);
    create["anyOf"] = json!([
        {"properties": {"domain": {"enum": public}}},
        {"required": ["client_secret"], "properties": {"client_secret": {"pattern": secret_pattern(false)}}},
    ]);
    schemas["StartFlowBody"]["anyOf"] = flow_inputs(app).await;
    doc
}

/// The id, secret and name rules of a credential body.
fn describe_credential_fields(body: &mut Value, create: bool) {
    let properties = &mut body["properties"];
    if create {
        properties["client_id"]["pattern"] = json!(client_id_pattern());
        properties["client_id"]["maxLength"] = json!(MAX_CLIENT_ID_LEN);
    }
    // A new secret for an existing credential is never empty (the id does not say its domain).
    properties["client_secret"]["pattern"] = json!(secret_pattern(create));
    properties["client_secret"]["maxLength"] = json!(MAX_CLIENT_SECRET_LEN);
    properties["name"]["pattern"] = json!(name_pattern());
}

/// One `anyOf` branch per kind of domain: unknown (anything: the flow aborts), without inputs
/// (none), and each domain with inputs (exactly those).
async fn flow_inputs(app: &App) -> Value {
    let ctx = app.context();
    let mut without = Vec::new();
    let mut branches = Vec::new();
    let mut known = Vec::new();
    for integration in app.registry().iter() {
        let Ok(inputs) = integration.inputs(ctx).await else {
            // Its server function fails: the inputs are not checked (the flow aborts later).
            continue;
        };
        known.push(integration.domain());
        if inputs.is_empty() {
            without.push(integration.domain());
            continue;
        }
        let mut properties = serde_json::Map::new();
        for input in &inputs {
            let pattern = match input.kind() {
                InputKind::Url => URL_INPUT.to_owned(),
                _ => format!("^(?:{})$", input.pattern()),
            };
            properties.insert(
                input.name().to_owned(),
                json!({"type": "string", "pattern": pattern}),
            );
        }
        let names: Vec<&str> = inputs.iter().map(|i| i.name()).collect();
        branches.push(json!({
            "required": ["inputs"],
            "properties": {
                "domain": {"const": integration.domain()},
                "inputs": {"type": "object", "properties": properties, "required": names, "additionalProperties": false},
            },
        }));
    }
    branches
        .push(json!({"properties": {"domain": {"enum": without}, "inputs": {"maxProperties": 0}}}));
    branches.push(json!({"properties": {"domain": {"not": {"enum": known}}}}));
    Value::Array(branches)
}
