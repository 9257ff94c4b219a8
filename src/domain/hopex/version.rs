//! The HOPEX version gate (the helper fills this in).
