//! The app's state: the data folder, the key store and the open vault (if any).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use hoken_core::home::{self, HomeScreen, Launch};
use hoken_core::import::Imported;
use hoken_core::vault::session::{self, Probe, VaultState, VaultStatus};
use hoken_core::vault::{KdfParams, KeyStore, Vault};

use crate::error::{Error, Result};

pub type Keys = Arc<dyn KeyStore + Send + Sync>;

/// Shared by every command; the vault work runs on a blocking thread (the keyring, Argon2id
/// and file I/O must not stall the window).
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub dir: PathBuf,
    pub keys: Keys,
    pub kdf: KdfParams,
    vault: Mutex<Option<Vault>>,
    /// Imports waiting for the user's confirmation, in memory only (never on disk).
    pending: Mutex<Vec<(String, Imported)>>,
    /// The launch answer, worked out while the window starts (see [`AppState::prepare_launch`]).
    prepared: Mutex<Option<Prepared>>,
    /// Files the user chose in a dialog or dropped on the window in this run, by the opaque
    /// token the window got instead of their path (newest last).
    files: Mutex<Vec<(String, PathBuf)>>,
}

struct Prepared {
    day: chrono::NaiveDate,
    answer: std::thread::JoinHandle<Result<Launch>>,
}

/// The local date: the day every deadline, reminder and home screen is worked out for.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// At most this many imports wait at once (each holds a few MB).
const MAX_PENDING: usize = 3;
/// At most this many file tokens are remembered (the oldest is forgotten first).
const MAX_FILES: usize = 32;

fn random_token() -> Result<String> {
    let mut id = [0u8; 16];
    getrandom::fill(&mut id).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
    Ok(id.iter().map(|b| format!("{b:02x}")).collect())
}

impl AppState {
    pub fn new(dir: PathBuf, keys: Keys) -> AppState {
        AppState::with_kdf(dir, keys, KdfParams::RECOVERY)
    }

    /// With other Argon2id parameters for new vaults (cheap ones in tests).
    pub fn with_kdf(dir: PathBuf, keys: Keys, kdf: KdfParams) -> AppState {
        AppState(Arc::new(Inner {
            dir,
            keys,
            kdf,
            vault: Mutex::new(None),
            pending: Mutex::new(Vec::new()),
            prepared: Mutex::new(None),
            files: Mutex::new(Vec::new()),
        }))
    }

    /// A token for a file the user chose (dialog) or dropped: what the window gets and hands
    /// back to `inspect_document`, `qr_read` and `qr_store`, which read no other file.
    pub fn grant_file(&self, path: PathBuf) -> Result<String> {
        self.0.grant_file(path)
    }

    /// Starts opening the vault and reading the home screen on a thread of its own, so that
    /// the UI's first command (`launch`) finds them ready: the keyring, the decryption and
    /// the thumbnails overlap with the web view's start instead of following it.
    pub fn prepare_launch(&self) {
        let inner = Arc::clone(&self.0);
        let day = today();
        let spawned = std::thread::Builder::new()
            .name("launch".into())
            .spawn(move || inner.launch(day));
        // Without the thread, `launch` works it out when asked.
        if let Ok(answer) = spawned {
            *self.0.prepared.lock().unwrap_or_else(|p| p.into_inner()) =
                Some(Prepared { day, answer });
        }
    }

    /// The data folder.
    pub fn dir(&self) -> &std::path::Path {
        &self.0.dir
    }

    /// Runs `f` on a blocking thread.
    pub async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> Result<T> + Send + 'static,
    {
        let inner = Arc::clone(&self.0);
        tauri::async_runtime::spawn_blocking(move || f(&inner))
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?
    }
}

impl AppState {
    /// Runs `f` right here (the caller is already on a blocking thread).
    pub fn blocking<T>(&self, f: impl FnOnce(&Inner) -> Result<T>) -> Result<T> {
        f(&self.0)
    }
}

impl Inner {
    fn slot(&self) -> MutexGuard<'_, Option<Vault>> {
        // A panic while holding the lock leaves the Option intact: keep going.
        self.vault.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The vault's state, opening it when the keyring has its key.
    pub fn status(&self) -> Result<VaultStatus> {
        let mut slot = self.slot();
        if slot.is_some() {
            return Ok(VaultStatus {
                state: VaultState::Open,
                reason: None,
            });
        }
        let probe = session::probe(&self.dir, self.keys.as_ref())?;
        let status = probe.status();
        if let Probe::Open(v) = probe {
            *slot = Some(v);
        }
        Ok(status)
    }

