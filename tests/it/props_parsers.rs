//! Property tests for the parsers that had none for these properties: ServiceNow
//! instances and user names (fixed points, no echo of a pasted password), the
//! HOPEX version gate and key-field rules (fixed points, totality, symmetry), and
//! the service URL rules of `clients::http` (what an accepted URL can be, parsing
//! its own output, no echo). All are fed arbitrary strings, lossy UTF-8 bytes,
//! control and invisible characters, and huge pastes, and must never panic.

use crate::props_support;

use nowkey::domain::hopex::rules::{
    check_login_differs, duplicate_key_warning, validate_key_name, validate_login,
    validate_object_id, MAX_KEY_NAME, MAX_LOGIN, MAX_OBJECT_ID,
};
use nowkey::domain::hopex::version::{check, check_gate, parse, HopexVersion};
use nowkey::domain::hopex::SCHEMAS;
use nowkey::domain::paste::is_invisible_format;
use nowkey::domain::remote_error::{ClientError, Service};
use nowkey::domain::service_url::{
    graphql_endpoint, is_loopback, parse_service_url, parse_service_url_for,
};
use nowkey::domain::servicenow::{normalize_instance, validate_user_name, MAX_USER_NAME};
use props_support::{bad_char, canary, huge, nasty, url_soup, version_soup};
use proptest::prelude::*;

fn reason(error: &ClientError) -> String {
    error.user_message(Service::Hub)
}

proptest! {
    #[test]
    fn an_instance_url_is_a_fixed_point_of_normalisation(raw in prop_oneof![nasty(), url_soup()]) {
        if let Ok(url) = normalize_instance(&raw) {
            prop_assert_eq!(normalize_instance(&url), Ok(url.clone()));
            prop_assert!(url.is_ascii(), "{url:?}");
            prop_assert!(url.starts_with("https://") || url.starts_with("http://"), "{url}");
            prop_assert!(!url.ends_with('/'), "{url}");
        }
    }

    #[test]
    fn an_instance_refusal_never_echoes_a_pasted_password(password in canary(), host in canary()) {
        for raw in [
            format!("https://admin:{password}@{host}.service-now.com"),
            format!("http://{host}.service-now.com/?pw={password}"),
            format!("ftp://{host}.example.com/{password}"),
            format!("https://{host} {password}.example.com"),
            format!("{password} {host}"),
        ] {
            let message = normalize_instance(&raw).unwrap_err().to_string();
            prop_assert!(!message.contains(&password), "{raw}: {message}");
        }
    }

    #[test]
    fn user_names_are_a_fixed_point_and_refusals_never_echo(
        raw in nasty(),
        name in canary(),
        bad in prop_oneof![bad_char(), Just(':')],
    ) {
        if let Ok(user) = validate_user_name(&raw) {
            prop_assert_eq!(validate_user_name(&user), Ok(user.clone()));
            prop_assert!(!user.chars().any(|c| c.is_control() || is_invisible_format(c)));
        }
        let message = validate_user_name(&format!("{name}{bad}{name}")).unwrap_err().to_string();
        prop_assert!(!message.contains(&name), "{message}");
    }

    #[test]
    fn a_version_the_field_accepts_reads_back_the_same(raw in prop_oneof![nasty(), version_soup()]) {
        if let Ok(version) = check(&raw) {
            prop_assert_eq!(parse(&raw), Ok(version));
            prop_assert_eq!(check(&version.to_string()), Ok(version));
        }
    }

    #[test]
    fn the_gate_is_total_and_later_majors_always_pass(
        major in any::<u32>(),
        parts in proptest::collection::vec(proptest::option::of(any::<u32>()), 5),
    ) {
        let version = HopexVersion {
            major,
            cp: parts[0],
            hf: parts[1],
            sp: parts[2],
            cu: parts[3],
            minor: parts[4],
        };
        let gate = check_gate(&version);
        if major >= 7 {
            prop_assert!(gate.is_ok());
        }
        if major <= 4 {
            prop_assert!(gate.is_err());
        }
        let _ = version.to_string();
    }

    #[test]
    fn hopex_fields_are_fixed_points_and_hold_nothing_hidden(raw in nasty()) {
        let hidden = |text: &str| text.chars().any(|c| c.is_control() || is_invisible_format(c));
        if let Ok(name) = validate_key_name(&raw) {
            prop_assert_eq!(validate_key_name(&name), Ok(name.clone()));
            prop_assert!(!hidden(&name));
        }
        if let Ok(login) = validate_login(&raw) {
            prop_assert_eq!(validate_login(&login), Ok(login.clone()));
            prop_assert!(!hidden(&login));
        }
        if let Ok(id) = validate_object_id("EnvironmentId", &raw) {
            prop_assert_eq!(validate_object_id("EnvironmentId", &id), Ok(id.clone()));
            prop_assert!(!hidden(&id));
        }
    }

    #[test]
    fn logins_conflict_symmetrically(a in nasty(), b in nasty()) {
        prop_assert_eq!(
            check_login_differs(&a, &b).is_ok(),
            check_login_differs(&b, &a).is_ok()
        );
        prop_assert!(check_login_differs(&a, &a).is_err() || a.trim().is_empty());
    }

    #[test]
    fn the_duplicate_key_warning_names_only_matching_profiles(
        environment in nasty(),
        repository in nasty(),
        others in proptest::collection::vec((canary(), nasty(), nasty()), 0..4),
    ) {
        let existing = others.iter().map(|(n, e, r)| (n.as_str(), e.as_str(), r.as_str()));
        let warning = duplicate_key_warning(&environment, &repository, existing);
        for (name, env, repo) in &others {
            let matches = !environment.trim().is_empty()
                && !repository.trim().is_empty()
                && env.trim() == environment.trim()
                && repo.trim() == repository.trim();
            let named = warning.as_deref().is_some_and(|w| w.contains(&format!("'{name}'")));
            prop_assert_eq!(matches, named, "{:?}", warning);
        }
    }

    #[test]
    fn an_accepted_service_url_is_safe_and_parses_to_itself(raw in prop_oneof![nasty(), url_soup()]) {
        if let Ok(url) = parse_service_url(&raw) {
            prop_assert!(
                url.scheme() == "https" || (url.scheme() == "http" && is_loopback(&url)),
                "{url}"
            );
            prop_assert!(url.host().is_some(), "{url}");
            prop_assert!(url.query().is_none() && url.fragment().is_none(), "{url}");
            prop_assert!(url.username().is_empty() && url.password().is_none(), "{url}");
            prop_assert_eq!(parse_service_url(url.as_str()), Ok(url.clone()));
            // One rule with a typed ServiceNow instance: nothing outside ASCII is
            // ever turned into punycode behind the operator's back.
            prop_assert!(raw.trim().is_ascii(), "{raw:?}");
        }
    }

    #[test]
    fn a_refused_service_url_never_echoes_it(secret in canary(), host in canary()) {
        for raw in [
            format!("https://ops:{secret}@{host}.example.com"),
            format!("https://{host}.example.com/v1?key={secret}"),
            format!("http://{host}.example.com/{secret}"),
            format!("ftp://{host}.example.com/{secret}"),
            secret.clone(),
        ] {
            let error = parse_service_url_for(&raw, "https://api.example.com", "the key").unwrap_err();
            let message = reason(&error);
            prop_assert!(!message.contains(&secret) && !message.contains(&host), "{raw}: {message}");
        }
    }

    #[test]
    fn a_graphql_endpoint_ends_with_its_schema(
        raw in prop_oneof![nasty(), url_soup()],
        schema in prop::sample::select(SCHEMAS.to_vec()),
    ) {
        if let Ok(endpoint) = graphql_endpoint(&raw, schema) {
            let path = endpoint.path().to_ascii_lowercase();
            prop_assert!(path.contains("/hopexgraphql/api/"), "{endpoint}");
        }
    }
}

