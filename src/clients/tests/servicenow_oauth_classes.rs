//! How the token endpoint's answers are classified: each RFC 6749 §5.2 code,
//! read from JSON, a form-encoded or a text body, the 404 of an instance
//! without OAuth, the hibernation page, and answers that are not a token.

use super::servicenow_oauth::{oauth_client, token_answer, SECRETS};
use super::{json_response, response, Behaviour, TestServer};
use crate::domain::remote_error::{ClientError, OAuthError, Service};

/// What `check_credentials` fails with when the token endpoint answers `raw`
/// (the Table API is never reached).
async fn token_failure(raw: String) -> ClientError {
    let mut server = TestServer::start(Behaviour::Route(vec![(
        "POST /oauth_token.do".to_owned(),
        raw,
    )]))
    .await;
    let error = oauth_client(&server.url())
        .check_credentials()
        .await
        .unwrap_err();
    while let Ok(request) = server.requests.try_recv() {
        assert!(request.starts_with("POST /oauth_token.do"), "{request}");
    }
    error
}

fn refused(status: u16, error: OAuthError) -> ClientError {
    ClientError::OAuthRefused { status, error }
}

#[tokio::test]
async fn each_rfc_code_is_its_own_class_with_its_own_advice() {
    let cases = [
        (
            401,
            "invalid_client",
            OAuthError::InvalidClient,
            "Application Registry",
        ),
        (
            400,
            "invalid_grant",
            OAuthError::InvalidGrant,
            "user name or password",
        ),
        (
            400,
            "unauthorized_client",
            OAuthError::UnauthorizedClient,
            "password grant",
        ),
        (
            400,
            "unsupported_grant_type",
            OAuthError::UnsupportedGrantType,
            "password grant",
        ),
        (400, "invalid_request", OAuthError::InvalidRequest, "proxy"),
    ];
    let mut sentences = Vec::new();
    for (status, code, expected, advice) in cases {
        let body = format!(r#"{{"error":"{code}","error_description":"whatever it says"}}"#);
        let error = token_failure(json_response(status, &body)).await;
        assert_eq!(error, refused(status, expected), "{code}");
        assert_eq!(error.class(), format!("oauth_{code}"));
        let sentence = error.user_message(Service::ServiceNow);
        assert!(sentence.contains(advice), "{sentence}");
        assert!(!sentence.contains("whatever it says"), "{sentence}");
        assert_eq!(
            sentence.matches(". ").count(),
            0,
            "one sentence: {sentence}"
        );
        sentences.push(sentence);
    }
    sentences.dedup();
    assert_eq!(sentences.len(), cases.len());
}

#[tokio::test]
async fn codes_are_found_in_form_and_text_bodies_and_unknown_ones_are_other() {
    let form = response(
        400,
        &[("Content-Type", "application/x-www-form-urlencoded")],
        "error=invalid_grant&error_description=no",
    );
    assert_eq!(
        token_failure(form).await,
        refused(400, OAuthError::InvalidGrant)
    );
    let text = response(
        401,
        &[("Content-Type", "text/plain")],
        "Error: invalid_client",
    );
    assert_eq!(
        token_failure(text).await,
        refused(401, OAuthError::InvalidClient)
    );
    // ServiceNow is known to answer a refusal this way.
    let vague = json_response(
        401,
        r#"{"error_description":"access_denied","error":"server_error"}"#,
    );
    let error = token_failure(vague).await;
    assert_eq!(error, refused(401, OAuthError::Other));
    assert_eq!(error.class(), "oauth_refused");
    let empty = response(401, &[], "");
    assert_eq!(token_failure(empty).await, refused(401, OAuthError::Other));
}

#[tokio::test]
async fn no_token_endpoint_is_oauth_unavailable() {
    let error = token_failure(json_response(404, r#"{"error":{"message":"Not found"}}"#)).await;
    assert_eq!(error, ClientError::OAuthUnavailable);
    assert!(error
        .user_message(Service::ServiceNow)
        .contains("OAuth 2.0 plugin"));
}

#[tokio::test]
async fn the_hibernation_page_and_other_html_are_told_apart() {
    let page = |text: &str| response(200, &[("Content-Type", "text/html")], text);
    assert_eq!(
        token_failure(page("<html>Your instance is hibernating</html>")).await,
        ClientError::Hibernating
    );
    let error = token_failure(page("<html>Sign in</html>")).await;
    assert_eq!(error.class(), "unexpected_body");
}

#[tokio::test]
async fn answers_that_are_not_a_bearer_token_are_unexpected() {
    for body in [
        r#"{"token_type":"Bearer","expires_in":1800}"#,
        r#"{"access_token":"","token_type":"Bearer"}"#,
        r#"{"access_token":"abc","token_type":"mac"}"#,
        r#"["access_token"]"#,
        "not json",
    ] {
        let error = token_failure(json_response(200, body)).await;
        assert_eq!(error.class(), "unexpected_body", "{body}");
    }
    // A refusal dressed as a success still says which code.
    let error = token_failure(json_response(200, r#"{"error":"invalid_client"}"#)).await;
    assert_eq!(error, refused(200, OAuthError::InvalidClient));
}

#[tokio::test]
async fn a_rate_limit_and_a_server_error_keep_their_classes() {
    let limited = response(429, &[("Retry-After", "7")], "");
    assert_eq!(
        token_failure(limited).await,
        ClientError::RateLimited {
            retry_after: Some(std::time::Duration::from_secs(7))
        }
    );
    let down = json_response(503, "{}");
    assert_eq!(
        token_failure(down).await,
        ClientError::Server { status: 503 }
    );
}

#[tokio::test]
async fn a_token_lifetime_may_be_a_string_or_missing() {
    for expires_in in ["\"1800\"", "\"12.5\"", "null", "\"soon\""] {
        let server = TestServer::start(Behaviour::Route(vec![
            ("POST /oauth_token.do".to_owned(), token_answer(expires_in)),
            (
                "/api/now/table/sys_db_object".to_owned(),
                json_response(200, r#"{"result":[]}"#),
            ),
        ]))
        .await;
        let tables = oauth_client(&server.url()).find_tables("sms").await;
        assert_eq!(tables.unwrap(), Vec::new(), "{expires_in}");
    }
}

#[tokio::test]
async fn a_refusal_echoing_the_secrets_shows_none_of_them() {
    let echo = SECRETS.join(" ");
    for raw in [
        json_response(
            401,
            &format!(r#"{{"error":"invalid_client","error_description":"{echo}"}}"#),
        ),
        json_response(400, &format!(r#"{{"error":"{echo}"}}"#)),
        response(500, &[], &echo),
        json_response(
            200,
            &format!(r#"{{"access_token":7,"error_description":"{echo}"}}"#),
        ),
        response(
            200,
            &[("Content-Type", "text/html")],
            &format!("<p>{echo}</p>"),
        ),
    ] {
        let error = token_failure(raw).await;
        let shown = [
            format!("{error:?}"),
            error.to_string(),
            error.user_message(Service::ServiceNow),
        ];
        for text in &shown {
            for secret in SECRETS {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
        }
    }
}
