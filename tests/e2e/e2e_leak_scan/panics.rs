//! A forced panic (`NOWKEY_DEBUG_PANIC=1`, F12, `RUST_BACKTRACE=1`) while the
//! secrets are typed and held in memory: in the SMS setup (Hub secret and ServiceNow
//! password), the HOPEX setup (HOPEX key and password), the rotation (old and new secrets) and
//! the validation (all three). The panic message and backtrace, printed to the terminal
//! after it is restored, the screen, the log and every file hold none of them.

use std::time::Duration;

use crate::leak_support::drive::{
    hopex_to_servicenow, sms_to_servicenow, validate_type_secrets, ServiceNowLogin, ValidateSecrets,
};
use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, Canaries, Scan};
use crate::support::flow::Creds;
use crate::support::pty::{ClipboardRoute, Pty, PtyOptions};
use crate::support::rotation::{save_sms_profile, title, Operator};
use crate::support::{contains_bytes, find_all};

const EXIT: Duration = Duration::from_secs(15);
const F12: &[u8] = b"\x1b[24~";

/// `nowkey <args>` in a pty with the panic switch on.
fn panicky(lab: &Lab, args: &[&str]) -> Pty {
    let mut options = PtyOptions::new(args, &lab.config())
        .clipboard(ClipboardRoute::None)
        .env("NOWKEY_DEBUG_PANIC", "1")
        .env("NOWKEY_LOG", "debug")
        .env("RUST_BACKTRACE", "1");
    let tmp = lab.home().join("tmp").display().to_string();
    options = options.env("TMPDIR", &tmp);
    Pty::spawn(options)
}

/// F12, then: exit 101, the panic message after the terminal was restored, and
/// the scan of the panic output, the terminal, the screen, the log and files.
fn panic_and_scan(lab: &Lab, mut pty: Pty, flow: &str, canaries: &Canaries) {
    let before = pty.screen();
    pty.send(F12);
    assert_eq!(pty.wait_exit(EXIT), Ok(101), "Rust's panic exit code");
    let raw = pty.raw_output();
    let left = find_all(&raw, b"\x1b[?1049l")
        .last()
        .copied()
        .expect("the alternate screen was left");
    let message = &raw[left..];
    assert!(
        contains_bytes(message, b"forced panic") && contains_bytes(message, b"panicked at"),
        "the panic message follows the restore: {:?}",
        String::from_utf8_lossy(message)
    );
    let mut scan = Scan::new(flow, canaries);
    scan.bytes("panic output", "the panic message and backtrace", message);
    scan.screen("final screens", "the screen holding the secrets", &before);
    scan.screen("final screens", "the screen after the panic", &pty.screen());
    scan.terminal("the terminal", &raw, &[]);
    lab.scan_at_rest(&mut scan, true);
    scan.finish();
}

#[test]
fn a_panic_in_flow_a_leaks_nothing() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = canary_password();
    let canaries = canaries_for(&[(&key, &secret)], Some((user, &password)), None);
    let mut pty = panicky(&lab, &["setup", "sms", "--hub-url", &lab.base]);
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };
    sms_to_servicenow(&mut pty, &lab.base, (&key, &secret), &sn);
    panic_and_scan(&lab, pty, "panic in SMS setup (step 4)", &canaries);
}

#[test]
fn a_panic_in_flow_b_leaks_nothing() {
    let lab = Lab::new();
    let hopex_key = lab.hopex_key("svc.servicenow");
    let user = "sn.leakscan";
    let password = canary_password();
    let canaries = canaries_for(&[], Some((user, &password)), Some(&hopex_key));
    let mut pty = panicky(
        &lab,
        &[
            "setup",
            "hopex",
            "--hopex-url",
            &lab.base,
            "--servicenow-url",
            &lab.base,
        ],
    );
    let sn = ServiceNowLogin {
        user,
        password: &password,
    };
    hopex_to_servicenow(&mut pty, &hopex_key, &sn);
    panic_and_scan(&lab, pty, "panic in HOPEX setup (step 6)", &canaries);
}

#[test]
fn a_panic_in_flow_c_leaks_nothing() {
    let lab = Lab::new();
    let old = {
        let (key, secret) = lab.hub_key();
        Creds::new(&key, &secret)
    };
    let new = {
        let (key, secret) = lab.hub_key();
        Creds::new(&key, &secret)
    };
    save_sms_profile(&lab.config(), "prod", &lab.base, &old);
    let canaries = canaries_for(
        &[(&old.key, &old.secret), (&new.key, &new.secret)],
        None,
        None,
    );
    let mut pty = panicky(&lab, &["rotate"]);
    {
        let mut op = Operator::new(&mut pty, &[&old, &new]);
        op.choose_profile("prod", Some(&old));
        op.capture_new_key(&new);
        op.see_screen(title::SERVICENOW, Some(3));
    }
    panic_and_scan(&lab, pty, "panic in rotation (step 3)", &canaries);
}

#[test]
fn a_panic_in_flow_d_leaks_nothing() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = canary_password();
    let hopex_key = lab.hopex_key("svc.hopex");
    lab.save_full_profile("prod", (&key, &secret), user, &hopex_key);
    let canaries = canaries_for(
        &[(&key, &secret)],
        Some((user, &password)),
        Some(&hopex_key),
    );
    let mut pty = panicky(&lab, &[]);
    validate_type_secrets(
        &mut pty,
        "prod",
        &ValidateSecrets {
            hub_secret: &secret,
            password: &password,
            hopex_key: &hopex_key,
        },
    );
    panic_and_scan(&lab, pty, "panic in validation (secrets typed)", &canaries);
}
