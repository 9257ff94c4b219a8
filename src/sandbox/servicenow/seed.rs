//! The records the sandbox's instance starts with, so the demo works end to
//! end: the SMS connector's alias, its credential (holding the
//! [`SEEDED_HUB_KEY`]'s token), an unrelated credential, and the connector's
//! Environment Registration record (holding the same key and secret).
//!
//! Their sys_ids are fixed, so tests and demos can rely on them.

use std::collections::BTreeMap;

use super::records::StoredRecord;
use super::schema::{ALIAS_TABLE, REGISTRATION_TABLE};
use crate::sandbox::seeded_key::SEEDED_HUB_KEY;

/// `sys_alias.sys_id` of the SMS connector's alias.
pub const SMS_ALIAS_SYS_ID: &str = "656a3619adcf48e8b658c8e142aa1edf";
/// `sys_alias.name` of the SMS connector's alias.
pub const SMS_ALIAS_NAME: &str = "SMS Hub";
/// `sys_alias.id` (`scope.alias`) of the SMS connector's alias.
pub const SMS_ALIAS_ID: &str = "x_nkdemo_sms.sms_hub";
/// The `api_key_credentials` record the simulated spoke sends with.
pub const SMS_CREDENTIAL_SYS_ID: &str = "7c1c1c0b9ae54bcdb17ff959a70c5e6a";
/// Its name.
pub const SMS_CREDENTIAL_NAME: &str = "SMS Hub API key";
/// A `basic_auth_credentials` record that has nothing to do with SMS.
pub const JIRA_CREDENTIAL_SYS_ID: &str = "0fefe3c46d3c46469b7b70b1c5705ca2";
/// Its name.
pub const JIRA_CREDENTIAL_NAME: &str = "Jira integration";
/// The seeded Environment Registration record.
pub const REGISTRATION_SYS_ID: &str = "9c58b4b09f50428f97d85936b9eb9779";

/// When every seeded record was created and last updated.
const SEEDED_ON: &str = "2025-01-06 09:00:00";

fn record(class: &'static str, sys_id: &str, values: &[(&'static str, &str)]) -> StoredRecord {
    StoredRecord {
        class,
        sys_id: sys_id.to_owned(),
        values: values
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
        created_on: SEEDED_ON.to_owned(),
        updated_on: SEEDED_ON.to_owned(),
        mod_count: 0,
    }
}

/// The seeded records; the registration's Hub URL is `hub_url`, the sandbox's
/// own address.
pub(crate) fn seeded_records(hub_url: &str) -> Vec<StoredRecord> {
    let token = SEEDED_HUB_KEY.token();
    vec![
        record(
            ALIAS_TABLE,
            SMS_ALIAS_SYS_ID,
            &[
                ("name", SMS_ALIAS_NAME),
                ("id", SMS_ALIAS_ID),
                ("type", "credential"),
            ],
        ),
        record(
            "api_key_credentials",
            SMS_CREDENTIAL_SYS_ID,
            &[
                ("name", SMS_CREDENTIAL_NAME),
                ("active", "true"),
                ("order", "100"),
                ("credential_alias", SMS_ALIAS_SYS_ID),
                ("api_key", &token),
            ],
        ),
        record(
            "basic_auth_credentials",
            JIRA_CREDENTIAL_SYS_ID,
            &[
                ("name", JIRA_CREDENTIAL_NAME),
                ("active", "true"),
                ("order", "100"),
                ("credential_alias", ""),
                ("user_name", "jira.bot"),
                ("password", "jira-sandbox-pw"),
            ],
        ),
        record(
            REGISTRATION_TABLE,
            REGISTRATION_SYS_ID,
            &[
                ("u_name", "SMS Hub (sandbox)"),
                ("u_hub_url", hub_url),
                ("u_api_key", SEEDED_HUB_KEY.api_key),
                ("u_api_secret", SEEDED_HUB_KEY.api_secret),
                ("u_active", "true"),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::servicenow::schema::{field, is_a};

    #[test]
    fn every_seeded_value_is_a_field_of_its_record() {
        for r in seeded_records("http://127.0.0.1:1") {
            for element in r.values.keys() {
                let f = field(r.class, element);
                assert!(
                    f.is_some_and(|f| !f.element.starts_with("sys_")),
                    "{}.{element}",
                    r.class
                );
            }
            assert_eq!(r.sys_id.len(), 32);
            assert!(
                is_a(r.class, ALIAS_TABLE)
                    || is_a(r.class, "discovery_credentials")
                    || is_a(r.class, REGISTRATION_TABLE)
            );
        }
    }
}
