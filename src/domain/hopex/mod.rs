//! HOPEX API-key setup: the choices an operator makes (flow B of DESIGN.md), the
//! version gate and the field rules. Pure: no I/O.

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
