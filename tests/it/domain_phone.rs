//! E.164 destination numbers and the explicit local-to-international conversion.

use nowkey::domain::phone::{convert_local, PhoneError, E164, MAX_DIGITS, MIN_DIGITS};
use proptest::prelude::*;

fn parsed(raw: &str) -> Result<String, PhoneError> {
    E164::parse(raw).map(|n| n.as_str().to_owned())
}

fn converted(raw: &str, code: &str) -> Result<String, PhoneError> {
    convert_local(raw, code).map(|n| n.to_string())
}

/// `^\+[1-9][0-9]{7,14}$`, checked by hand.
fn is_e164(text: &str) -> bool {
    let Some(digits) = text.strip_prefix('+') else {
        return false;
    };
    (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

// ---------------------------------------------------------------------------
// E164::parse
// ---------------------------------------------------------------------------

#[test]
fn parses_the_documented_example() {
    let n = E164::parse("+61491570156").unwrap();
    assert_eq!(n.as_str(), "+61491570156");
    assert_eq!(n.to_string(), "+61491570156");
    assert_eq!(String::from(n), "+61491570156");
}

#[test]
fn drops_readability_separators() {
    for raw in [
        "+61 491 570 156",
        "+61-491-570-156",
        "+61.491.570.156",
        "+61 (491) 570-156",
        "+61\u{a0}491\u{a0}570\u{a0}156",
        "  +61491570156  ",
        "\t+61491570156\n",
        "+ 61 491 570 156",
        "(+61) 491 570 156",
    ] {
        assert_eq!(parsed(raw).as_deref(), Ok("+61491570156"), "{raw:?}");
    }
}

#[test]
fn no_plus_is_local_form() {
    for raw in ["0412345678", "61491570156", "0061491570156", "0412 345 678"] {
        assert_eq!(parsed(raw), Err(PhoneError::LocalForm), "{raw:?}");
    }
}

#[test]
fn digit_count_limits() {
    assert_eq!((MIN_DIGITS, MAX_DIGITS), (8, 15));
    assert_eq!(parsed("+1234567"), Err(PhoneError::DigitCount(7)));
    assert_eq!(parsed("+12345678").as_deref(), Ok("+12345678"));
    assert_eq!(
        parsed("+123456789012345").as_deref(),
        Ok("+123456789012345")
    );
    assert_eq!(parsed("+1234567890123456"), Err(PhoneError::DigitCount(16)));
    // Separators do not count as digits.
    assert_eq!(parsed("+1 2 3 4 5 6 7"), Err(PhoneError::DigitCount(7)));
    assert_eq!(parsed("+"), Err(PhoneError::DigitCount(0)));
    assert_eq!(parsed("+ - ."), Err(PhoneError::DigitCount(0)));
}

#[test]
fn country_code_cannot_start_with_zero() {
    assert_eq!(parsed("+0412345678"), Err(PhoneError::LeadingZero));
    assert_eq!(parsed("+00 61 491 570 156"), Err(PhoneError::LeadingZero));
}

#[test]
fn letters_and_symbols_are_invalid_characters() {
    assert_eq!(
        parsed("+61 491 ABC 156"),
        Err(PhoneError::InvalidCharacter('A'))
    );
    assert_eq!(
        parsed("+61491570156x"),
        Err(PhoneError::InvalidCharacter('x'))
    );
    assert_eq!(
        parsed("+61/491570156"),
        Err(PhoneError::InvalidCharacter('/'))
    );
    assert_eq!(
        parsed("+61\t491570156"),
        Err(PhoneError::InvalidCharacter('\t'))
    );
    assert_eq!(
        parsed("tel:+61491570156"),
        Err(PhoneError::InvalidCharacter('t'))
    );
    // Non-ASCII digits are not digits here.
    assert_eq!(
        parsed("+٦١٤٩١٥٧٠١٥٦"),
        Err(PhoneError::InvalidCharacter('٦'))
    );
    assert_eq!(
        parsed("＋61491570156"),
        Err(PhoneError::InvalidCharacter('＋'))
    );
}

#[test]
fn plus_only_at_the_start() {
    assert_eq!(parsed("+61+491570156"), Err(PhoneError::MisplacedPlus));
    assert_eq!(parsed("++61491570156"), Err(PhoneError::MisplacedPlus));
    assert_eq!(parsed("61491570156+"), Err(PhoneError::MisplacedPlus));
}

#[test]
fn empty_input() {
    for raw in ["", " ", "\t\n", "\u{a0}"] {
        assert_eq!(parsed(raw), Err(PhoneError::Empty), "{raw:?}");
    }
}

#[test]
fn messages_say_what_to_do() {
    let cases = [
        (PhoneError::Empty, "+61491570156"),
        (PhoneError::LocalForm, "leading +"),
        (PhoneError::LocalForm, "Ctrl-L"),
        (PhoneError::InvalidCharacter('x'), "'x'"),
        (PhoneError::MisplacedPlus, "start"),
        (PhoneError::DigitCount(7), "7"),
        (PhoneError::DigitCount(7), "8 to 15"),
        (PhoneError::LeadingZero, "0"),
        (PhoneError::BadCountryCode, "1 to 3 digits"),
    ];
    for (err, needle) in cases {
        let text = err.to_string();
        assert!(text.contains(needle), "{text:?} lacks {needle:?}");
    }
}

// ---------------------------------------------------------------------------
// convert_local
// ---------------------------------------------------------------------------

#[test]
fn converts_a_local_number_with_a_country_code() {
    assert_eq!(
        converted("0412 345 678", "61").as_deref(),
        Ok("+61412345678")
    );
    assert_eq!(
        converted("0412 345 678", "+64").as_deref(),
        Ok("+64412345678")
    );
    assert_eq!(
        converted("0412-345-678", " 61 ").as_deref(),
        Ok("+61412345678")
    );
    // Without a trunk 0 the national number is used as is.
    assert_eq!(converted("412345678", "61").as_deref(), Ok("+61412345678"));
    assert_eq!(converted("2025550123", "1").as_deref(), Ok("+12025550123"));
}

#[test]
fn double_zero_prefix_becomes_plus_whatever_the_code() {
    assert_eq!(
        converted("0061412345678", "61").as_deref(),
        Ok("+61412345678")
    );
    assert_eq!(
        converted("00 61 412 345 678", "64").as_deref(),
        Ok("+61412345678")
    );
    assert_eq!(
        converted("0061412345678", "").as_deref(),
        Ok("+61412345678")
    );
}

#[test]
fn international_numbers_pass_through() {
    assert_eq!(
        converted("+61 491 570 156", "64").as_deref(),
        Ok("+61491570156")
    );
    assert_eq!(
        converted("+61491570156", "nonsense").as_deref(),
        Ok("+61491570156")
    );
    // Still validated.
    assert_eq!(converted("+6149", "61"), Err(PhoneError::DigitCount(4)));
}

#[test]
fn bad_country_codes_are_refused() {
    for code in ["", " ", "+", "0", "01", "1234", "6a", "a", "+0", "６１"] {
        assert_eq!(
            converted("0412 345 678", code),
            Err(PhoneError::BadCountryCode),
            "code {code:?}"
        );
    }
}

#[test]
fn conversion_still_validates_the_result() {
    assert_eq!(converted("0412", "61"), Err(PhoneError::DigitCount(5)));
    assert_eq!(
        converted("0412 34x 678", "61"),
        Err(PhoneError::InvalidCharacter('x'))
    );
    assert_eq!(
        converted("04+12345678", "61"),
        Err(PhoneError::MisplacedPlus)
    );
}

#[test]
fn converting_nothing_says_the_field_is_empty() {
    // Ctrl-L on an empty field must say "enter a number", not count the digits of
    // the country code ("this one has 2").
    assert_eq!(converted("", "61"), Err(PhoneError::Empty));
    assert_eq!(converted("   ", "61"), Err(PhoneError::Empty));
    assert_eq!(converted(" - ", "61"), Err(PhoneError::Empty));
}

// ---------------------------------------------------------------------------
// serde
// ---------------------------------------------------------------------------

#[test]
fn serde_round_trip() {
    let n = E164::parse("+61491570156").unwrap();
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(json, "\"+61491570156\"");
    let back: E164 = serde_json::from_str(&json).unwrap();
    assert_eq!(back, n);

    #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
    struct Doc {
        to: E164,
    }
    let doc = Doc { to: n };
    let text = toml::to_string(&doc).unwrap();
    assert_eq!(text.trim(), "to = \"+61491570156\"");
    assert_eq!(toml::from_str::<Doc>(&text).unwrap(), doc);
}

#[test]
fn deserialize_refuses_invalid_numbers() {
    for bad in [
        "\"\"",
        "\"0412345678\"",
        "\"+1234567\"",
        "\"+0412345678\"",
        "\"+61abc\"",
        "\"+61+491570156\"",
    ] {
        let result: Result<E164, _> = serde_json::from_str(bad);
        assert!(result.is_err(), "{bad} accepted as {result:?}");
    }
    let err = serde_json::from_str::<E164>("\"0412345678\"")
        .unwrap_err()
        .to_string();
    assert!(err.contains("international form"), "{err}");
    // Not a string at all.
    assert!(serde_json::from_str::<E164>("61491570156").is_err());
}

#[test]
fn deserialize_normalises_separators() {
    let n: E164 = serde_json::from_str("\"+61 491 570 156\"").unwrap();
    assert_eq!(n.as_str(), "+61491570156");
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

proptest! {
    #[test]
    fn valid_numbers_parse_to_themselves(raw in "\\+[1-9][0-9]{7,14}") {
        prop_assert_eq!(parsed(&raw), Ok(raw.clone()));
    }

    #[test]
    fn separators_do_not_change_the_number(
        raw in "\\+[1-9][0-9]{7,14}",
        seps in proptest::collection::vec("[ .()\u{a0}-]{0,2}", 16),
    ) {
        let mut spaced = String::new();
        for (c, sep) in raw.chars().zip(seps.iter()) {
            spaced.push_str(sep);
            spaced.push(c);
        }
        // The one documented exception: a `(0)` right after the country code is
        // the trunk prefix, which international form drops.
        prop_assume!(nowkey::domain::phone::drop_trunk_zero(&spaced).is_none());
        prop_assert_eq!(parsed(&spaced), Ok(raw.clone()), "{:?}", spaced);
    }

    #[test]
    fn parse_never_panics_and_accepts_only_e164(raw in any::<String>()) {
        if let Ok(n) = parsed(&raw) {
            prop_assert!(is_e164(&n), "{:?} -> {:?}", raw, n);
        }
    }

    #[test]
    fn phone_like_input_accepts_only_e164(raw in "[+0-9 ().\u{a0}a-]{0,24}") {
        match parsed(&raw) {
            Ok(n) => prop_assert!(is_e164(&n), "{:?} -> {:?}", raw, n),
            Err(PhoneError::DigitCount(count)) => {
                prop_assert!(!(MIN_DIGITS..=MAX_DIGITS).contains(&count));
            }
            Err(_) => {}
        }
    }

    #[test]
    fn convert_never_panics_and_yields_e164(raw in any::<String>(), code in any::<String>()) {
        if let Ok(n) = converted(&raw, &code) {
            prop_assert!(is_e164(&n), "{:?} {:?} -> {:?}", raw, code, n);
        }
    }

    #[test]
    fn convert_prefixes_the_code_and_drops_the_trunk_zero(
        code in "[1-9][0-9]{0,2}",
        national in "[1-9][0-9]{6,10}",
    ) {
        let expected = format!("+{code}{national}");
        prop_assume!(is_e164(&expected));
        prop_assert_eq!(converted(&format!("0{national}"), &code), Ok(expected.clone()));
        prop_assert_eq!(converted(&format!("00{code}{national}"), "99"), Ok(expected.clone()));
        prop_assert_eq!(converted(&expected, "99"), Ok(expected));
    }

    #[test]
    fn serde_round_trips_any_valid_number(raw in "\\+[1-9][0-9]{7,14}") {
        let n = E164::parse(&raw).unwrap();
        let back: E164 = serde_json::from_str(&serde_json::to_string(&n).unwrap()).unwrap();
        prop_assert_eq!(back, n);
    }
}

/// The common written form `+44 (0)20 …` carries the national trunk 0 in brackets
/// for callers dialling at home; in international form it must be dropped, or the
/// test SMS goes to a different number.
#[test]
fn a_bracketed_trunk_zero_after_the_country_code_is_dropped() {
    assert_eq!(
        E164::parse("+44 (0)20 7946 0958").unwrap().as_str(),
        "+442079460958"
    );
    assert_eq!(
        E164::parse("+61 (0)4 9157 0156").unwrap().as_str(),
        "+61491570156"
    );
    // Surrounding spaces do not hide the trunk prefix.
    assert_eq!(
        nowkey::domain::phone::drop_trunk_zero(" +100(0)0000").as_deref(),
        Some("+1000000")
    );
    // Brackets around other digits are only separators.
    assert_eq!(
        E164::parse("+1 (415) 555 2671").unwrap().as_str(),
        "+14155552671"
    );
}
