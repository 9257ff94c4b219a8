//! A HOPEX API key's expiration date, and how close it is.
//!
//! HOPEX V6.2 and later let a key have an optional expiration date. Whether the
//! key still works *on* that day is not confirmed by HOPEX's documentation:
//! nowkey takes the date as the key's last working day (it stops working the
//! day after), and that one assumption is [`EXPIRY_DAY_STILL_WORKS`]. Change it
//! there, and every check, metric and screen follows.

use chrono::NaiveDate;

/// A key expiring within this many days (counting the expiry day as 0) is a
/// warning.
pub const EXPIRY_WARNING_DAYS: i64 = 30;

/// Whether a key still works on its expiration date itself (*unconfirmed*: HOPEX
/// does not say). `true`: it fails from the day after the date.
pub const EXPIRY_DAY_STILL_WORKS: bool = true;

/// How a key stands against its expiration date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryState {
    /// The key was given no expiration date.
    NotSet,
    /// More than [`EXPIRY_WARNING_DAYS`] days left.
    Valid {
        /// Days from today to the expiration date.
        days_left: i64,
    },
    /// Still works, for [`EXPIRY_WARNING_DAYS`] days or fewer (0: its last day).
    ExpiresSoon {
        /// Days from today to the expiration date (0 on the date itself).
        days_left: i64,
    },
    /// No longer works.
    Expired {
        /// Days since the expiration date (at least 1 while the expiry day
        /// still works).
        days_ago: i64,
    },
}

impl ExpiryState {
    /// Days until the expiration date, negative once past it; `None` when no date
    /// was set. The value `nowkey_key_expiry_days` reports.
    pub fn days_left(self) -> Option<i64> {
        match self {
            ExpiryState::NotSet => None,
            ExpiryState::Valid { days_left } | ExpiryState::ExpiresSoon { days_left } => {
                Some(days_left)
            }
            ExpiryState::Expired { days_ago } => Some(-days_ago),
        }
    }

    /// True when the key should be replaced now: expiring soon, or expired.
    pub fn needs_rotation(self) -> bool {
        matches!(
            self,
            ExpiryState::ExpiresSoon { .. } | ExpiryState::Expired { .. }
        )
    }
}

/// Where a key expiring on `expires` stands on `today`.
pub fn expiry_state(expires: Option<NaiveDate>, today: NaiveDate) -> ExpiryState {
    let Some(expires) = expires else {
        return ExpiryState::NotSet;
    };
    let days_left = (expires - today).num_days();
    let expired = if EXPIRY_DAY_STILL_WORKS {
        days_left < 0
    } else {
        days_left <= 0
    };
    if expired {
        ExpiryState::Expired {
            days_ago: -days_left,
        }
    } else if days_left <= EXPIRY_WARNING_DAYS {
        ExpiryState::ExpiresSoon { days_left }
    } else {
        ExpiryState::Valid { days_left }
    }
}
