//! The one input model of every flow: a form of labelled fields (text or
//! choice), with focus, and per field an error (blocks Next), a warning (does
//! not), a help line and the rules that refuse text as it arrives. Flows own the
//! rules about values; the form holds what was entered and says why it was refused.

use super::bindings::Bindings;
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

/// A rule that refuses some text as it is typed or pasted into a field, with the
/// message shown beside the field (for example a `:` in an API key, which would
/// otherwise put a pasted `key:secret` on screen unmasked).
pub type RefuseRule = fn(&str) -> Option<String>;

/// One field.
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
    /// What a check confirmed about the value, and the form's values it was
    /// confirmed for (see [`Form::confirm`]).
    confirmation: Option<(&'static str, Vec<u64>)>,
    refuse: Option<RefuseRule>,
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

    /// Refuses text that `rule` refuses, as it is typed or pasted.
    pub fn refusing(mut self, rule: RefuseRule) -> Self {
        self.refuse = Some(rule);
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
            confirmation: None,
            refuse: None,
        }
    }

    /// Identifies the value: the text's revision, or the selected option.
    fn revision(&self) -> u64 {
        match &self.kind {
            FieldKind::Text(input) => input.revision(),
            FieldKind::Choice { selected, .. } => *selected as u64,
        }
    }

    /// The text field's editing buffer (`None` for a choice).
    pub fn input(&self) -> Option<&TextInput> {
        match &self.kind {
            FieldKind::Text(input) => Some(input),
            FieldKind::Choice { .. } => None,
        }
    }

    /// The text ("" for a choice). For a masked field keep the borrow short.
    pub fn value(&self) -> &str {
        self.input().map(TextInput::value).unwrap_or_default()
    }

    /// True for a masked (secret) field.
    pub fn is_masked(&self) -> bool {
        self.input().is_some_and(TextInput::is_masked)
    }

    /// True when a `?` typed now is part of the value, not a call for help: in a
    /// masked field that already holds something (a secret may contain any
    /// character). Everywhere else `?` opens the help; F1 always does.
    pub fn types_question_mark(&self) -> bool {
        self.input()
            .is_some_and(|input| input.is_masked() && !input.value().is_empty())
    }

    /// Replaces the text (the error goes with the old value).
    pub fn set_text(&mut self, value: &str) {
        if let FieldKind::Text(input) = &mut self.kind {
            input.set(value);
            self.error = None;
        }
    }

    /// Wipes the text (secrets included).
    pub fn clear_text(&mut self) {
        if let FieldKind::Text(input) = &mut self.kind {
            input.clear();
            self.error = None;
        }
    }

    /// Sets the error from `result`; returns the value when there is none. A paste
    /// that was cut short is refused whatever `result` says: what is left of it
    /// may be valid, but it is not what was pasted.
    pub fn check<T, E: ToString>(&mut self, result: Result<T, E>) -> Option<T> {
        let cut = match &self.kind {
            FieldKind::Text(input) => input.truncation_error(self.label.trim()),
            FieldKind::Choice { .. } => None,
        };
        match (cut, result) {
            (Some(message), _) => {
                self.error = Some(message);
                None
            }
            (None, Ok(value)) => {
                self.error = None;
                Some(value)
            }
            (None, Err(error)) => {
                self.error = Some(error.to_string());
                None
            }
        }
    }

    /// Inserts typed or pasted text at the cursor, unless a rule refuses it (then
    /// the rule's message is the error and nothing is inserted).
    pub fn insert(&mut self, text: &str) {
        if let Some(message) = self.refuse.and_then(|rule| rule(text)) {
            self.error = Some(message);
            return;
        }
        if let FieldKind::Text(input) = &mut self.kind {
            input.insert_str(text);
            self.error = None;
        }
    }

    /// Applies an editing key (characters, Backspace, cursor movement, Ctrl-U).
    /// Returns false for keys that are not editing keys.
    pub fn edit(&mut self, key: Key) -> bool {
        if let Key::Char(c) = key {
            self.insert(c.encode_utf8(&mut [0; 4]));
            return true;
        }
        let FieldKind::Text(input) = &mut self.kind else {
            return false;
        };
        let used = input.handle_key(key);
        if used {
            self.error = None;
        }
        used
    }
}

