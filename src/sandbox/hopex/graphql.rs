//! Just enough GraphQL for a key check: a parser for plain selection sets
//! (`query Name { a { b c } }`, no arguments, aliases, fragments or variables)
//! and a resolver for `_currentContext` and, on ITPM, `application`.
//!
//! Errors follow what GraphQL servers answer: `{"errors":[{"message":…}]}` and no
//! `data`, with status 200 (the HTTP handler decides the status).

use serde_json::{json, Map, Value};

use super::HopexKey;

/// The `language` every sandbox context reports.
pub const CONTEXT_LANGUAGE: &str = "EN";

/// The applications `query { application { id name } }` returns on ITPM:
/// `(id, name)`, ids in HOPEX's 12-character absolute-identifier style.
pub const SEEDED_APPLICATIONS: [(&str, &str); 2] = [
    ("Xc8kQ2sYdH1a", "Sandbox CRM"),
    ("p3Lq9Vn0Tz7e", "Sandbox Data Warehouse"),
];

/// The fields of `_currentContext`.
const CONTEXT_FIELDS: [&str; 4] = ["userId", "databaseId", "profileId", "language"];
/// The fields of an application.
const APPLICATION_FIELDS: [&str; 2] = ["id", "name"];

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Name(String),
    Open,
    Close,
    Other(char),
}

/// One field of a selection set.
#[derive(Debug, PartialEq)]
struct Selection {
    name: String,
    sub: Option<Vec<Selection>>,
}

/// Whitespace, commas and `#` comments are insignificant, as in GraphQL.
fn tokens(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = src.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() || c == ',' => {}
            '#' => while chars.next_if(|&c| c != '\n').is_some() {},
            '{' => out.push(Token::Open),
            '}' => out.push(Token::Close),
            c if c == '_' || c.is_ascii_alphabetic() => {
                let mut name = String::from(c);
                while let Some(c) = chars.next_if(|&c| c == '_' || c.is_ascii_alphanumeric()) {
                    name.push(c);
                }
                out.push(Token::Name(name));
            }
            other => out.push(Token::Other(other)),
        }
    }
    out
}

fn describe(t: Option<&Token>) -> String {
    match t {
        None => "<EOF>".into(),
        Some(Token::Name(n)) => format!("Name \"{n}\""),
        Some(Token::Open) => "\"{\"".into(),
        Some(Token::Close) => "\"}\"".into(),
        Some(Token::Other(c)) => format!("\"{c}\""),
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn unexpected(&self, wanted: &str) -> String {
        format!(
            "Syntax Error: Expected {wanted}, found {}.",
            describe(self.peek())
        )
    }

    /// `("query" Name?)? SelectionSet <EOF>`
    fn document(&mut self) -> Result<Vec<Selection>, String> {
        if self.peek() == Some(&Token::Name("query".into())) {
            self.pos += 1;
            if matches!(self.peek(), Some(Token::Name(_))) {
                self.pos += 1;
            }
        }
        let set = self.selection_set()?;
        if self.peek().is_some() {
            return Err(self.unexpected("<EOF>"));
        }
        Ok(set)
    }

    /// `"{" Field+ "}"` where `Field = Name SelectionSet?`.
    fn selection_set(&mut self) -> Result<Vec<Selection>, String> {
        if self.peek() != Some(&Token::Open) {
            return Err(self.unexpected("\"{\""));
        }
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            match self.peek().cloned() {
                Some(Token::Close) if !out.is_empty() => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(Token::Name(name)) => {
                    self.pos += 1;
                    let sub = if self.peek() == Some(&Token::Open) {
                        Some(self.selection_set()?)
                    } else {
                        None
                    };
                    out.push(Selection { name, sub });
                }
                _ => return Err(self.unexpected("Name")),
            }
        }
    }
}

