//! ServiceNow records in the sandbox's world file: what was written comes back
//! after a restart (with its `sys_mod_count`), a deleted seeded Hub key stays
//! deleted, and an encrypted value the sandbox did not mint is never written to
//! the file.

use crate::sandbox_support;

use nowkey::sandbox::servicenow::seed::{REGISTRATION_SYS_ID, SMS_CREDENTIAL_SYS_ID};
use nowkey::sandbox::servicenow::REGISTRATION_TABLE;
use nowkey::sandbox::{Sandbox, SandboxConfig, SEEDED_HUB_KEY};
use reqwest::{Method, StatusCode};
use serde_json::json;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sandbox_support::servicenow::{seeded, sn_patch, spoke, stamp_of};
use sandbox_support::{admin, Hub, DEST, STEP};

async fn start_at(path: &std::path::Path) -> Sandbox {
    Sandbox::start(SandboxConfig {
        delivery_step: STEP,
        world_file: Some(path.to_owned()),
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

#[tokio::test]
async fn written_records_outlive_a_restart_without_foreign_secrets() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("world.json");
    let sb = start_at(&path).await;
    let me = seeded("admin");
    let (key, secret) = sb.create_hub_key();
    let flag = "?sysparm_input_display_value=true";
    let credential = format!("/api/now/table/api_key_credentials/{SMS_CREDENTIAL_SYS_ID}{flag}");
    let token = STANDARD.encode(format!("{key}:{secret}"));
    let a = sn_patch(&sb, &credential, me, json!({"api_key": token})).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let foreign = "a-secret-the-sandbox-never-minted";
    let registration = format!("/api/now/table/{REGISTRATION_TABLE}/{REGISTRATION_SYS_ID}{flag}");
    let b = sn_patch(
        &sb,
        &registration,
        me,
        json!({"u_api_key": key, "u_api_secret": foreign}),
    )
    .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.text);
    let path_of = format!("/_sandbox/hub/keys/{}", SEEDED_HUB_KEY.api_key);
    assert_eq!(
        admin(&sb, Method::DELETE, &path_of, None).await.0,
        StatusCode::NO_CONTENT
    );
    sb.shutdown().await;

    let text = std::fs::read_to_string(&path).expect("world file");
    assert!(!text.contains(foreign), "{text}");
    assert!(text.contains(&token), "a minted token is kept");
    let sb = start_at(&path).await;
    let stamp = stamp_of(&sb, "api_key_credentials", SMS_CREDENTIAL_SYS_ID, me).await;
    assert_eq!(stamp.0, "1");
    assert_eq!(
        stamp_of(&sb, REGISTRATION_TABLE, REGISTRATION_SYS_ID, me)
            .await
            .0,
        "1"
    );
    let (status, body) = spoke(&sb, DEST, "after the restart").await;
    assert_eq!(status, StatusCode::ACCEPTED, "{body}");
    let id = body["messages"][0]["message_id"]
        .as_str()
        .expect("id")
        .to_owned();
    let hub = Hub::with(&sb, key, secret);
    // Only the key that sent a message can read it (status_of asserts 200).
    assert!(
        !hub.status_of(&id).await.is_empty(),
        "sent with the written token"
    );
    let old = Hub::with(
        &sb,
        SEEDED_HUB_KEY.api_key.into(),
        SEEDED_HUB_KEY.api_secret.into(),
    );
    let (status, _) = old.call(Method::GET, "/v1/replies", None).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "the seeded key stays deleted"
    );
    sb.shutdown().await;
}
