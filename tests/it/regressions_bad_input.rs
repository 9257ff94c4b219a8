//! Regression tests for the bugs the bad-input suite (tests/it/bad_input.rs) found,
//! one per fix, each failing before its fix.

use crate::flow_support;

use flow_support::{env, Driver};
use nowkey::domain::phone::E164;
use nowkey::flows::key::Key;
use nowkey::flows::msg::Msg;

/// A message must show which character is wrong: an invisible or control
/// character shown as itself reads as `''` on screen (ratatui drops controls,
/// a zero-width space has no width).
#[test]
fn a_phone_number_message_shows_an_invisible_character_escaped() {
    for (raw, shown) in [
        ("+61 412\u{200b}345 678", "'\\u{200b}'"),
        ("+61412345678\u{1b}", "'\\u{1b}'"),
        ("+61\u{202e}412345678", "'\\u{202e}'"),
        ("+61\u{2003}412345678", "'\\u{2003}'"),
    ] {
        let message = E164::parse(raw).unwrap_err().to_string();
        assert!(message.starts_with(shown), "{raw:?}: {message}");
    }
    // Visible characters are shown as they are.
    let message = E164::parse("+61abc45678").unwrap_err().to_string();
    assert!(message.starts_with("'a' cannot be part"), "{message}");
    let message = E164::parse("+\u{ff16}1412345678").unwrap_err().to_string();
    assert!(message.starts_with("'\u{ff16}' cannot"), "{message}");
}

#[test]
fn a_profile_name_message_shows_an_invisible_character_escaped() {
    use nowkey::domain::profile::validate_profile_name;
    for (raw, shown) in [
        ("prod\u{200b}", "('\\u{200b}' is not allowed)"),
        ("prod\u{0}x", "('\\u{0}' is not allowed)"),
        ("prod\u{a0}1", "('\\u{a0}' is not allowed)"),
        ("prod/eu", "('/' is not allowed)"),
        ("prod 1", "(' ' is not allowed)"),
        ("prod\u{e9}", "('\u{e9}' is not allowed)"),
    ] {
        let message = validate_profile_name(raw).unwrap_err().to_string();
        assert!(message.contains(shown), "{raw:?}: {message}");
    }
}

/// Invisible format characters (zero-width space, BOM, direction marks) are not
/// control characters to `char::is_control`, yet they make a user name that
/// looks right and never signs in.
#[test]
fn a_servicenow_user_name_with_an_invisible_character_is_refused() {
    use nowkey::domain::servicenow::{validate_user_name, UserNameError};
    for raw in [
        "svc\u{200b}bot",
        "\u{feff}svc.bot",
        "svc.bot\u{202e}",
        "svc\u{200d}bot",
        "svc\u{2060}bot",
    ] {
        assert_eq!(
            validate_user_name(raw),
            Err(UserNameError::Control),
            "{raw:?}"
        );
    }
    assert_eq!(
        validate_user_name("sn.integration").as_deref(),
        Ok("sn.integration")
    );
}

/// The HOPEX field messages promise that invisible characters are refused; format
/// characters (zero-width space, BOM, direction marks) slipped through.
#[test]
fn hopex_fields_with_an_invisible_character_are_refused() {
    use nowkey::domain::hopex::rules::{
        validate_key_name, validate_login, validate_object_id, FieldError,
    };
    for raw in [
        "ali\u{200b}ce",
        "\u{feff}alice",
        "alice\u{202e}",
        "svc\u{200d}bot",
    ] {
        assert_eq!(
            validate_login(raw),
            Err(FieldError::LoginControl),
            "{raw:?}"
        );
        assert_eq!(
            validate_key_name(raw),
            Err(FieldError::KeyNameControl),
            "{raw:?}"
        );
        assert_eq!(
            validate_object_id("RepositoryId", raw),
            Err(FieldError::IdWhitespace {
                field: "RepositoryId"
            }),
            "{raw:?}"
        );
    }
}

/// The ServiceNow form with a valid instance and user, and `password`; returns
/// the password field's message after Enter, if any.
fn servicenow_password_error(password: &str) -> Option<String> {
    use nowkey::flows::servicenow_check::ServiceNowCheck;
    let mut check = ServiceNowCheck::new(Some("acme"));
    check.form.set_text(1, "sn.integration");
    check.form.set_text(2, password);
    check.accept();
    check.form.fields[2].error.clone()
}

#[test]
fn a_whitespace_only_servicenow_password_is_refused() {
    for raw in ["   ", " \t ", "\u{a0}"] {
        let error = servicenow_password_error(raw).unwrap_or_default();
        assert!(
            error.contains("Enter the ServiceNow user's password"),
            "{raw:?}: {error:?}"
        );
    }
    // Spaces inside or around a real password are kept, not refused.
    assert_eq!(servicenow_password_error("  pass word  "), None);
}

