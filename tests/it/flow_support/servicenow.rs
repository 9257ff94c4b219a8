//! Fixtures of the ServiceNow write and proof: what discovery finds, the
//! registration table, record reads and receipts, and finding the jobs asked for.

use std::collections::BTreeMap;

use nowkey::domain::servicenow_write::{
    AliasRef, CredentialRecord, FieldInfo, RecordRead, RecordRef, RecordStamp,
    RegistrationRecord, TableInfo, WriteReceipt,
};
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, RecordsRequest, ServiceNowCall};
use nowkey::flows::outcome::{Discovery, RecordsOutcome, TaskOutcome};
use nowkey::flows::task::TaskId;

use super::Driver;

pub const CRED_ID: &str = "11111111111111111111111111111111";
pub const REG_ID: &str = "22222222222222222222222222222222";
pub const REG_TABLE: &str = "x_test_sms_environment_registration";

pub fn credential() -> RecordRef {
    RecordRef::new("api_key_credentials", CRED_ID).unwrap()
}

pub fn registration() -> RecordRef {
    RecordRef::new(REG_TABLE, REG_ID).unwrap()
}

pub fn discovery() -> Discovery {
    Discovery {
        credentials: vec![CredentialRecord {
            record: credential(),
            name: "SMS Hub API key".into(),
            active: true,
            updated_on: "2026-08-01 09:00:00".into(),
            alias: Some(AliasRef {
                sys_id: "33333333333333333333333333333333".into(),
                name: Some("SMS Hub".into()),
            }),
        }],
        tables: vec![TableInfo {
            name: REG_TABLE.into(),
            label: "Environment Registration".into(),
            scope: Some("x_test_sms".into()),
        }],
    }
}

pub fn fields() -> Vec<FieldInfo> {
    let f = |e: &str, l: &str, t: &str| FieldInfo {
        element: e.into(),
        label: l.into(),
        internal_type: t.into(),
    };
    vec![
        f("u_name", "Name", "string"),
        f("u_api_key", "API Key", "string"),
        f("u_api_secret", "API Secret", "password2"),
    ]
}

pub fn records(holds: &str) -> Vec<RegistrationRecord> {
    vec![RegistrationRecord {
        record: registration(),
        name: "Production".into(),
        updated_on: "2026-08-01 09:00:00".into(),
        key_value: Some(holds.into()),
    }]
}

pub fn stamp(mod_count: u64) -> RecordStamp {
    RecordStamp {
        mod_count,
        updated_on: "2026-11-21 10:00:00".into(),
    }
}

pub fn read(name: &str, mod_count: u64, values: &[(&str, &str)]) -> RecordRead {
    RecordRead {
        name: Some(name.into()),
        stamp: stamp(mod_count),
        values: values
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>(),
    }
}

pub fn receipt(target: RecordRef, before: u64, after: u64) -> WriteReceipt {
    WriteReceipt {
        target,
        before: stamp(before),
        after: stamp(after),
    }
}

/// The last records request, with its task.
pub fn records_request(d: &Driver) -> (TaskId, &RecordsRequest) {
    d.last
        .iter()
        .find_map(|c| match c {
            Command::Start {
                task,
                job: Job::ServiceNow(ServiceNowCall::Records { request, .. }),
            } => Some((*task, request)),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no ServiceNow records request in {:?}", d.last))
}

/// Answers the last records request.
pub fn answer(d: &mut Driver, outcome: RecordsOutcome) {
    let (task, _) = records_request(d);
    d.complete(task, TaskOutcome::Records(outcome));
}
