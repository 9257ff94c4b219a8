//! Each flow as a state machine: `update(msg, context) -> (commands, exit)`.
//! Flows do no I/O and read no clock; the runtime in [`crate::tui`] carries out
//! their commands and the event loop hands them the time.
//!
//! - [`app`]: the home menu, the profiles list and the open flow ([`flow::Flow`]).
//! - The flows: [`setup_sms`], [`setup_hopex`], [`rotate`], [`validate`].
//! - What they share: [`bindings`] (one table per step), [`form`], [`live_sms`],
//!   [`servicenow_check`], [`save_step`], [`question`], [`clipboard_tracker`].
//! - What passes in and out: [`msg`], [`command`], [`job`], [`outcome`], [`task`],
//!   [`now`], [`context`], [`exit`], [`env`].

pub mod activity;
pub mod app;
pub mod bindings;
pub mod browser;
pub mod clipboard_tracker;
pub mod command;
pub mod context;
pub mod env;
pub mod exit;
pub mod flow;
pub mod form;
pub mod home;
pub mod job;
pub mod key;
pub mod live_sms;
pub mod msg;
pub mod now;
pub mod old_key_check;
pub mod outcome;
pub mod question;
pub mod rotate;
pub mod rotate_hopex;
pub mod rotation_journal;
pub mod sandbox_pair;
pub mod save_step;
pub mod servicenow_check;
pub mod servicenow_proof;
pub mod servicenow_write;
pub mod setup_hopex;
pub mod setup_sms;
pub mod task;
pub mod text_input;
pub mod validate;
mod wizard;
