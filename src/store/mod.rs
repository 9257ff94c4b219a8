//! Profiles on disk: atomic writes, mode 0600, no secrets.
