//! The commands, one file each: each turns its command-line arguments into settings in one
//! place, runs the pipeline and hands the result to the shared document, renderers, charts
//! and report folder. A command never lays out text, HTML, a table or a workbook itself.

pub mod check;
pub mod compute;
pub mod init;
pub mod project;
pub mod recipe;
pub mod track;

use crate::assumptions::Assumptions;
use crate::chart;
use crate::error::RoiError;
use crate::i18n::Lang;
use crate::render::{self, Context};
use std::io::{IsTerminal, Write};
use std::path::Path;

/// A failure to write to standard output (a closed pipe, a full disk).
pub fn stdout_err(source: std::io::Error) -> RoiError {
    RoiError::Write {
        path: "standard output".into(),
        source,
    }
}

/// The screen summary's width: on a terminal, `COLUMNS` when set, else the terminal's own
/// width, else 80; off a terminal (a file, a pipe) a fixed 100, so the same input gives the
/// same bytes.
pub fn screen_width() -> usize {
    if !std::io::stdout().is_terminal() {
        return render::PIPE_WIDTH;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, cols)| usize::from(cols))
                .filter(|&c| c > 0)
        })
        .unwrap_or(80)
}

/// `--config`, else `./roi.toml` when present (said on stderr), else the defaults.
pub fn load_assumptions(
    path: Option<&Path>,
    lang: Lang,
    err: &mut dyn Write,
) -> Result<Assumptions, RoiError> {
    match path {
        Some(p) => Assumptions::load(p),
        None => {
            let local = Path::new("roi.toml");
            if local.is_file() {
                let p = &lang.cat().p;
                let _ = writeln!(err, "{}: {}", p.prefix_note, p.note_local_config);
                Assumptions::load(local)
            } else {
                Ok(Assumptions::default())
            }
        }
    }
}

/// A file being made in a thread of its own: its bytes when it is joined.
pub type Making<'m> = std::thread::ScopedJoinHandle<'m, std::io::Result<Vec<u8>>>;

/// Every renderer's output for a document: the files for the folder, and the bytes of the
/// one that prints `screen` on standard output. `made` is one file being made already in a
/// thread of the caller's (its name and that thread), taken in place of its renderer's.
pub fn render_all<'m>(
    cx: &Context,
    screen: render::Screen,
    mut made: Option<(&str, Making<'m>)>,
) -> Result<(Vec<chart::File>, Vec<u8>), RoiError> {
    let mut files = Vec::new();
    let mut shown = Vec::new();
    /// A renderer at work here, or the file being made in the caller's thread.
    enum Output<'s, 'm> {
        Running(std::thread::ScopedJoinHandle<'s, std::io::Result<Vec<u8>>>),
        Caller(Making<'m>),
    }
    // Each renderer in its own thread (the JSON and the workbook of a large --by case take
    // tenths of a second each); the outputs are taken in the renderers' order.
    let rendered: Vec<std::io::Result<Vec<u8>>> = std::thread::scope(|s| {
        let running: Vec<Output> = render::RENDERERS
            .iter()
            .map(
                |r| match made.take_if(|(name, _)| r.file(cx.data) == Some(*name)) {
                    Some((_, making)) => Output::Caller(making),
                    None => Output::Running(s.spawn(move || render::to_bytes(*r, cx))),
                },
            )
            .collect();
        running
            .into_iter()
            .map(|o| match o {
                Output::Running(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
                Output::Caller(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            })
            .collect()
    });
    for (r, bytes) in render::RENDERERS.iter().zip(rendered) {
        let bytes = bytes.map_err(|e| RoiError::Write {
            path: r.file(cx.data).unwrap_or("standard output").to_string(),
            source: e,
        })?;
        if r.screen() == Some(screen) {
            shown = bytes.clone();
        }
        if let Some(name) = r.file(cx.data) {
            files.push((name.to_string(), bytes));
        }
    }
    Ok((files, shown))
}
