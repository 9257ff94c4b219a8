//! Saved profiles (rotation date, names, the TOML format) and message statuses.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use nowkey::domain::message_status::MessageStatus;
use nowkey::domain::profile::{
    rotation_due, validate_profile_name, Profile, ProfileNameError, ProfilesFile, SmsProfile,
    PROFILES_FORMAT_VERSION, ROTATION_PERIOD_DAYS,
};
use nowkey::domain::token::Fingerprint;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

// ---------------------------------------------------------------------------
// rotation_due
// ---------------------------------------------------------------------------

#[test]
fn rotation_is_due_90_days_after_creation() {
    assert_eq!(ROTATION_PERIOD_DAYS, 90);
    assert_eq!(rotation_due(date(2024, 3, 1)), date(2024, 5, 30));
    assert_eq!(rotation_due(date(2027, 1, 1)), date(2027, 4, 1));
    // Across a year end.
    assert_eq!(rotation_due(date(2024, 12, 15)), date(2025, 3, 15));
}

#[test]
fn rotation_counts_a_leap_day() {
    // 2028 is a leap year: Jan (31) + Feb (29) + Mar (31) = 91 days, so +90 is Mar 31.
    assert_eq!(rotation_due(date(2028, 1, 1)), date(2028, 3, 31));
    // A key created on the leap day itself.
    assert_eq!(rotation_due(date(2028, 2, 29)), date(2028, 5, 29));
    // And 2100 is not a leap year.
    assert_eq!(rotation_due(date(2100, 1, 1)), date(2100, 4, 1));
}

#[test]
fn rotation_due_saturates_instead_of_panicking() {
    assert_eq!(rotation_due(NaiveDate::MAX), NaiveDate::MAX);
}

// ---------------------------------------------------------------------------
// validate_profile_name
// ---------------------------------------------------------------------------

#[test]
fn profile_names_are_trimmed() {
    assert_eq!(validate_profile_name("prod").as_deref(), Ok("prod"));
    assert_eq!(validate_profile_name("  prod \n").as_deref(), Ok("prod"));
    assert_eq!(
        validate_profile_name("\tacme-test\t").as_deref(),
        Ok("acme-test")
    );
}

#[test]
fn profile_name_allowed_characters() {
    for ok in [
        "prod",
        "acme-test",
        "ACME_Prod.2",
        "a",
        "0",
        "v1.2.3",
        "a-b_c.d",
    ] {
        assert_eq!(validate_profile_name(ok).as_deref(), Ok(ok), "{ok:?}");
    }
    let refused = [
        ("acme prod", ' '),
        ("acme/prod", '/'),
        ("acme\\prod", '\\'),
        ("prod:1", ':'),
        ("prød", 'ø'),
        ("prod\u{1b}", '\u{1b}'),
        ("a\tb", '\t'),
        ("prod!", '!'),
        ("[prod]", '['),
        ("\"prod\"", '"'),
        ("prod#1", '#'),
    ];
    for (raw, bad) in refused {
        assert_eq!(
            validate_profile_name(raw),
            Err(ProfileNameError::BadCharacter(bad)),
            "{raw:?}"
        );
    }
}

#[test]
fn profile_name_empty() {
    for raw in ["", " ", "\t\n", "\u{a0}"] {
        assert_eq!(
            validate_profile_name(raw),
            Err(ProfileNameError::Empty),
            "{raw:?}"
        );
    }
}

#[test]
fn profile_name_length_limit_is_64() {
    let ok = "a".repeat(64);
    assert_eq!(validate_profile_name(&ok).as_deref(), Ok(ok.as_str()));
    assert_eq!(
        validate_profile_name(&format!("  {ok}  ")).as_deref(),
        Ok(ok.as_str())
    );
    assert_eq!(
        validate_profile_name(&"a".repeat(65)),
        Err(ProfileNameError::TooLong)
    );
    assert_eq!(
        validate_profile_name(&"a".repeat(10_000)),
        Err(ProfileNameError::TooLong)
    );
}

#[test]
fn profile_name_messages() {
    let empty = ProfileNameError::Empty.to_string();
    assert!(empty.contains("name") && empty.contains("e.g."), "{empty}");
    let long = ProfileNameError::TooLong.to_string();
    assert!(long.contains("64"), "{long}");
    let bad = ProfileNameError::BadCharacter('/').to_string();
    assert!(bad.contains("'/'"), "{bad}");
    for allowed in ["letters", "digits", "'-'", "'_'", "'.'"] {
        assert!(bad.contains(allowed), "{bad} lacks {allowed}");
    }
}

