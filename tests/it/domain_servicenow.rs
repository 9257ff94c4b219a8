//! ServiceNow instance URL normalisation and user-name checks.

use nowkey::domain::servicenow::{
    normalize_instance, validate_user_name, InstanceError, UserNameError, MAX_USER_NAME,
};
use proptest::prelude::*;

const ACME: &str = "https://acme.service-now.com";

// ---------------------------------------------------------------------------
// normalize_instance: accepted forms
// ---------------------------------------------------------------------------

#[test]
fn bare_names_become_service_now_hosts() {
    assert_eq!(normalize_instance("acme").unwrap(), ACME);
    assert_eq!(
        normalize_instance("acme-dev").unwrap(),
        "https://acme-dev.service-now.com"
    );
    assert_eq!(
        normalize_instance("dev12345").unwrap(),
        "https://dev12345.service-now.com"
    );
    assert_eq!(
        normalize_instance("a").unwrap(),
        "https://a.service-now.com"
    );
}

#[test]
fn bare_names_are_lower_cased_and_trimmed() {
    assert_eq!(normalize_instance("ACME").unwrap(), ACME);
    assert_eq!(normalize_instance("  Acme \n").unwrap(), ACME);
    assert_eq!(
        normalize_instance("\tAcMe-DeV ").unwrap(),
        "https://acme-dev.service-now.com"
    );
}

#[test]
fn sixty_three_character_name_is_the_longest_accepted() {
    let name = "a".repeat(63);
    assert_eq!(
        normalize_instance(&name).unwrap(),
        format!("https://{name}.service-now.com")
    );
}

#[test]
fn hosts_and_urls_of_an_instance_normalise_to_its_base_url() {
    for raw in [
        "acme.service-now.com",
        "acme.service-now.com/",
        "ACME.Service-Now.COM",
        "https://acme.service-now.com",
        "https://acme.service-now.com/",
        "HTTPS://acme.service-now.com",
        "https://acme.service-now.com/now/nav/ui/classic",
        "https://acme.service-now.com/now/nav/ui/classic/params/target/incident_list.do",
        "https://acme.service-now.com/nav_to.do?uri=%2Fincident.do%3Fsys_id%3D1",
        "https://acme.service-now.com/#fragment",
        "https://acme.service-now.com?x=1",
        "https://acme.service-now.com:443/",
        "acme.service-now.com:443",
        "acme.service-now.com/now/nav/ui/classic",
        "https://acme.service-now.com./",
        "  https://acme.service-now.com/  ",
    ] {
        assert_eq!(normalize_instance(raw).as_deref(), Ok(ACME), "{raw:?}");
    }
}

#[test]
fn custom_https_hosts_are_kept_with_their_port() {
    assert_eq!(
        normalize_instance("https://itsm.acme.com").unwrap(),
        "https://itsm.acme.com"
    );
    assert_eq!(
        normalize_instance("https://ITSM.Acme.com/sp?id=index").unwrap(),
        "https://itsm.acme.com"
    );
    assert_eq!(
        normalize_instance("https://itsm.acme.com:8443/now/nav").unwrap(),
        "https://itsm.acme.com:8443"
    );
    assert_eq!(
        normalize_instance("itsm.acme.com").unwrap(),
        "https://itsm.acme.com"
    );
    assert_eq!(
        normalize_instance("https://10.1.2.3:8443").unwrap(),
        "https://10.1.2.3:8443"
    );
}

#[test]
fn loopback_http_is_kept_with_its_port() {
    assert_eq!(
        normalize_instance("http://127.0.0.1:8080").unwrap(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        normalize_instance("http://127.0.0.1:8080/api/now/table/sys_user?x=1").unwrap(),
        "http://127.0.0.1:8080"
    );
    assert_eq!(
        normalize_instance("http://127.9.8.7:1").unwrap(),
        "http://127.9.8.7:1"
    );
    assert_eq!(
        normalize_instance("http://localhost:39999/").unwrap(),
        "http://localhost:39999"
    );
    assert_eq!(
        normalize_instance("HTTP://LocalHost:5000").unwrap(),
        "http://localhost:5000"
    );
    assert_eq!(
        normalize_instance("http://[::1]:8080/x").unwrap(),
        "http://[::1]:8080"
    );
    assert_eq!(
        normalize_instance("http://127.0.0.1").unwrap(),
        "http://127.0.0.1"
    );
    assert_eq!(
        normalize_instance("https://localhost:8443").unwrap(),
        "https://localhost:8443"
    );
}

// ---------------------------------------------------------------------------
// normalize_instance: refusals
// ---------------------------------------------------------------------------

#[test]
fn empty_input_is_refused() {
    for raw in ["", "   ", "\n\t"] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::Empty),
            "{raw:?}"
        );
    }
}

