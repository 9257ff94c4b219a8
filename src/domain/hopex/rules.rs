//! The HOPEX API-key field rules (the helper fills this in).
