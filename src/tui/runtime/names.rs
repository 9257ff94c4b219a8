//! Command names for the log: what was asked, never its content.

use crate::flows::command::Command;

/// The command's name for the log (never its content).
pub(super) fn command_name(command: &Command) -> &'static str {
    match command {
        Command::CheckHubCredentials { .. } => "check_hub_credentials",
        Command::SendTestMessage { .. } => "send_test_message",
        Command::PollMessageStatus { .. } => "poll_message_status",
        Command::PollReplies { .. } => "poll_replies",
        Command::CheckServiceNow { .. } => "check_servicenow",
        Command::CheckHopexKey { .. } => "check_hopex_key",
        Command::CheckHubCredentialsAfter { .. } => "check_hub_credentials_after",
        Command::SaveJournal { .. } => "save_journal",
        Command::LockRotation { .. } => "lock_rotation",
        Command::UnlockRotation { .. } => "unlock_rotation",
        Command::DeleteSandboxHubKey { .. } => "delete_sandbox_hub_key",
        Command::RunCheck { .. } => "run_check",
        Command::ExportReport { .. } => "export_report",
        Command::CancelTask(_) => "cancel_task",
        Command::CopySecret { .. } => "copy_secret",
        Command::ClearClipboard => "clear_clipboard",
        Command::ScheduleClipboardClear { .. } => "schedule_clipboard_clear",
        Command::OpenBrowser { .. } => "open_browser",
        Command::SaveProfile { .. } => "save_profile",
        Command::CreateSandboxKey { .. } => "create_sandbox_key",
        Command::CreateSandboxHopexKey { .. } => "create_sandbox_hopex_key",
        Command::LoadRotations => "load_rotations",
        Command::LoadProfiles => "load_profiles",
        Command::Quit => "quit",
    }
}
