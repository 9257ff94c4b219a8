//! The HOPEX key rotation: what each step shows. Keys it mentions come from
//! the screen's binding table; HOPEX's menus come from the version mapping.

use ratatui::text::Line;

use crate::domain::hopex::console::capture_note;
use crate::domain::hopex::{ConnectionMode, SessionMode};
use crate::flows::rotate_hopex::{HopexRotateAction, HopexRotateScreen, RotateHopex};
use crate::tui::form_view::form_lines;
use crate::tui::screens::rotate::revocation_line;
use crate::tui::widgets::{activity_lines, clipboard_lines, ViewContext};

pub(super) fn content(
    flow: &RotateHopex,
    screen: HopexRotateScreen,
    width: u16,
    ctx: &ViewContext,
) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let bindings = flow.step_bindings();
    let key = |action: HopexRotateAction| bindings.key_for(&action);
    let mut lines = Vec::new();
    match screen {
        HopexRotateScreen::NoProfiles => lines.push(Line::raw(
            "No saved profile has an on-premises HOPEX key: set up the HOPEX integration first. (On HOPEX SaaS, HOPEX manages the key.)",
        )),
        HopexRotateScreen::ProfilesUnreadable => {
            if let Some(error) = &flow.profiles_error {
                lines.push(Line::styled(format!("✗ {error}"), theme.fail()));
            }
        }
        HopexRotateScreen::JournalUnreadable => {
            if let Some(error) = flow.journal_error() {
                lines.push(Line::styled(format!("✗ {error}"), theme.fail()));
            }
            lines.push(Line::raw(""));
            lines.push(Line::raw(
                "nowkey has left the file exactly as it is and will not start a rotation over it.",
            ));
        }
        HopexRotateScreen::Saas => lines.push(Line::raw(
            "This profile uses HOPEX SaaS: HOPEX manages the integration's key there, so there is no API key for nowkey to rotate. Nothing was changed.",
        )),
        HopexRotateScreen::StartNamed | HopexRotateScreen::ChooseProfile => {
            if screen == HopexRotateScreen::ChooseProfile {
                for (index, p) in flow.profiles.iter().enumerate() {
                    let marker = if index == flow.selected { "▸" } else { " " };
                    let text = format!("{marker} {:<14} key {}", p.name, p.hopex.key_name);
                    lines.push(if index == flow.selected {
                        Line::styled(text, theme.selected())
                    } else {
                        Line::raw(text)
                    });
                }
            } else if let Some(p) = flow.profiles.first() {
                lines.push(Line::raw(format!(
                    "Profile {}: key named {}, made {}, HOPEX {}.",
                    p.name, p.hopex.key_name, p.hopex.key_created, p.hopex.version
                )));
            }
            if let Some(expires) = flow.shown_profile().and_then(|p| p.hopex.key_expires) {
                lines.push(Line::raw(format!("The current key expires on {expires}.")));
            }
            lines.push(Line::raw(""));
            lines.extend(form_lines(&flow.old_key_form, width, true, ctx));
        }
        HopexRotateScreen::Busy => {
            lines.extend(activity_lines("", &flow.lock, ctx));
            lines.push(Line::raw(
                "nowkey changes nothing here while the other one holds this rotation.",
            ));
        }
        HopexRotateScreen::LockFailed => lines.extend(activity_lines("", &flow.lock, ctx)),
        HopexRotateScreen::ReenterKey => {
            lines.push(Line::raw(
                "This rotation was interrupted. The new key is never stored, so paste it again; nowkey checks it against the fingerprint in the journal.",
            ));
            if flow.profile.as_ref().and_then(|p| p.instructions()).is_some_and(|i| i.viewable_again) {
                lines.push(Line::raw(
                    "This HOPEX version shows a key again where it was made, under its name.",
                ));
            }
            lines.push(Line::raw(""));
            lines.extend(form_lines(&flow.new_key_form, width, true, ctx));
        }
        HopexRotateScreen::CreateNewKey => lines.extend(create_lines(flow, width, ctx)),
        HopexRotateScreen::VerifyNewKey => {
            lines.push(Line::raw(format!(
                "Attempt {} of {} (a new key can take a moment to become valid).",
                flow.verify.attempt,
                crate::flows::rotate::VERIFY_BACKOFF_SECS.len()
            )));
            lines.extend(activity_lines("Asking HOPEX…", &flow.verify.activity, ctx));
            if let (Some(error), true) = (
                &flow.verify.last_error,
                flow.verify.activity.running_task().is_some(),
            ) {
                lines.push(Line::styled(format!("  last answer: {error}"), theme.dim()));
            }
            if let (Some(again), Some(other)) = (
                key(HopexRotateAction::VerifyAgain),
                key(HopexRotateAction::ReplaceKey),
            ) {
                if flow.verify.activity.running_task().is_none() && !flow.verify.activity.passed() {
                    lines.push(Line::raw(format!(
                        "{again} asks again; {other} enters another new key instead (revoke the refused one in HOPEX); F8 abandons, and the old key stays."
                    )));
                }
            }
        }
        HopexRotateScreen::UpdateModule => {
            // What the check found (by hand where HOPEX could not say which
            // repository the key opens); not after a resume, when it was not run.
            if flow.verify.activity.passed() {
                lines.extend(activity_lines("", &flow.verify.activity, ctx));
            }
            lines.push(Line::raw(
                "In HOPEX's ServiceNow module settings, replace the API key with the new one and Save.",
            ));
            lines.push(Line::raw(
                "Leave the ServiceNow URL, authentication, user and password as they are.",
            ));
            if let Some(copy) = key(HopexRotateAction::CopyKey) {
                lines.push(Line::raw(format!("  {copy} copies the new API key.")));
            }
            let tick = if flow.settings_saved { "[x]" } else { "[ ]" };
            let toggle = key(HopexRotateAction::ToggleSettings).unwrap_or_default();
            lines.push(Line::raw(format!(
                "  {toggle} {tick} The module settings hold the new key and are saved."
            )));
            lines.extend(clipboard_lines(&flow.clipboard, screen as u32, None, ctx));
        }
        HopexRotateScreen::ModuleTest => {
            lines.push(Line::raw(
                "In the module settings, press Test. It signs in to HOPEX with the new key and to ServiceNow with the user, as the integration will.",
            ));
            if let (Some(yes), Some(no)) = (
                key(HopexRotateAction::TestPassed),
                key(HopexRotateAction::TestFailed),
            ) {
                lines.push(Line::raw(format!(
                    "Did it pass? {yes} yes (unlocks revoking the old key), {no} no (both keys stay valid)."
                )));
            }
            if flow.last_test_failed() {
                lines.push(Line::styled(
                    "! The last Test failed: check the key was pasted whole and saved, then test again.",
                    theme.warn(),
                ));
            }
        }
        HopexRotateScreen::RevokeOldKey => lines.extend(super::revoke::lines(flow, width, ctx)),
        HopexRotateScreen::Complete => {
            if let Some(save) = key(HopexRotateAction::SaveProfile) {
                lines.push(Line::raw(format!(
                    "Press {save} to save the profile with the new key's name, fingerprint, creation date and expiry, and its rotation history."
                )));
            }
            lines.extend(activity_lines("Saving…", &flow.save, ctx));
            if let Some(rotation) = &flow.rotation {
                lines.push(revocation_line(rotation, theme));
            }
        }
        HopexRotateScreen::Done => {
            if let Some(rotation) = &flow.rotation {
                if let Some(new) = &rotation.new {
                    lines.push(Line::styled(
                        format!(
                            "✓ The profile now uses the key named {} ({}).",
                            new.api_key, new.fingerprint
                        ),
                        theme.pass(),
                    ));
                    if let Some(expires) = new.expires {
                        lines.push(Line::raw(format!(
                            "Its expiration date, as you entered it: {expires}."
                        )));
                    }
                }
                lines.push(revocation_line(rotation, theme));
            }
        }
        HopexRotateScreen::Abandoned => {
            if let Some(rotation) = &flow.rotation {
                lines.push(Line::styled(rotation.abandon_instructions(), theme.warn()));
            }
        }
    }
    lines
}

