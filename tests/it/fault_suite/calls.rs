//! The client calls under test: what each one requests (so a fault can be aimed at
//! it), what it answers when all is well, and how to make it.

use std::time::Duration;

use nowkey::clients::hopex::HopexClient;
use nowkey::clients::http::Timeouts;
use nowkey::clients::hub::HubClient;
use nowkey::clients::servicenow::ServiceNowClient;
use nowkey::domain::paste::{clean_api_key, clean_api_secret};
use nowkey::domain::phone::E164;
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::servicenow::ServiceNowCredentials;
use nowkey::domain::token::HubCredentials;
use secrecy::SecretString;

/// Short limits, so the hang and the slow drip end quickly; long enough that a
/// TLS handshake among the suite's hundred-odd rows, on a loaded machine, is not
/// taken for a timeout.
pub const TIMEOUTS: Timeouts = Timeouts {
    connect: Duration::from_secs(3),
    request: Duration::from_secs(4),
};

/// The destination every sandbox accepts.
const NUMBER: &str = "+61491570156";
/// A well-formed message id (a fault answers before the sandbox looks it up).
const MESSAGE_ID: &str = "3f1c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b";
/// A well-formed reply id.
const REPLY_ID: &str = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";
/// The seeded ServiceNow integration user.
pub const SN_USER: &str = "sn.integration";
/// Its password.
pub const SN_PASSWORD: &str = "integration-sandbox-pw";

/// One client call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Call {
    /// `HubClient::check_credentials` (`GET /v1/replies`).
    HubCheck,
    /// `HubClient::send_message` (`POST /v1/messages`).
    HubSend,
    /// `HubClient::message_status` (`GET /v1/messages/{id}`).
    HubStatus,
    /// `HubClient::replies` (`GET /v1/replies`).
    HubReplies,
    /// `HubClient::confirm_replies` (`POST /v1/replies/confirmed`).
    HubConfirm,
    /// `ServiceNowClient::check_credentials` (two `GET /api/now/table/…` at once).
    ServiceNowCheck,
    /// `HopexClient::check_key` (`POST /HOPEXGraphQL/api/ITPM`).
    HopexCheck,
}

/// The credentials a row's client signs in with: the sandbox's own where there is
/// one, made-up ones where the call never reaches a sandbox.
#[derive(Debug, Clone)]
pub struct Credentials {
    /// Hub key and secret.
    pub hub: (String, String),
    /// HOPEX API key.
    pub hopex: String,
    /// The message whose status is asked for.
    pub message_id: String,
}

impl Credentials {
    /// The texts no error may ever show.
    pub fn secrets(&self) -> [&str; 3] {
        [&self.hub.1, &self.hopex, SN_PASSWORD]
    }

    /// For targets with no sandbox behind them (refused, DNS).
    pub fn made_up() -> Self {
        Self {
            hub: ("fault-suite-key".into(), "fault-suite-secret".into()),
            hopex: "fault-suite-hopex-key".into(),
            message_id: MESSAGE_ID.into(),
        }
    }
}

impl Call {
    /// Every call, in table order.
    pub const ALL: [Call; 7] = [
        Call::HubCheck,
        Call::HubSend,
        Call::HubStatus,
        Call::HubReplies,
        Call::HubConfirm,
        Call::ServiceNowCheck,
        Call::HopexCheck,
    ];

    /// The name used in the report.
    pub fn name(self) -> &'static str {
        match self {
            Call::HubCheck => "hub.check_credentials",
            Call::HubSend => "hub.send_message",
            Call::HubStatus => "hub.message_status",
            Call::HubReplies => "hub.replies",
            Call::HubConfirm => "hub.confirm_replies",
            Call::ServiceNowCheck => "servicenow.check_credentials",
            Call::HopexCheck => "hopex.check_key",
        }
    }

    /// The service its messages are worded for.
    pub fn service(self) -> Service {
        match self {
            Call::ServiceNowCheck => Service::ServiceNow,
            Call::HopexCheck => Service::Hopex,
            _ => Service::Hub,
        }
    }

    /// The method of the request(s) it makes.
    pub fn method(self) -> &'static str {
        match self {
            Call::HubSend | Call::HubConfirm | Call::HopexCheck => "POST",
            _ => "GET",
        }
    }

    /// The path prefix of the request(s) it makes.
    pub fn path_prefix(self) -> &'static str {
        match self {
            Call::HubCheck | Call::HubReplies => "/v1/replies",
            Call::HubSend => "/v1/messages",
            Call::HubStatus => "/v1/messages/",
            Call::HubConfirm => "/v1/replies/confirmed",
            Call::ServiceNowCheck => "/api/now/table/",
            Call::HopexCheck => "/HOPEXGraphQL/",
        }
    }

    /// The status of its documented success.
    pub fn success_status(self) -> u16 {
        match self {
            Call::HubSend | Call::HubConfirm => 202,
            _ => 200,
        }
    }

    /// True when its success body is documented as free text the call never
    /// reads (the 202 of `POST /v1/replies/confirmed`).
    pub fn ignores_success_body(self) -> bool {
        self == Call::HubConfirm
    }

    /// Makes the call against `base` and keeps only whether it worked.
    pub async fn run(self, base: &str, credentials: &Credentials) -> Result<(), ClientError> {
        match self {
            Call::HubCheck => hub(base, credentials)?.check_credentials().await,
            Call::HubSend => {
                let to = E164::parse(NUMBER).expect("a valid constant number");
                hub(base, credentials)?
                    .send_message(&to, "nowkey fault suite")
                    .await
                    .map(drop)
            }
            Call::HubStatus => hub(base, credentials)?
                .message_status(&credentials.message_id)
                .await
                .map(drop),
            Call::HubReplies => hub(base, credentials)?.replies().await.map(drop),
            Call::HubConfirm => {
                hub(base, credentials)?
                    .confirm_replies(&[REPLY_ID.to_owned()])
                    .await
            }
            Call::ServiceNowCheck => {
                let credentials = ServiceNowCredentials {
                    user: SN_USER.to_owned(),
                    password: SecretString::from(SN_PASSWORD),
                    oauth: None,
                };
                ServiceNowClient::new(base, credentials, TIMEOUTS)?
                    .check_credentials()
                    .await
                    .map(drop)
            }
            Call::HopexCheck => {
                let key = SecretString::from(credentials.hopex.as_str());
                HopexClient::new(base, "ITPM", key, TIMEOUTS)?
                    .check_key()
                    .await
                    .map(drop)
            }
        }
    }
}

/// Sends a message through the sandbox at `base`, so that a status can be asked
/// for without a fault.
pub async fn send_one(base: &str, credentials: &Credentials) -> Result<String, ClientError> {
    let to = E164::parse(NUMBER).expect("a valid constant number");
    let sent = hub(base, credentials)?.send_message(&to, "control").await?;
    Ok(sent.message_id)
}

fn hub(base: &str, credentials: &Credentials) -> Result<HubClient, ClientError> {
    let (key, secret) = &credentials.hub;
    let pair = HubCredentials {
        key: clean_api_key(key).expect("a clean sandbox key"),
        secret: clean_api_secret(secret).expect("a clean sandbox secret"),
    };
    HubClient::new(base, pair, TIMEOUTS)
}
