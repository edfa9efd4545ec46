//! The store's SQL is written once with SQLite's numbered placeholders
//! (`?1`); PostgreSQL reads `$1`. Only placeholders outside quotes and
//! comments are rewritten, so a `?` in a string literal stays a `?`.

/// The text PostgreSQL reads for `sql`: `?N` becomes `$N`, and a bare `?`
/// the next number after the highest seen so far, as SQLite counts them.
pub fn to_dollars(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 8);
    let mut chars = sql.char_indices().peekable();
    let mut highest = 0usize;
    while let Some((_, c)) = chars.next() {
        match c {
            '\'' | '"' => {
                out.push(c);
                // A doubled quote inside is the quote itself: the loop
                // leaves and re-enters the literal, which comes to the same.
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if d == c {
                        break;
                    }
                }
            }
            '-' if chars.peek().is_some_and(|&(_, d)| d == '-') => {
                out.push(c);
                for (_, d) in chars.by_ref() {
                    out.push(d);
                    if d == '\n' {
                        break;
                    }
                }
            }
            '?' => {
                let mut digits = String::new();
                while let Some(&(_, d)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                    digits.push(d);
                    chars.next();
                }
                let n = if digits.is_empty() {
                    highest + 1
                } else {
                    digits.parse().unwrap_or(highest + 1)
                };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::to_dollars;

    #[test]
    fn numbered_placeholders_keep_their_numbers() {
        assert_eq!(
            to_dollars("SELECT a FROM t WHERE b = ?2 AND c = ?1 OR d = ?12"),
            "SELECT a FROM t WHERE b = $2 AND c = $1 OR d = $12"
        );
    }

    #[test]
    fn bare_placeholders_count_on_from_the_highest_as_sqlite_does() {
        assert_eq!(to_dollars("VALUES (?, ?, ?)"), "VALUES ($1, $2, $3)");
        assert_eq!(to_dollars("VALUES (?3, ?)"), "VALUES ($3, $4)");
    }

    #[test]
    fn quotes_and_comments_are_left_as_they_are() {
        assert_eq!(
            to_dollars("SELECT '?1', \"a?\" -- what? ?2\n, ?1 FROM t WHERE x = 'it''s ?'"),
            "SELECT '?1', \"a?\" -- what? ?2\n, $1 FROM t WHERE x = 'it''s ?'"
        );
    }

    #[test]
    fn a_minus_sign_is_not_a_comment() {
        assert_eq!(to_dollars("SELECT ?1 - ?2"), "SELECT $1 - $2");
    }
}
