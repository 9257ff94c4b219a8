//! The words of a rotation: phase titles and numbers, what support reads to a
//! customer, refusal messages, and what to do when abandoning.

use crate::domain_rotation_support;

use domain_rotation_support::*;
use nowkey::domain::rotation::{Credential, Event, Phase, Refusal};

#[test]
fn phase_numbers_titles_and_terminals() {
    let numbers: Vec<usize> = Phase::ALL.iter().map(|p| p.number()).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6, 7, 0]);
    let terminal: Vec<Phase> = Phase::ALL.into_iter().filter(|p| p.is_terminal()).collect();
    assert_eq!(terminal, [Phase::Completed, Phase::Abandoned]);
    let mut titles: Vec<&str> = Phase::ALL.iter().map(|p| p.title()).collect();
    assert!(titles.iter().all(|t| !t.is_empty()));
    titles.dedup();
    assert_eq!(titles.len(), 8);
}

#[test]
fn explanations_exist_for_every_phase() {
    let mut seen = Vec::new();
    for phase in Phase::ALL {
        let text = reach(phase).explanation();
        let sentences = text.matches(". ").count() + usize::from(text.ends_with('.'));
        assert!((2..=3).contains(&sentences), "{phase:?}: {text}");
        assert!(!seen.contains(&text), "{phase:?} repeats another phase");
        seen.push(text);
    }
}

#[test]
fn refusals_are_one_sentence_saying_what_to_do() {
    let all = [
        Refusal::SameKey {
            credential: Credential::HubKey,
        },
        Refusal::SameKey {
            credential: Credential::HopexKey,
        },
        Refusal::FingerprintMismatch,
        Refusal::ServicenowNotConfirmed,
        Refusal::NoPassingLiveTest,
        Refusal::NotNow {
            phase: Phase::Started,
            event: "verify the new key",
            credential: Credential::HubKey,
        },
        Refusal::Finished,
    ];
    for refusal in all {
        let text = refusal.to_string();
        assert!(text.ends_with('.') && text.contains(':'), "{text}");
        assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
    }
    let not_now = Refusal::NotNow {
        phase: Phase::Started,
        event: "verify the new key",
        credential: Credential::HubKey,
    };
    assert!(not_now.to_string().contains("Rotation started"));
}

fn never_deletes_old(text: &str) {
    let lower = text.to_lowercase();
    assert!(!lower.contains("delete the old"), "{text}");
    assert!(!lower.contains("delete old"), "{text}");
}

#[test]
fn abandon_instructions_name_the_new_key_and_keep_the_old() {
    let started = reach(Phase::Started).abandon_instructions();
    never_deletes_old(&started);
    assert!(
        started.contains("stays live") && started.contains("OLDKEY1"),
        "{started}"
    );

    for phase in [
        Phase::NewKeyCaptured,
        Phase::NewKeyVerified,
        Phase::ServicenowUpdated,
    ] {
        let mut rotation = reach(phase);
        for text in [rotation.abandon_instructions(), {
            rotation.apply(Event::Abandon, at(55)).unwrap();
            rotation.abandon_instructions()
        }] {
            never_deletes_old(&text);
            assert!(
                text.contains("delete the new key NEWKEY2"),
                "{phase:?}: {text}"
            );
            assert!(text.contains("old key OLDKEY1: it stays live"), "{text}");
            // Once ServiceNow holds the new key, deleting it first would cut SMS off.
            let restore = text.contains("put the old key back in ServiceNow");
            assert_eq!(
                restore,
                phase >= Phase::ServicenowUpdated,
                "{phase:?}: {text}"
            );
        }
    }

    // A redo goes back to NewKeyVerified, but ServiceNow may still hold the new key.
    let mut rotation = reach(Phase::ServicenowUpdated);
    rotation.apply(Event::RedoServicenowUpdate, at(56)).unwrap();
    assert!(rotation
        .abandon_instructions()
        .contains("put the old key back in ServiceNow"));

    // From the delete step on, the old key may be gone: no going back to it.
    for phase in [Phase::LiveTestPassed, Phase::OldKeyDeleted] {
        let done = reach(phase).abandon_instructions();
        never_deletes_old(&done);
        assert!(done.contains("cannot be abandoned"), "{phase:?}: {done}");
        assert!(!done.contains("stays live"), "{phase:?}: {done}");
    }
}
