//! HOPEX API-key setup: the choices an operator makes (the HOPEX prerequisites), the
//! version gate and the field rules. Pure: no I/O.

pub mod console;
pub mod context;
pub mod expiry;
pub mod rules;
pub mod version;
mod version_reader;

use serde::{Deserialize, Serialize};

/// Where HOPEX runs. On-premises needs an API key; SaaS does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deployment {
    /// Installed by the customer.
    OnPrem,
    /// HOPEX in the cloud (`<tenant>.hopexcloud.com`).
    Saas,
}

/// The API key's HOPEX session mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SessionMode {
    /// Multi-session (recommended).
    Multi,
    /// Single session: slower and uses more memory.
    Single,
}

/// The API key's connection mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectionMode {
    /// Read/write (recommended).
    ReadWrite,
    /// Read only: allowed only when data flows HOPEX → ServiceNow only.
    ReadOnly,
}

/// Which way the integration moves data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DataFlow {
    /// HOPEX → ServiceNow only.
    HopexToServiceNow,
    /// ServiceNow → HOPEX only.
    ServiceNowToHopex,
    /// Both ways.
    Both,
}

/// The GraphQL schemas HOPEX serves under `/HOPEXGraphQL/api/{schema}`.
pub const SCHEMAS: [&str; 11] = [
    "ITPM",
    "BPA",
    "Audit",
    "Assessment",
    "Data",
    "DataPrivacy",
    "ITARC",
    "MetaModel",
    "Reporting",
    "Risk",
    "Workflow",
];

/// Whom and what a key signs in as. Every field is `None` after the fallback check,
/// which proves the key works but cannot say more.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HopexContext {
    /// `userId`.
    pub user_id: Option<String>,
    /// `databaseId`: the repository the key is bound to.
    pub repository_id: Option<String>,
    /// `profileId`.
    pub profile_id: Option<String>,
    /// `language`.
    pub language: Option<String>,
    /// True when `_currentContext` is unknown on this build and the key was
    /// checked with `application { id name }` on ITPM instead.
    pub via_fallback: bool,
}

/// What an API key is tied to in the HOPEX console: the scope the sandbox's
/// console creates a key for in `nowkey demo`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HopexKeyScope {
    /// EnvironmentId.
    pub environment_id: String,
    /// RepositoryId.
    pub repository_id: String,
    /// ProfileId.
    pub profile_id: String,
    /// The HOPEX login the key acts as.
    pub login: String,
    /// The key's name in the console (not a secret), when it has one.
    pub name: Option<String>,
    /// The last day the key works (V6.2 and later); `None` never expires.
    pub expires: Option<chrono::NaiveDate>,
}
