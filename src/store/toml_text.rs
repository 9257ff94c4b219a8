//! Reading nowkey's TOML files as untrusted text: UTF-8 with a line number when
//! it is not, parser errors that name a line and a key but never quote a value
//! (it may be a secret pasted in the wrong place), and text from the file made
//! safe to print.

use std::ops::Range;
use std::path::Path;

use toml_edit::{Item, TableLike, Value};

use super::StoreError;

/// The bytes as text, or [`StoreError::NotUtf8`] naming the line of the first bad
/// byte.
pub(crate) fn utf8(path: &Path, bytes: Vec<u8>) -> Result<String, StoreError> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let line = err.as_bytes()[..valid]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        StoreError::NotUtf8 {
            path: path.to_owned(),
            line,
        }
    })
}

/// 1-based line of byte `offset` in `text`.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

pub(crate) use crate::domain::profile_rules::shown;

/// A deserializer's message without the value it quotes: serde writes
/// `invalid type: string "…", expected u32`, and the string may be a secret.
/// Keeps what was expected, which comes from nowkey's own types.
pub(crate) fn message_without_value(message: &str) -> String {
    let message = message.trim_end();
    for (prefix, said) in [
        ("invalid type:", "the value has the wrong type"),
        ("invalid value:", "the value is not valid"),
        ("unknown variant", "the value is not one nowkey knows"),
    ] {
        if message.starts_with(prefix) {
            return match message.find(", expected ") {
                Some(at) => format!("{said}{}", &message[at..]),
                None => said.to_owned(),
            };
        }
    }
    // Any other message: drop whatever it quotes in double quotes. Text in
    // backticks is the parser's own (`"`, a field name) and is kept.
    let mut out = String::new();
    let mut quoted = false;
    let mut parser_text = false;
    for c in message.chars() {
        match c {
            '`' if !quoted => {
                parser_text = !parser_text;
                out.push(c);
            }
            '"' if !parser_text => {
                out.push_str(if quoted { "\"" } else { "\"…" });
                quoted = !quoted;
            }
            _ if quoted => {}
            _ => out.push(c),
        }
    }
    shown_long(&out)
}

/// Like [`shown`] without the length cut, for messages.
fn shown_long(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_unicode().collect::<Vec<_>>()
            } else if c == '\n' {
                vec![' ']
            } else {
                vec![c]
            }
        })
        .collect()
}

/// The dotted key path (`profiles.prod.sms.api_key`) of the value or table at
/// byte `offset`, as [`shown`] text, when the document has one there.
pub(crate) fn key_path_at(root: &dyn TableLike, offset: usize) -> Option<String> {
    let mut best: Option<(Vec<String>, usize)> = None;
    let mut path = Vec::new();
    visit(root, offset, &mut path, &mut best);
    best.map(|(path, _)| {
        path.iter()
            .map(|key| shown(key))
            .collect::<Vec<_>>()
            .join(".")
    })
}

/// Records in `best` the deepest entry whose span holds `offset` (a value), or
/// the last table that starts before it.
fn visit(
    table: &dyn TableLike,
    offset: usize,
    path: &mut Vec<String>,
    best: &mut Option<(Vec<String>, usize)>,
) {
    for (key, item) in table.iter() {
        path.push(key.to_owned());
        let key_start = table.key(key).and_then(|k| k.span()).map(|span| span.start);
        match item {
            Item::Value(value) => {
                let holds = value.span().is_some_and(|span| contains(&span, offset))
                    || key_start.is_some_and(|start| start <= offset && offset < start + key.len());
                if holds {
                    *best = Some((path.clone(), usize::MAX));
                }
                if let Value::InlineTable(inline) = value {
                    visit(inline, offset, path, best);
                }
                if let Value::Array(array) = value {
                    for (index, entry) in array.iter().enumerate() {
                        if let Value::InlineTable(inline) = entry {
                            path.push(index.to_string());
                            visit(inline, offset, path, best);
                            path.pop();
                        }
                    }
                }
            }
            Item::Table(sub) => {
                consider_table(sub.span(), offset, path, best);
                visit(sub, offset, path, best);
            }
            Item::ArrayOfTables(array) => {
                for (index, sub) in array.iter().enumerate() {
                    path.push(index.to_string());
                    consider_table(sub.span(), offset, path, best);
                    visit(sub, offset, path, best);
                    path.pop();
                }
            }
            Item::None => {}
        }
        path.pop();
    }
}

fn consider_table(
    span: Option<Range<usize>>,
    offset: usize,
    path: &[String],
    best: &mut Option<(Vec<String>, usize)>,
) {
    let Some(start) = span.map(|s| s.start) else {
        return;
    };
    let better = match best {
        None => start <= offset,
        Some((_, best_start)) => {
            start <= offset && *best_start != usize::MAX && start >= *best_start
        }
    };
    if better {
        *best = Some((path.to_vec(), start));
    }
}

fn contains(span: &Range<usize>, offset: usize) -> bool {
    span.start <= offset && offset < span.end.max(span.start + 1)
}

/// A TOML syntax or shape error from the `toml` crate, as a line and a message
/// that quotes nothing from the file (its `Display` shows the source line).
pub(crate) fn de_error(
    text: &str,
    root: Option<&dyn TableLike>,
    err: &toml::de::Error,
) -> (Option<usize>, String) {
    let start = err.span().map(|span| span.start);
    let line = start.map(|start| line_at(text, start));
    let message = message_without_value(err.message());
    let key = start.and_then(|start| root.and_then(|root| key_path_at(root, start)));
    match key {
        Some(key) => (line, format!("{key}: {message}")),
        None => (line, message),
    }
}

#[cfg(test)]
mod tests {
    use super::message_without_value;

    #[test]
    fn a_quoted_value_is_dropped_and_the_parsers_own_text_kept() {
        assert_eq!(
            message_without_value("invalid type: string \"s3cret\", expected u32"),
            "the value has the wrong type, expected u32"
        );
        assert_eq!(
            message_without_value("unknown variant `s3cret`, expected `on-prem` or `saas`"),
            "the value is not one nowkey knows, expected `on-prem` or `saas`"
        );
        assert_eq!(
            message_without_value("invalid basic string, expected `\"`"),
            "invalid basic string, expected `\"`"
        );
        assert_eq!(
            message_without_value("bad \"s3cret\" here\nnext"),
            "bad \"…\" here next"
        );
    }
}
