//! Which checks a profile gets, and what each needs, decided from the saved
//! profile alone (no I/O), so the TUI can list them before they run.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::domain::check::CheckId;
use crate::domain::hopex::Deployment;
use crate::domain::profile::{Profile, RotationRecord};
use crate::domain::remote_error::Service;
use crate::domain::servicenow::ServiceNowAuthMode;
use crate::domain::servicenow_write::RecordRef;
use crate::domain::token::Fingerprint;

/// One check to run, with everything it needs except secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCheck {
    /// Which check.
    pub id: CheckId,
    /// The address it talks to, if any (shown and reported).
    pub endpoint: Option<String>,
    /// What to do.
    pub job: CheckJob,
}

/// What a check does, with the saved settings it needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckJob {
    /// Sign in to the Hub with the key and the given secret.
    HubCredentials {
        /// Hub API base URL.
        hub_url: String,
        /// The key id.
        api_key: String,
    },
    /// Compare the token from the key and given secret with the saved fingerprint.
    HubFingerprint {
        /// The key id.
        api_key: String,
        /// The saved fingerprint.
        saved: Fingerprint,
        /// The profile (for the remediation's command).
        profile: String,
    },
    /// Judge the key's age.
    KeyAge {
        /// The day the key was created.
        created: NaiveDate,
        /// The profile (for the remediation's command).
        profile: String,
    },
    /// Judge what the profile's last rotation recorded of its old key.
    OldKeyRevoked {
        /// The last completed rotation.
        last: RotationRecord,
        /// The profile (for the remediation's command).
        profile: String,
    },
    /// Read an endpoint's TLS certificate.
    Certificate {
        /// The address (https, else the check is skipped).
        url: String,
        /// Whose it is, for messages.
        service: Service,
    },
    /// Sign in to ServiceNow and read the user's roles.
    ServiceNow {
        /// Instance URL.
        instance_url: String,
        /// User name.
        user: String,
        /// The Application Registry client id when HOPEX signs in with OAuth2
        /// (`servicenow_auth = "oauth2"`; empty when the profile lacks it).
        oauth_client_id: Option<String>,
    },
    /// Read the Environment Registration record's key field (as the profile's
    /// ServiceNow user) and compare it with the profile's key.
    RegistrationKey {
        /// Instance URL.
        instance_url: String,
        /// User name.
        user: String,
        /// The record.
        registration: RecordRef,
        /// The field holding the key.
        key_field: String,
        /// The profile's key id.
        api_key: String,
    },
    /// Read the spoke credential's `sys_updated_on` and compare it with the
    /// day the key was created.
    CredentialUpdated {
        /// Instance URL.
        instance_url: String,
        /// User name.
        user: String,
        /// The record.
        credential: RecordRef,
        /// The day the current key was made (its rotation's start, else its
        /// creation).
        since: NaiveDate,
    },
    /// Check the HOPEX key with GraphQL.
    HopexKey {
        /// Server URL.
        server_url: String,
        /// GraphQL schema.
        schema: String,
        /// SaaS needs no key: the check is skipped.
        saas: bool,
    },
    /// Compare the repository and HOPEX profile the key opens (from the same
    /// answer as [`CheckJob::HopexKey`]) with the profile's.
    HopexContext {
        /// Server URL.
        server_url: String,
        /// GraphQL schema.
        schema: String,
        /// SaaS needs no key: the check is skipped.
        saas: bool,
        /// The profile's RepositoryId.
        repository_id: String,
        /// The profile's ProfileId.
        profile_id: String,
    },
    /// Judge the HOPEX key's expiration date (no network).
    HopexKeyExpiry {
        /// The day the key expires, when it has one.
        expires: Option<NaiveDate>,
        /// SaaS has no key of its own: the check is skipped.
        saas: bool,
        /// The profile (for the remediation's command).
        profile: String,
    },
    /// Compare the given HOPEX key with the saved fingerprint.
    HopexFingerprint {
        /// The saved fingerprint (`None` on SaaS or older profiles).
        saved: Option<Fingerprint>,
    },
    /// Look for an unfinished rotation in the profile's journals.
    Rotation {
        /// The config directory's root.
        config_root: PathBuf,
        /// The profile.
        profile: String,
        /// The keys whose journals to read (the profile's Hub key, its
        /// on-premises HOPEX key).
        credentials: Vec<crate::domain::rotation::Credential>,
    },
}

