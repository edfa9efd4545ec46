//! The composer's audience: who the notice reaches, how, and who it
//! misses.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::composer::audience::CHANNELS;
use crate::app::composer::audience::unreachable_text;
use crate::app::composer::state::{ComposerFocus, ComposerState, FieldId};
use crate::domain::notice::Channel;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{fit, pane_block, wrap_words};

/// A member's reach on the chosen channels: `email 2  chat WeCom  no sms`.
fn reach_spans<'a>(
    m: &crate::store::AudienceMember,
    channels: &[Channel],
    on: bool,
    theme: &Theme,
) -> Vec<Span<'a>> {
    let mut out = Vec::new();
    for ch in CHANNELS.iter().filter(|ch| channels.contains(ch)) {
        let contacts: Vec<_> = m.contacts.iter().filter(|x| x.channel == *ch).collect();
        let text = match (contacts.len(), ch) {
            (0, _) => format!("no {ch}"),
            (_, Channel::Chat) => match contacts[0].platform {
                Some(p) => format!("chat {p}"),
                None => "chat".into(),
            },
            (n, _) => format!("{ch} {n}"),
        };
        let style = match (contacts.is_empty(), on) {
            (true, true) => theme.error,
            (_, false) => theme.dim,
            _ => Style::new(),
        };
        out.push(Span::raw("  "));
        out.push(Span::styled(text, style));
    }
    out
}

fn audience_lines<'a>(c: &ComposerState, width: usize, theme: &Theme) -> (Vec<Line<'a>>, usize) {
    let a = &c.audience;
    let channels = c.channel_values();
    let members = a.members();
    let mut lines = Vec::new();
    let mut selected_line = 0;
    if members.is_empty() {
        let unreadable =
            c.errors.contains_key(&FieldId::Services) || c.errors.contains_key(&FieldId::Regions);
        let text = if unreadable {
            "Fix the services or regions: who is affected is found from them."
        } else if c.services.value().trim().is_empty() && c.regions.value().trim().is_empty() {
            "Name services and/or regions: the customers whose inventory holds them are listed here."
        } else if a.loaded {
            "No customer's inventory holds these services in these regions."
        } else {
            "Reading the customers' inventories…"
        };
        for part in wrap_words(text, width.saturating_sub(1)) {
            lines.push(Line::styled(format!(" {part}"), theme.dim));
        }
        lines.push(Line::styled(" + adds a customer by name.", theme.dim));
    }
    // The name gives way to the reach (about 24 columns) on a narrow pane.
    let name_w = width.saturating_sub(6 + 24).clamp(10, 22);
    for (i, (mem, on)) in members.iter().enumerate() {
        let here = i == a.selected;
        if here {
            selected_line = lines.len();
        }
        let marker = if here && matches!(c.focus, ComposerFocus::Audience | ComposerFocus::Preview)
        {
            "▶"
        } else {
            " "
        };
        let mut name = inert(&mem.customer).into_owned();
        if a.is_added(mem) {
            name.push_str(" (added)");
        }
        let mut spans = vec![
            Span::raw(marker),
            Span::styled(
                format!("[{}] ", if *on { "x" } else { " " }),
                if *on { theme.key } else { theme.dim },
            ),
            Span::styled(
                format!("{:<name_w$}", fit(&name, name_w)),
                if *on { Style::new() } else { theme.dim },
            ),
        ];
        spans.extend(reach_spans(mem, &channels, *on, theme));
        let line = Line::from(spans);
        lines.push(if here && c.focus == ComposerFocus::Audience {
            line.style(theme.selected)
        } else {
            line
        });
    }
    for name in &a.pending {
        lines.push(Line::styled(
            format!("   looking up {}…", inert(name)),
            theme.dim,
        ));
    }
    if let Some(e) = &a.error {
        for part in wrap_words(&format!("✗ {}", inert(e)), width.saturating_sub(1)) {
            lines.push(Line::styled(format!(" {part}"), theme.error));
        }
    }
    if !members.is_empty() {
        let reach = a.reach(&channels);
        let counts: Vec<String> = CHANNELS
            .iter()
            .zip(reach.deliveries)
            .filter(|(ch, _)| channels.contains(ch))
            .map(|(ch, n)| format!("{ch} {n}"))
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled(" deliveries: ", theme.label),
            Span::raw(format!("{} = {}", counts.join(" · "), reach.total())),
        ]));
        if !reach.unreachable.is_empty() {
            let missed = unreachable_text(&reach.unreachable);
            for part in wrap_words(
                &format!("not reachable: {}", inert(&missed)),
                width.saturating_sub(1),
            ) {
                lines.push(Line::styled(format!(" {part}"), theme.error));
            }
        }
    }
    (lines, selected_line)
}

pub(super) fn render(f: &mut Frame, area: Rect, c: &ComposerState, theme: &Theme) {
    let a = &c.audience;
    let reach = a.reach(&c.channel_values());
    let title = format!(
        " Audience · {} of {} · {} ",
        reach.customers,
        crate::text::plural(a.members().len(), "customer", "customers"),
        crate::text::plural(reach.total(), "delivery", "deliveries")
    );
    let block = pane_block(title, c.focus == ComposerFocus::Audience, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (lines, at) = audience_lines(c, inner.width as usize, theme);
    let scroll = (at as u16 + 1).saturating_sub(inner.height);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if c.focus == ComposerFocus::Audience && inner.height > 0 {
        let keys = Line::styled(" Space in/out · + add · ↑/↓ choose ", theme.dim).right_aligned();
        f.render_widget(
            Paragraph::new(keys),
            Rect {
                y: area.bottom().saturating_sub(1),
                height: 1,
                ..area
            },
        );
    }
}
