//! The log file: events land in it, it is private, init is idempotent.
//! In the process-global binary, because `init` installs a process-wide subscriber.

use nowkey::store::ConfigDir;

#[test]
fn events_land_in_a_private_file() {
    // The assertions below assume the default level; nothing else in this binary
    // reads NOWKEY_LOG, so changing it cannot race another test.
    std::env::remove_var("NOWKEY_LOG");
    let tmp = tempfile::tempdir().unwrap();
    let dir = ConfigDir::resolve(Some(tmp.path().join("cfg"))).unwrap();
    nowkey::logging::init(&dir).unwrap();
    // A second call (another test, a re-entered main) must not fail.
    nowkey::logging::init(&dir).unwrap();

    tracing::info!(profile = "prod", "canary-info-event");
    tracing::trace!("canary-trace-event");

    let text = std::fs::read_to_string(dir.log_path()).unwrap();
    assert!(text.contains("canary-info-event"), "{text}");
    assert!(text.contains("profile=\"prod\""), "{text}");
    assert!(
        !text.contains("canary-trace-event"),
        "default level is info: {text}"
    );
    assert!(!text.contains('\u{1b}'), "no ANSI escapes: {text:?}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.log_path())
            .unwrap()
            .permissions()
            .mode()
            & 0o777;
        assert_eq!(mode, 0o600);
    }
}