/// The checks for one saved profile, in display order.
pub fn plan_profile(name: &str, profile: &Profile, config_root: PathBuf) -> Vec<PlannedCheck> {
    let mut checks = Vec::new();
    let mut push = |id: CheckId, endpoint: Option<&str>, job: CheckJob| {
        checks.push(PlannedCheck {
            id,
            endpoint: endpoint.map(str::to_owned),
            job,
        });
    };
    if let Some(sms) = &profile.sms {
        let hub = Some(sms.hub_api_url.as_str());
        push(
            CheckId::HubCredentials,
            hub,
            CheckJob::HubCredentials {
                hub_url: sms.hub_api_url.clone(),
                api_key: sms.api_key.clone(),
            },
        );
        push(
            CheckId::HubFingerprint,
            None,
            CheckJob::HubFingerprint {
                api_key: sms.api_key.clone(),
                saved: sms.token_fingerprint.clone(),
                profile: name.to_owned(),
            },
        );
        push(
            CheckId::HubKeyAge,
            None,
            CheckJob::KeyAge {
                created: sms.key_created,
                profile: name.to_owned(),
            },
        );
        push(
            CheckId::HubCertificate,
            hub,
            CheckJob::Certificate {
                url: sms.hub_api_url.clone(),
                service: Service::Hub,
            },
        );
        // Only a key that was rotated has an old key to judge.
        if let Some(last) = sms.rotations.last() {
            push(
                CheckId::HubOldKeyRevoked,
                None,
                CheckJob::OldKeyRevoked {
                    last: last.clone(),
                    profile: name.to_owned(),
                },
            );
        }
    }
    for target in servicenow_targets(profile) {
        push(
            CheckId::ServiceNowCredentials,
            Some(&target.instance),
            CheckJob::ServiceNow {
                instance_url: target.instance.clone(),
                user: target.user,
                oauth_client_id: target.oauth_client_id,
            },
        );
    }
    if let Some(sms) = &profile.sms {
        if let (Some(url), Some(user)) = (&sms.servicenow_url, &sms.servicenow_user) {
            if let (Some(registration), Some(fields)) = (
                &sms.servicenow_registration,
                &sms.servicenow_registration_fields,
            ) {
                push(
                    CheckId::ServiceNowRegistrationKey,
                    Some(url),
                    CheckJob::RegistrationKey {
                        instance_url: url.clone(),
                        user: user.clone(),
                        registration: registration.clone(),
                        key_field: fields.key.clone(),
                        api_key: sms.api_key.clone(),
                    },
                );
            }
            if let Some(credential) = &sms.servicenow_credential {
                // A rotation writes ServiceNow before it completes (and sets
                // key_created): its start is when the key was made.
                let since = sms
                    .rotations
                    .last()
                    .and_then(|last| last.started)
                    .unwrap_or(sms.key_created);
                push(
                    CheckId::ServiceNowCredentialUpdated,
                    Some(url),
                    CheckJob::CredentialUpdated {
                        instance_url: url.clone(),
                        user: user.clone(),
                        credential: credential.clone(),
                        since,
                    },
                );
            }
        }
    }
    for instance in servicenow_hosts(profile) {
        push(
            CheckId::ServiceNowCertificate,
            Some(&instance),
            CheckJob::Certificate {
                url: instance.clone(),
                service: Service::ServiceNow,
            },
        );
    }
    if let Some(hopex) = &profile.hopex {
        let saas = hopex.deployment == Deployment::Saas;
        let server = Some(hopex.server_url.as_str());
        push(
            CheckId::HopexKey,
            server,
            CheckJob::HopexKey {
                server_url: hopex.server_url.clone(),
                schema: hopex.schema.clone(),
                saas,
            },
        );
        push(
            CheckId::HopexContext,
            server,
            CheckJob::HopexContext {
                server_url: hopex.server_url.clone(),
                schema: hopex.schema.clone(),
                saas,
                repository_id: hopex.repository_id.clone(),
                profile_id: hopex.profile_id.clone(),
            },
        );
        if !saas {
            push(
                CheckId::HopexFingerprint,
                None,
                CheckJob::HopexFingerprint {
                    saved: hopex.key_fingerprint.clone(),
                },
            );
        }
        push(
            CheckId::HopexKeyExpiry,
            None,
            CheckJob::HopexKeyExpiry {
                expires: hopex.key_expires,
                saas,
                profile: name.to_owned(),
            },
        );
        push(
            CheckId::HopexCertificate,
            server,
            CheckJob::Certificate {
                url: hopex.server_url.clone(),
                service: Service::Hopex,
            },
        );
    }
    let mut credentials = Vec::new();
    if profile.sms.is_some() {
        credentials.push(crate::domain::rotation::Credential::HubKey);
    }
    if profile
        .hopex
        .as_ref()
        .is_some_and(|h| h.deployment != Deployment::Saas)
    {
        credentials.push(crate::domain::rotation::Credential::HopexKey);
    }
    if !credentials.is_empty() {
        push(
            CheckId::RotationUnfinished,
            None,
            CheckJob::Rotation {
                config_root,
                profile: name.to_owned(),
                credentials,
            },
        );
    }
    checks
}

/// One ServiceNow sign-in a profile uses.
struct Target {
    instance: String,
    user: String,
    oauth_client_id: Option<String>,
}

/// The distinct ServiceNow sign-ins (instance, user, OAuth2 client) the profile
/// uses: HOPEX's, then the SMS connector's when it differs.
fn servicenow_targets(profile: &Profile) -> Vec<Target> {
    let mut targets: Vec<Target> = Vec::new();
    let hopex = profile.hopex.as_ref().map(|h| Target {
        instance: h.servicenow_url.clone(),
        user: h.servicenow_user.clone(),
        oauth_client_id: (h.servicenow_auth == ServiceNowAuthMode::OAuth2)
            .then(|| h.servicenow_oauth_client_id.clone().unwrap_or_default()),
    });
    let sms = profile.sms.as_ref().and_then(|s| {
        Some(Target {
            instance: s.servicenow_url.clone()?,
            user: s.servicenow_user.clone()?,
            oauth_client_id: None,
        })
    });
    for target in [hopex, sms].into_iter().flatten() {
        let same = |t: &Target| {
            t.instance.trim_end_matches('/') == target.instance.trim_end_matches('/')
                && t.user.eq_ignore_ascii_case(&target.user)
                && t.oauth_client_id == target.oauth_client_id
        };
        if !targets.iter().any(same) {
            targets.push(target);
        }
    }
    targets
}

/// The distinct ServiceNow instances, for their certificates.
fn servicenow_hosts(profile: &Profile) -> Vec<String> {
    let mut hosts: Vec<String> = Vec::new();
    for Target { instance, .. } in servicenow_targets(profile) {
        if !hosts
            .iter()
            .any(|h| h.trim_end_matches('/') == instance.trim_end_matches('/'))
        {
            hosts.push(instance);
        }
    }
    hosts
}
