//! Clients for the remote systems, on reqwest. Every failure is a
//! [`crate::domain::remote_error::ClientError`].

pub mod certificate;
pub mod hopex;
pub mod http;
pub mod hub;
pub mod response;
pub mod sandbox_admin;
pub mod servicenow;
pub mod trust;

#[cfg(test)]
mod tests;