#[test]
fn plain_http_to_a_remote_host_is_refused() {
    for raw in [
        "http://acme.service-now.com",
        "http://acme.service-now.com/now/nav",
        "http://itsm.acme.com:8080",
        "http://10.0.0.1:8080",
        "http://128.0.0.1",
        "http://[::2]:80",
        "http://localhost.acme.com",
    ] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::PlainHttp),
            "{raw:?}"
        );
    }
}

#[test]
fn other_schemes_are_refused() {
    for raw in [
        "ftp://acme.service-now.com",
        "ws://acme.service-now.com",
        "file:///etc/passwd",
        "javascript://x",
    ] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::UnsupportedScheme),
            "{raw:?}"
        );
    }
    assert_eq!(
        normalize_instance("1ab://acme.service-now.com"),
        Err(InstanceError::NotAUrl)
    );
}

#[test]
fn bad_bare_names_are_refused() {
    for raw in [
        "acme corp",
        "-acme",
        "acme-",
        "acme_dev",
        "acmé",
        "acme!",
        &"a".repeat(64),
    ] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::BadName),
            "{raw:?}"
        );
    }
}

#[test]
fn bad_instance_names_in_hosts_are_refused() {
    assert_eq!(
        normalize_instance("-acme.service-now.com"),
        Err(InstanceError::BadName)
    );
    assert_eq!(
        normalize_instance(&format!("https://{}.service-now.com", "a".repeat(64))),
        Err(InstanceError::BadName)
    );
    assert_eq!(
        normalize_instance("https://acme_dev.service-now.com"),
        Err(InstanceError::BadName)
    );
}

#[test]
fn service_now_hosts_need_exactly_one_instance_name() {
    for raw in [
        "service-now.com",
        "https://service-now.com",
        "https://a.b.service-now.com",
    ] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::NoInstance),
            "{raw:?}"
        );
    }
}

#[test]
fn urls_without_a_host_are_refused() {
    for raw in [
        "https://",
        "https:///",
        "http://",
        "https://:443",
        "https://?x",
    ] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::NotAUrl),
            "{raw:?}"
        );
    }
}

#[test]
fn single_word_hosts_are_incomplete() {
    assert_eq!(
        normalize_instance("https://acme"),
        Err(InstanceError::IncompleteHost)
    );
    assert_eq!(
        normalize_instance("acme/"),
        Err(InstanceError::IncompleteHost)
    );
}

#[test]
fn bad_host_characters_are_refused() {
    assert_eq!(
        normalize_instance("https://itsm_x.acme.com"),
        Err(InstanceError::BadHost)
    );
    assert_eq!(
        normalize_instance("https://-itsm.acme.com"),
        Err(InstanceError::BadHost)
    );
}

#[test]
fn spaces_inside_a_url_are_refused() {
    for raw in [
        "https://acme .service-now.com",
        "https://acme.service-now.com/now nav",
        "https://ac\tme.service-now.com",
        "acme.service-now\n.com",
    ] {
        assert_eq!(
            normalize_instance(raw),
            Err(InstanceError::Whitespace),
            "{raw:?}"
        );
    }
}

#[test]
fn credentials_in_the_url_are_refused_without_echoing_them() {
    for raw in [
        "https://user:pw@acme.service-now.com",
        "https://admin:Sup3rS3cret!@acme.service-now.com/now/nav",
        "https://user@acme.service-now.com",
        "user:pw@acme.service-now.com",
        "http://user:pw@127.0.0.1:8080",
    ] {
        let err = normalize_instance(raw).unwrap_err();
        assert_eq!(err, InstanceError::CredentialsInUrl, "{raw:?}");
        let shown = format!("{err} {err:?}");
        for secret in ["pw", "Sup3rS3cret", "admin", "user:"] {
            assert!(!shown.contains(secret), "{shown:?} echoes {secret:?}");
        }
    }
}

#[test]
fn every_message_is_one_sentence_that_says_what_to_do() {
    let all = [
        InstanceError::Empty,
        InstanceError::BadName,
        InstanceError::NotAUrl,
        InstanceError::Whitespace,
        InstanceError::PlainHttp,
        InstanceError::UnsupportedScheme,
        InstanceError::CredentialsInUrl,
        InstanceError::NoInstance,
        InstanceError::IncompleteHost,
        InstanceError::BadHost,
    ];
    for err in all {
        let text = err.to_string();
        assert!(text.ends_with('.'), "{text:?}");
        assert!(text.chars().next().unwrap().is_uppercase(), "{text:?}");
        assert!(!text.contains('\n'), "{text:?}");
    }
}

// ---------------------------------------------------------------------------
// validate_user_name
// ---------------------------------------------------------------------------

#[test]
fn user_names_are_trimmed_and_keep_their_case() {
    assert_eq!(
        validate_user_name("  hopex.integration ").unwrap(),
        "hopex.integration"
    );
    assert_eq!(validate_user_name("Admin").unwrap(), "Admin");
    assert_eq!(
        validate_user_name("svc_hopex@acme.com").unwrap(),
        "svc_hopex@acme.com"
    );
}

