//! The forms a secret can take on its way back from a server that echoes what it
//! received: as typed, Base64 in its variants, percent-, form- and
//! JSON-escaped, hex, and cut in halves. One list, used both to redact what a
//! server sends back ([`Redactor`]) and by the leak tests to look for the
//! secret everywhere nowkey writes.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use zeroize::Zeroizing;

/// What a form of a secret is replaced with.
pub const REDACTED: &str = "[REDACTED]";

/// The shortest part of a secret that is looked for on its own: shorter pieces
/// would match ordinary text.
pub const MIN_FRAGMENT: usize = 8;

/// One form of a secret.
pub struct SecretForm {
    /// What it is, e.g. "base64url".
    pub what: &'static str,
    /// The text to look for.
    pub value: Zeroizing<String>,
}

impl std::fmt::Debug for SecretForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the value: it is a secret in another spelling.
        write!(f, "SecretForm({})", self.what)
    }
}

/// Every form of `secret` a server could echo: as typed, upper- and lower-case,
/// Base64 (padded, unpadded, URL-safe both ways), percent-encoded, form-encoded,
/// JSON-escaped, hex; and, when each piece is at least [`MIN_FRAGMENT`] long,
/// its two halves and its first and last 16 characters. Forms that coincide are
/// listed once. Empty for an empty secret.
pub fn secret_forms(secret: &str) -> Vec<SecretForm> {
    let mut forms: Vec<SecretForm> = Vec::new();
    if secret.is_empty() {
        return forms;
    }
    let mut push = |what: &'static str, value: String| {
        if !value.is_empty() && !forms.iter().any(|f| *f.value == value) {
            forms.push(SecretForm {
                what,
                value: Zeroizing::new(value),
            });
        }
    };
    push("as typed", secret.to_owned());
    push("upper-case", secret.to_uppercase());
    push("lower-case", secret.to_lowercase());
    push("base64", STANDARD.encode(secret));
    push("base64, unpadded", STANDARD_NO_PAD.encode(secret));
    push("base64url", URL_SAFE.encode(secret));
    push("base64url, unpadded", URL_SAFE_NO_PAD.encode(secret));
    push("percent-encoded", percent_encode(secret));
    push(
        "form-encoded",
        url::form_urlencoded::byte_serialize(secret.as_bytes()).collect(),
    );
    // Serialising a string cannot fail; the quotes are cut off.
    let json = serde_json::to_string(secret).unwrap_or_default();
    push(
        "JSON-escaped",
        json.get(1..json.len().saturating_sub(1))
            .unwrap_or_default()
            .to_owned(),
    );
    push("hex", hex(secret.as_bytes()));
    let chars: Vec<char> = secret.chars().collect();
    let half = chars.len() / 2;
    if half >= MIN_FRAGMENT {
        push("first half", chars[..half].iter().collect());
        push("second half", chars[half..].iter().collect());
    }
    if chars.len() >= 24 {
        push("first 16", chars[..16].iter().collect());
        push("last 16", chars[chars.len() - 16..].iter().collect());
    }
    forms
}

/// True for the forms that are a piece of a secret rather than all of it.
pub fn is_piece(what: &str) -> bool {
    matches!(what, "first half" | "second half" | "first 16" | "last 16")
}

/// Every byte percent-encoded but RFC 3986's unreserved characters.
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Replaces every form of some secrets with [`REDACTED`], ignoring case (a server
/// may upper-case what it echoes, or write hex or percent escapes in capitals).
pub struct Redactor {
    /// Lower-cased forms, longest first so a whole form wins over its halves.
    needles: Vec<Zeroizing<String>>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} forms)", self.needles.len())
    }
}

impl Redactor {
    /// A redactor for `secrets` (empty ones are ignored).
    pub fn new(secrets: &[&str]) -> Self {
        let mut needles: Vec<Zeroizing<String>> = Vec::new();
        for secret in secrets {
            for form in secret_forms(secret) {
                let lower = Zeroizing::new(form.value.to_lowercase());
                if !needles.contains(&lower) {
                    needles.push(lower);
                }
            }
        }
        needles.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Self { needles }
    }

