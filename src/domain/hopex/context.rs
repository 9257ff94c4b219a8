//! Whether the repository and profile a key opens are the ones the profile says.
//!
//! A key made on the wrong repository passes a plain "does it authenticate" test
//! and then syncs the wrong data, so the HOPEX check compares `_currentContext`'s
//! `databaseId` and `profileId` with the profile's `repository_id` and
//! `profile_id`.
//!
//! HOPEX ids are absolute identifiers and case-sensitive: they compare exactly,
//! case included. Only whitespace around them is ignored (it cannot be part of
//! an id, and a pasted or padded value may carry it).
//!
//! The ids from the server are server text: what is shown of them goes through
//! [`shown_id`], cleaned and bounded.

use super::HopexContext;
use crate::domain::untrusted::clean_line;

/// The most characters of an id shown (HOPEX's absolute ids are 12).
pub const MAX_SHOWN_ID_CHARS: usize = 64;

/// What the key opens against what the profile says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextMatch {
    /// The key opens the profile's repository with its profile.
    Matches,
    /// At least one id differs; each pair is (the key opens, the profile says),
    /// both as shown ([`shown_id`]).
    Mismatch {
        /// The repository, when it differs.
        repository: Option<(String, String)>,
        /// The HOPEX profile, when it differs.
        profile: Option<(String, String)>,
    },
    /// Nothing to compare, and why (one sentence).
    NotComparable {
        /// Why, as a sentence.
        why: &'static str,
    },
}

impl ContextMatch {
    /// One sentence naming both values of each id that differs, e.g. "This key
    /// opens repository X; the profile says Y."; `None` unless a mismatch.
    pub fn mismatch_sentence(&self) -> Option<String> {
        let ContextMatch::Mismatch {
            repository,
            profile,
        } = self
        else {
            return None;
        };
        Some(match (repository, profile) {
            (Some((key_repo, saved_repo)), Some((key_profile, saved_profile))) => format!(
                "This key opens repository {key_repo} with HOPEX profile {key_profile}; the profile says repository {saved_repo} with HOPEX profile {saved_profile}."
            ),
            (Some((key, saved)), None) => {
                format!("This key opens repository {key}; the profile says {saved}.")
            }
            (None, Some((key, saved))) => {
                format!("This key opens HOPEX profile {key}; the profile says {saved}.")
            }
            (None, None) => return None,
        })
    }
}

/// Compares the context a key signed in with against the profile's
/// `repository_id` and `profile_id`. An id that differs is a mismatch even when
/// the other is missing from the answer; with nothing differing, a missing id
/// (or a fallback check, which has no context) makes it not comparable.
pub fn compare_context(
    context: &HopexContext,
    repository_id: &str,
    profile_id: &str,
) -> ContextMatch {
    if context.via_fallback {
        return ContextMatch::NotComparable {
            why: "This HOPEX build has no _currentContext, so the key's repository and profile cannot be read.",
        };
    }
    let (saved_repo, saved_profile) = (repository_id.trim(), profile_id.trim());
    if saved_repo.is_empty() && saved_profile.is_empty() {
        return ContextMatch::NotComparable {
            why: "The profile holds no repository id or HOPEX profile id to compare with.",
        };
    }
    let differs = |given: Option<&String>, saved: &str| match given {
        Some(given) if !saved.is_empty() && !given.trim().is_empty() && given.trim() != saved => {
            Some((shown_id(given), shown_id(saved)))
        }
        _ => None,
    };
    let repository = differs(context.repository_id.as_ref(), saved_repo);
    let profile = differs(context.profile_id.as_ref(), saved_profile);
    if repository.is_some() || profile.is_some() {
        return ContextMatch::Mismatch {
            repository,
            profile,
        };
    }
    let missing = |given: Option<&String>, saved: &str| {
        !saved.is_empty() && given.is_none_or(|g| g.trim().is_empty())
    };
    if missing(context.repository_id.as_ref(), saved_repo) {
        return ContextMatch::NotComparable {
            why: "HOPEX's answer did not say which repository the key opens (no databaseId).",
        };
    }
    if missing(context.profile_id.as_ref(), saved_profile) {
        return ContextMatch::NotComparable {
            why: "HOPEX's answer did not say which HOPEX profile the key uses (no profileId).",
        };
    }
    if saved_repo.is_empty() || saved_profile.is_empty() {
        return ContextMatch::NotComparable {
            why: "The profile holds only one of the repository id and HOPEX profile id, so the key could be checked only in part.",
        };
    }
    ContextMatch::Matches
}

/// An id as shown anywhere (terminal, JSON, report): one line, cleaned of control
/// and invisible characters, trimmed, at most [`MAX_SHOWN_ID_CHARS`] characters.
pub fn shown_id(text: &str) -> String {
    let line = clean_line(text);
    let line = line.trim();
    if line.chars().count() <= MAX_SHOWN_ID_CHARS {
        return line.to_owned();
    }
    let mut out: String = line.chars().take(MAX_SHOWN_ID_CHARS - 1).collect();
    out.push('…');
    out
}
