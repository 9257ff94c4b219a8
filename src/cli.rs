//! Subcommands and flags (clap). See the README's command reference.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sets up, rotates and validates the credentials behind ServiceNow's SMS
/// connector and the HOPEX ServiceNow Integration.
#[derive(Debug, Parser)]
#[command(name = "nowkey", version, about, propagate_version = true)]
pub struct Cli {
    /// Options every command shares.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command; none opens the wizard's home screen.
    #[command(subcommand)]
    pub command: Option<CommandLine>,
}

/// Options every command shares.
#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Where nowkey keeps profiles and its log [default: the OS config dir].
    #[arg(long, global = true, env = "NOWKEY_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,
    /// The Hub REST API base URL for the setup wizard and send-test [default: the brand's, or https://api.messagemedia.com].
    #[arg(long, global = true, env = "NOWKEY_HUB_URL", value_name = "URL")]
    pub hub_url: Option<String>,
    /// The ServiceNow instance the wizards fill in and `servicenow discover` / `apply` talk to
    /// (a name such as acme, or its URL).
    #[arg(long, global = true, env = "NOWKEY_SERVICENOW_URL", value_name = "URL")]
    pub servicenow_url: Option<String>,
    /// The HOPEX server the HOPEX setup fills in.
    #[arg(long, global = true, env = "NOWKEY_HOPEX_URL", value_name = "URL")]
    pub hopex_url: Option<String>,
    /// Give up on any one request after this many seconds.
    #[arg(long, global = true, env = "NOWKEY_TIMEOUT", value_name = "SECS", default_value_t = 15,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
    /// Also trust the CA certificates in this PEM file (a corporate or TLS-inspecting
    /// proxy's CA, or the sandbox's with `--tls`), beside the system's and Mozilla's.
    #[arg(long, global = true, env = "NOWKEY_CA_FILE", value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum CommandLine {
    /// The wizard on the built-in sandbox: nothing reaches a real Hub.
    Demo,
    /// Go straight into a setup flow.
    Setup {
        /// Which integration.
        #[arg(value_enum)]
        integration: Integration,
    },
    /// Rotate a profile's Hub key or HOPEX API key: new key first, then where the integration reads it, a live test, and only then revoke the old key.
    Rotate {
        /// The profile to rotate.
        #[arg(long, value_name = "NAME", value_parser = ProfileNameArg)]
        profile: Option<String>,
        /// Which key: the SMS Hub key or the HOPEX API key (needed only when the profile has both).
        #[arg(long, value_enum, value_name = "KEY", requires = "profile")]
        key: Option<RotatedKey>,
        /// Resume the rotation in progress (the default when there is one).
        #[arg(long)]
        resume: bool,
    },
    /// Print the spoke token for a key and secret (the secret is never taken from the command line).
    Encode(EncodeArgs),
    /// Send one test SMS and follow its status.
    SendTest(SendTestArgs),
    /// Run the Hub simulator alone, and print its URL and a demo key pair.
    Sandbox {
        /// Loopback address and port to listen on.
        #[arg(long, default_value = "127.0.0.1:8787", value_name = "ADDR:PORT")]
        bind: SocketAddr,
        /// New Hub keys become valid only this many seconds after they are created,
        /// as real keys sometimes do (exercises the rotation's retries).
        #[arg(long, default_value_t = 0, value_name = "SECS",
              value_parser = clap::value_parser!(u64).range(0..=600))]
        key_activation_delay: u64,
        /// Serve HTTPS with a freshly generated certificate instead of plain http.
        #[arg(long)]
        tls: bool,
        /// With --tls: the certificate expires this many days from now (negative: it
        /// already has), to exercise the certificate-expiry check.
        #[arg(long, default_value_t = 365, value_name = "DAYS", allow_negative_numbers = true,
              value_parser = clap::value_parser!(i64).range(-3650..=3650))]
        tls_cert_days: i64,
        /// With --tls: write the CA certificate (public, PEM) here, for --ca-file.
        #[arg(long, value_name = "FILE")]
        tls_ca_out: Option<PathBuf>,
    },
    /// Check that saved configurations still work: credentials, fingerprints, key
    /// age, ServiceNow, HOPEX, certificates and unfinished rotations.
    Check(CheckArgs),
    /// Find and write the ServiceNow records that hold the Hub credentials:
    /// the spoke's credential and the Environment Registration record.
    Servicenow {
        /// What to do.
        #[command(subcommand)]
        action: ServicenowAction,
    },
    /// The saved profiles.
    Profiles {
        /// What to do.
        #[command(subcommand)]
        action: ProfilesAction,
    },
}

/// The keys `rotate` replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RotatedKey {
    /// The SMS connector's Hub API key.
    Hub,
    /// The HOPEX API key.
    Hopex,
}

impl RotatedKey {
    /// The rotation's credential.
    pub fn credential(self) -> crate::domain::rotation::Credential {
        match self {
            RotatedKey::Hub => crate::domain::rotation::Credential::HubKey,
            RotatedKey::Hopex => crate::domain::rotation::Credential::HopexKey,
        }
    }
}

/// The integrations `setup` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Integration {
    /// The SMS connector (Hub API key and secret).
    Sms,
    /// The HOPEX ServiceNow Integration.
    Hopex,
}

/// `nowkey encode`.
#[derive(Debug, Args)]
pub struct EncodeArgs {
    /// The API key [env: NOWKEY_HUB_API_KEY; else asked]. The secret comes from stdin,
    /// NOWKEY_HUB_API_SECRET or a hidden prompt.
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// Copy the token to the clipboard (cleared after 30 s) instead of printing it.
    #[arg(long)]
    pub copy: bool,
    /// Print a whole `Authorization: Basic …` header.
    #[arg(long)]
    pub header: bool,
}

