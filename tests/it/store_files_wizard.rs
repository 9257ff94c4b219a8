//! The wizard with a planted `nowkey.log` link: it still runs, says logging is
//! off and why, and neither appends to nor changes the mode of the link's target.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use crate::support::pty::{Pty, PtyOptions};

#[test]
fn the_wizard_runs_without_a_log_when_nowkey_log_is_a_link_and_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    std::fs::create_dir(&config).unwrap();
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o700)).unwrap();
    let victim = tmp.path().join("victim.txt");
    std::fs::write(&victim, "do not touch\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::os::unix::fs::symlink(&victim, config.join("nowkey.log")).unwrap();

    let mut pty = Pty::spawn(PtyOptions::new(&[], &config));
    pty.expect("Set up the SMS connector", Duration::from_secs(10));
    pty.send(b"\x03");
    assert_eq!(pty.wait_exit(Duration::from_secs(10)), Ok(0));

    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    assert!(raw.contains("nowkey: logging is off: "), "{raw}");
    assert!(
        raw.contains("is a symbolic link; nowkey does not follow links in its config folder"),
        "{raw}"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "do not touch\n");
    let mode = std::fs::metadata(&victim).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}
