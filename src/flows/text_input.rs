//! The editing buffer of a text field: its value and cursor. The value lives in a
//! zeroizing buffer, because masked fields hold secrets. The field around it (its
//! label, error and rules) is a [`super::form::FormField`].

use zeroize::Zeroizing;

use super::key::Key;

/// The most characters a field keeps. A longer paste (say 1 MiB) is cut here, and
/// the validator then reports it as far too long, instead of holding it all.
pub const FIELD_CAPACITY: usize = 4096;

/// One text field.
pub struct TextInput {
    value: Zeroizing<String>,
    /// Cursor position, in characters.
    cursor: usize,
    masked: bool,
    /// True when a paste was cut at [`FIELD_CAPACITY`].
    truncated: bool,
    /// Counts changes to the value, so a check's result can be tied to the value
    /// it checked (see [`super::form::Form::confirm`]).
    revision: u64,
}

impl std::fmt::Debug for TextInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("TextInput");
        if self.masked {
            s.field("value", &"[REDACTED]");
        } else {
            s.field("value", &self.value.as_str());
        }
        s.field("truncated", &self.truncated).finish()
    }
}

impl TextInput {
    /// An empty plain field.
    pub fn plain() -> Self {
        Self {
            value: Zeroizing::new(String::new()),
            cursor: 0,
            masked: false,
            truncated: false,
            revision: 0,
        }
    }

    /// An empty masked field, for secrets.
    pub fn masked() -> Self {
        Self {
            masked: true,
            ..Self::plain()
        }
    }

    /// A plain field with an initial value.
    pub fn with_value(value: &str) -> Self {
        let mut field = Self::plain();
        field.insert_str(value);
        field
    }

    /// The current value. For a masked field keep the borrow short.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// True when the field hides its value.
    pub fn is_masked(&self) -> bool {
        self.masked
    }

    /// Number of characters.
    pub fn char_count(&self) -> usize {
        self.value.chars().count()
    }

    /// Cursor position in characters.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// How many times the value has changed.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// True when a paste was cut short.
    pub fn was_truncated(&self) -> bool {
        self.truncated
    }

    /// The message for a paste cut at [`FIELD_CAPACITY`]: what is left is not what
    /// was pasted, so no validator may accept it. `None` when nothing was cut.
    pub fn truncation_error(&self, what: &str) -> Option<String> {
        self.truncated.then(|| {
            format!(
                "That paste was far too long (over {FIELD_CAPACITY} characters): paste only the {what}."
            )
        })
    }

    /// Replaces the value (cursor at the end).
    pub fn set(&mut self, value: &str) {
        self.clear();
        self.insert_str(value);
    }

    /// Empties the field, wiping the old value.
    pub fn clear(&mut self) {
        self.value = Zeroizing::new(String::new());
        self.cursor = 0;
        self.truncated = false;
        self.revision += 1;
    }

    /// What to draw: the value, or one bullet per character when masked.
    pub fn display_text(&self) -> String {
        if self.masked {
            "•".repeat(self.char_count())
        } else {
            self.value.to_string()
        }
    }

    /// Inserts pasted or typed text at the cursor, up to [`FIELD_CAPACITY`].
    pub fn insert_str(&mut self, text: &str) {
        let room = FIELD_CAPACITY.saturating_sub(self.char_count());
        let taken: String = text.chars().take(room).collect();
        if taken.chars().count() < text.chars().count() {
            self.truncated = true;
        }
        let byte_index = self.byte_index(self.cursor);
        let mut next = Zeroizing::new(String::with_capacity(self.value.len() + taken.len()));
        next.push_str(&self.value[..byte_index]);
        next.push_str(&taken);
        next.push_str(&self.value[byte_index..]);
        self.cursor += taken.chars().count();
        self.value = next;
        self.revision += 1;
    }

    /// Applies an editing key. Returns false when the key is not an editing key.
    pub fn handle_key(&mut self, key: Key) -> bool {
        match key {
            Key::Char(c) => self.insert_str(c.encode_utf8(&mut [0; 4])),
            Key::Backspace => {
                if self.cursor > 0 {
                    self.cursor -= 1;
                    self.remove_at(self.cursor);
                }
            }
            Key::Delete => {
                if self.cursor < self.char_count() {
                    self.remove_at(self.cursor);
                }
            }
            Key::Left => self.cursor = self.cursor.saturating_sub(1),
            Key::Right => self.cursor = (self.cursor + 1).min(self.char_count()),
            Key::Home | Key::Ctrl('a') => self.cursor = 0,
            Key::End | Key::Ctrl('e') => self.cursor = self.char_count(),
            Key::Ctrl('u') => self.clear(),
            _ => return false,
        }
        true
    }

    fn remove_at(&mut self, char_index: usize) {
        let start = self.byte_index(char_index);
        let end = self.byte_index(char_index + 1);
        let mut next = Zeroizing::new(String::with_capacity(self.value.len()));
        next.push_str(&self.value[..start]);
        next.push_str(&self.value[end..]);
        self.value = next;
        self.truncated = false;
        self.revision += 1;
    }

    fn byte_index(&self, char_index: usize) -> usize {
        self.value
            .char_indices()
            .nth(char_index)
            .map(|(i, _)| i)
            .unwrap_or(self.value.len())
    }
}
