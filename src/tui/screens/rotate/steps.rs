//! Flow C: what each step shows.

use ratatui::text::Line;

use crate::flows::rotate::{Rotate, RotateScreen};
use crate::flows::setup_sms::LivePhase;
use crate::tui::form_view::form_lines;
use crate::tui::screens::Help;
use crate::tui::widgets::{activity_lines, field_lines, ViewContext};

pub(super) fn content(
    flow: &Rotate,
    screen: RotateScreen,
    width: u16,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let mut lines = Vec::new();
    match screen {
        RotateScreen::NoProfiles => lines.push(Line::raw(
            "No saved SMS profile: set up the SMS connector first, then rotate from here.",
        )),
        RotateScreen::ChooseProfile => {
            for (index, p) in flow.profiles.iter().enumerate() {
                let marker = if index == flow.selected { "▸" } else { " " };
                let text = format!(
                    "{marker} {:<14} {}  due {}",
                    p.name, p.sms.api_key, p.sms.next_rotation_due
                );
                lines.push(if index == flow.selected {
                    Line::styled(text, theme.selected())
                } else {
                    Line::raw(text)
                });
            }
            lines.push(Line::raw(""));
            lines.extend(form_lines(&flow.old_secret_form, width, true, ctx));
        }
        RotateScreen::Busy => {
            lines.extend(activity_lines("", &flow.lock, ctx));
            lines.push(Line::raw("Close the other nowkey first, then try again."));
        }
        RotateScreen::ReenterSecret => {
            lines.push(Line::raw(
                "This rotation was interrupted. The new secret is never stored, so paste it",
            ));
            lines.push(Line::raw(
                "again; nowkey checks it against the fingerprint in the journal.",
            ));
            lines.push(Line::raw(""));
            lines.extend(form_lines(&flow.new_key_form, width, true, ctx));
        }
        RotateScreen::CreateNewKey => {
            lines.push(Line::raw(
                "In the Hub (Settings → API Settings → API → Basic Authentication), create a",
            ));
            lines.push(Line::raw(
                "NEW key. Do not delete the old one yet. Paste the new key and its secret:",
            ));
            lines.push(Line::raw(""));
            lines.extend(form_lines(&flow.new_key_form, width, true, ctx));
            if let Some(note) = &flow.sandbox_note {
                lines.push(Line::styled(note.clone(), theme.dim()));
            } else if flow.env.sandbox_url.is_some() {
                lines.push(Line::styled(
                    "Sandbox: F3 creates a new key in the sandbox Hub.",
                    theme.dim(),
                ));
            }
        }
        RotateScreen::VerifyNewKey => {
            lines.push(Line::raw(format!(
                "Attempt {} of {} (new keys can take a moment to become valid).",
                flow.verify.attempt,
                crate::flows::rotate::VERIFY_BACKOFF_SECS.len()
            )));
            lines.extend(activity_lines(
                "Asking the Hub…",
                &flow.verify.activity,
                ctx,
            ));
            if let (Some(error), true) = (
                &flow.verify.last_error,
                flow.verify.activity.running_task().is_some(),
            ) {
                lines.push(Line::styled(format!("  last answer: {error}"), theme.dim()));
            }
        }
        RotateScreen::UpdateServiceNow => {
            let tick = |done: bool| if done { "[x]" } else { "[ ]" };
            lines.push(Line::raw(
                "  c copies the new token, k the new key, s the new secret.",
            ));
            lines.push(Line::raw(format!(
                "  1 {} The SMS spoke's credential holds the new token.",
                tick(flow.spoke_updated)
            )));
            lines.push(Line::raw(format!(
                "  2 {} Messenger → Environment Registration holds the new key and secret.",
                tick(flow.registration_updated)
            )));
            if let Some(Ok(what)) = &flow.clipboard.last {
                lines.push(Line::styled(format!("✓ {what}"), theme.pass()));
            }
            if let Some(Err(why)) = &flow.clipboard.last {
                lines.push(Line::styled(format!("✗ {why}"), theme.fail()));
            }
        }
        RotateScreen::LiveTest => {
            let editing = flow.live.phase == LivePhase::Editing;
            lines.extend(field_lines(
                "Mobile number",
                &flow.live.number,
                editing,
                width,
                ctx,
            ));
            for (status, at) in &flow.live.history {
                lines.push(Line::raw(format!(
                    "· {status}  at {}",
                    crate::flows::activity::format_elapsed(*at)
                )));
            }
            match &flow.live.phase {
                LivePhase::Delivered { .. } => lines.push(Line::styled(
                    "✓ Delivered with the new key. Press Enter to record the passing test.",
                    theme.pass(),
                )),
                LivePhase::Failed { message, .. } => {
                    lines.push(Line::styled(format!("✗ {message}"), theme.fail()));
                    lines.push(Line::raw(
                        "Both keys stay live. r tries again, u redoes the ServiceNow update, F8 abandons.",
                    ));
                }
                LivePhase::Sending { .. } | LivePhase::Following { .. } => {
                    lines.push(Line::raw("Waiting for delivery…"))
                }
                _ => {}
            }
        }
        RotateScreen::DeleteOldKey => {
            if let Some(rotation) = &flow.rotation {
                lines.push(Line::raw(format!(
                    "In the Hub, delete the OLD key {} now (API Settings → API → the key → Delete).",
                    rotation.old.api_key
                )));
            }
            if flow.old_secret.is_some() {
                lines.push(Line::raw(
                    "Then press Enter: nowkey checks that the Hub rejects the old key.",
                ));
            } else {
                lines.push(Line::raw(
                    "Then press Enter. Paste the old secret first if you have it, so nowkey",
                ));
                lines.push(Line::raw(
                    "can confirm the Hub rejects the old key (optional).",
                ));
                lines.push(Line::raw(""));
                lines.extend(form_lines(
                    &flow.old_secret_form,
                    width,
                    flow.deletion.activity.running_task().is_none(),
                    ctx,
                ));
            }
            lines.extend(activity_lines(
                "Checking that the Hub rejects the old key…",
                &flow.deletion.activity,
                ctx,
            ));
            if let Some(note) = &flow.sandbox_note {
                lines.push(Line::styled(note.clone(), theme.dim()));
            } else if flow.env.sandbox_url.is_some() {
                lines.push(Line::styled(
                    "Sandbox: F4 deletes the old key in the sandbox Hub.",
                    theme.dim(),
                ));
            }
        }
        RotateScreen::Complete => {
            lines.push(Line::raw(
                "Press Enter to save the profile with the new key (fingerprint, creation date,",
            ));
            lines.push(Line::raw(
                "next rotation due in 90 days) and its rotation history.",
            ));
            lines.extend(activity_lines("Saving…", &flow.save, ctx));
            if let Some(rotation) = &flow.rotation {
                match rotation.old_key_rejected {
                    Some(false) => lines.push(Line::styled(
                        "! The Hub still accepted the old key a minute after deletion: check it is really deleted.",
                        theme.warn(),
                    )),
                    Some(true) => lines.push(Line::styled("✓ The Hub rejects the old key.", theme.pass())),
                    None => {}
                }
            }
        }
        RotateScreen::Done => {
            if let Some(rotation) = &flow.rotation {
                if let Some(new) = &rotation.new {
                    lines.push(Line::styled(
                        format!(
                            "✓ The profile now uses key {} ({}).",
                            new.api_key, new.fingerprint
                        ),
                        theme.pass(),
                    ));
                }
            }
            let due = crate::domain::profile::rotation_due(flow.env.today);
            lines.push(Line::raw(format!("Next rotation due on {due}.")));
        }
        RotateScreen::Abandoned => {
            if let Some(rotation) = &flow.rotation {
                lines.push(Line::styled(rotation.abandon_instructions(), theme.warn()));
            }
        }
    }
    lines
}

