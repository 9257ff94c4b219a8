//! The release binary in a pseudo-terminal (portable-pty + vt100), timed from
//! outside as an operator would see it. Prints medians over many runs:
//!
//! - first frame: from spawn to the home screen fully drawn (its help footer, the
//!   last row drawn, on screen), `nowkey` and `nowkey demo`; target ≤ 20 ms
//! - key response: Down on the home screen until the selection has moved; ≤ 5 ms
//! - under a hung server: `nowkey setup sms` against a `nowkey sandbox` child whose
//!   `GET /v1/replies` never answers, on step 7 while that request hangs: Ctrl-C
//!   until the quit dialog is drawn, `n` until it is gone, `r` (after a cancel)
//!   until the new check shows; ≤ 50 ms
//! - cancelling: Esc while the request hangs, until the screen says it stopped;
//!   ≤ 100 ms
//! - memory: peak RSS (`VmHWM`) of `nowkey demo` after a whole SMS setup (key
//!   created, ServiceNow checked, live SMS delivered and answered, profile saved),
//!   read on the home screen just before quitting; ≤ 25 MiB
//!
//! Every time runs from just before the key is written to the pty to the moment the
//! read that completed the expected screen returned (see term.rs).
//!
//! `cargo bench --bench tui_latency` (builds and drives target/release/nowkey);
//! `NOWKEY_BIN` drives another binary; `RUNS` sets the number of runs (default 30).

mod sandbox;
mod term;

use std::path::{Path, PathBuf};
use std::time::Duration;

use sandbox::Sandbox;
use term::{lacks, shows, Term};

const WAIT: Duration = Duration::from_secs(15);
/// The home screen, drawn to its last row (the help footer).
const HOME_DONE: [&str; 3] = ["nowkey · Home", "6  Quit", "q quit"];
const GOOD_NUMBER: &str = "+61491570156";
const DOWN: &[u8] = b"\x1b[B";
const F2: &[u8] = b"\x1bOQ";

fn bin() -> PathBuf {
    std::env::var_os("NOWKEY_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_nowkey")))
}

