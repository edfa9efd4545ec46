//! Styles in one place. Without colour (NO_COLOR, `ui.color = false`) the
//! same distinctions are kept with bold, reverse and symbols.

use ratatui::style::{Color, Modifier, Style};

use crate::domain::sla::Urgency;

#[derive(Clone, Debug)]
pub struct Theme {
    pub color: bool,
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

impl Theme {
    pub fn new(color: bool) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        if color {
            Theme {
                color,
                title: bold.fg(Color::Cyan),
                dim: Style::new().fg(Color::DarkGray),
                label: Style::new().fg(Color::Gray),
                key: bold.fg(Color::Cyan),
                selected: Style::new()
                    .bg(Color::Indexed(237))
                    .add_modifier(Modifier::BOLD),
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
            }
        } else {
            Theme {
                color,
                title: bold,
                dim: Style::new(),
                label: Style::new(),
                key: bold,
                selected: Style::new().add_modifier(Modifier::REVERSED),
                met: Style::new(),
                late: Style::new().add_modifier(Modifier::UNDERLINED),
                info: Style::new(),
                error: bold,
                border: Style::new(),
                flag: bold,
                normal: Style::new(),
                warning: Style::new(),
                urgent: bold,
                breached: bold.add_modifier(Modifier::UNDERLINED),
            }
        }
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
