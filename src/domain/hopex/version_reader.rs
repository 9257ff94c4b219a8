//! Reading a HOPEX version string: a small lexer (runs of letters or digits, with
//! the separators before them) and a parser for the forms documented in
//! [`super::version`]. Kept apart from the gate so each reads on its own.

use super::version::{HopexVersion, ReadProblem, MAX_NUMBER};

/// Reads trimmed, non-empty text as a version.
pub(super) fn read(text: &str) -> Result<HopexVersion, ReadProblem> {
    let tokens = lex(text)?;
    Parser { tokens, pos: 0 }.version()
}

/// A run of ASCII letters (lower-cased) or of ASCII digits, with the separators
/// (spaces, dots, dashes, underscores) that came before it.
#[derive(Debug)]
struct Token<'a> {
    sep: &'a str,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Word(String),
    Num(u32),
}

fn is_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '.' | '-' | '_')
}

fn lex(text: &str) -> Result<Vec<Token<'_>>, ReadProblem> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let sep_len = rest.find(|c| !is_separator(c)).unwrap_or(rest.len());
        let (sep, after) = rest.split_at(sep_len);
        let Some(first) = after.chars().next() else {
            break;
        };
        let letters = first.is_ascii_alphabetic();
        if !letters && !first.is_ascii_digit() {
            return Err(ReadProblem::BadCharacter);
        }
        let run = after
            .find(|c: char| {
                if letters {
                    !c.is_ascii_alphabetic()
                } else {
                    !c.is_ascii_digit()
                }
            })
            .unwrap_or(after.len());
        let (part, tail) = after.split_at(run);
        let kind = if letters {
            Kind::Word(part.to_ascii_lowercase())
        } else {
            part.parse::<u32>()
                .ok()
                .filter(|n| *n <= MAX_NUMBER)
                .map(Kind::Num)
                .ok_or(ReadProblem::NumberTooLarge)?
        };
        tokens.push(Token { sep, kind });
        rest = tail;
    }
    Ok(tokens)
}

struct Parser<'a> {
    tokens: Vec<Token<'a>>,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token<'_>> {
        self.tokens.get(self.pos)
    }

    /// The number that belongs to the keyword just read: only spaces or underscores
    /// may sit between them; a dash there is a minus sign.
    fn number_after_keyword(&mut self) -> Result<u32, ReadProblem> {
        match self.peek() {
            Some(Token {
                sep,
                kind: Kind::Num(n),
            }) => {
                let n = *n;
                if sep.ends_with('-') {
                    return Err(ReadProblem::Negative);
                }
                if !sep.chars().all(|c| c.is_whitespace() || c == '_') {
                    return Err(ReadProblem::Malformed);
                }
                self.pos += 1;
                Ok(n)
            }
            _ => Err(ReadProblem::MissingNumber),
        }
    }

    /// A number straight after a single dot (`6.2`): the dotted form.
    fn dotted_number(&mut self) -> Option<u32> {
        match self.peek() {
            Some(Token {
                sep: ".",
                kind: Kind::Num(n),
            }) => {
                let n = *n;
                self.pos += 1;
                Some(n)
            }
            _ => None,
        }
    }

    fn version(mut self) -> Result<HopexVersion, ReadProblem> {
        let major = self.major()?;
        let mut v = HopexVersion::major(major);
        if let Some(first) = self.dotted_number() {
            let second = self.dotted_number();
            match major {
                5 => return Err(ReadProblem::DottedV5),
                0..=4 => v.minor = Some(first), // any V4 is too old: a third number is ignored
                _ => {
                    v.sp = Some(first);
                    v.minor = second;
                }
            }
        }
        while let Some(token) = self.peek() {
            let Kind::Word(word) = &token.kind else {
                return Err(ReadProblem::Malformed);
            };
            let word = word.clone();
            self.pos += 1;
            let old_line = major <= 5;
            match word.as_str() {
                "cp" if !old_line => return Err(ReadProblem::WrongLine),
                "cp" if v.cp.is_some() || v.hf.is_some() => return Err(ReadProblem::OutOfOrder),
                "cp" => v.cp = Some(self.number_after_keyword()?),
                "hf" | "hotfix" if !old_line => return Err(ReadProblem::WrongLine),
                "hf" | "hotfix" if v.cp.is_none() || v.hf.is_some() => {
                    return Err(ReadProblem::OutOfOrder)
                }
                "hf" | "hotfix" => v.hf = Some(self.number_after_keyword()?),
                "sp" if old_line => return Err(ReadProblem::WrongLine),
                "sp" if v.sp.is_some() || v.cu.is_some() => return Err(ReadProblem::OutOfOrder),
                "sp" => v.sp = Some(self.number_after_keyword()?),
                "cu" if old_line => return Err(ReadProblem::WrongLine),
                "cu" if v.sp.is_none() || v.cu.is_some() => return Err(ReadProblem::OutOfOrder),
                "cu" => v.cu = Some(self.number_after_keyword()?),
                "r" if major == 5 => return Err(ReadProblem::WrongLine),
                "r" if major > 5 => return Err(ReadProblem::UnknownWord),
                "r" if v.minor.is_some() || v.cp.is_some() => return Err(ReadProblem::OutOfOrder),
                "r" => v.minor = Some(self.number_after_keyword()?),
                "v" | "hopex" | "hopexv" => return Err(ReadProblem::OutOfOrder),
                _ => return Err(ReadProblem::UnknownWord),
            }
        }
        Ok(v)
    }

    /// `[HOPEX] [V] <n>`.
    fn major(&mut self) -> Result<u32, ReadProblem> {
        match self.peek() {
            Some(Token {
                kind: Kind::Word(word),
                ..
            }) if word == "hopex" => self.pos += 1,
            Some(Token {
                kind: Kind::Word(word),
                ..
            }) if word == "hopexv" => {
                self.pos += 1;
                return self.number_after_keyword();
            }
            _ => {}
        }
        let at_start = self.pos == 0;
        match self.peek() {
            None => Err(ReadProblem::NoMajor),
            Some(Token {
                kind: Kind::Word(word),
                ..
            }) => {
                if word == "v" {
                    self.pos += 1;
                    self.number_after_keyword()
                } else {
                    Err(ReadProblem::NoMajor)
                }
            }
            Some(Token { sep, .. }) if sep.ends_with('-') => Err(ReadProblem::Negative),
            Some(Token {
                sep,
                kind: Kind::Num(n),
            }) if !sep.contains('.') && (!at_start || sep.is_empty()) => {
                let n = *n;
                self.pos += 1;
                Ok(n)
            }
            Some(_) => Err(ReadProblem::Malformed),
        }
    }
}
