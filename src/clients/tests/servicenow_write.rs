//! Reading one record and writing the new credentials into it: the flag and
//! fields sent, a write counted only when sys_mod_count went up, a record gone,
//! and the values written never in any error.

use secrecy::SecretString;

use super::servicenow::{sn_client, SYS_ID};
use super::{json_response, path_of, query_of, Behaviour, TestServer, CANARY};
use crate::clients::http::Timeouts;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::RecordRef;

/// The value written in these tests: a secret.
const NEW_SECRET: &str = "NEWs3cretCANARY77x";

fn target() -> RecordRef {
    RecordRef::new("basic_auth_credentials", SYS_ID).unwrap()
}

fn record_path() -> String {
    format!("/api/now/table/basic_auth_credentials/{SYS_ID}")
}

fn stamp_answer(mod_count: &str) -> String {
    json_response(
        200,
        &format!(
            r#"{{"result":{{"sys_id":"{SYS_ID}","sys_updated_on":"2026-12-05 10:00:00","sys_mod_count":{mod_count}}}}}"#
        ),
    )
}

/// A server answering the stamp read with `before` and the PATCH with `after`.
async fn instance(before: String, after: String) -> TestServer {
    TestServer::start(Behaviour::Route(vec![
        (format!("GET {}?", record_path()), before),
        (format!("PATCH {}?", record_path()), after),
    ]))
    .await
}

/// What `write_record` gives for the user name and the new secret.
async fn write(
    server: &TestServer,
) -> Result<crate::domain::servicenow_write::WriteReceipt, ClientError> {
    let key = SecretString::from("newkey123");
    let secret = SecretString::from(NEW_SECRET);
    sn_client(&server.url(), Timeouts::default())
        .write_record(&target(), &[("user_name", &key), ("password", &secret)])
        .await
}

fn shown(error: &ClientError) -> String {
    format!(
        "{error:?} {error} {}",
        error.user_message(Service::ServiceNow)
    )
}

#[tokio::test]
async fn a_write_sends_the_display_value_flag_and_counts_when_mod_count_went_up() {
    let mut server = instance(stamp_answer("\"4\""), stamp_answer("5")).await;
    let receipt = write(&server).await.unwrap();
    assert_eq!(receipt.before.mod_count, 4);
    assert_eq!(receipt.after.mod_count, 5);
    assert!(receipt.saved());
    assert_eq!(receipt.target, target());

    let read = server.next_request().await;
    assert!(read.starts_with("GET "), "{read}");
    assert_eq!(path_of(&read), record_path());
    let query = query_of(&read);
    assert_eq!(
        query["sysparm_fields"],
        "sys_id,sys_updated_on,sys_mod_count"
    );
    assert!(!read.contains(NEW_SECRET));

    let patch = server.next_request().await;
    assert!(patch.starts_with("PATCH "), "{patch}");
    assert_eq!(path_of(&patch), record_path());
    let query = query_of(&patch);
    assert_eq!(query["sysparm_input_display_value"], "true");
    assert_eq!(
        query["sysparm_fields"],
        "sys_id,sys_updated_on,sys_mod_count"
    );
    assert_eq!(query.len(), 2);
    let lower = patch.to_ascii_lowercase();
    assert!(
        lower.contains("\r\ncontent-type: application/json\r\n"),
        "{patch}"
    );
    assert!(
        lower.contains("\r\naccept: application/json\r\n"),
        "{patch}"
    );
    let (_, body) = patch.split_once("\r\n\r\n").unwrap();
    let body: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"user_name": "newkey123", "password": NEW_SECRET})
    );
}

#[tokio::test]
async fn a_200_with_the_same_mod_count_is_not_saved() {
    for after in ["4", "\"4\"", "3"] {
        let server = instance(stamp_answer("4"), stamp_answer(after)).await;
        let error = write(&server).await.unwrap_err();
        assert_eq!(
            error,
            ClientError::NotSaved {
                target: format!("basic_auth_credentials/{SYS_ID}")
            }
        );
        let message = error.user_message(Service::ServiceNow);
        assert!(message.contains("did not save"), "{message}");
        assert!(message.contains("nothing was changed"), "{message}");
        assert!(message.contains("try again"), "{message}");
    }
}

