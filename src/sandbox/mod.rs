//! The embedded simulator of the Hub (and later ServiceNow and HOPEX), on axum.
