//! How many SMS segments a text costs: the composer shows it beside the
//! preview, because a notice that splits into six messages is a notice
//! that arrives out of order on someone's phone.

use serde::Serialize;

/// The alphabet a text is sent in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SmsEncoding {
    /// GSM 03.38 default alphabet, 7 bits a character.
    Gsm7,
    /// UTF-16, for anything the GSM alphabet lacks (Chinese, emoji, ...).
    Ucs2,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct SmsCost {
    pub encoding: SmsEncoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2).
    pub units: usize,
    pub segments: usize,
    /// Characters as a person counts them.
    pub chars: usize,
}

/// GSM 03.38 basic character set.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u{1b}ÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/// The extension table: each costs an escape plus itself.
const GSM_EXTENDED: &str = "\u{c}^{}\\[~]|€";

/// Septets a character takes in GSM-7, or `None` if it has no GSM form.
fn gsm_septets(c: char) -> Option<usize> {
    // ESC itself is the table's escape, not a character to send.
    if c == '\u{1b}' {
        None
    } else if GSM_BASIC.contains(c) {
        Some(1)
    } else if GSM_EXTENDED.contains(c) {
        Some(2)
    } else {
        None
    }
}

const GSM_SINGLE: usize = 160;
const GSM_PART: usize = 153;
const UCS2_SINGLE: usize = 70;
const UCS2_PART: usize = 67;

/// The encoding, size and segment count of `text`. Multi-part messages
/// carry a header, so each part holds less; a character is never split
/// between parts (an extended GSM character or a UTF-16 surrogate pair
/// moves whole to the next part).
pub fn cost(text: &str) -> SmsCost {
    let chars = text.chars().count();
    let gsm: Option<Vec<usize>> = text.chars().map(gsm_septets).collect();
    let (encoding, sizes, single, part) = match gsm {
        Some(sizes) => (SmsEncoding::Gsm7, sizes, GSM_SINGLE, GSM_PART),
        None => (
            SmsEncoding::Ucs2,
            text.chars().map(char::len_utf16).collect(),
            UCS2_SINGLE,
            UCS2_PART,
        ),
    };
    let units: usize = sizes.iter().sum();
    let segments = if units == 0 {
        0
    } else if units <= single {
        1
    } else {
        let (mut segments, mut used) = (1, 0);
        for size in sizes {
            if used + size > part {
                segments += 1;
                used = 0;
            }
            used += size;
        }
        segments
    };
    SmsCost {
        encoding,
        units,
        segments,
        chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gsm7_fits_160_then_splits_by_153() {
        let c = cost(&"a".repeat(160));
        assert_eq!(
            (c.encoding, c.units, c.segments),
            (SmsEncoding::Gsm7, 160, 1)
        );
        assert_eq!(cost(&"a".repeat(161)).segments, 2);
        assert_eq!(cost(&"a".repeat(306)).segments, 2);
        assert_eq!(cost(&"a".repeat(307)).segments, 3);
        assert_eq!(cost("").segments, 0);
    }

    #[test]
    fn extended_characters_cost_two_septets_and_stay_whole() {
        let c = cost("{x}");
        assert_eq!((c.units, c.chars), (5, 3));
        assert_eq!(cost(&"€".repeat(80)).segments, 1);
        assert_eq!(cost(&"€".repeat(81)).segments, 2);
        // 152 plain, then "€": 154 septets would split the escape pair, so
        // it moves whole into the second part.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(5));
        let c = cost(&text);
        assert_eq!((c.units, c.segments), (159, 1));
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(7));
        let c = cost(&text);
        assert_eq!((c.units, c.segments), (161, 2));
        // Split at 153 the pair would straddle: 152 + escape | char ... so
        // part one ends at 152 and three parts are still not needed.
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(151));
        assert_eq!(cost(&text).segments, 2);
        let text = format!("{}€{}", "a".repeat(152), "a".repeat(152));
        assert_eq!(cost(&text).segments, 3);
    }

    #[test]
    fn anything_outside_gsm_switches_to_ucs2() {
        let c = cost("ECS 实例宕机");
        assert_eq!((c.encoding, c.units, c.segments), (SmsEncoding::Ucs2, 8, 1));
        assert_eq!(cost(&"实".repeat(70)).segments, 1);
        assert_eq!(cost(&"实".repeat(71)).segments, 2);
        assert_eq!(cost(&"实".repeat(134)).segments, 2);
        assert_eq!(cost(&"实".repeat(135)).segments, 3);
        // A raw escape is not text to send: it forces UCS-2 like any
        // character GSM cannot carry.
        assert_eq!(cost("a\u{1b}b").encoding, SmsEncoding::Ucs2);
    }

    #[test]
    fn surrogate_pairs_count_two_and_are_not_split() {
        let c = cost("🔥");
        assert_eq!((c.units, c.chars, c.segments), (2, 1, 1));
        let text = format!("{}🔥", "实".repeat(68));
        assert_eq!(cost(&text).segments, 1);
        // 134 units would fill two parts of 67 exactly, but the emoji after
        // 66 units does not fit in part one's last unit: three parts.
        let text = format!("{}🔥{}", "实".repeat(66), "实".repeat(66));
        assert_eq!(cost(&text).segments, 3);
    }
}
