//! Driving the SMS setup ("Set up the SMS connector") through the terminal, step by step,
//! checking on each step what the operator must see.

use std::time::Duration;

use super::pty::Pty;
use super::{expected_fingerprint, expected_token, GOOD_NUMBER};

/// How long any one screen may take to appear.
pub const STEP: Duration = Duration::from_secs(15);

/// The credentials a run uses, and what nowkey should derive from them.
#[derive(Debug, Clone)]
pub struct Creds {
    /// The API key id.
    pub key: String,
    /// The API secret.
    pub secret: String,
    /// Base64 of `key:secret`, computed by the test.
    pub token: String,
    /// First 12 hex of SHA-256 of the token, computed by the test.
    pub fingerprint: String,
}

impl Creds {
    /// The pair, and its token and fingerprint computed independently of nowkey.
    pub fn new(key: &str, secret: &str) -> Creds {
        let token = expected_token(key, secret);
        Creds {
            key: key.to_owned(),
            secret: secret.to_owned(),
            fingerprint: expected_fingerprint(&token),
            token,
        }
    }
}

/// Choices along the way.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// At step 5, press `c` (copy the token); `Some(text)` waits for `text`.
    pub copy_token_expect: Option<String>,
    /// At step 7, press `s` (copy the secret); `Some(text)` waits for `text`.
    pub copy_secret_expect: Option<String>,
    /// The profile name typed at step 9 (after Ctrl-U clears "default").
    pub profile: String,
}

/// Waits for `text` and checks the secret is not on screen with it.
pub fn see(pty: &Pty, text: &str, creds: &Creds) -> String {
    let screen = pty.expect(text, STEP);
    assert_masked(&screen, creds);
    screen
}

/// The secret and the token are never on screen in clear.
pub fn assert_masked(screen: &str, creds: &Creds) {
    assert!(
        !screen.contains(&creds.secret),
        "the API secret is visible on screen:\n{screen}"
    );
    assert!(
        !screen.contains(&creds.token),
        "the token is visible on screen:\n{screen}"
    );
}

/// The sandbox's seeded ServiceNow integration user's password.
pub const SERVICENOW_PASSWORD: &str = "integration-sandbox-pw";

/// Runs steps 1 to 10 of `nowkey setup sms` already started in `pty`, pasting
/// `creds`, sending the live test to [`GOOD_NUMBER`] and saving as
/// `options.profile`. Ends on the "All set" screen; returns it.
pub fn run_setup(pty: &mut Pty, hub_url: &str, creds: &Creds, options: &Options) -> String {
    // 1. Brand and API URL (the --hub-url override is pre-filled).
    see(pty, "Step 1 of 10", creds);
    let screen = see(pty, "Choose your SMS Hub", creds);
    assert!(
        screen.contains(hub_url),
        "the URL override is shown:\n{screen}"
    );
    pty.enter();

    // 2. Key creation instructions.
    see(pty, "Step 2 of 10", creds);
    see(pty, "Create an API key in the Hub", creds);
    pty.enter();

    // 3. Capture: paste the key, Enter moves to the secret, paste the secret (with
    //    the trailing newline a browser copy often carries), Enter accepts.
    see(pty, "Step 3 of 10", creds);
    see(pty, "▸ API key", creds);
    pty.send_paste(&creds.key);
    see(pty, &creds.key, creds);
    pty.enter();
    see(pty, "▸ API secret", creds);
    pty.send_paste(&format!("{}\r\n", creds.secret));
    // The field counts what was pasted (trimming happens on accept) and shows
    // only bullets.
    let screen = pty
        .wait_until(STEP, "the masked secret", |s| {
            s.contains(&"•".repeat(creds.secret.chars().count()))
        })
        .unwrap_or_else(|e| panic!("{e}"));
    assert_masked(&screen, creds);
    pty.enter();

    // 4. The optional ServiceNow check, done for real against the sandbox's
    //    ServiceNow (same server as the Hub) with its seeded integration user.
    see(pty, "Step 4 of 10", creds);
    see(pty, "Check ServiceNow (optional)", creds);
    pty.send(b"\x15"); // Ctrl-U: the instance may be pre-filled
    pty.send(hub_url.as_bytes());
    pty.send(b"\t");
    pty.send(b"sn.integration");
    pty.send(b"\t");
    pty.send_paste(SERVICENOW_PASSWORD);
    let screen = see(pty, "▸ Password", creds);
    assert!(
        !screen.contains(SERVICENOW_PASSWORD),
        "the password is masked:\n{screen}"
    );
    pty.enter();
    let screen = see(pty, "✓ ServiceNow accepted sn.integration", creds);
    assert!(!screen.contains(SERVICENOW_PASSWORD), "{screen}");
    pty.enter();

    // 5. The token: hidden, with the fingerprint we compute ourselves.
    see(pty, "Step 5 of 10", creds);
    let screen = see(pty, "Your spoke token", creds);
    let screen = if screen.contains("Fingerprint") {
        screen
    } else {
        see(pty, "Fingerprint", creds)
    };
    assert!(
        screen.contains(&format!("Fingerprint  {}", creds.fingerprint)),
        "fingerprint {} shown:\n{screen}",
        creds.fingerprint
    );
    assert!(
        screen.contains(&format!("hidden, {} characters", creds.token.len())),
        "token hidden, with its length:\n{screen}"
    );
    assert!(
        screen.contains(&format!(
            "API secret   {} characters, masked",
            creds.secret.chars().count()
        )),
        "secret trimmed and masked:\n{screen}"
    );
    pty.enter();

    // 5. Copy.
    see(pty, "Step 6 of 10", creds);
    see(pty, "Copy the token into ServiceNow", creds);
    if let Some(expect) = &options.copy_token_expect {
        pty.type_str("c");
        see(pty, expect, creds);
    }
    pty.enter();

    // 6. The credential check runs by itself.
    see(pty, "Step 7 of 10", creds);
    see(pty, "✓ The Hub accepted", creds);
    pty.enter();

    // 7. Inbound: key in clear, secret as bullets.
    see(pty, "Step 8 of 10", creds);
    let screen = see(pty, "Environment Registration", creds);
    assert!(screen.contains(&creds.key), "key shown:\n{screen}");
    if let Some(expect) = &options.copy_secret_expect {
        pty.type_str("s");
        see(pty, expect, creds);
    }
    pty.enter();

    // 8. Live test.
    see(pty, "Step 9 of 10", creds);
    see(pty, "▸ Mobile number", creds);
    pty.type_str(GOOD_NUMBER);
    see(pty, GOOD_NUMBER, creds);
    pty.enter();
    see(pty, "· queued", creds);
    see(pty, "✓ delivered", creds);
    see(pty, "Reply received", creds);
    pty.enter();

    // 9. Save under a new name.
    see(pty, "Step 10 of 10", creds);
    see(pty, "Profile name: default", creds);
    pty.send(b"\x15"); // Ctrl-U
    pty.type_str(&options.profile);
    see(pty, &format!("Profile name: {}", options.profile), creds);
    pty.enter();
    see(pty, "All set", creds);
    see(pty, "Saved to", creds)
}

/// The sandbox key pair step 2 of the SMS setup shows after `k` ("API key:" and
/// "API secret:" rows), read from `screen`.
pub fn sandbox_pair_on_screen(screen: &str) -> (String, String) {
    let field = |label: &str| -> String {
        screen
            .lines()
            .find_map(|l| l.trim().strip_prefix(label))
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("{label} on screen:\n{screen}"))
            .to_owned()
    };
    (field("API key:"), field("API secret:"))
}
