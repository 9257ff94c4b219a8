//! Cleaning pasted API keys and secrets.

use nowkey::domain::paste::{
    clean_api_key, clean_api_secret, refuse_as_api_key, InputError, MAX_CREDENTIAL_LEN,
};
use nowkey::domain::paste_shape::PastedShape;
use proptest::prelude::*;

const KEY: &str = "API key";
const SECRET: &str = "API secret";

/// Runs both cleaners and returns the cleaned text or the error.
fn key(raw: &str) -> Result<String, InputError> {
    clean_api_key(raw).map(|k| k.as_str().to_owned())
}

fn secret(raw: &str) -> Result<String, InputError> {
    clean_api_secret(raw).map(|s| s.expose().to_owned())
}

// ---------------------------------------------------------------------------
// Trimming
// ---------------------------------------------------------------------------

#[test]
fn trims_pasted_whitespace_at_both_ends() {
    let cases = [
        "AbC123",
        " AbC123",
        "AbC123 ",
        "   AbC123   ",
        "\tAbC123\t",
        "AbC123\n",
        "\nAbC123",
        "AbC123\r",
        "AbC123\r\n",
        "\r\nAbC123\r\n",
        " \t\r\n AbC123 \r\n\t ",
        "\u{a0}AbC123\u{a0}", // NBSP from a web page
    ];
    for raw in cases {
        assert_eq!(key(raw).as_deref(), Ok("AbC123"), "key {raw:?}");
        assert_eq!(secret(raw).as_deref(), Ok("AbC123"), "secret {raw:?}");
    }
}

#[test]
fn unicode_letters_are_accepted() {
    for raw in ["pässwörd✓", "ключ", "鍵鍵鍵", "ÆØÅ-éè_ü", "emoji🔑"] {
        assert_eq!(secret(raw).as_deref(), Ok(raw));
        assert_eq!(key(raw).as_deref(), Ok(raw));
    }
}

// ---------------------------------------------------------------------------
// Refusals
// ---------------------------------------------------------------------------

#[test]
fn empty_and_whitespace_only_are_empty() {
    for raw in ["", " ", "    ", "\t", "\r\n", "\n\n", " \t\r\n ", "\u{a0}"] {
        assert_eq!(key(raw), Err(InputError::Empty { field: KEY }), "{raw:?}");
        assert_eq!(
            secret(raw),
            Err(InputError::Empty { field: SECRET }),
            "{raw:?}"
        );
    }
}

#[test]
fn inner_space_is_refused_with_its_position() {
    assert_eq!(
        key("ab cd"),
        Err(InputError::InnerWhitespace {
            field: KEY,
            position: 3
        })
    );
    assert_eq!(
        secret("a bcd"),
        Err(InputError::InnerWhitespace {
            field: SECRET,
            position: 2
        })
    );
    // Positions count characters, not bytes.
    assert_eq!(
        secret("ää ää"),
        Err(InputError::InnerWhitespace {
            field: SECRET,
            position: 3
        })
    );
    // A non-breaking space inside is whitespace too.
    assert_eq!(
        secret("abc\u{a0}d"),
        Err(InputError::InnerWhitespace {
            field: SECRET,
            position: 4
        })
    );
    // The first offending character is the one reported.
    assert_eq!(
        secret("a b c"),
        Err(InputError::InnerWhitespace {
            field: SECRET,
            position: 2
        })
    );
}

#[test]
fn control_characters_are_refused_with_their_position() {
    let cases = [
        ("ab\u{1b}cd", 3, "\\u{1b}"),  // ESC
        ("a\u{0}bcd", 2, "\\u{0}"),    // NUL
        ("abcd\u{7f}e", 5, "\\u{7f}"), // DEL
        ("ab\u{85}cd", 3, "\\u{85}"),  // NEL (C1 control, also Unicode whitespace)
        ("ab\tcd", 3, "\\t"),          // inner tab
        ("ab\ncd", 3, "\\n"),          // inner newline: two lines pasted together
        ("ab\r\ncd", 3, "\\r"),
        ("ä\u{1}", 2, "\\u{1}"),
    ];
    for (raw, position, shown) in cases {
        assert_eq!(
            secret(raw),
            Err(InputError::ControlCharacter {
                field: SECRET,
                position,
                shown: shown.to_owned()
            }),
            "secret {raw:?}"
        );
        assert_eq!(
            key(raw),
            Err(InputError::ControlCharacter {
                field: KEY,
                position,
                shown: shown.to_owned()
            }),
            "key {raw:?}"
        );
    }
}

