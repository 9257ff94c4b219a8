//! The rotation survives a crash at every step: a rotation is driven to a step in a pty,
//! the process is killed with SIGKILL (no chance to clean up), the journal is read,
//! and `nowkey rotate --resume` must open the same step (asking for the new secret
//! again where it is needed), without changing what the journal recorded. Every
//! journal version seen on the way is checked: the old key is never reported
//! deleted before a passing live test with the new key was recorded.
//!
//! One sandbox serves every case; each case has its own config dir, profile and
//! keys, and the cases run side by side.

use crate::support;

use std::path::{Path, PathBuf};
use std::time::Instant;

use support::flow::Creds;
use support::pty::Pty;
use support::rotation::{
    assert_no_secret_anywhere, flat, kill_hard, read_journal, read_sms_profile, save_sms_profile,
    spawn_rotate, title, wait_phase, Hub, JournalView, JournalWatch, Operator,
};
use support::GOOD_NUMBER;

/// One case: its own config dir and profile, an old key the Hub accepts, a new
/// key created beforehand (already valid by the time it is pasted), and a watcher
/// over its journal.
struct Case<'h> {
    name: &'static str,
    hub: &'h Hub,
    config: PathBuf,
    old: Creds,
    new: Creds,
    watch: Option<JournalWatch>,
    raw: Vec<u8>,
}

impl<'h> Case<'h> {
    fn new(hub: &'h Hub, root: &Path, name: &'static str, old: Creds, new: Creds) -> Self {
        let config = root.join(name).join("config");
        save_sms_profile(&config, name, &hub.base_url, &old);
        let watch = Some(JournalWatch::start(&config, name));
        Case {
            name,
            hub,
            config,
            old,
            new,
            watch,
            raw: Vec::new(),
        }
    }

    fn spawn(&self, args: &[&str]) -> Pty {
        spawn_rotate(&self.config, args)
    }

    fn operator<'p>(&self, pty: &'p mut Pty) -> Operator<'p> {
        Operator::new(pty, &[&self.old, &self.new]).guard(&self.config, self.name)
    }

    fn journal(&self) -> JournalView {
        read_journal(&self.config, self.name).expect("a journal")
    }

    fn wait_phase(&self, phase: &str) -> JournalView {
        wait_phase(&self.config, self.name, phase)
    }

    /// SIGKILL; returns the journal as the crash left it, and keeps what the
    /// terminal received.
    fn crash(&mut self, pty: &mut Pty, phase: &str) -> JournalView {
        kill_hard(pty);
        self.raw.extend(pty.raw_output());
        let journal = self.journal();
        assert_eq!(journal.phase, phase, "{}: {}", self.name, journal.text);
        journal
    }

    /// `nowkey rotate --resume` after the crash.
    fn resume(&self) -> Pty {
        self.spawn(&["--resume"])
    }

    /// After a resume opened its screen, before any input: nothing recorded changed.
    fn assert_unchanged(&self, before: &JournalView) {
        self.journal()
            .assert_same_as(before, &format!("{}: resuming", self.name));
    }

    /// Leaves the rotation in progress (Esc, home, q) and checks everything seen.
    fn leave(&mut self, mut pty: Pty) {
        {
            let mut op = self.operator(&mut pty);
            op.keys(b"\x1b");
            let home = op.see("is in progress");
            assert!(
                flat(&home).contains(&format!("A rotation of \"{}\" is in progress", self.name)),
                "{home}"
            );
            op.keys(b"q");
        }
        self.end(pty);
    }

    /// The program must have ended with 0; then the final checks.
    fn end(&mut self, mut pty: Pty) {
        assert_eq!(pty.wait_exit(std::time::Duration::from_secs(10)), Ok(0));
        self.raw.extend(pty.raw_output());
        let seen = self.watch.take().expect("watching").finish();
        assert!(!seen.is_empty());
        assert_no_secret_anywhere(&self.config, &self.raw, &[&self.old, &self.new]);
    }

    /// The profile now holds the new key, with one rotation record.
    fn assert_profile_rotated(&self, revocation: &str) {
        let (sms, text) = read_sms_profile(&self.config, self.name);
        assert_eq!(
            sms["api_key"].as_str(),
            Some(self.new.key.as_str()),
            "{text}"
        );
        assert_eq!(
            sms["token_fingerprint"].as_str(),
            Some(self.new.fingerprint.as_str()),
            "{text}"
        );
        let records = sms["rotations"].as_array().expect("a rotation record");
        assert_eq!(records.len(), 1, "recorded once:\n{text}");
        assert_eq!(records[0]["old_key"].as_str(), Some(self.old.key.as_str()));
        assert_eq!(records[0]["new_key"].as_str(), Some(self.new.key.as_str()));
        assert_eq!(
            records[0]
                .get("old_key_revocation")
                .and_then(|v| v.as_str()),
            Some(revocation),
            "{text}"
        );
    }
}

