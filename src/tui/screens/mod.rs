//! One module per screen. Each turns state into lines; none holds logic. The
//! keys a screen mentions come from its flow's binding table.

pub mod dialog;
pub mod home;
pub mod hopex;
pub mod profiles;
pub mod rotate;
pub mod rotate_hopex;
pub mod servicenow;
pub mod sms;
pub mod validate;