// ---------------------------------------------------------------------------
// profiles.toml
// ---------------------------------------------------------------------------

fn sample_sms() -> SmsProfile {
    SmsProfile {
        vendor: "messagemedia".to_owned(),
        hub_api_url: "https://api.messagemedia.com".to_owned(),
        api_key: "AbCdEf123456".to_owned(),
        token_fingerprint: Fingerprint::parse("80ae5a54aebc").unwrap(),
        key_created: date(2028, 1, 1),
        next_rotation_due: rotation_due(date(2028, 1, 1)),
        test_number: Some("+61491570156".to_owned()),
        servicenow_url: Some("https://acme.service-now.com".to_owned()),
        servicenow_user: None,
        servicenow_credential: None,
        servicenow_registration: None,
        servicenow_registration_fields: None,
        rotations: Vec::new(),
    }
}

fn sample_file() -> ProfilesFile {
    let mut profiles = BTreeMap::new();
    profiles.insert(
        "prod".to_owned(),
        Profile {
            sms: Some(sample_sms()),
            hopex: None,
        },
    );
    profiles.insert(
        "minimal".to_owned(),
        Profile {
            sms: Some(SmsProfile {
                test_number: None,
                servicenow_url: None,
                servicenow_user: None,
                servicenow_credential: None,
                servicenow_registration: None,
                servicenow_registration_fields: None,
                rotations: Vec::new(),
                ..sample_sms()
            }),
            hopex: None,
        },
    );
    profiles.insert("empty".to_owned(), Profile::default());
    ProfilesFile {
        version: PROFILES_FORMAT_VERSION,
        profiles,
    }
}

#[test]
fn profiles_file_toml_round_trip() {
    let file = sample_file();
    let text = toml::to_string(&file).unwrap();
    let back: ProfilesFile = toml::from_str(&text).unwrap();
    assert_eq!(back, file);
    // And the text is stable across a second round trip.
    assert_eq!(toml::to_string(&back).unwrap(), text);
}

#[test]
fn profiles_file_toml_shape_is_readable() {
    let text = toml::to_string(&sample_file()).unwrap();
    assert!(text.contains("version = 1"), "{text}");
    assert!(text.contains("[profiles.prod.sms]"), "{text}");
    assert!(
        text.contains("token_fingerprint = \"80ae5a54aebc\""),
        "{text}"
    );
    assert!(text.contains("key_created = \"2028-01-01\""), "{text}");
    assert!(
        text.contains("next_rotation_due = \"2028-03-31\""),
        "{text}"
    );
    assert!(text.contains("test_number = \"+61491570156\""), "{text}");
    // Absent optional fields are left out, not written as empty strings.
    let minimal: ProfilesFile = toml::from_str(&text).unwrap();
    let min_text = toml::to_string(&ProfilesFile {
        version: 1,
        profiles: minimal
            .profiles
            .into_iter()
            .filter(|(name, _)| name == "minimal")
            .collect(),
    })
    .unwrap();
    assert!(!min_text.contains("test_number"), "{min_text}");
    assert!(!min_text.contains("servicenow_url"), "{min_text}");
}

#[test]
fn profiles_file_defaults() {
    let file = ProfilesFile::default();
    assert_eq!(file.version, PROFILES_FORMAT_VERSION);
    assert!(file.profiles.is_empty());
    let parsed: ProfilesFile = toml::from_str("version = 1\n").unwrap();
    assert_eq!(parsed, file);
}

#[test]
fn profiles_file_refuses_a_damaged_fingerprint() {
    let good = toml::to_string(&sample_file()).unwrap();
    assert!(toml::from_str::<ProfilesFile>(&good).is_ok());
    let damaged = good.replace("80ae5a54aebc", "80AE5A54AEBC");
    assert!(toml::from_str::<ProfilesFile>(&damaged).is_err());
    let damaged = good.replace("80ae5a54aebc", "not-a-fingerprint");
    assert!(toml::from_str::<ProfilesFile>(&damaged).is_err());
}

#[test]
fn profiles_file_refuses_a_bad_date() {
    let good = toml::to_string(&sample_file()).unwrap();
    let damaged = good.replace("2028-01-01", "2028-02-30");
    assert!(toml::from_str::<ProfilesFile>(&damaged).is_err());
}

