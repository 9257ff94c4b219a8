//! What every pairing must end in: its class, the words its message must carry,
//! and the house rules every operator message follows.

use nowkey::domain::remote_error::{ClientError, Service};

use super::calls::{Call, TIMEOUTS};
use super::faults::{Fault, DNS_HOST, RETRY_AFTER_SECS, SN_400_FIRST_PART, SN_403_MESSAGE};

/// What a row must end in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expect {
    /// The class of the error; `None` when the call must succeed.
    pub class: Option<&'static str>,
    /// Texts the operator's message must contain.
    pub needles: Vec<String>,
}

impl Expect {
    fn ok() -> Self {
        Self {
            class: None,
            needles: Vec::new(),
        }
    }

    fn err(class: &'static str, needles: &[&str]) -> Self {
        Self {
            class: Some(class),
            needles: needles.iter().map(|n| (*n).to_owned()).collect(),
        }
    }
}

/// The expected outcome of `call` meeting `fault`.
pub fn expected(call: Call, fault: Fault) -> Expect {
    let service = call.service();
    let seconds = format!("within {}s", TIMEOUTS.request.as_secs());
    let wait = format!("wait {RETRY_AFTER_SECS}s");
    match fault {
        Fault::BadRequest => match service {
            Service::ServiceNow => Expect::err("bad_request", &[SN_400_FIRST_PART]),
            _ => Expect::err(
                "bad_request",
                &["International address must be between 8 and 15 characters"],
            ),
        },
        Fault::Unauthorized => Expect::err("auth", &["HTTP 401"]),
        // The Hub's documented rule: its 403 "Unauthorised" is a bad key. HOPEX:
        // 401 and 403 are both a bad key whatever the body. ServiceNow: a 403 is an
        // ACL, never a bad password.
        Fault::Forbidden => match service {
            Service::ServiceNow => Expect::err("permission", &[SN_403_MESSAGE]),
            _ => Expect::err("auth", &["HTTP 403"]),
        },
        Fault::NotFound => Expect::err("not_found", &["HTTP 404"]),
        Fault::TooManyRequests => Expect::err("rate_limited", &[&wait]),
        Fault::Internal => Expect::err("server_error", &["HTTP 500"]),
        // A 502 comes from a gateway in front of the service, and a 503 says it is
        // unavailable for now: neither is the service's own internal error.
        Fault::BadGateway => Expect::err("server_error", &["HTTP 502", "gateway"]),
        Fault::Unavailable => Expect::err("server_error", &["HTTP 503", "unavailable"]),
        // The 202 of confirm_replies is documented as free text: whatever it
        // says, the replies are confirmed.
        Fault::MalformedBody | Fault::EmptyBody | Fault::QuickDrip
            if call.ignores_success_body() =>
        {
            Expect::ok()
        }
        Fault::MalformedBody | Fault::QuickDrip => {
            Expect::err("unexpected_body", &["not valid JSON"])
        }
        Fault::EmptyBody => Expect::err("unexpected_body", &["empty"]),
        Fault::HtmlBody => match service {
            Service::ServiceNow => Expect::err("hibernating", &["hibernating", "wake it"]),
            // An HTML page is never the Hub's answer, not even to a confirmation.
            _ => Expect::err("unexpected_body", &["HTML page"]),
        },
        Fault::Refused => Expect::err("network", &["connection refused"]),
        Fault::Dns => Expect::err("dns", &[DNS_HOST]),
        Fault::SelfSigned => Expect::err("tls", &["not signed by a trusted authority"]),
        Fault::Hang | Fault::SlowDrip => Expect::err("timeout", &[&seconds]),
    }
}

/// Everything wrong with how `error` meets `expect`, for `service`; empty if
/// nothing is.
pub fn judge(
    error: &ClientError,
    expect: &Expect,
    service: Service,
    transport: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    let class = error.class();
    if Some(class) != expect.class {
        problems.push(format!(
            "class {class}, expected {}",
            expect.class.unwrap_or("success")
        ));
    }
    if error.is_unreachable() != transport {
        problems.push(format!(
            "is_unreachable() is {}, expected {transport}",
            error.is_unreachable()
        ));
    }
    let message = error.user_message(service);
    problems.extend(message_problems(&message, service));
    for needle in &expect.needles {
        if !message.contains(needle.as_str()) {
            problems.push(format!("message lacks {needle:?}"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("message was {message:?}"));
    }
    problems
}

/// Words that belong to one service's advice only: seen in another's message,
/// the advice was written for someone else.
fn foreign_words(service: Service) -> &'static [&'static str] {
    match service {
        Service::Hub => &["sys_user", "hibernating", "GraphQL", "schema"],
        Service::ServiceNow => &["message was sent", "key and secret", "GraphQL", "schema"],
        Service::Hopex => &[
            "message was sent",
            "key and secret",
            "sys_user",
            "hibernating",
        ],
        Service::Sandbox => &["sys_user", "hibernating", "GraphQL", "schema"],
    }
}

/// The house rules for an operator message (see `ClientError::user_message`):
/// one line, one sentence ending in a full stop, starting with a capital, naming
/// the service, and saying after a `: ` what to do next.
pub fn message_problems(message: &str, service: Service) -> Vec<String> {
    let mut problems = Vec::new();
    if message.contains(['\n', '\r']) {
        problems.push("more than one line".to_owned());
    }
    if !message.ends_with('.') || message.ends_with("..") {
        problems.push("does not end with one full stop".to_owned());
    }
    if !message.chars().next().is_some_and(char::is_uppercase) {
        problems.push("does not start with a capital".to_owned());
    }
    for stop in [". ", "! ", "? "] {
        if message.contains(stop) {
            problems.push(format!("more than one sentence ({stop:?} inside)"));
        }
    }
    let name = service.display_name().to_lowercase();
    if !message.to_lowercase().contains(&name) {
        problems.push(format!("does not name {name}"));
    }
    match outside_parentheses(message).split_once(": ") {
        Some((_, advice)) if advice.split_whitespace().count() >= 3 => {}
        _ => problems.push("no next step after ': '".to_owned()),
    }
    for word in foreign_words(service) {
        if message.contains(word) {
            problems.push(format!("advice meant for another service ({word:?})"));
        }
    }
    problems
}

/// The message without its parenthesised parts (the server's own words, which
/// may hold any punctuation).
fn outside_parentheses(message: &str) -> String {
    let mut depth = 0usize;
    message
        .chars()
        .filter(|c| {
            match c {
                '(' => depth += 1,
                ')' => {
                    depth = depth.saturating_sub(1);
                    return false;
                }
                _ => {}
            }
            depth == 0
        })
        .collect()
}

#[test]
fn the_message_rules_catch_what_they_claim_to() {
    let good = "The Hub had an internal error (HTTP 500): try again in a few minutes.";
    assert!(message_problems(good, Service::Hub).is_empty());
    for bad in [
        "The Hub failed.",
        "The Hub failed: try again. Then call support.",
        "The Hub failed: try again\nlater.",
        "the Hub failed: try again later.",
        "The Hub failed: try again later",
        "It failed: try again later.",
        "The Hub failed (see: the log): now.",
    ] {
        assert!(!message_problems(bad, Service::Hub).is_empty(), "{bad}");
    }
    assert!(!message_problems(good, Service::ServiceNow).is_empty());
    let hub_advice =
        "ServiceNow does not know it: check that the message was sent with this account.";
    assert!(!message_problems(hub_advice, Service::ServiceNow).is_empty());
}
