//! The places the wizard is interrupted at, each reached through the terminal as
//! an operator would, with the OSC 52 clipboard (so copies and clears are visible
//! in the output) and the hidden panic switch on (`NOWKEY_DEBUG_PANIC=1`, F12).

use std::path::PathBuf;
use std::time::Duration;

use tempfile::TempDir;

use crate::support::flow::{see, Creds};
use crate::support::pty::{Pty, PtyOptions};
use crate::support::rotation::{save_sms_profile, title, Hub, Operator};
use crate::support::sandbox_proc::SandboxProcess;
use crate::support::{admin_add_fault, admin_create_key, runtime};

/// A Hub nothing listens on: the steps before any network call never reach it.
const NO_HUB: &str = "http://127.0.0.1:9";

/// Where in the wizard the interruption comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `nowkey`: the home menu, nothing entered.
    Home,
    /// `nowkey setup sms`: key and secret pasted at step 3 and accepted, now on
    /// step 4 (the secret is only in memory).
    SecretCaptured,
    /// `nowkey setup sms`, step 6: the token copied to the clipboard (OSC 52),
    /// its auto-clear still 30 s away.
    TokenOnClipboard,
    /// `nowkey` → Validate: the Hub check running against a sandbox endpoint that
    /// never answers.
    ValidateHung,
    /// `nowkey rotate`: the new key captured and verified, on "Update ServiceNow"
    /// with the NEW token copied to the clipboard.
    RotationTokenOnClipboard,
}

impl Step {
    /// Every step, in matrix order.
    pub const ALL: [Step; 5] = [
        Step::Home,
        Step::SecretCaptured,
        Step::TokenOnClipboard,
        Step::ValidateHung,
        Step::RotationTokenOnClipboard,
    ];

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Step::Home => "home screen",
            Step::SecretCaptured => "SMS setup, secret captured (step 3→4)",
            Step::TokenOnClipboard => "SMS setup, token on the clipboard (step 6)",
            Step::ValidateHung => "validation running, Hub endpoint hung",
            Step::RotationTokenOnClipboard => "rotation step 3, new token on the clipboard",
        }
    }
}

/// A wizard stopped at a step, with what the checks need to know about it.
/// Fields drop in order: the wizard first, then the sandboxes, then the files.
pub struct Staged {
    /// The running wizard.
    pub pty: Pty,
    /// Sandboxes the step needs, kept alive until the end.
    _servers: Vec<Box<dyn std::any::Any>>,
    /// The wizard's config dir (its log, profiles, journals).
    pub config: PathBuf,
    /// Texts that must never reach the output, a file or the clipboard at the end.
    pub secrets: Vec<String>,
    /// What this step put on the clipboard, if anything.
    pub copied: Option<String>,
    /// Whether Ctrl-C must ask first (quitting would lose a secret shown once).
    pub ctrl_c_asks: bool,
    _tmp: TempDir,
}

