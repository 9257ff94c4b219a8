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
    /// The key as the footer and the help overlay name it.
    pub fn name(self) -> String {
        match self {
            Key::Char(' ') => "Space".to_owned(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()),
            Key::Enter => "Enter".to_owned(),
            Key::Esc => "Esc".to_owned(),
            Key::Tab => "Tab".to_owned(),
            Key::BackTab => "Shift-Tab".to_owned(),
            Key::Backspace => "Backspace".to_owned(),
            Key::Delete => "Del".to_owned(),
            Key::Left => "←".to_owned(),
            Key::Right => "→".to_owned(),
            Key::Up => "↑".to_owned(),
            Key::Down => "↓".to_owned(),
            Key::Home => "Home".to_owned(),
            Key::End => "End".to_owned(),
            Key::PageUp => "PgUp".to_owned(),
            Key::PageDown => "PgDn".to_owned(),
            Key::AltLeft => "Alt-←".to_owned(),
            Key::F(n) => format!("F{n}"),
        }
    }
}

/// The keys that mean "previous step".
pub const BACK: [Key; 2] = [Key::PageUp, Key::AltLeft];
