//! What a HOPEX key opens (`_currentContext`'s `databaseId` and `profileId`)
//! against the profile's `repository_id` and `profile_id`: ids compare exactly,
//! case included, ignoring only surrounding whitespace; what the server said is
//! shown cleaned and bounded.

use nowkey::domain::check::hopex::context;
use nowkey::domain::check::Outcome;
use nowkey::domain::hopex::context::{compare_context, shown_id, ContextMatch, MAX_SHOWN_ID_CHARS};
use nowkey::domain::hopex::HopexContext;

fn opened(repository: Option<&str>, profile: Option<&str>) -> HopexContext {
    HopexContext {
        user_id: Some("svc.hopex".into()),
        repository_id: repository.map(str::to_owned),
        profile_id: profile.map(str::to_owned),
        language: None,
        via_fallback: false,
    }
}

#[test]
fn the_same_ids_match() {
    let found = compare_context(
        &opened(Some("REPO-1"), Some("PROFILE-1")),
        "REPO-1",
        "PROFILE-1",
    );
    assert_eq!(found, ContextMatch::Matches);
    assert_eq!(found.mismatch_sentence(), None);
}

#[test]
fn surrounding_whitespace_is_ignored_on_both_sides() {
    let found = compare_context(
        &opened(Some(" REPO-1\n"), Some("PROFILE-1 ")),
        "REPO-1 ",
        " PROFILE-1",
    );
    assert_eq!(found, ContextMatch::Matches);
}

#[test]
fn ids_differing_only_in_case_are_different_ids() {
    let found = compare_context(
        &opened(Some("repo-1"), Some("PROFILE-1")),
        "REPO-1",
        "PROFILE-1",
    );
    assert_eq!(
        found,
        ContextMatch::Mismatch {
            repository: Some(("repo-1".into(), "REPO-1".into())),
            profile: None,
        }
    );
}

#[test]
fn a_repository_mismatch_names_both_values() {
    let found = compare_context(
        &opened(Some("REPO-2"), Some("PROFILE-1")),
        "REPO-1",
        "PROFILE-1",
    );
    assert_eq!(
        found.mismatch_sentence().as_deref(),
        Some("This key opens repository REPO-2; the profile says REPO-1.")
    );
}

#[test]
fn a_profile_mismatch_names_both_values() {
    let found = compare_context(
        &opened(Some("REPO-1"), Some("PROFILE-9")),
        "REPO-1",
        "PROFILE-1",
    );
    assert_eq!(
        found.mismatch_sentence().as_deref(),
        Some("This key opens HOPEX profile PROFILE-9; the profile says PROFILE-1.")
    );
}

#[test]
fn both_mismatches_are_named_together() {
    let found = compare_context(
        &opened(Some("REPO-2"), Some("PROFILE-9")),
        "REPO-1",
        "PROFILE-1",
    );
    let sentence = found.mismatch_sentence().expect("a mismatch");
    for id in ["REPO-2", "REPO-1", "PROFILE-9", "PROFILE-1"] {
        assert!(sentence.contains(id), "{id} in {sentence}");
    }
}

#[test]
fn the_fallback_check_is_not_comparable() {
    let fallback = HopexContext {
        via_fallback: true,
        ..HopexContext::default()
    };
    assert!(matches!(
        compare_context(&fallback, "REPO-1", "PROFILE-1"),
        ContextMatch::NotComparable { why } if why.contains("_currentContext")
    ));
}

#[test]
fn a_field_missing_from_the_answer_is_not_comparable() {
    assert!(matches!(
        compare_context(&opened(None, Some("PROFILE-1")), "REPO-1", "PROFILE-1"),
        ContextMatch::NotComparable { why } if why.contains("databaseId")
    ));
    assert!(matches!(
        compare_context(&opened(Some("REPO-1"), Some("")), "REPO-1", "PROFILE-1"),
        ContextMatch::NotComparable { why } if why.contains("profileId")
    ));
}

#[test]
fn a_mismatch_still_counts_when_the_other_field_is_missing() {
    let found = compare_context(&opened(Some("REPO-2"), None), "REPO-1", "PROFILE-1");
    assert!(matches!(
        found,
        ContextMatch::Mismatch {
            repository: Some(_),
            profile: None
        }
    ));
}

#[test]
fn a_profile_without_ids_is_not_comparable() {
    assert!(matches!(
        compare_context(&opened(Some("REPO-1"), Some("PROFILE-1")), "", " "),
        ContextMatch::NotComparable { .. }
    ));
}

#[test]
fn what_the_server_said_is_cleaned_and_bounded() {
    let hostile = format!("REPO\u{1b}]52;c;ZXZpbA==\u{7}\r\n✓ ok{}", "x".repeat(200));
    let found = compare_context(
        &opened(Some(&hostile), Some("PROFILE-1")),
        "REPO-1",
        "PROFILE-1",
    );
    let sentence = found.mismatch_sentence().expect("a mismatch");
    assert!(!sentence.chars().any(|c| c.is_control()), "{sentence:?}");
    let ContextMatch::Mismatch {
        repository: Some((shown, _)),
        ..
    } = found
    else {
        panic!("a repository mismatch");
    };
    assert_eq!(shown.chars().count(), MAX_SHOWN_ID_CHARS);
    assert!(shown.ends_with('…'));
    assert_eq!(shown_id("  REPO-1 "), "REPO-1");
}

#[test]
fn the_finding_fails_on_a_mismatch_and_skips_when_not_comparable() {
    let fail = context(
        &opened(Some("REPO-2"), Some("PROFILE-1")),
        "REPO-1",
        "PROFILE-1",
    );
    assert_eq!(fail.outcome, Outcome::Fail);
    assert_eq!(
        fail.detail,
        "This key opens repository REPO-2; the profile says REPO-1."
    );
    assert!(fail.remediation.is_some());
    let pass = context(
        &opened(Some("REPO-1"), Some("PROFILE-1")),
        "REPO-1",
        "PROFILE-1",
    );
    assert_eq!(pass.outcome, Outcome::Pass);
    let skip = context(&opened(None, None), "REPO-1", "PROFILE-1");
    assert_eq!(skip.outcome, Outcome::Skip);
}
