//! The one-line help footer, drawn from the screen's binding table: the most
//! important keys that fit, never a word cut, then `? help` (or `? more` when
//! some keys did not fit; the overlay lists them all).

use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::flows::bindings::{footer, KeyHelp};
use crate::flows::key::Key;

/// The footer for `bindings` in `width` columns; `help_key` opens the overlay
/// (none while a question waits for its answer).
pub fn footer_line(
    bindings: &[KeyHelp],
    width: u16,
    help_key: Option<Key>,
    theme: Theme,
) -> Line<'static> {
    let items = match help_key {
        Some(key) => footer(
            bindings,
            usize::from(width),
            if key == Key::F(1) { "F1" } else { "?" },
        ),
        None => bindings
            .iter()
            .map(|b| (b.keys.clone(), b.label.to_owned()))
            .collect(),
    };
    let mut spans = vec![Span::raw(" ")];
    for (index, (keys, label)) in items.into_iter().enumerate() {
        if index > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(keys, theme.key()));
        spans.push(Span::raw(format!(" {label}")));
    }
    Line::from(spans)
}