/// Deletion steps shared by the cases that finish: the operator deletes the old
/// key in the Hub, presses Enter, saves the profile.
fn delete_old_and_finish(case: &Case<'_>, op: &mut Operator<'_>, revocation: &str) {
    op.see_screen(title::DELETE, Some(5));
    assert_eq!(case.hub.replies_status(&case.old), 200, "old key live");
    case.hub.delete_key(&case.old.key);
    op.enter();
    op.skip_proof();
    op.see_screen(title::PROFILE, Some(6));
    let journal = case.wait_phase("old_key_deleted");
    assert_eq!(
        journal.old_key_revocation.as_deref(),
        Some(revocation),
        "{}",
        journal.text
    );
    op.enter();
    op.see_screen(title::DONE, None);
    case.wait_phase("completed");
    case.assert_profile_rotated(revocation);
    assert_eq!(case.hub.replies_status(&case.old), 401);
    assert_eq!(case.hub.replies_status(&case.new), 200);
}

/// Killed right after the rotation started (the old secret was given). The
/// resumed rotation asks for a new key and is then finished to the end, without
/// the old secret (it is never stored), so deletion is recorded unconfirmed.
fn crash_after_started(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    case.operator(&mut pty)
        .choose_profile(case.name, Some(&case.old.clone()));
    let started = case.wait_phase("started");
    assert!(started.old_secret_known);
    let before = case.crash(&mut pty, "started");
    assert_eq!(before, started);

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    let screen = op.see_screen(title::CREATE, Some(1));
    assert!(!screen.contains(&case.new.key), "{screen}");
    case.assert_unchanged(&before);
    op.capture_new_key(&case.new);
    op.see_screen(title::SERVICENOW, Some(3));
    op.confirm_servicenow();
    let screen = op.pass_live_test();
    assert!(
        flat(&screen).contains("Paste the old secret first if you have it"),
        "the old secret died with the first process, so it is asked for again:\n{screen}"
    );
    delete_old_and_finish(case, &mut op, "not_verified");
    op.keys(b"\x03");
    case.end(pty);
}

/// Killed while the Hub still refuses the brand-new key and nowkey retries.
fn crash_while_verifying(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, None);
        // A key made just now: the Hub refuses it for 2 s.
        let fresh = case.hub.create_key();
        op.secrets.push(fresh.clone());
        case.new = fresh;
        op.capture_new_key(&case.new);
        op.see_that("a retry", |s| {
            s.contains("Attempt 2 of 7") || s.contains("Attempt 3 of 7")
        });
    }
    let before = case.crash(&mut pty, "new_key_captured");
    assert_eq!(before.new_key.as_deref(), Some(case.new.key.as_str()));
    assert_eq!(
        before.new_fingerprint.as_deref(),
        Some(case.new.fingerprint.as_str())
    );

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    let screen = op.see_screen(title::REENTER, Some(2));
    assert!(screen.contains(&case.new.key), "key pre-filled:\n{screen}");
    case.assert_unchanged(&before);
    // The old key's secret is not the new one: refused, nothing recorded.
    op.see("▸ New API secret");
    op.paste(&case.old.secret.clone());
    op.enter();
    op.see_wrapped(&format!(
        "does not match new key {} (fingerprint {})",
        case.new.key, case.new.fingerprint
    ));
    case.assert_unchanged(&before);
    op.keys(b"\x15");
    op.reenter_new_secret(&case.new.clone());
    op.see_screen(title::SERVICENOW, Some(3));
    let journal = case.wait_phase("new_key_verified");
    assert_eq!(journal.history[..2], before.history[..]);
    drop(op);
    case.leave(pty);
}

/// Killed on the ServiceNow step (phase new_key_verified).
fn crash_after_verified(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, None);
        op.capture_new_key(&case.new);
        op.see_screen(title::SERVICENOW, Some(3));
        op.keys(b"1");
        op.see("1 [x]");
    }
    let before = case.crash(&mut pty, "new_key_verified");

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    op.see_screen(title::REENTER, Some(3));
    case.assert_unchanged(&before);
    op.reenter_new_secret(&case.new.clone());
    let screen = op.see_screen(title::SERVICENOW, Some(3));
    assert!(
        screen.contains("1 [ ]") && screen.contains("2 [ ]"),
        "ticks are not journalled; confirm again:\n{screen}"
    );
    op.enter();
    op.see_wrapped("ServiceNow is only updated once both");
    case.assert_unchanged(&before);
    op.confirm_servicenow();
    case.wait_phase("servicenow_updated");
    drop(op);
    case.leave(pty);
}

