//! The board's filter language, typed on `/` and named in `[views]`:
//! free words plus fields, every term ANDed, any term negated with `!`.
//!
//! ```text
//! sev:S1,S2  state:new  cust:jade  kind:expert  @me  @alice  unassigned
//! breached  due:<1h  due:>30m  paused  "two words"  !state:new
//! ```
//!
//! A word is free text (matched in title, ticket number, customer and
//! assignee) unless it names a field; a word with a colon whose head is no
//! field is refused, so a typo never silently matches nothing. An error
//! names the column where the term starts.

use std::fmt;

use chrono::Duration;

use super::pause::parse_span;
use super::{EscalationKind, EscalationState, Severity};

/// One condition on an escalation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    Text(String),
    Severity(Vec<Severity>),
    State(Vec<EscalationState>),
    Customer(String),
    Kind(Vec<EscalationKind>),
    /// Assigned to this engineer; `me` when typed as `@me`.
    Assignee {
        name: String,
        me: bool,
    },
    Unassigned,
    /// Unanswered past the response deadline.
    Breached,
    /// Unanswered with less (or more) than this left; overdue counts as
    /// less.
    Due {
        within: bool,
        span: Duration,
    },
    /// Waiting on the customer.
    Paused,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub negated: bool,
    pub condition: Condition,
}

/// A parsed filter: its terms, all of which must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardFilter {
    pub terms: Vec<Term>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("column {column}: {message}")]
pub struct FilterError {
    /// 1-based, in characters, where the term starts.
    pub column: usize,
    pub message: String,
}

const FIELDS: &str = "sev, state, cust, kind, due (and @name, unassigned, breached, paused)";

impl BoardFilter {
    /// Parses `text`; `me` is the engineer `@me` stands for. Empty text is
    /// no filter.
    pub fn parse(text: &str, me: &str) -> Result<Option<BoardFilter>, FilterError> {
        let mut terms = Vec::new();
        for (column, word) in words(text)? {
            terms.push(term(&word, column, me)?);
        }
        Ok((!terms.is_empty()).then_some(BoardFilter { terms }))
    }
}

/// The words of `text` with the column each starts at; a quoted run is
/// one word (its quotes kept, so it stays free text).
fn words(text: &str) -> Result<Vec<(usize, Word)>, FilterError> {
    let mut out = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut raw = String::new();
        let mut quoted = false;
        let mut in_quotes = false;
        while let Some(&(_, c)) = chars.peek() {
            if c == '"' {
                quoted = true;
                in_quotes = !in_quotes;
                chars.next();
                continue;
            }
            if c.is_whitespace() && !in_quotes {
                break;
            }
            raw.push(c);
            chars.next();
        }
        if in_quotes {
            return Err(FilterError {
                column: i + 1,
                message: "a quote is not closed".into(),
            });
        }
        out.push((i + 1, Word { raw, quoted }));
    }
    Ok(out)
}

struct Word {
    raw: String,
    quoted: bool,
}

fn term(word: &Word, column: usize, me: &str) -> Result<Term, FilterError> {
    let err = |message: String| FilterError { column, message };
    let (negated, body) = match word.raw.strip_prefix('!') {
        Some(rest) => (true, rest),
        None => (false, word.raw.as_str()),
    };
    if body.is_empty() {
        return Err(err("'!' needs a term after it, as in !state:new".into()));
    }
    let condition = if word.quoted {
        Condition::Text(body.to_string())
    } else {
        condition(body, me).map_err(err)?
    };
    Ok(Term { negated, condition })
}

fn condition(body: &str, me: &str) -> Result<Condition, String> {
    if let Some(name) = body.strip_prefix('@') {
        return match name {
            "" => Err("'@' needs a name, as in @alice or @me".into()),
            "me" => Ok(Condition::Assignee {
                name: me.to_string(),
                me: true,
            }),
            name => Ok(Condition::Assignee {
                name: name.to_string(),
                me: false,
            }),
        };
    }
    match body.to_ascii_lowercase().as_str() {
        "unassigned" => return Ok(Condition::Unassigned),
        "breached" => return Ok(Condition::Breached),
        "paused" => return Ok(Condition::Paused),
        _ => {}
    }
    let Some((field, value)) = body.split_once(':') else {
        return Ok(Condition::Text(body.to_string()));
    };
    let field = field.to_ascii_lowercase();
    if value.is_empty() && is_field(&field) {
        return Err(format!("'{field}:' needs a value"));
    }
    match field.as_str() {
        "sev" | "severity" => {
            list(value, "severity", |v| v.parse::<Severity>().ok()).map(Condition::Severity)
        }
        "state" => list(value, "state", state).map(Condition::State),
        "kind" => list(value, "kind", |v| v.parse::<EscalationKind>().ok()).map(Condition::Kind),
        "cust" | "customer" => Ok(Condition::Customer(value.to_string())),
        "due" => due(value),
        _ => Err(format!(
            "'{field}' is not a field: the fields are {FIELDS}; quote text that has a colon, \
             as in \"{body}\""
        )),
    }
}

