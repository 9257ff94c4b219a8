//! The HOPEX setup (HOPEX setup): every text field.

use super::fields::Field::*;
use super::run::Row;
use super::table::{accepted, refused};

/// The address rules, as in the SMS setup.
const ADDRESS_SPACE: &str = "contains a space or line break at position";
const NOT_ASCII: &str = "not plain ASCII";
/// The identifier rule for spaces and invisible characters.
const ID_INVISIBLE: &str = "no spaces or invisible characters inside";
/// The login and name rule for invisible characters.
const INVISIBLE: &str = "invisible control character";

/// The rows of the HOPEX setup.
pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    rows.extend(refused(
        Version,
        &[
            ("empty", "", "Enter the HOPEX version"),
            ("spaces only", "   ", "Enter the HOPEX version"),
            ("dotted V5", "V5.6", "dotted V5 number"),
            ("V4", "V4", "V4 is too old"),
            ("V0", "V0", "V0 is too old"),
            ("V5 CP5", "V5 CP5", "V5 CP5 is too old"),
            (
                "one hotfix short",
                "V5 CP6 HF26",
                "it needs V5 CP6 HF27 or later",
            ),
            ("no hotfix", "V5 CP6", "enter the hotfix too"),
            ("one CU short", "V6 SP1 CU3", "it needs V6 SP1 CU4 or later"),
            ("V6 SP0", "V6 SP0", "it needs V6 SP1 CU4 or later"),
            ("garbage", "garbage", "Start with the major version"),
            ("NUL", "V5\u{0}CP6 HF27", "plain letters and digits"),
            (
                "ESC sequence",
                "V5 CP6 HF27\u{1b}[0m",
                "plain letters and digits",
            ),
            ("BEL", "V5 CP6\u{7} HF27", "plain letters and digits"),
            (
                "zero-width space",
                "V5 CP6 HF27\u{200b}",
                "plain letters and digits",
            ),
            (
                "full-width digit",
                "V\u{ff15} CP6 HF27",
                "plain letters and digits",
            ),
            ("negative hotfix", "V5 CP6 HF-27", "cannot be negative"),
            ("huge number", "V5 CP6 HF99999", "far too large"),
            ("out of order", "V5 HF27 CP6", "once and in order"),
            ("CP on V6", "V6 CP6", "V5 versions use CP and HF"),
            ("unknown word", "V6 SP1 build 4", "Only V, CP, HF"),
            ("keyword without number", "V5 CP HF27", "needs its number"),
        ],
    ));
    rows.extend(accepted(
        Version,
        &[
            ("lower case, dashes, newline", "  v5-cp6-hf27 \n"),
            // Whitespace separates parts; the field then shows "V5 CP6 HF27".
            ("tab-separated (from a table)", "V5\tCP6\tHF27"),
            ("a later major", "V7"),
        ],
    ));

    rows.extend(refused(
        Server,
        &[
            ("empty", "", "it is empty"),
            ("ftp://", "ftp://hopex.acme.com", "only https://"),
            (
                "http:// to a remote host",
                "http://hopex.acme.com",
                "plain http://",
            ),
            (
                "user:pass@",
                "https://admin:pw@hopex.acme.com",
                "user name or password",
            ),
            (
                "query string",
                "https://hopex.acme.com/?tenant=1",
                "contains a query",
            ),
            ("space in the host", "https://hopex acme.com", ADDRESS_SPACE),
            ("only a scheme", "https://", "not a web address"),
            (
                "space in the path",
                "https://hopex.acme.com/HOPEX GraphQL",
                ADDRESS_SPACE,
            ),
            (
                "two lines",
                "https://hopex.acme.com\nhttps://b.acme.com",
                ADDRESS_SPACE,
            ),
            (
                "IDN look-alike host",
                "https://hopex.\u{430}cme.com",
                NOT_ASCII,
            ),
        ],
    ));
    rows.extend(accepted(
        Server,
        &[
            ("padded", " https://hopex.acme.com/ \n"),
            ("http:// to loopback", "http://127.0.0.1:8787"),
        ],
    ));

    rows.extend(refused(
        OwnLogin,
        &[
            ("empty", "", "Enter the HOPEX login"),
            ("full name", "alice smith", "no spaces inside"),
            ("BEL", "alice\u{7}", INVISIBLE),
            ("zero-width space", "ali\u{200b}ce", INVISIBLE),
        ],
    ));
    rows.extend(accepted(OwnLogin, &[("padded", " alice \n")]));

    let long_name = "k".repeat(101);
    rows.extend(refused(
        KeyName,
        &[
            ("empty", "", "Enter a name for the API key"),
            ("spaces only", "   ", "Enter a name for the API key"),
            ("line break inside", "Service\nNow", INVISIBLE),
            ("RTL override", "Service\u{202e}woN", INVISIBLE),
            ("101 characters", &long_name, "100 characters or fewer"),
        ],
    ));
    rows.extend(accepted(
        KeyName,
        &[("spaces inside (allowed)", "ServiceNow integration")],
    ));

    rows.extend(refused(
        HopexLogin,
        &[
            (
                "your login in another case",
                "ALICE",
                "must differ from the login you use",
            ),
            (
                "your login, padded",
                " Alice ",
                "must differ from the login you use",
            ),
            ("empty", "", "Enter the HOPEX login"),
            ("space inside", "svc servicenow", "no spaces inside"),
            ("NUL", "svc\u{0}servicenow", INVISIBLE),
            ("zero-width joiner", "svc\u{200d}servicenow", INVISIBLE),
        ],
    ));
    rows.extend(accepted(HopexLogin, &[("padded", "  svc.hopex\n")]));

    let long_id = "R".repeat(65);
    rows.extend(refused(
        EnvironmentId,
        &[
            ("empty", "", "Enter the EnvironmentId"),
            ("space inside", "ENV 1", ID_INVISIBLE),
            ("tab inside", "ENV\t1", ID_INVISIBLE),
            ("zero-width space", "ENV\u{200b}1", ID_INVISIBLE),
        ],
    ));
    rows.extend(accepted(EnvironmentId, &[("padded", " ENV-2 \n")]));
    rows.extend(refused(
        RepositoryId,
        &[
            ("empty", "", "Enter the RepositoryId"),
            ("65 characters", &long_id, "at most 64 characters"),
            ("BOM", "\u{feff}REPO-1", ID_INVISIBLE),
        ],
    ));
    rows.extend(refused(
        ProfileId,
        &[
            ("empty", "", "Enter the ProfileId"),
            ("tab inside", "PRO\tFILE", ID_INVISIBLE),
            ("RTL override", "PROFILE\u{202e}1", ID_INVISIBLE),
        ],
    ));

    let long_key = "k".repeat(257);
    rows.extend(refused(
        HopexApiKey,
        &[
            ("empty", "", "The HOPEX API key is empty"),
            ("line break only", "\n", "The HOPEX API key is empty"),
            ("space inside", "hopexCanary Key0123", "contains a space"),
            (
                "NUL",
                "hopexCanary\u{0}Key0123",
                "control character (\\u{0})",
            ),
            (
                "ESC",
                "hopexCanary\u{1b}Key0123",
                "control character (\\u{1b})",
            ),
            (
                "zero-width space",
                "hopexCanary\u{200b}Key0123",
                "(\\u{200b})",
            ),
            ("BOM", "\u{feff}hopexCanaryKey0123", "(\\u{feff})"),
            ("RTL override", "hopexCanary\u{202e}Key0123", "(\\u{202e})"),
            ("257 characters", &long_key, "far too long"),
        ],
    ));
    rows.extend(accepted(
        HopexApiKey,
        &[("padded", "  hopexCanaryKey0123456789 \r\n")],
    ));

    rows.extend(refused(
        HopexInstance,
        &[
            (
                "http:// to a remote host",
                "http://acme.service-now.com",
                "plain http://",
            ),
            ("only a scheme", "https://", "not a URL nowkey can read"),
            (
                "IDN look-alike host",
                "https://itsm.\u{430}cme.com",
                NOT_ASCII,
            ),
        ],
    ));
    rows.extend(refused(
        HopexUser,
        &[
            ("':'", "svc:int", "cannot contain ':'"),
            ("empty", "", "Enter the ServiceNow user name"),
        ],
    ));
    rows.extend(refused(
        HopexPassword,
        &[
            ("empty", "", "Enter the ServiceNow user's password"),
            ("line break inside", "sn pw\n0123", "control character"),
        ],
    ));
    let long_profile = "h".repeat(65);
    rows.extend(refused(
        HopexProfileName,
        &[
            ("empty", "", "Give the profile a name"),
            ("'/'", "prod/eu", "('/' is not allowed)"),
            ("65 characters", &long_profile, "at most 64 characters"),
        ],
    ));
    rows.extend(accepted(HopexProfileName, &[("padded", "  hopex-prod \n")]));
    rows
}
