//! The HOPEX API-key field rules.

use nowkey::domain::hopex::rules::{
    check_connection_mode, check_login_differs, duplicate_key_warning, needs_api_key,
    session_mode_warning, validate_key_name, validate_login, validate_object_id, FieldError,
    MAX_KEY_NAME, MAX_LOGIN, MAX_OBJECT_ID, PROFILE_RIGHTS_NOTE, SINGLE_SESSION_WARNING,
};
use nowkey::domain::hopex::{ConnectionMode, DataFlow, Deployment, SessionMode};
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Key name
// ---------------------------------------------------------------------------

#[test]
fn key_names_are_trimmed_and_may_contain_spaces() {
    assert_eq!(validate_key_name("ServiceNow").unwrap(), "ServiceNow");
    assert_eq!(
        validate_key_name("  ServiceNow sync \n").unwrap(),
        "ServiceNow sync"
    );
    assert_eq!(
        validate_key_name("Intégration ServiceNow").unwrap(),
        "Intégration ServiceNow"
    );
}

#[test]
fn key_name_refusals() {
    assert_eq!(validate_key_name(""), Err(FieldError::KeyNameEmpty));
    assert_eq!(validate_key_name(" \t "), Err(FieldError::KeyNameEmpty));
    assert_eq!(
        validate_key_name("Service\tNow"),
        Err(FieldError::KeyNameControl)
    );
    assert_eq!(
        validate_key_name("Service\u{1b}[31mNow"),
        Err(FieldError::KeyNameControl)
    );
    assert_eq!(validate_key_name("a\nb"), Err(FieldError::KeyNameControl));
}

#[test]
fn key_name_length_limit_is_exact_in_characters() {
    assert!(validate_key_name(&"k".repeat(MAX_KEY_NAME)).is_ok());
    assert!(validate_key_name(&"é".repeat(MAX_KEY_NAME)).is_ok());
    assert_eq!(
        validate_key_name(&"k".repeat(MAX_KEY_NAME + 1)),
        Err(FieldError::KeyNameTooLong)
    );
}

// ---------------------------------------------------------------------------
// HOPEX login
// ---------------------------------------------------------------------------

#[test]
fn logins_are_trimmed_and_keep_their_case() {
    assert_eq!(
        validate_login("  SN-Integration ").unwrap(),
        "SN-Integration"
    );
    assert_eq!(
        validate_login("svc.hopex@acme.com").unwrap(),
        "svc.hopex@acme.com"
    );
}

#[test]
fn login_refusals() {
    assert_eq!(validate_login(""), Err(FieldError::LoginEmpty));
    assert_eq!(validate_login("   "), Err(FieldError::LoginEmpty));
    assert_eq!(
        validate_login("John Smith"),
        Err(FieldError::LoginWhitespace)
    );
    assert_eq!(
        validate_login("john\u{a0}smith"),
        Err(FieldError::LoginWhitespace)
    );
    assert_eq!(validate_login("john\tsmith"), Err(FieldError::LoginControl));
    assert_eq!(validate_login("john\u{0}"), Err(FieldError::LoginControl));
    assert!(validate_login(&"l".repeat(MAX_LOGIN)).is_ok());
    assert_eq!(
        validate_login(&"l".repeat(MAX_LOGIN + 1)),
        Err(FieldError::LoginTooLong)
    );
}

#[test]
fn hopex_login_must_differ_from_the_integration_login() {
    assert_eq!(check_login_differs("svc-hopex", "jsmith"), Ok(()));
    for (hopex, integration) in [
        ("jsmith", "jsmith"),
        ("JSmith", "jsmith"),
        ("jsmith", "JSMITH"),
        ("  jsmith ", "jsmith\n"),
        ("ÉLODIE", "élodie"),
    ] {
        assert_eq!(
            check_login_differs(hopex, integration),
            Err(FieldError::LoginSameAsIntegration),
            "{hopex:?} vs {integration:?}"
        );
    }
}

#[test]
fn near_misses_and_unknown_integration_logins_do_not_conflict() {
    assert_eq!(check_login_differs("jsmith", "jsmith2"), Ok(()));
    assert_eq!(check_login_differs("j.smith", "jsmith"), Ok(()));
    assert_eq!(check_login_differs("jsmith", ""), Ok(()));
    assert_eq!(check_login_differs("jsmith", "   "), Ok(()));
}