#[test]
fn escape_sequence_in_a_paste_is_refused() {
    // A terminal escape sequence must never end up inside a credential.
    let err = secret("abc\u{1b}[31mdef").unwrap_err();
    assert!(matches!(
        err,
        InputError::ControlCharacter { position: 4, .. }
    ));
}

#[test]
fn invisible_format_characters_are_refused() {
    // Zero-width and byte-order-mark characters are invisible in the field but would
    // silently change the token, so the Hub would reject it with no visible cause.
    let cases = [
        ("\u{feff}abcd", 1, "\\u{feff}"), // BOM at the start of a paste
        ("ab\u{200b}cd", 3, "\\u{200b}"), // zero-width space
        ("abc\u{200d}", 4, "\\u{200d}"),  // zero-width joiner
        ("a\u{2060}b", 2, "\\u{2060}"),   // word joiner
        ("ab\u{ad}c", 3, "\\u{ad}"),      // soft hyphen
        ("ab\u{202e}c", 3, "\\u{202e}"),  // right-to-left override
    ];
    for (raw, position, shown) in cases {
        assert_eq!(
            secret(raw),
            Err(InputError::ControlCharacter {
                field: SECRET,
                position,
                shown: shown.to_owned()
            }),
            "secret {raw:?}"
        );
        assert!(key(raw).is_err(), "key {raw:?}");
    }
}

#[test]
fn colon_is_refused_in_the_key_but_allowed_in_the_secret() {
    assert_eq!(key(":abc"), Err(InputError::ColonInKey));
    assert_eq!(key("abc:"), Err(InputError::ColonInKey));
    for pair in ["abc:def", "  key:secret\n"] {
        assert_eq!(
            key(pair),
            Err(InputError::WrongPaste {
                field: KEY,
                shape: PastedShape::KeyAndSecret
            })
        );
    }
    assert_eq!(secret("abc:def").as_deref(), Ok("abc:def"));
    assert_eq!(secret(":::").as_deref(), Ok(":::"));
}

/// What an admin copies during setup, pasted into the wrong field: each says what
/// it was and what the field wants, not a rule about colons.
#[test]
fn wrong_pastes_say_what_was_pasted_and_what_the_field_wants() {
    let token = "S0VZMTIzOnNlY3JldDQ1Ng=="; // base64 of KEY123:secret456
    let cases = [
        (
            "https://acme.service-now.com/now/nav",
            PastedShape::WebAddress,
            "a web address",
        ),
        (
            "acme.service-now.com",
            PastedShape::WebAddress,
            "a web address",
        ),
        (
            "KEY123:secret456\n",
            PastedShape::KeyAndSecret,
            "key and secret together",
        ),
        (token, PastedShape::Token, "encoded token"),
        (
            "Basic S0VZMTIzOnNlY3JldDQ1Ng==",
            PastedShape::Token,
            "encoded token",
        ),
        (
            "+61 491 570 156",
            PastedShape::PhoneNumber,
            "a phone number",
        ),
        ("(02) 9876-5432", PastedShape::PhoneNumber, "a phone number"),
    ];
    for (raw, shape, words) in cases {
        let error = key(raw).expect_err(raw);
        assert_eq!(
            error,
            InputError::WrongPaste { field: KEY, shape },
            "{raw:?}"
        );
        let message = error.to_string();
        assert!(message.contains(words), "{message}");
        assert!(message.contains("not the API key"), "{message}");
        assert!(!message.contains("Basic auth"), "{message}");
        // The field's typing rule refuses the same paste with the same words.
        assert_eq!(refuse_as_api_key(raw.trim()), Some(message), "{raw:?}");
        // The secret field says the same of all but key:secret (a secret may
        // hold a ':').
        if shape != PastedShape::KeyAndSecret {
            let error = secret(raw).expect_err(raw);
            assert!(error.to_string().contains("not the API secret"), "{error}");
        }
    }
    // A typed ':' is still refused as one.
    assert!(refuse_as_api_key(":").is_some_and(|m| m.contains("cannot contain ':'")));
    // Real-looking credentials pass.
    assert!(refuse_as_api_key("8AKQ2ZL0W4RJ9C1XTB7M").is_none());
    assert!(secret("Fq3ZkLw9PxT2nVb8sYc1RmDg0HjE5u").is_ok());
}

