//! Validation of an existing configuration (the validation): what a check is, its outcome,
//! and the policies that judge a result. Pure: the checks themselves run in
//! [`crate::checks`].

pub mod hopex;
pub mod plan;
pub mod policy;
pub mod prometheus;
pub mod report;
pub mod secrets;
pub mod shared;

use chrono::{DateTime, Utc};
use serde::Serialize;

/// How a check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Healthy.
    Pass,
    /// Works, but needs attention soon.
    Warn,
    /// Broken, or out of policy.
    Fail,
    /// Not run: nothing to check here (HOPEX SaaS, plain http on loopback).
    Skip,
    /// Not run because its secret was not given: nothing is known of it, which
    /// is not a pass (a monitor's UNKNOWN).
    Unknown,
}

impl Outcome {
    /// A symbol that reads without colour (`NO_COLOR`), as `gh auth status` uses.
    pub fn symbol(self) -> &'static str {
        match self {
            Outcome::Pass => "✓",
            Outcome::Warn => "!",
            Outcome::Fail => "✗",
            Outcome::Skip => "-",
            Outcome::Unknown => "?",
        }
    }

    /// The lowercase name used in JSON, reports and metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Warn => "warn",
            Outcome::Fail => "fail",
            Outcome::Skip => "skip",
            Outcome::Unknown => "unknown",
        }
    }
}

/// Which check. The ids are stable: scripts, the JSON schema and metrics use them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CheckId {
    /// The Hub accepts the API key and secret.
    #[serde(rename = "hub.credentials")]
    HubCredentials,
    /// The token built from the given key and secret matches the saved fingerprint.
    #[serde(rename = "hub.fingerprint")]
    HubFingerprint,
    /// The Hub key's age against the 90-day rotation policy.
    #[serde(rename = "hub.key_age")]
    HubKeyAge,
    /// The Hub API's TLS certificate.
    #[serde(rename = "hub.certificate")]
    HubCertificate,
    /// The old key of the last rotation is known to be revoked.
    #[serde(rename = "hub.old_key_revoked")]
    HubOldKeyRevoked,
    /// ServiceNow is reachable, the credentials work and the user has its roles.
    #[serde(rename = "servicenow.credentials")]
    ServiceNowCredentials,
    /// The ServiceNow instance's TLS certificate.
    #[serde(rename = "servicenow.certificate")]
    ServiceNowCertificate,
    /// The Environment Registration record holds the profile's key.
    #[serde(rename = "servicenow.registration_key")]
    ServiceNowRegistrationKey,
    /// The spoke's credential changed on or after the key was created.
    #[serde(rename = "servicenow.credential_updated")]
    ServiceNowCredentialUpdated,
    /// HOPEX accepts the API key.
    #[serde(rename = "hopex.key")]
    HopexKey,
    /// The key opens the repository and HOPEX profile the profile says.
    #[serde(rename = "hopex.context")]
    HopexContext,
    /// The given HOPEX key matches the saved fingerprint.
    #[serde(rename = "hopex.fingerprint")]
    HopexFingerprint,
    /// The HOPEX key's expiration date.
    #[serde(rename = "hopex.key_expiry")]
    HopexKeyExpiry,
    /// The HOPEX server's TLS certificate.
    #[serde(rename = "hopex.certificate")]
    HopexCertificate,
    /// No rotation is left unfinished.
    #[serde(rename = "rotation.unfinished")]
    RotationUnfinished,
}

impl CheckId {
    /// Every check, in the order they are shown.
    pub const ALL: [CheckId; 15] = [
        CheckId::HubCredentials,
        CheckId::HubFingerprint,
        CheckId::HubKeyAge,
        CheckId::HubCertificate,
        CheckId::HubOldKeyRevoked,
        CheckId::ServiceNowCredentials,
        CheckId::ServiceNowCertificate,
        CheckId::ServiceNowRegistrationKey,
        CheckId::ServiceNowCredentialUpdated,
        CheckId::HopexKey,
        CheckId::HopexContext,
        CheckId::HopexFingerprint,
        CheckId::HopexKeyExpiry,
        CheckId::HopexCertificate,
        CheckId::RotationUnfinished,
    ];