/// What of `text` to apply while it is still being typed: a last word
/// that may yet become a field (`s`, `sev`, `!kin`) is held back until a
/// colon, a space or Enter says what it is, so the board does not empty
/// for a moment on every field typed.
pub fn settled(text: &str) -> &str {
    if text.ends_with(char::is_whitespace) {
        return text;
    }
    let start = text.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let last = text[start..].trim_start_matches('!').to_ascii_lowercase();
    let may_be_field = !last.is_empty()
        && [
            "sev", "severity", "state", "cust", "customer", "kind", "due",
        ]
        .iter()
        .any(|f| f.starts_with(&last));
    if may_be_field { &text[..start] } else { text }
}

fn is_field(f: &str) -> bool {
    matches!(
        f,
        "sev" | "severity" | "state" | "kind" | "cust" | "customer" | "due"
    )
}

/// Open states by the words engineers type for them.
fn state(v: &str) -> Option<EscalationState> {
    match v {
        "new" => Some(EscalationState::New),
        "ack" | "acked" | "acknowledged" => Some(EscalationState::Acknowledged),
        "in_progress" | "in-progress" | "progress" | "working" => Some(EscalationState::InProgress),
        _ => None,
    }
}

fn list<T: PartialEq>(
    value: &str,
    what: &str,
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, String> {
    let mut out = Vec::new();
    for v in value.split(',') {
        let v = v.trim().to_ascii_lowercase();
        let one = parse(&v).ok_or_else(|| match what {
            "severity" => format!("'{v}' is not a severity: S1 to S5"),
            "state" => format!("'{v}' is not an open state: new, ack, in-progress"),
            _ => format!("'{v}' is not a kind: faster, expert or general"),
        })?;
        if !out.contains(&one) {
            out.push(one);
        }
    }
    Ok(out)
}

fn due(value: &str) -> Result<Condition, String> {
    let (within, span) = match value.as_bytes().first() {
        Some(b'<') => (true, &value[1..]),
        Some(b'>') => (false, &value[1..]),
        _ => {
            return Err(format!(
                "due:{value}: say due:<1h (less left) or due:>30m (more left)"
            ));
        }
    };
    let span = parse_span(span).map_err(|e| format!("due: {e}"))?;
    Ok(Condition::Due { within, span })
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negated {
            f.write_str("!")?;
        }
        let join = |v: Vec<String>| v.join(",");
        match &self.condition {
            Condition::Text(t) if t.contains(char::is_whitespace) || t.contains(':') => {
                write!(f, "\"{t}\"")
            }
            Condition::Text(t) => f.write_str(t),
            Condition::Severity(v) => {
                write!(f, "sev:{}", join(v.iter().map(|s| s.to_string()).collect()))
            }
            Condition::State(v) => write!(
                f,
                "state:{}",
                join(
                    v.iter()
                        .map(|s| match s {
                            EscalationState::Acknowledged => "ack".to_string(),
                            s => s.as_str().replace('_', "-"),
                        })
                        .collect()
                )
            ),
            Condition::Customer(c) => write!(f, "cust:{c}"),
            Condition::Kind(v) => {
                write!(
                    f,
                    "kind:{}",
                    join(v.iter().map(|k| k.to_string()).collect())
                )
            }
            Condition::Assignee { me: true, .. } => f.write_str("@me"),
            Condition::Assignee { name, .. } => write!(f, "@{name}"),
            Condition::Unassigned => f.write_str("unassigned"),
            Condition::Breached => f.write_str("breached"),
            Condition::Due { within, span } => write!(
                f,
                "due:{}{}",
                if *within { '<' } else { '>' },
                span_word(*span)
            ),
            Condition::Paused => f.write_str("paused"),
        }
    }
}

/// A span as `parse_span` reads it: in the largest whole unit.
fn span_word(span: Duration) -> String {
    let m = span.num_minutes();
    match m {
        m if m % (24 * 60) == 0 => format!("{}d", m / (24 * 60)),
        m if m % 60 == 0 => format!("{}h", m / 60),
        m => format!("{m}m"),
    }
}

