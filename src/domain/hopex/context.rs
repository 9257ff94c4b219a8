//! Whether the repository and profile a key opens are the ones the profile says.