/// Runs `query` against `schema` for the holder of `key`: `{"data":…}` or
/// `{"errors":[…]}`.
pub(crate) fn execute(query: &str, schema: &str, key: &HopexKey) -> Value {
    let selections = match (Parser {
        tokens: tokens(query),
        pos: 0,
    })
    .document()
    {
        Ok(s) => s,
        Err(message) => return errors(vec![message]),
    };
    let mut data = Map::new();
    let mut problems = Vec::new();
    for field in &selections {
        let value = match field.name.as_str() {
            "__typename" => Ok(json!("Query")),
            // Older builds lack `_currentContext`; the key says which this is.
            "_currentContext" if !key.no_current_context => {
                checked(field, "CurrentContext", &CONTEXT_FIELDS).map(|sub| {
                    object(sub, |name| match name {
                        "userId" => key.login.as_str(),
                        "databaseId" => key.repository_id.as_str(),
                        "profileId" => key.profile_id.as_str(),
                        _ => CONTEXT_LANGUAGE,
                    })
                })
            }
            "application" if schema.eq_ignore_ascii_case("ITPM") => {
                checked(field, "Application", &APPLICATION_FIELDS).map(|sub| {
                    SEEDED_APPLICATIONS
                        .iter()
                        .map(|(id, name)| object(sub, |f| if f == "id" { *id } else { *name }))
                        .collect()
                })
            }
            other => Err(vec![no_field(other, "Query")]),
        };
        match value {
            Ok(v) => {
                data.insert(field.name.clone(), v);
            }
            Err(mut e) => problems.append(&mut e),
        }
    }
    if problems.is_empty() {
        json!({ "data": data })
    } else {
        errors(problems)
    }
}

/// The selection of an object-typed field, once it is known to name only
/// `fields` (all strings); otherwise the validation errors.
fn checked<'a>(
    field: &'a Selection,
    type_name: &str,
    fields: &[&str],
) -> Result<&'a [Selection], Vec<String>> {
    let Some(sub) = &field.sub else {
        return Err(vec![format!(
            "Field \"{}\" of type \"{type_name}\" must have a selection of subfields. \
             Did you mean \"{} {{ ... }}\"?",
            field.name, field.name
        )]);
    };
    let problems: Vec<String> = sub
        .iter()
        .filter_map(|s| {
            if !fields.contains(&s.name.as_str()) {
                Some(no_field(&s.name, type_name))
            } else if s.sub.is_some() {
                Some(format!(
                    "Field \"{}\" must not have a selection since type \"String\" has no subfields.",
                    s.name
                ))
            } else {
                None
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(sub)
    } else {
        Err(problems)
    }
}

/// The object for a checked selection: only the requested fields.
fn object<'v>(sub: &[Selection], value_of: impl Fn(&str) -> &'v str) -> Value {
    let map: Map<String, Value> = sub
        .iter()
        .map(|s| (s.name.clone(), json!(value_of(&s.name))))
        .collect();
    Value::Object(map)
}

fn no_field(name: &str, type_name: &str) -> String {
    format!("Cannot query field \"{name}\" on type \"{type_name}\".")
}

/// The GraphQL error body.
pub(crate) fn errors(messages: Vec<String>) -> Value {
    let list: Vec<Value> = messages
        .into_iter()
        .map(|m| json!({ "message": m }))
        .collect();
    json!({ "errors": list })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(no_current_context: bool) -> HopexKey {
        HopexKey {
            environment_id: "env".into(),
            repository_id: "repo".into(),
            profile_id: "prof".into(),
            login: "me".into(),
            no_current_context,
            name: None,
            expires: None,
        }
    }

    #[test]
    fn whitespace_commas_and_comments_do_not_matter() {
        let k = key(false);
        let a = execute("query Check {_currentContext{userId,language}}", "ITPM", &k);
        let b = execute(
            "# check\n query {\n  _currentContext {\n userId\n language }\n}\n",
            "itpm",
            &k,
        );
        assert_eq!(a, b);
        assert_eq!(
            a,
            json!({"data": {"_currentContext": {"userId": "me", "language": "EN"}}})
        );
    }

    #[test]
    fn errors_look_like_graphql_servers_errors() {
        let k = key(true);
        let e = |q: &str, s: &str| execute(q, s, &k)["errors"][0]["message"].clone();
        assert_eq!(
            e("{ _currentContext { userId } }", "ITPM"),
            "Cannot query field \"_currentContext\" on type \"Query\"."
        );
        assert_eq!(
            e("{ application { id name } }", "BPA"),
            "Cannot query field \"application\" on type \"Query\"."
        );
        assert_eq!(
            e("{ application { id color } }", "ITPM"),
            "Cannot query field \"color\" on type \"Application\"."
        );
        assert!(e("{ application }", "ITPM")
            .as_str()
            .unwrap()
            .contains("must have a selection"));
        assert_eq!(
            e("{ }", "ITPM"),
            "Syntax Error: Expected Name, found \"}\"."
        );
        assert_eq!(
            e("{ a } }", "ITPM"),
            "Syntax Error: Expected <EOF>, found \"}\"."
        );
        assert_eq!(
            execute("{ application { id color } }", "ITPM", &k)["errors"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
    }
}
