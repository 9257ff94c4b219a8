//! Each flow as a state machine: `update(state, msg) -> commands`.
