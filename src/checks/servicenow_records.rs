//! The checks of the records nowkey writes the key to, read as the profile's
//! ServiceNow user: the Environment Registration holds the profile's key, and
//! the spoke's credential changed since the key was created. Neither reads a
//! secret: the key id is not one, and the credential is judged by its date.

use chrono::NaiveDate;
use secrecy::SecretString;

use crate::clients::http::Timeouts;
use crate::clients::servicenow::ServiceNowClient;
use crate::domain::check::plan::CheckJob;
use crate::domain::check::Finding;
use crate::domain::remote_error::ClientError;
use crate::domain::servicenow::ServiceNowCredentials;

/// Runs a [`CheckJob::RegistrationKey`] or [`CheckJob::CredentialUpdated`].
pub(super) async fn find(
    job: &CheckJob,
    password: SecretString,
    timeouts: Timeouts,
) -> Result<Finding, ClientError> {
    match job {
        CheckJob::RegistrationKey {
            instance_url,
            user,
            registration,
            key_field,
            api_key,
        } => {
            let client = client(instance_url, user, password, timeouts)?;
            let read = client
                .read_record(registration, &[key_field.as_str()])
                .await?;
            Ok(match read.values.get(key_field) {
                Some(held) if held == api_key => Finding::pass(format!(
                    "The Environment Registration record {registration} holds key {api_key}."
                )),
                Some(held) if held.is_empty() => Finding::fail(
                    format!("The Environment Registration record {registration} holds no key in {key_field}."),
                    "Write the key into it: nowkey servicenow apply --profile NAME, or by hand.",
                ),
                Some(held) => Finding::fail(
                    format!(
                        "The Environment Registration record {registration} holds key {held}, not the profile's {api_key}: inbound SMS uses another key."
                    ),
                    "Write the profile's key into it: nowkey servicenow apply --profile NAME (or finish the rotation that changed it).",
                ),
                None => Finding::skip(
                    format!("The field {key_field} of {registration} could not be read as this user (an ACL, or an encrypted field), so the key was not compared."),
                    Some("Give the profile's ServiceNow user read access to that field to have it checked."),
                ),
            })
        }
        CheckJob::CredentialUpdated {
            instance_url,
            user,
            credential,
            since,
        } => {
            let client = client(instance_url, user, password, timeouts)?;
            match client.read_record(credential, &[]).await {
                Ok(read) => Ok(judge_update(
                    &read.stamp.updated_on,
                    *since,
                    &credential.to_string(),
                )),
                // An integration user usually may not read credential records.
                Err(ClientError::CredentialAccess { .. } | ClientError::AclEmpty { .. }) => {
                    Ok(Finding::skip(
                        format!("{user} may not read credential records (that needs admin or credential_admin), so when {credential} last changed was not read."),
                        Some("Run the check as a ServiceNow user with credential_admin to have it judged."),
                    ))
                }
                Err(error) => Err(error),
            }
        }
        _ => Ok(Finding::skip(
            "Not a ServiceNow record check.",
            None::<String>,
        )),
    }
}

fn client(
    url: &str,
    user: &str,
    password: SecretString,
    timeouts: Timeouts,
) -> Result<ServiceNowClient, ClientError> {
    ServiceNowClient::new(
        url,
        ServiceNowCredentials {
            user: user.to_owned(),
            password,
            oauth: None,
        },
        timeouts,
    )
}

/// The credential changed on or after the day the key was made: pass; earlier:
/// ServiceNow may still hold the previous key. ServiceNow's time is UTC and the
/// day may be a local one, so a day's difference is allowed.
pub(crate) fn judge_update(updated_on: &str, key_created: NaiveDate, record: &str) -> Finding {
    let day = updated_on
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let earliest = key_created.pred_opt().unwrap_or(key_created);
    match day {
        Some(day) if day >= earliest => Finding::pass(format!(
            "The spoke's credential {record} was updated on {updated_on} UTC, on or after the day the key was made ({key_created})."
        )),
        Some(_) => Finding::warn(
            format!(
                "The spoke's credential {record} was last updated on {updated_on} UTC, before the key was made ({key_created}): ServiceNow may still hold the previous key."
            ),
            "Write the current token into it: nowkey servicenow apply --profile NAME, or paste it by hand.",
        ),
        None => Finding::skip(
            format!("ServiceNow gave no readable update time for {record}, so it was not judged."),
            None::<String>,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::check::Outcome;

    #[test]
    fn an_update_before_the_key_warns_and_on_or_after_passes() {
        let created = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let judge = |at: &str| judge_update(at, created, "t/x").outcome;
        assert_eq!(judge("2026-11-29 23:59:59"), Outcome::Warn);
        assert_eq!(
            judge("2026-11-30 23:59:59"),
            Outcome::Pass,
            "a day for time zones"
        );
        assert_eq!(judge("2026-12-01 00:00:00"), Outcome::Pass);
        assert_eq!(judge("garbage"), Outcome::Skip);
    }
}