fn runs() -> usize {
    std::env::var("RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

/// One measured series, printed as a row and as a line for benches/run.sh.
struct Series {
    name: &'static str,
    what: &'static str,
    target_ms: f64,
    ms: Vec<f64>,
}

impl Series {
    fn new(name: &'static str, what: &'static str, target_ms: f64) -> Self {
        Self {
            name,
            what,
            target_ms,
            ms: Vec::new(),
        }
    }

    fn push(&mut self, d: Duration) {
        self.ms.push(d.as_secs_f64() * 1000.0);
    }

    fn quantile(&self, q: f64) -> f64 {
        let mut v = self.ms.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return f64::NAN;
        }
        if q == 0.5 && v.len().is_multiple_of(2) {
            return (v[v.len() / 2 - 1] + v[v.len() / 2]) / 2.0;
        }
        v[((v.len() - 1) as f64 * q).round() as usize]
    }

    fn print(&self) {
        let (median, p90, max) = (self.quantile(0.5), self.quantile(0.9), self.quantile(1.0));
        println!(
            "{:<58} {:>5} {:>9.2} {:>9.2} {:>9.2} {:>8}",
            self.what,
            self.ms.len(),
            median,
            p90,
            max,
            format!("≤ {}", self.target_ms)
        );
        println!(
            "TUI_RESULT name={} n={} median_ms={median:.3} p90_ms={p90:.3} max_ms={max:.3}",
            self.name,
            self.ms.len()
        );
    }
}

/// From spawn to the home screen drawn, `runs` times; each run quits with `q`.
fn first_frame(bin: &Path, args: &[&str], series: &mut Series, runs: usize, tmp: &Path) {
    let config = tmp.join(format!("first-frame-{}", args.join("-")));
    for _ in 0..runs {
        let (term, started) = Term::spawn(bin, args, &config, &[], shows(&HOME_DONE));
        let drawn = term.wait_hit(WAIT).expect("the home screen");
        series.push(drawn.saturating_duration_since(started));
        term.send(b"q");
        term.finish();
    }
}

/// Down on the home screen, `presses` times, until the marker has moved.
fn home_keys(bin: &Path, series: &mut Series, presses: usize, tmp: &Path) {
    let (term, _) = Term::spawn(bin, &[], &tmp.join("keys"), &[], shows(&HOME_DONE));
    term.wait_hit(WAIT).expect("the home screen");
    // Let the profiles load and the frame settle.
    std::thread::sleep(Duration::from_millis(200));
    for i in 0..presses {
        let next = (i + 1) % 6 + 1;
        let marker = format!("▸ {next}  ");
        let took = term
            .time_keys(
                DOWN,
                Box::new(move |s| {
                    let text = s.contents();
                    text.contains(&marker) && text.matches('▸').count() == 1
                }),
                WAIT,
            )
            .expect("the selection moves");
        series.push(took);
        std::thread::sleep(Duration::from_millis(7));
    }
    term.send(b"q");
    term.finish();
}

/// Step 7 of `nowkey setup sms` while `GET /v1/replies` hangs: keys that redraw,
/// Esc that cancels, `r` that starts the check again; `cycles` times.
fn hung_server(bin: &Path, keys: &mut Series, cancel: &mut Series, cycles: usize, tmp: &Path) {
    let sandbox = Sandbox::start(bin, &tmp.join("sandbox"));
    sandbox.add_fault(r#"{"path_prefix":"/v1/replies","hang":true}"#);
    let args = ["setup", "sms", "--hub-url", sandbox.base.as_str()];
    let (term, _) = Term::spawn(bin, &args, &tmp.join("hung"), &[], shows(&["Step 1 of 10"]));
    term.wait_hit(WAIT).expect("step 1");
    term.expect(&["Choose your SMS Hub", "Esc cancel"]);
    term.send(b"\r");
    term.expect(&["Step 2 of 10"]);
    term.send(b"\r");
    term.expect(&["Step 3 of 10", "▸ API key"]);
    term.paste(&sandbox.key);
    term.expect(&[&sandbox.key]);
    term.send(b"\r");
    term.expect(&["▸ API secret"]);
    term.paste(&sandbox.secret);
    term.expect(&[&format!("{} characters, masked", sandbox.secret.len())]);
    term.send(b"\r");
    term.expect(&["Step 4 of 10", "Ctrl-X skip"]);
    term.send(b"\x18");
    term.expect(&["Step 5 of 10", "Fingerprint"]);
    term.send(b"\r");
    term.expect(&["Step 6 of 10"]);
    term.send(b"\r");
    term.expect(&["Step 7 of 10", "Checking the credentials"]);
    // The request is out and hangs: nothing answers it, ever.
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        term.screen().contains("Checking the credentials"),
        "{}",
        term.screen()
    );
    for _ in 0..cycles {
        let open = term
            .time_keys(b"\x03", shows(&["Quit nowkey?", "╚"]), WAIT)
            .expect("Ctrl-C opens the quit dialog");
        keys.push(open);
        std::thread::sleep(Duration::from_millis(11));
        let close = term
            .time_keys(b"n", lacks(&["Quit nowkey?", "╚"]), WAIT)
            .expect("n closes the quit dialog");
        keys.push(close);
        std::thread::sleep(Duration::from_millis(13));
        assert!(
            term.screen().contains("Checking the credentials"),
            "{}",
            term.screen()
        );
        let stopped = term
            .time_keys(b"\x1b", shows(&["You stopped the check"]), WAIT)
            .expect("Esc stops the check");
        cancel.push(stopped);
        std::thread::sleep(Duration::from_millis(9));
        let again = term
            .time_keys(b"r", shows(&["Checking the credentials"]), WAIT)
            .expect("r checks again");
        keys.push(again);
        std::thread::sleep(Duration::from_millis(17));
    }
    term.send(b"\x03");
    term.expect(&["Quit nowkey?"]);
    term.send(b"y");
    term.finish();
}

/// The text after `label` on the screen, up to the next blank.
fn field(screen: &str, label: &str) -> String {
    screen
        .lines()
        .find_map(|l| l.trim().strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("{label} on screen:\n{screen}"))
        .to_owned()
}

/// A whole SMS setup in `nowkey demo`; the peak RSS on the home screen after it.
fn demo_peak_rss_kib(bin: &Path, config: &Path) -> u64 {
    let (term, _) = Term::spawn(bin, &["demo"], config, &[], shows(&HOME_DONE));
    term.wait_hit(WAIT).expect("the home screen");
    term.send(b"\r");
    term.expect(&["Step 1 of 10", "built-in sandbox", "Esc cancel"]);
    term.send(b"\r");
    term.expect(&["Step 2 of 10"]);
    term.send(b"k");
    term.expect(&["Sandbox Hub: your new key", "API secret:"]);
    let screen = term.screen();
    let (key, secret) = (field(&screen, "API key:"), field(&screen, "API secret:"));
    term.send(b"\r");
    term.expect(&["▸ API key"]);
    term.send(F2);
    term.expect(&[&key]);
    term.send(b"\t");
    term.expect(&["▸ API secret"]);
    term.send(F2);
    term.expect(&[&format!("{} characters, masked", secret.len())]);
    term.send(b"\r");
    // Step 4: the sandbox's ServiceNow is filled in; check its integration user.
    term.expect(&["Step 4 of 10", "Ctrl-X skip"]);
    term.send(b"\t");
    term.send(b"sn.integration");
    term.send(b"\t");
    term.paste("integration-sandbox-pw");
    term.expect(&["▸ Password", "••••"]);
    term.send(b"\r");
    term.expect(&["✓ ServiceNow accepted sn.integration"]);
    term.send(b"\r");
    term.expect(&["Step 5 of 10", "Fingerprint"]);
    term.send(b"\r");
    term.expect(&["Step 6 of 10"]);
    term.send(b"\r");
    term.expect(&["Step 7 of 10", "✓ The Hub accepted"]);
    term.send(b"\r");
    term.expect(&["Step 8 of 10"]);
    term.send(b"\r");
    term.expect(&["▸ Mobile number"]);
    term.send(GOOD_NUMBER.as_bytes());
    term.expect(&[GOOD_NUMBER]);
    term.send(b"\r");
    term.expect(&["✓ delivered"]);
    term.expect(&["Reply received"]);
    term.send(b"\r");
    term.expect(&["Step 10 of 10"]);
    term.send(b"\r");
    term.expect(&["Saved to"]);
    term.send(b"\r");
    term.expect(&["1 saved profile(s): default"]);
    let peak = term.peak_rss_kib().expect("VmHWM");
    term.send(b"q");
    term.finish();
    peak
}

fn main() {
    let bin = bin();
    let runs = runs();
    let tmp = tempfile::tempdir().expect("temporary directory");
    println!(
        "Driving {} in an 80x24 pty, {runs} runs each",
        bin.display()
    );

    let mut home = Series::new("first_frame", "first frame: `nowkey` home screen", 20.0);
    first_frame(&bin, &[], &mut home, runs, tmp.path());
    let mut demo = Series::new(
        "first_frame_demo",
        "first frame: `nowkey demo` (starts its sandbox)",
        20.0,
    );
    first_frame(&bin, &["demo"], &mut demo, runs, tmp.path());

    let mut keys = Series::new("key_response", "key response: Down on the home screen", 5.0);
    home_keys(&bin, &mut keys, runs * 3, tmp.path());

    let mut hung = Series::new(
        "key_response_hung",
        "key response while a request hangs (Ctrl-C, n, r)",
        50.0,
    );
    let mut cancel = Series::new("cancel_hung", "Esc cancelling the hung request", 100.0);
    hung_server(&bin, &mut hung, &mut cancel, runs, tmp.path());

    let memory_runs = (runs / 6).max(3);
    let mut peaks: Vec<u64> = (0..memory_runs)
        .map(|i| demo_peak_rss_kib(&bin, &tmp.path().join(format!("demo-{i}"))))
        .collect();
    peaks.sort_unstable();
    let median_kib = peaks[peaks.len() / 2];

    println!();
    println!(
        "{:<58} {:>5} {:>9} {:>9} {:>9} {:>8}",
        "what (release build)", "n", "median ms", "p90 ms", "max ms", "target"
    );
    for series in [&home, &demo, &keys, &hung, &cancel] {
        series.print();
    }
    println!(
        "{:<58} {:>5} {:>9.1} MiB (max {:.1} MiB), target ≤ 25 MiB",
        "peak RSS, `nowkey demo`, whole SMS setup (VmHWM)",
        peaks.len(),
        median_kib as f64 / 1024.0,
        *peaks.last().expect("a run") as f64 / 1024.0
    );
    println!(
        "TUI_RESULT name=demo_peak_rss n={} median_kib={median_kib} max_kib={}",
        peaks.len(),
        peaks.last().expect("a run")
    );
}
