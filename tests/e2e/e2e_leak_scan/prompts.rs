//! The scripted commands at a terminal, where they ask for secrets at a hidden
//! prompt: `check` (all three, servers echoing them), `send-test`, `encode`
//! (whose printed token is the one allowed place) and `encode --copy` through
//! OSC 52 (whose exact copy of the token is allowed), cleared with Ctrl-C.

use crate::leak_support::drive::WAIT;
use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::{canary_password, osc52_of, token_of, Canaries, Scan};
use crate::support::pty::{ClipboardRoute, Pty};
use crate::support::GOOD_NUMBER;

/// Waits for the hidden prompt holding `prompt`, types `secret` and Enter.
fn answer(pty: &mut Pty, prompt: &str, secret: &str) {
    pty.expect(prompt, WAIT);
    pty.type_str(secret);
    pty.enter();
}

/// The scan of a finished run: the terminal and the screen after it (less
/// `allowed`), and every file under HOME. Returns how many allowed were cut.
fn scan_exit(
    lab: &Lab,
    pty: &mut Pty,
    flow: &str,
    canaries: &Canaries,
    allowed: &[Vec<u8>],
) -> usize {
    let mut scan = Scan::new(flow, canaries);
    let cut = scan.terminal("the terminal", &pty.raw_output(), allowed);
    let screen = allowed.iter().fold(pty.screen(), |screen, sequence| {
        screen.replace(&*String::from_utf8_lossy(sequence), "")
    });
    scan.screen(
        "final screens",
        "the screen after exit (less the allowed)",
        &screen,
    );
    lab.scan_at_rest(&mut scan, false);
    scan.finish();
    cut
}

#[test]
fn check_at_its_prompts_never_echoes_a_secret() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let user = "sn.leakscan";
    let password = canary_password();
    lab.servicenow_user(user, &password);
    let hopex_key = lab.hopex_key("svc.hopex");
    lab.save_full_profile("prod", (&key, &secret), user, &hopex_key);
    let canaries = canaries_for(
        &[(&key, &secret)],
        Some((user, &password)),
        Some(&hopex_key),
    );
    lab.echo_fault("/v1/replies", &secret);
    lab.echo_fault("/api/now/", &password);
    let mut pty = lab.pty(&["check", "--no-keyring"], ClipboardRoute::None);
    answer(&mut pty, "Hub API secret for prod", &secret);
    answer(&mut pty, "ServiceNow password for prod", &password);
    answer(&mut pty, "HOPEX API key for prod", &hopex_key);
    assert_eq!(
        pty.wait_exit(WAIT),
        Ok(1),
        "two checks fail:\n{}",
        pty.screen()
    );
    let printed = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(
        printed.contains("[REDACTED]") && printed.contains("✓ HOPEX accepts the API key"),
        "the Hub's echo was redacted; the key prompted for was used:\n{printed}"
    );
    scan_exit(
        &lab,
        &mut pty,
        "nowkey check at its prompts",
        &canaries,
        &[],
    );
}

#[test]
fn send_test_at_its_prompt_never_echoes_the_secret() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let canaries = canaries_for(&[(&key, &secret)], None, None);
    let base = lab.base.clone();
    let mut pty = lab.pty(
        &[
            "send-test",
            "--hub-url",
            &base,
            "--key",
            &key,
            "--to",
            GOOD_NUMBER,
            "--wait",
            "10",
        ],
        ClipboardRoute::None,
    );
    answer(&mut pty, "API secret (hidden)", &secret);
    assert_eq!(pty.wait_exit(WAIT), Ok(0), "{}", pty.screen());
    assert!(pty.screen().contains("✓ delivered"), "{}", pty.screen());
    scan_exit(
        &lab,
        &mut pty,
        "nowkey send-test at its prompt",
        &canaries,
        &[],
    );
}

#[test]
fn encode_at_its_prompt_prints_the_token_and_nothing_else() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let token = token_of(&key, &secret);
    let canaries = canaries_for(&[(&key, &secret)], None, None);
    let mut pty = lab.pty(&["encode", "--key", &key], ClipboardRoute::None);
    answer(&mut pty, "API secret (hidden)", &secret);
    assert_eq!(pty.wait_exit(WAIT), Ok(0), "{}", pty.screen());
    let cut = scan_exit(
        &lab,
        &mut pty,
        "nowkey encode at its prompt",
        &canaries,
        &[token.into_bytes()],
    );
    assert_eq!(cut, 1, "the token printed once, by design");
}

#[test]
fn encode_copy_sends_only_the_token_with_osc52() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let token = token_of(&key, &secret);
    let canaries = canaries_for(&[(&key, &secret)], None, None);
    let mut pty = lab.pty(&["encode", "--key", &key, "--copy"], ClipboardRoute::Osc52);
    answer(&mut pty, "API secret (hidden)", &secret);
    pty.expect("It is cleared in 30s", WAIT);
    pty.send(b"\x03"); // Ctrl-C clears it now
    assert_eq!(pty.wait_exit(WAIT), Ok(0), "{}", pty.screen());
    let copy = osc52_of(&token);
    let cut = scan_exit(
        &lab,
        &mut pty,
        "nowkey encode --copy (OSC 52)",
        &canaries,
        &[copy],
    );
    assert_eq!(cut, 1, "the token copied once");
}
