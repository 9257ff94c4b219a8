//! The binary in a pseudo-terminal: a reader thread feeds every byte it writes to a
//! `vt100` screen and to a raw log, so a test can wait for text on screen, type,
//! paste, and afterwards scan everything the program ever sent to the terminal.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

use super::{poll, BIN};

/// Terminal size every test uses.
pub const ROWS: u16 = 24;
/// Terminal size every test uses.
pub const COLS: u16 = 80;

/// Which clipboard route the program is told to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClipboardRoute {
    /// `NOWKEY_CLIPBOARD=osc52`: copies go to the terminal as OSC 52.
    Osc52,
    /// `NOWKEY_CLIPBOARD=none`.
    None,
}

/// How many bytes of earlier output are rescanned, so a query split across two
/// reads is still seen.
const QUERY_OVERLAP: usize = 8;

/// The replies to terminal queries that end within the last `new_len` bytes of
/// `tail`: cursor position (`ESC[6n`) and primary device attributes (`ESC[c`).
fn answers(tail: &[u8], new_len: usize, screen: &vt100::Screen) -> Vec<u8> {
    let mut reply = Vec::new();
    let new_from = tail.len() - new_len;
    for (query, kind) in [
        (&b"\x1b[6n"[..], 0),
        (&b"\x1b[c"[..], 1),
        (&b"\x1b[0c"[..], 1),
    ] {
        for start in super::find_all(tail, query) {
            if start + query.len() <= new_from {
                continue; // answered with the previous read
            }
            if kind == 0 {
                let (row, col) = screen.cursor_position();
                reply.extend_from_slice(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
            } else {
                reply.extend_from_slice(b"\x1b[?62;22c");
            }
        }
    }
    reply
}

/// How to start the program.
pub struct PtyOptions {
    /// Arguments after the program name.
    pub args: Vec<String>,
    /// `NOWKEY_CONFIG_DIR`.
    pub config_dir: PathBuf,
    /// `NOWKEY_CLIPBOARD`.
    pub clipboard: ClipboardRoute,
    /// Extra environment.
    pub env: Vec<(String, String)>,
    /// Answer the cursor-position and device-attribute queries, as most
    /// terminals do (the default).
    pub answer_queries: bool,
}

impl PtyOptions {
    /// `args` with the given config dir and the OSC 52 clipboard.
    pub fn new(args: &[&str], config_dir: &Path) -> Self {
        Self {
            args: args.iter().map(|s| (*s).to_owned()).collect(),
            config_dir: config_dir.to_path_buf(),
            clipboard: ClipboardRoute::Osc52,
            env: Vec::new(),
            answer_queries: true,
        }
    }

    /// A terminal that answers no query, like some serial consoles.
    pub fn answering_no_query(mut self) -> Self {
        self.answer_queries = false;
        self
    }

    /// Sets the clipboard route.
    pub fn clipboard(mut self, route: ClipboardRoute) -> Self {
        self.clipboard = route;
        self
    }

    /// Adds one environment variable.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.to_owned(), value.to_owned()));
        self
    }
}

/// A running program in a pty. Killed on drop.
pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    master: Box<dyn MasterPty + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    reader_done: Arc<AtomicBool>,
    exit: Option<portable_pty::ExitStatus>,
    /// The pty's termios as opened, before the program started.
    baseline: Option<Termios>,
}

/// A copy of a terminal's termios (`tcgetattr`): the four flag words and the
/// control characters. Flag values are the platform's (see [`termios_bits`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Termios {
    /// `c_iflag`.
    pub input: u64,
    /// `c_oflag`.
    pub output: u64,
    /// `c_cflag`.
    pub control: u64,
    /// `c_lflag`.
    pub local: u64,
    /// `c_cc`.
    pub control_chars: Vec<u8>,
}

/// termios flag values (Linux; the BSDs and macOS differ for most of them).
pub mod termios_bits {
    /// `c_lflag` ISIG: Ctrl-C and Ctrl-Z become signals.
    pub const ISIG: u64 = 0o1;
    /// `c_lflag` ICANON: line-by-line input with editing.
    pub const ICANON: u64 = 0o2;
    /// `c_lflag` ECHO: typed characters are echoed.
    pub const ECHO: u64 = 0o10;
    /// `c_lflag` IEXTEN.
    pub const IEXTEN: u64 = 0o100000;
    /// `c_iflag` ICRNL: CR is read as NL.
    pub const ICRNL: u64 = 0o400;
    /// `c_iflag` IXON: Ctrl-S / Ctrl-Q flow control.
    pub const IXON: u64 = 0o2000;
    /// `c_oflag` OPOST: output processing (NL → CR NL).
    pub const OPOST: u64 = 0o1;
}