    /// The stable id, e.g. `hub.credentials`.
    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::HubCredentials => "hub.credentials",
            CheckId::HubFingerprint => "hub.fingerprint",
            CheckId::HubKeyAge => "hub.key_age",
            CheckId::HubCertificate => "hub.certificate",
            CheckId::HubOldKeyRevoked => "hub.old_key_revoked",
            CheckId::ServiceNowCredentials => "servicenow.credentials",
            CheckId::ServiceNowCertificate => "servicenow.certificate",
            CheckId::ServiceNowRegistrationKey => "servicenow.registration_key",
            CheckId::ServiceNowCredentialUpdated => "servicenow.credential_updated",
            CheckId::HopexKey => "hopex.key",
            CheckId::HopexContext => "hopex.context",
            CheckId::HopexKeyExpiry => "hopex.key_expiry",
            CheckId::HopexFingerprint => "hopex.fingerprint",
            CheckId::HopexCertificate => "hopex.certificate",
            CheckId::RotationUnfinished => "rotation.unfinished",
        }
    }

    /// What the check establishes, as a short title.
    pub fn title(self) -> &'static str {
        match self {
            CheckId::HubCredentials => "Hub accepts the API key",
            CheckId::HubFingerprint => "Token matches the saved fingerprint",
            CheckId::HubKeyAge => "Hub key age",
            CheckId::HubCertificate => "Hub TLS certificate",
            CheckId::HubOldKeyRevoked => "Old key revoked after the last rotation",
            CheckId::ServiceNowCredentials => "ServiceNow sign-in and roles",
            CheckId::ServiceNowCertificate => "ServiceNow TLS certificate",
            CheckId::ServiceNowRegistrationKey => "Environment Registration holds the key",
            CheckId::ServiceNowCredentialUpdated => "Spoke credential updated since the key",
            CheckId::HopexKey => "HOPEX accepts the API key",
            CheckId::HopexContext => "HOPEX key opens the profile's repository",
            CheckId::HopexKeyExpiry => "HOPEX key expiry",
            CheckId::HopexFingerprint => "HOPEX key matches the saved fingerprint",
            CheckId::HopexCertificate => "HOPEX TLS certificate",
            CheckId::RotationUnfinished => "No unfinished rotation",
        }
    }
}

/// What a check found, before it is timed: the outcome, one sentence, and what
/// to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How it ended.
    pub outcome: Outcome,
    /// One sentence of detail.
    pub detail: String,
    /// What to do, when there is something to do.
    pub remediation: Option<String>,
    /// True when the failure is that a service could not be reached (exit 3).
    pub unreachable: bool,
}

impl Finding {
    /// A pass.
    pub fn pass(detail: impl Into<String>) -> Self {
        Self::new(Outcome::Pass, detail, None::<String>)
    }

    /// A skipped check, and how to have it run.
    pub fn skip(detail: impl Into<String>, remediation: Option<impl Into<String>>) -> Self {
        Self::new(Outcome::Skip, detail, remediation)
    }

    /// A check that could not run because its secret was not given, and how to
    /// give it.
    pub fn unknown(detail: impl Into<String>, remediation: impl Into<String>) -> Self {
        Self::new(Outcome::Unknown, detail, Some(remediation))
    }

    /// A warning with its remediation.
    pub fn warn(detail: impl Into<String>, remediation: impl Into<String>) -> Self {
        Self::new(Outcome::Warn, detail, Some(remediation))
    }

    /// A failure with its remediation.
    pub fn fail(detail: impl Into<String>, remediation: impl Into<String>) -> Self {
        Self::new(Outcome::Fail, detail, Some(remediation))
    }

