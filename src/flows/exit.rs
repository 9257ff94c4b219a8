//! What the app does after a flow handled a message.

/// Stay in the flow, or where to go from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowExit {
    /// Stay in the flow.
    Stay,
    /// Leave the flow (finished or cancelled), back to where it was opened from.
    Leave,
    /// Leave and rotate this profile's key: the one named, else the one the
    /// app picks (the only one, or the one whose rotation is in progress).
    Rotate {
        /// The profile.
        profile: String,
        /// Which key, when the flow knows.
        credential: Option<crate::domain::rotation::Credential>,
    },
}
