//! One module per screen. Each turns state into lines and names its help keys;
//! none holds logic.

pub mod dialog;
pub mod home;
pub mod hopex;
pub mod profiles;
pub mod rotate;
pub mod sms;
pub mod validate;

/// A help footer: pairs of key and action.
pub type Help = Vec<(&'static str, &'static str)>;