/// A BOM or zero-width space pasted with a password makes it wrong with no visible
/// cause; the Hub secret and HOPEX key fields already refuse these.
#[test]
fn a_servicenow_password_with_an_invisible_character_is_refused() {
    for (raw, shown) in [
        ("pass\u{200b}word0123", "\\u{200b}"),
        ("\u{feff}password0123", "\\u{feff}"),
        ("pass\u{202e}word0123", "\\u{202e}"),
    ] {
        let error = servicenow_password_error(raw).unwrap_or_default();
        assert!(error.contains("invisible character"), "{raw:?}: {error:?}");
        assert!(error.contains(shown), "{raw:?}: {error:?}");
        assert!(!error.contains("word0123"), "{error:?} shows the password");
    }
    assert_eq!(
        servicenow_password_error("p\u{e4}ssw\u{f6}rd\u{1f511}"),
        None
    );
}

/// A field keeps at most 4096 characters of a paste. What is left of a 10 KB URL
/// or a 1 MiB password is still a valid value, so it must be refused, not used.
#[test]
fn a_paste_cut_short_is_refused_in_form_fields() {
    use nowkey::flows::servicenow_check::ServiceNowCheck;
    let long_url = format!("https://acme.service-now.com/{}", "a".repeat(10 * 1024));
    let mut check = ServiceNowCheck::new(None);
    check.form.paste(&long_url);
    check.form.set_text(1, "sn.integration");
    check.form.focus = 2;
    check.form.paste(&"canaryPassword".repeat(80_000));
    assert!(!check.accept(), "a cut paste was accepted");
    for index in [0, 2] {
        let error = check.form.fields[index].error.clone().unwrap_or_default();
        assert!(
            error.contains("That paste was far too long"),
            "{index}: {error:?}"
        );
    }
    assert!(check.form.fields[1].error.is_none());
}

#[test]
fn a_hub_url_cut_short_is_refused() {
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Tab, Key::Ctrl('u')]);
    d.paste(&format!(
        "https://api.example.com/{}",
        "a".repeat(10 * 1024)
    ));
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, nowkey::flows::setup_sms::Step::Vendor);
    let error = d.flow().api_url.fields[0].error.clone().unwrap_or_default();
    assert!(error.contains("That paste was far too long"), "{error:?}");
}

/// The URL parser drops tabs and line breaks anywhere (a two-line paste became one
/// address on another host) and percent-encodes spaces and invisible characters
/// into the path, so these were accepted in the Hub URL and HOPEX server fields.
#[test]
fn an_address_with_a_space_line_break_or_invisible_character_is_refused() {
    use nowkey::flows::setup_hopex::{connection_field, HopexStep};
    for (raw, fragment) in [
        (
            "https://api.example.com/v1 beta",
            "space or line break at position 27",
        ),
        (
            "https://api.example.com\nhttps://b.example.com",
            "space or line break at position 24",
        ),
        (
            "https://api.exam\tple.com",
            "space or line break at position 17",
        ),
        (
            "https://api.example.com/\u{200b}v1",
            "(\\u{200b}) at position 25",
        ),
        (
            "https://api.example.com/\u{1b}[31m",
            "(\\u{1b}) at position 25",
        ),
    ] {
        let mut d = Driver::setup_sms(env());
        d.keys(&[Key::Tab, Key::Ctrl('u')]);
        d.msg(Msg::Paste(raw.to_owned().into())).keys(&[Key::Enter]);
        assert_eq!(
            d.flow().step,
            nowkey::flows::setup_sms::Step::Vendor,
            "{raw:?}"
        );
        let error = d.flow().api_url.fields[0].error.clone().unwrap_or_default();
        assert!(error.contains(fragment), "{raw:?}: {error:?}");

        let mut d = Driver::setup_hopex(env());
        d.keys(&[Key::Tab]);
        d.type_text("V6 SP2");
        d.keys(&[Key::Enter, Key::Ctrl('u')]);
        d.msg(Msg::Paste(raw.to_owned().into()));
        d.keys(&[Key::Tab, Key::Tab, Key::Tab]);
        d.type_text("alice");
        d.keys(&[Key::Enter]);
        assert_eq!(d.hopex().step, HopexStep::Connection, "{raw:?}");
        let error = d.hopex().connection.fields[connection_field::SERVER]
            .error
            .clone();
        assert!(error.unwrap_or_default().contains(fragment), "{raw:?}");
    }
    // Surrounding whitespace is still trimmed.
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Tab, Key::Ctrl('u')]);
    d.msg(Msg::Paste("  https://api.example.com/ \r\n".into()))
        .keys(&[Key::Enter]);
    assert_eq!(d.flow().step, nowkey::flows::setup_sms::Step::CreateKey);
}

