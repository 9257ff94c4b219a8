//! The entries of the home menu.

/// The entries of the home menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeItem {
    /// Flow A.
    SetupSms,
    /// Flow B.
    SetupHopex,
    /// Flow C.
    Rotate,
    /// Flow D.
    Validate,
    /// The saved profiles.
    Profiles,
    /// Leave.
    Quit,
}

impl HomeItem {
    /// All entries, in menu order.
    pub const ALL: [HomeItem; 6] = [
        HomeItem::SetupSms,
        HomeItem::SetupHopex,
        HomeItem::Rotate,
        HomeItem::Validate,
        HomeItem::Profiles,
        HomeItem::Quit,
    ];

    /// The menu label.
    pub fn label(self) -> &'static str {
        match self {
            HomeItem::SetupSms => "Set up the SMS connector",
            HomeItem::SetupHopex => "Set up the HOPEX integration",
            HomeItem::Rotate => "Rotate credentials",
            HomeItem::Validate => "Validate a configuration",
            HomeItem::Profiles => "Saved profiles",
            HomeItem::Quit => "Quit",
        }
    }
}
