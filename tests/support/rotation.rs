//! Driving the rotation (key rotation) end to end: a `nowkey sandbox` child started with
//! extra flags (a key activation delay), saved profiles written through nowkey's
//! store, the rotation journal read as plain TOML (independently of nowkey's
//! types), a watcher that checks every journal version it sees, and the steps of
//! the wizard as the operator performs them.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::flow::Creds;
use super::pty::{ClipboardRoute, Pty, PtyOptions};
use super::{poll, BIN, GOOD_NUMBER};

/// How long any one rotation screen may take to appear (generous: tests run in
/// parallel on small machines).
pub const WAIT: Duration = Duration::from_secs(20);

/// How long a screen must stay the same to count as drawn (nowkey redraws every
/// 100 ms).
const SETTLE: Duration = Duration::from_millis(40);

/// The sandbox number whose messages end `failed`.
pub const FAILING_NUMBER: &str = "+61400000001";

/// The rotation screens' titles, as drawn.
pub mod title {
    /// Picking the profile.
    pub const CHOOSE: &str = "Which profile's key to rotate";
    /// Step 1 (phase started).
    pub const CREATE: &str = "Create the new key in the Hub";
    /// Resumed without the new secret.
    pub const REENTER: &str = "Enter the new secret again";
    /// Phase new_key_captured.
    pub const VERIFY: &str = "Check the new key with the Hub";
    /// Phase new_key_verified.
    pub const SERVICENOW: &str = "Update ServiceNow";
    /// Phase servicenow_updated.
    pub const LIVE: &str = "Send a live test with the new key";
    /// Phase live_test_passed.
    pub const DELETE: &str = "Delete the old key";
    /// Phase old_key_deleted, before the test sent from ServiceNow is recorded.
    pub const PROOF: &str = "Test sent from ServiceNow";
    /// Phase old_key_deleted.
    pub const PROFILE: &str = "Update the profile";
    /// Phase completed.
    pub const DONE: &str = "Rotation complete";
    /// Phase abandoned.
    pub const ABANDONED: &str = "Rotation abandoned";
    /// Another nowkey holds the lock.
    pub const BUSY: &str = "This rotation is open elsewhere";
}

// ---------------------------------------------------------------------------
// The sandbox, with extra flags.

/// A running `nowkey sandbox --bind 127.0.0.1:0 <extra…>`, and a small runtime to
/// call its admin and Hub endpoints. Killed on drop.
pub struct Hub {
    child: Child,
    /// The base URL it printed.
    pub base_url: String,
    rt: tokio::runtime::Runtime,
}

impl Hub {
    /// Starts the sandbox with `extra` flags (e.g. `--key-activation-delay 2`) and
    /// waits (10 s at most) for its banner.
    pub fn start(extra: &[&str], data_dir: &Path) -> Hub {
        let mut child = Command::new(BIN)
            .args(["sandbox", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env("NOWKEY_CONFIG_DIR", data_dir)
            .env_remove("NOWKEY_HUB_URL")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn nowkey sandbox");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut base_url = None;
        loop {
            match rx.recv_timeout(Duration::from_secs(10)) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Hub API base URL:") {
                        base_url = Some(url.trim().to_owned());
                    } else if line.starts_with("Press Ctrl-C") {
                        break;
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    panic!("nowkey sandbox {extra:?} printed no complete banner");
                }
            }
        }
        Hub {
            child,
            base_url: base_url.expect("a base URL line"),
            rt: super::runtime(),
        }
    }

    /// A new key pair from `POST /_sandbox/hub/keys`.
    pub fn create_key(&self) -> Creds {
        let (key, secret) = super::admin_create_key(&self.rt, &self.base_url);
        Creds::new(&key, &secret)
    }

    /// `DELETE /_sandbox/hub/keys/{api_key}`; panics unless it succeeds.
    pub fn delete_key(&self, api_key: &str) {
        let status = self.rt.block_on(async {
            reqwest::Client::new()
                .delete(format!("{}/_sandbox/hub/keys/{api_key}", self.base_url))
                .send()
                .await
                .expect("admin endpoint answers")
                .status()
                .as_u16()
        });
        assert!(
            (200..300).contains(&status),
            "deleting key {api_key} answered {status}"
        );
    }

