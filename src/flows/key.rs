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
    /// True for the keys that mean "previous step".
    pub fn is_back(self) -> bool {
        matches!(self, Key::PageUp | Key::AltLeft)
    }
}
