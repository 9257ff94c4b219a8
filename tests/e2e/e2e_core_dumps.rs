//! No core dumps: a running `nowkey` has a core file size limit of 0 (soft and
//! hard) and is not dumpable, so other processes of its user cannot read its
//! memory either. Linux only (`/proc`): declared for Linux in `main.rs`.

use crate::support;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};

use support::BIN;

/// `nobody`: a user the program can run as when the test runs as root, so that
/// the ownership of its `/proc` files tells whether it is dumpable.
const NOBODY: u32 = 65534;

/// `nowkey sandbox` (it runs until killed), once it has printed its first line:
/// by then `main` has long started. As `nobody` when the test is root.
fn running_nowkey() -> Child {
    // SAFETY: geteuid reads the caller's effective user id and cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    let mut command = Command::new(BIN);
    command
        .args(["sandbox", "--bind", "127.0.0.1:0"])
        .env_remove("NOWKEY_HUB_URL")
        .current_dir("/")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if root {
        command.uid(NOBODY).gid(NOBODY);
    }
    let mut child = command.spawn().expect("spawn nowkey sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read the banner");
    assert!(first.contains("listening"), "unexpected banner: {first:?}");
    child
}

#[test]
fn a_running_nowkey_writes_no_core_file_and_is_not_dumpable() {
    let mut child = running_nowkey();
    let proc_dir = format!("/proc/{}", child.id());
    let limits = std::fs::read_to_string(format!("{proc_dir}/limits")).expect("limits");
    let status_path = format!("{proc_dir}/status");
    let status = std::fs::read_to_string(&status_path).expect("status");
    let owner = std::fs::metadata(&status_path)
        .expect("status metadata")
        .uid();
    let _ = child.kill();
    let _ = child.wait();

    let core = limits
        .lines()
        .find(|line| line.starts_with("Max core file size"))
        .expect("a core size line");
    let fields: Vec<&str> = core.split_whitespace().collect();
    assert_eq!(
        fields[4..6],
        ["0", "0"],
        "core file size, soft and hard: {core}"
    );

    let uid: u32 = status
        .lines()
        .find_map(|line| line.strip_prefix("Uid:"))
        .and_then(|ids| ids.split_whitespace().next())
        .and_then(|real| real.parse().ok())
        .expect("the process's uid");
    assert_ne!(uid, 0, "the program must run as a user other than root");
    // A non-dumpable process's /proc files belong to root, not to its user.
    assert_eq!(
        owner, 0,
        "/proc/<pid>/status belongs to uid {owner} (the process is uid {uid}): still dumpable"
    );
}