    fn new(
        outcome: Outcome,
        detail: impl Into<String>,
        remediation: Option<impl Into<String>>,
    ) -> Self {
        Self {
            outcome,
            detail: detail.into(),
            remediation: remediation.map(Into::into),
            unreachable: false,
        }
    }
}

/// One finished check, timed. Holds no secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckResult {
    /// Which check.
    pub id: CheckId,
    /// Its title.
    pub title: String,
    /// How it ended.
    pub outcome: Outcome,
    /// One sentence of detail.
    pub detail: String,
    /// What to do, when there is something to do.
    pub remediation: Option<String>,
    /// The address checked, when the check talks to one.
    pub endpoint: Option<String>,
    /// True when a service could not be reached.
    pub unreachable: bool,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it finished.
    pub finished_at: DateTime<Utc>,
    /// How long it took, in milliseconds.
    pub elapsed_ms: u64,
}

impl CheckResult {
    /// Times a finding.
    pub fn from_finding(
        id: CheckId,
        endpoint: Option<String>,
        finding: Finding,
        started_at: DateTime<Utc>,
        finished_at: DateTime<Utc>,
    ) -> Self {
        let elapsed_ms = (finished_at - started_at)
            .num_milliseconds()
            .max(0)
            .unsigned_abs();
        Self {
            id,
            title: id.title().to_owned(),
            outcome: finding.outcome,
            detail: finding.detail,
            remediation: finding.remediation,
            endpoint,
            unreachable: finding.unreachable,
            started_at,
            finished_at,
            elapsed_ms,
        }
    }
}

/// One checked profile: its name, saved settings and results, as the report and
/// the metrics render them.
#[derive(Debug, Clone, Copy)]
pub struct ProfileResults<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its saved settings (no secret).
    pub profile: &'a crate::domain::profile::Profile,
    /// Its check results.
    pub results: &'a [CheckResult],
}

/// What a set of results means for a script (nowkey's exit codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Nothing failed and nothing is unknown (warnings and skips allowed): exit 0.
    Healthy,
    /// A check failed: exit 1.
    Failed,
    /// Every failure was a service that could not be reached: exit 3.
    Unreachable,
    /// Nothing failed, but a check could not run for want of its secret: exit 4.
    Incomplete,
}

impl Verdict {
    /// How the verdict reads in a summary.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Healthy => "healthy",
            Verdict::Failed => "a check failed",
            Verdict::Unreachable => "a service could not be reached",
            Verdict::Incomplete => "incomplete: a check's secret was not given",
        }
    }
}

/// The verdict over results: a real failure beats "could not reach", which beats
/// "incomplete", which beats healthy. A run that tried no credential cannot look
/// healthy. Warnings alone never fail a run: monitoring alerts on them through
/// the JSON or metrics instead.
pub fn verdict<'a>(results: impl IntoIterator<Item = &'a CheckResult>) -> Verdict {
    let mut verdict = Verdict::Healthy;
    for result in results {
        match result.outcome {
            Outcome::Fail if !result.unreachable => return Verdict::Failed,
            Outcome::Fail => verdict = Verdict::Unreachable,
            Outcome::Unknown if verdict == Verdict::Healthy => verdict = Verdict::Incomplete,
            _ => {}
        }
    }
    verdict
}

/// Counts of each outcome, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Passed.
    pub pass: usize,
    /// Warned.
    pub warn: usize,
    /// Failed.
    pub fail: usize,
    /// Skipped (nothing to check).
    pub skip: usize,
    /// Not run for want of a secret.
    pub unknown: usize,
}

impl Tally {
    /// Counts the outcomes of `results`.
    pub fn of<'a>(results: impl IntoIterator<Item = &'a CheckResult>) -> Self {
        let mut tally = Tally::default();
        for result in results {
            match result.outcome {
                Outcome::Pass => tally.pass += 1,
                Outcome::Warn => tally.warn += 1,
                Outcome::Fail => tally.fail += 1,
                Outcome::Skip => tally.skip += 1,
                Outcome::Unknown => tally.unknown += 1,
            }
        }
        tally
    }
}
