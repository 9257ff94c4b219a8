//! Every text field of every flow, as the bad-input table names them: which flow
//! it belongs to, the label drawn beside it, whether it holds a secret, how its
//! value is submitted, and how to tell that the flow accepted the value.

use nowkey::flows::app::Screen;
use nowkey::flows::command::Command;
use nowkey::flows::key::Key;
use nowkey::flows::rotate::Rotate;

use crate::flow_support::Driver;

/// One text field of one flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The SMS setup, step 1: the Hub API URL.
    HubUrl,
    /// The SMS setup, step 3: the API key.
    ApiKey,
    /// The SMS setup, step 3: the API secret (masked).
    ApiSecret,
    /// The SMS setup, step 4: the ServiceNow instance.
    SmsInstance,
    /// The SMS setup, step 4: the ServiceNow user.
    SmsUser,
    /// The SMS setup, step 4: the ServiceNow password (masked).
    SmsPassword,
    /// The SMS setup, step 9: the live-test number, sent with Enter.
    Phone,
    /// The SMS setup, step 9: the live-test number, converted with Ctrl-L.
    PhoneLocal,
    /// The SMS setup, step 10: the profile name.
    SmsProfileName,
    /// The HOPEX setup, step 1: the HOPEX version.
    Version,
    /// The HOPEX setup, step 2: the HOPEX server URL.
    Server,
    /// The HOPEX setup, step 2: the operator's own login.
    OwnLogin,
    /// The HOPEX setup, step 3: the key's name.
    KeyName,
    /// The HOPEX setup, step 3: the HOPEX login the key acts as.
    HopexLogin,
    /// The HOPEX setup, step 3: EnvironmentId.
    EnvironmentId,
    /// The HOPEX setup, step 3: RepositoryId.
    RepositoryId,
    /// The HOPEX setup, step 3: ProfileId.
    ProfileId,
    /// The HOPEX setup, step 5: the HOPEX API key (masked).
    HopexApiKey,
    /// The HOPEX setup, step 6: the ServiceNow instance.
    HopexInstance,
    /// The HOPEX setup, step 6: the ServiceNow user.
    HopexUser,
    /// The HOPEX setup, step 6: the ServiceNow password (masked).
    HopexPassword,
    /// The HOPEX setup, step 9: the profile name.
    HopexProfileName,
    /// The rotation, start: the current (old) secret, optional (masked).
    OldSecret,
    /// The rotation, step 2: the new API key.
    NewKey,
    /// The rotation, step 2: the new API secret (masked).
    NewSecret,
    /// The rotation, resumed after a crash: the new secret again (masked).
    ReenteredSecret,
    /// The rotation, step 5: the live-test number.
    RotationPhone,
    /// The rotation, step 6 after a crash: the old secret again (masked).
    OldSecretAgain,
}

