//! What an engineer types to search every escalation: words, each found
//! as it is written (any case) somewhere in the ticket number, title,
//! description or notes. Nothing typed is search syntax: quotes, `*`,
//! `AND`, `-` and `:` are letters like any other.

use std::fmt;

/// The shortest word the search index can find: it is made of every run
/// of three characters (see the schema's search step).
pub const MIN_WORD_CHARS: usize = 3;

/// Words to find, all of them; none is every escalation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchText {
    words: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchTextError {
    /// A word the index cannot find, and where it starts (in characters).
    TooShort { word: String, at: usize },
}

impl fmt::Display for SearchTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchTextError::TooShort { word, at } => write!(
                f,
                "'{}' (at {}) is shorter than {MIN_WORD_CHARS} characters: \
                 the index finds runs of {MIN_WORD_CHARS} or more; write more of it",
                word,
                at + 1
            ),
        }
    }
}

impl std::error::Error for SearchTextError {}

impl SearchText {
    /// Splits `text` at white space. Control characters separate words
    /// too: they cannot be in a title anyone typed.
    pub fn parse(text: &str) -> Result<SearchText, SearchTextError> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut start = 0;
        for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
            if c.is_whitespace() || c.is_control() {
                if !word.is_empty() {
                    if word.chars().count() < MIN_WORD_CHARS {
                        return Err(SearchTextError::TooShort { word, at: start });
                    }
                    words.push(std::mem::take(&mut word));
                }
            } else {
                if word.is_empty() {
                    start = i;
                }
                word.push(c);
            }
        }
        Ok(SearchText { words })
    }

    pub fn words(&self) -> &[String] {
        &self.words
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl fmt::Display for SearchText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.words.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_at_white_space_and_keep_their_punctuation() {
        let s = SearchText::parse("  S1-outage: \"db\tAND  x*y ").unwrap();
        assert_eq!(s.words(), ["S1-outage:", "\"db", "AND", "x*y"]);
        assert!(SearchText::parse("   ").unwrap().is_empty());
        assert_eq!(SearchText::parse("").unwrap(), SearchText::default());
    }

    #[test]
    fn a_word_under_three_characters_is_named_with_where_it_is() {
        let e = SearchText::parse("timeout db").unwrap_err();
        assert_eq!(
            e,
            SearchTextError::TooShort {
                word: "db".into(),
                at: 8
            }
        );
        assert!(e.to_string().contains("'db' (at 9)"), "{e}");
        // Characters, not bytes: three Han characters are a word.
        assert!(SearchText::parse("数据库").is_ok());
        assert!(SearchText::parse("故障").is_err());
    }

    #[test]
    fn control_characters_separate_words() {
        let s = SearchText::parse("abc\u{1b}[2Jdef\0ghi").unwrap();
        assert_eq!(s.words(), ["abc", "[2Jdef", "ghi"]);
    }
}