/// Killed on the live test screen (phase servicenow_updated), before any test.
fn crash_after_servicenow(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, None);
        op.capture_new_key(&case.new);
        op.confirm_servicenow();
    }
    let before = case.crash(&mut pty, "servicenow_updated");
    assert!(before.live_tests.is_empty());

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    op.see_screen(title::REENTER, Some(4));
    case.assert_unchanged(&before);
    op.reenter_new_secret(&case.new.clone());
    let screen = op.see_screen(title::LIVE, Some(4));
    assert!(flat(&screen).contains("Live now: BOTH keys"), "{screen}");
    op.pass_live_test();
    let journal = case.wait_phase("live_test_passed");
    assert_eq!(journal.live_tests.len(), 1);
    drop(op);
    case.leave(pty);
}

/// Killed right after a failed live test was recorded (still servicenow_updated).
fn crash_after_failed_test(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, None);
        op.capture_new_key(&case.new);
        op.confirm_servicenow();
        op.fail_live_test();
    }
    let journal = support::poll(support::rotation::WAIT, || {
        Some(case.journal()).filter(|j| !j.live_tests.is_empty())
    })
    .expect("the failed test is journalled");
    let before = case.crash(&mut pty, "servicenow_updated");
    assert_eq!(before, journal);
    assert_eq!(before.live_tests.len(), 1);
    assert!(!before.live_tests[0].passed);

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    op.see_screen(title::REENTER, Some(4));
    case.assert_unchanged(&before);
    op.reenter_new_secret(&case.new.clone());
    let screen = op.see_screen(title::LIVE, Some(4));
    assert!(
        screen.contains(&format!("▸ Mobile number: {GOOD_NUMBER}")),
        "a fresh test with the profile's number:\n{screen}"
    );
    assert!(!screen.contains("Delivered"), "{screen}");
    assert_eq!(case.hub.replies_status(&case.old), 200, "old key live");
    case.assert_unchanged(&before);
    op.pass_live_test();
    let journal = case.wait_phase("live_test_passed");
    assert_eq!(
        journal
            .live_tests
            .iter()
            .map(|t| t.passed)
            .collect::<Vec<_>>(),
        [false, true]
    );
    drop(op);
    case.leave(pty);
}

/// Killed on the deletion step (phase live_test_passed). No secret is needed any
/// more; the resumed rotation is finished to the end.
fn crash_after_live_test(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, Some(&case.old.clone()));
        op.capture_new_key(&case.new);
        op.confirm_servicenow();
        op.pass_live_test();
    }
    let before = case.crash(&mut pty, "live_test_passed");
    assert!(before.live_tests[0].passed);

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    let screen = op.see_screen(title::DELETE, Some(5));
    assert!(
        flat(&screen).contains(&format!("delete the OLD key {} now", case.old.key)),
        "{screen}"
    );
    case.assert_unchanged(&before);
    assert_eq!(case.hub.replies_status(&case.old), 200, "old key live");
    delete_old_and_finish(case, &mut op, "not_verified");
    op.keys(b"\x03");
    case.end(pty);
}

/// Killed after the deletion was confirmed (phase old_key_deleted): the resumed
/// rotation saves the profile.
fn crash_after_deletion(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, Some(&case.old.clone()));
        op.capture_new_key(&case.new);
        op.confirm_servicenow();
        op.pass_live_test();
        case.hub.delete_key(&case.old.key);
        op.enter();
        op.see_screen(title::PROOF, Some(6));
    }
    let before = case.crash(&mut pty, "old_key_deleted");
    assert_eq!(before.old_key_revocation.as_deref(), Some("confirmed"));

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    let screen = op.see_screen(title::PROOF, Some(6));
    assert!(
        flat(&screen).contains("✓ The Hub rejects the old key"),
        "{screen}"
    );
    assert!(flat(&screen).contains("Live now: the NEW key"), "{screen}");
    case.assert_unchanged(&before);
    op.skip_proof();
    op.see_screen(title::PROFILE, Some(6));
    let (sms, _) = read_sms_profile(&case.config, case.name);
    assert_eq!(sms["api_key"].as_str(), Some(case.old.key.as_str()));
    op.enter();
    op.see_screen(title::DONE, None);
    case.wait_phase("completed");
    case.assert_profile_rotated("confirmed");
    op.keys(b"\x03");
    case.end(pty);
}

