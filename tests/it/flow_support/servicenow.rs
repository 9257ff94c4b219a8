//! Fixtures of the ServiceNow write and proof: what discovery finds, the
//! registration table, record reads and receipts, and finding the jobs asked for.

use std::collections::BTreeMap;

use nowkey::domain::servicenow_write::{
    AliasRef, CredentialRecord, FieldInfo, RecordRead, RecordRef, RecordStamp, RegistrationRecord,
    TableInfo, WriteReceipt,
};
use nowkey::flows::command::Command;
use nowkey::flows::job::{Job, RecordsRequest, ServiceNowCall};
use nowkey::flows::outcome::{Discovery, RecordsOutcome, TaskOutcome};
use nowkey::flows::task::TaskId;

use nowkey::flows::key::Key;
use nowkey::flows::rotate::RotateScreen;
use nowkey::flows::servicenow_write::WriterStage;

use super::rotate_screens::{flow, verified, OLD_KEY};
use super::Driver;

/// The writer's stage.
pub fn writer_stage(d: &Driver) -> WriterStage {
    flow(d).writer.as_ref().expect("the writer is open").stage
}

/// Step 4 with the writer open and its sign-in filled.
pub fn signed_in_form() -> Driver {
    let mut d = verified();
    d.keys(&[Key::Char('w')]);
    assert_eq!(flow(&d).screen(), RotateScreen::WriteServiceNow);
    // The demo's sandbox is pre-filled; typed over, as an admin would.
    d.keys(&[Key::Ctrl('u')]);
    d.type_text("http://127.0.0.1:8787");
    d.keys(&[Key::Tab]);
    d.type_text("admin");
    d.keys(&[Key::Tab]);
    d.type_text("admin-canary-pw-4711");
    d
}

/// Discovery answered: choosing the spoke's credential.
pub fn picking_credential() -> Driver {
    let mut d = signed_in_form();
    d.keys(&[Key::Enter]);
    match records_request(&d).1 {
        RecordsRequest::Discover { terms } => {
            assert!(terms.contains(&"messagemedia".to_owned()), "{terms:?}");
            assert!(terms.contains(&"sms".to_owned()), "{terms:?}");
        }
        other => panic!("expected discovery first, got {other:?}"),
    }
    answer(&mut d, RecordsOutcome::Discovered(Ok(discovery())));
    assert_eq!(writer_stage(&d), WriterStage::PickCredential);
    d
}

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

/// From step 4 to the preview, choosing every suggested row.
pub fn to_preview() -> Driver {
    let mut d = picking_credential();
    d.keys(&[Key::Enter]);
    assert_eq!(writer_stage(&d), WriterStage::PickTable);
    d.keys(&[Key::Enter]);
    answer(
        &mut d,
        RecordsOutcome::Registration(Ok((fields(), records(OLD_KEY)))),
    );
    assert_eq!(writer_stage(&d), WriterStage::PickKeyField);
    d.keys(&[Key::Enter]);
    assert_eq!(writer_stage(&d), WriterStage::PickSecretField);
    d.keys(&[Key::Enter]);
    match records_request(&d).1 {
        RecordsRequest::Registration { key_field, .. } => {
            assert_eq!(
                key_field.as_deref(),
                Some("u_api_key"),
                "the suggested key field"
            );
        }
        other => panic!("expected the records, got {other:?}"),
    }
    answer(
        &mut d,
        RecordsOutcome::Registration(Ok((fields(), records(OLD_KEY)))),
    );
    assert_eq!(writer_stage(&d), WriterStage::PickRecord);
    d.keys(&[Key::Enter]);
    match records_request(&d).1 {
        RecordsRequest::Read { reads } => {
            assert_eq!(
                reads[0],
                (credential(), Vec::<String>::new()),
                "an API key credential has nothing readable to compare"
            );
            assert_eq!(reads[1], (registration(), vec!["u_api_key".to_owned()]));
        }
        other => panic!("expected the reads, got {other:?}"),
    }
    answer(
        &mut d,
        RecordsOutcome::Read(Ok(vec![
            read("SMS Hub API key", 4, &[]),
            read("Production", 7, &[("u_api_key", OLD_KEY)]),
        ])),
    );
    assert_eq!(writer_stage(&d), WriterStage::Preview);
    d
}
