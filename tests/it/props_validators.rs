//! Property tests for the validators of typed and pasted values that had none for
//! these properties: credential cleaning (messages never echo a refused secret),
//! the shown-character helper, address text, phone numbers (E.164 round trips,
//! the explicit local conversion), profile names and fingerprints. Every one is fed
//! arbitrary strings, lossy UTF-8 bytes, control and invisible characters, and huge
//! pastes, and must never panic.

use crate::props_support;

use nowkey::domain::address::check_address_text;
use nowkey::domain::paste::{
    clean_api_key, clean_api_secret, clean_credential, is_invisible_format, visible, InputError,
    MAX_CREDENTIAL_LEN,
};
use nowkey::domain::phone::{convert_local, drop_trunk_zero, E164, MAX_DIGITS, MIN_DIGITS};
use nowkey::domain::profile::validate_profile_name;
use nowkey::domain::token::{ApiKey, Fingerprint};
use props_support::{bad_char, canary, huge, nasty, phone_soup, url_soup};
use proptest::prelude::*;

/// True when `c` would be invisible or do something on a terminal.
fn hidden(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

proptest! {
    #[test]
    fn a_refused_secret_is_never_echoed_in_its_message(
        left in canary(),
        bad in bad_char(),
        right in canary(),
    ) {
        let raw = format!("{left}{bad}{right}");
        for message in [
            clean_api_secret(&raw).map(|_| ()).unwrap_err().to_string(),
            clean_api_key(&raw).map(|_| ()).unwrap_err().to_string(),
            clean_credential("HOPEX API key", &raw).unwrap_err().to_string(),
        ] {
            prop_assert!(!message.contains(&left), "{message}");
            prop_assert!(!message.contains(&right), "{message}");
            prop_assert!(!message.chars().any(hidden), "{message:?}");
        }
    }

    #[test]
    fn a_secret_too_long_is_refused_without_echo(unit in canary(), times in 12usize..400) {
        let raw = unit.repeat(times);
        prop_assume!(raw.chars().count() > MAX_CREDENTIAL_LEN);
        let error = clean_api_secret(&raw).map(|_| ()).unwrap_err();
        prop_assert!(matches!(error, InputError::TooLong { .. }), "{error:?}");
        prop_assert!(!error.to_string().contains(&unit));
    }

    #[test]
    fn a_key_read_from_a_file_obeys_the_paste_rules(raw in nasty()) {
        let read = ApiKey::try_from(raw.clone()).map(|k| k.as_str().to_owned());
        let pasted = clean_api_key(&raw).map(|k| k.as_str().to_owned());
        prop_assert_eq!(read, pasted);
    }

    #[test]
    fn a_shown_character_is_never_invisible(c in any::<char>()) {
        let shown = visible(c);
        prop_assert!(!shown.is_empty());
        prop_assert!(!shown.chars().any(hidden), "{shown:?}");
        if !hidden(c) && !c.is_whitespace() {
            prop_assert_eq!(shown, c.to_string());
        }
    }

    #[test]
    fn address_text_is_trimmed_plain_ascii_and_checking_it_again_changes_nothing(
        raw in prop_oneof![nasty(), url_soup()],
    ) {
        if let Ok(text) = check_address_text(&raw) {
            prop_assert_eq!(text, raw.trim());
            prop_assert!(text.chars().all(|c| c.is_ascii_graphic()), "{text:?}");
            prop_assert_eq!(check_address_text(text), Ok(text));
        }
    }

    #[test]
    fn a_refused_address_is_never_echoed(left in canary(), bad in bad_char(), right in canary()) {
        let raw = format!("https://{left}.example.com/{bad}{right}");
        let message = check_address_text(&raw).unwrap_err().to_string();
        prop_assert!(!message.contains(&left) && !message.contains(&right), "{message}");
        prop_assert!(!message.chars().any(hidden), "{message:?}");
    }

    #[test]
    fn phone_parsing_never_panics_and_accepts_only_e164(raw in prop_oneof![nasty(), phone_soup()]) {
        let _ = drop_trunk_zero(&raw);
        if let Ok(number) = E164::parse(&raw) {
            let digits = number.as_str().strip_prefix('+').unwrap();
            prop_assert!((MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()));
            prop_assert!(digits.bytes().all(|b| b.is_ascii_digit()));
            prop_assert!(!digits.starts_with('0'));
        }
    }

    #[test]
    fn a_parsed_number_round_trips_through_its_display(raw in prop_oneof![nasty(), phone_soup()]) {
        if let Ok(number) = E164::parse(&raw) {
            prop_assert_eq!(E164::parse(&number.to_string()), Ok(number.clone()));
            prop_assert_eq!(E164::parse(number.as_str()), Ok(number));
        }
    }

    #[test]
    fn a_separated_number_round_trips(
        digits in "[1-9][0-9]{7,14}",
        seps in proptest::collection::vec(prop::sample::select(vec!["", " ", "-", ".", "\u{a0}"]), 16),
    ) {
        let spaced: String = digits
            .chars()
            .zip(seps.iter().cycle())
            .map(|(d, sep)| format!("{d}{sep}"))
            .collect();
        let number = E164::parse(&format!(" +{spaced} \n")).unwrap();
        prop_assert_eq!(number.as_str(), format!("+{digits}"));
        prop_assert_eq!(E164::parse(&number.to_string()), Ok(number));
    }

    #[test]
    fn local_conversion_never_panics_and_gives_a_number_that_parses(
        raw in prop_oneof![nasty(), phone_soup()],
        code in prop_oneof![nasty(), "[0-9+ ]{0,5}"],
    ) {
        if let Ok(number) = convert_local(&raw, &code) {
            prop_assert_eq!(E164::parse(number.as_str()), Ok(number.clone()));
            // Converting an international number changes nothing.
            prop_assert_eq!(convert_local(number.as_str(), &code), Ok(number));
        }
    }

    #[test]
    fn profile_names_are_a_fixed_point_and_messages_name_one_character(
        raw in nasty(),
        name in canary(),
        bad in bad_char(),
    ) {
        if let Ok(clean) = validate_profile_name(&raw) {
            prop_assert_eq!(validate_profile_name(&clean), Ok(clean.clone()));
        }
        let message = validate_profile_name(&format!("{name}{bad}{name}"))
            .unwrap_err()
            .to_string();
        prop_assert!(!message.contains(&name), "{message}");
        prop_assert!(!message.chars().any(hidden), "{message:?}");
    }

    #[test]
    fn every_fingerprint_is_twelve_hex_digits_that_parse_back(secret in nasty()) {
        let fingerprint = Fingerprint::of_secret(&secret);
        prop_assert_eq!(fingerprint.as_str().len(), 12);
        prop_assert_eq!(Fingerprint::parse(fingerprint.as_str()), Some(fingerprint));
    }
}

proptest! {
    // Huge inputs are slow to build: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn credential_cleaning_never_panics_on_huge_pastes(raw in huge()) {
        let secret = clean_api_secret(&raw);
        if raw.trim().chars().count() > MAX_CREDENTIAL_LEN {
            prop_assert!(secret.is_err());
        }
        let _ = clean_api_key(&raw);
    }

    #[test]
    fn address_checks_never_panic_on_huge_pastes(raw in huge()) {
        if let Ok(text) = check_address_text(&raw) {
            prop_assert!(text.chars().all(|c| c.is_ascii_graphic()));
        }
    }

    #[test]
    fn phone_checks_never_panic_on_huge_pastes(raw in huge()) {
        for number in [E164::parse(&raw), convert_local(&raw, "61")].into_iter().flatten() {
            prop_assert!(number.as_str().len() <= MAX_DIGITS + 1, "{number}");
        }
    }

    #[test]
    fn profile_names_never_panic_on_huge_pastes(raw in huge()) {
        if let Ok(name) = validate_profile_name(&raw) {
            prop_assert!(name.chars().count() <= 64, "{name}");
        }
    }
}
