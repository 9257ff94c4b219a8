//! Fixtures shared by the rotation tests: two keys, a clock, one constructor per
//! event, and the happy path to any phase.
#![allow(dead_code)] // each test file uses a different subset

use chrono::{DateTime, TimeZone, Utc};
use nowkey::domain::rotation::{Event, KeyRef, Phase, Revocation, Rotation};
use nowkey::domain::token::Fingerprint;

pub fn at(minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 3, 1, 10, minute, 0).unwrap()
}

pub fn key(id: &str, token: &str) -> KeyRef {
    KeyRef {
        api_key: id.to_owned(),
        fingerprint: Fingerprint::of_secret(token),
        expires: None,
    }
}

pub fn old() -> KeyRef {
    key("OLDKEY1", "old-token")
}

pub fn new() -> KeyRef {
    key("NEWKEY2", "new-token")
}

pub fn other_fp() -> Fingerprint {
    Fingerprint::of_secret("some-other-token")
}

pub fn capture(k: KeyRef) -> Event {
    Event::NewKeyCaptured { key: k }
}
pub fn verify(fingerprint: Fingerprint) -> Event {
    Event::NewKeyVerified { fingerprint }
}
pub fn servicenow(spoke_token: bool, environment_registration: bool) -> Event {
    Event::ServicenowUpdated {
        spoke_token,
        environment_registration,
    }
}
pub fn passed(fingerprint: Fingerprint) -> Event {
    Event::LiveTestPassed {
        fingerprint,
        message_id: "msg-1".to_owned(),
    }
}
pub fn failed(fingerprint: Fingerprint) -> Event {
    Event::LiveTestFailed {
        fingerprint,
        reason: "rejected by carrier".to_owned(),
    }
}
pub fn deleted() -> Event {
    Event::OldKeyDeleted {
        revocation: Revocation::Confirmed,
    }
}

/// The happy path up to each phase, each step one minute apart.
pub fn path_to(phase: Phase) -> Vec<Event> {
    if phase == Phase::Abandoned {
        return vec![Event::Abandon];
    }
    let all = vec![
        capture(new()),
        verify(new().fingerprint),
        servicenow(true, true),
        passed(new().fingerprint),
        deleted(),
        Event::Completed,
    ];
    all.into_iter().take(phase.number() - 1).collect()
}

pub fn reach(phase: Phase) -> Rotation {
    let mut rotation = Rotation::start("prod", old(), true, at(0));
    for (i, event) in path_to(phase).into_iter().enumerate() {
        rotation.apply(event, at(i as u32 + 1)).expect("happy path");
    }
    assert_eq!(rotation.phase, phase);
    rotation
}