/// As nowkey's step 7 does before it records `completed`: the profile gets the
/// new key (done here with nowkey's own store and domain code, to stand for a
/// crash between the two writes).
fn save_profile_as_step_7_would(config: &Path, name: &str) {
    use nowkey::domain::profile::apply_completed_rotation;
    use nowkey::domain::rotation::Event;
    use nowkey::store::{load_profiles, load_rotation, save_profile, ConfigDir};

    let dir = ConfigDir::resolve(Some(config.to_path_buf())).unwrap();
    let mut rotation = load_rotation(&dir, name, nowkey::domain::rotation::Credential::HubKey)
        .unwrap()
        .expect("a journal");
    rotation
        .apply(Event::Completed, chrono::Utc::now())
        .unwrap();
    let mut profile = load_profiles(&dir).unwrap().profiles[name].clone();
    let sms = profile.sms.as_mut().unwrap();
    apply_completed_rotation(sms, &rotation, chrono::Local::now().date_naive()).unwrap();
    save_profile(&dir, name, profile).unwrap();
}

/// Killed after the profile was saved but before the journal said completed
/// (simulated: the kill comes at old_key_deleted, then the profile is saved as
/// step 7 would). The resumed rotation completes without recording it twice.
fn crash_between_profile_and_journal(case: &mut Case<'_>) {
    let mut pty = case.spawn(&[]);
    {
        let mut op = case.operator(&mut pty);
        op.choose_profile(case.name, None);
        op.capture_new_key(&case.new);
        op.confirm_servicenow();
        op.pass_live_test();
        case.hub.delete_key(&case.old.key);
        op.enter();
        op.see_screen(title::PROOF, Some(6));
    }
    let before = case.crash(&mut pty, "old_key_deleted");
    assert_eq!(before.old_key_revocation.as_deref(), Some("not_verified"));
    save_profile_as_step_7_would(&case.config, case.name);
    case.assert_profile_rotated("not_verified");

    let mut pty = case.resume();
    let mut op = case.operator(&mut pty);
    op.see_screen(title::PROOF, Some(6));
    case.assert_unchanged(&before);
    op.skip_proof();
    op.see_screen(title::PROFILE, Some(6));
    op.enter();
    op.see_screen(title::DONE, None);
    case.wait_phase("completed");
    case.assert_profile_rotated("not_verified");
    op.keys(b"\x03");
    case.end(pty);
}

/// The harness's own check: a journal that says the old key is deleted without
/// a passing live test of the new key is caught.
#[test]
#[should_panic(expected = "without a passing live test")]
fn the_deletion_check_catches_an_early_deletion() {
    let text = r#"
format = 1
profile = "p"
phase = "old_key_deleted"
old_secret_known = false
started_at = "2025-05-02T14:30:00Z"
updated_at = "2025-05-02T14:30:00Z"

[old]
api_key = "OLD"
fingerprint = "0123456789ab"

[new]
api_key = "NEW"
fingerprint = "ba9876543210"

[[live_tests]]
at = "2025-05-02T14:30:00Z"
fingerprint = "ba9876543210"
passed = false
detail = "failed"

[[history]]
at = "2025-05-02T14:30:00Z"
phase = "old_key_deleted"
note = "x"
"#;
    JournalView::parse(text).assert_no_early_deletion();
}

#[test]
fn a_crash_at_every_step_resumes_at_that_step() {
    let started = Instant::now();
    let tmp = tempfile::tempdir().unwrap();
    let hub = Hub::start(
        &["--key-activation-delay", "2"],
        &tmp.path().join("sandbox"),
    );
    type CaseFn = fn(&mut Case<'_>);
    let cases: [(&'static str, CaseFn); 8] = [
        ("started", crash_after_started),
        ("verifying", crash_while_verifying),
        ("verified", crash_after_verified),
        ("sn-updated", crash_after_servicenow),
        ("sn-failed-test", crash_after_failed_test),
        ("test-passed", crash_after_live_test),
        ("old-deleted", crash_after_deletion),
        ("profile-saved", crash_between_profile_and_journal),
    ];
    // Every key up front, then one wait for them all to become valid.
    let keys: Vec<(Creds, Creds)> = cases
        .iter()
        .map(|_| (hub.create_key(), hub.create_key()))
        .collect();
    hub.wait_accepted(&keys.last().unwrap().1);
    for (old, _) in &keys {
        hub.wait_accepted(old);
    }

    let failures: Vec<String> = std::thread::scope(|scope| {
        let handles: Vec<_> = cases
            .iter()
            .zip(keys)
            .map(|(&(name, run), (old, new))| {
                let (hub, root) = (&hub, tmp.path());
                let handle = std::thread::Builder::new()
                    .name(name.to_owned())
                    .spawn_scoped(scope, move || {
                        let mut case = Case::new(hub, root, name, old, new);
                        run(&mut case);
                    })
                    .expect("spawn a case");
                (name, handle)
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|(name, handle)| handle.join().is_err().then(|| name.to_owned()))
            .collect()
    });
    assert!(
        failures.is_empty(),
        "cases failed (their panics are printed above): {failures:?}"
    );
    eprintln!("all crash cases in {:?}", started.elapsed());
}