impl Termios {
    fn read(master: &dyn MasterPty) -> Option<Termios> {
        let t = master.get_termios()?;
        Some(Termios {
            input: u64::from(t.input_flags.bits()),
            output: u64::from(t.output_flags.bits()),
            control: u64::from(t.control_flags.bits()),
            local: u64::from(t.local_flags.bits()),
            control_chars: t.control_chars.to_vec(),
        })
    }

    /// ECHO is set.
    pub fn echo(&self) -> bool {
        self.local & termios_bits::ECHO != 0
    }

    /// ICANON (canonical, line-by-line input) is set.
    pub fn canonical(&self) -> bool {
        self.local & termios_bits::ICANON != 0
    }

    /// ISIG (Ctrl-C is a signal) is set.
    pub fn signals(&self) -> bool {
        self.local & termios_bits::ISIG != 0
    }
}

/// The terminal modes a program can switch with escape sequences, as the `vt100`
/// emulator tracks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenModes {
    /// On the alternate screen (`ESC[?1049h`).
    pub alternate_screen: bool,
    /// Cursor hidden (`ESC[?25l`).
    pub cursor_hidden: bool,
    /// Bracketed paste on (`ESC[?2004h`).
    pub bracketed_paste: bool,
    /// Some mouse reporting on (`ESC[?1000h` and friends).
    pub mouse_capture: bool,
    /// Application cursor keys (`ESC[?1h`).
    pub application_cursor: bool,
    /// Application keypad (`ESC=`).
    pub application_keypad: bool,
}

