//! Pure logic: no I/O, no async. Everything here is testable on its own.

pub mod address;
pub mod check;
pub mod hopex;
pub mod hub;
pub mod message_status;
pub mod paste;
pub mod paste_shape;
pub mod phone;
pub mod profile;
pub mod profile_rules;
pub mod remote_error;
pub mod rotation;
pub mod secret_forms;
pub mod service_url;
pub mod servicenow;
pub mod servicenow_write;
pub mod token;
pub mod untrusted;
pub mod vendors;
