//! The HOPEX key's expiration date: the state on each side of the 30-day warning
//! and of the expiry day (the key works through its expiry day, fails the day
//! after), and the `hopex.key_expiry` finding built on it.

use chrono::{Days, NaiveDate};
use nowkey::domain::check::hopex::key_expiry;
use nowkey::domain::check::Outcome;
use nowkey::domain::hopex::expiry::{
    expiry_state, ExpiryState, EXPIRY_DAY_STILL_WORKS, EXPIRY_WARNING_DAYS,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).expect("valid date")
}

/// A key expiring `days` days from [`today`] (negative: in the past).
fn expiring_in(days: i64) -> Option<NaiveDate> {
    let today = today();
    Some(
        if days >= 0 {
            today.checked_add_days(Days::new(days as u64))
        } else {
            today.checked_sub_days(Days::new(days.unsigned_abs()))
        }
        .expect("a date"),
    )
}

#[test]
fn no_date_is_not_set_and_has_no_days() {
    assert_eq!(expiry_state(None, today()), ExpiryState::NotSet);
    assert_eq!(ExpiryState::NotSet.days_left(), None);
    assert!(!ExpiryState::NotSet.needs_rotation());
}

#[test]
fn thirty_one_days_left_is_fine_thirty_warns() {
    assert_eq!(EXPIRY_WARNING_DAYS, 30);
    assert_eq!(
        expiry_state(expiring_in(31), today()),
        ExpiryState::Valid { days_left: 31 }
    );
    assert_eq!(
        expiry_state(expiring_in(30), today()),
        ExpiryState::ExpiresSoon { days_left: 30 }
    );
}

#[test]
fn one_day_left_and_the_expiry_day_itself_still_work() {
    const { assert!(EXPIRY_DAY_STILL_WORKS, "the tests below assume it") };
    assert_eq!(
        expiry_state(expiring_in(1), today()),
        ExpiryState::ExpiresSoon { days_left: 1 }
    );
    assert_eq!(
        expiry_state(expiring_in(0), today()),
        ExpiryState::ExpiresSoon { days_left: 0 }
    );
}

#[test]
fn the_day_after_the_date_is_expired() {
    let state = expiry_state(expiring_in(-1), today());
    assert_eq!(state, ExpiryState::Expired { days_ago: 1 });
    assert_eq!(state.days_left(), Some(-1));
    assert!(state.needs_rotation());
    assert_eq!(
        expiry_state(expiring_in(-40), today()),
        ExpiryState::Expired { days_ago: 40 }
    );
}

#[test]
fn days_left_is_what_the_metric_reports() {
    assert_eq!(expiry_state(expiring_in(45), today()).days_left(), Some(45));
    assert_eq!(expiry_state(expiring_in(0), today()).days_left(), Some(0));
}

#[test]
fn the_finding_passes_warns_and_fails_with_dates_and_the_rotate_command() {
    let pass = key_expiry(expiring_in(31), today(), "hx");
    assert_eq!(pass.outcome, Outcome::Pass);
    assert!(pass.detail.contains("2027-01-05"), "{}", pass.detail);

    let warn = key_expiry(expiring_in(30), today(), "hx");
    assert_eq!(warn.outcome, Outcome::Warn);
    assert!(
        warn.detail.contains("in 30 days (2027-01-04)"),
        "{}",
        warn.detail
    );
    let fix = warn.remediation.expect("a remediation");
    assert!(fix.contains("nowkey rotate --profile hx"), "{fix}");
    assert!(fix.contains("before 2027-01-04"), "{fix}");

    let last_day = key_expiry(expiring_in(0), today(), "hx");
    assert_eq!(last_day.outcome, Outcome::Warn);
    assert!(
        last_day.detail.contains("expires today"),
        "{}",
        last_day.detail
    );

    let expired = key_expiry(expiring_in(-1), today(), "hx");
    assert_eq!(expired.outcome, Outcome::Fail);
    assert!(
        expired
            .detail
            .contains("expired on 2026-12-04 (1 days ago)"),
        "{}",
        expired.detail
    );
    assert!(expired
        .remediation
        .is_some_and(|r| r.contains("nowkey rotate --profile hx")));
}

#[test]
fn no_date_skips_and_says_how_to_record_one() {
    let skip = key_expiry(None, today(), "hx");
    assert_eq!(skip.outcome, Outcome::Skip);
    assert!(
        skip.detail.contains("no expiration date"),
        "{}",
        skip.detail
    );
    assert!(skip
        .remediation
        .is_some_and(|r| r.contains("nowkey setup hopex")));
}
