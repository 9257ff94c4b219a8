//! Exit codes (0 success, 1 failed, 2 usage, 3 unreachable, 4 incomplete) and the error a command ends with.

use std::process::ExitCode;

use crate::domain::remote_error::{ClientError, Service};

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: success.
    Success = 0,
    /// 1: a check or test failed.
    Failed = 1,
    /// 2: usage or input error.
    Usage = 2,
    /// 3: a service could not be reached (network, TLS, timeout).
    Unreachable = 3,
    /// 4: nothing failed, but a check could not run for want of its secret (as
    /// monitoring's UNKNOWN).
    Incomplete = 4,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// How a command failed: the exit code and one sentence for stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandError {
    /// Exit code.
    pub exit: Exit,
    /// What went wrong and what to do next.
    pub message: String,
}

impl CommandError {
    /// A usage or input error (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Usage,
            message: message.into(),
        }
    }

    /// A failed check (exit 1).
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            exit: Exit::Failed,
            message: message.into(),
        }
    }

    /// A client error: exit 3 when unreachable, 2 for a refused URL, else 1.
    pub fn from_client(error: &ClientError, service: Service) -> Self {
        let exit = if error.is_unreachable() {
            Exit::Unreachable
        } else if matches!(error, ClientError::BadUrl { .. }) {
            Exit::Usage
        } else {
            Exit::Failed
        };
        Self {
            exit,
            message: error.user_message(service),
        }
    }
}

impl From<crate::store::StoreError> for CommandError {
    /// A file nowkey was given or found that it cannot use (unreadable, damaged,
    /// newer, unsafe) is an input error (2), as the README's exit codes say; only
    /// a write or lock that failed is a failure (1).
    fn from(error: crate::store::StoreError) -> Self {
        use crate::store::StoreError as E;
        match error {
            E::Write { .. }
            | E::Lock { .. }
            | E::Serialize { .. }
            | E::Interrupted { .. }
            | E::RotationBusy { .. }
            | E::DemoBusy { .. }
            | E::CreateDir { .. } => Self::failed(error.to_string()),
            _ => Self::usage(error.to_string()),
        }
    }
}
