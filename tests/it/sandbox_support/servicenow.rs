//! Helpers for the ServiceNow record tests: Table API calls as a seeded user
//! (raw bodies kept, to search them for secrets) and the simulated spoke.

use nowkey::sandbox::servicenow::seeded_user;
use nowkey::sandbox::Sandbox;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

/// A finished call: status, parsed body (`Null` when not JSON) and raw text.
pub struct Answer {
    pub status: StatusCode,
    pub json: Value,
    pub text: String,
}

/// The seeded user's Basic-auth pair.
pub fn seeded(name: &str) -> (&'static str, &'static str) {
    let u = seeded_user(name).expect("seeded user");
    (u.user_name, u.password)
}

/// A Table API call as `user`, with an optional JSON body.
pub async fn table_call(
    sb: &Sandbox,
    method: Method,
    path: &str,
    user: (&str, &str),
    body: Option<Value>,
) -> Answer {
    let mut req = Client::new()
        .request(method, format!("{}{path}", sb.base_url()))
        .basic_auth(user.0, Some(user.1))
        .header("Accept", "application/json");
    if let Some(b) = body {
        req = req.json(&b);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status();
    let text = resp.text().await.expect("body");
    Answer {
        status,
        json: serde_json::from_str(&text).unwrap_or(Value::Null),
        text,
    }
}

/// `GET {path}` as `user`.
pub async fn sn_get(sb: &Sandbox, path: &str, user: (&str, &str)) -> Answer {
    table_call(sb, Method::GET, path, user, None).await
}

/// `PATCH {path}` as `user` with `body`.
pub async fn sn_patch(sb: &Sandbox, path: &str, user: (&str, &str), body: Value) -> Answer {
    table_call(sb, Method::PATCH, path, user, Some(body)).await
}

/// The `result` list of a 200 list answer.
pub fn result_list(a: &Answer) -> Vec<Value> {
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json["result"].as_array().expect("result array").clone()
}

/// `sys_mod_count` and `sys_updated_on` of one record, read as `user`.
pub async fn stamp_of(
    sb: &Sandbox,
    table: &str,
    sys_id: &str,
    user: (&str, &str),
) -> (String, String) {
    let a = sn_get(
        sb,
        &format!("/api/now/table/{table}/{sys_id}?sysparm_fields=sys_mod_count,sys_updated_on"),
        user,
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let field = |name: &str| a.json["result"][name].as_str().expect(name).to_owned();
    (field("sys_mod_count"), field("sys_updated_on"))
}

/// `POST /_sandbox/servicenow/spoke/send`: the status and the body.
pub async fn spoke(sb: &Sandbox, to: &str, content: &str) -> (StatusCode, Value) {
    crate::sandbox_support::admin(
        sb,
        Method::POST,
        "/_sandbox/servicenow/spoke/send",
        Some(json!({"to": to, "content": content})),
    )
    .await
}
