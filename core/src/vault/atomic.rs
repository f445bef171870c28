//! Crash-safe file replacement: a reader sees the old bytes or the new bytes, never a mix.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

use crate::vault::crypto::{fill_random, to_hex};
use crate::{Error, Msg, Result};

/// An `Error::Io` naming `path`.
pub fn io_error(path: &Path, what_ja: &str, what_en: &str, e: &std::io::Error) -> Error {
    let p = path.display();
    Error::Io(Msg::new(
        format!("{p} を{what_ja}できません: {e}"),
        format!("Cannot {what_en} {p}: {e}"),
    ))
}

/// Writes `bytes` to `path` atomically: a temporary file in the same folder, written and
/// fsynced, renamed over `path`, then the folder fsynced so the rename itself is durable.
/// On any error the temporary file is removed and `path` keeps its previous content.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let mut rnd = [0u8; 8];
    fill_random(&mut rnd)?;
    let tmp = dir.join(format!(".{name}.{}.tmp", to_hex(&rnd)));
    let result = (|| -> std::io::Result<()> {
        let mut opts = OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path, "書き込み", "write", &e));
    }
    sync_dir(dir).map_err(|e| io_error(dir, "同期", "sync", &e))
}

/// fsyncs a folder so that the entries created or renamed in it survive a crash.
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        // Windows cannot open a folder as a file; NTFS journals the rename itself.
        let _ = (dir, File::open);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces_leaving_no_temporary_files() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.bin");
        atomic_write(&p, b"one").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"one");
        atomic_write(&p, b"two, longer").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two, longer");
        let names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("a.bin")]);
    }

    #[test]
    fn failure_names_the_path_and_keeps_nothing() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("missing-dir").join("a.bin");
        let e = atomic_write(&p, b"x").unwrap_err();
        assert_eq!(e.kind(), "io");
        assert!(e.to_string().contains("a.bin"), "{e}");
    }
}