/// The filter as the header shows it: each term in its one spelling.
impl fmt::Display for BoardFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, t) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            write!(f, "{t}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> BoardFilter {
        BoardFilter::parse(text, "tess").unwrap().unwrap()
    }

    fn fails(text: &str) -> FilterError {
        BoardFilter::parse(text, "tess").unwrap_err()
    }

    fn one(text: &str) -> Condition {
        let f = parse(text);
        assert_eq!(f.terms.len(), 1, "{text}");
        f.terms[0].condition.clone()
    }

    #[test]
    fn every_field_and_keyword() {
        assert_eq!(
            one("sev:S1,s2"),
            Condition::Severity(vec![Severity::S1, Severity::S2])
        );
        assert_eq!(one("severity:3"), Condition::Severity(vec![Severity::S3]));
        assert_eq!(
            one("state:new,ack,in-progress"),
            Condition::State(vec![
                EscalationState::New,
                EscalationState::Acknowledged,
                EscalationState::InProgress
            ])
        );
        assert_eq!(one("cust:jade"), Condition::Customer("jade".into()));
        assert_eq!(
            one("kind:expert"),
            Condition::Kind(vec![EscalationKind::Expert])
        );
        assert_eq!(
            one("@me"),
            Condition::Assignee {
                name: "tess".into(),
                me: true
            }
        );
        assert_eq!(
            one("@alice"),
            Condition::Assignee {
                name: "alice".into(),
                me: false
            }
        );
        assert_eq!(one("unassigned"), Condition::Unassigned);
        assert_eq!(one("BREACHED"), Condition::Breached);
        assert_eq!(one("paused"), Condition::Paused);
        assert_eq!(
            one("due:<1h"),
            Condition::Due {
                within: true,
                span: Duration::hours(1)
            }
        );
        assert_eq!(
            one("due:>30m"),
            Condition::Due {
                within: false,
                span: Duration::minutes(30)
            }
        );
        assert_eq!(one("renewal"), Condition::Text("renewal".into()));
        assert_eq!(one("\"state:new\""), Condition::Text("state:new".into()));
        assert_eq!(one("\"two words\""), Condition::Text("two words".into()));
    }

    #[test]
    fn terms_are_anded_and_negation_applies_to_any() {
        let f = parse("sev:S1 !state:new  !@bob rds");
        assert_eq!(f.terms.len(), 4);
        assert!(!f.terms[0].negated && f.terms[1].negated && f.terms[2].negated);
        assert_eq!(f.terms[3].condition, Condition::Text("rds".into()));
        assert_eq!(f.to_string(), "sev:S1 !state:new !@bob rds");
        assert_eq!(BoardFilter::parse("   ", "tess").unwrap(), None);
    }

    #[test]
    fn errors_name_the_column_and_what_is_wrong() {
        let e = fails("sev:S1 sev:S9");
        assert_eq!(e.column, 8);
        assert!(e.message.contains("'s9' is not a severity"), "{e}");
        let e = fails("rds  staet:new");
        assert_eq!(e.column, 6);
        assert!(e.message.contains("'staet' is not a field"), "{e}");
        assert!(e.message.contains("\"staet:new\""), "{e}");
        assert_eq!(fails("state:resolved").column, 1);
        assert!(
            fails("kind:urgent")
                .message
                .contains("faster, expert or general")
        );
        assert!(fails("due:1h").message.contains("due:<1h"));
        assert!(fails("due:<soon").message.contains("'soon' is not a span"));
        assert!(fails("sev:").message.contains("needs a value"));
        assert_eq!(fails("a \"open").column, 3);
        assert!(fails("!").message.contains("needs a term"));
        assert!(fails("@").message.contains("needs a name"));
        assert_eq!(
            fails("x sev:S6").to_string(),
            "column 3: 's6' is not a severity: S1 to S5"
        );
    }

    #[test]
    fn a_last_word_that_may_become_a_field_waits() {
        assert_eq!(settled("sev:S1 ki"), "sev:S1 ");
        assert_eq!(settled("sev:S1 !sta"), "sev:S1 ");
        assert_eq!(settled("s"), "");
        assert_eq!(settled("kind:"), "kind:");
        assert_eq!(settled("rds"), "rds");
        assert_eq!(settled("sev "), "sev ");
    }

    #[test]
    fn its_spelling_reads_back_the_same() {
        for text in [
            "sev:S1,S2 state:new,ack,in-progress cust:jade kind:expert,faster",
            "@me !@alice unassigned breached due:<1h due:>30m paused",
            "\"two words\" \"a:b\" plain !neg",
        ] {
            let f = parse(text);
            assert_eq!(f.to_string(), text);
            assert_eq!(parse(&f.to_string()), f);
        }
    }
}
