//! A leak-scan lab: an in-process sandbox (Hub, ServiceNow, HOPEX) whose admin
//! endpoints make the canaries, and a fresh HOME with its config dir and temp dir
//! for the program, so every file it writes lands where the scan looks.

use std::path::PathBuf;
use std::time::Duration;

use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use nowkey::domain::profile::{rotation_due, HopexProfile, Profile, SmsProfile};
use nowkey::domain::token::Fingerprint;
use nowkey::sandbox::{Sandbox, SandboxConfig};
use nowkey::store::{save_profile, ConfigDir};
use serde_json::{json, Value};

use super::{Canaries, Scan};
use crate::support::cli::{nowkey, Nowkey};
use crate::support::pty::{ClipboardRoute, Pty, PtyOptions};
use crate::support::{admin_add_fault, admin_create_key, expected_fingerprint, expected_token};

/// The roles a ServiceNow integration user needs.
const SN_ROLES: [&str; 2] = ["itil", "snc_platform_rest_api_access"];

/// The sandbox and a fresh home. Layout: `<tmp>/home` is HOME (and the working
/// directory), `<tmp>/home/config` the config dir, `<tmp>/home/tmp` TMPDIR.
pub struct Lab {
    /// Runs the sandbox and the admin calls.
    pub rt: tokio::runtime::Runtime,
    sandbox: Option<Sandbox>,
    /// The sandbox's base URL (Hub, ServiceNow and HOPEX alike).
    pub base: String,
    tmp: tempfile::TempDir,
}

impl Lab {
    /// A sandbox with fast deliveries and an empty home.
    pub fn new() -> Lab {
        let rt = crate::support::runtime();
        let sandbox = rt
            .block_on(Sandbox::start(SandboxConfig {
                delivery_step: Duration::from_millis(50),
                ..SandboxConfig::default()
            }))
            .expect("sandbox starts");
        let tmp = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(tmp.path().join("home").join("tmp")).expect("home and TMPDIR");
        Lab {
            base: sandbox.base_url(),
            sandbox: Some(sandbox),
            rt,
            tmp,
        }
    }

    /// HOME.
    pub fn home(&self) -> PathBuf {
        self.tmp.path().join("home")
    }

    /// The config dir.
    pub fn config(&self) -> PathBuf {
        self.home().join("config")
    }

    /// `<config>/nowkey.log`.
    pub fn log(&self) -> PathBuf {
        self.config().join("nowkey.log")
    }

    /// A new Hub key pair: `(api_key, api_secret)`.
    pub fn hub_key(&self) -> (String, String) {
        admin_create_key(&self.rt, &self.base)
    }

    /// One admin call to the sandbox: `(status, JSON body)`.
    pub fn admin(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        self.rt.block_on(async {
            let mut request =
                reqwest::Client::new().request(method, format!("{}{path}", self.base));
            if let Some(body) = body {
                request = request.json(&body);
            }
            let response = request.send().await.expect("admin endpoint answers");
            let status = response.status().as_u16();
            let body = response.json().await.unwrap_or(Value::Null);
            (status, body)
        })
    }

    /// Adds (or replaces) a ServiceNow integration user with `password`.
    pub fn servicenow_user(&self, user: &str, password: &str) {
        let (status, body) = self.admin(
            reqwest::Method::POST,
            "/_sandbox/servicenow/users",
            Some(json!({"user_name": user, "password": password, "roles": SN_ROLES})),
        );
        assert_eq!(status, 201, "ServiceNow user created: {body}");
    }

    /// Adds (or replaces) a ServiceNow admin with `password`, who may write the
    /// connector's records.
    pub fn servicenow_admin(&self, user: &str, password: &str) {
        let (status, body) = self.admin(
            reqwest::Method::POST,
            "/_sandbox/servicenow/users",
            Some(json!({"user_name": user, "password": password, "roles": ["admin"]})),
        );
        assert_eq!(status, 201, "ServiceNow admin created: {body}");
    }

    /// A new HOPEX key for ENV-1 / REPO-1 / PROFILE-1 and `login`.
    pub fn hopex_key(&self, login: &str) -> String {
        let (status, body) = self.admin(
            reqwest::Method::POST,
            "/_sandbox/hopex/keys",
            Some(json!({"environment_id": "ENV-1", "repository_id": "REPO-1",
                        "profile_id": "PROFILE-1", "login": login})),
        );
        assert_eq!(status, 201, "HOPEX key created: {body}");
        body["api_key"].as_str().expect("api_key").to_owned()
    }

    /// Deletes a Hub key, as the operator does in the Hub's console.
    pub fn delete_hub_key(&self, key: &str) {
        let (status, _) = self.admin(
            reqwest::Method::DELETE,
            &format!("/_sandbox/hub/keys/{key}"),
            None,
        );
        assert!((200..300).contains(&status), "key {key} deleted: {status}");
    }

