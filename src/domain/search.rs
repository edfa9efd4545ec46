//! What an engineer types to search every escalation: words, each found
//! as it is written (any case) somewhere in the ticket number, title,
//! description or notes. Nothing typed is search syntax: quotes, `*`,
//! `AND`, `-` and `:` are letters like any other.

use std::fmt;

/// The shortest word searched for, unless it holds a Chinese, Japanese or
/// Korean character: a word is found by its start (`replic` finds
/// `replication`), and one letter would start most of the index.
pub const MIN_WORD_CHARS: usize = 2;

/// Characters written without spaces between words: each is a word of
/// its own in the index, and a run of them is found as a phrase.
pub fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3400..=0x4DBF    // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3134F  // CJK Extensions B to G
    )
}

/// Text as the search index takes it: each unspaced character set apart
/// so the tokenizer makes it a word (see the schema's search step). The
/// same on both sides: what is stored and what is searched for.
pub fn index_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unspaced(c) {
            out.push(' ');
            out.push(c);
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that end a word in the index, as SQLite's unicode61
/// tokenizer reads them: punctuation, symbols and spaces. PostgreSQL's
/// search step names the same ranges (`pg/schema_v23_search_words.sql`),
/// so its index splits text where SQLite's does, and this splits what is
/// searched for on both.
pub fn is_separator(c: char) -> bool {
    if c.is_ascii() {
        return !c.is_ascii_alphanumeric();
    }
    matches!(c as u32,
        0x80..=0xA9 | 0xAB..=0xB1 | 0xB4 | 0xB6..=0xB8 | 0xBB..=0xBF  // Latin-1 signs
        | 0xD7 | 0xF7                // × ÷
        | 0x2000..=0x206F            // General Punctuation
        | 0x20A0..=0x20CF            // Currency
        | 0x2190..=0x2BFF            // Arrows, maths, boxes, shapes, dingbats
        | 0x3000..=0x303F            // CJK punctuation
        | 0xFE30..=0xFE6F            // CJK compatibility and small forms
        | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65
        | 0x1F000..=0x1FAFF          // Emoji and pictographs
    ) || c.is_whitespace()
        || c.is_control()
}

/// The index's words in one typed word, in order: split at separators,
/// each unspaced character a word of its own. `S1-outage:` is `S1`,
/// `outage`; `ECS实例` is `ECS`, `实`, `例`.
pub fn index_tokens(word: &str) -> Vec<String> {
    index_words(word)
        .split(is_separator)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Words to find, all of them; none is every escalation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchText {
    words: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SearchTextError {
    /// A word the index cannot find, and where it starts (in characters).
    TooShort { word: String, at: usize },
    /// Only punctuation: nothing the index holds.
    NoLetters { word: String, at: usize },
}

impl fmt::Display for SearchTextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SearchTextError::TooShort { word, at } => write!(
                f,
                "'{}' (at {}) is one letter: a word is found by its start, \
                 so write at least {MIN_WORD_CHARS}",
                word,
                at + 1
            ),
            SearchTextError::NoLetters { word, at } => write!(
                f,
                "'{}' (at {}) has no letter or digit to search for",
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
                    let letters = word.chars().filter(|c| c.is_alphanumeric()).count();
                    if letters == 0 {
                        return Err(SearchTextError::NoLetters { word, at: start });
                    }
                    if word.chars().count() < MIN_WORD_CHARS && !word.chars().any(is_unspaced) {
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
    fn a_word_is_split_into_the_index_words_where_punctuation_stands() {
        assert_eq!(index_tokens("S1-outage:"), ["S1", "outage"]);
        assert_eq!(index_tokens("db01.example.com"), ["db01", "example", "com"]);
        assert_eq!(index_tokens("T-2"), ["T", "2"]);
        assert_eq!(index_tokens("ECS实例"), ["ECS", "实", "例"]);
        assert_eq!(index_tokens("café→x"), ["café", "x"]);
        assert_eq!(index_tokens("数据库。"), ["数", "据", "库"]);
        assert!(index_tokens("--").is_empty());
    }

    #[test]
    fn words_split_at_white_space_and_keep_their_punctuation() {
        let s = SearchText::parse("  S1-outage: \"db\tAND  x*y ").unwrap();
        assert_eq!(s.words(), ["S1-outage:", "\"db", "AND", "x*y"]);
        assert!(SearchText::parse("   ").unwrap().is_empty());
        assert_eq!(SearchText::parse("").unwrap(), SearchText::default());
    }

    #[test]
    fn a_word_of_one_letter_is_named_with_where_it_is() {
        let e = SearchText::parse("timeout x").unwrap_err();
        assert_eq!(
            e,
            SearchTextError::TooShort {
                word: "x".into(),
                at: 8
            }
        );
        assert!(e.to_string().contains("'x' (at 9) is one letter"), "{e}");
        assert!(SearchText::parse("db").is_ok());
        // One Han character is a word.
        assert!(SearchText::parse("库").is_ok());
        assert!(SearchText::parse("故障").is_ok());
        let e = SearchText::parse("db --").unwrap_err();
        assert!(e.to_string().contains("'--' (at 4) has no letter"), "{e}");
    }

    #[test]
    fn unspaced_characters_are_set_apart_and_the_rest_left_as_written() {
        assert_eq!(index_words("RDS数据库 down"), "RDS 数  据  库  down");
        assert_eq!(index_words("データ"), " デ  ー  タ ");
        assert_eq!(index_words("plain é text"), "plain é text");
        assert!(is_unspaced('한') && !is_unspaced('a') && !is_unspaced('，'));
    }

    #[test]
    fn control_characters_separate_words() {
        let s = SearchText::parse("abc\u{1b}[2Jdef\0ghi").unwrap();
        assert_eq!(s.words(), ["abc", "[2Jdef", "ghi"]);
    }
}
