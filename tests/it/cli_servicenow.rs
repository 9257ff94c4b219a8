//! `nowkey servicenow discover` and `apply` against an in-process sandbox playing
//! ServiceNow with the SMS connector: the JSON documents, the preview and
//! `--dry-run`, a secret that is not the profile's, roles, `--secrets-stdin`, a
//! write half done, and `nowkey check`'s two record checks.

use crate::support;

use std::time::Duration;

use chrono::NaiveDate;
use nowkey::domain::profile::{rotation_due, Profile, SmsProfile};
use nowkey::domain::token::Fingerprint;
use nowkey::sandbox::{Sandbox, SandboxConfig, SEEDED_HUB_KEY};
use nowkey::store::{save_profile, ConfigDir};
use serde_json::Value;
use support::cli::{nowkey, Nowkey, Run};
use support::flow::Creds;
use support::runtime;

const ADMIN_PASSWORD: &str = "admin-sandbox-pw";
const CREDENTIAL: &str = "api_key_credentials/7c1c1c0b9ae54bcdb17ff959a70c5e6a";
const REGISTRATION: &str = "x_nkdemo_sms_environment_registration/9c58b4b09f50428f97d85936b9eb9779";
const FIELDS: &str = "u_api_key,u_api_secret";

struct Env {
    rt: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    base: String,
    creds: Creds,
    home: tempfile::TempDir,
}

impl Env {
    /// A sandbox and a profile `prod` on a fresh key, with ServiceNow as `admin`.
    fn new(key_created: NaiveDate) -> Env {
        let rt = runtime();
        let sandbox = rt
            .block_on(Sandbox::start(SandboxConfig {
                delivery_step: Duration::from_millis(50),
                ..SandboxConfig::default()
            }))
            .expect("sandbox starts");
        let (key, secret) = sandbox.create_hub_key();
        let env = Env {
            base: sandbox.base_url(),
            sandbox: Some(sandbox),
            rt,
            creds: Creds::new(&key, &secret),
            home: tempfile::tempdir().unwrap(),
        };
        let dir = ConfigDir::resolve(Some(env.home.path().join("config"))).unwrap();
        dir.ensure_exists().unwrap();
        save_profile(
            &dir,
            "prod",
            Profile {
                sms: Some(SmsProfile {
                    vendor: "messagemedia".into(),
                    hub_api_url: env.base.clone(),
                    api_key: key,
                    token_fingerprint: Fingerprint::parse(&env.creds.fingerprint).unwrap(),
                    key_created,
                    next_rotation_due: rotation_due(key_created),
                    test_number: None,
                    servicenow_url: Some(env.base.clone()),
                    servicenow_user: Some("admin".into()),
                    servicenow_credential: None,
                    servicenow_registration: None,
                    servicenow_registration_fields: None,
                    rotations: Vec::new(),
                }),
                hopex: None,
            },
        )
        .unwrap();
        env
    }

    fn run(&self, args: &[&str], admin: &str, stdin: Option<&str>) -> Run {
        let mut cmd = nowkey(args, self.home.path()).env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", admin);
        if let Some(text) = stdin {
            cmd = cmd.stdin(text);
        }
        cmd.run()
    }

    /// `nowkey servicenow apply --profile prod` on the seeded records, as `user`,
    /// with these registration fields and `flags`.
    fn apply_command(&self, flags: &[&str], fields: &str, user: &str) -> Nowkey {
        let mut args = vec![
            "servicenow",
            "apply",
            "--profile",
            "prod",
            "--credential",
            CREDENTIAL,
            "--registration",
            REGISTRATION,
            "--registration-fields",
            fields,
            "--admin-user",
            user,
        ];
        args.extend_from_slice(flags);
        nowkey(&args, self.home.path())
    }

    /// `apply --yes --json` as `admin` with the profile's secret, plus `extra`.
    fn apply(&self, extra: &[&str]) -> Run {
        let flags = [&["--yes", "--json"], extra].concat();
        self.apply_command(&flags, FIELDS, "admin")
            .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("NOWKEY_HUB_API_SECRET", &self.creds.secret)
            .run()
    }

