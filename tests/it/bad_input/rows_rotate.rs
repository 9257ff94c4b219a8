//! The rotation (rotation): every text field, including the ones a resumed rotation
//! asks for again.

use super::fields::Field::*;
use super::nav::{NEW_KEY, OLD_KEY, OLD_SECRET};
use super::run::Row;
use super::table::{accepted, refused};

/// The rows of the rotation.
pub fn rows() -> Vec<Row> {
    let mut rows = Vec::new();
    rows.extend(refused(
        OldSecret,
        &[
            (
                "another key's secret",
                "notTheOldSecret0123456789",
                "does not belong to key OLDKEY",
            ),
            ("space inside", "oldCanary Secret0123", "contains a space"),
            (
                "ESC inside",
                "oldCanary\u{1b}Secret0123",
                "control character (\\u{1b})",
            ),
            (
                "zero-width space",
                "oldCanary\u{200b}Secret0123",
                "(\\u{200b})",
            ),
        ],
    ));
    rows.extend(accepted(
        OldSecret,
        &[
            ("empty (it is optional)", ""),
            ("padded", "  oldCanarySecret0123456789abcd \n"),
        ],
    ));

    let padded_old = format!(" {OLD_KEY} \r\n");
    rows.extend(refused(
        NewKey,
        &[
            (
                "the old key again",
                OLD_KEY,
                "That is the key being replaced",
            ),
            (
                "the old key, padded",
                &padded_old,
                "That is the key being replaced",
            ),
            ("empty", "", "The API key is empty"),
            ("space inside", "NEWKEY 0002", "contains a space"),
            (
                "zero-width space",
                "NEWKEY\u{200b}0002",
                "control character (\\u{200b})",
            ),
        ],
    ));
    rows.push(
        Row::pasted(
            NewKey,
            "key:secret pasted together",
            &format!("{NEW_KEY}:newCanaryLeak0123"),
            "the key and secret together",
        )
        .on_arrival()
        .hiding("newCanaryLeak0123"),
    );
    rows.push(Row::typed(NewKey, "typed ':'", ":", "cannot contain ':'").on_arrival());
    rows.push(
        Row::pasted(
            NewKey,
            "a web address",
            "https://acme.service-now.com",
            "That is a web address, not the API key",
        )
        .on_arrival(),
    );
    rows.extend(accepted(
        NewKey,
        &[("padded", " NEWKEY00000000000002 \r\n")],
    ));

    rows.extend(refused(
        NewSecret,
        &[
            ("empty", "", "The API secret is empty"),
            (
                "tab inside",
                "newCanary\tSecret0123",
                "control character (\\t)",
            ),
            ("RTL override", "newCanary\u{202e}Secret0123", "(\\u{202e})"),
            (
                "BEL",
                "newCanary\u{7}Secret0123",
                "control character (\\u{7})",
            ),
        ],
    ));
    rows.extend(accepted(
        NewSecret,
        &[("emoji (Unicode is allowed)", "newCanary\u{1f511}Secret")],
    ));

    rows.extend(refused(
        ReenteredSecret,
        &[
            (
                "not the new key's secret",
                "notTheNewSecret0000000",
                "does not match new key NEWKEY",
            ),
            ("the old secret", OLD_SECRET, "does not match new key"),
            ("empty", "", "The API secret is empty"),
            ("space inside", "newCanary Secret", "contains a space"),
        ],
    ));
    rows.extend(accepted(
        ReenteredSecret,
        &[("padded", "  newCanarySecret0123456789abcd\n")],
    ));

    rows.extend(refused(
        RotationPhone,
        &[
            ("empty", "", "Enter the mobile number"),
            ("local form", "0412345678", "leading +"),
            ("letters", "+61 4x2 345 678", "'x' cannot be part"),
            ("too long", "+6141234567890123", "this one has 16"),
        ],
    ));
    rows.extend(accepted(RotationPhone, &[("padded", " +61 491 570 156\n")]));

    rows.extend(refused(
        OldSecretAgain,
        &[
            (
                "another secret",
                "notTheOldSecret0123456789",
                "does not belong to the old key",
            ),
            (
                "line break inside",
                "oldCanary\nSecret0123",
                "control character (\\n)",
            ),
        ],
    ));
    rows.extend(accepted(
        OldSecretAgain,
        &[
            ("empty (it is optional)", ""),
            ("padded", " oldCanarySecret0123456789abcd \n"),
        ],
    ));
    rows
}
