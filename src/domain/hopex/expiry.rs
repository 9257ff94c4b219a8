//! A HOPEX API key's expiration date, and how close it is.
