//! Terminal safety: the real binary in a pseudo-terminal, interrupted at several
//! steps by every way a session ends abruptly, must hand the terminal back and
//! leave no secret on the clipboard.
//!
//! The matrix is {Ctrl-C, SIGTERM, SIGHUP, SIGINT and SIGQUIT from outside, a
//! forced panic}
//! × {home screen, SMS setup with the secret captured, SMS setup with the token
//! on the clipboard, validation with a hung Hub, rotation with the new token on
//! the clipboard}: one `#[test]` per cell, named `<step>::<ending>`. After each:
//!
//! 1. the process exited by itself within [`EXIT`], with a sensible status
//!    (0 for a confirmed quit, non-zero for a signal, 101 for a panic);
//! 2. the terminal modes are really restored: the pty's termios, read with
//!    `tcgetattr` on the master side after the exit and with `stty -a -F` on the
//!    slave, has ECHO, ICANON and ISIG back and equals what the pty had before
//!    nowkey started (which is checked to be cooked, and checked to have become
//!    raw while nowkey ran); the `vt100` emulator is off the alternate screen with
//!    the cursor shown, bracketed paste and mouse capture off; the escape
//!    sequences that did it come in the right order;
//! 3. the clipboard holds no token: the last OSC 52 write is a clear (the copy,
//!    where the step made one, is seen first);
//! 4. no secret or token (nor its Base64) in the output, which carries stderr and
//!    the panic text too, outside the OSC 52 copy, nor in any file nowkey wrote.
//!
//! [`sigkill_control_leaves_the_terminal_raw_and_the_token_on_the_clipboard`] is
//! the negative control: SIGKILL cannot be caught, so there the same checks must
//! fail, which shows they can.

use crate::support;

#[path = "e2e_terminal_safety/checks.rs"]
mod checks;
#[path = "e2e_terminal_safety/steps.rs"]
mod steps;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use steps::{stage, Staged, Step};

/// How long the process may take to go after the interruption.
const EXIT: Duration = Duration::from_secs(5);

/// How the session is interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ending {
    /// Ctrl-C typed (a key in raw mode); `y` when the wizard asks to confirm.
    CtrlC,
    /// `kill -TERM`.
    Sigterm,
    /// `kill -HUP` (the terminal window closed, the SSH session dropped).
    Sighup,
    /// `kill -INT` from outside (a supervisor, `timeout -s INT`): in raw mode the
    /// terminal never sends it, but something else may.
    Sigint,
    /// `kill -QUIT` from outside (Ctrl-\\ is a key in raw mode too). Its default
    /// action would also dump core, with the secrets in memory.
    Sigquit,
    /// F12 with `NOWKEY_DEBUG_PANIC=1`: a panic in the event loop.
    Panic,
}

impl Ending {
    const ALL: [Ending; 6] = [
        Ending::CtrlC,
        Ending::Sigterm,
        Ending::Sighup,
        Ending::Sigint,
        Ending::Sigquit,
        Ending::Panic,
    ];

    fn name(self) -> &'static str {
        match self {
            Ending::CtrlC => "Ctrl-C",
            Ending::Sigterm => "SIGTERM",
            Ending::Sighup => "SIGHUP",
            Ending::Sigint => "SIGINT",
            Ending::Sigquit => "SIGQUIT",
            Ending::Panic => "forced panic",
        }
    }
}

/// Interrupts the staged wizard with `ending`; returns its exit code.
fn interrupt(staged: &mut Staged, ending: Ending) -> u32 {
    let pty = &mut staged.pty;
    let started = Instant::now();
    match ending {
        Ending::CtrlC => {
            pty.send(b"\x03");
            if staged.ctrl_c_asks {
                let screen = pty.expect("Quit nowkey?", EXIT);
                let _ = pty.wait_exit(Duration::ZERO);
                assert!(
                    pty.exit_status().is_none(),
                    "still running while it asks:\n{screen}"
                );
                pty.type_str("y");
            }
        }
        Ending::Sigterm => pty.kill_with("TERM"),
        Ending::Sighup => pty.kill_with("HUP"),
        Ending::Sigint => pty.kill_with("INT"),
        Ending::Sigquit => pty.kill_with("QUIT"),
        Ending::Panic => pty.send(b"\x1b[24~"),
    }
    let code = pty
        .wait_exit(EXIT)
        .unwrap_or_else(|e| panic!("after {}: {e}", ending.name()));
    eprintln!(
        "  exited with {code} {:?} after {}",
        started.elapsed(),
        ending.name()
    );
    if !staged.ctrl_c_asks && ending == Ending::CtrlC {
        let raw = pty.raw_output();
        assert!(
            !support::contains_bytes(&raw, b"Quit nowkey?"),
            "nothing to lose here, so Ctrl-C quits without asking"
        );
    }
    code
}

