//! `nowkey servicenow apply`: the profile's Hub key written into the spoke's
//! credential and the Environment Registration record, after a preview; a write
//! counts only when ServiceNow's `sys_mod_count` went up.

use std::io::IsTerminal;

use secrecy::SecretString;
use serde::Serialize;

use super::discover::ErrorEntry;
use super::preview::{confirmed, print_preview};
use super::secrets::{admin_password, hub_secret, StdinDocument};
use super::{admin_client, instance_url, print_json, runtime, sms_profile, APPLY_SCHEMA};
use crate::cli::{ApplyArgs, GlobalArgs};
use crate::clients::http::Timeouts;
use crate::clients::servicenow::ServiceNowClient;
use crate::commands::exit::{CommandError, Exit};
use crate::domain::paste::{clean_api_key, clean_api_secret};
use crate::domain::profile::SmsProfile;
use crate::domain::remote_error::{ClientError, Service};
use crate::domain::servicenow_write::{
    credential_fields, plan_record, PlannedWrite, RecordRef, RecordStamp, RegistrationFields,
    TargetKind, WriteValue,
};
use crate::domain::token::HubCredentials;
use crate::domain::untrusted::clean_line;
use crate::store::{load_profiles, save_profile};

/// The `nowkey.servicenow-apply/1` document. Never a value.
#[derive(Debug, Serialize)]
pub struct ApplyDocument {
    /// `nowkey.servicenow-apply/1`.
    pub schema: &'static str,
    /// True when every record was saved (or, with `--dry-run`, previewed).
    pub ok: bool,
    /// Nothing was written.
    pub dry_run: bool,
    /// The profile.
    pub profile: String,
    /// The instance URL.
    pub instance: String,
    /// The admin user the writes ran as.
    pub admin_user: String,
    /// The key id written.
    pub api_key: String,
    /// Each record: the preview, and what ServiceNow saved.
    pub writes: Vec<WriteEntry>,
    /// Why it stopped, when it did.
    pub error: Option<ErrorEntry>,
}

/// One record.
#[derive(Debug, Serialize)]
pub struct WriteEntry {
    /// The preview.
    #[serde(flatten)]
    pub plan: PlannedWrite,
    /// Whether ServiceNow saved it (`null`: not attempted).
    pub saved: Option<bool>,
    /// The stamp after the write.
    pub after: Option<RecordStamp>,
}

/// The records to write to: from the flags, else the profile.
struct Targets {
    credential: RecordRef,
    registration: RecordRef,
    fields: RegistrationFields,
}

fn targets(args: &ApplyArgs, sms: &SmsProfile) -> Result<Targets, CommandError> {
    let parse = |flag: &str, given: Option<&String>| -> Result<Option<RecordRef>, CommandError> {
        given
            .map(|text| {
                text.parse()
                    .map_err(|e| CommandError::usage(format!("{flag}: {e}")))
            })
            .transpose()
    };
    let credential = parse("--credential", args.credential.as_ref())?
        .or_else(|| sms.servicenow_credential.clone())
        .ok_or_else(|| CommandError::usage("No credential record: give --credential TABLE/SYS_ID (nowkey servicenow discover lists them)."))?;
    let registration = parse("--registration", args.registration.as_ref())?
        .or_else(|| sms.servicenow_registration.clone())
        .ok_or_else(|| CommandError::usage("No Environment Registration record: give --registration TABLE/SYS_ID (nowkey servicenow discover lists them)."))?;
    let fields = match &args.registration_fields {
        Some(text) => text
            .parse()
            .map_err(|e| CommandError::usage(format!("--registration-fields: {e}")))?,
        None => sms.servicenow_registration_fields.clone().ok_or_else(|| {
            CommandError::usage("No registration fields: give --registration-fields KEY_FIELD,SECRET_FIELD (nowkey servicenow discover suggests them).")
        })?,
    };
    if credential_fields(&credential.table).is_none() {
        return Err(CommandError::usage(format!(
            "--credential: nowkey writes only api_key_credentials and basic_auth_credentials records, not {}.",
            credential.table
        )));
    }
    Ok(Targets {
        credential,
        registration,
        fields,
    })
}

