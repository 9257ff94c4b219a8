//! nowkey: a terminal wizard that sets up, rotates and validates the credentials
//! behind the ServiceNow SMS connector and the HOPEX ServiceNow Integration.
//!
//! Data flows one way: terminal event → [`flows`] message → `update` → commands →
//! async tasks ([`clients`], [`store`], [`clipboard`]) → result messages → `update`.
//! [`tui`] only draws the state.

pub mod checks;
pub mod cli;
pub mod clients;
pub mod clipboard;
pub mod commands;
pub mod domain;
pub mod flows;
pub mod logging;
pub mod process;
pub mod sandbox;
pub mod store;
pub mod tui;
