//! Secrets pasted by hand into the wrong field of `profiles.toml`: the error that
//! refuses the file names the line and the field, never the value, in every
//! command that reads the file (`profiles list`, `show`, `remove`, `check`), in
//! text and `--json` alike, and in the log.

use crate::leak_support::sandbox::{canaries_for, Lab};
use crate::leak_support::Scan;

/// `prod`'s SMS section with `field = "<secret>"`; the other fields are valid.
fn profiles_with_secret_in(field: &str, secret: &str) -> String {
    let mut fields = vec![
        ("vendor", "messagemedia".to_owned()),
        ("hub_api_url", "https://api.messagemedia.com".to_owned()),
        ("api_key", "KEY1".to_owned()),
        ("token_fingerprint", "0123456789ab".to_owned()),
        ("key_created", "2026-01-10".to_owned()),
        ("next_rotation_due", "2026-04-10".to_owned()),
        ("test_number", "+61491570156".to_owned()),
        ("servicenow_url", "https://acme.service-now.com".to_owned()),
        ("servicenow_user", "sn.integration".to_owned()),
    ];
    for (name, value) in &mut fields {
        if *name == field {
            *value = secret.to_owned();
        }
    }
    let body: String = fields
        .iter()
        .map(|(name, value)| format!("{name} = {value:?}\n"))
        .collect();
    format!("version = 1\n\n[profiles.prod.sms]\n{body}")
}

#[test]
fn a_secret_pasted_into_profiles_toml_is_never_printed_back() {
    let lab = Lab::new();
    let (key, secret) = lab.hub_key();
    let canaries = canaries_for(&[(&key, &secret)], None, None);
    let mut scan = Scan::new("profiles.toml with a secret in a field", &canaries);
    std::fs::create_dir_all(lab.config()).expect("config dir");
    // Not `api_key` or `servicenow_user`: a secret has the shape of a valid
    // key id or user name, so nothing can tell it was pasted there by mistake.
    for field in [
        "vendor",
        "hub_api_url",
        "token_fingerprint",
        "key_created",
        "next_rotation_due",
        "test_number",
        "servicenow_url",
    ] {
        std::fs::write(
            lab.config().join("profiles.toml"),
            profiles_with_secret_in(field, &secret),
        )
        .expect("profiles.toml");
        for args in [
            &["profiles", "list"][..],
            &["profiles", "list", "--json"],
            &["profiles", "show", "prod"],
            &["profiles", "remove", "prod"],
            &["check", "--profile", "prod", "--no-keyring", "--json"],
            &["check", "--all", "--no-keyring"],
        ] {
            let run = lab.cli(args).env("NOWKEY_HUB_API_SECRET", &secret).run();
            let what = format!("{} with the secret in {field}", args.join(" "));
            assert_ne!(run.code, Some(0), "{what} accepted the file: {run:#?}");
            assert!(
                run.stderr.contains("line "),
                "{what} does not name the line: {run:#?}"
            );
            scan.text("stdout", &what, &run.stdout);
            scan.text("stderr", &what, &run.stderr);
        }
    }
    if let Ok(log) = std::fs::read_to_string(lab.log()) {
        scan.text("log", "nowkey.log", &log);
    }
    scan.finish();
}
