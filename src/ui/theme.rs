//! Styles in one place, in four themes. Every cue a colour gives is also
//! given by a symbol or word (✖ ‼ ! ✓ ✗ ‖ ⚑ on the board, the gauges'
//! figures, the delivery states' words), so each theme, monochrome
//! included, reads the same.

use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;

use crate::domain::sla::Urgency;

/// `[ui] theme`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum ThemeName {
    #[default]
    Default,
    /// Okabe and Ito's eight colours, told apart with every common kind of
    /// colour blindness.
    OkabeIto,
    /// Bold, bright colours on the terminal's own background.
    HighContrast,
    /// No colour at all: bold, reverse and underline only.
    Monochrome,
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub name: ThemeName,
    /// Whether any colour is used (false only in monochrome).
    pub color: bool,
    /// Glyphs and borders drawn in ASCII (`[ui] glyphs`).
    pub ascii: bool,
    pub title: Style,
    pub dim: Style,
    pub label: Style,
    pub key: Style,
    pub selected: Style,
    pub met: Style,
    pub late: Style,
    pub info: Style,
    pub error: Style,
    pub border: Style,
    /// A requirement waiting too long in its state (with ⚑).
    pub flag: Style,
    normal: Style,
    warning: Style,
    urgent: Style,
    breached: Style,
}

/// Okabe, M. and Ito, K. (2008), "Color Universal Design": the palette.
mod okabe_ito {
    use ratatui::style::Color;
    pub const ORANGE: Color = Color::Rgb(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: Color = Color::Rgb(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: Color = Color::Rgb(0x00, 0x9E, 0x73);
    pub const YELLOW: Color = Color::Rgb(0xF0, 0xE4, 0x42);
    pub const BLUE: Color = Color::Rgb(0x00, 0x72, 0xB2);
    pub const VERMILLION: Color = Color::Rgb(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: Color = Color::Rgb(0xCC, 0x79, 0xA7);
    pub const BLACK: Color = Color::Rgb(0x00, 0x00, 0x00);
}

impl Theme {
    /// The default theme with colour, or monochrome without.
    pub fn new(color: bool) -> Theme {
        Theme::named(if color {
            ThemeName::Default
        } else {
            ThemeName::Monochrome
        })
    }

    pub fn named(name: ThemeName) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        let underlined = Style::new().add_modifier(Modifier::UNDERLINED);
        match name {
            ThemeName::Default => Theme {
                name,
                color: true,
                ascii: false,
                title: bold.fg(Color::Cyan),
                dim: Style::new().fg(Color::DarkGray),
                label: Style::new().fg(Color::Gray),
                key: bold.fg(Color::Cyan),
                selected: bold.bg(Color::Indexed(237)),
                met: Style::new().fg(Color::Green),
                late: Style::new().fg(Color::Magenta),
                info: Style::new().fg(Color::Green),
                error: bold.fg(Color::LightRed),
                border: Style::new().fg(Color::DarkGray),
                flag: bold.fg(Color::Yellow),
                normal: Style::new(),
                warning: Style::new().fg(Color::Yellow),
                urgent: bold.fg(Color::LightRed),
                breached: bold.fg(Color::White).bg(Color::Red),
            },
            ThemeName::OkabeIto => {
                use okabe_ito::*;
                Theme {
                    name,
                    color: true,
                    ascii: false,
                    title: bold.fg(SKY_BLUE),
                    dim: Style::new().fg(Color::DarkGray),
                    label: Style::new().fg(Color::Gray),
                    key: bold.fg(SKY_BLUE),
                    selected: bold.bg(Color::Indexed(237)),
                    met: Style::new().fg(BLUISH_GREEN),
                    late: Style::new().fg(REDDISH_PURPLE),
                    info: Style::new().fg(BLUISH_GREEN),
                    error: bold.fg(VERMILLION),
                    border: Style::new().fg(BLUE),
                    flag: bold.fg(ORANGE),
                    normal: Style::new(),
                    warning: Style::new().fg(YELLOW),
                    urgent: bold.fg(ORANGE),
                    breached: bold.fg(BLACK).bg(VERMILLION),
                }
            }
            ThemeName::HighContrast => Theme {
                name,
                color: true,
                ascii: false,
                title: bold.fg(Color::LightCyan),
                // Grey is hard to read: the terminal's own colour, plain.
                dim: Style::new(),
                label: bold,
                key: bold.fg(Color::LightCyan),
                selected: bold.add_modifier(Modifier::REVERSED),
                met: bold.fg(Color::LightGreen),
                late: bold.fg(Color::LightMagenta),
                info: bold.fg(Color::LightGreen),
                error: bold.fg(Color::LightRed),
                border: Style::new(),
                flag: bold.fg(Color::LightYellow),
                normal: Style::new(),
                warning: bold.fg(Color::LightYellow),
                urgent: bold.fg(Color::LightRed),
                breached: bold.fg(Color::LightRed).add_modifier(Modifier::UNDERLINED),
            },
            ThemeName::Monochrome => Theme {
                name,
                color: false,
                ascii: false,
                title: bold,
                dim: Style::new(),
                label: Style::new(),
                key: bold,
                selected: reversed,
                met: Style::new(),
                late: underlined,
                info: Style::new(),
                error: bold,
                border: Style::new(),
                flag: bold,
                normal: Style::new(),
                warning: Style::new(),
                urgent: bold,
                breached: bold.add_modifier(Modifier::UNDERLINED),
            },
        }
    }

    /// The same theme, drawn with the ASCII glyph set when `on`.
    pub fn with_ascii(self, on: bool) -> Theme {
        Theme { ascii: on, ..self }
    }

    pub fn urgency(&self, u: Urgency) -> Style {
        match u {
            Urgency::Normal => self.normal,
            Urgency::Warning => self.warning,
            Urgency::Urgent => self.urgent,
            Urgency::Breached => self.breached,
        }
    }
}
