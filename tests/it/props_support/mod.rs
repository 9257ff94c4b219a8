//! Input strategies shared by the property tests of the parsers and validators:
//! the kind of text an operator can paste into a field, at its worst.
#![allow(dead_code)]

use proptest::collection::vec;
use proptest::prelude::*;

/// Characters and fragments that have broken input handling somewhere: controls,
/// invisible format characters, look-alikes, wide characters, URL and phone
/// punctuation, Unicode whitespace.
pub fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        " ",
        "\t",
        "\n",
        "\r\n",
        "\0",
        "\u{1b}[2J",
        "\u{7}",
        "\u{7f}",
        "\u{85}",
        "\u{a0}",
        "\u{2028}",
        "\u{200b}",
        "\u{200d}",
        "\u{feff}",
        "\u{202e}",
        "\u{2066}",
        "\u{ad}",
        "\u{1f511}",
        "\u{ff16}",
        "\u{430}",
        "\u{e9}",
        "e\u{301}",
        ":",
        "+",
        "/",
        "\\",
        ".",
        "..",
        "-",
        "_",
        "@",
        "?",
        "#",
        "%",
        "(0)",
        "[",
        "]",
        "https://",
        "http://",
        "ftp://",
        "localhost",
        "127.0.0.1",
        "service-now.com",
        "V5",
        "CP6",
        "HF27",
        "SP1",
        "CU4",
    ]);
    prop_oneof![
        fixed.prop_map(str::to_owned),
        "[A-Za-z0-9]{1,8}",
        any::<char>().prop_map(String::from),
    ]
}

/// Arbitrary text: any string, bytes read as lossy UTF-8, or a soup of [`piece`]s.
pub fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        vec(any::<u8>(), 0..96).prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        vec(piece(), 0..24).prop_map(|pieces| pieces.concat()),
    ]
}

/// Huge text: arbitrary text repeated up to 40 000 times, at most about 200 KB (a
/// page pasted by mistake). Slow: run with fewer cases.
pub fn huge() -> impl Strategy<Value = String> {
    (nasty(), 1usize..40_000).prop_map(|(unit, times)| {
        let unit = if unit.is_empty() {
            "x".to_owned()
        } else {
            unit
        };
        unit.repeat(times.min(200_000 / unit.len() + 1))
    })
}

/// A canary: random letters and digits that cannot occur in any message by
/// chance, so a message containing it echoed the input.
pub fn canary() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9]{11,23}"
}

/// One character a credential field must refuse inside a value.
pub fn bad_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            ' ', '\t', '\n', '\r', '\0', '\u{1b}', '\u{7}', '\u{7f}', '\u{85}', '\u{a0}',
            '\u{2028}', '\u{200b}', '\u{200e}', '\u{feff}', '\u{202e}', '\u{2066}', '\u{ad}',
        ]),
        any::<char>().prop_filter("a control character", |c| c.is_control()),
    ]
}

/// Phone-number-like text: a prefix (`+61`, `00`, a trunk `0`…), groups of digits
/// between separators, a trunk `(0)`, now and then a bad character.
pub fn phone_soup() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(vec!["+", "+61", "+64 ", "+44 (0)", "00", "0", "", " +"]);
    let sep = prop::sample::select(vec!["", " ", "-", ".", "\u{a0}", ")", "("]);
    let groups = vec(("[0-9]{1,4}", sep), 1..6);
    let junk = prop::option::weighted(0.2, piece());
    (prefix, groups, junk).prop_map(|(prefix, groups, junk)| {
        let mut text = prefix.to_owned();
        for (digits, sep) in groups {
            text.push_str(&digits);
            text.push_str(sep);
        }
        text.push_str(&junk.unwrap_or_default());
        text
    })
}

/// HOPEX-version-like text: `[HOPEX] [V]<major>[.<n>][ CP/SP <n>][ HF/CU <n>]` with
/// mixed case and separators, now and then a bad character.
pub fn version_soup() -> impl Strategy<Value = String> {
    let sep = || prop::sample::select(vec![" ", "", "-", "_", ".", "  ", "\t"]);
    let first = prop::sample::select(vec!["CP", "cp", "SP", "sp", "Hotfix", "R"]);
    let second = prop::sample::select(vec!["HF", "hf", "CU", "cu", "Hotfix ", "SP"]);
    (
        prop::sample::select(vec!["", "HOPEX ", "v", "V", "V "]),
        0u32..9,
        prop::option::of(0u32..4),
        prop::option::of((sep(), first, 0u32..30)),
        prop::option::of((sep(), second, 0u32..30)),
        prop::option::weighted(0.2, piece()),
    )
        .prop_map(|(lead, major, dotted, one, two, junk)| {
            let mut text = format!("{lead}{major}");
            if let Some(n) = dotted {
                text.push_str(&format!(".{n}"));
            }
            for (sep, word, n) in [one, two].into_iter().flatten() {
                text.push_str(&format!("{sep}{word}{n}"));
            }
            text.push_str(&junk.unwrap_or_default());
            text
        })
}

/// URL-like text: scheme, optional credentials, host, port, path, query.
pub fn url_soup() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "https://", "http://", "HTTPS://", "ftp://", "", "https:",
    ]);
    let creds = prop::sample::select(vec!["", "", "", "user:pw@", "user@"]);
    let host = prop::sample::select(vec![
        "acme",
        "acme.service-now.com",
        "api.example.com",
        "hopex.acme.com",
        "localhost",
        "127.0.0.1",
        "[::1]",
        "xn--bcher-kva.example",
        "service-now.com",
        "a.b.service-now.com",
        "",
    ]);
    let port = prop::sample::select(vec!["", "", ":8443", ":0", ":99999"]);
    let path = prop::sample::select(vec!["", "", "/", "/v1", "/v1/", "//x", "/HOPEXGraphQL/api"]);
    let tail = prop::sample::select(vec!["", "", "", "?q=1", "#top"]);
    let junk = prop::option::weighted(0.3, (piece(), any::<prop::sample::Index>()));
    (scheme, creds, host, port, path, tail, junk).prop_map(
        |(scheme, creds, host, port, path, tail, junk)| {
            let mut text = format!("{scheme}{creds}{host}{port}{path}{tail}");
            if let Some((junk, at)) = junk {
                let mut at = at.index(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, &junk);
            }
            text
        },
    )
}
