//! Why a keyring call failed, in words for the operator.
//!
//! Every message says what happened, then what to do, then that nowkey never
//! falls back to a plaintext file: an operator who sees the keyring fail must not
//! wonder where else the secret went.

use std::time::Duration;

use crate::domain::profile::ProfileNameError;

/// The advice that closes every message whose cause is the keyring itself.
const GIVE_THEM_ANOTHER_WAY: &str = "give the secrets through the environment, stdin or the prompt; nowkey never stores them in a file";

/// Why reading, writing or deleting a secret in the OS keyring failed.
///
/// Holds profile names, account names and the platform's own error text only:
/// never a secret. The platform text of a `set` is checked against the secret
/// being written and redacted should it ever contain it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// No OS keyring can be reached on this machine (on Linux: no D-Bus session
    /// bus, or no Secret Service on it).
    #[error("{}: {}.", self.what(), self.advice())]
    Unavailable {
        /// What the platform said, in short.
        detail: String,
    },

    /// The keyring is locked, or the platform refused nowkey access to it.
    #[error("{}: {}.", self.what(), self.advice())]
    Locked {
        /// What the platform said, in short.
        detail: String,
    },

    /// The keyring did not answer in time: a locked keyring waiting on an unlock
    /// prompt, a stuck daemon.
    #[error("{}: {}.", self.what(), self.advice())]
    TimedOut {
        /// How long nowkey waited.
        after: Duration,
    },

    /// An earlier call timed out and still holds the keyring, so this one was not
    /// even tried (it would only queue behind it). Handle it like `TimedOut`.
    #[error("{}: {}.", self.what(), self.advice())]
    Busy,

    /// Any other failure of the platform's keyring.
    #[error("{}: {}.", self.what(), self.advice())]
    Platform {
        /// What the platform said, in short.
        detail: String,
    },

    /// More than one keyring entry matches the account (made by another tool).
    #[error("{}: {}.", self.what(), self.advice())]
    Ambiguous {
        /// The account, `<profile>/<secret>`.
        account: String,
        /// How many entries match.
        count: usize,
    },

    /// The entry holds bytes that are not text, so it is not one nowkey wrote.
    #[error("{}: {}.", self.what(), self.advice())]
    Unreadable {
        /// The account, `<profile>/<secret>`.
        account: String,
    },

    /// The profile name cannot name a keyring account.
    #[error("Profile '{name}' cannot name a keyring entry: {reason}")]
    BadProfileName {
        /// The name as given.
        name: String,
        /// Why it was refused (already says what to do).
        reason: ProfileNameError,
    },
}

impl KeyringError {
    /// What happened, without the advice: for a caller that words its own next
    /// step (e.g. `profiles remove`, where "give the secrets" would be wrong).
    pub fn what(&self) -> String {
        match self {
            Self::Unavailable { detail } => format!("No OS keyring is available here ({detail})"),
            Self::Locked { detail } => {
                format!("The OS keyring is locked or refused access ({detail})")
            }
            Self::TimedOut { after } => format!(
                "The OS keyring did not answer within {} (it may be locked and waiting on an unlock prompt, or its service is stuck)",
                seconds(*after)
            ),
            Self::Busy => "The OS keyring has still not answered an earlier call (it may be locked and waiting on an unlock prompt, or its service is stuck)".to_owned(),
            Self::Platform { detail } => format!("The OS keyring failed ({detail})"),
            Self::Ambiguous { account, count } => format!(
                "The OS keyring holds {count} entries for nowkey account {account}, so nowkey cannot tell which is right"
            ),
            Self::Unreadable { account } => format!(
                "The OS keyring entry for nowkey account {account} is not text, so it is not one nowkey wrote"
            ),
            // The reason is left to Display: it is a sentence of its own.
            Self::BadProfileName { name, .. } => {
                format!("Profile '{name}' cannot name a keyring entry")
            }
        }
    }

    /// What to do next (no trailing full stop).
    fn advice(&self) -> String {
        match self {
            Self::Unavailable { .. } | Self::Platform { .. } => GIVE_THEM_ANOTHER_WAY.to_owned(),
            Self::Locked { .. } | Self::TimedOut { .. } | Self::Busy => {
                format!("unlock the keyring and try again, or {GIVE_THEM_ANOTHER_WAY}")
            }
            Self::Ambiguous { .. } | Self::Unreadable { .. } => {
                format!("delete it in your keyring manager, and {GIVE_THEM_ANOTHER_WAY}")
            }
            // Its Display is the reason itself, which already says what to do.
            Self::BadProfileName { .. } => String::new(),
        }
    }
}

/// "3 s", "0.5 s": a timeout as a person reads it.
fn seconds(after: Duration) -> String {
    let millis = after.as_millis();
    if millis.is_multiple_of(1000) {
        format!("{} s", millis / 1000)
    } else {
        format!("{:.1} s", after.as_secs_f64())
    }
}

/// The platform's error text made safe and short for a message: one line, at most
/// 160 characters, and `[redacted]` in place of `secret` should the platform ever
/// echo it.
pub(super) fn short_detail(text: &str, secret: Option<&str>) -> String {
    let mut line = text.lines().next().unwrap_or_default().trim().to_owned();
    if let Some(secret) = secret.filter(|s| !s.is_empty()) {
        line = line.replace(secret, "[redacted]");
    }
    if line.chars().count() > 160 {
        line = line.chars().take(159).collect::<String>() + "…";
    }
    if line.is_empty() {
        "no details".to_owned()
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_is_one_sentence_ending_with_the_no_file_promise_or_a_step() {
        let all = [
            KeyringError::Unavailable {
                detail: "no D-Bus session bus".into(),
            },
            KeyringError::Locked {
                detail: "prompt dismissed".into(),
            },
            KeyringError::TimedOut {
                after: Duration::from_secs(3),
            },
            KeyringError::Busy,
            KeyringError::Platform {
                detail: "zbus error".into(),
            },
            KeyringError::Ambiguous {
                account: "prod/hub_api_secret".into(),
                count: 2,
            },
            KeyringError::Unreadable {
                account: "prod/hub_api_secret".into(),
            },
        ];
        for error in all {
            let text = error.to_string();
            assert!(
                text.ends_with("nowkey never stores them in a file."),
                "{text}"
            );
            assert_eq!(text.matches('\n').count(), 0, "{text}");
        }
        let bad = KeyringError::BadProfileName {
            name: "a b".into(),
            reason: ProfileNameError::BadCharacter(' '),
        };
        assert_eq!(
            bad.to_string(),
            "Profile 'a b' cannot name a keyring entry: Use letters, digits, '-', '_' or '.' in a profile name (' ' is not allowed)."
        );
    }

    #[test]
    fn the_unavailable_message_says_so_and_promises_no_file() {
        let text = KeyringError::Unavailable {
            detail: "no Secret Service on the D-Bus session bus".into(),
        }
        .to_string();
        assert_eq!(
            text,
            "No OS keyring is available here (no Secret Service on the D-Bus session bus): give the secrets through the environment, stdin or the prompt; nowkey never stores them in a file."
        );
    }

    #[test]
    fn timeouts_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(3)), "3 s");
        assert_eq!(seconds(Duration::from_millis(500)), "0.5 s");
    }

    #[test]
    fn details_are_one_short_line_without_the_secret() {
        assert_eq!(
            short_detail("refused hunter2!\nsecond line", Some("hunter2")),
            "refused [redacted]!"
        );
        assert_eq!(short_detail("", None), "no details");
        assert_eq!(short_detail(&"x".repeat(500), None).chars().count(), 160);
    }
}
