//! The report folder as a transaction. Under a lock, a new run is staged in
//! a private folder inside `DIR`, every file written and synced there; a journal then
//! records the commit, each of roi's files is moved into place with the old one kept aside,
//! and removing the journal is the commit point. A failure before it puts every old file
//! back; a crash during it is undone by the next run before it does anything. roi keeps a
//! manifest of its own files, removes the ones a new run does not write, never touches any
//! other file and never follows a link: a link where a file goes is replaced, not written
//! through.

use crate::error::RoiError;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

const LOCK: &str = ".roi-lock";
const JOURNAL: &str = ".roi-journal";
const MANIFEST: &str = ".roi-manifest";
const STAGING: &str = ".roi-staging-";
const MANIFEST_HEADER: &str = "roi report manifest 1";

fn err(path: &Path, source: io::Error) -> RoiError {
    RoiError::Write {
        path: path.display().to_string(),
        source,
    }
}

/// Opens a file for writing, creating it only when absent, without following a link.
fn create_new(path: &Path) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    no_follow(&mut o);
    o.open(path)
}

#[cfg(unix)]
fn no_follow(o: &mut OpenOptions) {
    use std::os::unix::fs::OpenOptionsExt;
    o.custom_flags(libc::O_NOFOLLOW);
}

#[cfg(not(unix))]
fn no_follow(_: &mut OpenOptions) {}

/// Makes a folder's entries durable (a no-op where folders cannot be opened).
fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Takes the folder's lock, waiting for a run that holds it.
fn lock(dir: &Path) -> Result<File, RoiError> {
    let path = dir.join(LOCK);
    if is_link(&path) {
        return Err(err(
            &path,
            io::Error::other("it is a link, and roi does not follow links; remove it"),
        ));
    }
    let mut o = OpenOptions::new();
    o.read(true).write(true).create(true).truncate(false);
    no_follow(&mut o);
    let file = o.open(&path).map_err(|e| err(&path, e))?;
    file.lock().map_err(|e| err(&path, e))?;
    Ok(file)
}

/// The lines of one of roi's bookkeeping files after its first line; none for a link.
fn lines(path: &Path) -> Vec<String> {
    let mut text = String::new();
    if is_link(path)
        || File::open(path)
            .and_then(|mut f| f.read_to_string(&mut text))
            .is_err()
    {
        return Vec::new();
    }
    text.lines().skip(1).map(str::to_string).collect()
}

/// A name roi may have written: a plain file name in the folder, or the manifest.
fn is_own_name(name: &str) -> bool {
    (name == MANIFEST || !name.starts_with('.'))
        && !name.is_empty()
        && !name.contains(['/', '\\', '\0'])
}

/// Undoes a commit a crash interrupted: every old file back, every new one of that run gone.
/// The journal lists `- name` for a file of the previous run being removed and `+ name` for
/// a file being replaced or added.
fn recover(dir: &Path) {
    let journal = dir.join(JOURNAL);
    if fs::symlink_metadata(&journal).is_err() {
        return;
    }
    if is_link(&journal) {
        // Not roi's: a link is never followed, only removed from roi's own name.
        let _ = fs::remove_file(&journal);
        return;
    }
    let mut first = String::new();
    let _ = File::open(&journal).and_then(|mut f| f.read_to_string(&mut first));
    let staging = first
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("staging "))
        .filter(|s| s.starts_with(STAGING) && !s.contains(['/', '\\']))
        .map(|s| dir.join(s));
    if let Some(staging) = staging.filter(|s| s.is_dir()) {
        for line in lines(&journal).iter().rev() {
            let Some((mark, name)) = line.split_once(' ') else {
                continue;
            };
            if !is_own_name(name) {
                continue;
            }
            let old = staging.join("old").join(name);
            let target = dir.join(name);
            if fs::symlink_metadata(&old).is_ok() {
                let _ = fs::rename(&old, &target);
            } else if mark == "+" && fs::symlink_metadata(staging.join("new").join(name)).is_err() {
                // The new file went in where there was none before.
                let _ = fs::remove_file(&target);
            }
        }
    }
    let _ = fs::remove_file(&journal);
    sync_dir(dir);
}

/// Removes staging folders that no run owns any more (the lock is held).
fn remove_stale_staging(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(STAGING) && e.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(e.path());
        }
    }
}

