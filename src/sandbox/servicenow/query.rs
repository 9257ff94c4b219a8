//! The part of ServiceNow's encoded queries (`sysparm_query`) the sandbox
//! understands.
//!
//! Conditions: `field=value`, `field!=value`, `fieldLIKEtext` (contains),
//! `fieldSTARTSWITHtext`, `fieldINa,b,c`, `fieldISEMPTY`, `fieldISNOTEMPTY`,
//! where `field` may dot-walk through references (`credential_alias.name`).
//! They are joined by `^` (AND) and `^OR` (OR), OR binding tighter, as in
//! ServiceNow: `a^b^ORc` is a AND (b OR c). Comparisons ignore ASCII case, as
//! the instance's database does. `ORDERBY…` / `ORDERBYDESC…` are skipped, and
//! so is anything else the sandbox does not parse (`^NQ` included).
//!
//! A condition on a field the table lacks is dropped, as ServiceNow does by
//! default (`glide.invalid_query.returns_no_rows` is false): a misspelt field
//! widens the result instead of emptying it.

/// How a condition compares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Op<'a> {
    Eq(&'a str),
    Ne(&'a str),
    Like(&'a str),
    StartsWith(&'a str),
    In(Vec<&'a str>),
    IsEmpty,
    IsNotEmpty,
}

/// One condition: a field path and how its value must compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cond<'a> {
    pub field: &'a str,
    pub op: Op<'a>,
}

/// A parsed query: every group must hold; a group holds when any of its
/// conditions does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Query<'a> {
    pub groups: Vec<Vec<Cond<'a>>>,
}

/// A field path: lowercase letters, digits, `_` and `.`. (Operators are upper
/// case, which is how `nameLIKEx` splits.)
fn path_len(term: &str) -> usize {
    term.bytes()
        .take_while(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_' || *b == b'.')
        .count()
}

/// One condition, or `None` for what the sandbox does not parse.
fn condition(term: &str) -> Option<Cond<'_>> {
    let term = term.trim();
    let (field, rest) = term.split_at(path_len(term));
    if field.is_empty() {
        return None;
    }
    let op = if let Some(v) = rest.strip_prefix("!=") {
        Op::Ne(v)
    } else if let Some(v) = rest.strip_prefix('=') {
        Op::Eq(v)
    } else if let Some(v) = rest.strip_prefix("LIKE") {
        Op::Like(v)
    } else if let Some(v) = rest.strip_prefix("STARTSWITH") {
        Op::StartsWith(v)
    } else if rest == "ISNOTEMPTY" {
        Op::IsNotEmpty
    } else if rest == "ISEMPTY" {
        Op::IsEmpty
    } else if let Some(v) = rest.strip_prefix("IN") {
        Op::In(v.split(',').map(str::trim).collect())
    } else {
        return None;
    };
    Some(Cond { field, op })
}

/// Parses an encoded query.
pub(crate) fn parse(q: &str) -> Query<'_> {
    let mut groups: Vec<Vec<Cond<'_>>> = Vec::new();
    for piece in q.split('^') {
        let piece = piece.trim();
        if piece.starts_with("ORDERBY") {
            continue;
        }
        match piece.strip_prefix("OR") {
            Some(rest) => {
                if let Some(c) = condition(rest) {
                    match groups.last_mut() {
                        Some(group) => group.push(c),
                        None => groups.push(vec![c]),
                    }
                }
            }
            None => {
                if let Some(c) = condition(piece) {
                    groups.push(vec![c]);
                }
            }
        }
    }
    Query { groups }
}

impl<'a> Query<'a> {
    /// The query without the conditions whose field `valid` refuses; a group
    /// left empty is dropped.
    pub fn keep_valid(self, valid: impl Fn(&str) -> bool) -> Query<'a> {
        let groups = self
            .groups
            .into_iter()
            .map(|g| g.into_iter().filter(|c| valid(c.field)).collect::<Vec<_>>())
            .filter(|g| !g.is_empty())
            .collect();
        Query { groups }
    }

    /// Whether a row matches, `value` giving a field path's value in it
    /// (empty when it has none).
    pub fn matches(&self, value: impl Fn(&str) -> String) -> bool {
        self.groups
            .iter()
            .all(|group| group.iter().any(|c| holds(c, &value(c.field))))
    }
}

fn holds(c: &Cond<'_>, have: &str) -> bool {
    let lower = have.to_ascii_lowercase();
    match &c.op {
        Op::Eq(v) => have.eq_ignore_ascii_case(v),
        Op::Ne(v) => !have.eq_ignore_ascii_case(v),
        Op::Like(v) => lower.contains(&v.to_ascii_lowercase()),
        Op::StartsWith(v) => lower.starts_with(&v.to_ascii_lowercase()),
        Op::In(list) => list.iter().any(|v| have.eq_ignore_ascii_case(v)),
        Op::IsEmpty => have.is_empty(),
        Op::IsNotEmpty => !have.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cond<'a>(field: &'a str, op: Op<'a>) -> Cond<'a> {
        Cond { field, op }
    }

    #[test]
    fn queries_split_on_carets_and_skip_ordering_and_junk() {
        assert_eq!(
            parse("user_name=a=b^active!=false^ORDERBYname^junk^NQx=1").groups,
            vec![
                vec![cond("user_name", Op::Eq("a=b"))],
                vec![cond("active", Op::Ne("false"))],
            ]
        );
    }

    #[test]
    fn or_binds_tighter_than_and() {
        let q = parse("nameLIKEsms^sys_class_name=a^ORsys_class_nameINb,c^nameISNOTEMPTY");
        assert_eq!(q.groups.len(), 3);
        assert_eq!(
            q.groups[1],
            vec![
                cond("sys_class_name", Op::Eq("a")),
                cond("sys_class_name", Op::In(vec!["b", "c"])),
            ]
        );
        let row = |name: &'static str, class: &'static str| {
            move |f: &str| if f == "name" { name } else { class }.to_owned()
        };
        assert!(q.matches(row("My SMS key", "c")));
        assert!(q.matches(row("sms", "A")));
        assert!(!q.matches(row("sms", "d")));
        assert!(!q.matches(row("jira", "a")));
    }

    #[test]
    fn each_operator_compares_as_servicenow_does() {
        let is = |q: &str, v: &str| parse(q).matches(|_| v.to_owned());
        assert!(is("xSTARTSWITHsm", "SMS Hub"));
        assert!(!is("xSTARTSWITHhub", "SMS Hub"));
        assert!(is("xLIKEhub", "SMS Hub"));
        assert!(is("xISEMPTY", ""));
        assert!(!is("xISNOTEMPTY", ""));
        assert!(is("x!=a", "b"));
        assert!(is("", "anything"), "no condition matches all");
    }

    #[test]
    fn invalid_fields_are_dropped_and_empty_groups_with_them() {
        let q = parse("bad=1^ORname=x^other=2").keep_valid(|f| f == "name");
        assert_eq!(q.groups, vec![vec![cond("name", Op::Eq("x"))]]);
    }
}
