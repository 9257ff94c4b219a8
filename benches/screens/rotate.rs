//! The rotation, screen by screen: the states of tests/it/flow_rotate.rs and the
//! rest (resuming, the lock held elsewhere, the old key's deletion, completion),
//! all shared in tests/it/flow_support/rotate_screens.rs.

use crate::flow_support::rotate_screens::{more_rotation_screens, rotation_screens};
use crate::flow_support::Driver;

/// Every rotation screen worth drawing, as (name, driver).
pub fn screens() -> Vec<(&'static str, Driver)> {
    let mut all = rotation_screens();
    all.extend(more_rotation_screens());
    all
}
