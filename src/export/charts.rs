//! The Ticket List's month as two SVG charts beside the Markdown: SLA
//! attainment per severity against the target, and the median first
//! response per severity against its own target. Drawn with plotters'
//! SVG backend (no system libraries, no fonts: text is SVG text). Every
//! bar carries its value as text, so a chart printed in grey reads the
//! same; the customer's name is made inert before plotters escapes it
//! for XML.

use plotters::prelude::*;

use crate::domain::Severity;
use crate::domain::trends::{PeriodTrend, duration_text, percent_text};
use crate::text::inert;

const SIZE: (u32, u32) = (720, 400);
const BAR: RGBColor = RGBColor(0x3b, 0x6e, 0xa8);
const LATE: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
const INK: RGBColor = RGBColor(0x33, 0x33, 0x33);

/// One chart: the file's name suffix, what it shows, its SVG text.
pub struct Chart {
    pub suffix: &'static str,
    pub title: String,
    pub svg: String,
}

/// Both charts of a customer's period.
pub fn month_charts(p: &PeriodTrend, customer: &str, target: f64) -> Result<Vec<Chart>, String> {
    let who = inert(customer);
    let attainment_title = format!(
        "Response SLA attainment per severity, {who}, {} (target {target}%)",
        p.label
    );
    let response_title = format!(
        "Median first response per severity against its target, {who}, {}",
        p.label
    );
    Ok(vec![
        Chart {
            suffix: "attainment",
            svg: attainment(p, &attainment_title, target).map_err(|e| e.to_string())?,
            title: attainment_title,
        },
        Chart {
            suffix: "response",
            svg: response(p, &response_title).map_err(|e| e.to_string())?,
            title: response_title,
        },
    ])
}

/// The Ticket List's "Charts" section: each chart as an image, its title
/// as the alt text (made safe for Markdown), its file name as the link
/// (every character but letters, digits, `.`, `_` and `-` encoded).
pub fn markdown_links(
    out: &mut dyn std::io::Write,
    charts: &[(String, String)],
) -> std::io::Result<()> {
    if charts.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(out, "## Charts")?;
    for (title, file) in charts {
        let link: String = file
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'_' | b'-' => {
                    char::from(b).to_string()
                }
                b => format!("%{b:02X}"),
            })
            .collect();
        writeln!(out)?;
        writeln!(out, "![{}]({link})", super::markdown::cell(title))?;
    }
    Ok(())
}

type Drawn = Result<String, Box<dyn std::error::Error>>;

/// Bars per severity on a 0..top scale, each with its label under it and
/// its value above, and a dashed line at `line` named `line_label`.
struct Bars<'a> {
    title: &'a str,
    y_desc: &'a str,
    top: f64,
    values: [Option<f64>; 5],
    texts: [String; 5],
    /// Over the line: drawn in the late colour and marked ✗.
    over_is_bad: bool,
    line: f64,
    line_label: String,
}

fn draw(b: &Bars) -> Drawn {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, SIZE).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(b.title, ("sans-serif", 16).into_font().color(&INK))
            .margin(16)
            .x_label_area_size(36)
            .y_label_area_size(56)
            .build_cartesian_2d(-0.5f64..5.4f64, 0f64..b.top)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_desc(b.y_desc)
            .y_label_formatter(&|v| format!("{v:.0}%"))
            .draw()?;
        for (i, s) in Severity::ALL.iter().enumerate() {
            let x = i as f64;
            let bad = b.values[i].is_some_and(|v| (v > b.line) == b.over_is_bad && v != b.line);
            if let Some(v) = b.values[i] {
                let colour = if bad { LATE } else { BAR };
                chart.draw_series([Rectangle::new(
                    [(x - 0.3, 0.0), (x + 0.3, v.min(b.top))],
                    colour.filled(),
                )])?;
            }
            let mark = if bad { " ✗" } else { "" };
            let above = b.values[i].unwrap_or(0.0).min(b.top) + b.top * 0.02;
            chart.draw_series([Text::new(
                format!("{}{mark}", b.texts[i]),
                (x - 0.3, above + b.top * 0.04),
                ("sans-serif", 13).into_font().color(&INK),
            )])?;
            chart.draw_series([Text::new(
                s.to_string(),
                (x - 0.08, -b.top * 0.04),
                ("sans-serif", 14).into_font().color(&INK),
            )])?;
        }
        chart.draw_series(DashedLineSeries::new(
            [(-0.5, b.line), (5.4, b.line)],
            6,
            4,
            INK.stroke_width(1),
        ))?;
        // The line's key in a margin of its own, right of the bars, where
        // no bar's value can be.
        chart.draw_series([Text::new(
            format!("- - - {}", b.line_label),
            (4.45, b.line + b.top * 0.035),
            ("sans-serif", 12).into_font().color(&INK),
        )])?;
        root.present()?;
    }
    Ok(svg)
}

