//! The SMS setup's actions: what each binding of a step's table does.

use secrecy::SecretString;

use super::bindings::SmsAction;
use super::{capture_field, SetupSms, Step};
use crate::domain::address::check_address_text;
use crate::domain::paste::clean_api_key;
use crate::domain::remote_error::Service;
use crate::domain::service_url::parse_service_url;
use crate::flows::browser::opening_note;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::flow::Steps;
use crate::flows::job::{HubCall, HubRequest, Job, SandboxCall};
use crate::flows::wizard::Wizard;

impl SetupSms {
    /// Carries out one action of the step's binding table.
    pub(super) fn perform_action(
        &mut self,
        action: SmsAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
        let commands = match action {
            SmsAction::OpenWriter => {
                self.open_writer();
                Vec::new()
            }
            SmsAction::Writer(action) => self.writer_action(action, cx),
            SmsAction::OpenProof => {
                self.open_proof(cx);
                Vec::new()
            }
            SmsAction::Proof(action) => self.proof_action(action, cx),
            SmsAction::CloseProof => {
                self.close_proof();
                Vec::new()
            }
            SmsAction::Answer(answer) => return self.answer(answer, cx.now),
            SmsAction::Cancel => return self.escape(cx.now),
            SmsAction::Home => return (self.leave(cx.now), FlowExit::Leave),
            SmsAction::Back => {
                let mut commands = self.cancel_running(cx.now);
                self.step = self.step.previous();
                commands.extend(self.on_enter_step(cx));
                commands
            }
            SmsAction::Next => self.next(cx),
            SmsAction::BrandUp => {
                self.vendor_index = self.vendor_index.saturating_sub(1);
                self.refill_api_url();
                Vec::new()
            }
            SmsAction::BrandDown => {
                self.vendor_index = (self.vendor_index + 1).min(self.catalog.all().len() - 1);
                self.refill_api_url();
                Vec::new()
            }
            SmsAction::ToggleUrlField => {
                self.api_url_focused = !self.api_url_focused;
                Vec::new()
            }
            SmsAction::OpenHub => self.open_hub(cx),
            SmsAction::SandboxKey => {
                let (task, command) = cx.start(Job::Sandbox(SandboxCall::CreateHubKey));
                self.sandbox_key_task = Some(task);
                vec![command]
            }
            SmsAction::PasteSandboxKey => {
                self.paste_sandbox_key();
                Vec::new()
            }
            SmsAction::Form(action) => {
                self.apply_form(action);
                Vec::new()
            }
            SmsAction::SkipServiceNow => self.advance(cx),
            SmsAction::SkipLiveTest => {
                self.live.phase = crate::flows::live_sms::LivePhase::Skipped;
                Vec::new()
            }
            SmsAction::CopyToken => match self.token() {
                Some(token) => {
                    self.copy(SecretString::from(token.expose().to_owned()), "token", cx)
                }
                None => Vec::new(),
            },
            SmsAction::RevealToken => {
                self.token_revealed = !self.token_revealed;
                Vec::new()
            }
            SmsAction::CheckAgain => self.start_verify(cx),
            SmsAction::CopyKey => match &self.credentials {
                Some(c) => {
                    let key = SecretString::from(c.key.as_str().to_owned());
                    self.copy(key, "API key", cx)
                }
                None => Vec::new(),
            },
            SmsAction::CopySecret => match &self.credentials {
                Some(c) => {
                    let secret = SecretString::from(c.secret.expose().to_owned());
                    self.copy(secret, "API secret", cx)
                }
                None => Vec::new(),
            },
            SmsAction::Send => match self.hub_target() {
                Some(target) => self.live.start(&target, cx),
                None => Vec::new(),
            },
            SmsAction::ConvertNumber => {
                let code = self.country_code();
                self.live.convert_number(&code);
                Vec::new()
            }
            SmsAction::ToggleReplyWait => {
                self.wait_for_reply = !self.wait_for_reply;
                Vec::new()
            }
            SmsAction::Save => {
                let profile = self.profile_to_save(cx.now.today());
                self.shared.save.start(profile, cx)
            }
        };
        (commands, FlowExit::Stay)
    }