/// `nowkey send-test`.
#[derive(Debug, Args)]
pub struct SendTestArgs {
    /// Use this saved profile's Hub URL and key.
    #[arg(long, value_name = "NAME", value_parser = ProfileNameArg)]
    pub profile: Option<String>,
    /// The API key [env: NOWKEY_HUB_API_KEY].
    #[arg(long, value_name = "KEY")]
    pub key: Option<String>,
    /// Destination in E.164 form, e.g. +61491570156.
    #[arg(long, value_name = "+E164")]
    pub to: String,
    /// The message text.
    #[arg(long, value_name = "TEXT", default_value = "nowkey test message")]
    pub message: String,
    /// Follow the status for at most this many seconds (0: send only).
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    pub wait: u64,
    /// One JSON document on stdout; progress on stderr.
    #[arg(long)]
    pub json: bool,
}

/// `nowkey check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The profile to check [default: the only one].
    #[arg(long, value_name = "NAME", conflicts_with = "all", value_parser = ProfileNameArg)]
    pub profile: Option<String>,
    /// Check every saved profile (a few at a time).
    #[arg(long)]
    pub all: bool,
    /// Same as --format json: one JSON document on stdout.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Also write a redacted Markdown report for support here (no secret in it).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Read secrets as one JSON document on stdin:
    /// {"<profile>": {"hub_api_secret": …, "servicenow_password": …, "hopex_api_key": …}}.
    #[arg(long)]
    pub secrets_stdin: bool,
    /// Do not look secrets up in the OS keyring.
    #[arg(long, conflicts_with = "save_to_keyring")]
    pub no_keyring: bool,
    /// Keep the secrets that passed their checks in the OS keyring for next time.
    #[arg(long)]
    pub save_to_keyring: bool,
    /// With --all: how many profiles are checked at once.
    #[arg(long, default_value_t = 16, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=64))]
    pub jobs: u64,
}

/// `nowkey check --format`.
/// `nowkey servicenow …`.
#[derive(Debug, Subcommand)]
pub enum ServicenowAction {
    /// List the credential records, aliases and Environment Registration tables
    /// nowkey could write to (read only; never a secret field).
    Discover(DiscoverArgs),
    /// Write the profile's Hub key into the spoke's credential and the
    /// Environment Registration record, after a preview.
    Apply(ApplyArgs),
}

/// `nowkey servicenow discover`.
#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// The profile whose ServiceNow instance and brand to use.
    #[arg(long, value_name = "NAME", value_parser = ProfileNameArg)]
    pub profile: Option<String>,
    /// The ServiceNow admin (or credential_admin) user.
    #[arg(long, value_name = "USER")]
    pub admin_user: String,
    /// Search the credential records for this (default: the brand names, sms,
    /// hub, messagemedia, sinch).
    #[arg(long, value_name = "TERM")]
    pub search: Option<String>,
    /// The admin password as JSON on stdin: {"servicenow_admin_password": "…"}.
    #[arg(long)]
    pub secrets_stdin: bool,
    /// Print the `nowkey.servicenow-discover/1` JSON document.
    #[arg(long)]
    pub json: bool,
}

/// `nowkey servicenow apply`.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// The profile whose key to write.
    #[arg(long, value_name = "NAME", value_parser = ProfileNameArg)]
    pub profile: String,
    /// The spoke's credential record (default: the profile's).
    #[arg(long, value_name = "TABLE/SYS_ID")]
    pub credential: Option<String>,
    /// The Environment Registration record (default: the profile's).
    #[arg(long, value_name = "TABLE/SYS_ID")]
    pub registration: Option<String>,
    /// The registration's key and secret fields (default: the profile's).
    #[arg(long, value_name = "KEY_FIELD,SECRET_FIELD")]
    pub registration_fields: Option<String>,
    /// The ServiceNow admin (or credential_admin) user.
    #[arg(long, value_name = "USER")]
    pub admin_user: String,
    /// Show the preview and write nothing.
    #[arg(long, conflicts_with = "yes")]
    pub dry_run: bool,
    /// Write without asking: the confirmation, for scripts (check the preview
    /// with --dry-run first). Without it nowkey asks at a terminal, and refuses
    /// when it cannot ask.
    #[arg(long)]
    pub yes: bool,
    /// Both secrets as JSON on stdin: {"hub_api_secret": "…", "servicenow_admin_password": "…"}.
    #[arg(long)]
    pub secrets_stdin: bool,
    /// Print the `nowkey.servicenow-apply/1` JSON document.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// One line per check, for people.
    Human,
    /// One JSON document (schema in the README).
    Json,
    /// Prometheus text exposition, for a node_exporter textfile collector.
    Prometheus,
}

/// `nowkey profiles …`.
#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// List the saved profiles.
    List {
        /// JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Show one profile.
    Show {
        /// The profile.
        #[arg(value_parser = ProfileNameArg)]
        name: String,
        /// JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Remove one profile.
    Remove {
        /// The profile.
        #[arg(value_parser = ProfileNameArg)]
        name: String,
    },
}

/// A profile name as typed on the command line, checked with the wizard's own
/// rule where it enters. The error is built here rather than by clap, whose
/// message would repeat the argument as typed, control characters and all.
#[derive(Clone)]
struct ProfileNameArg;

impl clap::builder::TypedValueParser for ProfileNameArg {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let which = arg.map_or_else(|| "the profile name".to_owned(), |a| a.to_string());
        let invalid = |why: String| {
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("{which}: {why}\n"),
            )
        };
        let text = value
            .to_str()
            .ok_or_else(|| invalid("it is not valid UTF-8 text.".to_owned()))?;
        crate::domain::profile::validate_profile_name(text).map_err(|e| invalid(e.to_string()))
    }
}