#[tokio::test]
async fn an_answer_without_a_mod_count_is_never_taken_for_a_save() {
    let hidden = json_response(200, &format!(r#"{{"result":{{"sys_id":"{SYS_ID}"}}}}"#));
    let server = instance(stamp_answer("4"), hidden).await;
    assert_eq!(write(&server).await.unwrap_err().class(), "unexpected_body");
}

#[tokio::test]
async fn a_404_says_the_record_is_gone_and_nothing_is_written() {
    let missing = json_response(
        404,
        r#"{"error":{"message":"No Record found","detail":"Record doesn't exist or ACL restricts the record retrieval"},"status":"failure"}"#,
    );
    let mut server = instance(missing.clone(), stamp_answer("5")).await;
    let error = write(&server).await.unwrap_err();
    let gone = ClientError::RecordGone {
        target: format!("basic_auth_credentials/{SYS_ID}"),
    };
    assert_eq!(error, gone);
    assert!(error
        .user_message(Service::ServiceNow)
        .contains("no record basic_auth_credentials/"));
    server.next_request().await;
    assert!(server.saw_no_request(), "a PATCH was sent after the 404");

    let server = instance(stamp_answer("4"), missing).await;
    assert_eq!(write(&server).await.unwrap_err(), gone);
}

#[tokio::test]
async fn the_values_written_never_show_in_any_error() {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::STANDARD.encode(NEW_SECRET);
    let echo = format!(
        r#"{{"error":{{"message":"Bad value {NEW_SECRET} for password","detail":"was {encoded}, login {CANARY}"}},"status":"failure"}}"#
    );
    let echoed_result = json_response(
        200,
        &format!(
            r#"{{"result":{{"sys_id":"{NEW_SECRET}","sys_mod_count":"4","password":"{NEW_SECRET}"}}}}"#
        ),
    );
    for after in [
        json_response(400, &echo),
        json_response(403, &echo),
        json_response(500, &echo),
        json_response(200, &format!("<html>{NEW_SECRET}</html>")),
        json_response(200, &format!(r#"{{"result":"{NEW_SECRET}"}}"#)),
        echoed_result,
    ] {
        let server = instance(stamp_answer("4"), after.clone()).await;
        let error = write(&server).await.unwrap_err();
        let shown = shown(&error);
        for secret in [NEW_SECRET, &encoded, CANARY] {
            assert!(!shown.contains(secret), "{after}: {shown}");
        }
    }
    // Cut at the one-line limit, a piece of it must not be left behind either.
    for pad in 140..170 {
        let message = format!("{}{NEW_SECRET}", "x".repeat(pad));
        let cut = json_response(
            400,
            &serde_json::json!({"error": {"message": message}, "status": "failure"}).to_string(),
        );
        let server = instance(stamp_answer("4"), cut).await;
        let shown = shown(&write(&server).await.unwrap_err());
        assert!(!shown.contains(&NEW_SECRET[..6]), "pad {pad}: {shown}");
    }
    // Echoed in the stamp read too (before anything is written).
    let server = instance(json_response(400, &echo), stamp_answer("5")).await;
    let shown = shown(&write(&server).await.unwrap_err());
    assert!(
        !shown.contains(NEW_SECRET) && !shown.contains(&encoded),
        "{shown}"
    );
}

#[tokio::test]
async fn a_record_is_read_with_its_stamp_name_and_readable_fields() {
    let answer = json_response(
        200,
        &format!(
            r#"{{"result":{{"sys_id":"{SYS_ID}","sys_updated_on":"2026-12-05 10:00:00","sys_mod_count":"9","name":"SMS\u0007 Hub","user_name":"oldkey","u_count":3,"u_empty":""}}}}"#
        ),
    );
    let mut server = TestServer::start(Behaviour::Respond(answer)).await;
    let client = sn_client(&server.url(), Timeouts::default());
    let read = client
        .read_record(&target(), &["user_name", "u_count", "u_empty", "u_absent"])
        .await
        .unwrap();
    assert_eq!(read.name.as_deref(), Some("SMS\u{fffd} Hub"));
    assert_eq!(read.stamp.mod_count, 9);
    assert_eq!(read.stamp.updated_on, "2026-12-05 10:00:00");
    let values: Vec<(&str, &str)> = read
        .values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        values,
        [("u_count", "3"), ("u_empty", ""), ("user_name", "oldkey")]
    );
    let request = server.next_request().await;
    assert_eq!(path_of(&request), record_path());
    assert_eq!(
        query_of(&request)["sysparm_fields"],
        "sys_id,sys_updated_on,sys_mod_count,name,user_name,u_count,u_empty,u_absent"
    );
}

#[tokio::test]
async fn a_secret_field_is_never_read_and_bad_writes_are_never_sent() {
    let mut server = TestServer::answering(200, &[], "{}").await;
    let client = sn_client(&server.url(), Timeouts::default());
    for field in ["password", "api_key", "u_api_secret", "Name", "a^b", ""] {
        let error = client
            .read_record(&target(), &["user_name", field])
            .await
            .unwrap_err();
        assert_eq!(error.class(), "bad_query", "{field:?}");
        let message = error.user_message(Service::ServiceNow);
        assert!(
            message.starts_with("Nothing was sent to ServiceNow: "),
            "{message}"
        );
    }
    let value = SecretString::from(NEW_SECRET);
    for values in [
        vec![],
        vec![("sys_mod_count", &value)],
        vec![("password", &value), ("password", &value)],
        vec![("pass word", &value)],
    ] {
        let error = client.write_record(&target(), &values).await.unwrap_err();
        assert_eq!(error.class(), "bad_query");
        assert!(!shown(&error).contains(NEW_SECRET));
    }
    assert!(server.saw_no_request());
}

#[tokio::test]
async fn a_read_of_a_missing_record_says_it_is_gone() {
    let server = TestServer::start(Behaviour::Respond(json_response(
        404,
        r#"{"error":{"message":"No Record found"},"status":"failure"}"#,
    )))
    .await;
    let error = sn_client(&server.url(), Timeouts::default())
        .read_record(&target(), &["user_name"])
        .await
        .unwrap_err();
    assert_eq!(error.class(), "record_gone");
}
