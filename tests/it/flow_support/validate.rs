//! The validation fixtures: saved profiles, the app opened on the validation screen, the
//! checks it asked the runtime to run, and their results as `run_check` would
//! give them (fixed times, so screens are stable).

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use nowkey::domain::check::plan::PlannedCheck;
use nowkey::domain::check::secrets::CheckSecrets;
use nowkey::domain::check::{CheckId, CheckResult, Finding};
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::profile::{rotation_due, HopexProfile, Profile, ProfilesFile, SmsProfile};
use nowkey::domain::token::{Fingerprint, HubCredentials};
use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::job::Job;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;
use nowkey::flows::outcome::TaskOutcome;
use nowkey::flows::task::TaskId;
use nowkey::flows::validate::Validate;

use super::{Driver, KEY, SANDBOX_URL, SECRET};

/// The ServiceNow password the tests type; a canary for leak assertions.
pub const PASSWORD: &str = "snCanaryPassword42";
/// The HOPEX key the tests type; a canary for leak assertions.
pub const HOPEX_KEY: &str = "hopexCanaryKey0123456789abcdefghijklmnopq";

/// `prod`: an SMS profile with a ServiceNow instance (so it needs the Hub secret
/// and the ServiceNow password), its key created on 2026-08-01.
pub fn sms_profile() -> Profile {
    let created = NaiveDate::from_ymd_opt(2026, 8, 1).expect("valid date");
    let credentials = HubCredentials {
        key: clean_api_key(KEY).expect("key"),
        secret: clean_api_secret(SECRET).expect("secret"),
    };
    Profile {
        sms: Some(SmsProfile {
            vendor: "messagemedia".into(),
            hub_api_url: SANDBOX_URL.into(),
            api_key: KEY.into(),
            token_fingerprint: credentials.token().fingerprint(),
            key_created: created,
            next_rotation_due: rotation_due(created),
            test_number: Some("+61491570156".into()),
            servicenow_url: Some("https://acme.service-now.com".into()),
            servicenow_user: Some("sn.integration".into()),
            servicenow_credential: None,
            servicenow_registration: None,
            servicenow_registration_fields: None,
            rotations: Vec::new(),
        }),
        hopex: None,
    }
}

/// `hopex-prod`: an on-premises HOPEX profile (ServiceNow password and HOPEX key).
pub fn hopex_profile() -> Profile {
    Profile {
        sms: None,
        hopex: Some(HopexProfile {
            deployment: Deployment::OnPrem,
            version: "V5 CP6 HF27".into(),
            server_url: "https://hopex.acme.com".into(),
            schema: "ITPM".into(),
            data_flow: DataFlow::Both,
            key_name: "ServiceNow".into(),
            hopex_login: "svc.servicenow".into(),
            environment_id: "ENV-1".into(),
            repository_id: "REPO-1".into(),
            profile_id: "PROFILE-1".into(),
            session_mode: Some(SessionMode::Multi),
            connection_mode: Some(ConnectionMode::ReadWrite),
            key_fingerprint: Some(Fingerprint::of_secret(HOPEX_KEY)),
            key_created: NaiveDate::from_ymd_opt(2026, 8, 1).expect("valid date"),
            servicenow_url: "https://acme.service-now.com".into(),
            servicenow_user: "sn.integration".into(),
            key_expires: None,
            servicenow_auth: Default::default(),
            servicenow_oauth_client_id: None,
            rotations: Vec::new(),
        }),
    }
}

/// A profiles file with these profiles.
pub fn file(profiles: &[(&str, Profile)]) -> ProfilesFile {
    let mut file = ProfilesFile::default();
    for (name, profile) in profiles {
        file.profiles.insert((*name).to_owned(), profile.clone());
    }
    file
}

/// The app at home with `profiles` loaded, then `4` (Validate a configuration).
pub fn open(profiles: &[(&str, Profile)]) -> Driver {
    let mut d = Driver::home();
    d.profiles_loaded(Ok(file(profiles)));
    d.rotations_loaded(Ok(Vec::new()));
    d.keys(&[Key::Char('4')]);
    d
}

/// `prod` only, opened on its secrets.
pub fn open_prod() -> Driver {
    open(&[("prod", sms_profile())])
}

/// Types the Hub secret and the ServiceNow password (either may be skipped) and
/// presses Enter to run the checks.
pub fn run_with(d: &mut Driver, hub_secret: Option<&str>, password: Option<&str>) {
    if let Some(secret) = hub_secret {
        d.msg(Msg::Paste(secret.to_owned().into()));
    }
    d.keys(&[Key::Tab]);
    if let Some(password) = password {
        d.type_text(password);
    }
    d.keys(&[Key::Enter]);
}

/// The open validation flow.
pub fn validate(d: &Driver) -> &Validate {
    match &d.app.screen {
        Screen::Validate(flow) => flow,
        other => panic!("expected the validation flow, got {other:?}"),
    }
}

