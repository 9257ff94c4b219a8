//! The policies that judge what a check saw: key age, certificate expiry,
//! ServiceNow roles, fingerprints, unfinished rotations. Each returns a
//! [`Finding`] with its sentence and remediation, so every output (terminal,
//! JSON, report, TUI) says the same thing.

use chrono::{DateTime, NaiveDate, Utc};

use super::Finding;
use crate::domain::profile::{RotationRecord, ROTATION_PERIOD_DAYS};
use crate::domain::rotation::{Credential, Revocation, Rotation};
use crate::domain::token::Fingerprint;

/// From this age (in days) a key is reported as due soon.
pub const KEY_AGE_WARN_DAYS: i64 = 80;

/// A certificate expiring within this many days is a warning.
pub const CERTIFICATE_WARN_DAYS: i64 = 30;

/// Roles that let a user read tables over REST where the REST endpoint ACL is
/// active. *Unconfirmed* which roles each integration needs: the documentation only
/// says table read rights, and `snc_platform_rest_api_access` where that ACL is
/// active. Change it here.
pub const REST_ACCESS_ROLES: &[&str] = &["snc_platform_rest_api_access", "admin"];

/// The key's age against the 90-day rotation policy: pass before day 80, warn
/// from day 80, fail once past day 90.
pub fn key_age(created: NaiveDate, today: NaiveDate, profile: &str) -> Finding {
    let age = (today - created).num_days();
    let period = ROTATION_PERIOD_DAYS as i64;
    let rotate = format!("Rotate it: nowkey rotate --profile {profile} --key hub");
    if age < 0 {
        return Finding::warn(
            format!("The key's creation date {created} is in the future."),
            "Check the profile's key_created date and this machine's clock.",
        );
    }
    if age > period {
        return Finding::fail(
            format!(
                "The key is {age} days old: rotation was due {} days ago.",
                age - period
            ),
            rotate,
        );
    }
    if age >= KEY_AGE_WARN_DAYS {
        let left = period - age;
        return Finding::warn(
            format!("The key is {age} days old: rotation is due in {left} days."),
            rotate,
        );
    }
    Finding::pass(format!(
        "The key is {age} days old; rotation is due in {} days.",
        period - age
    ))
}

/// The token from the given key and secret against the saved fingerprint.
pub fn hub_fingerprint(given: &Fingerprint, saved: &Fingerprint, profile: &str) -> Finding {
    if given == saved {
        return Finding::pass(format!("The token's fingerprint is {given}, as saved."));
    }
    Finding::fail(
        format!("The token's fingerprint is {given}, but the profile saved {saved}: the configuration has drifted."),
        format!(
            "Make sure the secret given is the current key's. If ServiceNow holds a newer key, update the profile by rotating: nowkey rotate --profile {profile} --key hub"
        ),
    )
}

/// The given HOPEX key against the saved fingerprint.
pub fn hopex_fingerprint(given: &Fingerprint, saved: &Fingerprint) -> Finding {
    if given == saved {
        return Finding::pass(format!("The key's fingerprint is {given}, as saved."));
    }
    Finding::fail(
        format!("The key's fingerprint is {given}, but the profile saved {saved}: this is another key."),
        "Give the key that is entered in HOPEX's ServiceNow module settings, or run nowkey setup hopex again to record the new one.",
    )
}

/// A certificate's expiry: fail once expired or untrusted, warn within 30 days.
pub fn certificate(
    not_after: DateTime<Utc>,
    now: DateTime<Utc>,
    trusted: Result<(), &str>,
    host: &str,
) -> Finding {
    let days = (not_after - now).num_days();
    let date = not_after.format("%Y-%m-%d");
    if not_after <= now {
        return Finding::fail(
            format!(
                "{host}'s certificate expired on {date} ({} days ago).",
                (now - not_after).num_days()
            ),
            format!("Ask {host}'s administrators to renew the certificate; nothing can sign in until they do."),
        );
    }
    if let Err(reason) = trusted {
        return Finding::fail(
            format!("{host}'s certificate is not trusted ({reason}); it expires on {date}."),
            "If a proxy or an internal CA signs it, trust that CA with --ca-file; otherwise check the URL.",
        );
    }
    if days < CERTIFICATE_WARN_DAYS {
        return Finding::warn(
            format!("{host}'s certificate expires in {days} days ({date})."),
            format!("Ask {host}'s administrators to renew it before {date}."),
        );
    }
    Finding::pass(format!(
        "{host}'s certificate is valid for {days} more days ({date})."
    ))
}

/// What the ServiceNow user's record and roles say.
pub fn servicenow_user(user: &str, active: bool, roles: &[String], instance: &str) -> Finding {
    let listed = if roles.is_empty() {
        "no roles".to_owned()
    } else {
        format!("roles: {}", roles.join(", "))
    };
    if !active {
        return Finding::fail(
            format!("ServiceNow accepted {user}, but the account is inactive ({listed})."),
            format!("Ask a ServiceNow admin to set {user} active on {instance}."),
        );
    }
    let has_rest = roles
        .iter()
        .any(|role| REST_ACCESS_ROLES.contains(&role.as_str()));
    if !has_rest {
        return Finding::warn(
            format!("ServiceNow accepted {user} ({listed}), without snc_platform_rest_api_access."),
            "Where the REST endpoint ACL is active, grant the user snc_platform_rest_api_access; otherwise nothing to do.",
        );
    }
    Finding::pass(format!("ServiceNow accepted {user} ({listed})."))
}

/// A rotation in the journal: fine when there is none or it finished.
pub fn unfinished_rotation(rotation: Option<&Rotation>, profile: &str) -> Finding {
    match rotation {
        Some(rotation) if !rotation.phase.is_terminal() => Finding::warn(
            format!(
                "A rotation of the {} started {} is at step {} ({}); {}.",
                rotation.credential.noun(),
                rotation.started_at.format("%Y-%m-%d %H:%M UTC"),
                rotation.phase.number(),
                rotation.title(),
                rotation.live_now_clause()
            ),
            format!(
                "Finish it: nowkey rotate --profile {profile} --key {} --resume",
                match rotation.credential {
                    Credential::HubKey => "hub",
                    Credential::HopexKey => "hopex",
                }
            ),
        ),
        _ => Finding::pass("No rotation is in progress."),
    }
}

/// Whether the old key of the profile's last rotation is known to be revoked:
/// a warning, until a later rotation confirms a revocation, when that rotation
/// finished with the Hub still accepting the old key or without its answer.
pub fn old_key_revoked(last: &RotationRecord, profile: &str) -> Finding {
    let (old, date) = (&last.old_key, last.completed);
    let delete = format!(
        "Delete key {old} in the Hub (Settings → API Settings → API). nowkey confirms a revocation only during a rotation; this warning stays until a rotation confirms one: nowkey rotate --profile {profile} --key hub"
    );
    match last.old_key_revocation {
        Some(Revocation::Confirmed) => Finding::pass(format!(
            "The Hub rejected the old key {old} when the rotation of {date} finished (revocation confirmed)."
        )),
        Some(Revocation::StillAccepted) => Finding::warn(
            format!(
                "The rotation of {date} finished anyway while the Hub still accepted the old key {old} (still accepted): it may still work."
            ),
            delete,
        ),
        Some(Revocation::NotVerified) | None => Finding::warn(
            format!(
                "The rotation of {date} finished without the Hub confirming that the old key {old} is revoked (not verified): it may still work."
            ),
            delete,
        ),
    }
}
