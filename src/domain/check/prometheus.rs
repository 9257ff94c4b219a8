//! `nowkey check --format prometheus`: the Prometheus text exposition format, for
//! a node_exporter textfile collector, so monitoring can alert on an overdue key
//! or a failing check.

use std::fmt::Write as _;

use chrono::{DateTime, NaiveDate, Utc};

use super::{Outcome, ProfileResults};
use crate::domain::hopex::expiry::expiry_state;
use crate::domain::hopex::Deployment;
use crate::domain::profile::ROTATION_PERIOD_DAYS;

/// Renders the metrics for every profile, as of `now`.
pub fn render_metrics(profiles: &[ProfileResults<'_>], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let today = now.date_naive();
    family(
        &mut out,
        "nowkey_key_age_days",
        "Age of the Hub API key in days.",
    );
    for p in profiles {
        if let Some(sms) = &p.profile.sms {
            sample(
                &mut out,
                "nowkey_key_age_days",
                &[("profile", p.name)],
                age(sms.key_created, today),
            );
        }
    }
    family(
        &mut out,
        "nowkey_key_rotation_due_days",
        "Days until the Hub key's rotation is due (negative: overdue).",
    );
    for p in profiles {
        if let Some(sms) = &p.profile.sms {
            let due = ROTATION_PERIOD_DAYS as i64 - age(sms.key_created, today);
            sample(
                &mut out,
                "nowkey_key_rotation_due_days",
                &[("profile", p.name)],
                due,
            );
        }
    }
    family(
        &mut out,
        "nowkey_key_expiry_days",
        "Days until the HOPEX API key expires (negative: expired); absent when it has no expiration date.",
    );
    for p in profiles {
        let days = p
            .profile
            .hopex
            .as_ref()
            .filter(|h| h.deployment != Deployment::Saas)
            .and_then(|h| expiry_state(h.key_expires, today).days_left());
        if let Some(days) = days {
            sample(
                &mut out,
                "nowkey_key_expiry_days",
                &[("profile", p.name)],
                days,
            );
        }
    }
    family(
        &mut out,
        "nowkey_check_outcome",
        "Outcome of each check in the last run: 1 for the outcome it had, 0 for the others.",
    );
    for p in profiles {
        for result in p.results {
            for outcome in [
                Outcome::Pass,
                Outcome::Warn,
                Outcome::Fail,
                Outcome::Skip,
                Outcome::Unknown,
            ] {
                let labels = [
                    ("profile", p.name),
                    ("check", result.id.as_str()),
                    ("endpoint", result.endpoint.as_deref().unwrap_or("")),
                    ("outcome", outcome.as_str()),
                ];
                sample(
                    &mut out,
                    "nowkey_check_outcome",
                    &labels,
                    i64::from(result.outcome == outcome),
                );
            }
        }
    }
    family(
        &mut out,
        "nowkey_check_duration_seconds",
        "How long each check took in the last run.",
    );
    for p in profiles {
        for result in p.results {
            let labels = [
                ("profile", p.name),
                ("check", result.id.as_str()),
                ("endpoint", result.endpoint.as_deref().unwrap_or("")),
            ];
            let _ = writeln!(
                out,
                "nowkey_check_duration_seconds{{{}}} {:.3}",
                label_set(&labels),
                result.elapsed_ms as f64 / 1000.0
            );
        }
    }
    family(
        &mut out,
        "nowkey_last_check_timestamp_seconds",
        "When the last check of the profile ran (Unix time).",
    );
    for p in profiles {
        sample(
            &mut out,
            "nowkey_last_check_timestamp_seconds",
            &[("profile", p.name)],
            now.timestamp(),
        );
    }
    out
}

fn age(created: NaiveDate, today: NaiveDate) -> i64 {
    (today - created).num_days()
}

fn family(out: &mut String, name: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} gauge");
}

fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: i64) {
    let _ = writeln!(out, "{name}{{{}}} {value}", label_set(labels));
}

fn label_set(labels: &[(&str, &str)]) -> String {
    labels
        .iter()
        .map(|(key, value)| format!("{key}=\"{}\"", escape_label(value)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Escapes a label value as the exposition format requires: `\`, `"` and newline.
pub fn escape_label(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}