/// The checks the last update asked to run: task, check and secrets.
pub fn runs(d: &Driver) -> Vec<(TaskId, PlannedCheck, CheckSecrets)> {
    d.last
        .iter()
        .filter_map(|c| match c {
            Command::Start {
                task,
                job: Job::Check(run),
            } => Some((*task, run.check.clone(), run.secrets.clone())),
            _ => None,
        })
        .collect()
}

/// The task of check `id` among the last runs.
pub fn task_for(runs: &[(TaskId, PlannedCheck, CheckSecrets)], id: CheckId) -> TaskId {
    runs.iter()
        .find(|(_, check, _)| check.id == id)
        .map(|(task, _, _)| *task)
        .unwrap_or_else(|| panic!("no run of {id:?}"))
}

/// When every fixture check started.
pub fn started_at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 21, 9, 30, 0)
        .single()
        .expect("valid time")
}

/// A result for check `id` that took `ms` milliseconds.
pub fn result(id: CheckId, finding: Finding, ms: i64) -> CheckResult {
    let start = started_at();
    CheckResult::from_finding(
        id,
        None,
        finding,
        start,
        start + chrono::Duration::milliseconds(ms),
    )
}

/// Delivers `result` as the outcome of `task`.
pub fn finish(d: &mut Driver, task: TaskId, result: CheckResult) {
    d.complete(task, TaskOutcome::Check(Box::new(result)));
}

/// A mixed set of outcomes for `prod`'s seven checks: each outcome at least once,
/// the key due for rotation.
pub fn mixed_outcomes() -> Vec<CheckResult> {
    vec![
        result(
            CheckId::HubCredentials,
            Finding::fail(
                "The Hub refused the API key and secret (HTTP 401).",
                "Give the current key's secret; if the key was deleted or lost, create a new one and rotate with nowkey rotate.",
            ),
            212,
        ),
        result(
            CheckId::HubFingerprint,
            Finding::pass("The token's fingerprint is 4f1c2a9b7d3e, as saved."),
            1,
        ),
        result(
            CheckId::HubKeyAge,
            Finding::warn(
                "The key is 112 days old: rotation was due 22 days ago.",
                "Rotate it: nowkey rotate --profile prod",
            ),
            0,
        ),
        result(
            CheckId::HubCertificate,
            Finding::skip(
                "http://127.0.0.1:8787 is not HTTPS: no certificate to check.",
                None::<String>,
            ),
            0,
        ),
        result(
            CheckId::ServiceNowCredentials,
            Finding::pass("ServiceNow accepted sn.integration (roles: itil, snc_platform_rest_api_access)."),
            1480,
        ),
        result(
            CheckId::ServiceNowCertificate,
            Finding::pass("acme.service-now.com's certificate is valid for 212 more days (2027-06-21)."),
            310,
        ),
        result(
            CheckId::RotationUnfinished,
            Finding::pass("No rotation is in progress."),
            2,
        ),
    ]
}

/// Runs `prod`'s checks with both secrets and delivers [`mixed_outcomes`].
pub fn finished_prod() -> Driver {
    let mut d = open_prod();
    run_with(&mut d, Some(SECRET), Some(PASSWORD));
    let runs = runs(&d);
    for result in mixed_outcomes() {
        let task = task_for(&runs, result.id);
        finish(&mut d, task, result);
    }
    d
}

/// The ServiceNow OAuth2 client secret the tests type; a canary for leak assertions.
pub const CLIENT_SECRET: &str = "oauthClientCanary-9f8e7d6c";

/// `hopex-prod` ([`hopex_profile`]) whose key expires on `expires`.
pub fn hopex_profile_expiring(expires: NaiveDate) -> Profile {
    let mut profile = hopex_profile();
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.key_expires = Some(expires);
    }
    profile
}

/// `hopex-prod` ([`hopex_profile`]) signing in to ServiceNow with OAuth2.
pub fn hopex_oauth_profile() -> Profile {
    let mut profile = hopex_profile();
    if let Some(hopex) = profile.hopex.as_mut() {
        hopex.servicenow_auth = nowkey::domain::servicenow::ServiceNowAuthMode::OAuth2;
        hopex.servicenow_oauth_client_id = Some("0123456789abcdef0123456789abcdef".into());
    }
    profile
}

/// Types the ServiceNow password and the HOPEX key of a HOPEX profile (either may
/// be skipped) and presses Enter to run the checks.
pub fn run_hopex_with(d: &mut Driver, password: Option<&str>, hopex_key: Option<&str>) {
    if let Some(password) = password {
        d.type_text(password);
    }
    d.keys(&[Key::Tab]);
    if let Some(key) = hopex_key {
        d.msg(Msg::Paste(key.to_owned().into()));
    }
    d.keys(&[Key::Enter]);
}