    /// Enter: what "next" means on each step.
    fn next(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        match self.step {
            Step::Vendor => self.accept_api_url(cx),
            Step::Capture => self.next_from_capture(cx),
            Step::ServiceNow => {
                if !self.shared.servicenow.accept() {
                    return Vec::new();
                }
                if self.shared.servicenow.activity.passed() {
                    return self.advance(cx);
                }
                self.shared.servicenow.start(cx)
            }
            Step::LiveTest => {
                let cancelled = self.live.stop_waiting_for_reply();
                let mut commands: Vec<Command> =
                    cancelled.map(Command::Cancel).into_iter().collect();
                commands.extend(self.advance(cx));
                commands
            }
            Step::CreateKey | Step::Token | Step::Clipboard | Step::Verify | Step::Inbound => {
                self.advance(cx)
            }
            Step::Save | Step::Done => Vec::new(),
        }
    }

    /// Moves to the next step and runs what that step starts with.
    pub(super) fn advance(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        self.step = self.step.next();
        self.on_enter_step(cx)
    }

    fn on_enter_step(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        if self.step == Step::Verify && !self.verify.passed() {
            return self.start_verify(cx);
        }
        Vec::new()
    }

    fn accept_api_url(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let field = &mut self.api_url.fields[0];
        let url = check_address_text(field.value())
            .map_err(|error| error.to_string())
            .and_then(|text| {
                parse_service_url(text).map_err(|error| error.user_message(Service::Hub))
            });
        match field.check(url) {
            Some(url) => {
                self.api_url.set_text(0, url.as_str().trim_end_matches('/'));
                self.advance(cx)
            }
            None => {
                self.api_url_focused = true;
                Vec::new()
            }
        }
    }

    fn next_from_capture(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let secret_empty = self.capture.text(capture_field::SECRET).is_empty();
        let keeps_captured = secret_empty
            && self
                .credentials
                .as_ref()
                .is_some_and(|c| c.key.as_str() == self.capture.text(capture_field::KEY).trim());
        if keeps_captured {
            return self.advance(cx);
        }
        if self.capture.focus == capture_field::KEY && secret_empty {
            // Check the key now, beside it, before moving on to the secret.
            let key = clean_api_key(self.capture.text(capture_field::KEY));
            if self.capture.check(capture_field::KEY, key).is_some() {
                self.capture.focus = capture_field::SECRET;
            }
            return Vec::new();
        }
        if self.accept_capture() {
            return self.advance(cx);
        }
        Vec::new()
    }

    fn open_hub(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let url = self.vendor().hub_url.clone();
        if self.env.over_ssh {
            self.browser_note = Some(format!(
                "You are connected over SSH: open {url} in a browser on your own computer."
            ));
            return Vec::new();
        }
        // A browser command still running from an earlier press is not waited
        // for: only the newest press's answer is shown.
        self.browser_note = Some(opening_note(&url));
        let (task, command) = cx.start(Job::Browser { url: url.clone() });
        self.browser_task = Some((task, url));
        vec![command]
    }

    /// Sandbox only: paste the key the sandbox just created, as an operator would
    /// paste from the Hub.
    fn paste_sandbox_key(&mut self) {
        if let Some(pair) = &self.sandbox_key {
            pair.paste_into(&mut self.capture, capture_field::KEY, capture_field::SECRET);
        }
    }

    fn start_verify(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        if self.verify.running_task().is_some() {
            return Vec::new();
        }
        let Some(target) = self.hub_target() else {
            return Vec::new();
        };
        let call = HubCall {
            target,
            after: std::time::Duration::ZERO,
            request: HubRequest::CheckCredentials,
        };
        vec![self.verify.start(Job::Hub(call), cx)]
    }

    fn copy(
        &mut self,
        secret: SecretString,
        label: &'static str,
        cx: &mut Context<'_>,
    ) -> Vec<Command> {
        let origin = self.step as u32;
        vec![self.shared.clipboard.copy(secret, label, origin, cx)]
    }
}
