//! The sandbox's ServiceNow instance with the SMS connector installed, over real
//! HTTP: the silent no-save of an encrypted field written without
//! `sysparm_input_display_value=true` (proved by the simulated spoke), secrets
//! never read back, the credential ACLs, `sys_mod_count` / `sys_updated_on`,
//! the discovery queries and the metadata tables.

use crate::sandbox_support;

mod discovery;
mod world;

use nowkey::clients::http::Timeouts;
use nowkey::clients::sandbox_admin::{spoke_send, SpokeSent};
use nowkey::sandbox::servicenow::acl::{
    READ_REFUSED_DETAIL, READ_REFUSED_MESSAGE, WRITE_REFUSED_DETAIL, WRITE_REFUSED_MESSAGE,
};
use nowkey::sandbox::servicenow::seed::{
    JIRA_CREDENTIAL_SYS_ID, REGISTRATION_SYS_ID, SMS_CREDENTIAL_SYS_ID,
};
use nowkey::sandbox::servicenow::{ENCRYPTED_PLACEHOLDER, REGISTRATION_TABLE};
use nowkey::sandbox::{Sandbox, SEEDED_HUB_KEY, SEEDED_USERS, UNAUTHORIZED_MESSAGE};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sandbox_support::servicenow::{
    result_list, seeded, sn_get, sn_patch, spoke, stamp_of, table_call,
};
use sandbox_support::{start, Hub, DEST};

const API_KEY_RECORD: &str = "/api/now/table/api_key_credentials";

fn token(key: &str, secret: &str) -> String {
    STANDARD.encode(format!("{key}:{secret}"))
}

fn credential_path(query: &str) -> String {
    format!("{API_KEY_RECORD}/{SMS_CREDENTIAL_SYS_ID}{query}")
}

/// The Hub account (key) a message was sent with: the key that can read it.
async fn sent_by(sb: &Sandbox, id: &str, key: &str, secret: &str) -> bool {
    let hub = Hub::with(sb, key.to_owned(), secret.to_owned());
    let (status, _) = hub
        .call(Method::GET, &format!("/v1/messages/{id}"), None)
        .await;
    status == StatusCode::OK
}

fn message_id(body: &Value) -> String {
    body["messages"][0]["message_id"]
        .as_str()
        .expect("message_id")
        .to_owned()
}

