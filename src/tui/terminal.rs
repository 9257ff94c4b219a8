//! Entering and leaving full-screen mode. Restoring is idempotent and runs on every
//! exit path: normal return, error, panic (hook), and SIGTERM/SIGHUP/SIGINT/SIGQUIT
//! (event loop).

use std::cell::Cell;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use crossterm::{cursor, execute};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

/// The terminal type the app draws on.
pub type Tui = Terminal<CrosstermBackend<Stdout>>;

static ACTIVE: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Set on the thread that entered full-screen mode: the event loop's, whose
    /// panic ends the wizard.
    static TERMINAL_THREAD: Cell<bool> = const { Cell::new(false) };
}

/// Switches to raw mode, the alternate screen and bracketed paste.
pub fn enter() -> io::Result<Tui> {
    install_panic_hook();
    TERMINAL_THREAD.with(|owner| owner.set(true));
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    // Cleared here rather than with `Terminal::clear`, which asks the terminal
    // for the cursor position (`ESC[6n`) and fails after 2 s on one that never
    // answers (serial consoles, simple pty harnesses). A full-screen viewport
    // needs no answer: ratatui draws the first frame whole on a cleared screen.
    if let Err(error) = execute!(
        stdout,
        EnterAlternateScreen,
        EnableBracketedPaste,
        cursor::Hide,
        Clear(ClearType::All),
        cursor::MoveTo(0, 0)
    ) {
        restore();
        return Err(error);
    }
    match Terminal::new(CrosstermBackend::new(stdout)) {
        Ok(terminal) => Ok(terminal),
        Err(error) => {
            restore();
            Err(error)
        }
    }
}

/// Puts the terminal back as it was. Safe to call more than once.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    // Errors are ignored: this runs on the way out, often from a panic hook, and
    // there is nowhere better to report them.
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal on drop, so an early `?` return cannot leave it raw.
pub struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    static INSTALLED: AtomicBool = AtomicBool::new(false);
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A panic elsewhere (a tokio task, the keyring thread) is contained and
        // the wizard carries on: handing the terminal back under it would leave
        // the operator typing secrets with ECHO on. It goes to the log instead of
        // over the screen.
        let ours = TERMINAL_THREAD.try_with(Cell::get).unwrap_or(false);
        if !ours && ACTIVE.load(Ordering::SeqCst) {
            tracing::error!(panic = %info, "a background task panicked; the wizard carries on");
            return;
        }
        // Leave the alternate screen first, or the panic message is lost with it.
        restore();
        previous(info);
    }));
}
