//! The scan can fail: leaks planted in every kind of place it looks are found,
//! in every spelling, and the one allowance (the token's exact OSC 52 copy) lets
//! nothing else through.

use crate::leak_support::{osc52_of, token_of, Canaries, Scan};

const KEY: &str = "PLANTEDKEY0123456789";
const SECRET: &str = "PlantedSecret0123456789abcdefXY";
const USER: &str = "sn.planted";
const PASSWORD: &str = "CANARY-sn-0123456789ab/Pw+cdef01";
const HOPEX: &str = "PlantedHopexKey0123456789abcdef";

fn canaries() -> Canaries {
    let mut canaries = Canaries::new();
    canaries
        .hub("Hub", KEY, SECRET)
        .password("ServiceNow", USER, PASSWORD)
        .hopex_key("HOPEX", HOPEX);
    canaries
}

#[test]
fn every_spelling_is_found_even_among_invalid_utf8() {
    let canaries = canaries();
    let spellings: Vec<String> = canaries.list().iter().map(|c| c.what.clone()).collect();
    for expected in [
        "Hub secret",
        "Hub secret (base64)",
        "Hub token",
        "Hub token (base64)",
        "Hub token (percent-encoded)",
        "ServiceNow password (percent-encoded)",
        "ServiceNow Basic credentials",
        "HOPEX key (first 16)",
    ] {
        assert!(
            spellings.iter().any(|s| s == expected),
            "{expected} in {spellings:?}"
        );
    }
    for canary in canaries.list() {
        let mut scan = Scan::new("self-test", &canaries);
        let mut bytes = b"\xff\xfe log line \xc3".to_vec();
        bytes.extend_from_slice(canary.value.as_bytes());
        bytes.extend_from_slice(b"\x80 end");
        scan.bytes("planted", "a binary file", &bytes);
        assert!(
            scan.leaks()
                .iter()
                .any(|l| l.contains(&format!("the {} is in", canary.what))),
            "{} not found: {:?}",
            canary.what,
            scan.leaks()
        );
    }
}

#[test]
fn nothing_is_found_where_nothing_was_planted() {
    let canaries = canaries();
    let mut scan = Scan::new("self-test", &canaries);
    scan.text(
        "planted",
        "a clean log",
        &format!("DEBUG key {KEY} user {USER} fingerprint 0123456789ab •••••••••"),
    );
    assert!(scan.leaks().is_empty(), "{:?}", scan.leaks());
    scan.finish();
}

#[test]
fn files_and_their_names_are_scanned() {
    let canaries = canaries();
    let dir = tempfile::tempdir().unwrap();
    let deep = dir.path().join("a").join("b");
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(
        deep.join("data.bin"),
        [b"\x00\x01".as_slice(), HOPEX.as_bytes()].concat(),
    )
    .unwrap();
    std::fs::write(dir.path().join(format!("report-{SECRET}.md")), "clean").unwrap();
    std::fs::write(dir.path().join("clean.toml"), "nothing = 1").unwrap();
    let mut scan = Scan::new("self-test", &canaries);
    let files = scan.files("planted", dir.path());
    assert_eq!(files.len(), 3);
    let leaks = scan.leaks().join("\n");
    assert!(leaks.contains("data.bin"), "{leaks}");
    assert!(
        leaks.contains("the Hub secret is in") && leaks.contains("(file names)"),
        "{leaks}"
    );
}

#[test]
fn only_the_exact_osc52_copy_of_the_token_is_allowed() {
    let canaries = canaries();
    let token = token_of(KEY, SECRET);
    let copy = osc52_of(&token);
    let mut raw = b"\x1b[?1049hscreen".to_vec();
    raw.extend_from_slice(&copy);
    raw.extend_from_slice(b"\x1b]52;c;\x07more");
    let mut scan = Scan::new("self-test", &canaries);
    assert_eq!(scan.terminal("clean", &raw, std::slice::from_ref(&copy)), 1);
    assert!(scan.leaks().is_empty(), "{:?}", scan.leaks());

    // The same payload to another selection, or the secret's own copy, leaks.
    for planted in [
        format!("\x1b]52;p;{}\x07", crate::support::b64(&token)),
        String::from_utf8(osc52_of(SECRET)).unwrap(),
        format!("Authorization: Basic {token}"),
    ] {
        let mut bad = raw.clone();
        bad.extend_from_slice(planted.as_bytes());
        let mut scan = Scan::new("self-test", &canaries);
        scan.terminal("planted", &bad, std::slice::from_ref(&copy));
        assert!(!scan.leaks().is_empty(), "{planted:?} went unnoticed");
    }
}

#[test]
fn a_secret_drawn_cell_by_cell_is_found_on_the_replayed_screen() {
    let canaries = canaries();
    // Each character placed with its own cursor move: never contiguous in the
    // bytes, whole on the screen.
    let mut raw = b"\x1b[2J".to_vec();
    for (i, ch) in PASSWORD.chars().enumerate() {
        raw.extend_from_slice(format!("\x1b[5;{}H{ch}", i + 3).as_bytes());
    }
    let mut scan = Scan::new("self-test", &canaries);
    scan.terminal("planted", &raw, &[]);
    let leaks = scan.leaks().join("\n");
    assert!(
        leaks.contains("the ServiceNow password is in") && leaks.contains("replayed screen"),
        "{leaks}"
    );
    assert!(!leaks.contains("(raw terminal output)"), "{leaks}");
}

#[test]
fn a_secret_wrapped_over_rows_is_found() {
    let canaries = canaries();
    let screen = format!(
        "┌ Checks ┐\n│ {} │\n│ {} │\n└────────┘",
        &HOPEX[..12],
        &HOPEX[12..]
    );
    let mut scan = Scan::new("self-test", &canaries);
    scan.screen("planted", "a wrapped detail", &screen);
    assert!(
        scan.leaks()
            .iter()
            .any(|l| l.contains("the HOPEX key is in")),
        "{:?}",
        scan.leaks()
    );
}

#[test]
#[should_panic(expected = "the HOPEX key is in stdout")]
fn finish_fails_on_a_leak() {
    let mut canaries = Canaries::new();
    canaries.hopex_key("HOPEX", "OnlyOneSpellingX");
    let mut scan = Scan::new("self-test", &canaries);
    scan.text("planted", "stdout", "x OnlyOneSpellingX y");
    scan.finish();
}
