//! What the operator sees: URL rules, one-sentence messages, and no secret anywhere.

use std::time::Duration;

use super::{client_for, credentials, TestServer, CANARY};
use crate::clients::hub::HubClient;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::service_url::parse_service_url;

#[test]
fn plain_http_is_refused_except_to_loopback() {
    let error = parse_service_url("http://api.messagemedia.com").unwrap_err();
    let ClientError::BadUrl { reason } = &error else {
        panic!("expected BadUrl, got {error:?}");
    };
    assert!(reason.contains("use https://"), "{reason}");
    for ok in [
        "http://127.0.0.1:8080",
        "http://127.8.9.10",
        "http://localhost:1",
        "http://[::1]:2",
        " https://api.messagemedia.com/ ",
    ] {
        parse_service_url(ok).unwrap_or_else(|e| panic!("{ok}: {e:?}"));
    }
}

#[test]
fn other_bad_urls_are_refused_without_echoing_the_input() {
    for bad in [
        "",
        CANARY,
        "ftp://api.messagemedia.com",
        &format!("https://user:{CANARY}@api.messagemedia.com"),
        "https://api.messagemedia.com/?key=1",
        "http://10.0.0.1",
    ] {
        let error = parse_service_url(bad).unwrap_err();
        assert_eq!(error.class(), "bad_url", "{bad}");
        assert!(!error.user_message(Service::Hub).contains(CANARY));
    }
}

#[test]
fn a_trailing_slash_is_stripped_and_a_prefix_kept() {
    let url = parse_service_url("https://proxy.example/hub/").unwrap();
    assert_eq!(url.path(), "/hub");
    assert_eq!(
        parse_service_url("https://api.messagemedia.com")
            .unwrap()
            .as_str(),
        "https://api.messagemedia.com/"
    );
}

#[test]
fn hub_client_new_refuses_plain_http_to_another_host() {
    let error = HubClient::new(
        "http://api.messagemedia.com",
        credentials(),
        Default::default(),
    )
    .unwrap_err();
    assert_eq!(error.class(), "bad_url");
}

/// One of every class, worded as the server would leave it.
fn every_class() -> Vec<ClientError> {
    vec![
        ClientError::Auth { status: 401 },
        ClientError::Auth { status: 403 },
        ClientError::Permission {
            message: Some("Sub-account access is not enabled".into()),
        },
        ClientError::Permission { message: None },
        ClientError::BadRequest {
            message: "Request failed to parse correctly".into(),
            details: vec!["/messages/0/content: too long".into()],
        },
        ClientError::BadRequest {
            message: "the server gave no reason; check the number and message".into(),
            details: vec![],
        },
        ClientError::NotFound { message: None },
        ClientError::RateLimited {
            retry_after: Some(Duration::from_secs(7)),
        },
        ClientError::RateLimited { retry_after: None },
        ClientError::Server { status: 500 },
        ClientError::Server { status: 502 },
        ClientError::Server { status: 503 },
        ClientError::UnexpectedStatus { status: 418 },
        ClientError::Timeout {
            after: Duration::from_millis(300),
        },
        ClientError::Dns {
            host: "nowkey-test.invalid".into(),
        },
        ClientError::Network {
            detail: "connection refused".into(),
        },
        ClientError::Tls {
            detail: "the server did not answer with TLS; is it plain http://?".into(),
        },
        ClientError::UnexpectedBody {
            status: 200,
            detail: "the body was empty".into(),
        },
        parse_service_url("http://example.com").unwrap_err(),
    ]
}

#[test]
fn every_user_message_is_one_sentence_with_a_next_step() {
    for error in every_class() {
        for service in [Service::Hub, Service::ServiceNow, Service::Hopex] {
            let message = error.user_message(service);
            assert!(message.ends_with('.'), "{message}");
            assert!(!message.contains('\n'), "{message}");
            assert!(!message.contains(". "), "more than one sentence: {message}");
            assert!(message.contains(": "), "no next step: {message}");
            assert!(message.chars().next().unwrap().is_uppercase(), "{message}");
        }
    }
}

