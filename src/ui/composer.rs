//! The notice composer: the form (each field with what is wrong with it
//! beside it), the audience it reaches, and the preview (`ui::preview`).
//! Wide terminals show all three; narrow ones the part that has the
//! keyboard, under a strip naming the parts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Theme;
use super::overlay::wrap_words;
use super::pipeline::fit;
use crate::app::Model;
use crate::app::composer::audience::unreachable_text;
use crate::app::composer::fields::ImpactField;
use crate::app::composer::state::{CHANNELS, ComposerFocus, ComposerState, FieldId};
use crate::domain::notice::{Channel, SubjectKind};
use crate::text::inert;

/// From this width (and height) the form, audience and preview share the screen.
pub const WIDE: u16 = 120;
const WIDE_HEIGHT: u16 = 28;
/// The label column: marker, name, gap.
const LABEL: usize = 15;

pub fn render(f: &mut Frame, area: Rect, c: &ComposerState, m: &Model, theme: &Theme) {
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    f.render_widget(Paragraph::new(title(c, m, theme)), top);
    if area.width >= WIDE && area.height >= WIDE_HEIGHT {
        let form_width = body.width * 3 / 5;
        let lines = form_lines(c, form_width.saturating_sub(2), theme).lines;
        let top_h = (lines.len() as u16 + 2).clamp(8, body.height * 3 / 5);
        let [upper, lower] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Length(form_width), Constraint::Min(0)]).areas(upper);
        form(f, left, c, theme);
        audience(f, right, c, theme);
        super::preview::render(f, lower, c, theme);
    } else {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        f.render_widget(Paragraph::new(strip(c, theme)), tabs);
        match c.focus {
            ComposerFocus::Field(_) => form(f, pane, c, theme),
            ComposerFocus::Audience => audience(f, pane, c, theme),
            ComposerFocus::Preview => super::preview::render(f, pane, c, theme),
        }
    }
}

/// ` Compose · new incident · draft saved 10:02:13`
fn title<'a>(c: &ComposerState, m: &Model, theme: &Theme) -> Line<'a> {
    let what = match (&c.base, c.subject) {
        (None, SubjectKind::Incident) => "Compose · new incident".to_string(),
        (None, SubjectKind::Change) => "Compose · new platform change".to_string(),
        (Some(_), _) => format!("Compose · notice about {}", c.reference()),
    };
    let mut spans = vec![Span::styled(format!(" {what} "), theme.title)];
    match (&c.draft.error, c.draft.saved_at) {
        (Some(e), _) => spans.push(Span::styled(
            format!("· draft NOT saved: {}", inert(e)),
            theme.error,
        )),
        (None, Some(at)) => spans.push(Span::styled(
            format!(
                "· draft saved {}",
                crate::domain::desk_time::clock(at, m.tz)
            ),
            theme.dim,
        )),
        (None, None) if c.draft.id.is_some() => {
            spans.push(Span::styled("· from a draft", theme.dim))
        }
        (None, None) => spans.push(Span::styled("· every edit is kept as a draft", theme.dim)),
    }
    Line::from(spans)
}

/// ` Form │ Audience 3/4 │ Preview ` with the part that has the keyboard lit.
fn strip<'a>(c: &ComposerState, theme: &Theme) -> Line<'a> {
    let included = c.audience.included().len();
    let listed = c.audience.members().len();
    let parts = [
        (
            matches!(c.focus, ComposerFocus::Field(_)),
            "Form".to_string(),
        ),
        (
            c.focus == ComposerFocus::Audience,
            format!("Audience {included}/{listed}"),
        ),
        (c.focus == ComposerFocus::Preview, "Preview".to_string()),
    ];
    let mut spans = vec![Span::raw(" ")];
    for (i, (on, name)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", theme.dim));
        }
        spans.push(Span::styled(name, if on { theme.key } else { theme.dim }));
    }
    spans.push(Span::styled("   Tab moves on", theme.dim));
    Line::from(spans)
}

pub(super) fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.key } else { theme.border })
        .title(Span::styled(title, theme.title))
}