// ---------------------------------------------------------------------------
// MessageStatus
// ---------------------------------------------------------------------------

const ALL: [(&str, MessageStatus); 14] = [
    ("queued", MessageStatus::Queued),
    ("processing", MessageStatus::Processing),
    ("processed", MessageStatus::Processed),
    ("scheduled", MessageStatus::Scheduled),
    ("cancelled", MessageStatus::Cancelled),
    ("enroute", MessageStatus::Enroute),
    ("submitted", MessageStatus::Submitted),
    ("delivered", MessageStatus::Delivered),
    ("expired", MessageStatus::Expired),
    ("rejected", MessageStatus::Rejected),
    ("undeliverable", MessageStatus::Undeliverable),
    ("failed", MessageStatus::Failed),
    ("held", MessageStatus::Held),
    ("read", MessageStatus::Read),
];

#[test]
fn parses_every_documented_status() {
    for (text, status) in ALL {
        assert_eq!(MessageStatus::parse(text), status, "{text}");
        assert_eq!(status.as_str(), text);
        assert_eq!(status.to_string(), text);
    }
}

#[test]
fn unknown_statuses_are_kept_as_other() {
    for text in [
        "brand_new_status",
        "",
        "other",
        "Other",
        "en_route",
        "delivered ",
    ] {
        assert_eq!(
            MessageStatus::parse(text),
            MessageStatus::Other(text.to_owned()),
            "{text:?}"
        );
        assert_eq!(MessageStatus::parse(text).as_str(), text);
    }
}

#[test]
fn status_partition() {
    let success = ["delivered", "read"];
    let failure = [
        "cancelled",
        "expired",
        "rejected",
        "undeliverable",
        "failed",
    ];
    for (text, status) in ALL {
        let expect_success = success.contains(&text);
        let expect_failure = failure.contains(&text);
        assert_eq!(status.is_success(), expect_success, "{text}");
        assert_eq!(status.is_failure(), expect_failure, "{text}");
        assert_eq!(
            status.is_final(),
            expect_success || expect_failure,
            "{text}"
        );
    }
    let not_final: Vec<&str> = ALL
        .iter()
        .filter(|(_, s)| !s.is_final())
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(
        not_final,
        [
            "queued",
            "processing",
            "processed",
            "scheduled",
            "enroute",
            "submitted",
            "held"
        ]
    );
    let other = MessageStatus::Other("mystery".to_owned());
    assert!(!other.is_final() && !other.is_success() && !other.is_failure());
}

#[test]
fn status_serde_uses_the_hub_names() {
    for (text, status) in ALL {
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(json, format!("\"{text}\""));
        let back: MessageStatus = serde_json::from_str(&json).unwrap();
        assert_eq!(back, status);
    }
    let other: MessageStatus = serde_json::from_str("\"mystery\"").unwrap();
    assert_eq!(other, MessageStatus::Other("mystery".to_owned()));
    assert_eq!(serde_json::to_string(&other).unwrap(), "\"mystery\"");
}

proptest! {
    #[test]
    fn rotation_due_is_always_90_days_later(days in 0i64..200_000) {
        let created = date(1970, 1, 1) + chrono::Duration::days(days);
        let due = rotation_due(created);
        prop_assert_eq!((due - created).num_days(), 90);
    }

    #[test]
    fn valid_profile_names_survive_validation(name in "[A-Za-z0-9._-]{1,64}") {
        prop_assert_eq!(validate_profile_name(&name), Ok(name.clone()));
        let padded = format!(" \t{name} \n");
        prop_assert_eq!(validate_profile_name(&padded), Ok(name.clone()));
    }

    #[test]
    fn accepted_profile_names_are_safe(raw in any::<String>()) {
        if let Ok(name) = validate_profile_name(&raw) {
            prop_assert!(!name.is_empty() && name.chars().count() <= 64);
            prop_assert!(name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')));
        }
    }

    #[test]
    fn message_status_parse_round_trips_any_text(text in any::<String>()) {
        let status = MessageStatus::parse(&text);
        prop_assert_eq!(status.as_str(), text.as_str());
        // Exactly one of: success, failure, not final.
        let flags = [status.is_success(), status.is_failure(), !status.is_final()];
        prop_assert_eq!(flags.iter().filter(|f| **f).count(), 1);
    }
}