/// A new private staging folder inside `dir`.
fn staging(dir: &Path) -> Result<PathBuf, RoiError> {
    for i in 0..1000 {
        let path = dir.join(format!("{STAGING}{}-{i}", std::process::id()));
        let mut b = fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            b.mode(0o700);
        }
        match b.create(&path) {
            Ok(()) => {
                for sub in ["new", "old"] {
                    fs::create_dir(path.join(sub)).map_err(|e| err(&path, e))?;
                }
                return Ok(path);
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(err(&path, e)),
        }
    }
    Err(err(
        dir,
        io::Error::other("no staging folder could be made"),
    ))
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = create_new(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Makes everything written in `folder` (files and entries) durable at once: one `syncfs`
/// of its file system where there is one, else each file and the folder synced in turn.
#[cfg(target_os = "linux")]
fn sync_folder(folder: &Path, _files: &[PathBuf]) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let d = File::open(folder)?;
    // SAFETY: `d` is an open descriptor for the whole call; syncfs only reads it.
    if unsafe { libc::syncfs(d.as_raw_fd()) } == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn sync_folder(folder: &Path, files: &[PathBuf]) -> io::Result<()> {
    for f in files {
        File::open(f)?.sync_all()?;
    }
    sync_dir(folder);
    Ok(())
}

/// Writes the report `files` into `dir` as one transaction (see the module's text).
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), RoiError> {
    match fs::metadata(dir) {
        Ok(m) if !m.is_dir() => {
            return Err(err(
                dir,
                io::Error::other(
                    "it is a file, not a folder; --out names the folder that receives the report",
                ),
            ));
        }
        Ok(_) => {}
        Err(_) => fs::create_dir_all(dir).map_err(|e| err(dir, e))?,
    }
    let _lock = lock(dir)?;
    recover(dir);
    remove_stale_staging(dir);
    let stage = staging(dir)?;
    let result = transaction(dir, &stage, files, None);
    let _ = fs::remove_dir_all(&stage);
    sync_dir(dir);
    result
}

/// Stages and commits `files`. `crash_after` (tests only) stops after that many moves, as a
/// killed process would, leaving the journal and the staging folder behind.
fn transaction(
    dir: &Path,
    stage: &Path,
    files: &[(String, Vec<u8>)],
    crash_after: Option<usize>,
) -> Result<(), RoiError> {
    // Everything written in the staging folder first, then made durable at once: the
    // journal below must never point at a file that is not on the disk.
    let mut manifest = String::from(MANIFEST_HEADER);
    for (name, _) in files {
        manifest.push('\n');
        manifest.push_str(name);
    }
    manifest.push('\n');
    let mut staged = Vec::new();
    for (name, bytes) in files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .chain([(MANIFEST, manifest.as_bytes())])
    {
        debug_assert!(is_own_name(name));
        let path = stage.join("new").join(name);
        create_new(&path)
            .and_then(|mut f| f.write_all(bytes))
            .map_err(|e| err(&dir.join(name), e))?;
        staged.push(path);
    }
    let new_dir = stage.join("new");
    sync_folder(&new_dir, &staged).map_err(|e| err(&new_dir, e))?;
    // What goes: the new files, and the files of the previous run this one does not write.
    let new: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let stale: Vec<String> = lines(&dir.join(MANIFEST))
        .into_iter()
        .filter(|n| is_own_name(n) && n != MANIFEST && !new.contains(&n.as_str()))
        .filter(|n| fs::symlink_metadata(dir.join(n)).is_ok_and(|m| m.is_file()))
        .collect();
    // A folder where a file goes would make the commit fail half-way: refuse it now.
    for name in new.iter().copied().chain([MANIFEST]) {
        let target = dir.join(name);
        if fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return Err(err(
                &target,
                io::Error::other("a folder is where roi writes this file; move it away"),
            ));
        }
    }
    let mut journal = format!(
        "staging {}\n",
        stage.file_name().unwrap_or_default().to_string_lossy()
    );
    let steps: Vec<(&str, bool)> = stale
        .iter()
        .map(|n| (n.as_str(), false))
        .chain(new.iter().map(|n| (*n, true)))
        .chain([(MANIFEST, true)])
        .collect();
    for (name, replace) in &steps {
        journal.push_str(if *replace { "+ " } else { "- " });
        journal.push_str(name);
        journal.push('\n');
    }
    write_synced(&dir.join(JOURNAL), journal.as_bytes()).map_err(|e| err(&dir.join(JOURNAL), e))?;
    sync_dir(dir);
    // (name, an old file was set aside, the new one went in)
    let mut done: Vec<(&str, bool, bool)> = Vec::new();
    for &(name, replace) in &steps {
        if crash_after == Some(done.len()) {
            return Ok(());
        }
        let target = dir.join(name);
        let old = stage.join("old").join(name);
        let had_old = fs::symlink_metadata(&target).is_ok();
        let result = (if had_old {
            fs::rename(&target, &old)
        } else {
            Ok(())
        })
        .and_then(|()| {
            if replace {
                fs::rename(stage.join("new").join(name), &target)
            } else {
                Ok(())
            }
        });
        if let Err(e) = result {
            // Put everything back as it was, newest first.
            if fs::symlink_metadata(&old).is_ok() {
                let _ = fs::rename(&old, &target);
            }
            for (n, had_old, replaced) in done.iter().rev() {
                if *replaced {
                    let _ = fs::remove_file(dir.join(n));
                }
                if *had_old {
                    let _ = fs::rename(stage.join("old").join(n), dir.join(n));
                }
            }
            let _ = fs::remove_file(dir.join(JOURNAL));
            sync_dir(dir);
            return Err(err(&target, e));
        }
        done.push((name, had_old, replace));
    }
    if crash_after == Some(done.len()) {
        return Ok(());
    }
    // The commit point.
    let _ = fs::remove_file(dir.join(JOURNAL));
    Ok(())
}