/// A look-alike letter (Cyrillic а, full-width ａ) in a host was turned into
/// punycode or mapped by the URL parser and accepted, so the credentials would go
/// to a host the operator never meant. Every address field now wants plain ASCII.
#[test]
fn an_address_with_a_non_ascii_character_is_refused() {
    use nowkey::domain::address::check_address_text;
    use nowkey::domain::servicenow::normalize_instance;
    for raw in [
        "https://\u{430}pi.messagemedia.com",
        "https://\u{ff41}pi.messagemedia.com",
        "https://b\u{fc}cher.example/v1",
        "https://itsm.\u{430}cme.com",
    ] {
        let error = check_address_text(raw).map_err(|e| e.to_string());
        assert!(error.unwrap_err().contains("not plain ASCII"), "{raw:?}");
        let error = normalize_instance(raw).map_err(|e| e.to_string());
        assert!(error.unwrap_err().contains("not plain ASCII"), "{raw:?}");
    }
    let mut d = Driver::setup_sms(env());
    d.keys(&[Key::Tab, Key::Ctrl('u')]);
    d.type_text("https://\u{430}pi.messagemedia.com");
    d.keys(&[Key::Enter]);
    assert_eq!(d.flow().step, nowkey::flows::setup_sms::Step::Vendor);
    let error = d.flow().api_url.fields[0].error.clone().unwrap_or_default();
    assert!(error.contains("(\\u{430}) at position 9"), "{error:?}");
    // The punycode form of an internationalised host is plain ASCII.
    assert!(normalize_instance("https://xn--bcher-kva.example").is_ok());
}

/// A rotation at "create the new key", straight from a journal entry.
fn rotation_at_new_key() -> nowkey::flows::rotate::Rotate {
    use nowkey::domain::profile::{rotation_due, Profile, SmsProfile};
    use nowkey::domain::rotation::{KeyRef, Rotation};
    use nowkey::domain::token::Fingerprint;
    use nowkey::flows::rotate::{RotatableProfile, Rotate};
    let fingerprint = Fingerprint::parse("0123456789ab").unwrap();
    let day = crate::flow_support::start_time().today();
    let sms = SmsProfile {
        vendor: "messagemedia".into(),
        hub_api_url: "http://127.0.0.1:8787".into(),
        api_key: "OLDKEY00000000000001".into(),
        token_fingerprint: fingerprint.clone(),
        key_created: day,
        next_rotation_due: rotation_due(day),
        test_number: None,
        servicenow_url: None,
        servicenow_user: None,
        servicenow_credential: None,
        servicenow_registration: None,
        servicenow_registration_fields: None,
        rotations: Vec::new(),
    };
    let profile = RotatableProfile {
        name: "prod".into(),
        sms: sms.clone(),
        profile: Profile {
            sms: Some(sms),
            hopex: None,
        },
    };
    let old = KeyRef {
        api_key: "OLDKEY00000000000001".into(),
        fingerprint,
        expires: None,
    };
    let rotation = Rotation::start("prod", old, false, chrono::Utc::now());
    Rotate::new(env(), Ok(vec![profile]), Some(rotation), Vec::new())
}

/// The SMS setup keeps ':' out of the unmasked key field, because a pasted `key:secret`
/// would show the secret there; the rotation's new-key field did not.
#[test]
fn a_key_colon_secret_paste_never_enters_the_rotation_key_field() {
    use nowkey::flows::context::Context;
    use nowkey::flows::flow::Flow;
    use nowkey::flows::rotate::RotateScreen;
    use nowkey::flows::task::TaskIds;
    let mut ids = TaskIds::new();
    let mut cx = Context::new(crate::flow_support::start_time(), &mut ids);
    let mut flow = rotation_at_new_key();
    assert_eq!(flow.screen(), RotateScreen::CreateNewKey);
    flow.update(
        Msg::Paste("NEWKEY00000000000002:newCanaryLeak0123".into()),
        &mut cx,
    );
    assert_eq!(
        flow.new_key_form.text(0),
        "",
        "the pasted secret is in the key field"
    );
    let error = flow.new_key_form.fields[0]
        .error
        .clone()
        .unwrap_or_default();
    assert!(error.contains("the key and secret together"), "{error:?}");
    flow.update(Msg::Key(Key::Char(':')), &mut cx);
    assert_eq!(flow.new_key_form.text(0), "");
    // In the secret field a ':' is fine.
    flow.update(Msg::Key(Key::Tab), &mut cx);
    flow.update(Msg::Paste("new:secret".into()), &mut cx);
    assert_eq!(flow.new_key_form.text(1), "new:secret");
}
