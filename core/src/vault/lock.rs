//! The advisory lock file `<dir>/vault.lock` (docs/vault-format.md §11): the app and the
//! command line may run at once, so every read-modify-write of the vault holds it
//! exclusively, and reads hold it shared. The file holds no data; the lock is the operating
//! system's (`flock` on Unix, `LockFileEx` on Windows), released when the holder closes it or
//! dies, so a crash never leaves the vault locked.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::ErrorKind;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::vault::atomic::io_error;
use crate::{Error, Msg, Result};

/// The lock file's name, next to `vault.json`.
pub const LOCK_FILE: &str = "vault.lock";
/// How long a caller waits for another Hoken Wallet before giving up with `Error::Busy`.
pub const LOCK_TIMEOUT: Duration = Duration::from_secs(10);

/// Shared (many readers) or exclusive (one writer, no reader).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LockMode {
    Shared,
    Exclusive,
}

/// A held lock on `<dir>/vault.lock`; released when dropped.
#[derive(Debug)]
#[must_use = "the lock is released when this value is dropped"]
pub struct VaultLock {
    /// `None` only for a shared lock on a folder nobody can write to (read-only media):
    /// there is no writer to exclude.
    _file: Option<File>,
    mode: LockMode,
}

impl VaultLock {
    /// Takes the lock, waiting up to [`LOCK_TIMEOUT`] for another holder.
    pub fn acquire(dir: &Path, mode: LockMode) -> Result<VaultLock> {
        VaultLock::acquire_timeout(dir, mode, LOCK_TIMEOUT)
    }

    /// Takes the lock, waiting up to `timeout`. The folder must exist (`Error::NoVault`
    /// otherwise); the lock file is created (empty, mode 0600) if missing.
    pub fn acquire_timeout(dir: &Path, mode: LockMode, timeout: Duration) -> Result<VaultLock> {
        let path = dir.join(LOCK_FILE);
        let file = match open_lock_file(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::NoVault(Msg::new(
                    format!("{} に保管庫がありません", dir.display()),
                    format!("There is no vault in {}", dir.display()),
                )))
            }
            // A read-only folder (a vault on read-only media): readers need no lock.
            Err(e) if mode == LockMode::Shared && read_only(&e) => {
                return Ok(VaultLock {
                    _file: File::open(&path).ok(),
                    mode,
                });
            }
            Err(e) => return Err(io_error(&path, "開く", "open", &e)),
        };
        let deadline = Instant::now() + timeout;
        let mut pause = Duration::from_millis(2);
        loop {
            let attempt = match mode {
                LockMode::Shared => file.try_lock_shared(),
                LockMode::Exclusive => file.try_lock(),
            };
            match attempt {
                Ok(()) => {
                    return Ok(VaultLock {
                        _file: Some(file),
                        mode,
                    })
                }
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(e)) => {
                    return Err(io_error(&path, "ロック", "lock", &e));
                }
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(busy(dir, timeout));
            }
            std::thread::sleep(pause.min(deadline - now));
            pause = (pause * 2).min(Duration::from_millis(50));
        }
    }

    pub fn mode(&self) -> LockMode {
        self.mode
    }
}

fn open_lock_file(path: &Path) -> std::io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

fn read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

