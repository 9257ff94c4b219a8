//! ratatui + crossterm: the event loop, screens and widgets. Draws state only; the
//! logic lives in [`crate::flows`], and [`runtime`] carries out their commands.

pub mod event_loop;
pub mod footer;
pub mod form_view;
pub mod help_overlay;
pub mod keymap;
pub mod live_view;
pub mod runtime;
pub mod screens;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod wrap;

use crate::clients::http::Timeouts;
use crate::clipboard::ClipboardMode;
use crate::flows::app::StartAt;
use crate::flows::env::FlowEnv;
use crate::store::ConfigDir;

pub use event_loop::{run, LoopEnd};

/// Everything the TUI needs from the command line.
#[derive(Debug, Clone)]
pub struct TuiOptions {
    /// Where profiles and the log go.
    pub config_dir: ConfigDir,
    /// Facts for the flows (sandbox URL, overrides, today).
    pub env: FlowEnv,
    /// Where to open.
    pub start: StartAt,
    /// How to reach the clipboard.
    pub clipboard_mode: ClipboardMode,
    /// Per-request time limits.
    pub timeouts: Timeouts,
    /// F12 panics (terminal-safety tests only; `NOWKEY_DEBUG_PANIC=1`).
    pub debug_panic_key: bool,
    /// The demo only: the key pairs its sandbox has made, for the demo panel.
    pub demo_pairs: Option<DemoPairsSource>,
}

/// Lists the Hub key pairs the demo's in-process sandbox has made, newest first.
#[derive(Clone)]
pub struct DemoPairsSource(
    pub std::sync::Arc<dyn Fn() -> Vec<crate::flows::sandbox_pair::DemoKeyPair> + Send + Sync>,
);

impl std::fmt::Debug for DemoPairsSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DemoPairsSource")
    }
}