// ---------------------------------------------------------------------------
// Object ids
// ---------------------------------------------------------------------------

#[test]
fn object_ids_are_trimmed_and_otherwise_kept() {
    assert_eq!(
        validate_object_id("EnvironmentId", " IubjeRlyFfT1 ").unwrap(),
        "IubjeRlyFfT1"
    );
    assert_eq!(
        validate_object_id("RepositoryId", "~ZNxUwLcMG9AM").unwrap(),
        "~ZNxUwLcMG9AM"
    );
    assert_eq!(validate_object_id("ProfileId", "a(b)c").unwrap(), "a(b)c");
    assert!(validate_object_id("ProfileId", &"x".repeat(MAX_OBJECT_ID)).is_ok());
}

#[test]
fn object_id_refusals_name_the_field() {
    assert_eq!(
        validate_object_id("EnvironmentId", ""),
        Err(FieldError::IdEmpty {
            field: "EnvironmentId"
        })
    );
    assert_eq!(
        validate_object_id("RepositoryId", "abc def"),
        Err(FieldError::IdWhitespace {
            field: "RepositoryId"
        })
    );
    assert_eq!(
        validate_object_id("RepositoryId", "abc\u{7}"),
        Err(FieldError::IdWhitespace {
            field: "RepositoryId"
        })
    );
    assert_eq!(
        validate_object_id("ProfileId", &"x".repeat(MAX_OBJECT_ID + 1)),
        Err(FieldError::IdTooLong { field: "ProfileId" })
    );
    let text = validate_object_id("ProfileId", " ")
        .unwrap_err()
        .to_string();
    assert!(text.contains("ProfileId"), "{text}");
}

// ---------------------------------------------------------------------------
// Connection mode, session mode, deployment
// ---------------------------------------------------------------------------

#[test]
fn connection_mode_matrix() {
    use ConnectionMode::*;
    use DataFlow::*;
    let cases = [
        (ReadWrite, HopexToServiceNow, true),
        (ReadWrite, ServiceNowToHopex, true),
        (ReadWrite, Both, true),
        (ReadOnly, HopexToServiceNow, true),
        (ReadOnly, ServiceNowToHopex, false),
        (ReadOnly, Both, false),
    ];
    for (mode, flow, allowed) in cases {
        let result = check_connection_mode(mode, flow);
        if allowed {
            assert_eq!(result, Ok(()), "{mode:?} {flow:?}");
        } else {
            assert_eq!(
                result,
                Err(FieldError::ReadOnlyNeedsOneWayFlow),
                "{mode:?} {flow:?}"
            );
        }
    }
    assert_eq!(
        FieldError::ReadOnlyNeedsOneWayFlow.to_string(),
        "Read only is allowed only when data flows from HOPEX to ServiceNow; choose Read/write, or change the data flow."
    );
}

#[test]
fn only_single_session_warns() {
    assert_eq!(session_mode_warning(SessionMode::Multi), None);
    assert_eq!(
        session_mode_warning(SessionMode::Single),
        Some("Single session is slower and uses more memory than Multi; use it only if your HOPEX administrator requires it.")
    );
    assert_eq!(
        session_mode_warning(SessionMode::Single),
        Some(SINGLE_SESSION_WARNING)
    );
}

#[test]
fn only_on_prem_needs_an_api_key() {
    assert!(needs_api_key(Deployment::OnPrem));
    assert!(!needs_api_key(Deployment::Saas));
}

#[test]
fn profile_rights_note() {
    assert_eq!(
        PROFILE_RIGHTS_NOTE,
        "the profile needs CRUD rights on the synchronised objects"
    );
}

// ---------------------------------------------------------------------------
// Duplicate key warning
// ---------------------------------------------------------------------------

const SAVED: [(&str, &str, &str); 3] = [
    ("prod", "ENV1", "REPO1"),
    ("test", "ENV1", "REPO2"),
    ("other", "ENV2", "REPO1"),
];

