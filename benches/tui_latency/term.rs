//! The binary in a pseudo-terminal, timed. A reader thread blocks on the pty, takes
//! the time the moment each read returns, feeds the bytes to a `vt100` screen and
//! tests the condition being waited for against the screen after every read; so a
//! time is when the bytes that completed the screen arrived, to the microsecond,
//! whatever the main thread was doing.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// The terminal size.
pub const ROWS: u16 = 24;
/// The terminal size.
pub const COLS: u16 = 80;

/// A condition on the screen.
pub type Check = Box<dyn Fn(&vt100::Screen) -> bool + Send>;

/// The screen contains every one of these texts.
pub fn shows(texts: &[&str]) -> Check {
    let texts: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
    Box::new(move |screen| {
        let contents = screen.contents();
        texts.iter().all(|t| contents.contains(t.as_str()))
    })
}

/// The screen contains none of these texts.
pub fn lacks(texts: &[&str]) -> Check {
    let texts: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
    Box::new(move |screen| {
        let contents = screen.contents();
        texts.iter().all(|t| !contents.contains(t.as_str()))
    })
}

struct State {
    parser: vt100::Parser,
    /// The last bytes read, so a terminal query split across two reads is seen.
    tail: Vec<u8>,
    watch: Option<Check>,
    hit: Option<Instant>,
    closed: bool,
}

/// A running program in a pty. Killed on drop.
pub struct Term {
    child: Box<dyn Child + Send + Sync>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    shared: Arc<(Mutex<State>, Condvar)>,
    _master: Box<dyn MasterPty + Send>,
}

/// The replies a real terminal gives to the queries in `new` (cursor position,
/// device attributes); `tail` is what came before.
fn answers(tail: &[u8], new: &[u8], screen: &vt100::Screen) -> Vec<u8> {
    let mut bytes = tail.to_vec();
    bytes.extend_from_slice(new);
    let new_from = tail.len();
    let mut reply = Vec::new();
    for (query, cursor) in [
        (&b"\x1b[6n"[..], true),
        (b"\x1b[c", false),
        (b"\x1b[0c", false),
    ] {
        for (start, window) in bytes.windows(query.len()).enumerate() {
            if window != query || start + query.len() <= new_from {
                continue;
            }
            if cursor {
                let (row, col) = screen.cursor_position();
                reply.extend_from_slice(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
            } else {
                reply.extend_from_slice(b"\x1b[?62;22c");
            }
        }
    }
    reply
}

impl Term {
    /// Starts `bin args` at 80x24 with a clean environment (as tests/support/pty.rs
    /// does) and `first` as the condition to wait for; returns the program and the
    /// time just before it was started.
    pub fn spawn(
        bin: &Path,
        args: &[&str],
        config_dir: &Path,
        env: &[(&str, &str)],
        first: Check,
    ) -> (Term, Instant) {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(bin);
        cmd.args(args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        let home = config_dir.parent().unwrap_or(config_dir);
        cmd.env("HOME", home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("NOWKEY_CONFIG_DIR", config_dir);
        cmd.env("NOWKEY_CLIPBOARD", "none");
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        for (key, value) in env {
            cmd.env(key, value);
        }
        cmd.cwd(home);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let shared = Arc::new((
            Mutex::new(State {
                parser: vt100::Parser::new(ROWS, COLS, 0),
                tail: Vec::new(),
                watch: Some(first),
                hit: None,
                closed: false,
            }),
            Condvar::new(),
        ));
        {
            let shared = shared.clone();
            let answer = writer.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 16384];
                loop {
                    let read = reader.read(&mut buf);
                    let at = Instant::now();
                    let (lock, cvar) = &*shared;
                    let mut state = lock.lock().expect("state");
                    let n = match read {
                        Ok(0) | Err(_) => {
                            state.closed = true;
                            cvar.notify_all();
                            break;
                        }
                        Ok(n) => n,
                    };
                    let bytes = &buf[..n];
                    state.parser.process(bytes);
                    let reply = answers(&state.tail, bytes, state.parser.screen());
                    if !reply.is_empty() {
                        let mut w = answer.lock().expect("writer");
                        let _ = w.write_all(&reply);
                        let _ = w.flush();
                    }
                    let mut tail = std::mem::take(&mut state.tail);
                    tail.extend_from_slice(bytes);
                    let keep = tail.len().saturating_sub(8);
                    state.tail = tail.split_off(keep);
                    if let Some(check) = &state.watch {
                        if check(state.parser.screen()) {
                            state.watch = None;
                            state.hit = Some(at);
                            cvar.notify_all();
                        }
                    }
                }
            });
        }
        let started = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn nowkey in a pty");
        drop(pty.slave);
        (
            Term {
                child,
                writer,
                shared,
                _master: pty.master,
            },
            started,
        )
    }

    /// Waits for the condition set last; returns when the read that met it returned.
    pub fn wait_hit(&self, timeout: Duration) -> Result<Instant, String> {
        let (lock, cvar) = &*self.shared;
        let deadline = Instant::now() + timeout;
        let mut state = lock.lock().expect("state");
        loop {
            if let Some(at) = state.hit {
                return Ok(at);
            }
            let now = Instant::now();
            if now >= deadline || state.closed {
                state.watch = None;
                return Err(format!(
                    "{} after {timeout:?}; the screen was:\n{}",
                    if state.closed {
                        "the program ended"
                    } else {
                        "timed out"
                    },
                    state.parser.screen().contents()
                ));
            }
            state = cvar.wait_timeout(state, deadline - now).expect("state").0;
        }
    }

    /// Sets the condition to wait for; `Err` if the screen already meets it.
    fn arm(&self, check: Check) -> Result<(), String> {
        let (lock, _) = &*self.shared;
        let mut state = lock.lock().expect("state");
        if check(state.parser.screen()) {
            return Err(format!(
                "the screen already shows it:\n{}",
                state.parser.screen().contents()
            ));
        }
        state.watch = Some(check);
        state.hit = None;
        Ok(())
    }

    /// Sends `bytes` and returns how long until the screen met `check`: from just
    /// before the write to the read that completed it.
    pub fn time_keys(
        &self,
        bytes: &[u8],
        check: Check,
        timeout: Duration,
    ) -> Result<Duration, String> {
        self.arm(check)?;
        let sent = Instant::now();
        self.send(bytes);
        Ok(self.wait_hit(timeout)?.saturating_duration_since(sent))
    }

    /// Waits until the screen meets `check` (now or later).
    pub fn wait(&self, check: Check, timeout: Duration) -> Result<(), String> {
        match self.arm(check) {
            Err(_) => Ok(()),
            Ok(()) => self.wait_hit(timeout).map(|_| ()),
        }
    }

    /// Waits until every one of `texts` is on screen, or panics with the screen.
    pub fn expect(&self, texts: &[&str]) {
        self.wait(shows(texts), Duration::from_secs(15))
            .unwrap_or_else(|e| panic!("waiting for {texts:?}: {e}"));
    }

    /// Types bytes as the terminal would send them.
    pub fn send(&self, bytes: &[u8]) {
        let mut writer = self.writer.lock().expect("writer");
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Pastes `text` with bracketed paste.
    pub fn paste(&self, text: &str) {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~");
        self.send(&bytes);
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        let (lock, _) = &*self.shared;
        lock.lock().expect("state").parser.screen().contents()
    }

    /// The program's peak resident set so far (`VmHWM`), in KiB.
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Waits (5 s at most) for the program to end; kills it if it does not.
    pub fn finish(mut self) {
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        eprintln!("the program did not exit within 5 s; killing it");
    }
}

impl Drop for Term {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
