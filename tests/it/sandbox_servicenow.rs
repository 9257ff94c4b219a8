//! The sandbox's ServiceNow Table API over real HTTP: each seeded user's
//! behaviour, the `sysparm_*` shapes, the error envelopes, the admin user
//! endpoint, faults (latency, 429) and hibernation.

use crate::sandbox_support;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use nowkey::sandbox::servicenow::{
    rate_limit_fault, seeded_user, BASIC_AUTH_BLOCKED_DETAIL, HIBERNATION_PAGE_MARKER,
};
use nowkey::sandbox::{Sandbox, SEEDED_USERS};
use reqwest::header::{CONTENT_TYPE, WWW_AUTHENTICATE};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

use sandbox_support::{add_fault, admin, start};

const JSON_TYPE: &str = "application/json;charset=UTF-8";
const ADMIN_SYS_ID: &str = "6816f79cc0a8016401c5a33be04be441";

/// A finished Table API call.
struct Answer {
    status: StatusCode,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// `GET {path}` as `user` (no Authorization header when `None`).
async fn get(sb: &Sandbox, path: &str, user: Option<(&str, &str)>) -> Answer {
    let mut req = Client::new().get(format!("{}{path}", sb.base_url()));
    if let Some((u, p)) = user {
        req = req.basic_auth(u, Some(p));
    }
    let resp = req
        .header("Accept", "application/json")
        .send()
        .await
        .expect("request");
    Answer {
        status: resp.status(),
        headers: resp.headers().clone(),
        text: resp.text().await.expect("body"),
    }
}

/// The seeded user's Basic-auth pair.
fn seeded(name: &str) -> Option<(&'static str, &'static str)> {
    let u = seeded_user(name).expect("seeded user");
    Some((u.user_name, u.password))
}

fn check_path(user_name: &str) -> String {
    format!(
        "/api/now/table/sys_user?sysparm_query=user_name={user_name}\
         &sysparm_fields=sys_id,user_name,active&sysparm_limit=1"
    )
}

fn roles_path(sys_id: &str) -> String {
    format!("/api/now/table/sys_user_has_role?sysparm_query=user={sys_id}&sysparm_fields=role.name")
}

fn role_names(body: &Value) -> BTreeSet<String> {
    body["result"]
        .as_array()
        .expect("result array")
        .iter()
        .map(|r| {
            assert_eq!(
                r.as_object().expect("object").len(),
                1,
                "only role.name: {r}"
            );
            r["role.name"].as_str().expect("role.name").to_owned()
        })
        .collect()
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn envelope(message: &str, detail: Option<&str>) -> Value {
    json!({"error": {"message": message, "detail": detail}, "status": "failure"})
}

fn not_authenticated() -> Value {
    envelope(
        "User Not Authenticated",
        Some("Required to provide Auth information"),
    )
}

/// Looks a user up and reads its roles the way nowkey's credential check does.
async fn sys_id_and_roles(sb: &Sandbox, user: (&str, &str)) -> (String, BTreeSet<String>) {
    let a = get(sb, &check_path(user.0), Some(user)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let sys_id = a.json()["result"][0]["sys_id"]
        .as_str()
        .expect("sys_id")
        .to_owned();
    let r = get(sb, &roles_path(&sys_id), Some(user)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    (sys_id, role_names(&r.json()))
}

#[tokio::test]
async fn admin_passes_the_credential_check_with_servicenows_shapes() {
    let sb = start().await;
    let a = get(&sb, &check_path("admin"), seeded("admin")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.header("content-type"), Some(JSON_TYPE));
    assert_eq!(a.header("x-total-count"), Some("1"));
    assert_eq!(
        a.json(),
        json!({"result": [{"sys_id": ADMIN_SYS_ID, "user_name": "admin", "active": "true"}]})
    );
    let r = get(&sb, &roles_path(ADMIN_SYS_ID), seeded("admin")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(role_names(&r.json()), set(&["admin", "itil"]));
}

#[tokio::test]
async fn the_integration_user_is_ordinary() {
    let sb = start().await;
    let (sys_id, roles) = sys_id_and_roles(&sb, ("sn.integration", "integration-sandbox-pw")).await;
    assert_eq!(sys_id.len(), 32);
    assert!(sys_id.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(roles, set(&["itil", "snc_platform_rest_api_access"]));
}

#[tokio::test]
async fn mfa_user_gets_401_with_the_mfa_header_only_for_the_right_password() {
    let sb = start().await;
    let a = get(&sb, &check_path("mfa.user"), seeded("mfa.user")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(a.header("x-mfa_token"), Some("invalid"));
    assert_eq!(a.json(), not_authenticated());
    let wrong = get(&sb, &check_path("mfa.user"), Some(("mfa.user", "guess"))).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.header("x-mfa_token"),
        None,
        "no hint without the password"
    );
}

#[tokio::test]
async fn blocked_basic_auth_is_told_apart_from_a_wrong_password() {
    let sb = start().await;
    let a = get(&sb, &check_path("basic.blocked"), seeded("basic.blocked")).await;
    assert_eq!(a.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        a.json(),
        envelope("User Not Authenticated", Some(BASIC_AUTH_BLOCKED_DETAIL))
    );
    assert!(BASIC_AUTH_BLOCKED_DETAIL.contains("snc_basic_auth_api_access"));
    assert_eq!(a.header("x-mfa_token"), None);
    let wrong = get(
        &sb,
        &check_path("basic.blocked"),
        Some(("basic.blocked", "x")),
    )
    .await;
    assert_eq!(wrong.json(), not_authenticated());
}

#[tokio::test]
async fn a_user_without_read_rights_sees_nothing_and_is_refused_roles() {
    let sb = start().await;
    let a = get(&sb, &check_path("no.read"), seeded("no.read")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json(), json!({"result": []}));
    let r = get(&sb, &roles_path(ADMIN_SYS_ID), seeded("no.read")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.header("content-type"), Some(JSON_TYPE));
    assert_eq!(
        r.json(),
        envelope("Operation Failed", Some("ACL Exception Record not found"))
    );
}

#[tokio::test]
async fn wrong_unknown_or_missing_credentials_get_the_documented_401() {
    let sb = start().await;
    for user in [
        Some(("admin", "not-the-password")),
        Some(("nobody", "admin-sandbox-pw")),
        None,
    ] {
        let a = get(&sb, &check_path("admin"), user).await;
        assert_eq!(a.status, StatusCode::UNAUTHORIZED, "{user:?}");
        assert_eq!(a.json(), not_authenticated(), "{user:?}");
        assert_eq!(a.header("content-type"), Some(JSON_TYPE));
        assert!(a.header(WWW_AUTHENTICATE.as_str()).is_some());
    }
}

#[tokio::test]
async fn every_seeded_user_behaves_as_its_table_row_says() {
    let sb = start().await;
    for u in SEEDED_USERS {
        let a = get(
            &sb,
            &check_path(u.user_name),
            Some((u.user_name, u.password)),
        )
        .await;
        let expected = if u.mfa || u.basic_auth_blocked {
            StatusCode::UNAUTHORIZED
        } else {
            StatusCode::OK
        };
        assert_eq!(a.status, expected, "{}: {}", u.user_name, a.text);
        if a.status == StatusCode::OK {
            let want = if u.read_rights { 1 } else { 0 };
            assert_eq!(a.json()["result"].as_array().map(Vec::len), Some(want));
        }
    }
}

#[tokio::test]
async fn fields_limit_and_compound_queries_shape_the_result() {
    let sb = start().await;
    let me = seeded("admin");
    let all = get(&sb, "/api/now/table/sys_user", me).await.json();
    let records = all["result"].as_array().expect("array");
    assert_eq!(records.len(), SEEDED_USERS.len());
    let keys: BTreeSet<&str> = records[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "sys_id",
            "user_name",
            "name",
            "active",
            "web_service_access_only"
        ])
    );
    let two = get(
        &sb,
        "/api/now/table/sys_user?sysparm_limit=2&sysparm_fields=user_name",
        me,
    )
    .await
    .json();
    let two = two["result"].as_array().expect("array");
    assert_eq!(two.len(), 2);
    assert!(two
        .iter()
        .all(|r| r.as_object().map(|o| o.len()) == Some(1)));
    let compound = get(
        &sb,
        "/api/now/table/sys_user?sysparm_query=active=true%5Euser_name=sn.integration\
         &sysparm_fields=user_name,web_service_access_only",
        me,
    )
    .await
    .json();
    assert_eq!(
        compound,
        json!({"result": [{"user_name": "sn.integration", "web_service_access_only": "false"}]})
    );
    let others = get(
        &sb,
        "/api/now/table/sys_user?sysparm_query=user_name!=admin^active=true",
        me,
    )
    .await
    .json();
    assert_eq!(
        others["result"].as_array().map(Vec::len),
        Some(SEEDED_USERS.len() - 1)
    );
    let none = get(&sb, &check_path("ghost"), me).await;
    assert_eq!(
        (none.status, none.json()),
        (StatusCode::OK, json!({"result": []}))
    );
}

#[tokio::test]
async fn references_come_as_links_unless_excluded_and_one_record_is_an_object() {
    let sb = start().await;
    let me = seeded("admin");
    let base = sb.base_url();
    let q = format!(
        "/api/now/table/sys_user_has_role?sysparm_query=user={ADMIN_SYS_ID}&sysparm_limit=1"
    );
    let link = get(&sb, &q, me).await.json();
    let user = &link["result"][0]["user"];
    assert_eq!(user["value"], ADMIN_SYS_ID);
    assert_eq!(
        user["link"],
        format!("{base}/api/now/table/sys_user/{ADMIN_SYS_ID}")
    );
    let role_id = link["result"][0]["role"]["value"]
        .as_str()
        .expect("role")
        .to_owned();
    let flat = get(&sb, &format!("{q}&sysparm_exclude_reference_link=true"), me)
        .await
        .json();
    assert_eq!(flat["result"][0]["user"], ADMIN_SYS_ID);
    let role = get(
        &sb,
        &format!("/api/now/table/sys_user_role/{role_id}?sysparm_fields=name"),
        me,
    )
    .await;
    assert_eq!(role.status, StatusCode::OK);
    assert_eq!(role.json(), json!({"result": {"name": "admin"}}));
    let one = get(&sb, &format!("/api/now/table/sys_user/{ADMIN_SYS_ID}"), me).await;
    assert_eq!(one.json()["result"]["user_name"], "admin");
    let missing = get(
        &sb,
        "/api/now/table/sys_user/00000000000000000000000000000000",
        me,
    )
    .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json(),
        envelope(
            "No Record found",
            Some("Record doesn't exist or ACL restricts the record retrieval")
        )
    );
}

#[tokio::test]
async fn invalid_tables_and_paths_get_servicenows_error_envelope() {
    let sb = start().await;
    let me = seeded("admin");
    let a = get(&sb, "/api/now/table/incident?sysparm_limit=1", me).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.header("content-type"), Some(JSON_TYPE));
    assert_eq!(a.json(), envelope("Invalid table incident", None));
    assert_eq!(a.json()["error"]["detail"], Value::Null);
    let b = get(&sb, "/api/now/nothing/here", me).await;
    assert_eq!(b.status, StatusCode::BAD_REQUEST);
    assert_eq!(b.json()["status"], "failure");
    let unauth = get(&sb, "/api/now/table/incident", None).await;
    assert_eq!(unauth.status, StatusCode::UNAUTHORIZED, "auth comes first");
}

#[tokio::test]
async fn the_admin_endpoint_adds_and_replaces_users() {
    let sb = start().await;
    let (status, body) = admin(
        &sb,
        Method::POST,
        "/_sandbox/servicenow/users",
        Some(json!({"user_name": "svc.hopex", "password": "pw-1", "roles": ["itil", "x_custom"]})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let sys_id = body["sys_id"].as_str().expect("sys_id").to_owned();
    assert_eq!(sys_id.len(), 32);
    let (seen, roles) = sys_id_and_roles(&sb, ("svc.hopex", "pw-1")).await;
    assert_eq!(seen, sys_id);
    assert_eq!(roles, set(&["itil", "x_custom"]));

    let (status, body) = admin(
        &sb,
        Method::POST,
        "/_sandbox/servicenow/users",
        Some(json!({"user_name": "svc.hopex", "password": "pw-2", "roles": ["admin"]})),
    )
    .await;
    assert_eq!(
        (status, body["sys_id"].as_str()),
        (StatusCode::CREATED, Some(sys_id.as_str()))
    );
    let old = get(&sb, &check_path("svc.hopex"), Some(("svc.hopex", "pw-1"))).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let (_, roles) = sys_id_and_roles(&sb, ("svc.hopex", "pw-2")).await;
    assert_eq!(roles, set(&["admin"]));

    for bad in [
        json!({"user_name": "x", "password": "y"}),
        json!({"user_name": "a:b", "password": "y", "roles": []}),
        json!({"user_name": "x", "password": "y", "roles": [], "colour": "red"}),
    ] {
        let (status, _) = admin(
            &sb,
            Method::POST,
            "/_sandbox/servicenow/users",
            Some(bad.clone()),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

#[tokio::test]
async fn the_admin_endpoints_flags_produce_each_behaviour() {
    let sb = start().await;
    let add = |body: Value| admin(&sb, Method::POST, "/_sandbox/servicenow/users", Some(body));
    add(json!({"user_name": "m", "password": "p", "roles": [], "mfa": true})).await;
    add(json!({"user_name": "b", "password": "p", "roles": [], "basic_auth_blocked": true})).await;
    add(
        json!({"user_name": "e", "password": "p", "roles": ["snc_basic_auth_api_access"],
               "basic_auth_blocked": true}),
    )
    .await;
    add(json!({"user_name": "r", "password": "p", "roles": [], "read_rights": false})).await;
    let m = get(&sb, &check_path("m"), Some(("m", "p"))).await;
    assert_eq!(
        (m.status, m.header("x-mfa_token")),
        (StatusCode::UNAUTHORIZED, Some("invalid"))
    );
    let b = get(&sb, &check_path("b"), Some(("b", "p"))).await;
    assert_eq!(b.json()["error"]["detail"], BASIC_AUTH_BLOCKED_DETAIL);
    let e = get(&sb, &check_path("e"), Some(("e", "p"))).await;
    assert_eq!(
        e.status,
        StatusCode::OK,
        "the role lifts the block: {}",
        e.text
    );
    let r = get(&sb, &check_path("r"), Some(("r", "p"))).await;
    assert_eq!(
        (r.status, r.json()),
        (StatusCode::OK, json!({"result": []}))
    );
}

#[tokio::test]
async fn a_latency_fault_on_api_now_delays_the_table_api_only() {
    let sb = start().await;
    // Long enough that "not delayed" (quicker than it) holds on a loaded machine.
    add_fault(&sb, json!({"path_prefix": "/api/now", "latency_ms": 2000})).await;
    let t = Instant::now();
    let a = get(&sb, &check_path("admin"), seeded("admin")).await;
    assert!(
        t.elapsed() >= Duration::from_millis(2000),
        "{:?}",
        t.elapsed()
    );
    assert_eq!(a.status, StatusCode::OK, "latency keeps the real answer");
    let t = Instant::now();
    let (_, _) = admin(&sb, Method::GET, "/_sandbox/health", None).await;
    let hub = Client::new()
        .get(format!("{}/v1/replies", sb.base_url()))
        .send()
        .await
        .expect("hub");
    assert_eq!(hub.status(), StatusCode::UNAUTHORIZED);
    assert!(
        t.elapsed() < Duration::from_millis(2000),
        "{:?}",
        t.elapsed()
    );
}

#[tokio::test]
async fn a_429_fault_carries_the_rate_limit_headers() {
    let sb = start().await;
    let mut spec = serde_json::to_value(rate_limit_fault(7)).expect("spec");
    spec["times"] = json!(1);
    add_fault(&sb, spec).await;
    let a = get(&sb, &check_path("admin"), seeded("admin")).await;
    assert_eq!(a.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(a.header("retry-after"), Some("7"));
    assert_eq!(a.header("x-ratelimit-limit"), Some("100"));
    let reset: i64 = a
        .header("x-ratelimit-reset")
        .expect("reset")
        .parse()
        .expect("epoch");
    assert!(reset > chrono::Utc::now().timestamp());
    assert_eq!(a.json()["error"]["message"], "Rate limit exceeded");
    assert_eq!(a.json()["status"], "failure");
    let again = get(&sb, &check_path("admin"), seeded("admin")).await;
    assert_eq!(again.status, StatusCode::OK, "times: 1 used up");
}

#[tokio::test]
async fn hibernation_answers_html_to_everything_until_turned_off() {
    let sb = start().await;
    let hibernate = |on: bool| {
        admin(
            &sb,
            Method::POST,
            "/_sandbox/servicenow/hibernate",
            Some(json!({ "on": on })),
        )
    };
    assert_eq!(
        hibernate(true).await,
        (StatusCode::OK, json!({"hibernating": true}))
    );
    for (path, user) in [
        (check_path("admin"), seeded("admin")),
        (check_path("admin"), None),
        ("/api/now/table/incident".to_owned(), seeded("no.read")),
    ] {
        let a = get(&sb, &path, user).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert!(
            a.header(CONTENT_TYPE.as_str())
                .is_some_and(|t| t.starts_with("text/html")),
            "{:?}",
            a.header("content-type")
        );
        assert!(a.text.contains(HIBERNATION_PAGE_MARKER));
        assert!(a.text.contains("<html"));
    }
    let hub = Client::new()
        .get(format!("{}/v1/replies", sb.base_url()))
        .send()
        .await
        .expect("hub");
    assert_eq!(
        hub.status(),
        StatusCode::UNAUTHORIZED,
        "the Hub is not hibernating"
    );

    hibernate(false).await;
    let a = get(&sb, &check_path("admin"), seeded("admin")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), Some(JSON_TYPE));
    let unauth = get(&sb, &check_path("admin"), None).await;
    assert_eq!(unauth.status, StatusCode::UNAUTHORIZED);
    let (status, _) = admin(
        &sb,
        Method::POST,
        "/_sandbox/servicenow/hibernate",
        Some(json!({})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn hibernation_can_also_be_a_plain_fault() {
    let sb = start().await;
    add_fault(
        &sb,
        json!({"path_prefix": "/api/now", "status": 200, "content_type": "text/html",
               "body": "<html><body>Your instance is hibernating</body></html>"}),
    )
    .await;
    let a = get(&sb, &check_path("admin"), seeded("admin")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.header("content-type"), Some("text/html"));
    assert!(a.text.contains(HIBERNATION_PAGE_MARKER));
}