/// Writes `files` into `dir` for `roi init`: each file written beside its target and renamed
/// into place, nothing else touched, no bookkeeping files left behind.
pub fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), RoiError> {
    fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let mut staged = Vec::new();
    for (name, bytes) in files {
        let target = dir.join(name);
        let tmp = dir.join(format!(".{name}.roi-{}", std::process::id()));
        if let Err(e) = write_synced(&tmp, bytes) {
            let _ = fs::remove_file(&tmp);
            for (t, _) in &staged {
                let _ = fs::remove_file(t);
            }
            return Err(err(&target, e));
        }
        staged.push((tmp, target));
    }
    for (tmp, target) in &staged {
        fs::rename(tmp, target).map_err(|e| err(target, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(tag: &str, names: &[&str]) -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|n| (n.to_string(), format!("{tag} {n}").into_bytes()))
            .collect()
    }

    /// The folder's files and their contents, roi's bookkeeping files left out.
    fn contents(dir: &Path) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with(".roi"))
            .map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                (name, fs::read_to_string(e.path()).unwrap_or_default())
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_commit_killed_half_way_is_undone_by_the_next_run() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        write_all(
            dir,
            &files("old", &["summary.md", "trend.png", "report.html"]),
        )
        .unwrap();
        let before = contents(dir);
        // A run killed after two of its moves: the trend chart gone, summary.md new, the rest
        // old — the mix a reader must not be left with.
        let stage = staging(dir).unwrap();
        transaction(
            dir,
            &stage,
            &files("new", &["summary.md", "report.html"]),
            Some(2),
        )
        .unwrap();
        assert_ne!(contents(dir), before);
        assert!(dir.join(JOURNAL).exists());
        // The next run first puts the old report back, then commits its own.
        recover(dir);
        assert_eq!(contents(dir), before);
        assert!(!dir.join(JOURNAL).exists());
        write_all(dir, &files("next", &["summary.md"])).unwrap();
        assert_eq!(
            contents(dir),
            [
                ("notes.txt".to_string(), "mine".to_string()),
                ("summary.md".to_string(), "next summary.md".to_string())
            ]
        );
        let leftovers: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with(STAGING))
            .collect();
        assert!(leftovers.is_empty());
    }

    #[test]
    fn every_point_of_a_crash_is_undone() {
        for k in 0..6 {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path();
            write_all(dir, &files("old", &["a.md", "b.png", "c.html"])).unwrap();
            let before = contents(dir);
            let stage = staging(dir).unwrap();
            transaction(dir, &stage, &files("new", &["a.md", "d.svg"]), Some(k)).unwrap();
            recover(dir);
            assert_eq!(contents(dir), before, "a crash after {k} moves");
        }
    }
}
