//! The `roi` binary: parse the command line, run, print the error, return the exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = roi::cli::Cli::parse();
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    match roi::run(cli, &mut stdout.lock(), &mut stderr.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(roi::error::RoiError::Reported) => ExitCode::from(1),
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}