    /// The same redactor without the pieces of a secret (halves, first or last
    /// 16) that occur in `shown`: names nowkey sends and shows on purpose (a
    /// user name inside a password, a key id inside a token). Redacting them
    /// would corrupt the answer the name is checked against, and they reveal
    /// nothing that is not already shown. Whole forms are always kept.
    pub fn sparing(mut self, shown: &[&str], secrets: &[&str]) -> Self {
        let shown: Vec<String> = shown
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| s.to_lowercase())
            .collect();
        let pieces: Vec<Zeroizing<String>> = secrets
            .iter()
            .flat_map(|secret| secret_forms(secret))
            .filter(|form| is_piece(form.what))
            .map(|form| Zeroizing::new(form.value.to_lowercase()))
            .filter(|piece| shown.iter().any(|name| name.contains(piece.as_str())))
            .collect();
        self.needles.retain(|needle| !pieces.contains(needle));
        self
    }

    /// True when there is nothing to redact.
    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `text` with every form of every secret replaced.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for needle in &self.needles {
            out = replace_ignoring_case(&out, needle);
        }
        out
    }
}

/// `text` with every case-insensitive occurrence of `lower` (lower-case, not
/// empty) replaced by [`REDACTED`].
fn replace_ignoring_case(text: &str, lower: &str) -> String {
    // Lower-casing can change byte lengths outside ASCII; compare char by char
    // on a lower-cased copy only where it keeps the offsets.
    let folded = text.to_lowercase();
    if folded.len() != text.len() {
        return replace_char_by_char(text, lower);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some(found) = folded[at..].find(lower) {
        let start = at + found;
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = start + lower.len();
    }
    out.push_str(&text[at..]);
    out
}

/// The slow path of [`replace_ignoring_case`], for text whose lower case has
/// another length.
fn replace_char_by_char(text: &str, lower: &str) -> String {
    let needle: Vec<char> = lower.chars().collect();
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let matches = i + needle.len() <= chars.len()
            && chars[i..i + needle.len()]
                .iter()
                .zip(&needle)
                .all(|(c, n)| c.to_lowercase().eq(std::iter::once(*n)));
        if matches {
            out.push_str(REDACTED);
            i += needle.len();
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "S3cr3t/With+Slash_and~more";

    #[test]
    fn every_form_of_an_echoed_secret_is_redacted() {
        let redactor = Redactor::new(&[SECRET]);
        for form in secret_forms(SECRET) {
            let echoed = format!("you sent <{}>", *form.value);
            let clean = redactor.redact(&echoed);
            assert!(
                !clean.contains(form.value.as_str()),
                "{}: {clean}",
                form.what
            );
            assert!(clean.contains(REDACTED), "{}", form.what);
        }
        let upper_hex = hex(SECRET.as_bytes()).to_uppercase();
        assert_eq!(redactor.redact(&upper_hex), REDACTED);
        let split = format!("{} … {}", &SECRET[..13], &SECRET[13..]);
        assert_eq!(redactor.redact(&split), format!("{REDACTED} … {REDACTED}"));
    }

    #[test]
    fn a_short_secret_is_redacted_whole_but_never_in_pieces() {
        let forms = secret_forms("pw12");
        assert!(forms.iter().all(|f| !f.what.contains("half")));
        let redactor = Redactor::new(&["pw12"]);
        assert_eq!(
            redactor.redact("a PW12 b pw1"),
            format!("a {REDACTED} b pw1")
        );
    }

    #[test]
    fn text_outside_ascii_is_kept_around_a_redaction() {
        let redactor = Redactor::new(&[SECRET]);
        let text = format!("İstanbul {SECRET} Ωmega");
        assert_eq!(redactor.redact(&text), format!("İstanbul {REDACTED} Ωmega"));
    }

    #[test]
    fn a_piece_that_is_part_of_a_shown_name_is_spared() {
        let password = "integration-sandbox-pw";
        let redactor = Redactor::new(&[password]).sparing(&["sn.integration"], &[password]);
        assert_eq!(redactor.redact("sn.integration"), "sn.integration");
        assert_eq!(redactor.redact(password), REDACTED);
        assert_eq!(redactor.redact("x-sandbox-pw"), format!("x{REDACTED}"));
    }

    #[test]
    fn nothing_to_redact_leaves_text_alone_and_debug_shows_no_form() {
        let redactor = Redactor::new(&["", SECRET]);
        assert_eq!(redactor.redact("plain"), "plain");
        assert!(!format!("{redactor:?}").contains("S3cr"));
        assert!(!format!("{:?}", secret_forms(SECRET)).contains("S3cr"));
        assert!(Redactor::new(&[""]).is_empty());
    }
}
