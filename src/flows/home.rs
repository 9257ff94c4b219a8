//! The home menu and the saved-profiles list: their entries and binding tables.

use super::bindings::Bindings;
use super::key::Key;

/// The entries of the home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeItem {
    /// The SMS connector setup.
    SetupSms,
    /// The HOPEX integration setup.
    SetupHopex,
    /// Rotating an SMS profile's Hub key.
    Rotate,
    /// Rotating a HOPEX profile's API key.
    RotateHopex,
    /// Validating a saved configuration.
    Validate,
    /// The saved profiles.
    Profiles,
    /// Leave.
    Quit,
}

impl HomeItem {
    /// All entries, in menu order.
    pub const ALL: [HomeItem; 7] = [
        HomeItem::SetupSms,
        HomeItem::SetupHopex,
        HomeItem::Rotate,
        HomeItem::Validate,
        HomeItem::Profiles,
        // After the entries older versions numbered, so 1-5 still open what
        // they did.
        HomeItem::RotateHopex,
        HomeItem::Quit,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            HomeItem::SetupSms => "Set up the SMS connector",
            HomeItem::SetupHopex => "Set up the HOPEX integration",
            HomeItem::Rotate => "Rotate the SMS Hub key",
            HomeItem::RotateHopex => "Rotate the HOPEX API key",
            HomeItem::Validate => "Validate a configuration",
            HomeItem::Profiles => "Saved profiles",
            HomeItem::Quit => "Quit",
        }
    }
}

/// What a key does on the home menu or the profiles list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeAction {
    /// The entry above.
    Up,
    /// The entry below.
    Down,
    /// Open the selected entry.
    Open,
    /// Open the entry with this number (the key pressed).
    Jump,
    /// Leave nowkey.
    Quit,
    /// Profiles list: validate the selected profile.
    Validate,
    /// Profiles list: back to the home menu.
    Back,
}

/// The home menu's purpose, for the help overlay.
pub const HOME_PURPOSE: &str = "Choose what to do: set up the SMS connector or the HOPEX integration, rotate a key, validate a saved configuration, or see the saved profiles.";

/// The profiles list's purpose, for the help overlay.
pub const PROFILES_PURPOSE: &str =
    "The profiles saved in profiles.toml (never a secret). Choose one to validate it.";

/// The home menu's bindings.
pub fn home_bindings() -> Bindings<HomeAction> {
    let mut b = Bindings::new();
    b.add(
        &[Key::Up, Key::Char('k')],
        "choose",
        "The entry above.",
        HomeAction::Up,
    )
    .shown("↑↓");
    b.add(
        &[Key::Down, Key::Char('j')],
        "next entry",
        "The entry below.",
        HomeAction::Down,
    )
    .help_only();
    b.add(
        &[Key::Enter],
        "open",
        "Open the selected entry.",
        HomeAction::Open,
    );
    let digits: Vec<Key> = ('1'..='7').map(Key::Char).collect();
    b.add(
        &digits,
        "jump",
        "Open the entry with that number.",
        HomeAction::Jump,
    )
    .shown("1-7");
    b.add(
        &[Key::Char('q'), Key::Esc],
        "quit",
        "Leave nowkey.",
        HomeAction::Quit,
    );
    b
}

/// The profiles list's bindings.
pub fn profiles_bindings(any: bool) -> Bindings<HomeAction> {
    let mut b = Bindings::new();
    b.add(
        &[Key::Up, Key::Char('k')],
        "choose",
        "The profile above.",
        HomeAction::Up,
    )
    .shown("↑↓")
    .when(any);
    b.add(
        &[Key::Down, Key::Char('j')],
        "next profile",
        "The profile below.",
        HomeAction::Down,
    )
    .when(any)
    .help_only();
    b.add(
        &[Key::Char('v')],
        "validate",
        "Validate the selected profile.",
        HomeAction::Validate,
    )
    .when(any);
    b.add(
        &[Key::Esc, Key::Enter, Key::Char('q')],
        "back",
        "Back to the home menu.",
        HomeAction::Back,
    )
    .shown("Esc");
    b
}
