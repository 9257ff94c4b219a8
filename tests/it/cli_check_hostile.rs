//! A server that answers "successfully" with hostile text: terminal sequences
//! and line breaks in the fields nowkey prints (ServiceNow's role names, HOPEX's
//! user and repository), and the secret it was sent echoed back in every
//! encoding. Nothing of it may reach the human output, `--json`, `--report`, or
//! the report the wizard writes.

use crate::check_support;
use crate::support;
use check_support::{CheckEnv, SN_PASSWORD, SN_USER};
use nowkey::domain::secret_forms::{is_piece, secret_forms};
use serde_json::{json, Value};

/// What a hostile field carries: OSC 52 (writes the clipboard), OSC 0 (window
/// title), clear screen, a C1 CSI, and CR/LF forging a line of nowkey's own.
const HOSTILE: [&str; 5] = [
    "\u{1b}]52;c;cHduZWQ=\u{7}",
    "\u{1b}]0;owned\u{7}",
    "\u{1b}[2J",
    "\u{9b}31m",
    "\r\n  ✓ Hub accepts the API key: forged",
];

fn hostile_text() -> String {
    format!("itil{}", HOSTILE.concat())
}

/// Nothing a terminal would obey, and no forged line.
fn assert_clean(what: &str, text: &str) {
    for c in ['\u{1b}', '\u{9b}', '\u{7}', '\r'] {
        assert!(!text.contains(c), "{what} holds {c:?}:\n{text:?}");
    }
    assert!(
        !text.lines().any(|l| l
            .trim_start()
            .starts_with("✓ Hub accepts the API key: forged")),
        "{what} has a forged line:\n{text}"
    );
}

fn json_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| json_strings(v, out)),
        Value::Object(map) => {
            for (k, v) in map {
                out.push(k.clone());
                json_strings(v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn control_characters_in_a_successful_answer_reach_no_output() {
    let env = CheckEnv::new(10);
    let hostile = hostile_text();
    env.fault(json!({
        "path_prefix": "/api/now/table/sys_user_has_role",
        "status": 200,
        "content_type": "application/json",
        "body": json!({"result": [{"role.name": hostile}, {"role.name": "snc_platform_rest_api_access"}]}).to_string(),
    }));
    env.fault(json!({
        "path_prefix": "/HOPEXGraphQL",
        "status": 200,
        "content_type": "application/json",
        "body": json!({"data": {"_currentContext": {"userId": hostile, "databaseId": format!("REPO{}", HOSTILE.concat())}}}).to_string(),
    }));
    let report = env.home.path().join("report.md");
    let report_arg = report.to_str().expect("utf-8 path");

    let human = env.check(&["--report", report_arg]);
    assert!(
        human.stdout.contains("ServiceNow accepted sn.integration"),
        "the fault was a success: {}",
        human.stdout
    );
    assert!(
        human.stdout.contains("HOPEX accepted the key"),
        "{}",
        human.stdout
    );
    assert_clean("human output", &human.stdout);
    assert_clean("stderr", &human.stderr);
    let text = std::fs::read_to_string(&report).expect("report written");
    assert_clean("--report", &text);
    assert!(text.contains("itil"), "{text}");

    let json = env.check(&["--json"]);
    assert_clean("--json", &json.stdout);
    let doc: Value = serde_json::from_str(&json.stdout).expect("JSON");
    let mut strings = Vec::new();
    json_strings(&doc, &mut strings);
    for s in &strings {
        assert_clean("a --json string", s);
    }
    assert!(strings.iter().any(|s| s.contains("itil")), "{doc}");
}

#[test]
fn a_secret_echoed_in_any_encoding_is_redacted_everywhere() {
    let env = CheckEnv::new(10);
    // Every form, but a piece of the password that is part of the user name,
    // which is shown on purpose (and spared by the redactor).
    let forms: Vec<String> = secret_forms(&env.hub_secret)
        .into_iter()
        .chain(secret_forms(SN_PASSWORD))
        .filter(|f| !(is_piece(f.what) && SN_USER.contains(f.value.as_str())))
        .map(|f| f.value.to_string())
        .collect();
    assert!(forms.len() >= 14, "every form: {}", forms.len());
    // The Hub and ServiceNow each echo back every form of what they were sent.
    let echo = |secret: &str| {
        let details: Vec<String> = secret_forms(secret)
            .into_iter()
            .map(|f| format!("you sent {}", *f.value))
            .collect();
        json!({"message": "bad request", "details": details}).to_string()
    };
    env.fault(json!({"path_prefix": "/v1/replies", "status": 400, "body": echo(&env.hub_secret)}));
    let upper_hex: String = SN_PASSWORD.bytes().map(|b| format!("{b:02X}")).collect();
    env.fault(json!({
        "path_prefix": "/api/now/table/sys_user", "status": 400,
        "body": json!({"error": {"message": format!("echo {upper_hex}"), "detail": echo(SN_PASSWORD)}}).to_string(),
    }));
    let report = env.home.path().join("report.md");
    let report_arg = report.to_str().expect("utf-8 path");
    let human = env.check(&["--report", report_arg]);
    let json = env.check(&["--json"]);
    let text = std::fs::read_to_string(&report).expect("report written");
    assert!(human.stdout.contains("[REDACTED]"), "{}", human.stdout);
    for (what, out) in [
        ("human", &human.stdout),
        ("stderr", &human.stderr),
        ("--json", &json.stdout),
        ("--report", &text),
    ] {
        let lower = out.to_lowercase();
        for form in &forms {
            assert!(
                !lower.contains(&form.to_lowercase()),
                "{what} leaks a form of a secret ({form}):\n{out}"
            );
        }
    }
    for file in support::files_under(env.home.path()) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        for form in &forms {
            assert!(
                !support::contains_bytes(&bytes, form.as_bytes()),
                "{} leaks",
                file.display()
            );
        }
    }
}
