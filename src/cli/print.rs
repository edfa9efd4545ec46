//! What every command's printing shares: one JSON value per line for
//! scripts, and fixed-width cells for aligned text.

use std::io::{self, Write};

use serde::Serialize;

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

/// Inert text cut or padded to `width` characters: counted in characters,
/// not bytes, so a cut never splits one.
pub fn cell(s: &str, width: usize) -> String {
    let s = inert(s);
    let n = s.chars().count();
    if n > width {
        let mut cut: String = s.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}
