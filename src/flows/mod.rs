//! Each flow as a state machine: `update(state, msg) -> commands`. Flows do no
//! I/O; the runtime in [`crate::tui`] carries out their commands.

pub mod activity;
pub mod app;
pub mod clipboard_tracker;
pub mod command;
pub mod form;
pub mod home;
pub mod key;
pub mod msg;
pub mod rotate;
pub mod servicenow_check;
pub mod setup_hopex;
pub mod setup_sms;
pub mod text_input;
pub mod validate;
