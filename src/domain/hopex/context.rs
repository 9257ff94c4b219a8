//! Whether the repository and profile a key opens are the ones the profile says.
//! (Placeholder with the agreed interface; the full comparison lands with the checks.)

use super::HopexContext;

/// How a key's context compares with the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextMatch {
    /// Both match.
    Matches,
    /// (key opens, profile says) for each that differs.
    Mismatch {
        /// The repository, when it differs.
        repository: Option<(String, String)>,
        /// The profile, when it differs.
        profile: Option<(String, String)>,
    },
    /// Cannot be compared.
    NotComparable {
        /// Why.
        why: &'static str,
    },
}

/// Compares `context` with the profile's ids.
pub fn compare_context(
    context: &HopexContext,
    repository_id: &str,
    profile_id: &str,
) -> ContextMatch {
    let (Some(repository), Some(profile)) = (&context.repository_id, &context.profile_id) else {
        return ContextMatch::NotComparable {
            why: "HOPEX did not say which repository and profile the key opens",
        };
    };
    let differs = |got: &String, want: &str| (got != want).then(|| (got.clone(), want.to_owned()));
    match (
        differs(repository, repository_id),
        differs(profile, profile_id),
    ) {
        (None, None) => ContextMatch::Matches,
        (repository, profile) => ContextMatch::Mismatch {
            repository,
            profile,
        },
    }
}

impl ContextMatch {
    /// The sentence naming both values of each mismatch.
    pub fn mismatch_sentence(&self) -> Option<String> {
        let ContextMatch::Mismatch {
            repository,
            profile,
        } = self
        else {
            return None;
        };
        let mut parts = Vec::new();
        if let Some((got, want)) = repository {
            parts.push(format!(
                "This key opens repository {got}; the profile says {want}."
            ));
        }
        if let Some((got, want)) = profile {
            parts.push(format!(
                "This key opens profile {got}; the profile says {want}."
            ));
        }
        Some(parts.join(" "))
    }
}
