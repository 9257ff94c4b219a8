//! The validation (validate a configuration): the states of tests/it/screens_validate.rs
//! (shared in tests/it/flow_support/validate_screens.rs), plus one more selection.

use nowkey::flows::key::Key;

use crate::flow_support::validate::finished_prod;
use crate::flow_support::Driver;

/// Every validation screen worth seeing, as (name, driver).
pub fn screens() -> Vec<(&'static str, Driver)> {
    let mut all = crate::flow_support::validate_screens::screens();
    let mut results_moved = finished_prod();
    results_moved.keys(&[Key::Down, Key::Down]);
    all.push(("validate_results_third_selected", results_moved));
    all
}
