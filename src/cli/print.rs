//! What every command's printing shares: one JSON value per line for
//! scripts, and fixed-width cells for aligned text.

use std::io::{self, Write};

use serde::Serialize;
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

use crate::text::{inert, write_json};

pub fn json_line<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    write_json(out, value)?;
    writeln!(out)
}

/// The channels a notice for one customer could not go by, and why.
pub fn unreachable_lines(
    out: &mut dyn Write,
    unreachable: &[crate::notify::compose::Unreachable],
) -> io::Result<()> {
    for u in unreachable {
        writeln!(
            out,
            "  not reachable on {}: {}",
            u.channel,
            inert(&u.reason)
        )?;
    }
    Ok(())
}

/// Inert text cut or padded to `width` terminal columns: counted by
/// display width, so `华为云客户` takes ten columns, not five, and the next
/// column starts where the header says; a cut ends with `…` and never
/// splits a character (a wide one that does not fit leaves a space).
pub fn cell(s: &str, width: usize) -> String {
    let s = inert(s);
    let n = s.width();
    if n <= width {
        return format!("{s}{}", " ".repeat(width - n));
    }
    let (cut, used) = s.unicode_truncate(width.saturating_sub(1));
    let mut out = String::with_capacity(cut.len() + 4);
    out.push_str(cut);
    if width > 0 {
        out.push('…');
    }
    out.push_str(&" ".repeat(width.saturating_sub(used + 1)));
    out
}

/// Inert text padded to at least `width` columns and never cut, for a
/// column whose whole value matters more than the next one's place (an
/// address, an engineer's name).
pub fn pad(s: &str, width: usize) -> String {
    let s = inert(s);
    let n = s.width();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_as_wide_as_asked_in_columns() {
        assert_eq!(cell("华为云客户", 12), "华为云客户  ");
        assert_eq!(cell("华为云客户", 12).width(), 12);
        // Cut: a wide character that would overrun leaves a space.
        assert_eq!(cell("华为云客户", 6), "华为… ");
        assert_eq!(cell("华为云客户", 7), "华为云…");
        assert_eq!(cell("Northwind", 5), "Nort…");
        assert_eq!(cell("ab", 0), "");
        assert_eq!(cell("a\u{1b}b", 8), "a\\x1bb  ");
        assert_eq!(pad("李娜", 6), "李娜  ");
        assert_eq!(pad("chen.wei.long", 6), "chen.wei.long");
    }
}