/// One cell of the matrix.
fn cell(step: Step, ending: Ending) {
    eprintln!(
        "terminal-safety cell: {} × {} (of {} cells)",
        step.name(),
        ending.name(),
        Step::ALL.len() * Ending::ALL.len()
    );
    let mut staged = stage(step);
    checks::assert_cooked_baseline(&staged.pty);
    checks::assert_in_full_screen_mode(&staged.pty);
    if let Some(copied) = &staged.copied {
        // The copy has reached the terminal: this step really has a token on the
        // clipboard, so a clean clipboard at the end means it was cleared.
        let writes = checks::osc52_writes(&staged.pty.raw_output());
        let last = writes.last().expect("the copy was sent as OSC 52");
        assert_eq!(last.content().as_deref(), Some(copied.as_bytes()));
    }

    let code = interrupt(&mut staged, ending);
    match ending {
        Ending::CtrlC => assert_eq!(code, 0, "a confirmed quit is a success"),
        Ending::Sigterm | Ending::Sighup | Ending::Sigint | Ending::Sigquit => {
            assert_ne!(code, 0, "ended by a signal is not a success")
        }
        Ending::Panic => assert_eq!(code, 101, "Rust's panic exit code"),
    }

    let raw = staged.pty.raw_output();
    checks::assert_restored(&staged.pty);
    checks::assert_clipboard_clean(&raw, staged.copied.as_deref());
    checks::assert_no_secret_leaked(&raw, &staged.config, &staged.secrets);
    if ending == Ending::Panic {
        checks::assert_panic_message_visible(&raw);
    }
}

/// One module per step, one test per ending in it: `cargo test sighup` runs a
/// column, `cargo test home::` a row.
macro_rules! matrix {
    ($($module:ident => $step:expr),* $(,)?) => {
        /// The steps the matrix covers, as generated.
        const MATRIX_STEPS: &[Step] = &[$($step),*];
        /// The endings every step module tests, as generated.
        const MATRIX_ENDINGS: &[Ending] = &[
            Ending::CtrlC,
            Ending::Sigterm,
            Ending::Sighup,
            Ending::Sigint,
            Ending::Sigquit,
            Ending::Panic,
        ];
        $(
            mod $module {
                use super::*;
                #[test]
                fn ctrl_c() {
                    cell($step, Ending::CtrlC);
                }
                #[test]
                fn sigterm() {
                    cell($step, Ending::Sigterm);
                }
                #[test]
                fn sighup() {
                    cell($step, Ending::Sighup);
                }
                #[test]
                fn sigint() {
                    cell($step, Ending::Sigint);
                }
                #[test]
                fn sigquit() {
                    cell($step, Ending::Sigquit);
                }
                #[test]
                fn panic() {
                    cell($step, Ending::Panic);
                }
            }
        )*
    };
}

matrix! {
    home => Step::Home,
    secret_captured => Step::SecretCaptured,
    token_on_clipboard => Step::TokenOnClipboard,
    validate_hung => Step::ValidateHung,
    rotation_token_on_clipboard => Step::RotationTokenOnClipboard,
}

#[test]
fn the_matrix_covers_every_step_and_ending() {
    assert_eq!(MATRIX_STEPS, &Step::ALL[..], "every step has its row");
    assert_eq!(
        MATRIX_ENDINGS,
        &Ending::ALL[..],
        "every ending has its column"
    );
    eprintln!(
        "terminal-safety matrix: {} steps × {} endings = {} cells, plus 1 SIGKILL control",
        MATRIX_STEPS.len(),
        MATRIX_ENDINGS.len(),
        MATRIX_STEPS.len() * MATRIX_ENDINGS.len()
    );
    for step in MATRIX_STEPS {
        let endings: Vec<_> = MATRIX_ENDINGS.iter().map(|e| e.name()).collect();
        eprintln!("  {:<48} × {}", step.name(), endings.join(", "));
    }
}

