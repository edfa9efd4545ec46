//! The four themes on the board: the cells that carry a cue, as a style
//! dump per theme (a text snapshot holds no colour), and monochrome with
//! no colour anywhere on any screen.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

use sredesk::ui::Theme;
use sredesk::ui::theme::ThemeName;

use super::{Screen, assert_screen, desk, find};

const THEMES: [ThemeName; 4] = [
    ThemeName::Default,
    ThemeName::OkabeIto,
    ThemeName::HighContrast,
    ThemeName::Monochrome,
];

/// The cells of the board whose style says something, and their styles.
const CUES: [(&str, &str); 8] = [
    ("breached", "✖ -15m00s"),
    ("under a fifth left", "‼ 5m00s"),
    ("half to a fifth left", "! 1h30m"),
    ("answered in time", "✓ 20m00s"),
    ("answered late", "✗ 45m00s"),
    ("selected row", "ST2611-0001"),
    ("screen title", "escalations"),
    ("footer key", "Enter"),
];

fn dump(buf: &Buffer) -> String {
    CUES.iter()
        .map(|(what, text)| {
            let c = &buf[find(buf, text)];
            format!(
                "{what:<22} {text:<12} fg {:?} bg {:?} {:?}\n",
                c.fg, c.bg, c.modifier
            )
        })
        .collect()
}

#[test]
fn each_theme_styles_the_cues_and_tells_the_urgencies_apart() {
    let s = Screen::new(desk(), 160, 24);
    for name in THEMES {
        let theme = Theme::named(name);
        let buf = s.render_with(&theme);
        let style = |text| {
            let c = &buf[find(&buf, text)];
            (c.fg, c.bg, c.modifier)
        };
        // Four urgencies, four looks, in every colour theme; without
        // colour the symbols (✖ ‼ !) tell them apart, bold the loud two.
        let looks = [
            style("✖ -15m00s"),
            style("‼ 5m00s"),
            style("! 1h30m"),
            style("  7h00m"),
        ];
        let apart = if theme.color { looks.len() } else { 2 };
        for i in 0..apart {
            for j in i + 1..looks.len() {
                assert_ne!(
                    looks[i], looks[j],
                    "{name:?}: urgencies {i} and {j} look alike"
                );
            }
        }
        assert!(
            looks[0].2.contains(Modifier::BOLD),
            "{name:?}: breached is bold"
        );
        if name == ThemeName::HighContrast {
            // On the terminal's own background, nothing dim.
            for cell in buf.content() {
                assert!(
                    matches!(cell.bg, Color::Reset),
                    "high contrast paints a background: {cell:?}"
                );
                assert_ne!(cell.fg, Color::DarkGray);
            }
        }
        assert_screen!(format!("style_{name:?}"), dump(&buf));
    }
}

#[test]
fn okabe_ito_uses_its_palette_for_the_warnings() {
    let s = Screen::new(desk(), 160, 24);
    let buf = s.render_with(&Theme::named(ThemeName::OkabeIto));
    let vermillion = Color::Rgb(0xD5, 0x5E, 0x00);
    assert_eq!(buf[find(&buf, "✖ -15m00s")].bg, vermillion);
    assert_eq!(buf[find(&buf, "‼ 5m00s")].fg, Color::Rgb(0xE6, 0x9F, 0x00));
    assert_eq!(buf[find(&buf, "✓ 20m00s")].fg, Color::Rgb(0x00, 0x9E, 0x73));
}

#[test]
fn monochrome_has_no_colour_on_any_screen() {
    let theme = Theme::named(ThemeName::Monochrome);
    for keys in ["", "\t", "\n", "c", "H", "T", "p", "n"] {
        let mut s = Screen::new(desk(), 160, 30);
        for c in keys.chars() {
            s.key(match c {
                '\t' => crossterm::event::KeyCode::Tab,
                '\n' => crossterm::event::KeyCode::Enter,
                c => crossterm::event::KeyCode::Char(c),
            });
        }
        let buf = s.render_with(&theme);
        for cell in buf.content() {
            assert_eq!(
                (cell.fg, cell.bg),
                (Color::Reset, Color::Reset),
                "after {keys:?}"
            );
        }
        if keys.is_empty() {
            let (x, y) = find(&buf, "ST2611-0001");
            assert!(buf[(x, y)].modifier.contains(Modifier::REVERSED));
        }
    }
}
