//! Children for tests/keyring/main.rs: this test binary run again, filtered to
//! one inner test, inside the D-Bus session a scenario needs; plus the canary
//! secrets and small helpers the inner tests share.

use std::io::Read;
use std::os::unix::net::UnixListener;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nowkey::store::KeyringError;
use secrecy::{ExposeSecret, SecretString};

/// Set by an outer test to the scenario its child runs.
const INNER_ENV: &str = "NOWKEY_KEYRING_TEST_INNER";

/// The service of every entry the tests write (inside a throwaway keyring anyway).
pub const SERVICE: &str = "nowkey-test";

/// Secrets the children write; none may ever appear in their output.
pub const HUB_SECRET: &str = "hub-canary-S3cr3t-7f1c";
/// A second Hub secret, for replacing the first.
pub const HUB_SECRET_2: &str = "hub-canary-rotated-44e0";
/// Another profile's Hub secret.
pub const OTHER_SECRET: &str = "other-profile-canary-91b2";
/// A ServiceNow password with spaces and non-ASCII letters.
pub const SN_PASSWORD: &str = "pässwörd canary with spaces 93";
/// A HOPEX API key.
pub const HOPEX_KEY: &str = "hopex-canary-5ad2";
const ALL_SECRETS: [&str; 5] = [
    HUB_SECRET,
    HUB_SECRET_2,
    OTHER_SECRET,
    SN_PASSWORD,
    HOPEX_KEY,
];

/// How long a child may run before the test gives up on it.
const CHILD_LIMIT: Duration = Duration::from_secs(60);

/// The D-Bus session a child runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Session {
    /// `dbus-run-session` with gnome-keyring started and unlocked.
    Unlocked,
    /// `dbus-run-session` with gnome-keyring started but never unlocked.
    Locked,
    /// `dbus-run-session` with a bus that can start no services.
    NoSecretService,
    /// `DBUS_SESSION_BUS_ADDRESS` pointing at nothing.
    NoBus,
    /// A bus socket that accepts connections and never answers.
    HungBus,
}

impl Session {
    /// The value of [`INNER_ENV`] for this session.
    fn name(self) -> &'static str {
        match self {
            Session::Unlocked => "unlocked",
            Session::Locked => "locked",
            Session::NoSecretService => "no-secret-service",
            Session::NoBus => "no-bus",
            Session::HungBus => "hung-bus",
        }
    }

    /// Whether this process is a child started for this session.
    pub fn is_current(self) -> bool {
        std::env::var(INNER_ENV).is_ok_and(|v| v == self.name())
    }
}

/// Runs the inner test `name` in `session` and checks it passed without leaking a
/// secret. Prints SKIP and returns when the session needs tools this machine
/// lacks, unless NOWKEY_CI_REQUIRE is set: then it fails.
pub fn run_inner(name: &str, session: Session) {
    let needs: &[&str] = match session {
        Session::Unlocked | Session::Locked => {
            &["dbus-run-session", "gnome-keyring-daemon", "secret-tool"]
        }
        Session::NoSecretService => &["dbus-run-session"],
        Session::NoBus | Session::HungBus => &[],
    };
    if let Some(missing) = needs.iter().find(|tool| !on_path(tool)) {
        assert!(
            std::env::var_os("NOWKEY_CI_REQUIRE").is_none(),
            "NOWKEY_CI_REQUIRE is set but {name} needs {missing}"
        );
        println!(
            "SKIP {name}: needs {missing} (Debian packages: dbus gnome-keyring libsecret-tools)"
        );
        return;
    }
    let home = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("the test binary's path");
    let test_args = [
        "--ignored",
        "--exact",
        name,
        "--nocapture",
        "--test-threads=1",
    ];
    // Held until the child is done, for the hung bus.
    let mut _listener = None;
    let mut command = match session {
        Session::Unlocked | Session::Locked => {
            // A non-empty password, else the daemon asks for one on a prompt.
            let start = if session == Session::Unlocked {
                "printf pw | gnome-keyring-daemon --unlock --components=secrets"
            } else {
                "gnome-keyring-daemon --start --components=secrets"
            };
            let mut command = Command::new("dbus-run-session");
            command
                .args(["--", "sh", "-c"])
                .arg(format!("{start} >/dev/null 2>&1; exec \"$0\" \"$@\""))
                .arg(&exe)
                .args(test_args);
            command
        }
        Session::NoSecretService => {
            let config = home.path().join("bus.conf");
            std::fs::write(&config, BARE_BUS_CONFIG).expect("write bus config");
            let mut command = Command::new("dbus-run-session");
            command
                .arg(format!("--config-file={}", config.display()))
                .arg("--")
                .arg(&exe)
                .args(test_args);
            command
        }
        Session::NoBus => {
            let mut command = Command::new(&exe);
            command
                .args(test_args)
                .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus");
            command
        }
        Session::HungBus => {
            // Listening but never accepting: the kernel completes the connection,
            // then the D-Bus handshake waits forever, like a hung daemon.
            let socket = home.path().join("bus");
            _listener = Some(UnixListener::bind(&socket).expect("bind a socket"));
            let mut command = Command::new(&exe);
            command.args(test_args).env(
                "DBUS_SESSION_BUS_ADDRESS",
                format!("unix:path={}", socket.display()),
            );
            command
        }
    };
    command
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env(INNER_ENV, session.name());
    run(command).expect_passed();
}