/// A form action that a step's binding table can trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    /// Focus the next visible field.
    NextField,
    /// Focus the previous visible field.
    PreviousField,
    /// Select the next option of the focused choice.
    NextChoice,
    /// Select the previous option of the focused choice.
    PreviousChoice,
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

    /// A form of one field.
    pub fn single(field: FormField) -> Self {
        Self::new(vec![field])
    }

    /// The text of field `index` ("" for a choice).
    pub fn text(&self, index: usize) -> &str {
        self.fields[index].value()
    }

    /// Replaces the text of field `index`.
    pub fn set_text(&mut self, index: usize, value: &str) {
        self.fields[index].set_text(value);
    }

    /// Wipes the text of field `index` (secrets included).
    pub fn clear_text(&mut self, index: usize) {
        self.fields[index].clear_text();
    }

    /// Marks field `index` with what a check confirmed about the form's current
    /// values ("accepted by ServiceNow"). The mark lasts only while no field of
    /// the form changes, so it is never shown beside a value it was not about.
    pub fn confirm(&mut self, index: usize, note: &'static str) {
        let values = self.revisions();
        self.fields[index].confirmation = Some((note, values));
    }

    /// What a check confirmed about field `index`'s value, while it still holds.
    pub fn confirmation(&self, index: usize) -> Option<&'static str> {
        let (note, values) = self.fields[index].confirmation.as_ref()?;
        (*values == self.revisions()).then_some(*note)
    }

    fn revisions(&self) -> Vec<u64> {
        self.fields.iter().map(FormField::revision).collect()
    }

    /// The selected option of field `index` (0 for text).
    pub fn choice(&self, index: usize) -> usize {
        match &self.fields[index].kind {
            FieldKind::Choice { selected, .. } => *selected,
            FieldKind::Text(_) => 0,
        }
    }

    /// Sets the error of field `index` from `result`; see [`FormField::check`].
    pub fn check<T, E: ToString>(&mut self, index: usize, result: Result<T, E>) -> Option<T> {
        self.fields[index].check(result)
    }

    /// Focuses the first visible field with an error; true when one has.
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

    /// The focused field (`None` in a form without fields: a profile may have
    /// no check that needs a secret).
    pub fn focused(&self) -> Option<&FormField> {
        self.fields.get(self.focus)
    }

    /// Applies an editing key to the focused field (see [`FormField::edit`]).
    pub fn edit(&mut self, key: Key) -> bool {
        self.fields
            .get_mut(self.focus)
            .is_some_and(|field| field.edit(key))
    }

    /// Inserts a paste into the focused field.
    pub fn paste(&mut self, text: &str) {
        // Every field is one line: the line break a browser or terminal adds at
        // either end of a copied value is never part of it. Dropping it here keeps
        // a masked field's bullets equal to what will be kept.
        let text = text.trim_matches(['\r', '\n']);
        if let Some(field) = self.fields.get_mut(self.focus) {
            field.insert(text);
        }
    }

    /// Carries out a form action.
    pub fn apply(&mut self, action: FormAction) {
        match action {
            FormAction::NextField => self.move_focus(1),
            FormAction::PreviousField => self.move_focus(self.fields.len().saturating_sub(1)),
            FormAction::NextChoice => self.change_choice(1),
            FormAction::PreviousChoice => self.change_choice(-1),
        }
    }

    /// The form's own bindings: moving between fields (when there is more than
    /// one) and changing a focused choice.
    pub fn bindings(&self) -> Bindings<FormAction> {
        let mut b = Bindings::new();
        let several = self.fields.iter().filter(|f| !f.hidden).count() > 1;
        b.add(
            &[Key::Tab, Key::Down],
            "next field",
            "Move to the next field.",
            FormAction::NextField,
        )
        .when(several);
        b.add(
            &[Key::BackTab, Key::Up],
            "previous field",
            "Move to the previous field.",
            FormAction::PreviousField,
        )
        .when(several)
        .help_only();
        let choice = self
            .focused()
            .is_some_and(|field| matches!(field.kind, FieldKind::Choice { .. }));
        b.add(
            &[Key::Right, Key::Char(' ')],
            "choose",
            "Select the next option of the field marked ▸.",
            FormAction::NextChoice,
        )
        .when(choice)
        .shown("←→");
        b.add(
            &[Key::Left],
            "previous option",
            "Select the previous option of the field marked ▸.",
            FormAction::PreviousChoice,
        )
        .when(choice)
        .help_only();
        b
    }

    fn change_choice(&mut self, step: isize) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        if let FieldKind::Choice { options, selected } = &mut field.kind {
            let count = options.len() as isize;
            *selected = (*selected as isize + step).rem_euclid(count) as usize;
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