/// Runs `nowkey servicenow apply`.
pub fn run(
    args: &ApplyArgs,
    global: &GlobalArgs,
    timeouts: Timeouts,
) -> Result<Exit, CommandError> {
    // Never a write without a confirmation: asked at a terminal, else --yes.
    let can_ask = !args.secrets_stdin && std::io::stdin().is_terminal();
    if !args.dry_run && !args.yes && !can_ask {
        return Err(CommandError::usage(
            "nowkey writes to ServiceNow only after a confirmation, and there is no terminal to ask on: check the preview with --dry-run, then give --yes.",
        ));
    }
    let (dir, sms) = sms_profile(global, &args.profile)?;
    if !args.dry_run {
        refuse_during_rotation(&dir, &args.profile)?;
    }
    let targets = targets(args, &sms)?;
    let url = instance_url(global, Some(&sms))?;
    let stdin = if args.secrets_stdin {
        Some(StdinDocument::read()?)
    } else {
        None
    };
    let password = admin_password(stdin.as_ref())?;
    let key = clean_api_key(&sms.api_key)
        .map_err(|e| CommandError::usage(format!("The profile's API key: {e}")))?;
    // A dry run writes nothing, so it needs no Hub secret.
    let credentials = if args.dry_run {
        None
    } else {
        let secret = hub_secret(stdin.as_ref())?;
        let secret = clean_api_secret(secrecy::ExposeSecret::expose_secret(&secret))
            .map_err(|e| CommandError::usage(e.to_string()))?;
        let credentials = HubCredentials {
            key: key.clone(),
            secret,
        };
        let fingerprint = credentials.token().fingerprint();
        if fingerprint != sms.token_fingerprint {
            return Err(CommandError::usage(format!(
                "That Hub secret does not belong to key {} (its token's fingerprint {fingerprint} differs from the profile's {}): give the secret of the profile's current key.",
                sms.api_key, sms.token_fingerprint
            )));
        }
        Some(credentials)
    };
    let client = admin_client(&url, &args.admin_user, password, timeouts)?;
    let mut document = ApplyDocument {
        schema: APPLY_SCHEMA,
        ok: false,
        dry_run: args.dry_run,
        profile: args.profile.clone(),
        instance: client.base_url().to_owned(),
        admin_user: clean_line(args.admin_user.trim()),
        api_key: sms.api_key.clone(),
        writes: Vec::new(),
        error: None,
    };
    let runtime = runtime()?;
    let outcome = runtime.block_on(async {
        check_secret_field(&client, &targets).await?;
        let plan = preview(&client, &targets, key.as_str()).await?;
        document.writes = plan
            .into_iter()
            .map(|plan| WriteEntry {
                plan,
                saved: None,
                after: None,
            })
            .collect();
        if !args.json {
            print_preview(&document, false);
        } else if !args.dry_run && !args.yes {
            // About to ask: the preview goes where the question goes.
            print_preview(&document, true);
        }
        let Some(credentials) = &credentials else {
            return Ok(true);
        };
        if !args.yes && !confirmed()? {
            return Ok(false);
        }
        write_all(&client, credentials, &mut document, args.json).await?;
        Ok(true)
    });
    let exit = match outcome {
        Ok(true) => {
            document.ok = true;
            if !args.dry_run {
                remember(&dir, &args.profile, &targets, &sms, args.json);
            }
            Exit::Success
        }
        Ok(false) => {
            eprintln!("Nothing was written.");
            Exit::Failed
        }
        Err(Failure::Client(error)) => {
            let failure = CommandError::from_client(&error, Service::ServiceNow);
            document.error = Some(ErrorEntry {
                class: error.class().to_owned(),
                message: failure.message.clone(),
            });
            if !args.json {
                eprintln!("✗ {}", failure.message);
            }
            failure.exit
        }
        Err(Failure::Input(error)) => return Err(error),
    };
    if args.json {
        print_json(&document);
    }
    Ok(exit)
}

/// Why an apply stopped.
enum Failure {
    Client(ClientError),
    Input(CommandError),
}

impl From<ClientError> for Failure {
    fn from(error: ClientError) -> Self {
        Failure::Client(error)
    }
}

impl From<CommandError> for Failure {
    fn from(error: CommandError) -> Self {
        Failure::Input(error)
    }
}

/// A rotation of the profile under way may already have written its new key:
/// writing the profile's (old) key over it would undo that.
fn refuse_during_rotation(dir: &crate::store::ConfigDir, name: &str) -> Result<(), CommandError> {
    match crate::store::load_rotation(dir, name, crate::domain::rotation::Credential::HubKey)? {
        Some(rotation) if !rotation.phase.is_terminal() => Err(CommandError::usage(format!(
            "A rotation of {} is in progress (at \"{}\"): finish or abandon it with nowkey rotate --profile {} before writing with apply.",
            crate::domain::profile_rules::shown(name),
            rotation.phase.title(),
            crate::domain::profile_rules::shown(name)
        ))),
        _ => Ok(()),
    }
}

