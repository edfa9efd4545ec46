use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use sredesk::cli::{self, Cli, Command};
use sredesk::desk::Desk;

fn main() -> ExitCode {
    let args = Cli::parse();
    let result = sredesk::logging::init()
        .map_err(anyhow::Error::msg)
        .and_then(|warning| {
            if let Some(w) = warning {
                report(&w);
            }
            run(&args)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stopped early (`| head`) is not a failure.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        // The dashboard ended by a signal: 128 + its number, as a shell
        // reports a process the signal killed.
        Err(e) if e.downcast_ref::<sredesk::runtime::Signalled>().is_some() => {
            let end = e.downcast_ref::<sredesk::runtime::Signalled>().copied();
            ExitCode::from(end.map_or(1, |s| s.exit_code()))
        }
        // A command that ran but has news for a script (`notice
        // send-pending` with deliveries that did not go): its own code.
        Err(e) if e.downcast_ref::<cli::Exit>().is_some() => {
            let code = e.downcast_ref::<cli::Exit>().map_or(1, |x| x.code);
            tracing::warn!("{e}");
            report(&e.to_string());
            ExitCode::from(code)
        }
        Err(e) => {
            let text = message(&e, &args.global);
            tracing::error!("{text}");
            report(&text);
            ExitCode::FAILURE
        }
    }
}

/// Says `text` on stderr. Errors quote user input (names, paths): keep
/// them inert, but keep their line breaks (TOML errors point at a line).
fn report(text: &str) {
    let mut err = std::io::stderr().lock();
    for (i, line) in sredesk::text::inert_lines(text).iter().enumerate() {
        let prefix = if i == 0 { "sredesk: " } else { "  " };
        // Nowhere left to say it: stderr itself is gone.
        if writeln!(err, "{prefix}{line}").is_err() {
            return;
        }
    }
}

/// The error and its causes, each cause added only if the message does not
/// already say it (our errors often quote their source). A store that was
/// locked, full or read-only is named, as the store's own error cannot.
fn message(e: &anyhow::Error, global: &cli::GlobalArgs) -> String {
    let named = e
        .chain()
        .filter_map(|c| c.downcast_ref::<sredesk::store::StoreError>())
        .find_map(|s| {
            Desk::resolve(&global.options())
                .ok()?
                .store_path()
                .ok()
                .and_then(|p| s.naming(&p))
        });
    if let Some(named) = named {
        return named.to_string();
    }
    let mut text = e.to_string();
    for cause in e.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn run(args: &Cli) -> anyhow::Result<()> {
    if let Some(command) = &args.command {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        if let Some(done) = command.run_without_desk(&mut out) {
            out.flush()?;
            return done;
        }
    }
    // Config, identity and store are checked before the terminal is taken,
    // so a mistake is reported on a normal screen.
    let desk = Desk::resolve(&args.global.options())?;
    match &args.command {
        None | Some(Command::Board) => {
            let engineer = desk.engineer()?;
            let store = desk.open_store()?;
            sredesk::runtime::run_dashboard(store, &desk, engineer)
        }
        Some(Command::Demo(demo)) if !demo.no_open => {
            let engineer = desk.engineer_or_demo()?;
            let path = cli::prepare_demo(&desk, demo)?;
            let store = desk.open_at(&path)?;
            sredesk::runtime::run_dashboard(store, &desk, engineer)
        }
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let done = cli::run(&desk, command, &mut out);
            // What was printed goes out before an exit code speaks.
            out.flush()?;
            done
        }
    }
}
