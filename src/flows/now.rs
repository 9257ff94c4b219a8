//! The time as `update` receives it. Flows never read a clock: the event loop
//! reads it once per message, and tests pass whatever time they need.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// One reading of the clocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Now {
    /// The monotonic clock, for elapsed times, spinners and deadlines.
    pub instant: Instant,
    /// The wall clock, for what is recorded (journal entries, reports).
    pub utc: DateTime<Utc>,
    /// The local time zone's offset, for "today" (a key's creation date).
    pub utc_offset: FixedOffset,
}

impl Now {
    /// The local calendar day.
    pub fn today(&self) -> NaiveDate {
        self.utc.with_timezone(&self.utc_offset).date_naive()
    }

    /// How long ago `earlier` was (zero if it is later).
    pub fn since(&self, earlier: Instant) -> Duration {
        self.instant.saturating_duration_since(earlier)
    }

    /// The same clocks `by` later.
    pub fn after(self, by: Duration) -> Now {
        Now {
            instant: self.instant + by,
            utc: self.utc + chrono::Duration::from_std(by).unwrap_or(chrono::Duration::MAX),
            utc_offset: self.utc_offset,
        }
    }
}