#[tokio::test]
async fn a_server_echoing_the_credentials_never_gets_them_shown() {
    let token = credentials().token();
    let body = format!(
        r#"{{"message":"bad header Basic {}","details":["secret was {CANARY}"]}}"#,
        token.expose()
    );
    let server = TestServer::answering(400, &[], &body).await;
    let client = client_for(&server);
    let error = client.check_credentials().await.unwrap_err();
    let shown = format!("{error:?} {error} {}", error.user_message(Service::Hub));
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(!shown.contains(CANARY), "{shown}");
    assert!(!shown.contains(token.expose()), "{shown}");
}

#[tokio::test]
async fn no_error_and_no_debug_output_contains_the_secret() {
    let token = credentials().token();
    let refused = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let refused_url = format!("http://{}", refused.local_addr().unwrap());
    drop(refused);
    let server = TestServer::answering(
        401,
        &[],
        r#"{"message":"Invalid authentication credentials"}"#,
    )
    .await;
    for base in [
        server.url(),
        refused_url,
        format!("https://{}", server.addr),
    ] {
        let client = client_for_base(&base);
        let debug = format!("{client:?}");
        assert!(
            !debug.contains(CANARY) && !debug.contains(token.expose()),
            "{debug}"
        );
        assert!(debug.contains("testkey123"), "{debug}");
        let error = client.check_credentials().await.unwrap_err();
        let shown = format!("{error:?} {error} {}", error.user_message(Service::Hub));
        assert!(
            !shown.contains(CANARY) && !shown.contains(token.expose()),
            "{shown}"
        );
    }
    for error in every_class() {
        let shown = format!("{error:?} {error} {}", error.user_message(Service::Hub));
        assert!(!shown.contains(CANARY), "{shown}");
    }
}

fn client_for_base(base: &str) -> HubClient {
    super::client(base, super::quick())
}

#[test]
fn a_server_text_of_several_sentences_stays_inside_one_sentence() {
    use crate::clients::response::clean_server_text;
    assert_eq!(
        clean_server_text("Request failed to parse correctly. Please ensure input is valid."),
        "Request failed to parse correctly; Please ensure input is valid"
    );
    assert_eq!(
        clean_server_text("Stop!  Go on?\nNow..."),
        "Stop; Go on; Now"
    );
    assert_eq!(
        clean_server_text("see developer.servicenow.com, version 1.5"),
        "see developer.servicenow.com, version 1.5"
    );
    let error = ClientError::BadRequest {
        message: "unused".into(),
        details: vec![clean_server_text("Too short. Check the number.")],
    };
    let message = error.user_message(Service::Hub);
    assert!(!message.contains(". "), "{message}");
}

#[test]
fn every_message_after_a_request_names_the_service() {
    // A refused URL is shown next to the field it came from; every other class
    // follows a request to one service, and the operator may be checking three.
    for error in every_class().into_iter().filter(|e| e.class() != "bad_url") {
        for service in [Service::Hub, Service::ServiceNow, Service::Hopex] {
            let message = error.user_message(service);
            let name = service.display_name().to_lowercase();
            assert!(message.to_lowercase().contains(&name), "{message}");
        }
    }
}

#[test]
fn a_not_found_is_advised_in_the_terms_of_its_service() {
    let error = ClientError::NotFound { message: None };
    assert!(error
        .user_message(Service::Hub)
        .contains("message was sent"));
    let servicenow = error.user_message(Service::ServiceNow);
    assert!(servicenow.contains("instance URL"), "{servicenow}");
    let hopex = error.user_message(Service::Hopex);
    assert!(hopex.contains("schema"), "{hopex}");
    for message in [servicenow, hopex] {
        assert!(!message.contains("message"), "{message}");
    }
}
