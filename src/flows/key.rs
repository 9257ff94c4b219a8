//! Keys as the flows see them: independent of the terminal library, so flows can be
//! driven in tests without one.

/// One key press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A printable character.
    Char(char),
    /// Ctrl with a letter.
    Ctrl(char),
    /// Enter / Return.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up: "back" in the wizard.
    PageUp,
    /// Page down.
    PageDown,
    /// Alt-Left: also "back".
    AltLeft,
    /// A function key.
    F(u8),
}

impl Key {
    /// The answer to a yes/no confirmation: `Some(true)` for y, `Some(false)` for
    /// n, Esc or Enter (the safe default is to keep what was entered), `None` for
    /// any other key.
    pub fn confirm_answer(self) -> Option<bool> {
        match self {
            Key::Char('y') | Key::Char('Y') => Some(true),
            Key::Char('n') | Key::Char('N') | Key::Esc | Key::Enter => Some(false),
            _ => None,
        }
    }

    /// True for the keys that mean "previous step".
    pub fn is_back(self) -> bool {
        matches!(self, Key::PageUp | Key::AltLeft)
    }
}