#[test]
fn length_limit_is_256_characters() {
    assert_eq!(MAX_CREDENTIAL_LEN, 256);
    let exactly = "a".repeat(256);
    assert_eq!(key(&exactly).as_deref(), Ok(exactly.as_str()));
    assert_eq!(secret(&exactly).as_deref(), Ok(exactly.as_str()));
    // Trimmed whitespace does not count.
    assert_eq!(
        secret(&format!("  {exactly}\r\n")).as_deref(),
        Ok(exactly.as_str())
    );
    // Characters, not bytes: 256 two-byte letters are fine.
    let wide = "é".repeat(256);
    assert_eq!(secret(&wide).as_deref(), Ok(wide.as_str()));

    let over = "a".repeat(257);
    assert_eq!(
        key(&over),
        Err(InputError::TooLong {
            field: KEY,
            len: 257,
            max: 256
        })
    );
    assert_eq!(
        secret(&"é".repeat(257)),
        Err(InputError::TooLong {
            field: SECRET,
            len: 257,
            max: 256
        })
    );
}

#[test]
fn a_mebibyte_paste_is_refused_quickly_without_panicking() {
    let mib = 1 << 20;
    let letters = "x".repeat(mib);
    assert_eq!(
        secret(&letters),
        Err(InputError::TooLong {
            field: SECRET,
            len: mib,
            max: 256
        })
    );
    assert!(matches!(key(&letters), Err(InputError::TooLong { .. })));
    let blanks = " \r\n\t".repeat(mib / 4);
    assert_eq!(secret(&blanks), Err(InputError::Empty { field: SECRET }));
    let mixed: String = (0..mib)
        .map(|i| char::from_u32((i % 0x80) as u32).unwrap())
        .collect();
    assert!(secret(&mixed).is_err());
    assert!(key(&mixed).is_err());
}

// ---------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------

#[test]
fn messages_name_the_field_and_say_what_to_do() {
    let cases: Vec<(InputError, &str)> = vec![
        (key("").unwrap_err(), KEY),
        (secret("").unwrap_err(), SECRET),
        (key("a b").unwrap_err(), KEY),
        (secret("a b").unwrap_err(), SECRET),
        (key("a\u{1b}b").unwrap_err(), KEY),
        (secret("a\u{1b}b").unwrap_err(), SECRET),
        (key(&"a".repeat(300)).unwrap_err(), KEY),
        (secret(&"a".repeat(300)).unwrap_err(), SECRET),
        (key("a:b").unwrap_err(), KEY),
    ];
    for (err, field) in cases {
        let text = err.to_string();
        assert!(text.contains(field), "{text:?} does not name {field}");
        assert!(
            text.to_lowercase().contains("paste"),
            "{text:?} does not say what to do"
        );
        // A message is one line, ready to show beside the field.
        assert!(!text.contains('\n'), "{text:?}");
    }
}

#[test]
fn messages_carry_the_details() {
    let text = secret("ab cd").unwrap_err().to_string();
    assert!(text.contains("position 3"), "{text}");
    let text = secret("ab\u{1b}cd").unwrap_err().to_string();
    assert!(text.contains("position 3"), "{text}");
    assert!(text.contains("\\u{1b}"), "{text}");
    // The raw control character itself is never echoed to the terminal.
    assert!(!text.contains('\u{1b}'), "{text:?}");
    let text = secret(&"a".repeat(300)).unwrap_err().to_string();
    assert!(text.contains("300") && text.contains("256"), "{text}");
    let text = key("a:b").unwrap_err().to_string();
    assert!(text.contains("':'"), "{text}");
}

#[test]
fn error_messages_never_echo_the_secret() {
    const CANARY: &str = "CANARYs3cr3t";
    for raw in [
        format!("{CANARY} x"),
        format!("{CANARY}\u{1b}"),
        format!("{CANARY}{}", "y".repeat(300)),
    ] {
        let err = secret(&raw).unwrap_err();
        assert!(!err.to_string().contains(CANARY), "{err}");
        assert!(!format!("{err:?}").contains(CANARY), "{err:?}");
    }
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

/// Mostly plausible pastes (valid middle, whitespace around), sometimes anything.
fn paste_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[ \t\r\n\u{a0}]{0,3}[^\\s\\p{Cc}]{1,40}[ \t\r\n\u{a0}]{0,3}",
        1 => any::<String>(),
        1 => "[a-zA-Z0-9:\u{1b}\u{0}\u{7f}\u{85} \t\r\n]{0,20}",
    ]
}

