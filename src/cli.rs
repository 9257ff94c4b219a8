//! Subcommands and flags (clap).
