//! criterion: the time to draw every screen of the wizard (home, profiles, every
//! step of the four flows, their dialogs) at 80x24 and 200x60 on a ratatui
//! `TestBackend`. Target: ≤ 1 ms each.
//!
//! Each iteration draws one whole frame into a fresh terminal (set up untimed), so
//! every cell goes through the diff to the backend, as on the first frame of a
//! screen; a redraw of an unchanged screen costs less. The states are built as the
//! flow tests build them: keys and task results fed to `App::update`.
//!
//! `cargo bench --bench screens` (any criterion options after `--`). Prints a table
//! of criterion's median estimates per screen, and the slowest, at the end.

#[path = "../../tests/it/flow_support/mod.rs"]
mod flow_support;

mod rotate;
mod validate;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use criterion::{BatchSize, Criterion};
use flow_support::Driver;
use nowkey::tui::theme::Theme;
use nowkey::tui::view;
use nowkey::tui::widgets::ViewContext;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// The two sizes every screen is drawn at.
const SIZES: [(u16, u16); 2] = [(80, 24), (200, 60)];
/// The target, per screen.
const TARGET_NS: f64 = 1_000_000.0;

/// Every screen state worth drawing, as (name, driver).
fn all_screens() -> Vec<(&'static str, Driver)> {
    // The snapshot tests' own states (tests/it/flow_support), so the bench draws what
    // the tests check.
    let mut all = flow_support::sms_screens::screens();
    all.extend(flow_support::hopex_screens::screens());
    all.extend(rotate::screens());
    all.extend(validate::screens());
    all
}

/// Where criterion writes its estimates: as criterion chooses, but without asking
/// `cargo metadata` (this file reads them back).
fn criterion_dir() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("criterion")
}

fn bench_screens(c: &mut Criterion, screens: &[(&'static str, Driver)]) {
    for (width, height) in SIZES {
        let mut group = c.benchmark_group(format!("draw_{width}x{height}"));
        for (name, driver) in screens {
            let ctx = ViewContext {
                now: driver.now.instant,
                today: driver.now.today(),
                theme: Theme::new(true),
            };
            group.bench_function(*name, |b| {
                b.iter_batched_ref(
                    || Terminal::new(TestBackend::new(width, height)).expect("test backend"),
                    |terminal| {
                        terminal
                            .draw(|frame| view::draw(frame, &driver.app, &ctx))
                            .expect("draw");
                    },
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();
    }
}

/// Criterion's median estimate (ns) of one benchmark, if it ran in this process.
fn median_ns(dir: &Path, group: &str, name: &str, since: SystemTime) -> Option<f64> {
    let path = dir
        .join(group)
        .join(name)
        .join("new")
        .join("estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= since);
    if !fresh {
        return None;
    }
    let estimates: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn print_table(dir: &Path, screens: &[(&'static str, Driver)], since: SystemTime) {
    let fmt = |ns: Option<f64>| match ns {
        Some(ns) => format!("{:.1} µs", ns / 1000.0),
        None => "-".to_owned(),
    };
    println!();
    println!("Drawing one whole frame (criterion medians; target ≤ 1 ms each):");
    println!("{:<40} {:>12} {:>12}", "screen", "80x24", "200x60");
    // Per size: (median, screen) of every screen measured.
    let mut by_size: Vec<Vec<(f64, &str)>> = vec![Vec::new(); SIZES.len()];
    for (name, _) in screens {
        let medians: Vec<Option<f64>> = SIZES
            .iter()
            .map(|(w, h)| median_ns(dir, &format!("draw_{w}x{h}"), name, since))
            .collect();
        if medians.iter().all(Option::is_none) {
            continue;
        }
        println!("{name:<40} {:>12} {:>12}", fmt(medians[0]), fmt(medians[1]));
        for (median, list) in medians.iter().zip(by_size.iter_mut()) {
            if let Some(ns) = median {
                list.push((*ns, name));
            }
        }
    }
    for (mut list, (w, h)) in by_size.into_iter().zip(SIZES) {
        if list.is_empty() {
            continue;
        }
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (max, slowest) = list[list.len() - 1];
        let middle = list[list.len() / 2].0;
        let over = list.iter().filter(|(ns, _)| *ns > TARGET_NS).count();
        println!(
            "{w}x{h}: {} screens, median {}, slowest {slowest} {}, {over} over 1 ms",
            list.len(),
            fmt(Some(middle)),
            fmt(Some(max)),
        );
        // One machine-readable line per size for benches/run.sh.
        println!(
            "SCREENS_SUMMARY size={w}x{h} count={} median_ns={middle:.0} max_ns={max:.0} over={over} slowest={slowest}",
            list.len()
        );
    }
}

fn main() {
    let dir = criterion_dir();
    // Estimates older than this run are not this run's (a filter skipped them).
    let since = SystemTime::now() - std::time::Duration::from_secs(1);
    let screens = all_screens();
    let mut c = Criterion::default()
        .output_directory(&dir)
        .configure_from_args();
    bench_screens(&mut c, &screens);
    c.final_summary();
    print_table(&dir, &screens, since);
}
