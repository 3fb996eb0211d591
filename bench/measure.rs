//! Runs a command and prints, on stderr after it ends, its wall time in seconds and its peak
//! resident memory in bytes (`@@ SECONDS BYTES`): `measure COMMAND [ARG...]`. A small
//! process of its own, so that the peak is the command's and not the caller's (a child of a
//! large process inherits the parent's peak until it runs its program).

use std::process::Command;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((program, rest)) = args.split_first() else {
        eprintln!("usage: measure COMMAND [ARG...]");
        std::process::exit(2);
    };
    let start = Instant::now();
    let status = match Command::new(program).args(rest).status() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("measure: {program}: {e}");
            std::process::exit(2);
        }
    };
    let wall = start.elapsed().as_secs_f64();
    eprintln!("@@ {wall:.6} {}", peak_of_children());
    std::process::exit(status.code().unwrap_or(1));
}

#[cfg(unix)]
fn peak_of_children() -> u64 {
    // SAFETY: getrusage fills the zeroed struct it is given and reads nothing else.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return 0;
    }
    // Kilobytes on Linux.
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

#[cfg(not(unix))]
fn peak_of_children() -> u64 {
    0
}