    /// Registers a sandbox fault.
    pub fn fault(&self, spec: Value) {
        admin_add_fault(&self.rt, &self.base, spec);
    }

    /// Clears every fault.
    pub fn clear_faults(&self) {
        let (status, _) = self.admin(reqwest::Method::DELETE, "/_sandbox/faults", None);
        assert_eq!(status, 204, "faults cleared");
    }

    /// A fault on `path_prefix` answering 400 with `secret` echoed in its body,
    /// as a misbehaving server might.
    pub fn echo_fault(&self, path_prefix: &str, secret: &str) {
        let body = json!({"message": "bad", "details": [secret]}).to_string();
        self.fault(
            json!({"path_prefix": path_prefix, "status": 400, "body": body,
                          "content_type": "application/json"}),
        );
    }

    /// The environment every run of the program gets beside the harness's own.
    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("NOWKEY_LOG", "debug".to_owned()),
            ("TMPDIR", self.home().join("tmp").display().to_string()),
            ("RUST_BACKTRACE", "1".to_owned()),
        ]
    }

    /// `nowkey <args>` in a pty, logging at debug level.
    pub fn pty(&self, args: &[&str], clipboard: ClipboardRoute) -> Pty {
        let mut options = PtyOptions::new(args, &self.config()).clipboard(clipboard);
        for (key, value) in self.env() {
            options = options.env(key, &value);
        }
        Pty::spawn(options)
    }

    /// `nowkey <args>` as a plain process, logging at debug level.
    pub fn cli(&self, args: &[&str]) -> Nowkey {
        let mut command = nowkey(args, &self.home());
        for (key, value) in self.env() {
            command = command.env(key, value);
        }
        command
    }

    /// Saves `name`: the SMS connector on this sandbox with `hub` (key, secret),
    /// its ServiceNow instance checked as `sn_user`, and HOPEX on-premises with
    /// `hopex_key`, created 10 days ago. Secrets are only fingerprinted.
    pub fn save_full_profile(&self, name: &str, hub: (&str, &str), sn_user: &str, hopex_key: &str) {
        let created = chrono::Utc::now().date_naive() - chrono::Days::new(10);
        let fingerprint = expected_fingerprint(&expected_token(hub.0, hub.1));
        let profile = Profile {
            sms: Some(SmsProfile {
                vendor: "messagemedia".into(),
                hub_api_url: self.base.clone(),
                api_key: hub.0.into(),
                token_fingerprint: Fingerprint::parse(&fingerprint).expect("fingerprint"),
                key_created: created,
                next_rotation_due: rotation_due(created),
                test_number: Some(crate::support::GOOD_NUMBER.into()),
                servicenow_url: Some(self.base.clone()),
                servicenow_user: Some(sn_user.into()),
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
                key_fingerprint: Some(Fingerprint::of_secret(hopex_key)),
                key_created: created,
                servicenow_url: self.base.clone(),
                servicenow_user: sn_user.into(),
                key_expires: None,
                servicenow_auth: Default::default(),
                servicenow_oauth_client_id: None,
                rotations: Vec::new(),
            }),
        };
        let dir = ConfigDir::resolve(Some(self.config())).expect("config dir");
        dir.ensure_exists().expect("config dir exists");
        save_profile(&dir, name, profile).expect("profile saved");
    }

    /// Every file under HOME (the config dir, the log, reports, journals, TMPDIR),
    /// and the log alone; with `expect_log`, the log must exist and hold debug
    /// lines, so the scan covered the chattiest log. Returns the files.
    pub fn scan_at_rest(&self, scan: &mut Scan<'_>, expect_log: bool) -> Vec<PathBuf> {
        let files = scan.files("files under HOME", &self.home());
        if expect_log {
            let log = std::fs::read_to_string(self.log()).expect("the log was written");
            assert!(
                log.contains(" DEBUG "),
                "NOWKEY_LOG=debug took effect, so the scan means something:\n{log}"
            );
            scan.text("log", &self.log().display().to_string(), &log);
        }
        files
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if let Some(sandbox) = self.sandbox.take() {
            self.rt.block_on(sandbox.shutdown());
        }
    }
}

/// The canaries of a Hub pair, a ServiceNow user's password and a HOPEX key.
pub fn canaries_for(
    hub: &[(&str, &str)],
    sn: Option<(&str, &str)>,
    hopex: Option<&str>,
) -> Canaries {
    let mut canaries = Canaries::new();
    for (n, (key, secret)) in hub.iter().enumerate() {
        canaries.hub(&format!("Hub key #{}", n + 1), key, secret);
    }
    if let Some((user, password)) = sn {
        canaries.password("ServiceNow", user, password);
    }
    if let Some(key) = hopex {
        canaries.hopex_key("HOPEX", key);
    }
    canaries
}
