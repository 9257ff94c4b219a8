//! The SMS setup (SMS connector setup): every text field.

use super::fields::Field::*;
use super::rows_shared;
use super::run::Row;
use super::table::{accepted, refused};

/// Plain http (not loopback), as the Hub's URL rule words it.
pub const PLAIN_HTTP: &str = "never sent over plain http://";
/// The address rule for spaces and line breaks.
const ADDRESS_SPACE: &str = "contains a space or line break at position";
/// The address rule for control and invisible characters.
const ADDRESS_INVISIBLE: &str = "invisible or control character";
/// The address rule for non-ASCII (IDN, look-alike) characters.
pub const NOT_ASCII: &str = "not plain ASCII";

/// The rows of the SMS setup.
pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    rows.extend(refused(
        HubUrl,
        &[
            ("empty", "", "it is empty"),
            ("whitespace only", "  \t ", "it is empty"),
            ("ftp://", "ftp://api.example.com", "only https://"),
            (
                "http:// to a remote host",
                "http://api.example.com",
                PLAIN_HTTP,
            ),
            (
                "user:pass@",
                "https://ops:pw@api.example.com",
                "user name or password",
            ),
            (
                "query string",
                "https://api.example.com/v1?key=abc",
                "contains a query",
            ),
            (
                "space in the host",
                "https://api.exa mple.com",
                ADDRESS_SPACE,
            ),
            (
                "space in the path",
                "https://api.example.com/v1 beta",
                ADDRESS_SPACE,
            ),
            (
                "two lines",
                "https://api.example.com\nhttps://api.b.com",
                ADDRESS_SPACE,
            ),
            (
                "zero-width space",
                "https://api.example.com/\u{200b}v1",
                ADDRESS_INVISIBLE,
            ),
            (
                "ESC sequence",
                "https://api.example.com/\u{1b}[31mv1",
                ADDRESS_INVISIBLE,
            ),
            ("only a scheme", "https://", "not a web address"),
            ("scheme and colon", "https:", "not a web address"),
            ("no scheme", "api.messagemedia.com", "not a web address"),
            ("javascript:", "javascript:alert(1)", "only https://"),
            (
                "port out of range",
                "https://api.example.com:99999",
                "not a web address",
            ),
            (
                "IDN look-alike host",
                "https://\u{430}pi.messagemedia.com",
                NOT_ASCII,
            ),
            (
                "full-width letter",
                "https://\u{ff41}pi.messagemedia.com",
                NOT_ASCII,
            ),
        ],
    ));
    rows.extend(accepted(
        HubUrl,
        &[
            (
                "surrounding spaces and newline",
                "  https://api.example.com/  \n",
            ),
            ("http:// to loopback", "http://localhost:8787"),
        ],
    ));

    let long_key = "A".repeat(257);
    rows.extend(refused(
        ApiKey,
        &[
            ("empty", "", "The API key is empty"),
            ("whitespace only", " \t \r\n", "The API key is empty"),
            ("inner space", "ABCD EFGH", "contains a space at position 5"),
            (
                "NUL",
                "ABCD\u{0}EFGH",
                "control character (\\u{0}) at position 5",
            ),
            (
                "ESC sequence",
                "ABCD\u{1b}[2JEFGH",
                "control character (\\u{1b})",
            ),
            ("tab", "ABCDEFGH\tIJ", "control character (\\t)"),
            (
                "zero-width space",
                "ABCD\u{200b}EFGH",
                "control character (\\u{200b})",
            ),
            ("BOM", "\u{feff}ABCDEFGH", "(\\u{feff}) at position 1"),
            (
                "RTL override",
                "ABCD\u{202e}HGFE",
                "control character (\\u{202e})",
            ),
            (
                "257 characters",
                &long_key,
                "257 characters long, which is far too long",
            ),
        ],
    ));
    rows.push(
        Row::pasted(
            ApiKey,
            "key:secret pasted together",
            "ABCDEFGH:canaryLeak0123",
            "the key and secret together",
        )
        .on_arrival()
        .hiding("canaryLeak0123"),
    );
    // What else an admin copies during setup, pasted into the key field: refused
    // as it arrives, saying what it was. The token is never shown: it decodes to
    // the secret.
    let token = "QUJDREVGR0g6Y2FuYXJ5TGVhazAxMjM="; // base64 of ABCDEFGH:canaryLeak0123
    for (what, pasted, message) in [
        (
            "a web address",
            "https://acme.service-now.com",
            "That is a web address, not the API key",
        ),
        (
            "an instance host",
            "acme.service-now.com",
            "That is a web address",
        ),
        ("the token", token, "That is the encoded token"),
        (
            "the Authorization value",
            &format!("Basic {token}"),
            "That is the encoded token",
        ),
        (
            "a phone number",
            "+61 491 570 156",
            "That is a phone number, not the API key",
        ),
    ] {
        rows.push(
            Row::pasted(ApiKey, what, pasted, message)
                .on_arrival()
                .hiding(token),
        );
    }
    rows.push(Row::typed(ApiKey, "typed ':'", ":", "cannot contain ':'").on_arrival());
    rows.extend(accepted(
        ApiKey,
        &[
            ("surrounding spaces, CR LF", "  ABCDEFGHIJKLMNOPQRST \r\n"),
            ("Unicode letters (allowed)", "ключ-ÆØÅ"),
        ],
    ));

    let long_secret = "s".repeat(257);
    rows.extend(refused(
        ApiSecret,
        &[
            ("empty", "", "The API secret is empty"),
            ("whitespace only", "  \n\t ", "The API secret is empty"),
            (
                "inner space",
                "canary Secret0123",
                "contains a space at position 7",
            ),
            (
                "newline",
                "canary\nSecret0123",
                "control character (\\n) at position 7",
            ),
            (
                "CR LF inside",
                "canary\r\nSecret0123",
                "control character (\\r)",
            ),
            ("tab", "canary\tSecret0123", "control character (\\t)"),
            ("NUL", "canary\u{0}Secret0123", "control character (\\u{0})"),
            (
                "ESC",
                "canary\u{1b}Secret0123",
                "control character (\\u{1b})",
            ),
            ("BEL", "canary\u{7}Secret0123", "control character (\\u{7})"),
            (
                "zero-width space",
                "canary\u{200b}Secret0123",
                "(\\u{200b})",
            ),
            (
                "BOM",
                "\u{feff}canarySecret0123",
                "(\\u{feff}) at position 1",
            ),
            ("RTL override", "canary\u{202e}Secret0123", "(\\u{202e})"),
            ("257 characters", &long_secret, "far too long"),
            (
                "a web address",
                "https://acme.service-now.com",
                "That is a web address, not the API secret",
            ),
            (
                "the token",
                "QUJDREVGR0g6Y2FuYXJ5TGVhazAxMjM=",
                "That is the encoded token",
            ),
            ("a phone number", "+61491570156", "That is a phone number"),
        ],
    ));
    rows.extend(accepted(
        ApiSecret,
        &[
            ("surrounding spaces, CR LF", "  canarySecret0123\r\n"),
            ("emoji (Unicode is allowed)", "canary\u{1f511}Secret0123"),
            ("':' (allowed in a secret)", "canary:Secret:0123"),
        ],
    ));

    rows.extend(rows_shared::servicenow(SmsInstance, SmsUser, SmsPassword));

    rows.extend(refused(
        Phone,
        &[
            ("empty", "", "Enter the mobile number"),
            ("spaces only", "   ", "Enter the mobile number"),
            ("local form", "0412 345 678", "leading +"),
            ("missing +", "61412345678", "leading +"),
            ("too short", "+6141", "this one has 4"),
            ("too long", "+6141234567890123", "this one has 16"),
            ("letters", "+61abc45678", "'a' cannot be part"),
            (
                "full-width digits",
                "+\u{ff16}\u{ff11}412345678",
                "'\u{ff16}' cannot be part",
            ),
            (
                "zero-width space",
                "+61 412\u{200b}345 678",
                "'\\u{200b}' cannot be part",
            ),
            (
                "trailing ESC",
                "+61412345678\u{1b}",
                "'\\u{1b}' cannot be part",
            ),
            ("second +", "+61+412345678", "only at the start"),
            ("country code 0", "+0412345678", "cannot start with 0"),
            ("only +", "+", "this one has 0"),
        ],
    ));
    rows.extend(accepted(
        Phone,
        &[("separators, trunk (0), newline", " +61 (0)412-345-678 \n")],
    ));
    rows.extend(refused(
        PhoneLocal,
        &[
            ("letters", "abc", "'a' cannot be part"),
            ("empty", "", "Enter the mobile number"),
            ("too short", "0412", "this one has 5"),
        ],
    ));
    rows.extend(accepted(PhoneLocal, &[("a local number", "0412 345 678")]));

    rows.extend(rows_shared::profile_names(SmsProfileName));
    rows
}
