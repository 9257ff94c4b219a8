//! One row of the table: what it enters, what it expects, and the check that
//! drives the real flow to the field, enters the value and reads the screen.

use std::panic::{catch_unwind, AssertUnwindSafe};

use nowkey::flows::msg::Msg;
use ratatui::text::Span;

use super::fields::Field;
use super::nav::open;

/// Wide enough that no message wraps, tall enough for the longest form.
const WIDTH: u16 = 320;
const HEIGHT: u16 = 60;
/// How many screen lines below the field's label its message may sit.
const BESIDE: usize = 6;

/// How the value gets into the field.
#[derive(Debug, Clone)]
pub enum Input {
    /// Typed, one key per character.
    Type(String),
    /// One bracketed paste.
    Paste(String),
}

/// What the flow should do with the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Refused, with a message beside the field containing this text.
    Refused(&'static str),
    /// Accepted (the rule is to trim or to allow it).
    Accepted,
}

/// One row: (flow, field, input description, input value, expected message).
#[derive(Debug, Clone)]
pub struct Row {
    /// The field (which names the flow).
    pub field: Field,
    /// What is wrong with (or special about) the input.
    pub what: &'static str,
    /// The value and how it is entered.
    pub input: Input,
    /// Refused with a message, or accepted.
    pub expect: Expect,
    /// False when the value is judged as it arrives (a pasted `key:secret`).
    pub submit: bool,
    /// Text that must never be drawn, besides a secret field's whole value.
    pub hidden: Option<&'static str>,
}

impl Row {
    /// A value typed into `field`, then refused with `fragment`.
    pub fn typed(field: Field, what: &'static str, value: &str, fragment: &'static str) -> Self {
        Self::new(field, what, Input::Type(value.to_owned()), fragment)
    }

    /// A value pasted into `field`, then refused with `fragment`.
    pub fn pasted(field: Field, what: &'static str, value: &str, fragment: &'static str) -> Self {
        Self::new(field, what, Input::Paste(value.to_owned()), fragment)
    }

    fn new(field: Field, what: &'static str, input: Input, fragment: &'static str) -> Self {
        Self {
            field,
            what,
            input,
            expect: Expect::Refused(fragment),
            submit: true,
            hidden: None,
        }
    }

    /// A value pasted into `field` and accepted.
    pub fn accepts(field: Field, what: &'static str, value: &str) -> Self {
        Self {
            expect: Expect::Accepted,
            ..Self::new(field, what, Input::Paste(value.to_owned()), "")
        }
    }

    /// Judged as soon as it arrives, without pressing Enter.
    pub fn on_arrival(mut self) -> Self {
        self.submit = false;
        self
    }

    /// `text` must never be drawn.
    pub fn hiding(mut self, text: &'static str) -> Self {
        self.hidden = Some(text);
        self
    }

    /// The row as one line of a report.
    pub fn describe(&self) -> String {
        let value = match &self.input {
            Input::Type(v) | Input::Paste(v) => v,
        };
        let shown: String = value.chars().take(40).collect();
        format!(
            "flow {} / {:?} / {} / {:?}{} ({} chars)",
            self.field.flow(),
            self.field,
            self.what,
            shown,
            if value.chars().count() > 40 {
                "…"
            } else {
                ""
            },
            value.chars().count()
        )
    }

    /// Runs the row; `Err` says what went wrong (a panic included).
    pub fn check(&self) -> Result<(), String> {
        match catch_unwind(AssertUnwindSafe(|| self.drive())) {
            Ok(result) => result,
            Err(panic) => Err(format!(
                "panicked: {}",
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default()
            )),
        }
    }

    fn drive(&self) -> Result<(), String> {
        let mut d = open(self.field);
        let before = self.field.position(&d);
        let value = match &self.input {
            Input::Type(value) => {
                d.type_text(value);
                value
            }
            Input::Paste(value) => {
                d.msg(Msg::Paste(value.clone().into()));
                value
            }
        };
        if self.submit {
            d.keys(&[self.field.submit()]);
        }
        let screen = screen_text(&d);
        self.never_drawn(value, &screen)?;
        let accepted = self.field.accepted(&d);
        match self.expect {
            Expect::Accepted if accepted => Ok(()),
            Expect::Accepted => Err(format!("was refused; the screen:\n{screen}")),
            Expect::Refused(_) if accepted => Err(format!("was accepted; the screen:\n{screen}")),
            Expect::Refused(fragment) => {
                let after = self.field.position(&d);
                if after != before {
                    return Err(format!("moved from {before} to {after}"));
                }
                self.message_beside(fragment, &screen)
            }
        }
    }

    /// The fragment is on a line at most [`BESIDE`] lines under the field's label.
    fn message_beside(&self, fragment: &str, screen: &str) -> Result<(), String> {
        let lines: Vec<&str> = screen.lines().collect();
        let label = self.field.label();
        let beside = lines.iter().enumerate().any(|(at, line)| {
            line.contains(fragment)
                && lines[at.saturating_sub(BESIDE)..at]
                    .iter()
                    .any(|above| above.contains(label))
        });
        if beside {
            Ok(())
        } else {
            Err(format!(
                "no {fragment:?} under {label:?}; the screen:\n{screen}"
            ))
        }
    }

    /// A secret field's value (every run of 8 or more letters and digits in it)
    /// and the row's hidden text are never drawn.
    fn never_drawn(&self, value: &str, screen: &str) -> Result<(), String> {
        let mut forbidden: Vec<String> = self.hidden.iter().map(|s| (*s).to_owned()).collect();
        if self.field.secret() {
            forbidden.extend(
                value
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|word| word.chars().count() >= 8)
                    .map(|word| word.chars().take(8).collect()),
            );
        }
        match forbidden.iter().find(|text| screen.contains(text.as_str())) {
            Some(text) => Err(format!("drew {text:?}; the screen:\n{screen}")),
            None => Ok(()),
        }
    }
}

/// The screen as text, one line per row. A wide character (full-width, emoji)
/// fills two cells; the second is skipped, so the text reads as it was written.
fn screen_text(d: &crate::flow_support::Driver) -> String {
    let (_, buffer) = crate::flow_support::render(&d.app, d.now, WIDTH, HEIGHT, false);
    let mut text = String::new();
    for y in 0..buffer.area.height {
        let mut line = String::new();
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += Span::raw(symbol).width().max(1) as u16;
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

/// `unit` repeated to at least 1 MiB: a whole page pasted by mistake.
pub fn mib(unit: &str) -> String {
    unit.repeat((1 << 20) / unit.len() + 1)
}