/// What an empty field is for.
fn hint(c: &ComposerState, f: FieldId) -> &'static str {
    match (f, c.subject) {
        (FieldId::Title, SubjectKind::Incident) => "what happened, as customers will read it",
        (FieldId::Title, SubjectKind::Change) => "what changes, as customers will read it",
        (FieldId::Services, _) => "ECS, RDS … (who is affected follows)",
        (FieldId::Regions, _) => "cn-north-4, … (empty: every region)",
        (FieldId::Guidance, SubjectKind::Incident) => "fix, patch, isolation, data restoration",
        (FieldId::Guidance, SubjectKind::Change) => {
            "config changes, backup plans, resource expansion"
        }
        (FieldId::NextUpdate, _) => "+2h, or 2026-11-23 14:00 (desk time)",
        (FieldId::WindowStart, _) => "2026-11-23 02:00, or +1d",
        (FieldId::WindowEnd, _) => "2026-11-23 04:00, or +26h",
        (FieldId::Message, _) => "a line for this notice only (optional)",
        _ => "",
    }
}

/// How the focused non-text field is worked.
fn keys_note(f: FieldId, fixed: bool) -> &'static str {
    match f {
        FieldId::Kind if fixed => "fixed once opened",
        FieldId::Kind | FieldId::Level | FieldId::Stage => "←/→ or type",
        FieldId::Channels => "←/→ Space, or e c s",
        FieldId::Impact => "←/→ Space, or a p d s",
        _ => "",
    }
}

/// The form as drawn: its lines, the cursor (column, line) when a text
/// field has the keyboard, and the lines the focused field takes (its
/// error included).
struct FormLines<'a> {
    lines: Vec<Line<'a>>,
    cursor: Option<(u16, u16)>,
    focus: (u16, u16),
}

fn form_lines<'a>(c: &ComposerState, width: u16, theme: &Theme) -> FormLines<'a> {
    let width = width as usize;
    let mut lines = Vec::new();
    let mut cursor = None;
    let mut focus = (0, 0);
    let mut extra: Vec<Vec<Span>> = Vec::new();
    if let Some(e) = &c.refused {
        for part in wrap_words(
            &format!("✗ not queued: {}", inert(e)),
            width.saturating_sub(1),
        ) {
            lines.push(Line::styled(format!(" {part}"), theme.error));
        }
    }
    for f in c.shown_fields() {
        let focused = c.focus == ComposerFocus::Field(f);
        let first = lines.len() as u16;
        let fixed = f == FieldId::Kind && !c.is_new();
        let label = format!(
            " {} {:<w$}",
            if focused { "▶" } else { " " },
            f.label(),
            w = LABEL - 3
        );
        let mut spans = vec![Span::styled(
            label,
            if focused { theme.key } else { theme.label },
        )];
        let room = width.saturating_sub(LABEL + 1);
        match c.input(f) {
            Some(input) => {
                let scroll = input.visual_scroll(room);
                let shown: String = inert(input.value()).chars().skip(scroll).collect();
                let shown = fit(&shown, room);
                let used = Span::raw(shown.as_str()).width();
                spans.push(Span::raw(shown));
                if input.value().is_empty() {
                    spans.push(Span::styled(fit(hint(c, f), room), theme.dim));
                } else if let Some(note) = c.notes.get(&f) {
                    let left = room.saturating_sub(used + 2);
                    if left > 8 {
                        spans.push(Span::styled(format!("  {}", fit(note, left)), theme.dim));
                    }
                }
                if focused {
                    let x = LABEL + input.visual_cursor().saturating_sub(scroll);
                    cursor = Some((x as u16, lines.len() as u16));
                }
            }
            None => {
                let mut rows = widget(c, f, focused, fixed, room, theme).into_iter();
                spans.extend(rows.next().unwrap_or_default());
                extra.extend(rows);
            }
        }
        lines.push(Line::from(spans));
        for row in extra.drain(..) {
            let mut spans = vec![Span::raw(" ".repeat(LABEL))];
            spans.extend(row);
            lines.push(Line::from(spans));
        }
        if let Some(e) = c.shown_error(f) {
            for part in wrap_words(&format!("✗ {}", inert(e)), width.saturating_sub(LABEL)) {
                lines.push(Line::styled(format!("{:LABEL$}{part}", ""), theme.error));
            }
        }
        if focused {
            focus = (first, lines.len() as u16);
        }
    }
    FormLines {
        lines,
        cursor,
        focus,
    }
}