fn assert_clean(text: &str) -> Result<(), TestCaseError> {
    prop_assert!(!text.is_empty());
    prop_assert!(text.chars().count() <= MAX_CREDENTIAL_LEN);
    prop_assert!(!text.starts_with(char::is_whitespace), "{:?}", text);
    prop_assert!(!text.ends_with(char::is_whitespace), "{:?}", text);
    prop_assert!(!text.chars().any(char::is_whitespace), "{:?}", text);
    prop_assert!(!text.chars().any(char::is_control), "{:?}", text);
    let invisible = [
        '\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}',
    ];
    prop_assert!(!text.contains(invisible), "{:?}", text);
    Ok(())
}

proptest! {
    #[test]
    fn secret_cleaning_is_idempotent(raw in paste_strategy()) {
        if let Ok(once) = secret(&raw) {
            prop_assert_eq!(secret(&once), Ok(once.clone()));
        }
    }

    #[test]
    fn key_cleaning_is_idempotent(raw in paste_strategy()) {
        if let Ok(once) = key(&raw) {
            prop_assert_eq!(key(&once), Ok(once.clone()));
        }
    }

    #[test]
    fn accepted_values_are_clean(raw in paste_strategy()) {
        if let Ok(s) = secret(&raw) {
            assert_clean(&s)?;
            // Cleaning only removes outer whitespace.
            prop_assert_eq!(s.as_str(), raw.trim_matches(char::is_whitespace));
        }
        if let Ok(k) = key(&raw) {
            assert_clean(&k)?;
            prop_assert!(!k.contains(':'));
        }
    }

    #[test]
    fn key_and_secret_agree_except_on_colons(raw in paste_strategy()) {
        match (key(&raw), secret(&raw)) {
            (Ok(k), Ok(s)) => prop_assert_eq!(k, s),
            (Err(InputError::ColonInKey), Ok(s)) => prop_assert!(s.contains(':')),
            (Err(InputError::WrongPaste { shape: PastedShape::KeyAndSecret, .. }), Ok(s)) => {
                prop_assert!(s.contains(':'))
            }
            (Err(_), Err(_)) => {}
            (k, s) => prop_assert!(false, "key {:?} vs secret {:?}", k, s),
        }
    }

    #[test]
    fn reported_positions_point_at_the_offending_character(raw in paste_strategy()) {
        let trimmed: Vec<char> = raw.trim_matches(char::is_whitespace).chars().collect();
        match secret(&raw) {
            Err(InputError::InnerWhitespace { position, .. }) => {
                prop_assert!(position >= 2 && position < trimmed.len());
                prop_assert!(trimmed[position - 1].is_whitespace());
            }
            Err(InputError::ControlCharacter { position, .. }) => {
                prop_assert!(position >= 1 && position <= trimmed.len());
                prop_assert!(!trimmed[position - 1].is_whitespace()
                    || trimmed[position - 1].is_control());
            }
            _ => {}
        }
    }

    #[test]
    fn never_panics_on_any_string(raw in any::<String>()) {
        let _ = key(&raw);
        let _ = secret(&raw);
    }
}

/// The HOPEX key fields share the cleaning rules, and their messages name
/// HOPEX, never the Hub.
#[test]
fn hopex_key_messages_name_hopex() {
    let empty = nowkey::domain::paste::clean_credential("HOPEX API key", "  ").unwrap_err();
    assert_eq!(
        empty.to_string(),
        "The HOPEX API key is empty: paste it from HOPEX."
    );
    let spaced = nowkey::domain::paste::clean_credential("HOPEX API key", "ab cd").unwrap_err();
    assert!(
        spaced.to_string().contains("HOPEX API keys have none"),
        "{spaced}"
    );
    let hub = nowkey::domain::paste::clean_credential("API secret", "").unwrap_err();
    assert_eq!(
        hub.to_string(),
        "The API secret is empty: paste it from the Hub."
    );
}
