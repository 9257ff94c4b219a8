//! The bad-input suite (issue "Evidence", part 3): a table of malformed inputs for
//! every text field of every flow. Each row drives the real flow through `update`
//! to its field, types or pastes the value (bracketed paste for anything a terminal
//! would paste: multi-line, control characters, 1 MiB), presses Enter (Ctrl-L for
//! the local-number conversion; a ":" in a key is judged as it arrives), and checks
//! on the rendered screen that
//! - nothing panicked and the flow stayed on the same step,
//! - the message beside the field says what is wrong,
//! - a secret field's value is never drawn.
//!
//! Some rows expect the value to be accepted (where trimming or allowing it is the
//! rule); they are counted apart from the refusals.

pub mod fields;
pub mod nav;
pub mod rows_hopex;
pub mod rows_rotate;
pub mod rows_shared;
pub mod rows_sms;
pub mod run;
pub mod table;

use std::io::Write as _;

use self::run::{Expect, Row};

/// The issue asks for at least this many refused inputs.
const MIN_REFUSALS: usize = 60;

fn all_rows() -> Vec<Row> {
    let mut rows = rows_sms::rows();
    rows.extend(rows_hopex::rows());
    rows.extend(rows_rotate::rows());
    rows.extend(table::mebibyte_pastes());
    rows.extend(table::ten_kilobyte_urls());
    rows
}

#[test]
fn every_malformed_input_gets_a_message_beside_its_field_and_no_panic() {
    let rows = all_rows();
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|row| {
            row.check()
                .err()
                .map(|why| format!("{}\n  {why}", row.describe()))
        })
        .collect();
    let refusals = rows
        .iter()
        .filter(|r| matches!(r.expect, Expect::Refused(_)))
        .count();
    let acceptances = rows.len() - refusals;
    let counts =
        format!("bad-input table: {refusals} rejection rows, {acceptances} acceptance rows");
    // eprintln! output of a passing test is captured by the harness; a direct
    // write to stderr is not, so CI logs show the counts on every run.
    let _ = writeln!(std::io::stderr(), "{counts}");
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
    assert!(
        refusals >= MIN_REFUSALS,
        "only {refusals} rejection rows (at least {MIN_REFUSALS} wanted)"
    );
}

#[test]
fn the_table_covers_every_text_field_of_every_flow() {
    use self::fields::Field::*;
    let rows = all_rows();
    let every_field = [
        HubUrl,
        ApiKey,
        ApiSecret,
        SmsInstance,
        SmsUser,
        SmsPassword,
        Phone,
        PhoneLocal,
        SmsProfileName,
        Version,
        Server,
        OwnLogin,
        KeyName,
        HopexLogin,
        EnvironmentId,
        RepositoryId,
        ProfileId,
        HopexApiKey,
        HopexInstance,
        HopexUser,
        HopexPassword,
        HopexProfileName,
        OldSecret,
        NewKey,
        NewSecret,
        ReenteredSecret,
        RotationPhone,
        OldSecretAgain,
    ];
    for field in every_field {
        let refused = rows
            .iter()
            .filter(|r| r.field == field && matches!(r.expect, Expect::Refused(_)))
            .count();
        assert!(refused >= 2, "{field:?} has only {refused} rejection rows");
    }
}