/// A choice or a row of toggles, as the form shows it: one line, or two
/// when the impact's SLA answer does not fit beside its effects.
fn widget<'a>(
    c: &ComposerState,
    f: FieldId,
    focused: bool,
    fixed: bool,
    room: usize,
    theme: &Theme,
) -> Vec<Vec<Span<'a>>> {
    let mut out = Vec::new();
    let mut second = Vec::new();
    let item = |on: bool, name: &str, here: bool| {
        let style = if here && focused {
            theme.selected
        } else {
            Style::new()
        };
        Span::styled(format!("[{}] {name}", if on { "x" } else { " " }), style)
    };
    match f {
        FieldId::Kind | FieldId::Level | FieldId::Stage => {
            let label = c.choice_label(f);
            if focused && !fixed {
                out.push(Span::styled("◂ ", theme.key));
                out.push(Span::raw(label.clone()));
                out.push(Span::styled(" ▸", theme.key));
            } else {
                out.push(Span::raw(label.clone()));
            }
            let mut note = String::new();
            if f == FieldId::Stage
                && let Some(n) = c.notes.get(&f)
            {
                // The note starts with the stage's label, shown already.
                note = n
                    .strip_prefix(&label)
                    .unwrap_or(n)
                    .trim_start_matches(';')
                    .trim()
                    .to_string();
            }
            if focused || fixed {
                let k = keys_note(f, fixed);
                note = if note.is_empty() {
                    k.to_string()
                } else {
                    format!("{note} · {k}")
                };
            }
            let used = label.chars().count() + if focused && !fixed { 4 } else { 0 };
            let left = room.saturating_sub(used + 2);
            if !note.is_empty() && left > 8 {
                out.push(Span::styled(format!("  {}", fit(&note, left)), theme.dim));
            }
        }
        FieldId::Channels => {
            for (i, ch) in CHANNELS.iter().enumerate() {
                if i > 0 {
                    out.push(Span::raw("  "));
                }
                out.push(item(c.channels.on[i], ch.as_str(), c.channels.cursor == i));
            }
            if focused {
                out.push(Span::styled(
                    format!("  {}", keys_note(f, false)),
                    theme.dim,
                ));
            }
        }
        FieldId::Impact => {
            let imp = &c.impact;
            for (i, name) in ["availability", "performance", "data access"]
                .iter()
                .enumerate()
            {
                out.push(item(imp.effects[i], name, imp.cursor == i));
                out.push(Span::raw(" "));
            }
            let sla = match imp.within_sla {
                None => "SLA ?",
                Some(true) => "within SLA",
                Some(false) => "outside SLA",
            };
            let here = focused && imp.cursor == ImpactField::ITEMS - 1;
            // The effects take 48 columns; the answer goes below if need be.
            let line = if room >= 48 + 2 + 13 {
                &mut out
            } else {
                &mut second
            };
            line.push(Span::styled(
                format!("‹{sla}›"),
                if here {
                    theme.selected
                } else if imp.within_sla == Some(false) {
                    theme.error
                } else {
                    Style::new()
                },
            ));
            if imp.within_sla.is_none() && !imp.effects.iter().any(|e| *e) && room > 72 {
                out.push(Span::styled("  not evaluated", theme.dim));
            }
        }
        _ => {}
    }
    if second.is_empty() {
        vec![out]
    } else {
        vec![out, second]
    }
}

fn form(f: &mut Frame, area: Rect, c: &ComposerState, theme: &Theme) {
    let focused = matches!(c.focus, ComposerFocus::Field(_));
    let block = pane_block(format!(" {} ", form_title(c)), focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let FormLines {
        lines,
        cursor,
        focus: (first, end),
    } = form_lines(c, inner.width, theme);
    // Keep the focused field and its error in view, its first line first.
    let scroll = end.saturating_sub(inner.height).min(first);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if let Some((x, y)) = cursor
        && y >= scroll
        && y - scroll < inner.height
    {
        let x = (inner.x + x).min(inner.right().saturating_sub(1));
        f.set_cursor_position(Position::new(x, inner.y + y - scroll));
    }
}

fn form_title(c: &ComposerState) -> String {
    match &c.base {
        None => format!("New {}", c.subject),
        Some(r) => format!("{} · {}", c.reference(), r.state()),
    }
}

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

fn audience(f: &mut Frame, area: Rect, c: &ComposerState, theme: &Theme) {
    let a = &c.audience;
    let reach = a.reach(&c.channel_values());
    let title = format!(
        " Audience · {} of {} customers · {} deliveries ",
        reach.customers,
        a.members().len(),
        reach.total()
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
