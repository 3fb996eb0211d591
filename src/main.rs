//! The `roi` binary: parse the command line, run it, return its exit status.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let exit = match roi::cli::Cli::try_parse() {
        // stderr stays unlocked: the progress bar writes to it from another thread.
        Ok(cli) => roi::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr()),
        Err(e) => {
            let _ = e.print();
            if e.use_stderr() {
                roi::Exit::Usage
            } else {
                roi::Exit::Done
            }
        }
    };
    ExitCode::from(exit as u8)
}
