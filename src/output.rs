//! The report folder as a transaction. Under a lock, a new run is staged in
//! a private folder inside `DIR`, every file written and synced there; a journal then
//! records the commit, each of roi's files is moved into place with the old one kept aside,
//! and removing the journal is the commit point. A failure before it puts every old file
//! back; a crash during it is undone by the next run before it does anything. roi keeps a
//! manifest of its own files, removes the ones a new run does not write, never touches any
//! other file and never follows a link: a link where a file goes is replaced, not written
//! through.

use crate::error::RoiError;
use crate::fnv::Fnv;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

const LOCK: &str = ".roi-lock";
const JOURNAL: &str = ".roi-journal";
const MANIFEST: &str = ".roi-manifest";
const STAGING: &str = ".roi-staging-";
const MANIFEST_HEADER: &str = "roi report manifest 2";
const MANIFEST_HEADER_V1: &str = "roi report manifest 1";

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

/// The command whose report a folder holds: each command keeps its own folder, so that one
/// never removes the other's files (a tracking written over a case would delete the case it
/// reads).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Compute,
    Project,
    Track,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Compute => "compute",
            Kind::Project => "project",
            Kind::Track => "track",
        }
    }

    fn of_word(w: &str) -> Option<Kind> {
        [Kind::Compute, Kind::Project, Kind::Track]
            .into_iter()
            .find(|k| k.word() == w)
    }
}

/// Files larger than this are never read back to be checked: roi never wrote one.
const MAX_CHECKED_BYTES: u64 = 1 << 30;

/// The fingerprint of the file at `path` as it is now; none for a link, a folder or a file
/// that cannot be read.
fn fingerprint(path: &Path) -> Option<u64> {
    let m = fs::symlink_metadata(path).ok()?;
    if !m.is_file() || m.len() > MAX_CHECKED_BYTES {
        return None;
    }
    let mut bytes = Vec::new();
    let mut o = OpenOptions::new();
    o.read(true);
    no_follow(&mut o);
    o.open(path).ok()?.read_to_end(&mut bytes).ok()?;
    Some(Fnv::of(&bytes))
}

/// What the folder's manifest says, when roi wrote it: the command, and each file with the
/// fingerprint of the bytes roi wrote. The first roi manifests (version 1) named the files
/// without fingerprints: their files may be replaced by a new run but are never removed.
#[derive(Debug, Default)]
struct Manifest {
    kind: Option<Kind>,
    files: Vec<(String, Option<u64>)>,
}

impl Manifest {
    fn read(dir: &Path) -> Option<Manifest> {
        let path = dir.join(MANIFEST);
        let m = fs::symlink_metadata(&path).ok()?;
        if !m.is_file() || m.len() > 1 << 20 {
            return None;
        }
        let text = fs::read_to_string(&path).ok()?;
        let mut lines = text.lines();
        let header = lines.next()?;
        let mut manifest = Manifest::default();
        if header == MANIFEST_HEADER_V1 {
            for name in lines.filter(|n| is_own_name(n) && *n != MANIFEST) {
                manifest.files.push((name.to_string(), None));
            }
            return Some(manifest);
        }
        if header != MANIFEST_HEADER {
            return None;
        }
        manifest.kind = Some(Kind::of_word(lines.next()?.strip_prefix("command ")?)?);
        for line in lines {
            let (hash, name) = line.split_once(' ')?;
            let hash = u64::from_str_radix(hash, 16).ok()?;
            if !is_own_name(name) || name == MANIFEST {
                return None;
            }
            manifest.files.push((name.to_string(), Some(hash)));
        }
        Some(manifest)
    }

    fn text(kind: Kind, files: &[(String, Vec<u8>)]) -> String {
        let mut s = format!("{MANIFEST_HEADER}\ncommand {}\n", kind.word());
        for (name, bytes) in files {
            s.push_str(&format!("{:016x} {name}\n", Fnv::of(bytes)));
        }
        s
    }

