//! A form of labelled fields (text or choice), with focus and per-field error and
//! warning lines. Flows own the rules; the form only holds what was entered.

use super::key::Key;
use super::text_input::TextInput;

/// What a field holds.
#[derive(Debug)]
pub enum FieldKind {
    /// Free text (plain or masked).
    Text(TextInput),
    /// One of a fixed list; ←/→ change it.
    Choice {
        /// The options, as shown.
        options: Vec<&'static str>,
        /// The selected option.
        selected: usize,
    },
}

/// One field of a form.
#[derive(Debug)]
pub struct FormField {
    /// The label.
    pub label: &'static str,
    /// Its value.
    pub kind: FieldKind,
    /// Why the value was refused (blocks Next).
    pub error: Option<String>,
    /// Something to know about the value (does not block).
    pub warning: Option<String>,
    /// A short help line under the field.
    pub help: Option<&'static str>,
    /// Hidden fields are skipped by focus and drawing.
    pub hidden: bool,
}

impl FormField {
    /// A plain text field.
    pub fn text(label: &'static str, value: &str) -> Self {
        Self::new(label, FieldKind::Text(TextInput::with_value(value)))
    }

    /// A masked text field, for secrets.
    pub fn secret(label: &'static str) -> Self {
        Self::new(label, FieldKind::Text(TextInput::masked()))
    }

    /// A choice field.
    pub fn choice(label: &'static str, options: Vec<&'static str>, selected: usize) -> Self {
        Self::new(label, FieldKind::Choice { options, selected })
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: &'static str) -> Self {
        self.help = Some(help);
        self
    }

    fn new(label: &'static str, kind: FieldKind) -> Self {
        Self {
            label,
            kind,
            error: None,
            warning: None,
            help: None,
            hidden: false,
        }
    }
}

/// A list of fields with one focused.
#[derive(Debug)]
pub struct Form {
    /// The fields, in order.
    pub fields: Vec<FormField>,
    /// The focused field.
    pub focus: usize,
}

impl Form {
    /// A form focused on its first field.
    pub fn new(fields: Vec<FormField>) -> Self {
        Self { fields, focus: 0 }
    }

    /// The text of field `index` ("" for a choice).
    pub fn text(&self, index: usize) -> &str {
        match &self.fields[index].kind {
            FieldKind::Text(input) => input.value(),
            FieldKind::Choice { .. } => "",
        }
    }

    /// Replaces the text of field `index`.
    pub fn set_text(&mut self, index: usize, value: &str) {
        if let FieldKind::Text(input) = &mut self.fields[index].kind {
            input.set(value);
        }
    }

    /// The selected option of field `index` (0 for text).
    pub fn choice(&self, index: usize) -> usize {
        match &self.fields[index].kind {
            FieldKind::Choice { selected, .. } => *selected,
            FieldKind::Text(_) => 0,
        }
    }

    /// Sets the error of field `index` from `result`; returns the value when there
    /// is no error. A paste that was cut short is refused whatever `result` says:
    /// what is left of it may be valid, but it is not what was pasted.
    pub fn check<T, E: ToString>(&mut self, index: usize, result: Result<T, E>) -> Option<T> {
        let field = &mut self.fields[index];
        let cut = match &field.kind {
            FieldKind::Text(input) => input.truncation_error(field.label),
            FieldKind::Choice { .. } => None,
        };
        match (cut, result) {
            (Some(message), _) => {
                field.error = Some(message);
                None
            }
            (None, Ok(value)) => {
                field.error = None;
                Some(value)
            }
            (None, Err(error)) => {
                field.error = Some(error.to_string());
                None
            }
        }
    }

    /// Focuses the first field with an error; true when one has.
    pub fn focus_first_error(&mut self) -> bool {
        match self
            .fields
            .iter()
            .position(|f| f.error.is_some() && !f.hidden)
        {
            Some(index) => {
                self.focus = index;
                true
            }
            None => false,
        }
    }

    /// Wipes every text field (secrets included).
    pub fn clear_text(&mut self, index: usize) {
        if let FieldKind::Text(input) = &mut self.fields[index].kind {
            input.clear();
        }
    }

    /// Applies focus, choice and editing keys. Returns false for keys it does not use
    /// (Enter, Esc, …), which the flow handles.
    pub fn handle_key(&mut self, key: Key) -> bool {
        match key {
            Key::Tab | Key::Down => self.move_focus(1),
            Key::BackTab | Key::Up => self.move_focus(self.fields.len() - 1),
            _ => {
                let field = &mut self.fields[self.focus];
                match &mut field.kind {
                    FieldKind::Choice { options, selected } => match key {
                        Key::Left => *selected = (*selected + options.len() - 1) % options.len(),
                        Key::Right | Key::Char(' ') => *selected = (*selected + 1) % options.len(),
                        _ => return false,
                    },
                    FieldKind::Text(input) => {
                        if !input.handle_key(key) {
                            return false;
                        }
                    }
                }
                field.error = None;
            }
        }
        true
    }

    /// Inserts a paste into the focused text field.
    pub fn paste(&mut self, text: &str) {
        let field = &mut self.fields[self.focus];
        if let FieldKind::Text(input) = &mut field.kind {
            input.insert_str(text);
            field.error = None;
        }
    }

    fn move_focus(&mut self, step: usize) {
        let count = self.fields.len();
        for _ in 0..count {
            self.focus = (self.focus + step) % count;
            if !self.fields[self.focus].hidden {
                return;
            }
        }
    }
}