    /// The vault's state and, when it is open, the home screen of `day`.
    pub fn launch(&self, day: chrono::NaiveDate) -> Result<Launch> {
        let status = self.status()?;
        Launch::new(status, || self.home(day))
    }

    /// The home screen of `day` (family status, newest thumbnails inline).
    pub fn home(&self, day: chrono::NaiveDate) -> Result<HomeScreen> {
        self.with_vault(|v| home::home_screen(v, day))
    }

    /// The launch answer prepared at start-up, once; afterwards (a retry, a reload, another
    /// day, or a prepared answer that failed) a fresh one.
    pub fn take_launch(&self) -> Result<Launch> {
        let day = today();
        let prepared = self
            .prepared
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(p) = prepared.filter(|p| p.day == day) {
            if let Ok(Ok(answer)) = p.answer.join() {
                return Ok(answer);
            }
        }
        self.launch(day)
    }

    /// Runs `f` on the open vault (opening it first if needed).
    pub fn with_vault<T>(&self, f: impl FnOnce(&Vault) -> hoken_core::Result<T>) -> Result<T> {
        let mut slot = self.slot();
        let vault = match slot.take() {
            Some(v) => v,
            None => Vault::open(&self.dir, self.keys.as_ref())?,
        };
        let result = f(&vault);
        *slot = Some(vault);
        Ok(result?)
    }

    fn pending(&self) -> MutexGuard<'_, Vec<(String, Imported)>> {
        self.pending.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps an imported document until it is confirmed; returns its id.
    pub fn hold_pending(&self, doc: Imported) -> Result<String> {
        let mut id = [0u8; 8];
        getrandom::fill(&mut id).map_err(|e| Error::Io(std::io::Error::other(e.to_string())))?;
        let id: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let mut pending = self.pending();
        while pending.len() >= MAX_PENDING {
            pending.remove(0);
        }
        pending.push((id.clone(), doc));
        Ok(id)
    }

    pub fn take_pending(&self, id: &str) -> Result<Imported> {
        let mut pending = self.pending();
        match pending.iter().position(|(k, _)| k == id) {
            Some(i) => Ok(pending.remove(i).1),
            None => Err(hoken_core::Error::NotFound(hoken_core::Msg::new(
                "読み込んだファイルが見つかりません。もう一度選んでください",
                "The imported file is no longer waiting: choose it again",
            ))
            .into()),
        }
    }

    pub fn grant_file(&self, path: PathBuf) -> Result<String> {
        let token = random_token()?;
        let mut files = self.files.lock().unwrap_or_else(|p| p.into_inner());
        while files.len() >= MAX_FILES {
            files.remove(0);
        }
        files.push((token.clone(), path));
        Ok(token)
    }

    /// The file behind a token from [`AppState::grant_file`]; anything else (a path, a token
    /// from another run) is refused, and so is what is not a regular file (a FIFO would
    /// block the reader).
    pub fn granted_file(&self, token: &str) -> Result<PathBuf> {
        let found = self
            .files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .find(|(t, _)| t == token)
            .map(|(_, p)| p.clone());
        let Some(path) = found else {
            return Err(hoken_core::Error::InvalidInput(hoken_core::Msg::new(
                "このファイルはこの画面で選ばれたものではありません。もう一度ファイルを選んでください",
                "This file was not chosen or dropped in this window: choose it again",
            ))
            .into());
        };
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => Ok(path),
            Ok(_) => Err(hoken_core::Error::UnsupportedFile(hoken_core::Msg::new(
                format!("{} は普通のファイルではありません（フォルダーや特殊なファイルは読み込めません）", path.display()),
                format!("{} is not a regular file (folders and special files cannot be read)", path.display()),
            ))
            .into()),
            Err(e) => Err(hoken_core::Error::NotFound(hoken_core::Msg::new(
                format!("{} を開けません: {e}", path.display()),
                format!("{} cannot be opened: {e}", path.display()),
            ))
            .into()),
        }
    }

    pub fn put_back_pending(&self, id: &str, doc: Imported) {
        self.pending().push((id.to_string(), doc));
    }

    /// A waiting document's display image or thumbnail, for the preview.
    pub fn pending_image(&self, id: &str, thumbnail: bool) -> Option<(Vec<u8>, &'static str)> {
        let pending = self.pending();
        let (_, doc) = pending.iter().find(|(k, _)| k == id)?;
        Some(if thumbnail {
            (doc.thumbnail.clone(), "image/jpeg")
        } else {
            (doc.display.clone(), doc.display_mime.as_str())
        })
    }

    pub fn set_open(&self, vault: Vault) {
        *self.slot() = Some(vault);
    }
}
