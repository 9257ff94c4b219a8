//! The writer, stage by stage: sign-in, the lists to choose from, the preview
//! (never a value) and the writes with what ServiceNow saved.

use ratatui::text::Line;

use crate::domain::servicenow_write::{PlannedWrite, TargetKind};
use crate::flows::servicenow_write::{ServiceNowWriter, WritePurpose, WriterAction, WriterStage};
use crate::tui::form_view::form_lines;
use crate::tui::widgets::{activity_lines, ViewContext};

/// The writer's lines.
pub fn lines(writer: &ServiceNowWriter, width: u16, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let bindings = writer.bindings();
    let key = |action: WriterAction| bindings.key_for(&action);
    let mut out = Vec::new();
    let which = match writer.purpose {
        WritePurpose::New => format!("the new key {}", writer.key_id()),
        WritePurpose::Restore => {
            format!("the old key {} (back, before abandoning)", writer.key_id())
        }
    };
    let row = |out: &mut Vec<Line<'static>>, selected: bool, text: String| {
        let marker = if selected { "▸" } else { " " };
        let text = format!("{marker} {text}");
        out.push(if selected {
            Line::styled(text, theme.selected())
        } else {
            Line::raw(text)
        });
    };
    match writer.stage {
        WriterStage::SignIn => {
            out.push(Line::raw(format!(
                "nowkey writes {which} into ServiceNow as an admin. It reads only until you confirm a preview, and never reads a secret back."
            )));
            out.push(Line::raw(""));
            out.extend(form_lines(&writer.sign_in.form, width, true, ctx));
            if writer.purpose == WritePurpose::Restore {
                out.push(Line::styled(
                    "Esc abandons without writing the old key back: then put it back in ServiceNow by hand.",
                    theme.warn(),
                ));
            }
        }
        WriterStage::Search => {
            out.push(Line::raw("Search the credential records (name or alias):"));
            out.extend(form_lines(&writer.search, width, true, ctx));
        }
        WriterStage::PickCredential => {
            out.push(Line::raw(format!(
                "Which record is the SMS spoke's credential? Found for: {}.",
                writer.terms.join(", ")
            )));
            if writer.discovery.credentials.is_empty() {
                let search = key(WriterAction::NewSearch).unwrap_or_default();
                out.push(Line::styled(
                    format!("No credential record's name or alias contains these words: press {search} to search for another."),
                    theme.warn(),
                ));
            }
            for (i, c) in writer.discovery.credentials.iter().enumerate() {
                let alias = c.alias.as_ref().map_or_else(
                    || "no alias".to_owned(),
                    |a| {
                        format!(
                            "alias {}",
                            a.name.clone().unwrap_or_else(|| a.sys_id.clone())
                        )
                    },
                );
                let active = if c.active { "active" } else { "INACTIVE" };
                row(
                    &mut out,
                    i == writer.credential_pick.selected,
                    format!(
                        "{}  [{}]  {active}, {alias}, updated {}",
                        c.name, c.record.table, c.updated_on
                    ),
                );
            }
        }
        WriterStage::PickTable => {
            out.push(Line::raw(
                "Which table is the SMS connector's Environment Registration?",
            ));
            if writer.discovery.tables.is_empty() {
                out.push(Line::styled(
                    "ServiceNow has no table labelled Environment Registration: is the SMS connector installed on this instance?",
                    theme.warn(),
                ));
            }
            for (i, t) in writer.discovery.tables.iter().enumerate() {
                let scope = t.scope.clone().unwrap_or_else(|| "global".to_owned());
                row(
                    &mut out,
                    i == writer.table_pick.selected,
                    format!("{}  ({}, scope {scope})", t.label, t.name),
                );
            }
        }
        WriterStage::PickKeyField | WriterStage::PickSecretField => {
            let (question, pick) = if writer.stage == WriterStage::PickKeyField {
                ("Which field holds the API key?", writer.key_pick.selected)
            } else {
                (
                    "Which field holds the API secret?",
                    writer.secret_pick.selected,
                )
            };
            out.push(Line::raw(format!(
                "{question} (suggested from labels and types: check it)"
            )));
            for (i, f) in writer.fields.iter().enumerate() {
                let encrypted = if f.is_encrypted() { ", encrypted" } else { "" };
                row(
                    &mut out,
                    i == pick,
                    format!(
                        "{}  ({}, {}{encrypted})",
                        f.label, f.element, f.internal_type
                    ),
                );
            }
        }
        WriterStage::PickRecord => {
            out.push(Line::raw(
                "Which Environment Registration record does the connector use?",
            ));
            if writer.records.is_empty() {
                out.push(Line::styled(
                    "The table has no record: create the registration in ServiceNow first.",
                    theme.warn(),
                ));
            }
            for (i, r) in writer.records.iter().enumerate() {
                let holds = r
                    .key_value
                    .as_ref()
                    .map_or_else(String::new, |k| format!(", holds key {k}"));
                row(
                    &mut out,
                    i == writer.record_pick.selected,
                    format!(
                        "{}  ({}{holds}, updated {})",
                        r.name, r.record.sys_id, r.updated_on
                    ),
                );
            }
        }
        WriterStage::Preview | WriterStage::Writing | WriterStage::Done => {
            out.push(Line::raw(format!(
                "nowkey will write {which}; no value is shown:"
            )));
            // A saved write shows as done only once its host recorded it (the
            // rotation's journal).
            let recorded = writer.receipts.len() - usize::from(writer.awaiting_record);
            for (i, planned) in writer.plan.iter().enumerate() {
                let saved = writer.receipts.get(i).filter(|_| i < recorded);
                out.extend(plan_lines(planned, saved.map(|r| r.after.mod_count), ctx));
            }
            if writer.stage == WriterStage::Preview {
                if let Some(write) = key(WriterAction::Write) {
                    out.push(Line::raw(""));
                    out.push(Line::raw(format!(
                        "Press {write} to write these records now, Esc to go back."
                    )));
                }
            }
        }
    }
    if writer.awaiting_record {
        out.push(Line::raw(
            "ServiceNow saved the record; recording it before going on…",
        ));
    } else {
        out.extend(activity_lines("Asking ServiceNow…", &writer.activity, ctx));
    }
    if let Some(note) = &writer.note {
        out.push(Line::styled(format!("✗ {note}"), theme.fail()));
    }
    out
}

/// One record of the preview, and what ServiceNow saved once written.
fn plan_lines(planned: &PlannedWrite, saved: Option<u64>, ctx: &ViewContext) -> Vec<Line<'static>> {
    let theme = ctx.theme;
    let what = match planned.kind {
        TargetKind::Credential => "Spoke credential",
        TargetKind::Registration => "Environment Registration",
    };
    let mut out = vec![Line::raw(format!(
        "  {what}: {} — {} (sys_id {}, sys_mod_count {})",
        planned.record_name, planned.target.table, planned.target.sys_id, planned.before.mod_count
    ))];
    for field in &planned.fields {
        out.push(Line::raw(format!(
            "      {} ← {}: {}",
            field.field,
            field.value.describe(),
            field.change.describe()
        )));
    }
    if let Some(after) = saved {
        out.push(Line::styled(
            format!(
                "      ✓ saved: sys_mod_count {} → {after}",
                planned.before.mod_count
            ),
            theme.pass(),
        ));
    }
    out
}