fn busy(dir: &Path, timeout: Duration) -> Error {
    let secs = timeout.as_secs_f32();
    Error::Busy(Msg::new(
        format!(
            "別の Hoken Wallet（アプリまたはコマンド）が {} の保管庫を使用中です（{secs:.0} 秒待ちました）。しばらくしてからもう一度試してください",
            dir.display()
        ),
        format!(
            "Another Hoken Wallet (the app or the command line) is writing the vault in {} (waited {secs:.0} s). Try again in a moment",
            dir.display()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_excludes_and_shared_shares() {
        let d = tempfile::tempdir().unwrap();
        let short = Duration::from_millis(50);
        let a = VaultLock::acquire(d.path(), LockMode::Exclusive).unwrap();
        assert_eq!(a.mode(), LockMode::Exclusive);
        for mode in [LockMode::Shared, LockMode::Exclusive] {
            let e = VaultLock::acquire_timeout(d.path(), mode, short).unwrap_err();
            assert_eq!(e.kind(), "busy");
            assert!(e.to_string().contains("Another Hoken Wallet"), "{e}");
        }
        drop(a);
        let r1 = VaultLock::acquire_timeout(d.path(), LockMode::Shared, short).unwrap();
        let r2 = VaultLock::acquire_timeout(d.path(), LockMode::Shared, short).unwrap();
        let e = VaultLock::acquire_timeout(d.path(), LockMode::Exclusive, short).unwrap_err();
        assert_eq!(e.kind(), "busy");
        drop((r1, r2));
        let _last = VaultLock::acquire_timeout(d.path(), LockMode::Exclusive, short).unwrap();
        // The lock file holds no data.
        assert_eq!(
            std::fs::metadata(d.path().join(LOCK_FILE)).unwrap().len(),
            0
        );
    }

    #[test]
    fn a_waiter_gets_the_lock_once_it_is_released() {
        let d = tempfile::tempdir().unwrap();
        let held = VaultLock::acquire(d.path(), LockMode::Exclusive).unwrap();
        let dir = d.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            let start = Instant::now();
            VaultLock::acquire(&dir, LockMode::Exclusive).map(|_| start.elapsed())
        });
        std::thread::sleep(Duration::from_millis(100));
        drop(held);
        let waited = waiter.join().unwrap().unwrap();
        assert!(waited >= Duration::from_millis(90), "{waited:?}");
        assert!(waited < LOCK_TIMEOUT);
    }

    use crate::vault::{KdfParams, MemoryKeyStore, RecoveryCode, Vault};

    fn member(name: String) -> crate::vault::Member {
        crate::vault::Member {
            name,
            ..crate::vault::member::tests::sample()
        }
    }

    #[test]
    fn threads_adding_members_at_once_lose_no_update() {
        const THREADS: usize = 4;
        const N: usize = 10;
        let d = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        Vault::create_with_params(d.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        std::thread::scope(|s| {
            for t in 0..THREADS {
                let (dir, keys) = (d.path(), &keys);
                s.spawn(move || {
                    // Each thread its own handle, as two programs would have.
                    let v = Vault::open(dir, keys).unwrap();
                    for i in 0..N {
                        v.add_member(member(format!("thread {t} member {i}")))
                            .unwrap();
                    }
                });
            }
        });
        let v = Vault::open(d.path(), &keys).unwrap();
        assert_eq!(v.list_members().unwrap().len(), THREADS * N);
    }

    const CHILD_ENV: &str = "HOKEN_LOCK_TEST_CHILD";
    const CHILD_N: usize = 15;

    /// Run by `two_processes_…` in a child process; does nothing in a normal test run.
    #[test]
    fn child_process_adds_members() {
        let Ok(spec) = std::env::var(CHILD_ENV) else {
            return;
        };
        let (dir, code) = spec.split_once('\n').unwrap();
        let keys = MemoryKeyStore::new();
        let v = Vault::recover(Path::new(dir), &RecoveryCode::parse(code).unwrap(), &keys).unwrap();
        for i in 0..CHILD_N {
            v.add_member(member(format!("child {} member {i}", std::process::id())))
                .unwrap();
        }
    }

    #[test]
    fn two_processes_adding_members_at_once_lose_no_update() {
        if std::env::var(CHILD_ENV).is_ok() {
            return;
        }
        let d = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        let (v, code) =
            Vault::create_with_params(d.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        let spec = format!("{}\n{}", d.path().display(), &*code.reveal());
        let exe = std::env::current_exe().unwrap();
        let children: Vec<_> = (0..2)
            .map(|_| {
                std::process::Command::new(&exe)
                    .args([
                        "--exact",
                        "vault::lock::tests::child_process_adds_members",
                        "--test-threads=1",
                        "--quiet",
                    ])
                    .env(CHILD_ENV, &spec)
                    .stdout(std::process::Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for i in 0..CHILD_N {
            v.add_member(member(format!("parent member {i}"))).unwrap();
        }
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        assert_eq!(v.list_members().unwrap().len(), 3 * CHILD_N);
    }

    #[test]
    fn a_missing_folder_is_no_vault() {
        let d = tempfile::tempdir().unwrap();
        let e = VaultLock::acquire(&d.path().join("nope"), LockMode::Shared).unwrap_err();
        assert_eq!(e.kind(), "no_vault");
    }
}
