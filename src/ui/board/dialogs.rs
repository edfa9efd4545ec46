//! The triage dialogs: confirm, severity, out-of-scope reason, the text a
//! step asks for (note, resolution, reason) and the hand-off.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::dialog::{HandOffForm, Overlay, TextForm, TextPurpose};
use crate::app::keymap::{Action as A, FORM, TEXT, label};
use crate::domain::{OutOfScopeReason, Severity, sla};
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{
    FORM_WIDTH, choice, field_lines, fit, form, frame, hint_line, key_line, popup, text_box,
    wrap_words, yes_no,
};

/// Rows the text of a note, resolution or reason gets on screen.
const TEXT_ROWS: u16 = 7;

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, theme: &Theme) {
    match o {
        Overlay::Confirm(c) => {
            let lines = vec![
                Line::raw(format!(" {}", inert(&c.question))),
                Line::styled(format!(" {}", inert(&c.target.title)), theme.dim),
                Line::raw(""),
                yes_no("yes", theme),
            ];
            popup(f, area, " Confirm ", lines, 64, theme);
        }
        Overlay::PickSeverity { target, cursor } => {
            let mut lines = vec![Line::raw(format!(
                " Re-grade {} (now {}); the deadline is recomputed:",
                inert(&target.label()),
                target.severity
            ))];
            lines.extend(severity_choices(*cursor, theme));
            popup(f, area, " Severity ", lines, 76, theme);
        }
        Overlay::PickReason { target, cursor } => {
            let mut lines = vec![Line::raw(format!(
                " Close {} as out of scope because:",
                inert(&target.label())
            ))];
            for (i, r) in OutOfScopeReason::ALL.iter().enumerate() {
                lines.push(choice(i, *cursor, r.label().to_string(), theme));
            }
            lines.push(hint_line(OutOfScopeReason::ALL.len(), theme));
            popup(f, area, " Out of scope ", lines, 64, theme);
        }
        Overlay::Text(t) => text_form(f, area, t, theme),
        Overlay::HandOff(h) => hand_off(f, area, h, theme),
        _ => {}
    }
}