#[test]
fn no_warning_without_a_match() {
    assert_eq!(duplicate_key_warning("ENV1", "REPO3", SAVED), None);
    assert_eq!(duplicate_key_warning("ENV3", "REPO1", SAVED), None);
    assert_eq!(duplicate_key_warning("ENV1", "REPO1", []), None);
}

#[test]
fn warning_names_the_profile_holding_the_key() {
    let warning = duplicate_key_warning("ENV1", "REPO1", SAVED).unwrap();
    assert_eq!(
        warning,
        "Profile 'prod' already holds an API key for this environment and repository; the integration uses one API key per repository, so rotate that key rather than creating another."
    );
    assert!(!warning.contains("'test'") && !warning.contains("'other'"));
}

#[test]
fn warning_names_every_matching_profile() {
    let saved = [("a", "E", "R"), ("b", "E", "X"), ("c", " E ", "R\t")];
    let warning = duplicate_key_warning("E", "R", saved).unwrap();
    assert!(
        warning.starts_with("Profiles 'a', 'c' already hold "),
        "{warning}"
    );
}

#[test]
fn ids_are_compared_trimmed_and_case_sensitively() {
    assert!(duplicate_key_warning("  ENV1 ", "REPO1\n", SAVED).is_some());
    assert_eq!(duplicate_key_warning("env1", "REPO1", SAVED), None);
    assert_eq!(duplicate_key_warning("ENV1", "repo1", SAVED), None);
}

#[test]
fn no_warning_while_an_id_is_empty() {
    let saved = [("blank", "", "")];
    assert_eq!(duplicate_key_warning("", "", saved), None);
    assert_eq!(duplicate_key_warning("ENV1", " ", SAVED), None);
}

#[test]
fn accepts_borrowed_profiles_from_a_vec() {
    let owned: Vec<(String, String, String)> = vec![("p".into(), "E".into(), "R".into())];
    let warning = duplicate_key_warning(
        "E",
        "R",
        owned
            .iter()
            .map(|(n, e, r)| (n.as_str(), e.as_str(), r.as_str())),
    );
    assert!(warning.unwrap().contains("'p'"));
}

// ---------------------------------------------------------------------------
// Messages and properties
// ---------------------------------------------------------------------------

#[test]
fn every_error_is_one_sentence() {
    let all = [
        FieldError::KeyNameEmpty,
        FieldError::KeyNameTooLong,
        FieldError::KeyNameControl,
        FieldError::LoginEmpty,
        FieldError::LoginWhitespace,
        FieldError::LoginControl,
        FieldError::LoginTooLong,
        FieldError::LoginSameAsIntegration,
        FieldError::IdEmpty { field: "ProfileId" },
        FieldError::IdWhitespace { field: "ProfileId" },
        FieldError::IdTooLong { field: "ProfileId" },
        FieldError::ReadOnlyNeedsOneWayFlow,
    ];
    for err in all {
        let text = err.to_string();
        assert!(text.ends_with('.'), "{text}");
        assert!(text.chars().next().unwrap().is_uppercase(), "{text}");
        assert_eq!(text.replace("e.g. ", "").matches(". ").count(), 0, "{text}");
    }
}

proptest! {
    #[test]
    fn validators_never_panic_and_accept_only_clean_text(raw in any::<String>()) {
        if let Ok(name) = validate_key_name(&raw) {
            prop_assert_eq!(name.trim(), name.as_str());
            prop_assert!(!name.is_empty() && !name.chars().any(char::is_control));
        }
        if let Ok(login) = validate_login(&raw) {
            prop_assert!(!login.is_empty());
            prop_assert!(!login.chars().any(|c| c.is_whitespace() || c.is_control()));
        }
        if let Ok(id) = validate_object_id("EnvironmentId", &raw) {
            prop_assert!(!id.is_empty() && id.chars().count() <= MAX_OBJECT_ID);
            prop_assert!(!id.chars().any(|c| c.is_whitespace() || c.is_control()));
        }
    }

    #[test]
    fn a_login_always_conflicts_with_itself_in_any_case(login in "[A-Za-z0-9._-]{1,30}") {
        prop_assert_eq!(
            check_login_differs(&login, &login.to_uppercase()),
            Err(FieldError::LoginSameAsIntegration)
        );
        prop_assert_eq!(check_login_differs(&login, &format!("{login}x")), Ok(()));
    }
}