    /// The file `name` is as roi wrote it (for a first-version manifest: listed).
    fn wrote(&self, dir: &Path, name: &str) -> bool {
        self.files.iter().any(|(n, hash)| {
            n == name
                && match hash {
                    Some(h) => fingerprint(&dir.join(name)) == Some(*h),
                    None => true,
                }
        })
    }
}

/// The same file (not merely the same name) as `b`.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        match (fs::canonicalize(a), fs::canonicalize(b)) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

fn refuse(path: &Path, why: crate::message::Msg) -> RoiError {
    RoiError::Folder {
        path: path.display().to_string(),
        why,
    }
}

/// What a new run of `kind` may do in `dir`: refused when the folder holds another command's
/// report, when a file where the report goes is not one roi wrote (or was changed since),
/// or when the report would replace or remove one of the run's own inputs. The answer is the
/// previous run's files this one does not write, which go.
fn plan(
    dir: &Path,
    kind: Kind,
    inputs: &[&Path],
    files: &[(String, Vec<u8>)],
) -> Result<Vec<String>, RoiError> {
    use crate::message::msg;
    let manifest = Manifest::read(dir);
    if let Some(other) = manifest.as_ref().and_then(|m| m.kind)
        && other != kind
    {
        return Err(refuse(
            dir,
            msg!(
                folder_of_other_command,
                other = other.word(),
                this = kind.word()
            ),
        ));
    }
    let manifest = manifest.unwrap_or_default();
    for (name, _) in files {
        let target = dir.join(name);
        let Ok(m) = fs::symlink_metadata(&target) else {
            continue;
        };
        if m.is_dir() {
            return Err(refuse(&target, msg!(folder_where_file_goes)));
        }
        // A link is replaced, never written through; a file must be roi's own.
        if m.is_file() && !manifest.wrote(dir, name) {
            return Err(refuse(&target, msg!(file_not_roi_own)));
        }
    }
    let own = dir.join(MANIFEST);
    if fs::symlink_metadata(&own).is_ok_and(|m| m.is_dir()) {
        return Err(refuse(&own, msg!(folder_where_file_goes)));
    }
    let stale: Vec<String> = manifest
        .files
        .iter()
        .filter(|(n, hash)| hash.is_some() && !files.iter().any(|(f, _)| f == n))
        .map(|(n, _)| n.clone())
        .filter(|n| manifest.wrote(dir, n))
        .collect();
    for name in files.iter().map(|(n, _)| n).chain(&stale) {
        let target = dir.join(name);
        if inputs.iter().any(|i| same_file(i, &target)) {
            return Err(refuse(&target, msg!(report_replaces_input)));
        }
    }
    Ok(stale)
}

/// A report staged in its folder, under the folder's lock, not yet in place: [`Staged::commit`]
/// puts it there; dropped uncommitted, it leaves the old report as it was.
pub struct Staged {
    dir: PathBuf,
    stage: PathBuf,
    names: Vec<String>,
    stale: Vec<String>,
    _lock: File,
}

/// Stages the report `files` of a `kind` run into `dir` (see the module's text): every check
/// made and every byte written and synced, so that only the moves into place are left.
/// `inputs` are the files the run read: the report never replaces nor removes one.
pub fn stage(
    dir: &Path,
    kind: Kind,
    inputs: &[&Path],
    files: &[(String, Vec<u8>)],
) -> Result<Staged, RoiError> {
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
    let lock = lock(dir)?;
    recover(dir);
    remove_stale_staging(dir);
    let stale = plan(dir, kind, inputs, files)?;
    let stage = staging(dir)?;
    let staged = Staged {
        dir: dir.to_path_buf(),
        stage,
        names: files.iter().map(|(n, _)| n.clone()).collect(),
        stale,
        _lock: lock,
    };
    write_stage(dir, &staged.stage, kind, files)?;
    Ok(staged)
}

impl Staged {
    /// Moves the staged report into place: after this, a reader sees the new report.
    pub fn commit(self) -> Result<(), RoiError> {
        commit(&self.dir, &self.stage, &self.names, &self.stale, None)
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.stage);
        sync_dir(&self.dir);
    }
}

