//! The ServiceNow parts shared by the rotation and the SMS setup: nowkey
//! writing the key into ServiceNow, and the test sent from ServiceNow.

pub mod proof;
pub mod writer;
