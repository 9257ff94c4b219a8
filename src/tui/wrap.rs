//! Wrapping screen text so a wrapped line continues under its own text, not at
//! column 1: "  ✗ The Hub rejected …" continues four columns in, under "The".
//! ratatui's own wrapping starts every continuation at the left edge.

use ratatui::text::{Line, Span};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Marks that start a line of their own kind (a result, a list item); the text
/// after them is what a continuation lines up with.
const MARKERS: [&str; 12] = [
    "✓", "✗", "!", "·", "-", "→", "▸", "•", "[x]", "[ ]", "⠿", "?",
];

/// `lines`, each wrapped to `width` columns with a hanging indent.
pub fn wrap_lines(lines: Vec<Line<'static>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        if line.width() <= width {
            out.push(line);
        } else {
            out.extend(wrap_line(line, width));
        }
    }
    out
}

/// The column a continuation of `text` starts at: its leading spaces, plus a
/// list marker ("✗ ", "12. ") and the spaces after it; or, for a two-column
/// line ("Enter   Check the key"), where the second column starts. At most
/// half the width, so a deep indent still leaves room for words.
fn hanging_indent(text: &str, width: usize) -> usize {
    let spaces = text.chars().take_while(|c| *c == ' ').count();
    let rest = &text[spaces..];
    let marker = rest.split(' ').next().unwrap_or_default();
    let numbered = marker.len() > 1
        && marker.ends_with(['.', ')'])
        && marker[..marker.len() - 1]
            .chars()
            .all(|c| c.is_ascii_digit());
    let indent = if (MARKERS.contains(&marker) || numbered) && rest.len() > marker.len() {
        let after = rest[marker.len()..]
            .chars()
            .take_while(|c| *c == ' ')
            .count();
        spaces + marker.width() + after
    } else if let Some(gap) = rest.find("  ").filter(|gap| *gap > 0) {
        let after = rest[gap..].chars().take_while(|c| *c == ' ').count();
        let column = spaces + rest[..gap].width() + after;
        if column <= width / 2 {
            column
        } else {
            spaces
        }
    } else {
        spaces
    };
    indent.min(width / 2)
}

fn wrap_line(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let indent = hanging_indent(&text, width);
    // Words with their style, keeping the spaces between them as they were.
    let mut words: Vec<(String, ratatui::style::Style)> = Vec::new();
    for span in &line.spans {
        let mut word = String::new();
        for c in span.content.chars() {
            if c == ' ' && !word.ends_with(' ') && !word.is_empty() {
                words.push((std::mem::take(&mut word), span.style));
            }
            word.push(c);
        }
        if !word.is_empty() {
            words.push((word, span.style));
        }
    }
    let mut rows: Vec<Vec<Span<'static>>> = Vec::new();
    let mut row: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    let continuation = " ".repeat(indent);
    for (mut word, style) in words {
        loop {
            let first_row = rows.is_empty();
            let starts_row = used == 0 || (!first_row && used == indent);
            // A continuation drops the spaces the break fell on.
            let piece = if starts_row && !first_row {
                word.trim_start().to_owned()
            } else {
                word.clone()
            };
            let piece_width = piece.width();
            if used + piece_width <= width {
                if !piece.is_empty() {
                    row.push(Span::styled(piece, style));
                }
                used += piece_width;
                break;
            }
            let fits_a_new_row = piece.trim_start().width() <= width - indent;
            if !starts_row && (fits_a_new_row || used >= width) {
                rows.push(std::mem::replace(
                    &mut row,
                    vec![Span::raw(continuation.clone())],
                ));
                used = indent;
                continue;
            }
            // A word longer than any row: cut it where this row ends.
            let room = width.saturating_sub(used).max(1);
            let (head, tail) = split_at_width(&piece, room);
            row.push(Span::styled(head, style));
            rows.push(std::mem::replace(
                &mut row,
                vec![Span::raw(continuation.clone())],
            ));
            used = indent;
            word = tail;
            if word.is_empty() {
                break;
            }
        }
    }
    rows.push(row);
    rows.into_iter()
        .map(|spans| Line::from(spans).style(line.style))
        .collect()
}

/// Splits `text` after at most `room` columns (at least one character).
fn split_at_width(text: &str, room: usize) -> (String, String) {
    let mut used = 0;
    let mut cut = 0;
    for (index, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room && index > 0 {
            break;
        }
        used += w;
        cut = index + c.len_utf8();
    }
    (text[..cut].to_owned(), text[cut..].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[Line<'_>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect()
    }

    #[test]
    fn a_marked_line_continues_under_its_text() {
        let lines = wrap_lines(
            vec![Line::raw(
                "  ✗ The Hub rejected the API key and secret: check both.",
            )],
            24,
        );
        assert_eq!(
            texts(&lines),
            [
                "  ✗ The Hub rejected the",
                "    API key and secret:",
                "    check both."
            ]
        );
    }

    #[test]
    fn a_numbered_item_continues_under_its_text() {
        let lines = wrap_lines(vec![Line::raw("  12. Open the credential and save.")], 20);
        assert_eq!(
            texts(&lines),
            ["  12. Open the", "      credential and", "      save."]
        );
    }

    #[test]
    fn a_plain_line_continues_at_its_own_indent_and_a_short_one_is_kept() {
        let lines = wrap_lines(
            vec![Line::raw("    one two three four"), Line::raw("short")],
            14,
        );
        assert_eq!(texts(&lines), ["    one two", "    three four", "short"]);
    }

    #[test]
    fn a_two_column_line_continues_under_its_second_column() {
        let lines = wrap_lines(vec![Line::raw("Enter   Check the key and go on.")], 24);
        assert_eq!(
            texts(&lines),
            ["Enter   Check the key", "        and go on."]
        );
    }

    #[test]
    fn a_word_longer_than_the_row_is_cut_and_styles_are_kept() {
        let style = ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD);
        let line = Line::from(vec![
            Span::raw("- "),
            Span::styled("abcdefghijklmnop", style),
        ]);
        let lines = wrap_lines(vec![line], 8);
        assert_eq!(texts(&lines), ["- abcdef", "  ghijkl", "  mnop"]);
        assert_eq!(lines[1].spans[1].style, style);
        assert!(lines.iter().all(|l| l.width() <= 8));
    }
}
