//! `[ui]`: colour and theme, the glyphs drawn, the cursor after a step.

use serde::Deserialize;

pub use crate::ui::theme::ThemeName;

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// Colour on or off; NO_COLOR in the environment also turns it off.
    pub color: bool,
    /// After acknowledging (or pausing) on the board the cursor stays at
    /// its place, on the next escalation; false: it follows the answered
    /// or paused one down the board.
    pub ack_keeps_place: bool,
    /// `default`, `okabe-ito` (colour-blind safe), `high-contrast` or
    /// `monochrome`.
    pub theme: ThemeName,
    /// Which characters marks and borders are drawn with.
    pub glyphs: Glyphs,
    /// Clicks select and sort, the wheel scrolls; false leaves the mouse
    /// to the terminal (selecting text without holding Shift).
    pub mouse: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            color: true,
            ack_keeps_place: true,
            theme: ThemeName::Default,
            glyphs: Glyphs::Auto,
            mouse: true,
        }
    }
}

/// `[ui] glyphs`: Unicode marks and box drawing, or ASCII for terminals
/// whose font lacks them (the Linux console has no ✖ ✓ ⚑).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Glyphs {
    /// ASCII on TERM=linux or TERM=dumb, else Unicode.
    #[default]
    Auto,
    Unicode,
    Ascii,
}

impl Glyphs {
    /// Whether to draw in ASCII on a terminal named `term` ($TERM).
    pub fn ascii(self, term: Option<&str>) -> bool {
        match self {
            Glyphs::Ascii => true,
            Glyphs::Unicode => false,
            Glyphs::Auto => matches!(term, Some("linux" | "dumb")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn theme_and_glyphs_are_read_and_checked() {
        let c = Config::parse("[ui]\ntheme = \"okabe-ito\"\nglyphs = \"ascii\"\n").unwrap();
        assert_eq!(c.ui.theme, ThemeName::OkabeIto);
        assert_eq!(c.theme(None), ThemeName::OkabeIto);
        assert_eq!(
            c.theme(Some(std::ffi::OsStr::new("1"))),
            ThemeName::Monochrome
        );
        assert!(c.ui.glyphs.ascii(Some("xterm-256color")));
        for t in ["default", "high-contrast", "monochrome"] {
            assert!(
                Config::parse(&format!("[ui]\ntheme = \"{t}\"\n")).is_ok(),
                "{t}"
            );
        }
        let err = Config::parse("[ui]\n\ntheme = \"solarized\"\n").unwrap_err();
        assert!(err.contains("line 3") && err.contains("okabe-ito"), "{err}");
        let auto = Glyphs::Auto;
        assert!(auto.ascii(Some("linux")) && auto.ascii(Some("dumb")));
        assert!(!auto.ascii(Some("xterm")) && !auto.ascii(None));
        assert!(!Glyphs::Unicode.ascii(Some("linux")));
    }
}
