//! The support report (`nowkey check --report FILE`): Markdown a customer can send
//! to support. It is built only from saved settings (which hold no secret) and
//! check results (which hold none either): fingerprints, never secrets.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{verdict, CheckResult, ProfileResults, Tally};
use crate::domain::hopex::Deployment;
use crate::domain::profile::Profile;

/// Where and when the report was made.
#[derive(Debug, Clone)]
pub struct ReportContext {
    /// nowkey's version.
    pub tool_version: String,
    /// The operating system, e.g. `linux x86_64 (Debian GNU/Linux 12)`.
    pub os: String,
    /// When the report was written.
    pub generated_at: DateTime<Utc>,
}

/// Renders the report.
pub fn render_report(context: &ReportContext, profiles: &[ProfileResults<'_>]) -> String {
    let mut out = String::new();
    let all: Vec<&CheckResult> = profiles.iter().flat_map(|p| p.results.iter()).collect();
    let tally = Tally::of(all.iter().copied());
    let _ = writeln!(out, "# nowkey support report\n");
    let _ = writeln!(
        out,
        "Contains no secret: key ids, fingerprints, dates and check results only.\n"
    );
    let _ = writeln!(out, "| | |\n| --- | --- |");
    let _ = writeln!(out, "| nowkey | {} |", cell(&context.tool_version));
    let _ = writeln!(out, "| OS | {} |", cell(&context.os));
    let _ = writeln!(out, "| Generated | {} |", context.generated_at.to_rfc3339());
    let _ = writeln!(
        out,
        "| Summary | {} ({} pass, {} warn, {} fail, {} skip, {} unknown) |\n",
        verdict(all.iter().copied()).words(),
        tally.pass,
        tally.warn,
        tally.fail,
        tally.skip,
        tally.unknown
    );
    let today = context.generated_at.date_naive();
    for p in profiles {
        let _ = writeln!(out, "## Profile `{}`\n", p.name.replace('`', "'"));
        settings(&mut out, p.profile, today);
        let _ = writeln!(out, "### Checks\n");
        let _ = writeln!(
            out,
            "| | Check | Endpoint | Started (UTC) | ms | Detail | What to do |"
        );
        let _ = writeln!(out, "| --- | --- | --- | --- | --- | --- | --- |");
        for r in p.results {
            let _ = writeln!(
                out,
                "| {} {} | `{}` {} | {} | {} | {} | {} | {} |",
                r.outcome.symbol(),
                r.outcome.as_str(),
                r.id.as_str(),
                cell(&r.title),
                cell(r.endpoint.as_deref().unwrap_or("")),
                r.started_at.format("%Y-%m-%d %H:%M:%S%.3f"),
                r.elapsed_ms,
                cell(&r.detail),
                cell(r.remediation.as_deref().unwrap_or(""))
            );
        }
        let _ = writeln!(out);
    }
    out
}

fn settings(out: &mut String, profile: &Profile, today: chrono::NaiveDate) {
    let _ = writeln!(out, "| Setting | Value |\n| --- | --- |");
    let mut row = |name: &str, value: &str| {
        let _ = writeln!(out, "| {name} | {} |", cell(value));
    };
    if let Some(sms) = &profile.sms {
        row("SMS vendor", &sms.vendor);
        row("Hub API URL", &sms.hub_api_url);
        row("Hub API key id", &sms.api_key);
        row("Token fingerprint", sms.token_fingerprint.as_str());
        row("Key created", &sms.key_created.to_string());
        row(
            "Key age",
            &format!("{} days", (today - sms.key_created).num_days()),
        );
        row("Next rotation due", &sms.next_rotation_due.to_string());
        row("Rotations completed", &sms.rotations.len().to_string());
        if let Some(url) = &sms.servicenow_url {
            row("ServiceNow (SMS)", url);
        }
        if let Some(user) = &sms.servicenow_user {
            row("ServiceNow user (SMS)", user);
        }
    }
    if let Some(hopex) = &profile.hopex {
        row("HOPEX deployment", &format!("{:?}", hopex.deployment));
        let on_prem = hopex.deployment != Deployment::Saas;
        if on_prem {
            row("HOPEX version", &hopex.version);
        }
        row("HOPEX server", &hopex.server_url);
        row("HOPEX schema", &hopex.schema);
        if on_prem {
            row("HOPEX key name", &hopex.key_name);
            row("HOPEX login", &hopex.hopex_login);
            row(
                "EnvironmentId / RepositoryId / ProfileId",
                &format!(
                    "{} / {} / {}",
                    hopex.environment_id, hopex.repository_id, hopex.profile_id
                ),
            );
            let mode = |m: Option<String>| m.unwrap_or_else(|| "?".to_owned());
            row(
                "Session / connection mode",
                &format!(
                    "{} / {}",
                    mode(hopex.session_mode.map(|m| format!("{m:?}"))),
                    mode(hopex.connection_mode.map(|m| format!("{m:?}")))
                ),
            );
            row(
                "HOPEX key fingerprint",
                hopex
                    .key_fingerprint
                    .as_ref()
                    .map_or("(none)", |f| f.as_str()),
            );
            row("HOPEX key created", &hopex.key_created.to_string());
            row(
                "HOPEX key age",
                &format!("{} days", (today - hopex.key_created).num_days()),
            );
            row(
                "HOPEX key expires",
                &hopex
                    .key_expires
                    .map_or_else(|| "(no date)".to_owned(), |d| d.to_string()),
            );
        }
        row("ServiceNow (HOPEX)", &hopex.servicenow_url);
        row("ServiceNow user (HOPEX)", &hopex.servicenow_user);
        row("ServiceNow sign-in (HOPEX)", hopex.servicenow_auth.as_str());
        if let Some(client_id) = &hopex.servicenow_oauth_client_id {
            row("ServiceNow OAuth client id (HOPEX)", client_id);
        }
    }
    let _ = writeln!(out);
}

/// Makes text safe inside a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}
