//! Proving that ServiceNow sends with the new credentials: a one-time code the
//! operator sends from ServiceNow, looked for in the Hub's sent-message report.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What every proof code starts with.
pub const PROOF_PREFIX: &str = "NK-";

/// Letters and digits that cannot be misread aloud or on a phone (no 0/O, 1/I/L).
const ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// A one-time code such as `NK-7F3Q`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofCode(String);

impl ProofCode {
    /// The code made from four random bytes.
    pub fn from_entropy(bytes: [u8; 4]) -> Self {
        let tail: String = bytes
            .iter()
            .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
            .collect();
        Self(format!("{PROOF_PREFIX}{tail}"))
    }

    /// A fresh random code.
    pub fn random() -> Self {
        let id = uuid::Uuid::new_v4();
        let b = id.as_bytes();
        Self::from_entropy([b[0], b[1], b[2], b[3]])
    }

    /// The code for one attempt, from what makes it unique (the wall clock to
    /// the nanosecond, the number, the attempt). The code is not a secret, only
    /// a marker no other message carries; deriving it keeps screens repeatable
    /// under a fixed test clock.
    pub fn for_attempt(seed: &str) -> Self {
        use sha2::Digest as _;
        let digest = sha2::Sha256::digest(seed.as_bytes());
        Self::from_entropy([digest[0], digest[1], digest[2], digest[3]])
    }

    /// The code, e.g. `NK-7F3Q`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ready text the operator sends: `nowkey check NK-7F3Q`.
    pub fn message_text(&self) -> String {
        format!("nowkey check {}", self.0)
    }
}

impl fmt::Display for ProofCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How the ServiceNow-originated test ended, as the journal and the profile's
/// history record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProofOutcome {
    /// The message with the code was found in the Hub's report.
    Proven,
    /// The report could not be used; the operator said the message arrived.
    ConfirmedByOperator,
    /// Not found before the deadline, or the operator said it did not arrive.
    Failed,
    /// The operator chose not to run it.
    Skipped,
}

impl ProofOutcome {
    /// The words shown and journaled: `proven`, `confirmed by operator`,
    /// `failed`, `skipped`.
    pub fn label(self) -> &'static str {
        match self {
            ProofOutcome::Proven => "proven",
            ProofOutcome::ConfirmedByOperator => "confirmed by operator",
            ProofOutcome::Failed => "failed",
            ProofOutcome::Skipped => "skipped",
        }
    }
}

/// One message of the Hub's detail report (cleaned for one line by the client).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportedMessage {
    /// The Hub's message id.
    pub message_id: String,
    /// When it was sent, as the Hub gave it.
    pub timestamp: String,
    /// The destination number.
    pub destination: String,
    /// The text.
    pub content: String,
    /// The status, as the Hub gave it.
    pub status: String,
}

/// The first message in the report that went to `to` (compared digits only)
/// and carries `code` (any case).
pub fn find_proof<'a>(
    messages: &'a [ReportedMessage],
    code: &ProofCode,
    to: &str,
) -> Option<&'a ReportedMessage> {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    let want = digits(to);
    let needle = code.as_str().to_ascii_uppercase();
    messages.iter().find(|m| {
        digits(&m.destination) == want && m.content.to_ascii_uppercase().contains(&needle)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(to: &str, content: &str) -> ReportedMessage {
        ReportedMessage {
            message_id: "m".into(),
            timestamp: "t".into(),
            destination: to.into(),
            content: content.into(),
            status: "delivered".into(),
        }
    }

    #[test]
    fn codes_use_the_unambiguous_alphabet_and_read_as_a_ready_text() {
        let code = ProofCode::from_entropy([0, 1, 30, 31]);
        assert_eq!(code.as_str(), "NK-23Z2");
        assert_eq!(code.message_text(), "nowkey check NK-23Z2");
        for _ in 0..50 {
            let c = ProofCode::random();
            assert!(c.as_str()[3..].bytes().all(|b| ALPHABET.contains(&b)));
            assert_eq!(c.as_str().len(), 7);
        }
    }

    #[test]
    fn the_proof_is_the_message_to_the_number_with_the_code() {
        let code = ProofCode::from_entropy([5, 6, 7, 8]);
        let text = code.message_text().to_lowercase();
        let messages = [
            message("+61491570156", "other"),
            message("+61491570157", &text),
            message("+61 491 570 156", &text),
        ];
        let found = find_proof(&messages, &code, "+61491570156").unwrap();
        assert_eq!(found.destination, "+61 491 570 156");
        assert!(find_proof(&messages[..2], &code, "+61491570156").is_none());
    }

    #[test]
    fn outcomes_are_journaled_in_snake_case_and_shown_in_words() {
        let json = serde_json::to_string(&ProofOutcome::ConfirmedByOperator).unwrap();
        assert_eq!(json, "\"confirmed_by_operator\"");
        assert_eq!(
            ProofOutcome::ConfirmedByOperator.label(),
            "confirmed by operator"
        );
    }
}
