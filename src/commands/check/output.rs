//! What `nowkey check` prints: lines for people in the style of `gh auth status`,
//! or the JSON document whose schema the README documents.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::secrets::{Found, Kind, Source};
use crate::domain::check::{verdict, CheckResult, Outcome, Tally, Verdict};
use crate::domain::profile::{Profile, ROTATION_PERIOD_DAYS};

/// The schema id of the JSON document; bumped on any breaking change.
pub const JSON_SCHEMA: &str = "nowkey.check/2";

/// One checked profile, ready to print.
pub struct Checked<'a> {
    /// Its name.
    pub name: &'a str,
    /// Its saved settings.
    pub profile: &'a Profile,
    /// Its secrets' sources.
    pub found: &'a Found,
    /// Its results.
    pub results: &'a [CheckResult],
}

/// The `--json` document.
#[derive(Debug, Serialize)]
pub struct CheckDocument<'a> {
    /// [`JSON_SCHEMA`].
    pub schema: &'static str,
    /// nowkey's version.
    pub nowkey_version: &'static str,
    /// When the run finished.
    pub generated_at: DateTime<Utc>,
    /// True when the verdict is healthy: nothing failed and nothing is unknown.
    pub ok: bool,
    /// healthy, failed, unreachable or incomplete.
    pub verdict: Verdict,
    /// The exit code the run ends with.
    pub exit_code: u8,
    /// Outcome counts over every profile.
    pub summary: Tally,
    /// Each profile.
    pub profiles: Vec<ProfileDocument<'a>>,
}

/// One profile in the JSON document.
#[derive(Debug, Serialize)]
pub struct ProfileDocument<'a> {
    /// Its name.
    pub profile: &'a str,
    /// healthy, failed, unreachable or incomplete.
    pub verdict: Verdict,
    /// Outcome counts.
    pub summary: Tally,
    /// The Hub key (no secret), when the profile has the SMS connector.
    pub hub_key: Option<KeyDocument<'a>>,
    /// Where each secret came from (`null`: not given).
    pub secret_sources: SecretSources,
    /// The results.
    pub checks: &'a [CheckResult],
}

/// The Hub key in the JSON document.
#[derive(Debug, Serialize)]
pub struct KeyDocument<'a> {
    /// Key id.
    pub api_key: &'a str,
    /// Saved token fingerprint.
    pub token_fingerprint: &'a str,
    /// Creation day.
    pub key_created: NaiveDate,
    /// Age in days.
    pub age_days: i64,
    /// The day rotation is due.
    pub rotation_due: NaiveDate,
}

/// Where each secret came from.
#[derive(Debug, Serialize)]
pub struct SecretSources {
    /// The Hub API secret.
    pub hub_api_secret: Option<Source>,
    /// The ServiceNow password.
    pub servicenow_password: Option<Source>,
    /// The ServiceNow OAuth2 client secret (asked only for HOPEX with OAuth2).
    pub servicenow_client_secret: Option<Source>,
    /// The HOPEX API key.
    pub hopex_api_key: Option<Source>,
}

/// Builds the JSON document.
pub fn document<'a>(
    checked: &'a [Checked<'a>],
    exit_code: u8,
    now: DateTime<Utc>,
) -> CheckDocument<'a> {
    let all = checked.iter().flat_map(|c| c.results.iter());
    let overall = verdict(all.clone());
    CheckDocument {
        schema: JSON_SCHEMA,
        nowkey_version: env!("CARGO_PKG_VERSION"),
        generated_at: now,
        ok: overall == Verdict::Healthy,
        verdict: overall,
        exit_code,
        summary: Tally::of(all),
        profiles: checked
            .iter()
            .map(|c| ProfileDocument {
                profile: c.name,
                verdict: verdict(c.results),
                summary: Tally::of(c.results),
                hub_key: c.profile.sms.as_ref().map(|sms| KeyDocument {
                    api_key: &sms.api_key,
                    token_fingerprint: sms.token_fingerprint.as_str(),
                    key_created: sms.key_created,
                    age_days: (now.date_naive() - sms.key_created).num_days(),
                    rotation_due: crate::domain::profile::rotation_due(sms.key_created),
                }),
                secret_sources: SecretSources {
                    hub_api_secret: c.found.source(Kind::HubApiSecret),
                    servicenow_password: c.found.source(Kind::ServiceNowPassword),
                    servicenow_client_secret: c.found.source(Kind::ServiceNowClientSecret),
                    hopex_api_key: c.found.source(Kind::HopexApiKey),
                },
                checks: c.results,
            })
            .collect(),
    }
}

/// The lines for people: each profile, then one line per check with a symbol that
/// reads without colour, the remediation under anything that is not a pass, and a
/// summary.
pub fn human(checked: &[Checked<'_>], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for c in checked {
        let _ = writeln!(out, "{}", c.name);
        if let Some(sms) = &c.profile.sms {
            let age = (now.date_naive() - sms.key_created).num_days();
            let _ = writeln!(
                out,
                "  Hub key {} (fingerprint {}), {age} of {ROTATION_PERIOD_DAYS} days",
                sms.api_key, sms.token_fingerprint
            );
        }
        for r in c.results {
            let place = r
                .endpoint
                .as_deref()
                .map(|e| format!("{}, ", host_of(e)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {}: {} ({place}{} ms)",
                r.outcome.symbol(),
                r.title,
                r.detail,
                r.elapsed_ms
            );
            if r.outcome != Outcome::Pass {
                if let Some(fix) = &r.remediation {
                    let _ = writeln!(out, "    → {fix}");
                }
            }
        }
        let _ = writeln!(out);
    }
    let all: Vec<&CheckResult> = checked.iter().flat_map(|c| c.results.iter()).collect();
    let tally = Tally::of(all.iter().copied());
    let profiles = if checked.len() == 1 {
        "profile"
    } else {
        "profiles"
    };
    let warnings = if tally.warn == 1 {
        "warning"
    } else {
        "warnings"
    };
    let _ = writeln!(
        out,
        "{} {profiles}: {} passed, {} {warnings}, {} failed, {} skipped, {} unknown.",
        checked.len(),
        tally.pass,
        tally.warn,
        tally.fail,
        tally.skip,
        tally.unknown
    );
    if verdict(all.iter().copied()) == Verdict::Incomplete {
        let _ = writeln!(
            out,
            "Incomplete: {} {} could not run because a secret was not given, so this run does not show the setup works.",
            tally.unknown,
            if tally.unknown == 1 { "check" } else { "checks" }
        );
    }
    out
}

/// `text` wrapped at word boundaries to `width` columns, each continuation under
/// the start of its line's own text (after "  ✓ " or "    → "), for a terminal.
pub fn wrap_for_terminal(text: &str, width: u16) -> String {
    use ratatui::text::Line;
    let lines: Vec<Line<'static>> = text.lines().map(|l| Line::raw(l.to_owned())).collect();
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in crate::tui::wrap::wrap_lines(lines, width) {
        for span in &line.spans {
            out.push_str(&span.content);
        }
        out.push('\n');
    }
    out
}

/// The host (and port) of an address, for short lines; the address itself when it
/// does not parse.
fn host_of(endpoint: &str) -> String {
    match url::Url::parse(endpoint) {
        Ok(url) => match (url.host_str(), url.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_owned(),
            _ => endpoint.to_owned(),
        },
        Err(_) => endpoint.to_owned(),
    }
}
