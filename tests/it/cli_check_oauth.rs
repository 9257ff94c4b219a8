//! `nowkey check` for a HOPEX profile whose ServiceNow sign-in is OAuth2: the
//! client secret is asked for like the other secrets (environment, stdin, keyring,
//! prompt) and a missing one is named with how to give it.

use crate::check_support::{check_of, detail_of, outcome_of, source_of, CheckEnv, SN_PASSWORD};
use nowkey::domain::servicenow::ServiceNowAuthMode;

const CLIENT_ID: &str = "0123456789abcdef0123456789abcdef";
const CLIENT_SECRET: &str = "oauthClientCanary-9f8e7d6c";

/// The sandbox and `prod` (HOPEX only) signing in to ServiceNow with OAuth2.
fn oauth_env() -> CheckEnv {
    let env = CheckEnv::new(10);
    let mut profile = env.profile(10);
    profile.sms = None;
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.servicenow_auth = ServiceNowAuthMode::OAuth2;
        hopex.servicenow_oauth_client_id = Some(CLIENT_ID.into());
    }
    env.save("prod", profile);
    env
}

#[test]
fn the_client_secret_comes_from_the_environment() {
    let env = oauth_env();
    let run = env
        .check_command(&["--json"])
        .env("NOWKEY_SERVICENOW_PASSWORD", SN_PASSWORD)
        .env("NOWKEY_HOPEX_API_KEY", &env.hopex_key)
        .env("NOWKEY_SERVICENOW_CLIENT_SECRET", CLIENT_SECRET)
        .run();
    assert_eq!(source_of(&run, "servicenow_client_secret"), "environment");
    assert_ne!(outcome_of(&run, "servicenow.credentials"), "unknown");
    assert!(!run.stdout.contains(CLIENT_SECRET));
    assert!(!run.stderr.contains(CLIENT_SECRET));

    // Its own variable: given alone, the password is the one missing.
    let run = env
        .check_command(&["--json"])
        .env("NOWKEY_HOPEX_API_KEY", &env.hopex_key)
        .env("NOWKEY_SERVICENOW_CLIENT_SECRET", CLIENT_SECRET)
        .run();
    run.expect_code(4);
    assert_eq!(source_of(&run, "servicenow_client_secret"), "environment");
    assert_eq!(
        source_of(&run, "servicenow_password"),
        serde_json::Value::Null
    );
    assert!(
        detail_of(&run, "servicenow.credentials").contains("the ServiceNow password was not given"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_client_secret_comes_from_stdin() {
    let env = oauth_env();
    let document = serde_json::json!({"prod": {
        "servicenow_password": SN_PASSWORD,
        "servicenow_client_secret": CLIENT_SECRET,
        "hopex_api_key": env.hopex_key,
    }});
    let run = env
        .check_command(&["--json", "--secrets-stdin"])
        .stdin(document.to_string())
        .run();
    assert_eq!(source_of(&run, "servicenow_client_secret"), "stdin");
    assert_eq!(source_of(&run, "servicenow_password"), "stdin");
    assert_ne!(outcome_of(&run, "servicenow.credentials"), "unknown");
    assert!(!run.stdout.contains(CLIENT_SECRET));
}

#[test]
fn a_missing_client_secret_is_named_with_how_to_give_it() {
    let env = oauth_env();
    let run = env
        .check_command(&["--json"])
        .env("NOWKEY_SERVICENOW_PASSWORD", SN_PASSWORD)
        .env("NOWKEY_HOPEX_API_KEY", &env.hopex_key)
        .run();
    run.expect_code(4);
    assert_eq!(
        source_of(&run, "servicenow_client_secret"),
        serde_json::Value::Null
    );
    let check = check_of(&run, "servicenow.credentials");
    assert_eq!(check["outcome"], "unknown", "{check}");
    assert!(
        check["detail"]
            .as_str()
            .is_some_and(|d| d.contains("the ServiceNow OAuth client secret was not given")),
        "{check}"
    );
    assert!(
        check["remediation"]
            .as_str()
            .is_some_and(|r| r.contains("NOWKEY_SERVICENOW_CLIENT_SECRET")),
        "{check}"
    );
}

#[test]
fn a_basic_profile_never_asks_for_a_client_secret() {
    let env = CheckEnv::new(10);
    let run = env.check(&["--json"]);
    run.expect_code(0);
    assert_eq!(
        source_of(&run, "servicenow_client_secret"),
        serde_json::Value::Null
    );
    assert_eq!(outcome_of(&run, "servicenow.credentials"), "pass");
}

/// Against the sandbox's Application Registry: the registered client signs in
/// (token, then Bearer on the Table API); a wrong client secret is refused as
/// `invalid_client`, with what to fix and without the secret.
#[test]
fn the_oauth_sign_in_passes_against_the_sandbox_and_a_wrong_secret_is_named() {
    use secrecy::ExposeSecret;
    let env = CheckEnv::new(10);
    let client = env
        .rt
        .block_on(
            nowkey::clients::sandbox_admin::create_servicenow_oauth_client(
                &env.base,
                "HOPEX integration",
                nowkey::clients::http::Timeouts::default(),
            ),
        )
        .expect("a registry client");
    let mut profile = env.profile(10);
    profile.sms = None;
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.servicenow_auth = ServiceNowAuthMode::OAuth2;
        hopex.servicenow_oauth_client_id = Some(client.client_id.clone());
    }
    env.save("prod", profile);
    let secret = client.client_secret.expose_secret().to_owned();
    let run = env
        .check_command(&["--json"])
        .env("NOWKEY_SERVICENOW_PASSWORD", SN_PASSWORD)
        .env("NOWKEY_HOPEX_API_KEY", &env.hopex_key)
        .env("NOWKEY_SERVICENOW_CLIENT_SECRET", &secret)
        .run();
    assert_eq!(
        outcome_of(&run, "servicenow.credentials"),
        "pass",
        "{}",
        run.stdout
    );

    let run = env
        .check_command(&["--json"])
        .env("NOWKEY_SERVICENOW_PASSWORD", SN_PASSWORD)
        .env("NOWKEY_HOPEX_API_KEY", &env.hopex_key)
        .env("NOWKEY_SERVICENOW_CLIENT_SECRET", CLIENT_SECRET)
        .run();
    assert_eq!(
        outcome_of(&run, "servicenow.credentials"),
        "fail",
        "{}",
        run.stdout
    );
    let detail = detail_of(&run, "servicenow.credentials");
    assert!(detail.to_lowercase().contains("client"), "{detail}");
    for output in [&run.stdout, &run.stderr] {
        assert!(!output.contains(CLIENT_SECRET));
        assert!(!output.contains(&secret));
    }
}