/// Step 2: where to make the key on this version, with the old key's values,
/// and the form.
fn create_lines(flow: &RotateHopex, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    let Some(chosen) = &flow.profile else {
        return lines;
    };
    // Compact on purpose: the key's settings are the old key's, so the form
    // fits an 80x24 terminal below them (flow B's checklist lists each field).
    let h = &chosen.hopex;
    let settings = format!(
        "login {}, environment {}, repository {}, profile {}, {} session, {}",
        h.hopex_login,
        h.environment_id,
        h.repository_id,
        h.profile_id,
        if h.session_mode == Some(SessionMode::Single) {
            "Single"
        } else {
            "Multi"
        },
        if h.connection_mode == Some(ConnectionMode::ReadOnly) {
            "Read Only"
        } else {
            "Read Write"
        },
    );
    match (chosen.version(), chosen.instructions()) {
        (Some(version), Some(instructions)) => {
            lines.push(Line::raw(format!(
                "Make a NEW key in HOPEX {version} beside the old one (do not revoke it yet): {}, with the old key's settings ({settings}) and the name below.",
                instructions.create_path
            )));
            lines.push(Line::styled(capture_note(&version), ctx.theme.dim()));
        }
        _ => lines.push(Line::raw(format!(
            "Make a NEW key in HOPEX beside the old one, with the old key's settings ({settings}) and the name below."
        ))),
    }
    lines.push(Line::raw(""));
    lines.extend(form_lines(&flow.new_key_form, width, true, ctx));
    if let Some(note) = flow.sandbox_note() {
        lines.push(Line::styled(note.to_owned(), ctx.theme.dim()));
    } else if let Some(make) = flow
        .step_bindings()
        .key_for(&HopexRotateAction::SandboxNewKey)
    {
        lines.push(Line::styled(
            format!("Sandbox: {make} has the sandbox's HOPEX make the new key."),
            ctx.theme.dim(),
        ));
    }
    lines
}