/// Stages and commits the report `files` at once.
pub fn write_all(
    dir: &Path,
    kind: Kind,
    inputs: &[&Path],
    files: &[(String, Vec<u8>)],
) -> Result<(), RoiError> {
    stage(dir, kind, inputs, files)?.commit()
}

/// Writes `files` and the manifest into the staging folder and makes them durable at once:
/// the journal must never point at a file that is not on the disk.
fn write_stage(
    dir: &Path,
    stage: &Path,
    kind: Kind,
    files: &[(String, Vec<u8>)],
) -> Result<(), RoiError> {
    let manifest = Manifest::text(kind, files);
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
    sync_folder(&new_dir, &staged).map_err(|e| err(&new_dir, e))
}

/// Moves a staged report into place: the previous run's `stale` files go, the `names` and
/// the manifest come in. `crash_after` (tests only) stops after that many moves, as a killed
/// process would, leaving the journal and the staging folder behind.
fn commit(
    dir: &Path,
    stage: &Path,
    names: &[String],
    stale: &[String],
    crash_after: Option<usize>,
) -> Result<(), RoiError> {
    let mut journal = format!(
        "staging {}\n",
        stage.file_name().unwrap_or_default().to_string_lossy()
    );
    let steps: Vec<(&str, bool)> = stale
        .iter()
        .map(|n| (n.as_str(), false))
        .chain(names.iter().map(|n| (n.as_str(), true)))
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

    /// A run of `files` killed after `moves` of its moves into place.
    fn crash(dir: &Path, files: &[(String, Vec<u8>)], moves: usize) {
        let stale = plan(dir, Kind::Compute, &[], files).unwrap();
        let stage = staging(dir).unwrap();
        write_stage(dir, &stage, Kind::Compute, files).unwrap();
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        commit(dir, &stage, &names, &stale, Some(moves)).unwrap();
    }

    #[test]
    fn a_commit_killed_half_way_is_undone_by_the_next_run() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        write_all(
            dir,
            Kind::Compute,
            &[],
            &files("old", &["summary.md", "trend.png", "report.html"]),
        )
        .unwrap();
        let before = contents(dir);
        // A run killed after two of its moves: the trend chart gone, summary.md new, the rest
        // old — the mix a reader must not be left with.
        crash(dir, &files("new", &["summary.md", "report.html"]), 2);
        assert_ne!(contents(dir), before);
        assert!(dir.join(JOURNAL).exists());
        // The next run first puts the old report back, then commits its own.
        recover(dir);
        assert_eq!(contents(dir), before);
        assert!(!dir.join(JOURNAL).exists());
        write_all(dir, Kind::Compute, &[], &files("next", &["summary.md"])).unwrap();
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
            write_all(
                dir,
                Kind::Compute,
                &[],
                &files("old", &["a.md", "b.png", "c.html"]),
            )
            .unwrap();
            let before = contents(dir);
            crash(dir, &files("new", &["a.md", "d.svg"]), k);
            recover(dir);
            assert_eq!(contents(dir), before, "a crash after {k} moves");
        }
    }

    #[test]
    fn the_report_never_replaces_nor_removes_an_input() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write_all(dir, Kind::Compute, &[], &files("old", &["a.md", "b.png"])).unwrap();
        let before = contents(dir);
        // The run reads a.md (replaced) or b.png (removed as stale): refused, nothing touched.
        for (input, names) in [("a.md", &["a.md"][..]), ("b.png", &["a.md"][..])] {
            let path = dir.join(input);
            let e = write_all(dir, Kind::Compute, &[&path], &files("new", names)).unwrap_err();
            assert!(
                matches!(&e, RoiError::Folder { path: p, .. } if p.ends_with(input)),
                "{e:?}"
            );
            assert_eq!(contents(dir), before);
        }
        // Another file of the same name elsewhere is not the same input.
        let other = tempfile::tempdir().unwrap();
        std::fs::write(other.path().join("a.md"), "x").unwrap();
        write_all(
            dir,
            Kind::Compute,
            &[&other.path().join("a.md")],
            &files("new", &["a.md"]),
        )
        .unwrap();
    }
}