impl Pty {
    /// Starts the binary at 80x24 with a clean environment: PATH, HOME (the config
    /// dir's parent), TERM=xterm-256color, NOWKEY_CONFIG_DIR, NOWKEY_CLIPBOARD, and
    /// `options.env`; no DISPLAY, WAYLAND_DISPLAY, SSH_* or NOWKEY_* from outside.
    pub fn spawn(options: PtyOptions) -> Pty {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let baseline = Termios::read(pty.master.as_ref());
        let mut cmd = CommandBuilder::new(BIN);
        cmd.args(&options.args);
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        let home = options
            .config_dir
            .parent()
            .unwrap_or(&options.config_dir)
            .to_path_buf();
        cmd.env("HOME", &home);
        cmd.env("TERM", "xterm-256color");
        cmd.env("LANG", "C.UTF-8");
        cmd.env("NOWKEY_CONFIG_DIR", &options.config_dir);
        // Never the developer's real keyring (D-Bus falls back to the session bus).
        cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
        cmd.env(
            "NOWKEY_CLIPBOARD",
            match options.clipboard {
                ClipboardRoute::Osc52 => "osc52",
                ClipboardRoute::None => "none",
            },
        );
        for (key, value) in &options.env {
            cmd.env(key, value);
        }
        cmd.cwd(&home);
        let child = pty.slave.spawn_command(cmd).expect("spawn nowkey in a pty");
        // Only the child keeps the slave open, so the reader sees EOF when it ends.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = Arc::new(Mutex::new(pty.master.take_writer().expect("pty writer")));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(ROWS, COLS, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let reader_done = Arc::new(AtomicBool::new(false));
        {
            let (parser, raw, done) = (parser.clone(), raw.clone(), reader_done.clone());
            let answer = writer.clone();
            let answer_queries = options.answer_queries;
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let mut raw = raw.lock().unwrap();
                            let scan_from = raw.len().saturating_sub(QUERY_OVERLAP);
                            raw.extend_from_slice(&buf[..n]);
                            let mut parser = parser.lock().unwrap();
                            parser.process(&buf[..n]);
                            // Answer the queries a real terminal answers, as it would.
                            let reply = if answer_queries {
                                answers(&raw[scan_from..], n, parser.screen())
                            } else {
                                Vec::new()
                            };
                            if !reply.is_empty() {
                                let mut w = answer.lock().unwrap();
                                let _ = w.write_all(&reply);
                                let _ = w.flush();
                            }
                        }
                    }
                }
                done.store(true, Ordering::SeqCst);
            });
        }
        Pty {
            child,
            writer,
            master: pty.master,
            parser,
            raw,
            reader_done,
            exit: None,
            baseline,
        }
    }

    /// Resizes the terminal (the program gets SIGWINCH), and the screen parser
    /// with it.
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The parser first, and locked until the pty has the new size too: the
        // reader cannot feed it the program's first frame at the new size while it
        // still has the old one.
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the pty");
    }

    /// Types bytes as the terminal would send them.
    pub fn send(&mut self, bytes: &[u8]) {
        let mut writer = self.writer.lock().unwrap();
        writer.write_all(bytes).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// Types a string.
    pub fn type_str(&mut self, text: &str) {
        self.send(text.as_bytes());
    }

    /// Pastes `text` with bracketed paste (`ESC[200~ … ESC[201~`).
    pub fn send_paste(&mut self, text: &str) {
        let mut bytes = b"\x1b[200~".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        bytes.extend_from_slice(b"\x1b[201~");
        self.send(&bytes);
    }

    /// Enter.
    pub fn enter(&mut self) {
        self.send(b"\r");
    }

    /// The screen as text, one line per row, trailing blanks trimmed.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Whether the program has switched to the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Every byte the program has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until `text` is on screen; returns the screen, or an error quoting it.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> Result<String, String> {
        self.wait_until(timeout, &format!("{text:?} on screen"), |screen| {
            screen.contains(text)
        })
    }

    /// Waits until `check` accepts the screen.
    pub fn wait_until(
        &self,
        timeout: Duration,
        what: &str,
        mut check: impl FnMut(&str) -> bool,
    ) -> Result<String, String> {
        let mut last = String::new();
        poll(timeout, || {
            last = self.screen();
            check(&last).then(|| last.clone())
        })
        .ok_or_else(|| {
            format!(
                "timed out after {timeout:?} waiting for {what}; the screen was:\n{}\n{}\n{}",
                "-".repeat(COLS as usize),
                last,
                "-".repeat(COLS as usize)
            )
        })
    }

    /// Like [`Pty::wait_for`], panicking with the screen on timeout.
    pub fn expect(&self, text: &str, timeout: Duration) -> String {
        self.wait_for(text, timeout)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// Waits for the program to end; returns its exit code. Also waits (briefly) for
    /// the reader to drain everything the program wrote.
    pub fn wait_exit(&mut self, timeout: Duration) -> Result<u32, String> {
        if self.exit.is_none() {
            let child = &mut self.child;
            self.exit = poll(timeout, || child.try_wait().ok().flatten());
        }
        let Some(status) = self.exit.clone() else {
            return Err(format!(
                "the program did not exit within {timeout:?}; the screen was:\n{}",
                self.screen()
            ));
        };
        let done = self.reader_done.clone();
        poll(Duration::from_secs(5), || {
            done.load(Ordering::SeqCst).then_some(())
        });
        if let Some(signal) = status.signal() {
            return Err(format!("the program was killed by {signal}"));
        }
        Ok(status.exit_code())
    }

    /// Whether the terminal echoes input (the termios ECHO flag), when known.
    pub fn echo_enabled(&self) -> Option<bool> {
        // ECHO is 0o10 on Linux and the BSDs.
        const ECHO: u64 = 0o10;
        let termios = self.master.get_termios()?;
        Some(u64::from(termios.local_flags.bits()) & ECHO != 0)
    }

    /// The child's process id.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The terminal's termios now, read with `tcgetattr` on the master side
    /// (on Linux that reports the slave's settings: what the program changes).
    /// Still readable after the program has exited.
    pub fn termios(&self) -> Option<Termios> {
        Termios::read(self.master.as_ref())
    }

    /// The termios the pty had when opened, before the program started.
    pub fn baseline_termios(&self) -> Option<Termios> {
        self.baseline.clone()
    }

    /// The slave side's device path (e.g. `/dev/pts/7`), for tools like `stty -F`.
    pub fn slave_path(&self) -> Option<PathBuf> {
        self.master.tty_name()
    }

    /// The escape-sequence modes the program left the emulated terminal in.
    pub fn screen_modes(&self) -> ScreenModes {
        let parser = self.parser.lock().unwrap();
        let screen = parser.screen();
        ScreenModes {
            alternate_screen: screen.alternate_screen(),
            cursor_hidden: screen.hide_cursor(),
            bracketed_paste: screen.bracketed_paste(),
            mouse_capture: screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None,
            application_cursor: screen.application_cursor(),
            application_keypad: screen.application_keypad(),
        }
    }

    /// Sends `signal` (a `kill` name such as `TERM`, `HUP`, `KILL`) to the program.
    pub fn kill_with(&self, signal: &str) {
        let pid = self.pid().expect("the child's pid");
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} {pid}");
    }

    /// How the program ended, once [`Pty::wait_exit`] has seen it end: the exit
    /// code and, if a signal killed it, the signal's description.
    pub fn exit_status(&self) -> Option<(u32, Option<String>)> {
        self.exit
            .as_ref()
            .map(|s| (s.exit_code(), s.signal().map(str::to_owned)))
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.exit.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