proptest! {
    // Huge inputs are slow to build: fewer cases.
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn no_parser_panics_on_huge_pastes(raw in huge()) {
        // Whatever a huge paste gives, an accepted value stays within its limits.
        let short = |text: &str, max: usize| text.chars().count() <= max;
        if let Ok(url) = normalize_instance(&raw) {
            prop_assert!(url.is_ascii());
        }
        if let Ok(user) = validate_user_name(&raw) {
            prop_assert!(short(&user, MAX_USER_NAME));
        }
        if let Ok(version) = check(&raw) {
            prop_assert_eq!(check(&version.to_string()), Ok(version));
        }
        if let Ok(name) = validate_key_name(&raw) {
            prop_assert!(short(&name, MAX_KEY_NAME));
        }
        if let Ok(login) = validate_login(&raw) {
            prop_assert!(short(&login, MAX_LOGIN));
            prop_assert!(check_login_differs(&login, &login).is_err());
        }
        if let Ok(id) = validate_object_id("RepositoryId", &raw) {
            prop_assert!(short(&id, MAX_OBJECT_ID));
        }
        if let Ok(url) = parse_service_url(&raw) {
            prop_assert!(url.query().is_none());
        }
        if let Ok(endpoint) = graphql_endpoint(&raw, "ITPM") {
            prop_assert!(endpoint.path().to_ascii_lowercase().contains("/hopexgraphql/api/"));
        }
    }
}

#[test]
fn a_look_alike_host_is_refused_by_every_address_rule() {
    // Cyrillic "а" and Greek "ο" in place of Latin letters.
    for raw in [
        "https://\u{430}pi.messagemedia.com",
        "https://acme.service-n\u{3bf}w.com",
        "https://hopex.\u{430}cme.com/HOPEXGraphQL/api/ITPM",
        "https://api.messagemedia.com\u{200b}",
    ] {
        let error = parse_service_url(raw).unwrap_err();
        assert!(
            matches!(error, ClientError::BadUrl { .. }),
            "{raw}: {error:?}"
        );
        assert!(normalize_instance(raw).is_err(), "{raw}");
    }
    // The xn-- form is the way to write an internationalised host.
    assert!(parse_service_url("https://xn--pi-7kc.messagemedia.com").is_ok());
}
