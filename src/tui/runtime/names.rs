//! Command names for the log: what was asked, never its content.

use crate::flows::command::Command;
use crate::flows::job::{
    HopexCall, HubRequest, Job, RecordsRequest, SandboxCall, ServiceNowCall, StoreJob,
};

/// The command's name for the log (never its content).
pub(super) fn command_name(command: &Command) -> &'static str {
    match command {
        Command::Start { job, .. } => job_name(job),
        Command::Cancel(_) => "cancel_task",
        Command::ClearClipboard => "clear_clipboard",
        Command::ScheduleClipboardClear { .. } => "schedule_clipboard_clear",
        Command::UnlockRotation { .. } => "unlock_rotation",
        Command::Quit => "quit",
    }
}

fn job_name(job: &Job) -> &'static str {
    match job {
        Job::Hub(call) => match call.request {
            HubRequest::CheckCredentials => "check_hub_credentials",
            HubRequest::SendMessage { .. } => "send_test_message",
            HubRequest::MessageStatus { .. } => "poll_message_status",
            HubRequest::Replies => "poll_replies",
            HubRequest::SentReport { .. } => "read_sent_report",
        },
        Job::ServiceNow(ServiceNowCall::CheckCredentials { .. }) => "check_servicenow",
        Job::ServiceNow(ServiceNowCall::Records { request, .. }) => match request {
            RecordsRequest::Discover { .. } => "discover_servicenow_records",
            RecordsRequest::Registration { .. } => "read_registration_table",
            RecordsRequest::Read { .. } => "read_servicenow_records",
            RecordsRequest::Write { .. } => "write_servicenow_record",
        },
        Job::Hopex(HopexCall::CheckKey { .. }) => "check_hopex_key",
        Job::Store(job) => match job {
            StoreJob::LoadProfiles => "load_profiles",
            StoreJob::LoadRotations => "load_rotations",
            StoreJob::SaveProfile { .. } => "save_profile",
            StoreJob::SaveJournal(_) => "save_journal",
            StoreJob::LockRotation { .. } => "lock_rotation",
            StoreJob::SaveReport { .. } => "export_report",
        },
        Job::Copy { .. } => "copy_secret",
        Job::Sandbox(call) => match call {
            SandboxCall::CreateHubKey => "create_sandbox_key",
            SandboxCall::DeleteHubKey { .. } => "delete_sandbox_hub_key",
            SandboxCall::CreateHopexKey(_) => "create_sandbox_hopex_key",
            SandboxCall::RevokeHopexKey { .. } => "revoke_sandbox_hopex_key",
            SandboxCall::ListHubPairs => "list_sandbox_hub_pairs",
            SandboxCall::SpokeSend { .. } => "sandbox_spoke_send",
        },
        Job::Check(_) => "run_check",
        Job::Browser { .. } => "open_browser",
    }
}
