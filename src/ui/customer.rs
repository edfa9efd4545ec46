//! A customer in full: contact and desk project owner, quotas and their
//! use this month, deliverables and their acceptance, subscriptions, chat
//! groups and packages.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::clock_cells::{Clock, ClockCells};
use super::theme::Theme;
use crate::app::Model;
use crate::app::customer::state::CustomerState;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS};
use crate::domain::desk_time;
use crate::store::CustomerDetail;
use crate::text::inert;

pub fn render(
    f: &mut Frame,
    area: Rect,
    c: &CustomerState,
    m: &Model,
    theme: &Theme,
    clocks: &mut ClockCells,
) {
    // Nothing here counts down; what is current or expired is read
    // against the desk's date, and a new day draws the view whole.
    clocks.whole(Clock::Today, &Span::raw(today(m)));
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            format!(" Customer {} ", inert(&c.name)),
            theme.title,
        ));
    let scroll = c.scroll.min(max_scroll(c, m));
    f.render_widget(content(c, m, theme).block(block).scroll((scroll, 0)), area);
}

/// The desk's date, against which quotas, packages and groups are read.
pub fn today(m: &Model) -> String {
    m.now.with_timezone(&m.tz).date_naive().to_string()
}

/// How far the customer view can scroll at the terminal's size.
pub fn max_scroll(c: &CustomerState, m: &Model) -> u16 {
    let rows = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1);
    let lines = content(c, m, &Theme::new(false)).line_count(m.width);
    (lines as u16).saturating_sub(rows)
}

fn content<'a>(c: &'a CustomerState, m: &Model, theme: &Theme) -> Paragraph<'a> {
    let lines = match (&c.loaded, &c.error) {
        (_, Some(e)) => vec![Line::styled(format!(" {}", inert(e)), theme.error)],
        (Some(d), None) => lines(d, m, theme),
        (None, None) => vec![Line::styled(" Loading…", theme.dim)],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

fn section<'a>(title: &str, theme: &Theme) -> [Line<'a>; 2] {
    [
        Line::raw(""),
        Line::styled(format!(" {title}"), theme.label),
    ]
}

/// The desk's project owner, with an announced change if there is one.
fn owner_line<'a>(d: &CustomerDetail, theme: &Theme) -> Line<'a> {
    let mut spans = vec![
        Span::styled(" desk owner     ", theme.label),
        match &d.project_owner {
            Some(t) => Span::raw(inert(&t.owner).into_owned()),
            None => Span::styled("none recorded", theme.dim),
        },
    ];
    if let Some(t) = &d.owner_change {
        spans.push(Span::styled(
            format!(
                "  → {} from {} (announced {})",
                inert(&t.owner),
                t.effective_on,
                t.announced_on
            ),
            theme.info,
        ));
    }
    Line::from(spans)
}

fn lines<'a>(d: &CustomerDetail, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let today = m.now.with_timezone(&m.tz).date_naive();
    let c = &d.customer;
    let mut out = vec![
        Line::styled(format!(" {} ({})", inert(&c.name), c.kind), theme.title),
        Line::from(vec![
            Span::styled(" contact        ", theme.label),
            Span::raw(inert(c.owner.as_deref().unwrap_or("-")).into_owned()),
        ]),
        owner_line(d, theme),
        Line::from(vec![
            Span::styled(" subscription   ", theme.label),
            match d.active_subscription {
                Some(id) => Span::raw(format!(
                    "#{id} active · {} left · {} consecutive",
                    crate::text::plural(d.months_left as usize, "month", "months"),
                    d.consecutive_months
                )),
                None => Span::styled("none active", theme.error),
            },
        ]),
    ];
    out.extend(section("Quotas this month", theme));
    if d.active_subscription.is_none() {
        out.push(Line::styled(
            "   none: no active subscription today, so escalations are refused",
            theme.error,
        ));
    }
    for q in d.quotas.iter().filter(|_| d.active_subscription.is_some()) {
        let packages = if q.package_total > 0 {
            format!(", {} of them from packages", q.package_total)
        } else {
            String::new()
        };
        out.push(Line::raw(format!(
            "   {:<32} {} used of {}{packages}; {} left",
            q.kind.label(),
            q.used(),
            q.total(),
            q.left()
        )));
    }
    out.extend(section(&format!("Used this month ({} time)", m.tz), theme));
    if d.uses_this_month.is_empty() {
        out.push(Line::styled("   (none)", theme.dim));
    }
    for u in &d.uses_this_month {
        let source = u
            .package_id
            .map_or("plan".to_string(), |id| format!("package #{id}"));
        let back = if u.returned_at.is_some() {
            "  given back"
        } else {
            ""
        };
        out.push(Line::raw(format!(
            "   {}  {:<6} #{:<6} {:<14} {:<10}  {}{back}",
            desk_time::short(u.used_at, m.tz),
            u.quota,
            u.escalation_id,
            inert(&u.ticket_no),
            source,
            inert(&u.title),
        )));
    }
    out.extend(section("Deliverables", theme));
    if d.deliverables.is_empty() {
        out.push(Line::styled(
            "   (no month of service completed yet)",
            theme.dim,
        ));
    }
    for s in &d.deliverables {
        let state = match &s.acceptance {
            Some(a) => Span::styled(
                format!(
                    "accepted by {} on {}",
                    inert(&a.accepted_by),
                    desk_time::day(a.accepted_at, m.tz)
                ),
                theme.met,
            ),
            None => Span::styled("not accepted", theme.dim),
        };
        let mut line = vec![
            Span::raw(format!(
                "   {:<8} {:<30} {:>4} row(s)  ",
                s.period.to_string(),
                s.kind.title().trim_start_matches("Customer Service "),
                s.items
            )),
            state,
        ];
        if s.changed_since_acceptance {
            line.push(Span::styled("  ✗ changed since", theme.error));
        }
        out.push(Line::from(line));
    }
    out.extend(section("Subscriptions", theme));
    for s in &d.subscriptions {
        let active = if Some(s.id) == d.active_subscription {
            "  active"
        } else {
            ""
        };
        out.push(Line::raw(format!(
            "   #{:<4} {} to {}  {:>2} {}  applied {}{active}",
            s.id,
            s.start_on,
            s.end_on,
            s.months,
            if s.months == 1 { "month " } else { "months" },
            s.applied_on
        )));
    }
    out.extend(section("Chat groups", theme));
    for g in &d.chat_groups {
        let state = match g.dismissed_on {
            Some(day) => Span::styled(format!("dismissed {day}"), theme.dim),
            None if g.created_on > today => Span::raw(format!("opens {}", g.created_on)),
            None => Span::styled("active", theme.met),
        };
        out.push(Line::from(vec![
            Span::raw(format!(
                "   #{:<4} {:<7} created {}  ",
                g.id,
                g.platform.label(),
                g.created_on
            )),
            state,
            Span::styled(
                format!(
                    "  {}",
                    inert(
                        &g.webhook
                            .as_deref()
                            .map_or("(no robot)".into(), crate::domain::masking::masked_url)
                    )
                ),
                theme.dim,
            ),
        ]));
    }
    out.extend(section("Packages", theme));
    if d.packages.is_empty() {
        out.push(Line::styled("   (none)", theme.dim));
    }
    for p in &d.packages {
        let state = p.expired(today).map_or_else(
            || format!("until {}", p.term_end),
            |why| format!("expired: {why}"),
        );
        out.push(Line::raw(format!(
            "   #{:<4} {:<32} bought {}  {} of {} left  {state}",
            p.id,
            p.kind.label(),
            p.bought_on,
            p.left(),
            p.units
        )));
    }
    out
}