impl Field {
    /// "A", "B" or "C": the SMS setup, the HOPEX setup, the rotation.
    pub fn flow(self) -> &'static str {
        use Field::*;
        match self {
            HubUrl | ApiKey | ApiSecret | SmsInstance | SmsUser | SmsPassword | Phone
            | PhoneLocal | SmsProfileName => "A (SMS setup)",
            Version | Server | OwnLogin | KeyName | HopexLogin | EnvironmentId | RepositoryId
            | ProfileId | HopexApiKey | HopexInstance | HopexUser | HopexPassword
            | HopexProfileName => "B (HOPEX setup)",
            OldSecret | NewKey | NewSecret | ReenteredSecret | RotationPhone | OldSecretAgain => {
                "C (rotation)"
            }
        }
    }

    /// The label drawn on the field's line: its message must follow within a few
    /// lines.
    pub fn label(self) -> &'static str {
        use Field::*;
        match self {
            HubUrl => "Hub API URL",
            ApiKey => "API key",
            ApiSecret => "API secret",
            SmsInstance | HopexInstance => "Instance",
            SmsUser | HopexUser => "User",
            SmsPassword | HopexPassword => "Password",
            Phone | PhoneLocal | RotationPhone => "Mobile number",
            SmsProfileName | HopexProfileName => "Profile name",
            Version => "HOPEX version",
            Server => "HOPEX server",
            OwnLogin => "Your login",
            KeyName => "Name",
            HopexLogin => "HOPEX login",
            EnvironmentId => "EnvironmentId",
            RepositoryId => "RepositoryId",
            ProfileId => "ProfileId",
            HopexApiKey => "HOPEX API key",
            OldSecret | OldSecretAgain => "Current secret",
            // The "same key" refusal is drawn under the form, after the secret.
            NewKey | NewSecret | ReenteredSecret => "New API",
        }
    }

    /// True for masked fields: what is entered must never be drawn.
    pub fn secret(self) -> bool {
        use Field::*;
        matches!(
            self,
            ApiSecret
                | SmsPassword
                | HopexApiKey
                | HopexPassword
                | OldSecret
                | NewSecret
                | ReenteredSecret
                | OldSecretAgain
        )
    }

    /// The key that submits the value.
    pub fn submit(self) -> Key {
        match self {
            Field::PhoneLocal => Key::Ctrl('l'),
            _ => Key::Enter,
        }
    }

    /// Where the flow is: a refused value must leave this unchanged.
    pub fn position(self, d: &Driver) -> String {
        match &d.app.screen {
            Screen::SetupSms(flow) => format!("{:?}", flow.step),
            Screen::SetupHopex(flow) => format!("{:?}", flow.step),
            Screen::Rotate(flow) => format!("{:?}", flow.screen()),
            other => format!("{other:?}"),
        }
    }

    /// True when the flow took the value and moved on (or started what follows).
    pub fn accepted(self, d: &Driver) -> bool {
        use Field::*;
        let sent = |pick: fn(&Command) -> bool| d.last.iter().any(pick);
        match self {
            HubUrl => d.flow().step == nowkey::flows::setup_sms::Step::CreateKey,
            ApiKey => {
                d.flow().capture.focus == nowkey::flows::setup_sms::capture_field::SECRET
                    && d.flow().key_field().error.is_none()
            }
            ApiSecret => d.flow().step == nowkey::flows::setup_sms::Step::ServiceNow,
            SmsInstance | SmsUser | SmsPassword => {
                sent(|c| crate::flow_support::servicenow_task(c).is_some())
            }
            Phone | RotationPhone => sent(|c| crate::flow_support::send_task(c).is_some()),
            PhoneLocal => {
                let number = &d.flow().live.number.fields[0];
                number.error.is_none() && number.value().starts_with('+')
            }
            SmsProfileName | HopexProfileName => {
                sent(|c| crate::flow_support::save_task(c).is_some())
            }
            Version => d.hopex().step == nowkey::flows::setup_hopex::HopexStep::Connection,
            Server | OwnLogin => d.hopex().step == nowkey::flows::setup_hopex::HopexStep::KeyFields,
            KeyName | HopexLogin | EnvironmentId | RepositoryId | ProfileId => {
                d.hopex().step == nowkey::flows::setup_hopex::HopexStep::Checklist
            }
            HopexApiKey => d.hopex().step == nowkey::flows::setup_hopex::HopexStep::ServiceNow,
            HopexInstance | HopexUser | HopexPassword => {
                d.hopex().step == nowkey::flows::setup_hopex::HopexStep::Checks
            }
            OldSecret => sent(|c| crate::flow_support::lock_task(c).is_some()),
            NewKey | NewSecret => sent(|c| crate::flow_support::journal_task(c).is_some()),
            ReenteredSecret => {
                rotate(d).screen() != nowkey::flows::rotate::RotateScreen::ReenterSecret
            }
            OldSecretAgain => sent(|c| {
                crate::flow_support::journal_task(c).is_some()
                    || crate::flow_support::check_task(c).is_some()
            }),
        }
    }
}

/// The open rotation flow.
pub fn rotate(d: &Driver) -> &Rotate {
    match &d.app.screen {
        Screen::Rotate(flow) => flow,
        other => panic!("expected the rotation, got {other:?}"),
    }
}