    /// The HTTP status of `GET /v1/replies` with basic auth `creds`.
    pub fn replies_status(&self, creds: &Creds) -> u16 {
        self.rt.block_on(async {
            reqwest::Client::new()
                .get(format!("{}/v1/replies", self.base_url))
                .basic_auth(&creds.key, Some(&creds.secret))
                .send()
                .await
                .expect("the Hub answers")
                .status()
                .as_u16()
        })
    }

    /// The handset numbers of the delivery reports the Hub holds for `creds`'
    /// messages (`GET /v1/delivery_reports`: a report's source number is the
    /// message's destination), oldest first.
    pub fn delivered_to(&self, creds: &Creds) -> Vec<String> {
        let body: serde_json::Value = self.rt.block_on(async {
            reqwest::Client::new()
                .get(format!("{}/v1/delivery_reports", self.base_url))
                .basic_auth(&creds.key, Some(&creds.secret))
                .send()
                .await
                .expect("the Hub answers")
                .json()
                .await
                .expect("JSON")
        });
        body["delivery_reports"]
            .as_array()
            .map(|reports| {
                reports
                    .iter()
                    .filter(|r| r["status"] == "delivered")
                    .filter_map(|r| r["source_number"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until the Hub accepts `creds` (a new key's activation delay), and
    /// panics if it never does.
    pub fn wait_accepted(&self, creds: &Creds) {
        let mut last = 0;
        poll(WAIT, || {
            last = self.replies_status(creds);
            (last == 200).then_some(())
        })
        .unwrap_or_else(|| panic!("the Hub never accepted key {} (last {last})", creds.key));
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

// ---------------------------------------------------------------------------
// Profiles.

/// Saves `name` as an SMS profile on `hub_url` using `old` (the key to rotate),
/// through nowkey's own store, created on 2025-01-31.
pub fn save_sms_profile(config: &Path, name: &str, hub_url: &str, old: &Creds) {
    use nowkey::domain::profile::{rotation_due, Profile, SmsProfile};
    use nowkey::domain::token::Fingerprint;
    use nowkey::store::{save_profile, ConfigDir};

    let dir = ConfigDir::resolve(Some(config.to_path_buf())).expect("config dir");
    dir.ensure_exists().expect("config dir created");
    let created = chrono::NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
    save_profile(
        &dir,
        name,
        Profile {
            sms: Some(SmsProfile {
                vendor: "messagemedia".into(),
                hub_api_url: hub_url.into(),
                api_key: old.key.clone(),
                token_fingerprint: Fingerprint::parse(&old.fingerprint).expect("fingerprint"),
                key_created: created,
                next_rotation_due: rotation_due(created),
                test_number: Some(GOOD_NUMBER.into()),
                servicenow_url: None,
                servicenow_user: None,
                servicenow_credential: None,
                servicenow_registration: None,
                servicenow_registration_fields: None,
                rotations: Vec::new(),
            }),
            hopex: None,
        },
    )
    .expect("profile saved");
}

/// `profiles.<name>.sms` from `<config>/profiles.toml`, and the whole file.
pub fn read_sms_profile(config: &Path, name: &str) -> (toml::Value, String) {
    let text = std::fs::read_to_string(config.join("profiles.toml")).expect("profiles.toml");
    let doc: toml::Value = toml::from_str(&text).expect("profiles.toml parses");
    let sms = doc["profiles"][name]["sms"].clone();
    (sms, text)
}

// ---------------------------------------------------------------------------
// The journal.

/// One live test as the journal records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveTestView {
    /// The fingerprint it was sent with.
    pub fingerprint: String,
    /// Whether it passed.
    pub passed: bool,
}

/// A journal as read from disk: its text and the fields the tests look at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalView {
    /// The file's text.
    pub text: String,
    /// `phase`.
    pub phase: String,
    /// `old.api_key`.
    pub old_key: String,
    /// `old.fingerprint`.
    pub old_fingerprint: String,
    /// `new.api_key`, once captured.
    pub new_key: Option<String>,
    /// `new.fingerprint`, once captured.
    pub new_fingerprint: Option<String>,
    /// `old_secret_known`.
    pub old_secret_known: bool,
    /// `old_key_revocation` ("confirmed", "still_accepted", "not_verified"), when present.
    pub old_key_revocation: Option<String>,
    /// `live_tests`.
    pub live_tests: Vec<LiveTestView>,
    /// The phases of `history`, oldest first.
    pub history: Vec<String>,
}

impl JournalView {
    /// Parses a journal's text; panics (quoting it) when it is not one.
    pub fn parse(text: &str) -> JournalView {
        let doc: toml::Value = toml::from_str(text)
            .unwrap_or_else(|e| panic!("the journal does not parse ({e}):\n{text}"));
        let s = |v: &toml::Value, k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_owned);
        let new = doc.get("new");
        JournalView {
            text: text.to_owned(),
            phase: s(&doc, "phase").unwrap_or_else(|| panic!("no phase:\n{text}")),
            old_key: s(&doc["old"], "api_key").expect("old.api_key"),
            old_fingerprint: s(&doc["old"], "fingerprint").expect("old.fingerprint"),
            new_key: new.and_then(|n| s(n, "api_key")),
            new_fingerprint: new.and_then(|n| s(n, "fingerprint")),
            old_secret_known: doc
                .get("old_secret_known")
                .and_then(|v| v.as_bool())
                .unwrap_or(false),
            old_key_revocation: s(&doc, "old_key_revocation"),
            live_tests: doc
                .get("live_tests")
                .and_then(|v| v.as_array())
                .map(|tests| {
                    tests
                        .iter()
                        .map(|t| LiveTestView {
                            fingerprint: s(t, "fingerprint").expect("live test fingerprint"),
                            passed: t.get("passed").and_then(|p| p.as_bool()).expect("passed"),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            history: doc
                .get("history")
                .and_then(|v| v.as_array())
                .map(|entries| {
                    entries
                        .iter()
                        .map(|e| s(e, "phase").expect("history phase"))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The rule that matters: the old key is only (reported) deleted once a live
    /// test with the new key has passed. Panics otherwise.
    pub fn assert_no_early_deletion(&self) {
        let deleted = matches!(self.phase.as_str(), "old_key_deleted" | "completed")
            || self.history.iter().any(|p| p == "old_key_deleted");
        if !deleted {
            return;
        }
        let new_fingerprint = self
            .new_fingerprint
            .as_deref()
            .unwrap_or_else(|| panic!("old key deleted with no new key:\n{}", self.text));
        assert!(
            self.live_tests
                .iter()
                .any(|t| t.passed && t.fingerprint == new_fingerprint),
            "the journal says the old key is deleted without a passing live test of the new key {new_fingerprint}:\n{}",
            self.text
        );
        let passed_at = self.history.iter().position(|p| p == "live_test_passed");
        let deleted_at = self.history.iter().position(|p| p == "old_key_deleted");
        assert!(
            matches!((passed_at, deleted_at), (Some(p), Some(d)) if p < d),
            "the history records the deletion before a passed live test:\n{}",
            self.text
        );
    }

    /// The recorded state a restart must not change: everything but timestamps
    /// (which only change when a step is applied, so the text is compared whole).
    pub fn assert_same_as(&self, before: &JournalView, what: &str) {
        assert_eq!(
            self.text, before.text,
            "{what}: the journal changed although no step was taken"
        );
    }
}

/// `<config>/rotations/<profile>.toml`.
pub fn journal_path(config: &Path, profile: &str) -> PathBuf {
    config.join("rotations").join(format!("{profile}.toml"))
}

/// The journal now, checked against the deletion rule; `None` when there is none.
pub fn read_journal(config: &Path, profile: &str) -> Option<JournalView> {
    let text = std::fs::read_to_string(journal_path(config, profile)).ok()?;
    let view = JournalView::parse(&text);
    view.assert_no_early_deletion();
    Some(view)
}

/// Waits until the journal's phase is `phase`; returns it.
pub fn wait_phase(config: &Path, profile: &str, phase: &str) -> JournalView {
    let mut last = None;
    poll(WAIT, || {
        last = read_journal(config, profile);
        last.clone().filter(|j| j.phase == phase)
    })
    .unwrap_or_else(|| {
        panic!(
            "the journal of {profile} never reached phase {phase}; last:\n{}",
            last.map(|j| j.text).unwrap_or_else(|| "(none)".into())
        )
    })
}

/// Reads the journal every few milliseconds in the background and keeps every
/// distinct version, so the deletion rule and the order of phases are checked on
/// versions a test never looked at itself.
pub struct JournalWatch {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<JournalView>>>,
    handle: Option<JoinHandle<()>>,
}

impl JournalWatch {
    /// Starts watching `<config>/rotations/<profile>.toml`.
    pub fn start(config: &Path, profile: &str) -> JournalWatch {
        let path = journal_path(config, profile);
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(Mutex::new(Vec::<JournalView>::new()));
        let handle = {
            let (stop, seen) = (stop.clone(), seen.clone());
            std::thread::spawn(move || {
                let mut last = String::new();
                loop {
                    let stopping = stop.load(Ordering::SeqCst);
                    if let Ok(text) = std::fs::read_to_string(&path) {
                        if text != last {
                            last = text.clone();
                            seen.lock().unwrap().push(JournalView::parse(&text));
                        }
                    }
                    if stopping {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(15));
                }
            })
        };
        JournalWatch {
            stop,
            seen,
            handle: Some(handle),
        }
    }

    /// Stops, checks every version seen, and returns them oldest first. Phases only
    /// move forward, except the one way back (servicenow_updated →
    /// new_key_verified, to redo the ServiceNow update).
    pub fn finish(mut self) -> Vec<JournalView> {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(handle) = self.handle.take() {
            handle.join().expect("the journal watcher panicked");
        }
        let seen = std::mem::take(&mut *self.seen.lock().unwrap());
        let rank = |phase: &str| {
            [
                "started",
                "new_key_captured",
                "new_key_verified",
                "servicenow_updated",
                "live_test_passed",
                "old_key_deleted",
                "completed",
                "abandoned",
            ]
            .iter()
            .position(|p| *p == phase)
            .unwrap_or_else(|| panic!("unknown phase {phase}"))
        };
        for view in &seen {
            view.assert_no_early_deletion();
        }
        for pair in seen.windows(2) {
            let (a, b) = (pair[0].phase.as_str(), pair[1].phase.as_str());
            let redo = a == "servicenow_updated" && b == "new_key_verified";
            assert!(
                rank(b) >= rank(a) || redo,
                "the journal went back from {a} to {b}:\n{}\n---\n{}",
                pair[0].text,
                pair[1].text
            );
            assert!(
                pair[1].history.len() >= pair[0].history.len()
                    && pair[1].history[..pair[0].history.len()] == pair[0].history[..],
                "the history was rewritten:\n{}\n---\n{}",
                pair[0].text,
                pair[1].text
            );
        }
        seen
    }
}

impl Drop for JournalWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

// ---------------------------------------------------------------------------
// The terminal.

/// `nowkey rotate [args…]` in a pty with the clipboard off.
pub fn spawn_rotate(config: &Path, args: &[&str]) -> Pty {
    let mut all = vec!["rotate"];
    all.extend_from_slice(args);
    Pty::spawn(PtyOptions::new(&all, config).clipboard(ClipboardRoute::None))
}

/// SIGKILL, as a crash or a power cut would end it; waits until it is gone.
pub fn kill_hard(pty: &mut Pty) {
    let pid = pty.pid().expect("the child's pid");
    let status = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -KILL {pid}");
    match pty.wait_exit(Duration::from_secs(10)) {
        Err(message) if message.contains("killed by") => {}
        other => panic!("expected death by SIGKILL, got {other:?}"),
    }
}

/// The terminal side of one rotation: the secrets that must never show, checked
/// on every screen the test waits for.
pub struct Operator<'a> {
    /// The wizard.
    pub pty: &'a mut Pty,
    /// Credentials whose secret and token must never be on screen.
    pub secrets: Vec<Creds>,
    /// `(config dir, profile)`: when set, every screen that asks for or reports
    /// the old key's deletion is checked against the journal (see
    /// [`Operator::guard`]).
    pub guarded: Option<(PathBuf, String)>,
}

/// Whether a rotation screen asks to delete the old key or says it is deleted.
pub fn screen_deletes_old_key(screen: &str) -> bool {
    let titled = |t: &str| screen.lines().any(|l| l.trim() == t);
    let text = flat(screen);
    titled(title::DELETE)
        || titled(title::PROOF)
        || titled(title::PROFILE)
        || titled(title::DONE)
        || text.contains("The old key has been deleted")
        || text.contains("Live now: the NEW key")
        || text.contains("Old key deleted")
        || text.contains("Old key deletion recorded")
        || text.contains("revocation confirmed")
        || text.contains("the Hub still accepts the old key")
}

impl<'a> Operator<'a> {
    /// An operator on `pty` who must never see any of `secrets`.
    pub fn new(pty: &'a mut Pty, secrets: &[&Creds]) -> Self {
        Operator {
            pty,
            secrets: secrets.iter().map(|c| (*c).clone()).collect(),
            guarded: None,
        }
    }

    /// From now on, a screen that asks for or reports the old key's deletion is
    /// only accepted when the journal of `profile` already records a passing live
    /// test with its new key.
    pub fn guard(mut self, config: &Path, profile: &str) -> Self {
        self.guarded = Some((config.to_path_buf(), profile.to_owned()));
        self
    }

    fn check_guard(&self, screen: &str) {
        let Some((config, profile)) = &self.guarded else {
            return;
        };
        if !screen_deletes_old_key(screen) {
            return;
        }
        let journal = read_journal(config, profile)
            .unwrap_or_else(|| panic!("a deletion screen with no journal:\n{screen}"));
        let new = journal.new_fingerprint.clone().unwrap_or_default();
        assert!(
            journal
                .live_tests
                .iter()
                .any(|t| t.passed && t.fingerprint == new),
            "the screen deals with deleting the old key before a passing live test was recorded:\n{screen}\njournal:\n{}",
            journal.text
        );
    }

    /// Panics if a secret or token is on `screen`.
    pub fn assert_masked(&self, screen: &str) {
        for creds in &self.secrets {
            assert!(
                !screen.contains(&creds.secret),
                "the secret of {} is on screen:\n{screen}",
                creds.key
            );
            assert!(
                !screen.contains(&creds.token),
                "the token of {} is on screen:\n{screen}",
                creds.key
            );
        }
    }

    /// Waits for `text` on screen; returns the screen.
    pub fn see(&self, text: &str) -> String {
        self.see_that(&format!("{text:?} on screen"), |s| s.contains(text))
    }

    /// Waits for `text` on screen, allowing for line wrapping (the screen's words
    /// joined by single spaces must contain `text`'s); returns the screen.
    pub fn see_wrapped(&self, text: &str) -> String {
        let want = flat(text);
        self.see_that(&format!("{text:?} on screen (wrapped)"), |s| {
            flat(s).contains(&want)
        })
    }

    /// Waits until `check` accepts the screen, and the screen has settled.
    ///
    /// nowkey draws without synchronized output, so a read can catch a frame half
    /// drawn (the old screen's lines under the new title). A match only counts
    /// when a second read a moment later is identical.
    pub fn see_that(&self, what: &str, mut check: impl FnMut(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let first = self
                .pty
                .wait_until(left, what, &mut check)
                .unwrap_or_else(|e| panic!("{e}"));
            self.assert_masked(&first);
            std::thread::sleep(SETTLE);
            let screen = self.pty.screen();
            self.assert_masked(&screen);
            if screen == first {
                self.check_guard(&screen);
                return screen;
            }
        }
    }

    /// Waits for the screen whose title line is `title` (and, for the steps, the
    /// header's "Step n of 7" when `step` is given).
    pub fn see_screen(&self, title: &str, step: Option<usize>) -> String {
        let header = step.map(|n| format!("Step {n} of 7"));
        self.see_that(&format!("the screen {title:?} ({header:?})"), |s| {
            s.lines().any(|l| l.trim() == title)
                && header.as_ref().is_none_or(|h| s.contains(h.as_str()))
        })
    }

    /// Bracketed paste.
    pub fn paste(&mut self, text: &str) {
        self.pty.send_paste(text);
    }

    /// Raw keys.
    pub fn keys(&mut self, bytes: &[u8]) {
        self.pty.send(bytes);
    }

    /// Enter.
    pub fn enter(&mut self) {
        self.pty.enter();
    }

    /// On the profile list: the optional old secret, then Enter. Ends on step 1.
    pub fn choose_profile(&mut self, profile: &str, old_secret: Option<&Creds>) -> String {
        let screen = self.see_screen(title::CHOOSE, None);
        assert!(screen.contains(profile), "{profile} is listed:\n{screen}");
        assert!(screen.contains("Current secret"), "{screen}");
        if let Some(old) = old_secret {
            self.paste(&old.secret);
            self.see(&"•".repeat(old.secret.chars().count()));
        }
        self.enter();
        self.see_screen(title::CREATE, Some(1))
    }

    /// Step 1: the new key and its secret, then Enter. Returns the first screen
    /// after the capture: the verification (step 2), or already the ServiceNow
    /// update (step 3) when the Hub accepted the key at once.
    pub fn capture_new_key(&mut self, new: &Creds) -> String {
        self.see_screen(title::CREATE, Some(1));
        self.see("▸ New API key");
        self.paste(&new.key);
        self.see(&new.key);
        self.keys(b"\t");
        self.see("▸ New API secret");
        self.paste(&new.secret);
        self.see(&"•".repeat(new.secret.chars().count()));
        self.enter();
        self.see_that("the verification (or its result)", |s| {
            let on =
                |title: &str, step: &str| s.lines().any(|l| l.trim() == title) && s.contains(step);
            on(title::VERIFY, "Step 2 of 7") || on(title::SERVICENOW, "Step 3 of 7")
        })
    }

    /// Resumed without the new secret: the key is pre-filled; paste the secret.
    /// Does not wait for what follows.
    pub fn reenter_new_secret(&mut self, new: &Creds) -> String {
        let screen = self.see_screen(title::REENTER, None);
        assert!(
            screen.contains(&new.key),
            "the new key {} is pre-filled:\n{screen}",
            new.key
        );
        self.see("▸ New API secret");
        self.paste(&new.secret);
        self.see(&"•".repeat(new.secret.chars().count()));
        self.enter();
        screen
    }

    /// Step 6, after the deletion: skips the test sent from ServiceNow and
    /// records that.
    pub fn skip_proof(&mut self) {
        self.see_screen(title::PROOF, Some(6));
        self.keys(b"x");
        self.see("Test sent from ServiceNow: skipped");
        self.enter();
    }

    /// Step 3: both confirmations, then Enter. Ends on the live test.
    pub fn confirm_servicenow(&mut self) -> String {
        self.see_screen(title::SERVICENOW, Some(3));
        self.keys(b"1");
        self.see("1 [x]");
        self.keys(b"2");
        self.see("2 [x]");
        self.enter();
        self.see_screen(title::LIVE, Some(4))
    }

    /// Step 4: sends to the pre-filled number, waits for delivery, records it.
    /// Ends on "Delete the old key".
    pub fn pass_live_test(&mut self) -> String {
        let screen = self.see_screen(title::LIVE, Some(4));
        assert!(
            screen.contains(&format!("Mobile number: {GOOD_NUMBER}")),
            "the profile's number is pre-filled:\n{screen}"
        );
        self.enter();
        self.see_wrapped("Delivered with the new key: press Enter to record the passing test.");
        self.enter();
        self.see_screen(title::DELETE, Some(5))
    }

    /// Step 4: Ctrl-U clears the number field and `number` is typed instead.
    pub fn retype_number(&mut self, number: &str) {
        self.see("▸ Mobile number");
        self.keys(b"\x15");
        self.pty.type_str(number);
        self.see(&format!("Mobile number: {number}"));
    }

    /// Step 4 with the number that fails: Ctrl-U, type it, Enter; waits for the
    /// failure and its choices.
    pub fn fail_live_test(&mut self) -> String {
        self.see_screen(title::LIVE, Some(4));
        self.retype_number(FAILING_NUMBER);
        self.enter();
        self.see_wrapped("F5 redoes the ServiceNow update, F8 abandons.")
    }
}

/// The words of `text` joined by single spaces: a screen's sentences survive
/// line wrapping this way.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `config` and the raw terminal output hold none of the
/// secrets or tokens (the clipboard is off, so not even inside OSC 52).
pub fn assert_no_secret_anywhere(config: &Path, raw: &[u8], creds: &[&Creds]) {
    let files = super::files_under(config);
    assert!(!files.is_empty(), "nowkey wrote files under {config:?}");
    for creds in creds {
        let needles = [
            creds.secret.clone(),
            creds.token.clone(),
            super::b64(&creds.secret),
            super::b64(&creds.token),
        ];
        for needle in &needles {
            for file in &files {
                let bytes = std::fs::read(file).unwrap_or_default();
                assert!(
                    !super::contains_bytes(&bytes, needle.as_bytes()),
                    "a secret of key {} is in {}",
                    creds.key,
                    file.display()
                );
            }
            assert!(
                !super::contains_bytes(raw, needle.as_bytes()),
                "a secret of key {} reached the terminal",
                creds.key
            );
        }
    }
}
