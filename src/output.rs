//! Writing the report folder: each file replaced atomically (written beside its target, then
//! renamed), nothing else in the folder touched.

use crate::error::RoiError;
use std::io::Write;
use std::path::Path;

/// Writes every `(file name, bytes)` into `dir`, creating it if needed. Each file appears
/// whole or not at all; on failure the temporary files are removed.
pub fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<(), RoiError> {
    let err = |path: &Path, source| RoiError::Write {
        path: path.display().to_string(),
        source,
    };
    std::fs::create_dir_all(dir).map_err(|e| err(dir, e))?;
    let mut staged = Vec::new();
    for (name, bytes) in files {
        let target = dir.join(name);
        let tmp = dir.join(format!(".{name}.roi-tmp"));
        let result = std::fs::File::create(&tmp).and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
        if let Err(e) = result {
            let _ = std::fs::remove_file(&tmp);
            for (t, _) in &staged {
                let _ = std::fs::remove_file(t);
            }
            return Err(err(&target, e));
        }
        staged.push((tmp, target));
    }
    for (tmp, target) in &staged {
        std::fs::rename(tmp, target).map_err(|e| err(target, e))?;
    }
    Ok(())
}
