//! The policies of the HOPEX checks that judge more than "does the key sign in":
//! the key's expiration date and the repository and HOPEX profile it opens.
//! Each returns a [`Finding`] with its sentence and remediation, like
//! [`super::policy`].

use chrono::NaiveDate;

use super::Finding;
use crate::domain::hopex::console::unconfirmed;
use crate::domain::hopex::context::{compare_context, shown_id, ContextMatch};
use crate::domain::hopex::expiry::{expiry_state, ExpiryState};
use crate::domain::hopex::HopexContext;

/// The key's expiration date on `today`: pass with more than 30 days left, warn
/// from 30 days before (the expiry day itself included), fail once expired;
/// skipped when the key has no expiration date.
pub fn key_expiry(expires: Option<NaiveDate>, today: NaiveDate, profile: &str) -> Finding {
    let rotate = |by: &str| {
        format!(
            "Generate a new key in HOPEX ({}){by} and rotate to it: nowkey rotate --profile {profile} --key hopex",
            // Only versions whose keys expire get here: all use the desktop.
            unconfirmed::DESKTOP_CREATE_PATH
        )
    };
    match (expiry_state(expires, today), expires) {
        (ExpiryState::NotSet, _) | (_, None) => Finding::skip(
            "The profile records no expiration date for the HOPEX key: nothing to check.",
            Some("If the key was given one in HOPEX, record it by running nowkey setup hopex again."),
        ),
        (ExpiryState::Valid { days_left }, Some(date)) => Finding::pass(format!(
            "The HOPEX key expires on {date}, in {days_left} days."
        )),
        (ExpiryState::ExpiresSoon { days_left: 0 }, Some(date)) => Finding::warn(
            format!("The HOPEX key expires today ({date}): from tomorrow HOPEX refuses it."),
            rotate(" today"),
        ),
        (ExpiryState::ExpiresSoon { days_left }, Some(date)) => Finding::warn(
            format!("The HOPEX key expires in {days_left} days ({date})."),
            rotate(&format!(" before {date}")),
        ),
        (ExpiryState::Expired { days_ago }, Some(date)) => Finding::fail(
            format!(
                "The HOPEX key expired on {date} ({days_ago} days ago): the integration can no longer sign in to HOPEX with it."
            ),
            rotate(""),
        ),
    }
}

/// The repository and HOPEX profile the key opened against the profile's.
pub fn context(context: &HopexContext, repository_id: &str, profile_id: &str) -> Finding {
    let found = compare_context(context, repository_id, profile_id);
    match &found {
        ContextMatch::Matches => Finding::pass(format!(
            "The key opens repository {} with HOPEX profile {}, as the profile says.",
            shown_id(repository_id),
            shown_id(profile_id)
        )),
        ContextMatch::Mismatch { .. } => Finding::fail(
            found.mismatch_sentence().unwrap_or_default(),
            "Give the key made for the profile's repository and HOPEX profile (or generate one in HOPEX); if this key is the right one, record its ids by running nowkey setup hopex again.",
        ),
        ContextMatch::NotComparable { why } => Finding::skip(*why, None::<String>),
    }
}
