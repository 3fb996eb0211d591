//! The `roi` binary: parse the command line, run, print the error, return the exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = roi::cli::Cli::parse();
    // stderr stays unlocked: the progress bar writes to it from another thread.
    match roi::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(roi::error::RoiError::Reported) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