/// The registration's secret field must be an encrypted one: anywhere else the
/// secret would be readable.
async fn check_secret_field(client: &ServiceNowClient, targets: &Targets) -> Result<(), Failure> {
    let fields = client.table_fields(&targets.registration.table).await?;
    let secret = &targets.fields.secret;
    match fields.iter().find(|f| &f.element == secret) {
        Some(field) if field.is_encrypted() => Ok(()),
        Some(_) => Err(Failure::Input(CommandError::usage(format!(
            "--registration-fields: {secret} is not an encrypted field of {}, so the secret would be readable there: give the encrypted (password2) field that holds the API secret.",
            targets.registration.table
        )))),
        None => Err(Failure::Input(CommandError::usage(format!(
            "--registration-fields: {} has no field {secret} (nowkey servicenow discover lists its fields).",
            targets.registration.table
        )))),
    }
}

/// Reads both records (readable fields only) and plans the writes.
async fn preview(
    client: &ServiceNowClient,
    targets: &Targets,
    key: &str,
) -> Result<Vec<PlannedWrite>, ClientError> {
    let readable: &[&str] = if targets.credential.table == "basic_auth_credentials" {
        &["user_name"]
    } else {
        &[]
    };
    let credential = client.read_record(&targets.credential, readable).await?;
    let registration = client
        .read_record(&targets.registration, &[targets.fields.key.as_str()])
        .await?;
    let cred_writes = credential_fields(&targets.credential.table).unwrap_or_default();
    let name = |read: &crate::domain::servicenow_write::RecordRead, r: &RecordRef| {
        read.name.clone().unwrap_or_else(|| r.sys_id.clone())
    };
    Ok(vec![
        plan_record(
            TargetKind::Credential,
            targets.credential.clone(),
            name(&credential, &targets.credential),
            &cred_writes,
            &credential.values,
            key,
            credential.stamp.clone(),
        ),
        plan_record(
            TargetKind::Registration,
            targets.registration.clone(),
            name(&registration, &targets.registration),
            &targets.fields.writes(),
            &registration.values,
            key,
            registration.stamp.clone(),
        ),
    ])
}

/// Writes each record in turn; stops at the first that is not saved.
async fn write_all(
    client: &ServiceNowClient,
    credentials: &HubCredentials,
    document: &mut ApplyDocument,
    quiet: bool,
) -> Result<(), ClientError> {
    let token = SecretString::from(credentials.token().expose().to_owned());
    let secret = SecretString::from(credentials.secret.expose().to_owned());
    let key = SecretString::from(credentials.key.as_str().to_owned());
    for entry in &mut document.writes {
        let values: Vec<(&str, &SecretString)> = entry
            .plan
            .fields
            .iter()
            .map(|f| {
                let value = match f.value {
                    WriteValue::Key => &key,
                    WriteValue::Secret => &secret,
                    WriteValue::Token => &token,
                };
                (f.field.as_str(), value)
            })
            .collect();
        match client.write_record(&entry.plan.target, &values).await {
            Ok(receipt) => {
                if !quiet {
                    eprintln!(
                        "✓ saved {} (sys_mod_count {} → {})",
                        receipt.target, receipt.before.mod_count, receipt.after.mod_count
                    );
                }
                entry.saved = Some(true);
                entry.after = Some(receipt.after);
            }
            Err(error) => {
                entry.saved = Some(false);
                return Err(error);
            }
        }
    }
    Ok(())
}

/// The records written to go into the profile, so the next rotation goes
/// straight to the preview. A failure to save is said, not fatal: ServiceNow
/// already holds the key.
fn remember(
    dir: &crate::store::ConfigDir,
    name: &str,
    targets: &Targets,
    sms: &SmsProfile,
    quiet: bool,
) {
    let same = sms.servicenow_credential.as_ref() == Some(&targets.credential)
        && sms.servicenow_registration.as_ref() == Some(&targets.registration)
        && sms.servicenow_registration_fields.as_ref() == Some(&targets.fields);
    if same {
        return;
    }
    let saved = load_profiles(dir)
        .map_err(|e| e.to_string())
        .and_then(|file| {
            let mut profile = file
                .profiles
                .get(name)
                .cloned()
                .ok_or("the profile is gone")?;
            let Some(sms) = profile.sms.as_mut() else {
                return Err("the profile has no SMS part".to_owned());
            };
            sms.servicenow_credential = Some(targets.credential.clone());
            sms.servicenow_registration = Some(targets.registration.clone());
            sms.servicenow_registration_fields = Some(targets.fields.clone());
            save_profile(dir, name, profile).map_err(|e| e.to_string())
        });
    match saved {
        Ok(()) if !quiet => eprintln!("The profile remembers these records for the next rotation."),
        Ok(()) => {}
        Err(why) => eprintln!("! The records could not be remembered in the profile: {why}."),
    }
}
