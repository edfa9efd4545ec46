//! The composer's preview: the notice as the selected customer will read
//! it, by email, in the chat group (WeCom or WeLink, as its group is) and
//! by SMS with its length and segments, side by side when there is room.
//! The store worker rendered it; this only lays it out.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Padding, Paragraph, Wrap};

use crate::app::composer::state::{ComposerFocus, ComposerState, NO_CUSTOMER};
use crate::app::keymap::COMPOSER;
use crate::app::keys::Keymap;
use crate::domain::sms::SmsEncoding;
use crate::text::{inert, inert_lines};
use crate::ui::theme::Theme;
use crate::ui::widgets::pane_block;

pub(super) fn render(f: &mut Frame, area: Rect, c: &ComposerState, keys: &Keymap, theme: &Theme) {
    let who = match &c.preview.shown {
        Some(Ok(p)) if p.customer == NO_CUSTOMER => " (no customer in the audience yet)".into(),
        Some(Ok(p)) => format!(" for {}", inert(&p.customer)),
        _ => String::new(),
    };
    let block = pane_block(
        // The customer's name stays out of the template: it is text.
        format!(
            " Preview{who}{}",
            keys.prose(
                COMPOSER,
                " · {up}/{down} another customer · {page_up}/{page_down} scroll "
            )
        ),
        c.focus == ComposerFocus::Preview,
        theme,
    );
    let inner = block.inner(area);
    f.render_widget(block, area);
    let p = match &c.preview.shown {
        None => {
            f.render_widget(
                Paragraph::new(Line::styled(" Rendering…", theme.dim)),
                inner,
            );
            return;
        }
        Some(Err(e)) => {
            let mut lines = vec![Line::styled(
                " The templates cannot render this notice:",
                theme.error,
            )];
            for l in inert_lines(e) {
                lines.push(Line::styled(format!("   {l}"), theme.error));
            }
            lines.push(Line::styled(
                " Customers' copies are rendered the same way: fix the templates (sredesk templates check) or the fields.",
                theme.dim,
            ));
            f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
            return;
        }
        Some(Ok(p)) => p,
    };
    let mut email = vec![Line::from(vec![
        Span::styled("Subject: ", theme.label),
        Span::raw(inert(&p.email_subject).into_owned()),
    ])];
    email.push(Line::raw(""));
    email.extend(inert_lines(&p.email_body).into_iter().map(Line::raw));
    let chat_title = format!(
        "Chat · {}{}",
        match p.chat_platform {
            crate::domain::notice::ChatPlatform::WeCom => "WeCom",
            crate::domain::notice::ChatPlatform::WeLink => "WeLink",
        },
        if p.chat_contact {
            ""
        } else {
            " (no group on file)"
        }
    );
    let chat: Vec<Line> = inert_lines(&p.chat_body)
        .into_iter()
        .map(Line::raw)
        .collect();
    let encoding = match p.sms.encoding {
        SmsEncoding::Gsm7 => "GSM-7",
        SmsEncoding::Ucs2 => "UCS-2",
    };
    let sms_title = format!(
        "SMS · {} chars · {} segment{}",
        p.sms.chars,
        p.sms.segments,
        if p.sms.segments == 1 { "" } else { "s" }
    );
    let sms_style = if p.sms.segments > 1 {
        theme.urgency(crate::domain::sla::Urgency::Warning)
    } else {
        theme.label
    };
    let mut sms = vec![Line::styled(format!("{encoding} encoding"), theme.dim)];
    sms.extend(inert_lines(&p.sms_text).into_iter().map(Line::raw));
    let scroll = (c.preview.scroll, 0);
    if inner.width >= 90 {
        let cols = Layout::horizontal([
            Constraint::Ratio(3, 8),
            Constraint::Ratio(3, 8),
            Constraint::Ratio(2, 8),
        ])
        .split(inner);
        let parts = [
            ("Email".to_string(), theme.label, email),
            (chat_title, theme.label, chat),
            (sms_title, sms_style, sms),
        ];
        for (i, (title, style, lines)) in parts.into_iter().enumerate() {
            let block = Block::default()
                .borders(if i == 0 { Borders::NONE } else { Borders::LEFT })
                .border_style(theme.border)
                .padding(Padding::horizontal(1))
                .title(Span::styled(format!(" {title} "), style));
            f.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .scroll(scroll)
                    .block(block),
                cols[i],
            );
        }
    } else {
        let mut lines = vec![Line::styled("Email", theme.label)];
        lines.extend(email);
        lines.push(Line::raw(""));
        lines.push(Line::styled(chat_title, theme.label));
        lines.extend(chat);
        lines.push(Line::raw(""));
        lines.push(Line::styled(sms_title, sms_style));
        lines.extend(sms);
        f.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll(scroll)
                .block(Block::default().padding(Padding::horizontal(1))),
            inner,
        );
    }
}