/// NEGATIVE CONTROL. SIGKILL cannot be caught, so nothing restores the terminal
/// or clears the clipboard: the very checks every cell passes must fail here. If
/// they passed, they would be checking nothing (e.g. a termios read that does not
/// see the program's changes, or a kernel that resets it on close).
#[test]
fn sigkill_control_leaves_the_terminal_raw_and_the_token_on_the_clipboard() {
    eprintln!("terminal-safety NEGATIVE CONTROL: SIGKILL with the token on the clipboard");
    let mut staged = stage(Step::TokenOnClipboard);
    let baseline = checks::assert_cooked_baseline(&staged.pty);
    checks::assert_in_full_screen_mode(&staged.pty);
    staged.pty.kill_with("KILL");
    match staged.pty.wait_exit(EXIT) {
        Err(message) if message.contains("killed by") => {}
        other => panic!("expected death by SIGKILL, got {other:?}"),
    }

    // Raw mode stays: both readings see it, and they agree.
    let after = staged
        .pty
        .termios()
        .expect("termios readable after the kill");
    assert!(
        !after.echo() && !after.canonical() && !after.signals(),
        "raw mode left behind: {after:?}"
    );
    assert_ne!(after, baseline);
    let words = checks::stty_words(&staged.pty);
    for flag in ["-echo", "-icanon", "-isig"] {
        assert!(
            words.iter().any(|w| w == flag),
            "stty sees {flag}: {words:?}"
        );
    }
    let modes = staged.pty.screen_modes();
    assert!(modes.alternate_screen && modes.bracketed_paste, "{modes:?}");

    // The checks the cells rely on fail here.
    let pty = &staged.pty;
    assert!(
        catch_unwind(AssertUnwindSafe(|| checks::assert_restored(pty))).is_err(),
        "assert_restored must fail after SIGKILL"
    );
    let raw = staged.pty.raw_output();
    let copied = staged.copied.clone();
    assert!(
        catch_unwind(|| checks::assert_clipboard_clean(&raw, copied.as_deref())).is_err(),
        "assert_clipboard_clean must fail: the token is still the last OSC 52 write"
    );
    let last = checks::osc52_writes(&raw).pop().expect("an OSC 52 write");
    assert_eq!(last.content(), staged.copied.map(String::into_bytes));
}

/// A panic in a background task (F11 with `NOWKEY_DEBUG_PANIC=1`) is contained by
/// tokio and the wizard carries on; the panic hook must not hand the terminal back
/// under it, or the operator goes on in cooked mode with ECHO on, where the secret
/// they paste next is echoed in clear by the terminal itself and Ctrl-C is a
/// signal again. The session then ends normally, fully restored.
#[test]
fn a_panic_in_a_background_task_leaves_the_wizard_full_screen() {
    let mut staged = stage(Step::SecretCaptured);
    checks::assert_cooked_baseline(&staged.pty);
    checks::assert_in_full_screen_mode(&staged.pty);
    staged.pty.send(b"\x1b[23~"); // F11: panic in a task
                                  // The panic happened, and went to the log rather than over the screen.
    let log = staged.config.join("nowkey.log");
    support::poll(EXIT, || {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        text.contains("forced panic in a task").then_some(())
    })
    .expect("the task's panic is in the log");
    // Give a wrongly placed restore time to show, then look.
    std::thread::sleep(Duration::from_millis(300));
    let screen = staged.pty.screen();
    checks::assert_in_full_screen_mode(&staged.pty);
    assert!(
        screen.contains("Step 4 of 10"),
        "still on step 4:\n{screen}"
    );
    // Still a key, still asked about, still a clean quit.
    let code = interrupt(&mut staged, Ending::CtrlC);
    assert_eq!(code, 0);
    let raw = staged.pty.raw_output();
    checks::assert_restored(&staged.pty);
    checks::assert_no_secret_leaked(&raw, &staged.config, &staged.secrets);
    assert!(
        !support::contains_bytes(&raw, b"forced panic in a task"),
        "the task's panic was not printed over the wizard"
    );
}
