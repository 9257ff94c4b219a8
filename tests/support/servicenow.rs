//! The sandbox's simulated ServiceNow, driven from outside as its operator
//! would: the connector sending an SMS with the credential it holds, an admin
//! user added, and nowkey's writer walked on screen.

use std::time::Duration;

use super::pty::Pty;

/// `POST /_sandbox/servicenow/spoke/send`: the simulated ServiceNow sends `content`
/// to `to` with whatever credential it holds. Returns the Hub's status.
pub fn spoke_send(base: &str, to: &str, content: &str) -> u16 {
    super::runtime().block_on(async {
        reqwest::Client::new()
            .post(format!("{base}/_sandbox/servicenow/spoke/send"))
            .json(&serde_json::json!({"to": to, "content": content}))
            .send()
            .await
            .expect("the sandbox answers")
            .status()
            .as_u16()
    })
}

/// `POST /_sandbox/servicenow/users`: an admin with this password.
pub fn add_admin(base: &str, user: &str, password: &str) {
    let status = super::runtime().block_on(async {
        reqwest::Client::new()
            .post(format!("{base}/_sandbox/servicenow/users"))
            .json(&serde_json::json!({"user_name": user, "password": password, "roles": ["admin"]}))
            .send()
            .await
            .expect("the sandbox answers")
            .status()
            .as_u16()
    });
    assert!(
        (200..300).contains(&status),
        "adding {user} answered {status}"
    );
}

/// The proof's ready text on `screen` (`nowkey check NK-XXXX`).
pub fn proof_text(screen: &str) -> String {
    let start = screen
        .find("nowkey check NK-")
        .expect("the proof's text on screen");
    screen[start..start + "nowkey check NK-XXXX".len()].to_owned()
}

const STEP: Duration = Duration::from_secs(15);

/// From the rotation's step 4 (or the setup's step 6): `w`, sign in as `user`,
/// choose the first (suggested) row of every list, and confirm the preview.
/// Returns the preview as drawn.
pub fn write_with_nowkey(pty: &mut Pty, base: &str, user: &str, password: &str) -> String {
    pty.send(b"w");
    pty.expect("Admin user", STEP);
    pty.send(b"\x15");
    pty.type_str(base);
    pty.send(b"\t");
    pty.type_str(user);
    pty.send(b"\t");
    pty.send_paste(password);
    pty.enter();
    pty.expect("Which record is the SMS spoke's credential?", STEP);
    pty.expect("SMS Hub API key", STEP);
    pty.enter();
    pty.expect(
        "Which table is the SMS connector's Environment Registration?",
        STEP,
    );
    pty.enter();
    pty.expect("Which field holds the API key?", STEP);
    pty.enter();
    pty.expect("Which field holds the API secret?", STEP);
    pty.enter();
    pty.expect("Which Environment Registration record", STEP);
    pty.enter();
    let preview = pty.expect("no value is shown", STEP);
    pty.send(b"y");
    preview
}
