//! What a shell and `man` need, made from the parser itself so they
//! never drift from it: `sredesk completions SHELL` and `sredesk man`.
//! Neither reads a config or a store.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for; e.g. `sredesk completions bash >
    /// ~/.local/share/bash-completion/completions/sredesk`
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write sredesk.1 and a page for every command (sredesk-ticket-add.1,
    /// ...) into this directory instead of printing sredesk(1)
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// `cmd` is the whole command line's parser (`Cli::command()`).
pub fn completions(
    args: &CompletionsArgs,
    mut cmd: clap::Command,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // Written whole into memory first: the generator panics on a failed
    // write, and a reader that hangs up early is no reason to.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "sredesk", &mut script);
    out.write_all(&script)?;
    Ok(())
}

pub fn man(args: &ManArgs, cmd: clap::Command, out: &mut dyn Write) -> anyhow::Result<()> {
    match &args.dir {
        None => clap_mangen::Man::new(cmd).render(out)?,
        Some(dir) => {
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                anyhow::anyhow!("cannot write the pages into {}: {e}", dir.display())
            })?;
            writeln!(out, "man pages written to {}", dir.display())?;
        }
    }
    Ok(())
}
