//! `sredesk templates ...`: the notice templates, written out to edit and
//! checked by rendering a sample.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, anyhow};
use clap::Subcommand;

use crate::desk::Desk;
use crate::domain::Language;
use crate::domain::sms;
use crate::notify::{sample_contexts, templates};
use crate::text::inert;

#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// Write the shipped templates into DIR to edit them (point
    /// notify.templates_dir at it); existing files are kept
    Init { dir: PathBuf },
    /// Check the templates in use and render a sample of each
    Check,
}

pub fn run(desk: &Desk, c: &TemplatesCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match c {
        TemplatesCommand::Init { dir } => {
            let written = templates::write_defaults(dir)
                .with_context(|| format!("writing templates into {}", dir.display()))?;
            for f in &written {
                writeln!(out, "wrote {}", f.display())?;
            }
            writeln!(
                out,
                "{} written; point notify.templates_dir at {} to use them",
                written.len(),
                dir.display()
            )?;
        }
        TemplatesCommand::Check => {
            let t = desk.templates()?;
            match desk.templates_dir() {
                Some(d) => writeln!(out, "templates: {} over the shipped ones", d.display())?,
                None => writeln!(out, "templates: the shipped ones")?,
            }
            // Every kind of notice in every language, so a broken
            // template is found here rather than on a customer's notice.
            for language in Language::ALL {
                for mut ctx in sample_contexts() {
                    ctx.language = *language;
                    let r = t.render(&ctx).map_err(|e| anyhow!("{e}"))?;
                    writeln!(
                        out,
                        "{language} {} email subject: {}",
                        ctx.stage,
                        inert(&r.email_subject)
                    )?;
                    if !r.sms_text.is_empty() {
                        let cost = sms::cost(&r.sms_text);
                        writeln!(
                            out,
                            "{language} {} sms: {} chars, {}",
                            ctx.stage,
                            cost.chars,
                            crate::text::plural(cost.segments, "segment", "segments")
                        )?;
                    }
                }
            }
            // The gateway body as the config sends it (JSON or form).
            let body = crate::notify::transport::check_gateway_body(&desk.config.notify, &t)
                .map_err(|e| anyhow!(e))?;
            writeln!(out, "sms gateway body: {}", inert(&body))?;
            writeln!(out, "ok")?;
        }
    }
    Ok(())
}
