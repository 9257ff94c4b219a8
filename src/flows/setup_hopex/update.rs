//! The HOPEX setup's actions: what each binding of a step's table does.

use secrecy::{ExposeSecret, SecretString};

use super::bindings::{HopexAction, Setting};
use super::{connection_field, key_field, HopexStep, SetupHopex};
use crate::domain::hopex::HopexKeyScope;
use crate::flows::command::Command;
use crate::flows::context::Context;
use crate::flows::exit::FlowExit;
use crate::flows::flow::Steps;
use crate::flows::job::{HopexCall, Job, SandboxCall};
use crate::flows::wizard::Wizard;

impl SetupHopex {
    /// Carries out one action of the step's binding table.
    pub(super) fn perform_action(
        &mut self,
        action: HopexAction,
        cx: &mut Context<'_>,
    ) -> (Vec<Command>, FlowExit) {
        let commands = match action {
            HopexAction::Answer(answer) => return self.answer(answer, cx.now),
            HopexAction::Cancel => return self.escape(cx.now),
            HopexAction::Home => return (self.leave(cx.now), FlowExit::Leave),
            HopexAction::Back => {
                let commands = self.cancel_running(cx.now);
                self.step = self.step.previous(self.with_key());
                commands
            }
            HopexAction::Next => self.next(cx),
            HopexAction::Form(action) => {
                self.apply_form(action);
                Vec::new()
            }
            HopexAction::SandboxKey => self.create_sandbox_key(cx),
            HopexAction::PasteSandboxKey => {
                if let Some(key) = &self.sandbox_created_key {
                    let key = key.expose_secret().to_owned();
                    self.key_form.set_text(0, &key);
                }
                Vec::new()
            }
            HopexAction::CheckAgain => self.start_checks(cx, false),
            HopexAction::Copy(setting) => self.copy_setting(setting, cx),
        };
        (commands, FlowExit::Stay)
    }

    /// Enter: accept the step (each refusal lands beside its field) and go on.
    fn next(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let ready = match self.step {
            HopexStep::Deployment => self.accept_deployment(),
            HopexStep::Connection => self.accept_connection(),
            HopexStep::KeyFields => self.accept_key_fields(cx.now.today()),
            HopexStep::Checklist | HopexStep::Summary => true,
            HopexStep::CaptureKey => self.accept_key(),
            HopexStep::ServiceNow => self.shared.servicenow.accept(),
            HopexStep::Checks => self.checks_passed(),
            HopexStep::Save => {
                let profile = self.profile_to_save(cx.now.today());
                return self.shared.save.start(profile, cx);
            }
            HopexStep::Done => false,
        };
        if !ready {
            return Vec::new();
        }
        self.step = self.step.next(self.with_key());
        if self.step == HopexStep::Checks {
            return self.start_checks(cx, true);
        }
        Vec::new()
    }

    /// Starts the HOPEX and ServiceNow checks together; `all` restarts passed ones too.
    fn start_checks(&mut self, cx: &mut Context<'_>, all: bool) -> Vec<Command> {
        if self.checks_running() {
            return Vec::new();
        }
        let mut commands = Vec::new();
        if self.with_key() && (all || !self.hopex_check.passed()) {
            if let Some(api_key) = self.api_key.clone() {
                let command = self.hopex_check.start(
                    Job::Hopex(HopexCall::CheckKey {
                        server_url: self.connection.text(connection_field::SERVER).to_owned(),
                        schema: self.schema().to_owned(),
                        api_key,
                        after: std::time::Duration::ZERO,
                    }),
                    cx,
                );
                commands.push(command);
            }
        }
        if all || !self.shared.servicenow.activity.passed() {
            commands.extend(self.shared.servicenow.start(cx));
        }
        commands
    }

    fn copy_setting(&mut self, setting: Setting, cx: &mut Context<'_>) -> Vec<Command> {
        let accepted = self.shared.servicenow.accepted();
        let (secret, label) = match setting {
            Setting::Url => match accepted {
                Some((url, _)) => (SecretString::from(url.to_owned()), "ServiceNow URL"),
                None => return Vec::new(),
            },
            Setting::User => match accepted {
                Some((_, c)) => (SecretString::from(c.user.clone()), "ServiceNow user"),
                None => return Vec::new(),
            },
            Setting::Password => match accepted {
                Some((_, c)) => (c.password.clone(), "ServiceNow password"),
                None => return Vec::new(),
            },
            Setting::ClientId => match accepted.and_then(|(_, c)| c.oauth.as_ref()) {
                Some(client) => (
                    SecretString::from(client.client_id.clone()),
                    "OAuth2 client ID",
                ),
                None => return Vec::new(),
            },
            Setting::ClientSecret => match accepted.and_then(|(_, c)| c.oauth.as_ref()) {
                Some(client) => (client.client_secret.clone(), "OAuth2 client secret"),
                None => return Vec::new(),
            },
            Setting::ApiKey => match &self.api_key {
                Some(key) if self.key_to_copy() => (key.clone(), "HOPEX API key"),
                _ => return Vec::new(),
            },
        };
        let origin = self.step as u32;
        vec![self.shared.clipboard.copy(secret, label, origin, cx)]
    }

    fn create_sandbox_key(&mut self, cx: &mut Context<'_>) -> Vec<Command> {
        let text = |index| self.key_fields.text(index).trim().to_owned();
        let scope = HopexKeyScope {
            environment_id: text(key_field::ENVIRONMENT),
            repository_id: text(key_field::REPOSITORY),
            profile_id: text(key_field::PROFILE),
            login: text(key_field::LOGIN),
            name: Some(text(key_field::NAME)).filter(|name| !name.is_empty()),
            expires: self.key_expires(),
        };
        let (task, command) = cx.start(Job::Sandbox(SandboxCall::CreateHopexKey(scope)));
        self.sandbox_key_task = Some(task);
        vec![command]
    }
}
