//! Where and how a HOPEX API key is made, viewed again and revoked, by version.