fn attainment(p: &PeriodTrend, title: &str, target: f64) -> Drawn {
    let values: [Option<f64>; 5] = std::array::from_fn(|i| p.severity[i].attainment);
    draw(&Bars {
        title,
        y_desc: "responses within the SLA",
        top: 110.0,
        values,
        texts: std::array::from_fn(|i| {
            let c = &p.severity[i];
            format!("{} of {}", percent_text(c.attainment), c.met + c.breached)
        }),
        over_is_bad: false,
        line: target,
        line_label: format!("target {target}%"),
    })
}

/// The median as a share of the severity's target, so 15 minutes and 16
/// hours stand on one scale: 100 % is the target.
fn response(p: &PeriodTrend, title: &str) -> Drawn {
    let share = |i: usize| {
        let target = Severity::ALL[i].response_target().num_seconds() as f64;
        p.severity[i]
            .median_response_secs
            .map(|m| m as f64 * 100.0 / target)
    };
    let values: [Option<f64>; 5] = std::array::from_fn(share);
    let top = values.iter().flatten().fold(150.0f64, |a, v| a.max(*v)) * 1.15;
    draw(&Bars {
        title,
        y_desc: "median first response, % of target",
        top,
        values,
        texts: std::array::from_fn(|i| {
            let target = duration_text(Severity::ALL[i].response_target().num_seconds());
            match p.severity[i].median_response_secs {
                Some(m) => format!("{} of {target}", duration_text(m)),
                None => format!("— of {target}"),
            }
        }),
        over_is_bad: true,
        line: 100.0,
        line_label: "target".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::trends::{Cell, PeriodTrend};
    use chrono::{TimeZone, Utc};

    /// A text element of exactly `s` (plotters writes each on its line).
    fn has_text(svg: &str, s: &str) -> bool {
        svg.contains(&format!(">\n{s}\n</text>"))
    }

    fn month() -> PeriodTrend {
        let at = Utc.with_ymd_and_hms(2026, 10, 31, 16, 0, 0).unwrap();
        let cell = |met, breached, median| Cell {
            opened: met + breached,
            answered: met + breached,
            met,
            breached,
            median_response_secs: median,
            attainment: (met + breached > 0)
                .then(|| f64::from(met) * 100.0 / f64::from(met + breached)),
        };
        PeriodTrend {
            start: at,
            end: at + chrono::Duration::days(30),
            label: "2026-11".into(),
            all: cell(7, 2, Some(900)),
            severity: [
                cell(1, 1, Some(1200)),
                cell(3, 0, Some(600)),
                cell(3, 1, Some(3600)),
                cell(0, 0, None),
                cell(0, 0, None),
            ],
        }
    }

    /// The structure a reader needs: the axes, a bar per severity with a
    /// value, the target line and its label, and the title.
    #[test]
    fn the_attainment_chart_has_axes_bars_labels_and_the_target() {
        let charts = month_charts(&month(), "Acme", 95.0).unwrap();
        let svg = &charts[0].svg;
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("Response SLA attainment per severity, Acme, 2026-11 (target 95%)"));
        for s in ["S1", "S2", "S3", "S4", "S5"] {
            assert!(has_text(svg, s), "{s} label");
        }
        // S1: one met of two, below target; S2: all three met.
        assert!(has_text(svg, "50.0% of 2 ✗"), "{svg}");
        assert!(has_text(svg, "100.0% of 3"), "{svg}");
        assert!(has_text(svg, "— of 0"), "nothing judged reads as a dash");
        assert!(has_text(svg, "- - - target 95%"));
        assert!(
            has_text(svg, "100%") && has_text(svg, "0%"),
            "the y axis's ticks"
        );
        assert!(
            svg.contains("responses within the SLA"),
            "the y axis says what"
        );
        // Three bars drawn (S4 and S5 have none), on a white background.
        assert_eq!(svg.matches("<rect").count() - 1, 3, "{svg}");
        assert!(svg.contains("stroke-dasharray") || svg.matches("<polyline").count() > 1);
    }

    #[test]
    fn the_response_chart_is_against_each_severitys_target() {
        let charts = month_charts(&month(), "Acme", 95.0).unwrap();
        let svg = &charts[1].svg;
        assert_eq!(charts[1].suffix, "response");
        // S1: 20 of 15 minutes is over; S3: 1 hour of 3 is within.
        assert!(has_text(svg, "20m of 15m ✗"), "{svg}");
        assert!(has_text(svg, "1h00m of 3h00m"), "{svg}");
        assert!(has_text(svg, "— of 8h00m"));
        assert!(has_text(svg, "- - - target"));
    }

    #[test]
    fn a_hostile_name_is_inert_in_the_svg() {
        let name = "<script>alert(1)</script>\u{1b}[2J\u{202e}x & \"q\"";
        for chart in month_charts(&month(), name, 95.0).unwrap() {
            let svg = chart.svg;
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains('\u{1b}') && !svg.contains('\u{202e}'));
            assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J\\u{202e}x &amp;"));
        }
    }
}