/// Starts the wizard and walks it to `step`.
pub fn stage(step: Step) -> Staged {
    let tmp = tempfile::tempdir().expect("temp dir");
    let config = tmp.path().join("config");
    let spawn =
        |args: &[&str]| Pty::spawn(PtyOptions::new(args, &config).env("NOWKEY_DEBUG_PANIC", "1"));
    type Servers = Vec<Box<dyn std::any::Any>>;
    let (pty, servers, secrets, copied, ctrl_c_asks): (Pty, Servers, _, _, _) = match step {
        Step::Home => {
            let pty = spawn(&["--hub-url", NO_HUB]);
            let none = Creds::new("unused", "unused-secret");
            see(&pty, "7  Quit", &none);
            (pty, Vec::new(), Vec::new(), None, false)
        }
        Step::SecretCaptured => {
            let creds = Creds::new("KEYSAFETY0001", "SafetySecret-4f7e2d9c1a");
            let mut pty = spawn(&["setup", "sms", "--hub-url", NO_HUB]);
            capture_and_reach_step_4(&mut pty, &creds);
            (pty, Vec::new(), secrets_of(&creds), None, true)
        }
        Step::TokenOnClipboard => {
            let creds = Creds::new("KEYSAFETY0002", "ClipSecret-8b3a0e6f52");
            let mut pty = spawn(&["setup", "sms", "--hub-url", NO_HUB]);
            capture_and_reach_step_4(&mut pty, &creds);
            pty.send(b"\x18"); // Ctrl-X skips the optional ServiceNow check
            see(&pty, "Step 5 of 10", &creds);
            pty.enter();
            see(&pty, "Step 6 of 10", &creds);
            see(&pty, "Copy the token into ServiceNow", &creds);
            pty.type_str("c");
            see(&pty, "sent to your terminal", &creds);
            let copied = Some(creds.token.clone());
            (pty, Vec::new(), secrets_of(&creds), copied, true)
        }
        Step::ValidateHung => {
            let sandbox = SandboxProcess::start("127.0.0.1:0", &tmp.path().join("sandbox"));
            let rt = runtime();
            let (key, secret) = admin_create_key(&rt, &sandbox.base_url);
            let creds = Creds::new(&key, &secret);
            save_sms_profile(&config, "e2e", &sandbox.base_url, &creds);
            admin_add_fault(
                &rt,
                &sandbox.base_url,
                serde_json::json!({"path_prefix": "/v1/replies", "hang": true}),
            );
            let mut pty = spawn(&[]);
            see(&pty, "4  Validate a configuration", &creds);
            // Pressed before the profiles have loaded, 4 says there are none.
            see(&pty, "1 saved profile(s): e2e", &creds);
            pty.type_str("4");
            see(&pty, "Secrets for the checks of \"e2e\"", &creds);
            pty.type_str(&creds.secret);
            see(&pty, &"•".repeat(creds.secret.chars().count()), &creds);
            pty.enter();
            see(&pty, "Checks of \"e2e\"", &creds);
            see(&pty, " running", &creds);
            // Still running a moment later: the endpoint really hangs.
            std::thread::sleep(Duration::from_millis(300));
            see(&pty, " running", &creds);
            let servers: Servers = vec![Box::new(sandbox), Box::new(rt)];
            (pty, servers, secrets_of(&creds), None, false)
        }
        Step::RotationTokenOnClipboard => {
            let hub = Hub::start(&[], &tmp.path().join("sandbox"));
            let old = hub.create_key();
            let new = hub.create_key();
            save_sms_profile(&config, "main", &hub.base_url, &old);
            let mut pty = spawn(&["rotate"]);
            {
                let mut op = Operator::new(&mut pty, &[&old, &new]);
                op.choose_profile("main", None);
                op.capture_new_key(&new);
                op.see_screen(title::SERVICENOW, Some(3));
                op.keys(b"c");
                op.see("sent to your terminal");
            }
            let mut secrets = secrets_of(&old);
            secrets.extend(secrets_of(&new));
            let copied = Some(new.token.clone());
            (pty, vec![Box::new(hub)], secrets, copied, true)
        }
    };
    Staged {
        pty,
        _servers: servers,
        config,
        secrets,
        copied,
        ctrl_c_asks,
        _tmp: tmp,
    }
}

/// The secret and the token of `creds`.
fn secrets_of(creds: &Creds) -> Vec<String> {
    vec![creds.secret.clone(), creds.token.clone()]
}

/// Steps 1–3 with a pasted pair, ending on step 4 with the credentials captured.
fn capture_and_reach_step_4(pty: &mut Pty, creds: &Creds) {
    see(pty, "Step 1 of 10", creds);
    pty.enter();
    see(pty, "Step 2 of 10", creds);
    pty.enter();
    see(pty, "Step 3 of 10", creds);
    see(pty, "▸ API key", creds);
    pty.send_paste(&creds.key);
    pty.send(b"\t");
    see(pty, "▸ API secret", creds);
    pty.send_paste(&creds.secret);
    see(
        pty,
        &format!("{} characters, masked", creds.secret.len()),
        creds,
    );
    pty.enter();
    see(pty, "Step 4 of 10", creds);
}