#[tokio::test]
async fn an_encrypted_field_written_without_the_flag_is_silently_kept_as_the_spoke_shows() {
    let sb = start().await;
    let admin = seeded("cred.admin");
    let (new_key, new_secret) = sb.create_hub_key();
    let (seeded_key, seeded_secret) = (SEEDED_HUB_KEY.api_key, SEEDED_HUB_KEY.api_secret);
    assert_eq!(
        stamp_of(&sb, "api_key_credentials", SMS_CREDENTIAL_SYS_ID, admin)
            .await
            .0,
        "0"
    );

    // The trap: 200, and nothing saved.
    let new_token = token(&new_key, &new_secret);
    let a = sn_patch(
        &sb,
        &credential_path("?sysparm_fields=sys_mod_count"),
        admin,
        json!({"api_key": new_token}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    assert_eq!(a.json, json!({"result": {"sys_mod_count": "0"}}));
    assert_eq!(
        stamp_of(&sb, "api_key_credentials", SMS_CREDENTIAL_SYS_ID, admin)
            .await
            .0,
        "0"
    );
    let (status, body) = spoke(&sb, DEST, "still the old key").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let id = message_id(&body);
    assert!(
        sent_by(&sb, &id, seeded_key, seeded_secret).await,
        "sent with the old token"
    );
    assert!(!sent_by(&sb, &id, &new_key, &new_secret).await);

    // With the flag the value is stored, and the spoke sends with it.
    let flagged = credential_path("?sysparm_input_display_value=true&sysparm_fields=sys_mod_count");
    let a = sn_patch(&sb, &flagged, admin, json!({"api_key": new_token})).await;
    assert_eq!(
        a.json,
        json!({"result": {"sys_mod_count": "1"}}),
        "{}",
        a.text
    );
    let timeouts = Timeouts::default();
    let sent = spoke_send(&sb.base_url(), DEST, "the new key", timeouts)
        .await
        .expect("spoke");
    let SpokeSent::Accepted { message_id: id } = sent else {
        panic!("refused: {sent:?}");
    };
    assert!(
        sent_by(&sb, &id, &new_key, &new_secret).await,
        "sent with the new token"
    );

    // A bogus token is stored just as faithfully, and the Hub's 401 surfaces.
    let bogus = token(&new_key, "not-the-secret");
    let a = sn_patch(&sb, &flagged, admin, json!({"api_key": bogus})).await;
    assert_eq!(a.json["result"]["sys_mod_count"], "2");
    let (status, body) = spoke(&sb, DEST, "bogus").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body, json!({"message": UNAUTHORIZED_MESSAGE}));
    let refused = spoke_send(&sb.base_url(), DEST, "bogus", timeouts)
        .await
        .expect("answer");
    assert_eq!(refused, SpokeSent::Refused { status: 401 });
}

#[tokio::test]
async fn a_deleted_seeded_key_fails_the_spoke_as_a_stale_token_would() {
    let sb = start().await;
    let (status, _) = sandbox_support::admin(
        &sb,
        Method::DELETE,
        &format!("/_sandbox/hub/keys/{}", SEEDED_HUB_KEY.api_key),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = spoke(&sb, DEST, "stale").await;
    assert_eq!(
        (status, body["message"].as_str()),
        (StatusCode::UNAUTHORIZED, Some(UNAUTHORIZED_MESSAGE))
    );
    let off = sn_patch(
        &sb,
        &credential_path(""),
        seeded("admin"),
        json!({"active": false}),
    )
    .await;
    assert_eq!(off.status, StatusCode::OK);
    let (status, _) = spoke(&sb, DEST, "no credential").await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "no active credential references the alias"
    );
}

#[tokio::test]
async fn a_get_never_returns_a_stored_secret() {
    let sb = start().await;
    let admin = seeded("admin");
    let secret = "s3cr3t-that-must-not-come-back";
    let flag = "?sysparm_input_display_value=true";
    let a = sn_patch(
        &sb,
        &credential_path(flag),
        admin,
        json!({"api_key": secret}),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let reg = format!("/api/now/table/{REGISTRATION_TABLE}/{REGISTRATION_SYS_ID}");
    let b = sn_patch(
        &sb,
        &format!("{reg}{flag}"),
        admin,
        json!({"u_api_secret": secret}),
    )
    .await;
    assert_eq!(b.json["result"]["sys_mod_count"], "1", "{}", b.text);
    let seeded_token = SEEDED_HUB_KEY.token();
    let mut bodies = vec![a.text, b.text];
    for path in [
        API_KEY_RECORD.to_owned(),
        credential_path(""),
        credential_path("?sysparm_fields=api_key,name"),
        "/api/now/table/discovery_credentials?sysparm_fields=api_key,password,name".to_owned(),
        "/api/now/table/basic_auth_credentials".to_owned(),
        format!("/api/now/table/{REGISTRATION_TABLE}"),
        reg.clone(),
        format!("{API_KEY_RECORD}?sysparm_query=api_key={secret}"),
    ] {
        let got = sn_get(&sb, &path, admin).await;
        assert_eq!(got.status, StatusCode::OK, "{path}: {}", got.text);
        bodies.push(got.text);
    }
    for text in &bodies {
        for clear in [
            secret,
            &seeded_token,
            SEEDED_HUB_KEY.api_secret,
            "jira-sandbox-pw",
        ] {
            assert!(!text.contains(clear), "{clear} in {text}");
        }
    }
    let one = sn_get(&sb, &credential_path("?sysparm_fields=api_key"), admin).await;
    assert_eq!(
        one.json,
        json!({"result": {"api_key": ENCRYPTED_PLACEHOLDER}})
    );
    let by_secret = sn_get(
        &sb,
        &format!("{API_KEY_RECORD}?sysparm_query=api_key={secret}"),
        admin,
    )
    .await;
    assert!(
        result_list(&by_secret).is_empty(),
        "a query cannot test the secret"
    );
}

#[tokio::test]
async fn only_admins_and_credential_admins_touch_credentials() {
    let sb = start().await;
    let read_refused = json!({"error": {"message": READ_REFUSED_MESSAGE, "detail": READ_REFUSED_DETAIL}, "status": "failure"});
    let write_refused = json!({"error": {"message": WRITE_REFUSED_MESSAGE, "detail": WRITE_REFUSED_DETAIL}, "status": "failure"});
    let plain = seeded("sn.integration");
    for path in [
        API_KEY_RECORD.to_owned(),
        credential_path(""),
        "/api/now/table/discovery_credentials".to_owned(),
        "/api/now/table/sys_alias".to_owned(),
    ] {
        let a = sn_get(&sb, &path, plain).await;
        assert_eq!(
            (a.status, &a.json),
            (StatusCode::FORBIDDEN, &read_refused),
            "{path}"
        );
    }
    let w = sn_patch(&sb, &credential_path(""), plain, json!({"name": "x"})).await;
    assert_eq!((w.status, &w.json), (StatusCode::FORBIDDEN, &write_refused));
    for user in ["admin", "cred.admin"] {
        let a = sn_get(&sb, API_KEY_RECORD, seeded(user)).await;
        assert_eq!(result_list(&a).len(), 1, "{user}");
        let w = sn_patch(
            &sb,
            &credential_path(""),
            seeded(user),
            json!({"name": user}),
        )
        .await;
        assert_eq!(
            (w.status, w.json["result"]["name"].as_str()),
            (StatusCode::OK, Some(user)),
            "{user}"
        );
    }
    let reg = format!("/api/now/table/{REGISTRATION_TABLE}/{REGISTRATION_SYS_ID}");
    let cred_on_reg = sn_patch(&sb, &reg, seeded("cred.admin"), json!({"u_name": "x"})).await;
    assert_eq!(
        (cred_on_reg.status, &cred_on_reg.json),
        (StatusCode::FORBIDDEN, &write_refused)
    );
    let plain_reads_reg = sn_get(&sb, &reg, plain).await;
    assert_eq!(
        plain_reads_reg.status,
        StatusCode::OK,
        "ordinary read rights suffice"
    );
    let user_table = sn_patch(
        &sb,
        "/api/now/table/sys_user/6816f79cc0a8016401c5a33be04be441",
        seeded("admin"),
        json!({"name": "x"}),
    )
    .await;
    assert_eq!(
        user_table.status,
        StatusCode::FORBIDDEN,
        "the user tables are read-only"
    );
    let missing = sn_patch(
        &sb,
        &format!("{API_KEY_RECORD}/{JIRA_CREDENTIAL_SYS_ID}"),
        seeded("admin"),
        json!({}),
    )
    .await;
    assert_eq!(
        missing.status,
        StatusCode::NOT_FOUND,
        "the Jira record is not an API key"
    );
    let bad = table_call(
        &sb,
        Method::PATCH,
        &credential_path(""),
        seeded("admin"),
        Some(json!([1])),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(SEEDED_USERS
        .iter()
        .any(|u| u.user_name == "cred.admin" && u.roles.contains(&"credential_admin")));
}

#[tokio::test]
async fn the_stamp_moves_only_on_a_real_change() {
    let sb = start().await;
    let admin = seeded("admin");
    let reg = format!("/api/now/table/{REGISTRATION_TABLE}/{REGISTRATION_SYS_ID}");
    let before = stamp_of(&sb, REGISTRATION_TABLE, REGISTRATION_SYS_ID, admin).await;
    let name = sn_get(&sb, &format!("{reg}?sysparm_fields=u_name"), admin)
        .await
        .json["result"]["u_name"]
        .clone();
    let same = sn_patch(
        &sb,
        &reg,
        admin,
        json!({"u_name": name, "sys_mod_count": "7", "no_such_field": 1}),
    )
    .await;
    assert_eq!(same.status, StatusCode::OK);
    assert_eq!(
        stamp_of(&sb, REGISTRATION_TABLE, REGISTRATION_SYS_ID, admin).await,
        before
    );
    let changed = sn_patch(&sb, &reg, admin, json!({"u_name": "Renamed"})).await;
    assert_eq!(changed.json["result"]["u_name"], "Renamed");
    let after = stamp_of(&sb, REGISTRATION_TABLE, REGISTRATION_SYS_ID, admin).await;
    assert_eq!(after.0, "1");
    assert_ne!(after.1, before.1);
    let stamp =
        chrono::NaiveDateTime::parse_from_str(&after.1, "%Y-%m-%d %H:%M:%S").expect("format");
    assert!(
        (chrono::Utc::now().naive_utc() - stamp).num_seconds().abs() < 60,
        "{stamp}"
    );
    let secret = format!("{reg}?sysparm_input_display_value=true");
    sn_patch(
        &sb,
        &secret,
        admin,
        json!({"u_api_secret": SEEDED_HUB_KEY.api_secret}),
    )
    .await;
    assert_eq!(
        stamp_of(&sb, REGISTRATION_TABLE, REGISTRATION_SYS_ID, admin)
            .await
            .0,
        "2",
        "re-encrypted: a change"
    );
}