/// A note, a resolution or a withdrawal's reason: several lines in a box,
/// with (for a note) whether the customer's Ticket List shows it.
fn text_form(f: &mut Frame, area: Rect, t: &TextForm, theme: &Theme) {
    let (title, question, verb) = t.purpose.words();
    let inner_w = FORM_WIDTH.min(area.width).saturating_sub(2) as usize;
    let mut head = vec![
        Line::from(vec![
            Span::raw(format!(" {question} ")),
            Span::styled(inert(&t.target.label()).into_owned(), theme.key),
        ]),
        Line::styled(
            format!(
                " {}",
                fit(&inert(&t.target.title), inner_w.saturating_sub(2))
            ),
            theme.dim,
        ),
    ];
    if t.purpose == TextPurpose::Resolve {
        head.push(Line::styled(
            " It is the Resolution column of the customer's Ticket List.",
            theme.dim,
        ));
    }
    if t.purpose == TextPurpose::Pause {
        head.push(Line::styled(
            " What are they to send or do? The time it waits does not count.",
            theme.dim,
        ));
    }
    let mut foot = Vec::new();
    if t.purpose == TextPurpose::CustomerUpdate {
        head.push(Line::styled(
            format!(
                " Goes to {}'s chat group, in the language it reads.",
                fit(&inert(&t.target.customer), inner_w.saturating_sub(45))
            ),
            theme.dim,
        ));
    }
    if t.purpose.has_toggle() {
        let mark = if t.marked { "[x]" } else { "[ ]" };
        foot.push(Line::from(vec![
            Span::styled(
                format!(" {} {mark} ", if t.on_toggle { "▶" } else { " " }),
                if t.on_toggle { theme.key } else { theme.label },
            ),
            Span::raw(t.purpose.toggle_text()),
            Span::styled(
                if t.on_toggle { "  (Space)" } else { "" }.to_string(),
                theme.dim,
            ),
        ]));
    }
    if t.purpose == TextPurpose::CustomerUpdate {
        foot.extend(update_preview(t, inner_w, theme));
    }
    let mut keys = vec![(label(TEXT, A::Submit), verb)];
    match t.purpose {
        TextPurpose::Note => keys.push((label(TEXT, A::NextField), "text / for the customer")),
        TextPurpose::CustomerUpdate => keys.push((label(TEXT, A::NextField), "text / email")),
        _ => {}
    }
    keys.push((label(TEXT, A::Back), "cancel"));
    foot.push(key_line(&keys, theme));
    let rows = head.len() + TEXT_ROWS as usize + foot.len();
    let (rect, block) = frame(f, area, title, rows, FORM_WIDTH, theme);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let [top, middle, bottom] = Layout::vertical([
        Constraint::Length(head.len() as u16),
        Constraint::Length(TEXT_ROWS),
        Constraint::Min(0),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(head), top);
    let what = match t.purpose {
        TextPurpose::Note => " note ",
        TextPurpose::Resolve => " resolution ",
        TextPurpose::Withdraw => " reason ",
        TextPurpose::CustomerUpdate => " update ",
        TextPurpose::Pause => " waiting for ",
        TextPurpose::Snooze => " snooze for ",
    };
    let [text_rect] = Layout::horizontal([Constraint::Min(0)])
        .horizontal_margin(1)
        .areas(middle);
    text_box(f, text_rect, &t.text, what, !t.on_toggle, theme);
    f.render_widget(Paragraph::new(foot), bottom);
}

/// Whom to hand off to (typed, or one of the engineers seen) and the note
/// they will find in the detail.
fn hand_off(f: &mut Frame, area: Rect, h: &HandOffForm, theme: &Theme) {
    let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
    let mut lines = vec![
        Line::from(vec![
            Span::raw(" Hand off "),
            Span::styled(inert(&h.target.label()).into_owned(), theme.key),
        ]),
        Line::styled(
            format!(
                " {}",
                fit(&inert(&h.target.title), (inner as usize).saturating_sub(2))
            ),
            theme.dim,
        ),
        Line::raw(""),
    ];
    let (name, name_x) = field_lines("to", &h.name, "a name", !h.on_note, inner, theme);
    let name_y = lines.len() as u16;
    lines.extend(name);
    // The engineers that match what is typed, a few at a time.
    let matching = h.matching();
    const SHOWN: usize = 5;
    let first = h.cursor.saturating_sub(SHOWN - 1);
    for (i, e) in matching.iter().enumerate().skip(first).take(SHOWN) {
        let here = i == h.cursor && !h.on_note;
        lines.push(Line::styled(
            format!("          {} {}", if here { "›" } else { " " }, inert(e)),
            if here { theme.key } else { theme.dim },
        ));
    }
    if matching.is_empty() {
        lines.push(Line::styled(
            if h.engineers.is_empty() {
                "          (nobody else seen yet: type the name)"
            } else {
                "          (nobody seen by that name: it is taken as typed)"
            },
            theme.dim,
        ));
    }
    lines.push(Line::raw(""));
    let (note, note_x) = field_lines(
        "note",
        &h.note,
        "for them, in the detail",
        h.on_note,
        inner,
        theme,
    );
    let note_y = lines.len() as u16;
    lines.extend(note);
    lines.push(Line::raw(""));
    lines.push(key_line(
        &[
            ("↑/↓", "pick"),
            (label(FORM, A::Submit), "take / hand off"),
            (label(FORM, A::NextField), "name / note"),
            (label(FORM, A::Back), "cancel"),
        ],
        theme,
    ));
    let cursor = match (name_x, note_x) {
        (Some(x), _) => Some((x, name_y)),
        (_, Some(x)) => Some((x, note_y)),
        _ => None,
    };
    form(f, area, " Hand off ", lines, cursor, theme);
}

/// The most of a preview the dialog shows; the rest is marked.
const PREVIEW_ROWS: usize = 6;

/// What the customer's chat group would read, as the templates render it
/// now, or why the update cannot go.
fn update_preview<'a>(t: &TextForm, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let room = width.saturating_sub(4);
    let (text, style) = match &t.preview {
        None => ("…".to_string(), theme.dim),
        Some(Ok(text)) => (text.clone(), theme.label),
        Some(Err(e)) => (format!("✖ it cannot go: {e}"), theme.error),
    };
    let mut lines: Vec<String> = text
        .lines()
        .flat_map(|l| wrap_words(&inert(l), room))
        .collect();
    if lines.len() > PREVIEW_ROWS {
        lines.truncate(PREVIEW_ROWS - 1);
        lines.push("…".into());
    }
    let mut out = vec![Line::styled(" The group will read:", theme.dim)];
    out.extend(
        lines
            .into_iter()
            .map(|l| Line::styled(format!("   {l}"), style)),
    );
    out
}

/// The desk's named views, numbered, the cursor on one.
pub fn render_views(
    f: &mut Frame,
    area: Rect,
    cursor: usize,
    views: &[(String, String)],
    theme: &Theme,
) {
    let mut lines = vec![Line::raw(" Filter the board by:")];
    for (i, (name, text)) in views.iter().enumerate() {
        lines.push(choice(
            i,
            cursor,
            format!("{:<22} {}", fit(&inert(name), 22), inert(text)),
            theme,
        ));
    }
    lines.push(hint_line(views.len(), theme));
    popup(f, area, " Views ", lines, 72, theme);
}

/// The columns to sort by; the one sorted by now carries its arrow, and
/// choosing it again reverses it.
pub fn render_sort(
    f: &mut Frame,
    area: Rect,
    cursor: usize,
    now: crate::domain::board_sort::BoardSort,
    theme: &Theme,
) {
    use crate::domain::board_sort::SortColumn;
    let mut lines = vec![Line::raw(" Sort the board by (the same again reverses):")];
    for (i, c) in SortColumn::ALL.iter().enumerate() {
        let arrow = if *c == now.column { now.arrow() } else { " " };
        lines.push(choice(
            i,
            cursor,
            format!("{arrow} {:<9} {}", c.word(), c.describe()),
            theme,
        ));
    }
    lines.push(hint_line(SortColumn::ALL.len(), theme));
    popup(f, area, " Sort ", lines, 72, theme);
}

/// The five severities to pick one from, with their meaning and target,
/// and the keys that pick.
pub fn severity_choices<'a>(cursor: usize, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines: Vec<Line> = Severity::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| {
            choice(
                i,
                cursor,
                format!(
                    "{s}  {:<36} respond within {}",
                    s.meaning(),
                    sla::format_span(s.response_target().num_seconds() as u64)
                ),
                theme,
            )
        })
        .collect();
    lines.push(hint_line(Severity::ALL.len(), theme));
    lines
}