#[test]
fn user_name_refusals() {
    assert_eq!(validate_user_name(""), Err(UserNameError::Empty));
    assert_eq!(validate_user_name(" \t\n "), Err(UserNameError::Empty));
    assert_eq!(
        validate_user_name("john smith"),
        Err(UserNameError::Whitespace)
    );
    assert_eq!(
        validate_user_name("john\tsmith"),
        Err(UserNameError::Control)
    );
    assert_eq!(
        validate_user_name("john\u{7f}"),
        Err(UserNameError::Control)
    );
    assert_eq!(
        validate_user_name("a\u{a0}b"),
        Err(UserNameError::Whitespace)
    );
}

#[test]
fn user_name_length_limit_is_exact() {
    let longest = "u".repeat(MAX_USER_NAME);
    assert_eq!(validate_user_name(&longest).unwrap(), longest);
    let too_long = "u".repeat(MAX_USER_NAME + 1);
    assert_eq!(validate_user_name(&too_long), Err(UserNameError::TooLong));
    // Counted in characters, not bytes.
    let accented = "é".repeat(MAX_USER_NAME);
    assert!(validate_user_name(&accented).is_ok());
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

fn accepted_output_is_well_formed(out: &str) {
    assert!(
        out.starts_with("https://")
            || out.starts_with("http://127.")
            || out.starts_with("http://localhost")
            || out.starts_with("http://[::1]"),
        "{out:?}"
    );
    assert!(!out.ends_with('/'), "{out:?}");
    let rest = out.split_once("://").unwrap().1;
    assert!(!rest.is_empty(), "{out:?}");
    for c in ['/', '?', '#', '@', ' '] {
        assert!(!rest.contains(c), "{out:?} has {c:?}");
    }
    // Normalising twice changes nothing.
    assert_eq!(normalize_instance(out).as_deref(), Ok(out));
}

fn url_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just(""),
        Just("https://"),
        Just("http://"),
        Just("HTTPS://"),
        Just("ftp://"),
    ];
    let host = prop_oneof![
        "[a-zA-Z0-9-]{0,12}",
        "[a-z0-9-]{1,10}\\.service-now\\.com",
        "[a-z]{1,6}\\.[a-z]{1,6}\\.[a-z]{2,3}",
        Just("127.0.0.1".to_owned()),
        Just("localhost".to_owned()),
        Just("[::1]".to_owned()),
        "[a-z]{1,4}:[a-z]{1,4}@[a-z]{1,6}\\.service-now\\.com",
    ];
    let port = prop_oneof![
        Just(String::new()),
        (0u32..70000).prop_map(|p| format!(":{p}"))
    ];
    let tail = prop_oneof![
        Just(""),
        Just("/"),
        Just("/now/nav/ui/classic"),
        Just("?a=b"),
        Just("#x"),
        Just("//"),
    ];
    (scheme, host, port, tail).prop_map(|(s, h, p, t)| format!("{s}{h}{p}{t}"))
}

proptest! {
    #[test]
    fn never_panics_on_arbitrary_text(raw in any::<String>()) {
        if let Ok(out) = normalize_instance(&raw) {
            accepted_output_is_well_formed(&out);
        }
    }

    #[test]
    fn url_shaped_input_is_either_refused_or_well_formed(raw in url_like()) {
        if let Ok(out) = normalize_instance(&raw) {
            accepted_output_is_well_formed(&out);
        }
    }

    #[test]
    fn any_valid_instance_name_is_accepted(name in "[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?") {
        let expected = format!("https://{}.service-now.com", name.to_ascii_lowercase());
        prop_assert_eq!(normalize_instance(&name), Ok(expected.clone()));
        prop_assert_eq!(normalize_instance(&format!("https://{name}.service-now.com/now/nav")), Ok(expected));
    }

    #[test]
    fn http_to_non_loopback_ipv4_is_always_refused(a in 0u8..=255, b: u8, c: u8, d: u8, port in 1u16..) {
        prop_assume!(a != 127);
        let raw = format!("http://{a}.{b}.{c}.{d}:{port}/x");
        prop_assert_eq!(normalize_instance(&raw), Err(InstanceError::PlainHttp));
    }

    #[test]
    fn user_names_never_panic_and_accepted_ones_are_clean(raw in any::<String>()) {
        if let Ok(name) = validate_user_name(&raw) {
            prop_assert!(!name.is_empty());
            prop_assert!(name.chars().count() <= MAX_USER_NAME);
            prop_assert!(!name.chars().any(|c| c.is_whitespace() || c.is_control()));
        }
    }
}

/// Basic auth splits user and password at the first ':', so a user name with one
/// would be sent as a different user; it is refused beside the field.
#[test]
fn a_colon_in_the_user_name_is_refused() {
    let error = validate_user_name("svc:integration")
        .unwrap_err()
        .to_string();
    assert!(error.contains(':'), "{error}");
}
