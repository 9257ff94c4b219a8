//! The test suite's main binary: every test that can share a process with the
//! others, one module per area (the file names say which), linked once.
//!
//! Tests that need a process of their own live in the other binaries:
//! `tests/e2e` (the real binary in pseudo-terminals), `tests/keyring` (re-runs
//! itself inside D-Bus sessions) and `tests/process_global` (tests that change
//! the process: environment variables, the global logger, trusted CAs).

#[path = "../support/mod.rs"]
mod support;

mod check_support;
mod domain_rotation_support;
mod flow_support;
mod props_support;
mod sandbox_support;

mod bad_input;
mod bad_input_files;
mod cli_check;
mod cli_check_hopex;
mod cli_check_hostile;
mod cli_check_inputs;
mod cli_check_keyring;
mod cli_check_oauth;
mod cli_check_output;
mod cli_check_tls;
mod cli_encode;
mod cli_misc;
mod cli_rotate;
mod cli_sandbox_tls;
mod cli_send_test;
mod cli_servicenow;
mod clipboard_system;
mod domain_hopex_console;
mod domain_hopex_context;
mod domain_hopex_expiry;
mod domain_hopex_rules;
mod domain_hopex_version;
mod domain_paste;
mod domain_phone;
mod domain_profile;
mod domain_profile_rules;
mod domain_rotation;
mod domain_rotation_hopex;
mod domain_rotation_profile;
mod domain_rotation_props;
mod domain_rotation_text;
mod domain_servicenow;
mod domain_token;
mod domain_vendors;
mod fault_suite;
mod flow_app;
mod flow_browser;
mod flow_demo_pairs;
mod flow_questions;
mod flow_rotate;
mod flow_rotate_hopex;
mod flow_rotate_open;
mod flow_rotate_revocation;
mod flow_rotate_sandbox;
mod flow_servicenow_proof;
mod flow_servicenow_write;
mod flow_setup_hopex;
mod flow_setup_sms;
mod flow_validate;
mod flow_validate_edges;
mod flow_validate_hopex;
mod help_overlay;
mod hopex_client;
mod hub_client;
mod hub_client_report;
mod props_parsers;
mod props_validators;
mod regressions_bad_input;
mod sandbox_auth;
mod sandbox_conformance;
mod sandbox_faults;
mod sandbox_forgery;
mod sandbox_hopex;
mod sandbox_hub;
mod sandbox_limits;
mod sandbox_oauth;
mod sandbox_report;
mod sandbox_sdk;
mod sandbox_servicenow;
mod sandbox_servicenow_records;
mod sandbox_world;
mod screens;
mod screens_hopex;
mod screens_validate;
mod servicenow_client;
mod servicenow_client_records;
mod servicenow_oauth;
mod store_demo_world;
mod store_files;
mod store_files_wizard;
mod store_journal;
mod store_journal_hopex;
mod store_profiles;
mod store_profiles_edit;
