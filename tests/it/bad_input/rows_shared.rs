//! Rows for the fields flows share: the ServiceNow form and profile names, with
//! the long lists used in the SMS setup.

use super::fields::Field;
use super::rows_sms::{NOT_ASCII, PLAIN_HTTP};
use super::run::Row;
use super::table::{accepted, refused};

/// The ServiceNow instance, user and password (the SMS setup step 4; the HOPEX setup uses its
/// own, shorter list).
pub fn servicenow(instance: Field, user: Field, password: Field) -> Vec<Row> {
    let mut rows = Vec::new();
    let long_name = "a".repeat(64);
    rows.extend(refused(
        instance,
        &[
            ("empty", "", "Enter the ServiceNow instance name or URL"),
            (
                "whitespace only",
                "  \t",
                "Enter the ServiceNow instance name or URL",
            ),
            (
                "ftp://",
                "ftp://acme.service-now.com",
                "reached over https:// only",
            ),
            (
                "http:// to a remote host",
                "http://acme.service-now.com",
                PLAIN_HTTP,
            ),
            (
                "user:pass@",
                "https://admin:pw@acme.service-now.com",
                "Remove the user name and password",
            ),
            (
                "space in the host",
                "https://acme .service-now.com",
                "Remove the spaces from the URL",
            ),
            ("only a scheme", "https://", "not a URL nowkey can read"),
            (
                "name starting with -",
                "-acme",
                "An instance name has 1 to 63",
            ),
            (
                "64-character name",
                &long_name,
                "An instance name has 1 to 63",
            ),
            ("NUL in a name", "acme\u{0}", "An instance name has 1 to 63"),
            (
                "no instance",
                "https://service-now.com",
                "followed by .service-now.com",
            ),
            (
                "single-word host",
                "https://acme",
                "Enter the full host name",
            ),
            (
                "underscore in host",
                "https://acme_corp.example.com",
                "only letters, digits, dots",
            ),
            (
                "IDN look-alike host",
                "https://itsm.\u{430}cme.com",
                NOT_ASCII,
            ),
        ],
    ));
    rows.extend(accepted(
        instance,
        &[
            ("a padded bare name", "  ACME \n"),
            (
                "a URL with path and query",
                "https://acme.service-now.com/now/nav?x=1",
            ),
        ],
    ));
    let long_user = "x".repeat(101);
    rows.extend(refused(
        user,
        &[
            ("empty", "", "Enter the ServiceNow user name"),
            ("display name", "john smith", "no spaces inside"),
            ("':'", "svc:integration", "cannot contain ':'"),
            ("BEL", "svc\u{7}bot", "invisible control character"),
            (
                "zero-width space",
                "svc\u{200b}bot",
                "invisible control character",
            ),
            (
                "RTL override",
                "svc\u{202e}tob",
                "invisible control character",
            ),
            ("101 characters", &long_user, "at most 100 characters"),
        ],
    ));
    rows.extend(accepted(user, &[("padded", "  sn.integration \n")]));
    rows.extend(refused(
        password,
        &[
            ("empty", "", "Enter the ServiceNow user's password"),
            (
                "line break only",
                "\r\n",
                "Enter the ServiceNow user's password",
            ),
            ("spaces only", "   ", "Enter the ServiceNow user's password"),
            ("tab", "pass\tword0123", "control character"),
            ("newline inside", "pass\nword0123", "control character"),
            ("NUL", "pass\u{0}word0123", "control character"),
            ("ESC", "pass\u{1b}word0123", "control character"),
            (
                "zero-width space",
                "pass\u{200b}word0123",
                "invisible character",
            ),
            ("BOM", "\u{feff}canaryPw0123", "invisible character"),
            (
                "RTL override",
                "pass\u{202e}word0123",
                "invisible character",
            ),
        ],
    ));
    rows.extend(accepted(
        password,
        &[
            ("inner and outer spaces (kept)", "  pass word 0123  "),
            ("Unicode and emoji", "p\u{e4}ssw\u{f6}rd\u{1f511}0123"),
        ],
    ));
    rows
}

/// Profile names (the SMS setup step 10; the HOPEX setup uses a shorter list).
pub fn profile_names(field: Field) -> Vec<Row> {
    let mut rows = Vec::new();
    let long = "a".repeat(65);
    rows.extend(refused(
        field,
        &[
            ("empty", "", "Give the profile a name"),
            ("spaces only", "   ", "Give the profile a name"),
            ("'/'", "prod/eu", "('/' is not allowed)"),
            ("'../'", "../etc", "('/' is not allowed)"),
            ("'\\'", "prod\\eu", "('\\' is not allowed)"),
            ("inner space", "prod 1", "(' ' is not allowed)"),
            ("':'", "prod:1", "(':' is not allowed)"),
            ("65 characters", &long, "at most 64 characters"),
            ("accented letter", "prod\u{e9}", "('\u{e9}' is not allowed)"),
            ("emoji", "prod\u{1f511}", "('\u{1f511}' is not allowed)"),
            (
                "zero-width space",
                "prod\u{200b}",
                "('\\u{200b}' is not allowed)",
            ),
            ("NUL", "prod\u{0}x", "('\\u{0}' is not allowed)"),
        ],
    ));
    rows.extend(accepted(
        field,
        &[
            ("padded", "  prod-eu_1.a \n"),
            // Letters, digits, '-', '_', '.': ".." is allowed and harmless, since the
            // journal is rotations/...toml, inside its folder.
            ("'..' (dots are allowed)", ".."),
        ],
    ));
    rows
}
