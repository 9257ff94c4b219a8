//! The rotation: what each step shows. Keys it mentions come from the
//! screen's binding table.

use ratatui::text::Line;

use super::deletion;
use crate::flows::live_sms::LivePhase;
use crate::flows::rotate::{Rotate, RotateAction, RotateScreen};
use crate::tui::form_view::form_lines;
use crate::tui::live_view::{progress_lines, reply_wait_line};
use crate::tui::widgets::{activity_lines, clipboard_lines, field_lines, ViewContext};

pub(super) fn content(
    flow: &Rotate,
    screen: RotateScreen,
    width: u16,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let bindings = flow.step_bindings();
    let key = |action: RotateAction| bindings.key_for(&action);
    let mut lines = Vec::new();
    match screen {
        RotateScreen::NoProfiles => lines.push(Line::raw(
            "No saved SMS profile: set up the SMS connector first, then rotate from here.",
        )),
        RotateScreen::ProfilesUnreadable => {
            if let Some(error) = &flow.profiles_error {
                lines.push(Line::styled(format!("✗ {error}"), theme.fail()));
            }
        }
        RotateScreen::JournalUnreadable => {
            if let Some(error) = flow.journal_error() {
                lines.push(Line::styled(format!("✗ {error}"), theme.fail()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "nowkey has left the file exactly as it is and will not start a rotation over it.",
            ));
        }
        RotateScreen::StartNamed => {
            if let Some(p) = flow.profiles.first() {
                lines.push(Line::raw(format!(
                    "Profile {}: key {}, rotation due {}.",
                    p.name, p.sms.api_key, p.sms.next_rotation_due
                )));
            }
            lines.push(Line::raw(""));
            lines.extend(super::old_secret_lines(flow, width, ctx));
        }
        RotateScreen::ChooseProfile => {
            for (index, p) in flow.profiles.iter().enumerate() {
                let marker = if index == flow.selected { "▸" } else { " " };
                let unreadable = if flow.unreadable_error(&p.name).is_some() {
                    "  ✗ journal unreadable"
                } else {
                    ""
                };
                let text = format!(
                    "{marker} {:<14} {}  due {}{unreadable}",
                    p.name, p.sms.api_key, p.sms.next_rotation_due
                );
                lines.push(if index == flow.selected {
                    Line::styled(text, theme.selected())
                } else {
                    Line::raw(text)
                });
            }
            lines.push(Line::raw(""));
            lines.extend(super::old_secret_lines(flow, width, ctx));
        }
        RotateScreen::Busy => {
            lines.extend(activity_lines("", &flow.lock, ctx));
            lines.push(Line::raw(
                "nowkey changes nothing here while the other one holds this rotation.",
            ));
            if let Some(retry) = key(RotateAction::RetryLock) {
                lines.push(Line::raw(format!(
                    "Once the other nowkey is closed, press {retry} to retry; Esc leaves."
                )));
            }
        }
        RotateScreen::LockFailed => lines.extend(activity_lines("", &flow.lock, ctx)),
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
            if let Some(note) = flow.sandbox_note() {
                lines.push(Line::styled(note.to_owned(), theme.dim()));
            } else if let Some(create) = key(RotateAction::SandboxKey) {
                lines.push(Line::styled(
                    format!("Sandbox: {create} creates a new key in the sandbox Hub."),
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
            if let (Some(token), Some(new_key), Some(secret)) = (
                key(RotateAction::CopyToken),
                key(RotateAction::CopyKey),
                key(RotateAction::CopySecret),
            ) {
                lines.push(Line::raw(format!(
                    "  {token} copies the new token, {new_key} the new key, {secret} the new secret."
                )));
            }
            if let Some(write) = key(RotateAction::OpenWriter) {
                lines.push(Line::raw(format!(
                    "  {write} lets nowkey write them into ServiceNow for you, after a preview (needs an admin or credential_admin user). Or do it by hand:"
                )));
            }
            let spoke = key(RotateAction::ToggleSpoke).unwrap_or_default();
            let registration = key(RotateAction::ToggleRegistration).unwrap_or_default();
            lines.push(Line::raw(format!(
                "  {spoke} {} The SMS spoke's credential holds the new token.",
                tick(flow.spoke_updated)
            )));
            lines.push(Line::raw(format!(
                "  {registration} {} Messenger → Environment Registration holds the new key and secret.",
                tick(flow.registration_updated)
            )));
            lines.extend(clipboard_lines(
                &flow.clipboard,
                flow.screen() as u32,
                None,
                ctx,
            ));
        }
        RotateScreen::LiveTest => {
            let editing = flow.live.editing();
            lines.extend(field_lines(
                &flow.live.number.fields[0],
                editing,
                width,
                ctx,
            ));
            lines.push(reply_wait_line(
                flow.wait_for_reply,
                key(RotateAction::ToggleReplyWait),
                ctx,
            ));
            lines.push(Line::raw(""));
            lines.extend(progress_lines(&flow.live, ctx));
            match &flow.live.phase {
                LivePhase::Delivered { .. } => {
                    if let Some(record) = key(RotateAction::RecordPass) {
                        lines.push(Line::raw(format!(
                            "Delivered with the new key: press {record} to record the passing test."
                        )));
                    }
                }
                LivePhase::Failed { .. } => {
                    let choices: Vec<String> = [
                        (
                            RotateAction::Send,
                            "sends again to the number shown (correct it above first if needed)",
                        ),
                        (RotateAction::RedoServiceNow, "redoes the ServiceNow update"),
                        (RotateAction::Abandon, "abandons"),
                    ]
                    .into_iter()
                    .filter_map(|(action, what)| key(action).map(|k| format!("{k} {what}")))
                    .collect();
                    lines.push(Line::raw(format!(
                        "Both keys stay live. {}.",
                        choices.join(", ")
                    )));
                }
                _ => {}
            }
        }
        RotateScreen::DeleteOldKey => lines.extend(deletion::lines(flow, width, ctx)),
        RotateScreen::WriteServiceNow => {
            if let Some(writer) = &flow.writer {
                lines.extend(crate::tui::screens::servicenow::writer::lines(
                    writer, width, ctx,
                ));
                if writer.stage == crate::flows::servicenow_write::WriterStage::SignIn {
                    lines.extend(crate::tui::widgets::sandbox_admin_hint(&flow.env, ctx));
                }
            }
        }
        RotateScreen::ProveServiceNow => {
            if let Some(rotation) = &flow.rotation {
                lines.push(deletion::revocation_line(rotation, theme));
                lines.push(Line::raw(""));
            }
            if let Some(proof) = &flow.proof {
                lines.extend(crate::tui::screens::servicenow::proof::lines(proof, ctx));
                if let Some(record) = key(RotateAction::RecordProof) {
                    lines.push(Line::raw(format!(
                        "Recorded in the journal: press {record} to go on to save the profile."
                    )));
                }
            }
        }
        RotateScreen::Complete => {
            if let Some(save) = key(RotateAction::SaveProfile) {
                lines.push(Line::raw(format!(
                    "Press {save} to save the profile with the new key (fingerprint, creation date,"
                )));
                lines.push(Line::raw(
                    "next rotation due in 90 days) and its rotation history.",
                ));
            }
            lines.extend(activity_lines("Saving…", &flow.save, ctx));
            if let Some(rotation) = &flow.rotation {
                lines.push(deletion::revocation_line(rotation, theme));
            }
            if let Some(proof) = flow.proof_summary() {
                lines.push(Line::raw(proof));
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
            if let Some(rotation) = &flow.rotation {
                lines.push(deletion::revocation_line(rotation, theme));
            }
            if let Some(proof) = flow.proof_summary() {
                lines.push(Line::raw(proof));
            }
            if let Some(due) = flow.next_rotation_due {
                lines.push(Line::raw(format!("Next rotation due on {due}.")));
            }
        }
        RotateScreen::Abandoned => {
            if let Some(rotation) = &flow.rotation {
                lines.push(Line::styled(rotation.abandon_instructions(), theme.warn()));
            }
        }
    }
    lines
}
