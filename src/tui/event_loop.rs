//! The event loop: terminal events, task results and clock ticks become messages;
//! `App::update` turns them into commands; the screen is redrawn from the state.

use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::mpsc;

use super::keymap::to_key;
use super::runtime::Runtime;
use super::terminal::{self, RestoreOnDrop};
use super::theme::Theme;
use super::view;
use super::widgets::ViewContext;
use super::TuiOptions;
use crate::clipboard::Clipboard;
use crate::flows::app::App;
use crate::flows::msg::Msg;
use crate::flows::now::Now;

/// How often spinners and countdowns advance.
const TICK: Duration = Duration::from_millis(100);

/// Why the loop ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoopEnd {
    /// The operator quit.
    Quit,
    /// SIGTERM, SIGHUP, SIGINT or SIGQUIT.
    Signal,
    /// The terminal closed its input.
    InputClosed,
}

/// Runs the TUI until the operator quits or a signal arrives. The terminal is
/// restored on every path out, including errors.
pub async fn run(options: TuiOptions) -> io::Result<LoopEnd> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let (mut app, first) = App::new(options.env.clone(), options.start.clone());
    app.config_root = options.config_dir.root().to_path_buf();
    // The clipboard lives as long as the loop: on X11, dropping it loses the content.
    let clipboard = Clipboard::new(options.clipboard_mode);
    let mut runtime = Runtime::new(
        tx,
        clipboard,
        options.config_dir.clone(),
        options.timeouts,
        options.env.sandbox_url.clone(),
    )
    .with_demo_pairs(options.demo_pairs.clone());
    for command in first {
        runtime.run(command);
    }
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    // In raw mode Ctrl-C and Ctrl-\ arrive as keys, but SIGINT and SIGQUIT can
    // still come from outside (`kill`, `timeout -s INT`, a supervisor). Left to
    // their default actions they end the process with the terminal raw, and
    // SIGQUIT dumps core with the secrets in memory.
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigquit = signal(SignalKind::quit())?;

    let mut terminal = terminal::enter()?;
    let _restore = RestoreOnDrop;
    let theme = Theme::from_env();
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);

    let end = loop {
        let now = read_clocks();
        let ctx = ViewContext {
            now: now.instant,
            today: now.today(),
            theme,
        };
        terminal.draw(|frame| view::draw(frame, &app, &ctx))?;
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => match to_key(key) {
                    Some(key) => Msg::Key(key),
                    None => continue,
                },
                Some(Ok(Event::Paste(text))) => Msg::Paste(text.into()),
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => break LoopEnd::InputClosed,
            },
            Some(msg) = rx.recv() => msg,
            _ = tick.tick() => Msg::Tick,
            _ = sigterm.recv() => break LoopEnd::Signal,
            _ = sighup.recv() => break LoopEnd::Signal,
            _ = sigint.recv() => break LoopEnd::Signal,
            _ = sigquit.recv() => break LoopEnd::Signal,
        };
        if options.debug_panic_key && matches!(msg, Msg::Key(crate::flows::key::Key::F(12))) {
            // The hidden switch the terminal-safety tests use to prove the panic
            // hook restores the terminal. Off unless NOWKEY_DEBUG_PANIC=1.
            panic!("forced panic (NOWKEY_DEBUG_PANIC)");
        }
        if options.debug_panic_key && matches!(msg, Msg::Key(crate::flows::key::Key::F(11))) {
            // Its twin: a panic in a background task, which tokio contains, so
            // the wizard must carry on full-screen.
            tokio::spawn(async { panic!("forced panic in a task (NOWKEY_DEBUG_PANIC)") });
            continue;
        }
        for command in app.update(msg, read_clocks()) {
            runtime.run(command);
        }
        if app.should_quit {
            break LoopEnd::Quit;
        }
    };
    runtime.shutdown();
    terminal::restore();
    Ok(end)
}

/// The clocks, read once per message: the flows never read one themselves.
pub fn read_clocks() -> Now {
    let local = chrono::Local::now();
    Now {
        instant: Instant::now(),
        utc: local.to_utc(),
        utc_offset: *local.offset(),
    }
}
