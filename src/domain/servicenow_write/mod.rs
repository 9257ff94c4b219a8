//! Writing the Hub credentials into ServiceNow and proving ServiceNow sends with
//! them: the pure part.
//!
//! The SMS connector's own tables are not public, so nothing here names them:
//! targets are found through ServiceNow's standard metadata tables
//! (`discovery_credentials`, `sys_alias`, `sys_db_object`, `sys_dictionary`) and
//! confirmed by the operator, then remembered in the profile as
//! [`RecordRef`]s (`TABLE/SYS_ID`).
//!
//! A write is previewed first ([`PlannedWrite`]: table, record, field names and
//! whether each changes, never a value), and counted as done only when the
//! record's `sys_mod_count` went up ([`WriteReceipt::saved`]): ServiceNow answers
//! 200 and silently keeps the old value when an encrypted field is written
//! without `sysparm_input_display_value=true`.

mod plan;
mod proof;
mod records;
mod target;

pub use plan::{
    credential_fields, plan_record, FieldChange, PlannedField, PlannedWrite, RecordStamp,
    TargetKind, WriteReceipt, WriteValue,
};
pub use proof::{find_proof, ProofCode, ProofOutcome, ReportedMessage, PROOF_PREFIX};
pub use records::{
    default_search_terms, suggest_registration_fields, AliasRef, CredentialRecord, FieldInfo,
    RecordRead, RegistrationRecord, TableInfo, ENCRYPTED_TYPE,
};
pub use target::{is_name, RecordRef, RegistrationFields, TargetError};