/// A session bus with no service directories: nobody owns or can start
/// `org.freedesktop.secrets`.
const BARE_BUS_CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// A secret from a test constant.
pub fn secret(text: &str) -> SecretString {
    SecretString::from(text)
}

/// The secret as plain text, for comparing (tests only).
pub fn exposed(result: Result<Option<SecretString>, KeyringError>) -> Option<String> {
    result
        .expect("the keyring answers")
        .map(|s| s.expose_secret().to_owned())
}

/// `secret-tool lookup service SERVICE username ACCOUNT`.
pub fn secret_tool_lookup(account: &str) -> String {
    let out = Command::new("secret-tool")
        .args(["lookup", "service", SERVICE, "username", account])
        .output()
        .expect("secret-tool runs");
    assert!(out.status.success(), "secret-tool lookup {account} failed");
    String::from_utf8_lossy(&out.stdout).trim_end().to_owned()
}

/// `secret-tool store` of an entry under [`SERVICE`], as another program would.
pub fn secret_tool_store(account: &str, extra: &[&str], value: &[u8]) {
    let mut child = Command::new("secret-tool")
        .args(["store", "--label=made by another tool", "service", SERVICE])
        .args(["username", account])
        .args(extra)
        .stdin(Stdio::piped())
        .spawn()
        .expect("secret-tool runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), value).expect("write");
    assert!(child.wait().expect("wait").success(), "secret-tool store");
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(tool).is_file()))
}

/// What a child left behind.
struct ChildOutput {
    ok: bool,
    stdout: String,
    stderr: String,
}

impl ChildOutput {
    /// Panics unless the child's one inner test ran and passed, and no secret
    /// reached its stdout or stderr.
    fn expect_passed(&self) {
        let all = format!("--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr);
        assert!(self.ok && self.stdout.contains("1 passed"), "{all}");
        for secret in ALL_SECRETS {
            assert!(!all.contains(secret), "a secret leaked: {all}");
        }
        // What the child reported, for the log (`--nocapture`). libtest may
        // print a test's first line right after "test name ... ".
        for (_, line) in self.stdout.lines().filter_map(|l| l.split_once("REPORT ")) {
            println!("{line}");
        }
    }
}

/// Runs `command` with a clean environment (plus what it set) to the end,
/// killed after [`CHILD_LIMIT`], capturing its output.
fn run(mut command: Command) -> ChildOutput {
    let envs: Vec<_> = command
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_owned(), v?.to_owned())))
        .collect();
    let mut child = command
        .env_clear()
        .envs(envs)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the child starts");
    let (tx, rx) = mpsc::channel();
    let pipes: [Option<Box<dyn Read + Send>>; 2] = [
        child.stdout.take().map(|p| Box::new(p) as _),
        child.stderr.take().map(|p| Box::new(p) as _),
    ];
    for (index, pipe) in pipes.into_iter().enumerate() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut text);
            }
            let _ = tx.send((index, String::from_utf8_lossy(&text).into_owned()));
        });
    }
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break Some(status);
        }
        if started.elapsed() > CHILD_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    // A daemon the child started could keep a pipe open: do not wait on it forever.
    let mut texts = [String::new(), String::new()];
    for _ in 0..2 {
        if let Ok((index, text)) = rx.recv_timeout(Duration::from_secs(10)) {
            texts[index] = text;
        }
    }
    let [stdout, stderr] = texts;
    ChildOutput {
        ok: status.is_some_and(|s| s.success()),
        stdout,
        stderr,
    }
}
