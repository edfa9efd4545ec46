//! The one table of the glyphs the dashboard draws, each with its ASCII
//! stand-in, for terminals whose font lacks them (the Linux console has
//! no ✖ ✓ ⚑; a dumb terminal has no box drawing). In the ASCII set each
//! frame is drawn as always and then its cells are put through this
//! table, so no screen can forget a glyph: a test draws every screen
//! and finds nothing outside ASCII. Stand-ins are one cell wide, like
//! the glyphs, so every layout holds. Text from tickets is left as it is
//! unless it holds one of these glyphs.

use ratatui::buffer::Buffer;

/// Glyph -> ASCII. The marks keep apart what they tell apart: ✖ X
/// breached, ‼ # under a fifth, ! half to a fifth, ✓ + in time, ✗ x late.
pub const TABLE: &[(char, char)] = &[
    ('✖', 'X'),
    ('‼', '#'),
    ('✓', '+'),
    ('✗', 'x'),
    ('⚑', 'F'),
    ('‖', '='),
    ('●', '*'),
    ('•', '*'),
    ('■', '*'),
    ('▶', '>'),
    ('▸', '>'),
    ('›', '>'),
    ('◀', '<'),
    ('▲', '^'),
    ('▼', 'v'),
    ('→', '>'),
    ('←', '<'),
    ('↑', '^'),
    ('↓', 'v'),
    ('…', '~'),
    ('·', '-'),
    ('–', '-'),
    ('—', '-'),
    ('▮', '#'),
    ('▯', '.'),
    ('░', '.'),
    ('▒', ':'),
    ('▓', '#'),
];

/// The ASCII stand-in of `c`, if it is one of the dashboard's glyphs:
/// the table, then the families charts and frames are drawn with.
pub fn ascii(c: char) -> Option<char> {
    if let Some((_, a)) = TABLE.iter().find(|(g, _)| *g == c) {
        return Some(*a);
    }
    Some(match c {
        // Box drawing: lines and corners.
        '─' | '━' | '┄' | '┈' | '═' | '╌' => '-',
        '│' | '┃' | '┆' | '┊' | '║' | '╎' => '|',
        '\u{2500}'..='\u{257F}' => '+',
        // Bars and gauges: the lowest eighth reads as a floor.
        '▁' => '_',
        '\u{2580}'..='\u{259F}' => '#',
        // Braille plots: a blank cell stays blank.
        '\u{2800}' => ' ',
        '\u{2801}'..='\u{28FF}' => '*',
        _ => return None,
    })
}

/// `text` with the dashboard's glyphs in ASCII (the terminal's title).
pub fn ascii_text(text: &str) -> String {
    text.chars().map(|c| ascii(c).unwrap_or(c)).collect()
}

/// Every cell of `buf` put through the table.
pub fn to_ascii(buf: &mut Buffer) {
    buf.content.iter_mut().for_each(cell_to_ascii);
}

/// One cell's glyph as its stand-in, where it has one.
pub fn cell_to_ascii(cell: &mut ratatui::buffer::Cell) {
    let mut chars = cell.symbol().chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && let Some(a) = ascii(c)
    {
        cell.set_char(a);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthChar;

    #[test]
    fn every_stand_in_is_ascii_and_as_wide_as_its_glyph() {
        for (g, a) in TABLE {
            assert!(a.is_ascii_graphic(), "{g}");
            assert_eq!(g.width(), Some(1), "{g} is one cell, like {a}");
        }
        for c in ['┌', '┐', '└', '┘', '├', '╭', '█', '▇', '⣿', '⠉'] {
            assert!(ascii(c).is_some_and(|a| a.is_ascii()), "{c}");
        }
        assert_eq!(ascii('─'), Some('-'));
        assert_eq!(ascii('│'), Some('|'));
        assert_eq!(ascii('┌'), Some('+'));
        // Customers' own letters are theirs.
        assert_eq!(ascii('é'), None);
        assert_eq!(ascii('华'), None);
        assert_eq!(
            ascii_text("sredesk ✖3 ‼5 · desk.db"),
            "sredesk X3 #5 - desk.db"
        );
    }
}
