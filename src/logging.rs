//! tracing to a log file under the config dir. Never logs a secret.
