//! Where each HOPEX version's API keys are made, and the checklist, capture
//! note and revocation steps the operator is shown for it.

use chrono::NaiveDate;
use nowkey::domain::hopex::console::{
    capture_note, creation_checklist, key_instructions, revocation_steps, KeyConsole, NewKeyValues,
};
use nowkey::domain::hopex::version::{check, HopexVersion};
use nowkey::domain::hopex::{ConnectionMode, SessionMode};

fn version(raw: &str) -> HopexVersion {
    check(raw).unwrap_or_else(|e| panic!("{raw} passes the gate: {e}"))
}

fn values(expires: Option<NaiveDate>) -> NewKeyValues<'static> {
    NewKeyValues {
        name: "SN-Key-7",
        login: "svc.servicenow",
        environment_id: "ENV-abc",
        repository_id: "REPO-def",
        profile_id: "PROF-ghi",
        session_mode: SessionMode::Single,
        connection_mode: ConnectionMode::ReadOnly,
        expires,
    }
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

const OLD: [&str; 4] = ["V5 CP6 HF27", "V5 CP7 HF10", "V6 SP1 CU4", "V6.1 CU9"];
const NEW: [&str; 5] = ["V6.2", "V6.3", "V6.2.1", "V6 SP2", "V7"];

#[test]
fn v5_and_v6_sp1_use_the_application_server_console() {
    for raw in OLD {
        let i = key_instructions(&version(raw));
        assert_eq!(i.console, KeyConsole::ApplicationServerConsole, "{raw}");
        assert!(!i.viewable_again && !i.can_expire, "{raw}");
        assert!(i.create_path.contains("Application Server"), "{raw}");
        assert!(i.create_path.contains("Api keys"), "{raw}");
    }
}

#[test]
fn v6_2_and_later_use_the_administration_desktop() {
    for raw in NEW {
        let i = key_instructions(&version(raw));
        assert_eq!(i.console, KeyConsole::AdministrationDesktop, "{raw}");
        assert!(i.viewable_again && i.can_expire, "{raw}");
        assert_eq!(
            i.create_path, "Administration desktop → Users → API Keys → Generate",
            "{raw}"
        );
        assert!(i.revoke_path.starts_with("Administration desktop"), "{raw}");
    }
}

#[test]
fn the_console_checklist_carries_every_value_and_no_expiry() {
    for raw in OLD {
        let text = creation_checklist(&version(raw), &values(Some(day("2027-06-30")))).join("\n");
        for expected in [
            "Application Server console",
            "SN-Key-7",
            "svc.servicenow",
            "ENV-abc",
            "REPO-def",
            "PROF-ghi",
            "Single",
            "Read only",
            "Custom",
            "Open session",
            "only once",
        ] {
            assert!(text.contains(expected), "{raw}: no {expected:?} in\n{text}");
        }
        assert!(
            !text.contains("2027-06-30") && !text.to_lowercase().contains("expir"),
            "{raw}: the console has no expiry:\n{text}"
        );
    }
}

#[test]
fn the_desktop_checklist_carries_every_value_and_the_expiry() {
    for raw in NEW {
        let v = version(raw);
        let text = creation_checklist(&v, &values(Some(day("2027-06-30")))).join("\n");
        for expected in [
            "Users → API Keys → Generate",
            "SN-Key-7",
            "svc.servicenow",
            "ENV-abc",
            "REPO-def",
            "PROF-ghi",
            "Single",
            "Read Only",
            "Expiration date",
            "2027-06-30",
            "viewed there again",
        ] {
            assert!(text.contains(expected), "{raw}: no {expected:?} in\n{text}");
        }
        assert!(!text.contains("only once"), "{raw}:\n{text}");
        let none = creation_checklist(&v, &values(None)).join("\n");
        assert!(
            none.contains("leave empty (the key does not expire)"),
            "{raw}:\n{none}"
        );
    }
}

#[test]
fn the_capture_note_says_shown_once_only_where_it_is() {
    for raw in OLD {
        assert!(capture_note(&version(raw)).contains("shown once"), "{raw}");
    }
    for raw in NEW {
        let note = capture_note(&version(raw));
        assert!(!note.contains("shown once"), "{raw}: {note}");
        assert!(note.contains("viewed there again"), "{raw}: {note}");
    }
    for raw in OLD.iter().chain(NEW.iter()) {
        assert!(
            capture_note(&version(raw)).contains("never writes it to disk"),
            "{raw}"
        );
    }
}

#[test]
fn revocation_names_the_key_and_the_consoles_action() {
    for raw in OLD {
        let text = revocation_steps(&version(raw), "SN-Key-7").join("\n");
        assert!(text.contains("Application Server console"), "{raw}: {text}");
        assert!(
            text.contains("'SN-Key-7'") && text.contains("Delete"),
            "{raw}: {text}"
        );
    }
    for raw in NEW {
        let text = revocation_steps(&version(raw), "SN-Key-7").join("\n");
        assert!(
            text.contains("Administration desktop → Users → API Keys"),
            "{raw}: {text}"
        );
        assert!(
            text.contains("'SN-Key-7'") && text.contains("Revoke"),
            "{raw}: {text}"
        );
    }
}

// The expiration date the Administration desktop takes (rules.rs).

use nowkey::domain::hopex::rules::{parse_expiry, validate_expiry, FieldError};

#[test]
fn an_expiry_is_empty_or_a_real_day_after_today() {
    let today = day("2026-11-21");
    assert_eq!(validate_expiry("  ", today), Ok(None));
    assert_eq!(
        validate_expiry(" 2026-11-22 ", today),
        Ok(Some(day("2026-11-22")))
    );
    for not_after in ["2026-11-21", "2020-01-01"] {
        let refused = validate_expiry(not_after, today);
        assert_eq!(refused, Err(FieldError::ExpiryNotAfterToday { today }));
        let message = refused.unwrap_err().to_string();
        assert!(message.contains("after today (2026-11-21)"), "{message}");
    }
    for malformed in [
        "2027-6-30",
        "30/06/2027",
        "27-06-30",
        "2027-06-30x",
        "20270-06-30",
        "2027‐06‐30",
        "tomorrow",
    ] {
        assert_eq!(
            parse_expiry(malformed),
            Err(FieldError::ExpiryMalformed),
            "{malformed}"
        );
    }
    for no_such_day in ["2027-02-30", "2027-13-01", "2027-00-10"] {
        assert_eq!(
            parse_expiry(no_such_day),
            Err(FieldError::ExpiryNoSuchDay),
            "{no_such_day}"
        );
    }
    assert!(FieldError::ExpiryMalformed
        .to_string()
        .contains("YYYY-MM-DD"));
}