pub(super) fn help(flow: &Rotate, screen: RotateScreen) -> Help {
    match screen {
        RotateScreen::ChooseProfile => vec![("↑↓", "profile"), ("Enter", "start")],
        RotateScreen::CreateNewKey if flow.sandbox_key.is_some() => {
            vec![
                ("Enter", "next"),
                ("Tab", "field"),
                ("F2", "paste sandbox key"),
            ]
        }
        RotateScreen::CreateNewKey => vec![("Enter", "next"), ("Tab", "field")],
        RotateScreen::ReenterSecret => vec![("Enter", "check")],
        RotateScreen::VerifyNewKey => vec![("r", "check again")],
        RotateScreen::UpdateServiceNow => {
            vec![("c k s", "copy"), ("1 2", "confirm"), ("Enter", "next")]
        }
        RotateScreen::LiveTest => match flow.live.phase {
            LivePhase::Failed { .. } => vec![("r", "retry"), ("u", "redo ServiceNow")],
            LivePhase::Delivered { .. } => vec![("Enter", "record the pass")],
            _ => vec![("Enter", "send"), ("Ctrl-R", "wait for reply")],
        },
        RotateScreen::DeleteOldKey => vec![("Enter", "I deleted it")],
        RotateScreen::Complete => vec![("Enter", "save")],
        _ => vec![("Enter", "home")],
    }
}
