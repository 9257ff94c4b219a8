#![allow(dead_code)] // each suite uses a different part of it
//! A sandbox with a full profile (SMS connector + HOPEX on-premises + ServiceNow)
//! saved in a temporary home, for the `nowkey check` tests.

use std::time::Duration;

use chrono::{Days, Utc};
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use nowkey::domain::profile::{rotation_due, HopexProfile, Profile, SmsProfile};
use nowkey::domain::token::Fingerprint;
use nowkey::sandbox::{Sandbox, SandboxConfig, SandboxTls};
use nowkey::store::{save_profile, ConfigDir};

use crate::support::cli::{nowkey, Nowkey, Run};
use crate::support::{admin_add_fault, expected_fingerprint, expected_token, runtime};

/// The seeded ServiceNow integration user.
pub const SN_USER: &str = "sn.integration";
/// Its password.
pub const SN_PASSWORD: &str = "integration-sandbox-pw";

/// A sandbox, a home with a saved profile, and the secrets that go with it.
pub struct CheckEnv {
    pub rt: tokio::runtime::Runtime,
    /// Kept alive for the test's duration.
    pub _sandbox: Sandbox,
    pub base: String,
    pub home: tempfile::TempDir,
    pub hub_key: String,
    pub hub_secret: String,
    pub hopex_key: String,
}

impl CheckEnv {
    /// A sandbox and profile `prod` whose key was created `key_age_days` ago.
    pub fn new(key_age_days: u64) -> CheckEnv {
        Self::with_tls(key_age_days, None)
    }

    /// Like [`CheckEnv::new`], the sandbox serving HTTPS with a certificate that
    /// expires `cert_days` from now, its CA written to `<home>/ca.pem` and trusted
    /// (`NOWKEY_CA_FILE`) unless [`CheckEnv::distrust_ca`] is called.
    pub fn with_tls(key_age_days: u64, cert_days: Option<i64>) -> CheckEnv {
        let rt = runtime();
        let sandbox = rt
            .block_on(Sandbox::start(SandboxConfig {
                delivery_step: Duration::from_millis(50),
                tls: cert_days.map(|cert_days| SandboxTls { cert_days }),
                ..SandboxConfig::default()
            }))
            .expect("sandbox starts");
        let (hub_key, hub_secret) = sandbox.create_hub_key();
        let hopex_key = sandbox.create_hopex_key("ENV-1", "REPO-1", "PROFILE-1");
        let env = CheckEnv {
            base: sandbox.base_url(),
            _sandbox: sandbox,
            rt,
            home: tempfile::tempdir().expect("temp home"),
            hub_key,
            hub_secret,
            hopex_key,
        };
        if let Some(pem) = env._sandbox.ca_pem() {
            std::fs::write(env.home.path().join("ca.pem"), pem).expect("CA written");
        }
        env.save("prod", env.profile(key_age_days));
        env
    }

    /// The config dir the binary uses.
    pub fn config(&self) -> ConfigDir {
        ConfigDir::resolve(Some(self.home.path().join("config"))).expect("config dir")
    }

    /// A full profile for this sandbox.
    pub fn profile(&self, key_age_days: u64) -> Profile {
        let created = Utc::now()
            .date_naive()
            .checked_sub_days(Days::new(key_age_days))
            .expect("a date");
        let fingerprint = expected_fingerprint(&expected_token(&self.hub_key, &self.hub_secret));
        Profile {
            sms: Some(SmsProfile {
                vendor: "messagemedia".into(),
                hub_api_url: self.base.clone(),
                api_key: self.hub_key.clone(),
                token_fingerprint: Fingerprint::parse(&fingerprint).expect("fingerprint"),
                key_created: created,
                next_rotation_due: rotation_due(created),
                test_number: None,
                servicenow_url: Some(self.base.clone()),
                servicenow_user: Some(SN_USER.into()),
                servicenow_credential: None,
                servicenow_registration: None,
                servicenow_registration_fields: None,
                rotations: Vec::new(),
            }),
            hopex: Some(HopexProfile {
                deployment: Deployment::OnPrem,
                version: "V5 CP6 HF27".into(),
                server_url: self.base.clone(),
                schema: "ITPM".into(),
                data_flow: DataFlow::Both,
                key_name: "ServiceNow".into(),
                hopex_login: "svc.hopex".into(),
                environment_id: "ENV-1".into(),
                repository_id: "REPO-1".into(),
                profile_id: "PROFILE-1".into(),
                session_mode: Some(SessionMode::Multi),
                connection_mode: Some(ConnectionMode::ReadWrite),
                key_fingerprint: Some(Fingerprint::of_secret(&self.hopex_key)),
                key_created: created,
                servicenow_url: self.base.clone(),
                servicenow_user: SN_USER.into(),
                key_expires: None,
                servicenow_auth: Default::default(),
                servicenow_oauth_client_id: None,
                rotations: Vec::new(),
            }),
        }
    }