    /// `sys_mod_count` of a record, read as the admin.
    fn mod_count(&self, target: &str) -> u64 {
        let url = format!(
            "{}/api/now/table/{target}?sysparm_fields=sys_mod_count",
            self.base
        );
        let body: Value = self.rt.block_on(async {
            reqwest::Client::new()
                .get(url)
                .basic_auth("admin", Some(ADMIN_PASSWORD))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap()
        });
        body["result"]["sys_mod_count"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// Writes a plain field as the admin, as someone editing ServiceNow would.
    fn patch(&self, target: &str, field: &str, value: &str) {
        let url = format!("{}/api/now/table/{target}", self.base);
        self.rt.block_on(async {
            let status = reqwest::Client::new()
                .patch(url)
                .basic_auth("admin", Some(ADMIN_PASSWORD))
                .json(&serde_json::json!({ field: value }))
                .send()
                .await
                .unwrap()
                .status();
            assert!(status.is_success(), "{status}");
        });
    }

    fn spoke_send(&self) -> u16 {
        let url = format!("{}/_sandbox/servicenow/spoke/send", self.base);
        self.rt.block_on(async {
            reqwest::Client::new()
                .post(url)
                .json(&serde_json::json!({"to": support::GOOD_NUMBER, "content": "hello"}))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    }
}

impl Drop for Env {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.rt.block_on(sandbox.shutdown());
        }
    }
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn doc(run: &Run, secrets: &[&str]) -> Value {
    for secret in secrets {
        assert!(
            !run.stdout.contains(secret) && !run.stderr.contains(secret),
            "a secret in {run:#?}"
        );
    }
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("JSON ({e}): {run:#?}"))
}

#[test]
fn discover_lists_the_connectors_credential_and_registration_and_never_a_secret() {
    let env = Env::new(today());
    let run = env.run(
        &[
            "servicenow",
            "discover",
            "--profile",
            "prod",
            "--admin-user",
            "admin",
            "--json",
        ],
        ADMIN_PASSWORD,
        None,
    );
    run.expect_code(0);
    let found = doc(
        &run,
        &[
            ADMIN_PASSWORD,
            SEEDED_HUB_KEY.api_secret,
            &SEEDED_HUB_KEY.token(),
        ],
    );
    assert_eq!(found["schema"], "nowkey.servicenow-discover/1");
    assert_eq!(
        found["credentials"].as_array().unwrap().len(),
        1,
        "only the SMS credential matches: {found}"
    );
    assert_eq!(found["credentials"][0]["target"], CREDENTIAL);
    assert_eq!(found["credentials"][0]["writable"], true);
    assert_eq!(found["credentials"][0]["alias"]["name"], "SMS Hub");
    let table = &found["registration_tables"][0];
    assert_eq!(table["name"], "x_nkdemo_sms_environment_registration");
    assert_eq!(
        table["suggested_fields"],
        serde_json::json!(["u_api_key", "u_api_secret"])
    );
    assert_eq!(table["records"][0]["target"], REGISTRATION);
    assert_eq!(
        table["records"][0]["key_value"], SEEDED_HUB_KEY.api_key,
        "the key id is readable"
    );
    // Another term finds another record; the human listing says the same.
    let jira = env.run(
        &[
            "servicenow",
            "discover",
            "--profile",
            "prod",
            "--admin-user",
            "admin",
            "--search",
            "jira",
        ],
        ADMIN_PASSWORD,
        None,
    );
    jira.expect_code(0);
    assert!(
        jira.stdout.contains("basic_auth_credentials/") && jira.stdout.contains("Jira integration"),
        "{jira:#?}"
    );
}

#[test]
fn discover_as_a_user_without_the_roles_says_which_roles_are_needed() {
    let env = Env::new(today());
    let run = env.run(
        &[
            "servicenow",
            "discover",
            "--profile",
            "prod",
            "--admin-user",
            "sn.integration",
        ],
        "integration-sandbox-pw",
        None,
    );
    run.expect_code(1);
    assert!(run.stderr.contains("admin or credential_admin"), "{run:#?}");
    let bad = env.run(
        &[
            "servicenow",
            "discover",
            "--profile",
            "prod",
            "--admin-user",
            "admin",
            "--search",
            "a^b",
        ],
        ADMIN_PASSWORD,
        None,
    );
    bad.expect_code(2);
}

#[test]
fn a_dry_run_previews_without_values_and_writes_nothing() {
    let env = Env::new(today());
    let before = (env.mod_count(CREDENTIAL), env.mod_count(REGISTRATION));
    let run = env
        .apply_command(&["--dry-run", "--json"], FIELDS, "admin")
        .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .run();
    run.expect_code(0);
    let plan = doc(&run, &[ADMIN_PASSWORD, &env.creds.secret, &env.creds.token]);
    assert_eq!(plan["schema"], "nowkey.servicenow-apply/1");
    assert_eq!(plan["dry_run"], true);
    assert_eq!(
        plan["writes"][0]["fields"][0],
        serde_json::json!({"field": "api_key", "value": "token", "change": "unknown"})
    );
    assert_eq!(
        plan["writes"][1]["fields"][0]["change"], "changes",
        "the registration holds the seeded key"
    );
    assert!(plan["writes"][0]["saved"].is_null());
    assert_eq!(
        (env.mod_count(CREDENTIAL), env.mod_count(REGISTRATION)),
        before
    );
}

#[test]
fn a_secret_of_another_key_is_refused_before_anything_is_sent() {
    let env = Env::new(today());
    let before = env.mod_count(CREDENTIAL);
    let run = env
        .apply_command(&["--yes"], FIELDS, "admin")
        .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("NOWKEY_HUB_API_SECRET", "notTheSecretOfThisKey0000000")
        .run();
    run.expect_code(2);
    assert!(run.stderr.contains("does not belong to key"), "{run:#?}");
    assert_eq!(env.mod_count(CREDENTIAL), before);
}

#[test]
fn apply_writes_both_records_counts_them_by_sys_mod_count_and_the_connector_sends_with_them() {
    let env = Env::new(today());
    let before = (env.mod_count(CREDENTIAL), env.mod_count(REGISTRATION));
    let stdin = serde_json::json!({"hub_api_secret": env.creds.secret, "servicenow_admin_password": ADMIN_PASSWORD}).to_string();
    let run = env
        .apply_command(&["--yes", "--secrets-stdin", "--json"], FIELDS, "admin")
        .stdin(stdin)
        .run();
    run.expect_code(0);
    let result = doc(&run, &[ADMIN_PASSWORD, &env.creds.secret, &env.creds.token]);
    assert_eq!(result["ok"], true);
    for (i, was) in [before.0, before.1].into_iter().enumerate() {
        assert_eq!(result["writes"][i]["saved"], true);
        assert_eq!(result["writes"][i]["after"]["mod_count"], was + 1);
    }
    assert_eq!(
        (env.mod_count(CREDENTIAL), env.mod_count(REGISTRATION)),
        (before.0 + 1, before.1 + 1)
    );
    assert_eq!(
        env.spoke_send(),
        202,
        "the connector sends with the key nowkey wrote"
    );
    // Remembered: the next apply needs no record flags.
    let again = nowkey(
        &[
            "servicenow",
            "apply",
            "--profile",
            "prod",
            "--admin-user",
            "admin",
            "--dry-run",
            "--json",
        ],
        env.home.path(),
    )
    .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
    .run();
    again.expect_code(0);
    assert_eq!(
        doc(&again, &[])["writes"][1]["fields"][0]["change"],
        "unchanged"
    );
}

#[test]
fn a_credential_admin_writes_the_credential_and_is_refused_the_registration() {
    let env = Env::new(today());
    let run = env
        .apply_command(&["--yes", "--json"], FIELDS, "cred.admin")
        .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", "cred-admin-sandbox-pw")
        .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
        .run();
    run.expect_code(1);
    let result = doc(&run, &["cred-admin-sandbox-pw", &env.creds.secret]);
    assert_eq!(result["writes"][0]["saved"], true);
    assert_eq!(result["writes"][1]["saved"], false);
    assert!(
        result["error"]["message"]
            .as_str()
            .unwrap()
            .contains("ServiceNow"),
        "{result}"
    );
}

/// One of `nowkey check --profile prod --json`'s checks, by id.
fn check_result(env: &Env, id: &str) -> Value {
    let run = nowkey(&["check", "--profile", "prod", "--json"], env.home.path())
        .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
        .env("NOWKEY_SERVICENOW_PASSWORD", ADMIN_PASSWORD)
        .run();
    let doc = doc(&run, &[ADMIN_PASSWORD, &env.creds.secret]);
    doc["profiles"][0]["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .cloned()
        .unwrap_or_else(|| panic!("{id} in {doc}"))
}

#[test]
fn check_compares_the_registrations_key_and_dates_the_credential() {
    let env = Env::new(today());
    env.apply(&[]).expect_code(0);
    let key = check_result(&env, "servicenow.registration_key");
    assert_eq!(key["outcome"], "pass", "{key}");
    let updated = check_result(&env, "servicenow.credential_updated");
    assert_eq!(updated["outcome"], "pass", "{updated}");
    // Someone puts another key into the registration: drift fails.
    env.patch(REGISTRATION, "u_api_key", "SOMEOTHERKEY00000001");
    let key = check_result(&env, "servicenow.registration_key");
    assert_eq!(key["outcome"], "fail", "{key}");
    assert!(
        key["detail"]
            .as_str()
            .unwrap()
            .contains("SOMEOTHERKEY00000001"),
        "{key}"
    );
}

#[test]
fn a_credential_not_updated_since_the_key_was_made_warns() {
    let env = Env::new(today() + chrono::Days::new(2));
    env.apply(&[]).expect_code(0);
    let updated = check_result(&env, "servicenow.credential_updated");
    assert_eq!(updated["outcome"], "warn", "{updated}");
    assert!(updated["detail"]
        .as_str()
        .unwrap()
        .contains("may still hold the previous key"));
}

#[test]
fn without_a_terminal_to_ask_apply_writes_only_with_yes() {
    let env = Env::new(today());
    let before = env.mod_count(CREDENTIAL);
    let run = env
        .apply_command(&[], FIELDS, "admin")
        .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
        .run();
    run.expect_code(2);
    assert!(run.stderr.contains("--yes"), "{run:#?}");
    assert_eq!(env.mod_count(CREDENTIAL), before, "nothing written");
}

#[test]
fn a_secret_field_that_is_not_encrypted_is_refused() {
    let env = Env::new(today());
    let before = env.mod_count(REGISTRATION);
    let run = env
        .apply_command(&["--yes"], "u_api_key,u_name", "admin")
        .env("NOWKEY_SERVICENOW_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("NOWKEY_HUB_API_SECRET", &env.creds.secret)
        .run();
    run.expect_code(2);
    assert!(run.stderr.contains("not an encrypted field"), "{run:#?}");
    assert_eq!(env.mod_count(REGISTRATION), before);
}

#[test]
fn apply_is_refused_while_a_rotation_of_the_profile_is_in_progress() {
    use nowkey::domain::rotation::{KeyRef, Rotation};
    let env = Env::new(today());
    let dir = ConfigDir::resolve(Some(env.home.path().join("config"))).unwrap();
    let old = KeyRef {
        api_key: env.creds.key.clone(),
        fingerprint: Fingerprint::parse(&env.creds.fingerprint).unwrap(),
        expires: None,
    };
    nowkey::store::save_rotation(
        &dir,
        &Rotation::start("prod", old, false, chrono::Utc::now()),
    )
    .unwrap();
    let before = env.mod_count(CREDENTIAL);
    let run = env.apply(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("rotation of prod is in progress"),
        "{run:#?}"
    );
    assert_eq!(env.mod_count(CREDENTIAL), before);
}
