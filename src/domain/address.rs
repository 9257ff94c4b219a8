//! The text of an address (URL) field, checked before it is parsed.
//!
//! The URL parser follows the WHATWG rules: it silently drops tabs and line breaks
//! anywhere in the text, so a two-line paste becomes one, different, address, and it
//! percent-encodes spaces and invisible characters into the path. An address field
//! holds one address on one line, so anything of that kind inside it is refused
//! here, by position, before parsing. So is anything outside ASCII: IDNA maps a
//! look-alike letter (Cyrillic а, full-width ａ) to some host, maybe not the one
//! the operator meant, and the credentials would go there. Messages never echo the text: an operator
//! who pasted a secret into the field must not see it printed back.

use thiserror::Error;

use super::paste::{is_invisible_format, visible};

/// Why the text of an address field was refused. Each message is shown beside the
/// field.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AddressError {
    /// A space, tab or line break inside the address.
    #[error("The address contains a space or line break at position {position}: enter only the address, on one line.")]
    Whitespace {
        /// 1-based character position in the trimmed text.
        position: usize,
    },
    /// A control character or an invisible format character (zero-width space,
    /// BOM, direction mark).
    #[error("The address contains an invisible or control character ({shown}) at position {position}: type the address again.")]
    Hidden {
        /// 1-based character position in the trimmed text.
        position: usize,
        /// The character, escaped.
        shown: String,
    },
    /// A character outside ASCII: a look-alike letter (Cyrillic а, full-width ａ)
    /// would otherwise become another host through IDNA.
    #[error("The address contains a character that is not plain ASCII ({shown}) at position {position}: type the host in plain letters and digits (an internationalised name in its xn-- form).")]
    NotAscii {
        /// 1-based character position in the trimmed text.
        position: usize,
        /// The character, escaped (a look-alike shown as itself would hide it).
        shown: String,
    },
}

/// Trims the text of an address field and refuses whitespace, control, invisible
/// format and non-ASCII characters inside it; returns the trimmed text.
pub fn check_address_text(raw: &str) -> Result<&str, AddressError> {
    let text = raw.trim();
    for (index, c) in text.chars().enumerate() {
        let position = index + 1;
        if c.is_whitespace() {
            return Err(AddressError::Whitespace { position });
        }
        if c.is_control() || is_invisible_format(c) {
            return Err(AddressError::Hidden {
                position,
                shown: visible(c),
            });
        }
        if !c.is_ascii() {
            return Err(AddressError::NotAscii {
                position,
                shown: c.escape_unicode().to_string(),
            });
        }
    }
    Ok(text)
}
