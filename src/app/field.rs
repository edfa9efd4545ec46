//! The text fields of dialogs and forms: one line (tui-input) or several
//! (ratatui-textarea), with what is wrong with what was typed, and how a
//! paste lands in each. Whatever arrives is made inert on the way in, so
//! a field never holds what the terminal would obey.

use crossterm::event::KeyEvent;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use tui_input::backend::crossterm::EventHandler;
use tui_input::{Input, InputRequest};

use crate::text::needs_escape;

/// A one-line text field and what is wrong with its text, shown beside it.
#[derive(Clone, Debug, Default)]
pub struct Field {
    pub input: Input,
    pub error: Option<String>,
}

impl Field {
    pub fn with(text: &str) -> Field {
        Field {
            input: Input::new(one_line(text)),
            error: None,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// A key typed into the field; what was wrong is forgotten once the
    /// text changes. True if it changed.
    pub fn edit(&mut self, key: KeyEvent) -> bool {
        if let crossterm::event::KeyCode::Char(c) = key.code
            && needs_escape(c)
        {
            return false;
        }
        let changed = self
            .input
            .handle_event(&crossterm::event::Event::Key(key))
            .is_some_and(|r| r.value);
        if changed {
            self.error = None;
        }
        changed
    }

    /// Pasted text at the cursor, on one line.
    pub fn paste(&mut self, text: &str) -> bool {
        let text = one_line(text);
        for c in text.chars() {
            self.input.handle(InputRequest::InsertChar(c));
        }
        if !text.is_empty() {
            self.error = None;
        }
        !text.is_empty()
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.input.value() == other.input.value()
            && self.input.cursor() == other.input.cursor()
            && self.error == other.error
    }
}

impl Eq for Field {}

/// Text of several lines: a description, a note, a resolution.
#[derive(Clone, Debug)]
pub struct MultiField {
    area: TextArea<'static>,
    pub error: Option<String>,
}

impl Default for MultiField {
    fn default() -> Self {
        MultiField::with("")
    }
}

impl MultiField {
    pub fn with(text: &str) -> MultiField {
        let lines: Vec<String> = several_lines(text).lines().map(String::from).collect();
        let mut area = TextArea::new(if lines.is_empty() {
            vec![String::new()]
        } else {
            lines
        });
        area.set_wrap_mode(WrapMode::WordOrGlyph);
        // The box around it says where typing goes; an underlined line
        // would read as a link.
        area.set_cursor_line_style(ratatui::style::Style::default());
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        MultiField { area, error: None }
    }

    /// As `with`, read from its first line: for text filled in rather
    /// than typed, whose start is what to check.
    pub fn from_top(text: &str) -> MultiField {
        let mut f = MultiField::with(text);
        f.area.move_cursor(CursorMove::Top);
        f.area.move_cursor(CursorMove::Head);
        f
    }

    /// The lines as one text, trailing blank lines left out.
    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_string()
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// A key typed into the text; true if the text changed. Keys that are
    /// not text (Ctrl-S, Esc, Tab) are the caller's before this.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        if let crossterm::event::KeyCode::Char(c) = key.code
            && needs_escape(c)
        {
            return false;
        }
        let changed = self.area.input(key);
        if changed {
            self.error = None;
        }
        changed
    }

    /// Pasted text at the cursor, its line breaks kept.
    pub fn paste(&mut self, text: &str) -> bool {
        let changed = self.area.insert_str(several_lines(text));
        if changed {
            self.error = None;
        }
        changed
    }

    /// What to draw: the text, wrapped, with its cursor.
    pub fn area(&self) -> &TextArea<'static> {
        &self.area
    }
}

impl PartialEq for MultiField {
    fn eq(&self, other: &MultiField) -> bool {
        self.area.lines() == other.area.lines()
            && self.area.cursor() == other.area.cursor()
            && self.error == other.error
    }
}

impl Eq for MultiField {}

/// Text as one line takes it: line breaks and tabs become spaces, other
/// control characters and bidi overrides are dropped.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !needs_escape(*c))
        .collect()
}

/// Text as several lines take it: `\r\n` and `\r` become `\n`, tabs four
/// spaces, other control characters and bidi overrides are dropped.
pub fn several_lines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', "    ")
        .chars()
        .filter(|c| *c == '\n' || !needs_escape(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    #[test]
    fn a_paste_never_brings_escapes_in() {
        let mut f = Field::default();
        f.paste("ELB\u{1b}[2J 5xx\r\nrising\u{202e}");
        assert_eq!(f.value(), "ELB[2J 5xx  rising");
        let mut m = MultiField::default();
        m.paste("line one\r\nline\u{1b}]0;pwned\u{7} two\ttab");
        assert_eq!(m.text(), "line one\nline]0;pwned two    tab");
    }

    #[test]
    fn several_lines_are_typed_and_kept() {
        let mut m = MultiField::with("first");
        assert!(m.input(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)));
        m.input(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE));
        assert_eq!(m.text(), "first\nx");
        assert!(!MultiField::with(" \n ").text().contains('x'));
        assert!(MultiField::with(" \n ").is_blank());
    }
}
