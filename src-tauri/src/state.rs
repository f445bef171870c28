//! The app's state: the data folder, the key store and the open vault (if any).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

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
        }))
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

    pub fn set_open(&self, vault: Vault) {
        *self.slot() = Some(vault);
    }
}