    /// Saves `profile` as `name`.
    pub fn save(&self, name: &str, profile: Profile) {
        let dir = self.config();
        dir.ensure_exists().expect("config dir exists");
        save_profile(&dir, name, profile).expect("profile saved");
    }

    /// Registers a sandbox fault.
    pub fn fault(&self, spec: serde_json::Value) {
        admin_add_fault(&self.rt, &self.base, spec);
    }

    /// `nowkey check <args>` with every secret in the environment and no keyring.
    pub fn check(&self, args: &[&str]) -> Run {
        self.check_with(args, &self.hub_secret, SN_PASSWORD, &self.hopex_key)
    }

    /// `nowkey check --no-keyring <args>` with no secret given yet (the CA
    /// trusted when there is one), to add secrets, stdin or more to.
    pub fn check_command(&self, args: &[&str]) -> Nowkey {
        let mut all = vec!["check", "--no-keyring"];
        all.extend_from_slice(args);
        let mut command = nowkey(&all, self.home.path());
        let ca = self.home.path().join("ca.pem");
        if ca.is_file() {
            command = command.env("NOWKEY_CA_FILE", ca);
        }
        command
    }

    /// `nowkey check <args>` with these secrets in the environment.
    pub fn check_with(&self, args: &[&str], hub: &str, password: &str, hopex: &str) -> Run {
        self.check_command(args)
            .env("NOWKEY_HUB_API_SECRET", hub)
            .env("NOWKEY_SERVICENOW_PASSWORD", password)
            .env("NOWKEY_HOPEX_API_KEY", hopex)
            .run()
    }
}

/// The outcome of check `id` in a `--json` run's first profile.
pub fn outcome_of(run: &Run, id: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}); run: {run:#?}"));
    let checks = doc["profiles"][0]["checks"].as_array().expect("checks");
    let check = checks
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("check {id} in {}", run.stdout));
    check["outcome"].as_str().expect("outcome").to_owned()
}

/// The detail of check `id` in a `--json` run's first profile.
pub fn detail_of(run: &Run, id: &str) -> String {
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let checks = doc["profiles"][0]["checks"].as_array().expect("checks");
    let check = checks
        .iter()
        .find(|c| c["id"] == id)
        .expect("check present");
    check["detail"].as_str().expect("detail").to_owned()
}

impl CheckEnv {
    /// `profile` with its Hub URL replaced.
    pub fn with_hub(mut profile: Profile, url: &str) -> Profile {
        if let Some(sms) = profile.sms.as_mut() {
            sms.hub_api_url = url.into();
        }
        profile
    }
}

impl CheckEnv {
    /// Stops trusting the sandbox's CA: its certificate is then self-signed.
    pub fn distrust_ca(&self) {
        let _ = std::fs::remove_file(self.home.path().join("ca.pem"));
    }
}

impl CheckEnv {
    /// A new HOPEX key in the sandbox, tied to `repository` and `profile` (on
    /// environment ENV-1).
    pub fn hopex_key_for(&self, repository: &str, profile: &str) -> String {
        self._sandbox.create_hopex_key("ENV-1", repository, profile)
    }

    /// Saves `prod` again after `change` edits its HOPEX part.
    pub fn edit_hopex(&self, key_age_days: u64, change: impl FnOnce(&mut HopexProfile)) {
        let mut profile = self.profile(key_age_days);
        if let Some(hopex) = profile.hopex.as_mut() {
            change(hopex);
        }
        self.save("prod", profile);
    }
}

/// The check `id` of a `--json` run's first profile, whole.
pub fn check_of(run: &Run, id: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}); run: {run:#?}"));
    let checks = doc["profiles"][0]["checks"].as_array().expect("checks");
    checks
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("check {id} in {}", run.stdout))
        .clone()
}

/// Where a `--json` run's first profile got secret `kind` (`null`: not given).
pub fn source_of(run: &Run, kind: &str) -> serde_json::Value {
    let doc: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}); run: {run:#?}"));
    doc["profiles"][0]["secret_sources"][kind].clone()
}
