//! The home screen: what nowkey can do, and the saved profiles count.

use crate::domain::rotation::Credential;
use ratatui::text::{Line, Span};
use secrecy::ExposeSecret;

use crate::flows::app::{App, HomeItem};
use crate::tui::widgets::ViewContext;

/// The home screen's lines.
pub fn body(app: &App, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = vec![
        // One line: the view wraps it to the terminal's width.
        Line::from(Span::styled(
            "Set up, rotate and validate the credentials behind ServiceNow's SMS connector and the HOPEX ServiceNow Integration.",
            theme.title(),
        )),
        Line::raw(""),
    ];
    for (index, item) in HomeItem::ALL.iter().enumerate() {
        let selected = index == app.home_index;
        let text = format!(" {}  {} ", index + 1, item.label());
        let mut spans = vec![Span::raw(if selected { "▸" } else { " " })];
        spans.push(if selected {
            Span::styled(text, theme.selected())
        } else {
            Span::raw(text)
        });
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    for rotation in app.rotations_in_progress() {
        let (noun, entry) = match rotation.credential {
            Credential::HubKey => ("", HomeItem::Rotate),
            Credential::HopexKey => ("HOPEX key ", HomeItem::RotateHopex),
        };
        lines.push(Line::styled(
            format!(
                "! A {noun}rotation of \"{}\" is in progress (step {} of 7: {}). Open \"{}\" to resume.",
                rotation.profile,
                rotation.phase.number(),
                rotation.title(),
                entry.label()
            ),
            theme.warn(),
        ));
    }
    for unreadable in app.unreadable_journals() {
        let noun = match unreadable.credential {
            Credential::HubKey => "",
            Credential::HopexKey => "HOPEX key ",
        };
        lines.push(Line::styled(
            format!(
                "✗ The {noun}rotation of \"{}\" cannot be resumed or started: {}",
                unreadable.profile, unreadable.error
            ),
            theme.fail(),
        ));
    }
    if let Some(Err(error)) = &app.rotations {
        lines.push(Line::styled(format!("! {error}"), theme.warn()));
    }
    match &app.profile_names() {
        Some(Ok(names)) if names.is_empty() => lines.push(Line::styled(
            "No saved profiles yet: start with \"Set up the SMS connector\".",
            theme.dim(),
        )),
        Some(Ok(names)) => lines.push(Line::styled(
            format!("{} saved profile(s): {}", names.len(), names.join(", ")),
            theme.dim(),
        )),
        Some(Err(error)) => lines.push(Line::styled(format!("! {error}"), theme.warn())),
        None => {}
    }
    lines.extend(demo_pairs_panel(app, ctx));
    lines
}

/// How many of the demo sandbox's key pairs the home screen lists.
const DEMO_PAIRS_SHOWN: usize = 3;

/// The demo only: the Hub key pairs its sandbox made (this run or earlier ones),
/// newest first, so a profile set up or rotated in an earlier demo can still be
/// validated: the Hub shows a secret once, and so does the sandbox's Create Key.
fn demo_pairs_panel(app: &App, ctx: &ViewContext) -> Vec<Line<'static>> {
    if app.env.sandbox_url.is_none() || app.demo_pairs.is_empty() {
        return Vec::new();
    }
    let theme = ctx.theme;
    let mut lines = vec![
        Line::raw(""),
        Line::styled(
            "Sandbox Hub keys this demo made, newest first (sandbox only):",
            theme.title(),
        ),
        Line::styled(
            format!(
                "  {:<20}  {:<30}  {}",
                "API key", "API secret", "Made (UTC)"
            ),
            theme.dim(),
        ),
    ];
    for made in app.demo_pairs.iter().take(DEMO_PAIRS_SHOWN) {
        lines.push(Line::raw(format!(
            "  {:<20}  {:<30}  {}",
            made.pair.key,
            made.pair.secret.expose_secret(),
            made.created.format("%Y-%m-%d %H:%M")
        )));
    }
    let older = app.demo_pairs.len().saturating_sub(DEMO_PAIRS_SHOWN);
    if older > 0 {
        lines.push(Line::styled(
            format!("  and {older} older (all still in the demo's sandbox)."),
            theme.dim(),
        ));
    }
    lines
}
