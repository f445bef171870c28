//! The encrypted vault: every member's record (and, later, documents), encrypted at rest
//! with one random data key that lives in the OS keyring and, wrapped under the recovery
//! code, in `vault.json`. The format is described to the byte in docs/vault-format.md.
//!
//! ```text
//! <dir>/vault.json          plain JSON header: version, vault id, recovery slot, header tag
//! <dir>/items/members.bin   the member index (HKWV item, kind 1)
//! <dir>/items/<id>.bin      documents (kind 2) and thumbnails (kind 3)
//! ```

pub mod atomic;
pub mod backup;
pub mod crypto;
pub mod documents;
#[cfg(feature = "test-support")]
pub mod fuzzing;
mod header;
mod items;
pub mod keystore;
pub mod lock;
pub mod member;
pub mod pinlock;
pub mod recovery;
pub mod session;
pub mod state;

use std::collections::BTreeMap;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

pub use atomic::atomic_write;
pub use backup::{
    import_backup, BackupSecret, BackupSummary, ImportMode, ImportSummary, SecretKind,
};
pub use crypto::{ItemKind, SecretKey};
pub use documents::{DocumentKind, DocumentMeta, DocumentPart, NewDocument};
pub use keystore::{KeyStore, MemoryKeyStore, OsKeyring, GENERATION_SERVICE, KEYRING_SERVICE};
pub use lock::{LockMode, VaultLock, LOCK_FILE};
pub use member::{Member, Relation};
pub use pinlock::{LockedVault, Opened, Pin, PinStatus, ReminderView};
pub use recovery::{KdfParams, RecoveryCode};

use crate::{Error, Msg, Result};
use atomic::io_error;
use crypto::{fill_random, from_hex, to_hex, FORMAT_VERSION, MAGIC, NONCE_LEN};
use header::*;
use items::*;

/// The header file's name.
pub const HEADER_FILE: &str = "vault.json";
/// The folder of item files.
pub const ITEMS_DIR: &str = "items";
/// The member index's item id (`items/members.bin`).
pub const MEMBER_INDEX_ID: &str = "members";
/// The `format` field of `vault.json`.
const FORMAT_NAME: &str = "hoken-wallet-vault";
const SALT_LEN: usize = 32;
const VAULT_ID_LEN: usize = 16;

fn damaged(file: &str, ja: String, en: String) -> Error {
    Error::Damaged {
        file: file.to_string(),
        msg: Msg::new(ja, en),
    }
}

/// An open vault: its folder, its id and its data key (wiped when dropped).
pub struct Vault {
    dir: PathBuf,
    id: String,
    key: SecretKey,
    /// With the app lock on: the keyring's device secret (docs/vault-format.md §12).
    ring: Option<SecretKey>,
    /// The highest index generation this handle has read or written: an index older than
    /// that is a rollback.
    seen: AtomicU64,
    /// The key store's generation mirror (§4.1), updated with every write of the index.
    mirror: Option<Arc<dyn KeyStore + Send + Sync>>,
    /// The mirror's entry name: [`generation_key`].
    mirror_id: String,
}

/// The name under which a key store mirrors the generation of the vault `vault_id` in `dir`:
/// `<vault id>.<16 hex digits>`, the first 8 bytes of BLAKE2b-256 of the folder's absolute
/// path. Per folder, so that a second copy of the same vault elsewhere on this computer (a
/// backup restored to look at it) is not taken for a rollback of the first.
pub fn generation_key(dir: &Path, vault_id: &str) -> String {
    use blake2::digest::consts::U32;
    use blake2::{Blake2b, Digest};
    let abs = fs::canonicalize(dir)
        .or_else(|_| std::path::absolute(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    let mut h = Blake2b::<U32>::new();
    h.update(abs.as_os_str().as_encoded_bytes());
    format!("{vault_id}.{}", to_hex(&h.finalize()[..8]))
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.dir)
            .field("id", &self.id)
            .field("key", &"<redacted>")
            .finish()
    }
}

impl Vault {
    /// Whether `dir` holds a vault (its `vault.json`).
    pub fn exists(dir: &Path) -> bool {
        fs::symlink_metadata(dir.join(HEADER_FILE)).is_ok()
    }

    /// Creates a vault in `dir` (made if missing), stores its key in `keys`, and returns it
    /// with the recovery code to show the user once. Refuses if `dir` already holds a vault
    /// or vault items: a new key is never made over existing data.
    pub fn create(dir: &Path, keys: &dyn KeyStore) -> Result<(Vault, RecoveryCode)> {
        Vault::create_with_params(dir, keys, KdfParams::RECOVERY)
    }

    /// [`Vault::create`] with explicit Argon2id parameters (cheap ones in tests); the
    /// parameters used are recorded in `vault.json`.
    pub fn create_with_params(
        dir: &Path,
        keys: &dyn KeyStore,
        params: KdfParams,
    ) -> Result<(Vault, RecoveryCode)> {
        let exists = || {
            Error::VaultExists(Msg::new(
                format!(
                    "{} にはすでに保管庫があります。新しい鍵で上書きはしません",
                    dir.display()
                ),
                format!(
                    "{} already holds a vault; a new one is never created over existing data",
                    dir.display()
                ),
            ))
        };
        // Checking for a vault and creating one is one step for other processes.
        fs::create_dir_all(dir).map_err(|e| io_error(dir, "作成", "create", &e))?;
        let _lock = VaultLock::acquire(dir, LockMode::Exclusive)?;
        if Vault::exists(dir) {
            return Err(exists());
        }
        let items = dir.join(ITEMS_DIR);
        if let Ok(mut entries) = fs::read_dir(&items) {
            if entries.next().is_some() {
                return Err(exists());
            }
        }

        let key = SecretKey::generate()?;
        let code = RecoveryCode::generate()?;
        let vault_id = random_hex(VAULT_ID_LEN)?;
        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let kek = recovery::derive_kek(&code, &salt, &params, HEADER_FILE)?;
        let wrapped = crypto::wrap(&kek, &nonce, &recovery_aad(FORMAT_VERSION, &vault_id), &key)?;
        let mut header_nonce = [0u8; NONCE_LEN];
        fill_random(&mut header_nonce)?;
        let mut header = Header {
            format: FORMAT_NAME.into(),
            version: FORMAT_VERSION,
            vault_id: vault_id.clone(),
            recovery: RecoverySlot {
                kdf: "argon2id".into(),
                argon2_version: 0x13,
                params,
                salt: to_hex(&salt),
                nonce: to_hex(&nonce),
                wrapped_key: to_hex(&wrapped),
            },
            header_nonce: to_hex(&header_nonce),
            header_tag: String::new(),
            pin: None,
            pin_attempts: None,
        };
        header.header_tag = to_hex(&crypto::tag(&key, &header_nonce, &header.tag_aad()?)?);

        // The keyring first: if it fails, nothing has been written.
        keys.set(&vault_id, &key)
            .map_err(keystore::cannot_store_new_key)?;
        let vault = Vault::assemble(dir, vault_id, key, keys);
        let written = (|| {
            fs::create_dir_all(&items).map_err(|e| io_error(&items, "作成", "create", &e))?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&items, fs::Permissions::from_mode(0o700))
                    .map_err(|e| io_error(&items, "設定", "restrict", &e))?;
            }
            vault.write_members(&mut MemberIndex::fresh())?;
            let mut json = serde_json::to_vec_pretty(&header).map_err(|e| {
                Error::Io(Msg::new(
                    format!("内部エラー: {e}"),
                    format!("Internal error: {e}"),
                ))
            })?;
            json.push(b'\n');
            // The header last: its presence is what makes the folder a vault.
            atomic_write(&dir.join(HEADER_FILE), &json)
        })();
        if let Err(e) = written {
            let _ = keys.delete(&vault.id);
            return Err(e);
        }
        Ok((vault, code))
    }

    /// Opens the vault in `dir` with the key from `keys`. If the keyring has no key for it
    /// (new computer, wiped keyring) or is locked or absent: `Error::KeyUnavailable`, and no
    /// file is touched. A member index older than the generation `keys` mirrors is a
    /// rollback (`Error::Damaged` naming it); a vault written before the index recorded its
    /// items is migrated (§4.2).
    pub fn open(dir: &Path, keys: &dyn KeyStore) -> Result<Vault> {
        let vault = Vault::open_header(dir, keys)?;
        vault.check_on_open(keys)?;
        Ok(vault)
    }

    fn assemble(dir: &Path, id: String, key: SecretKey, keys: &dyn KeyStore) -> Vault {
        Vault::assemble_mirrored(dir, id, key, keys.generation_mirror())
    }

    /// [`Vault::assemble`] with the key store's generation mirror already taken (the app
    /// lock's unlock, which no longer holds the key store).
    fn assemble_mirrored(
        dir: &Path,
        id: String,
        key: SecretKey,
        mirror: Option<Arc<dyn KeyStore + Send + Sync>>,
    ) -> Vault {
        Vault {
            dir: dir.to_path_buf(),
            mirror_id: generation_key(dir, &id),
            id,
            key,
            seen: AtomicU64::new(0),
            mirror,
            ring: None,
        }
    }

    /// The entry name of this vault's generation in the key store ([`generation_key`]).
    pub fn generation_id(&self) -> &str {
        &self.mirror_id
    }

    /// The index against the mirrored generation, once at opening: older is a rollback;
    /// newer (or none recorded) updates the mirror. A legacy index is migrated first. A
    /// damaged index does not stop the opening: every read of it reports the damage.
    fn check_on_open(&self, keys: &dyn KeyStore) -> Result<()> {
        let index = match self.read_members() {
            Ok(index) => index,
            Err(Error::Damaged { .. }) => return Ok(()),
            Err(e) => return Err(e),
        };
        let generation = if index.items.is_none() {
            match self.migrate() {
                Ok(g) => g,
                // Read-only media and the like: the vault opens as before, unchecked.
                Err(Error::Io(_)) | Err(Error::Busy(_)) => index.generation,
                Err(e) => return Err(e),
            }
        } else {
            index.generation
        };
        match keys.get_generation(&self.mirror_id)? {
            Some(mirrored) if generation < mirrored => Err(self.rolled_back(generation, mirrored)),
            Some(mirrored) if generation == mirrored => Ok(()),
            // A crash between the index and the mirror, a first open on this computer.
            _ => {
                let _ = keys.set_generation(&self.mirror_id, generation);
                Ok(())
            }
        }
    }

    /// Records every item file in a legacy index (§4.2), under the exclusive lock; returns
    /// the index's new generation.
    fn migrate(&self) -> Result<u64> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let index = self.read_members()?;
        if index.items.is_none() {
            let mut index = self.index_for_write()?;
            self.write_members(&mut index)?;
            return Ok(index.generation);
        }
        Ok(index.generation)
    }

    fn rolled_back(&self, found: u64, expected: u64) -> Error {
        let file = self.item_path(MEMBER_INDEX_ID).display().to_string();
        damaged(
            &file,
            format!("{file} が古い版に戻されています（世代 {found}、このコンピューターが最後に記録したのは {expected}）。バックアップから戻すか、最新のコピーを戻してください"),
            format!("{file} has been rolled back: it is generation {found}, and this computer last recorded generation {expected}. An older copy of the vault was put back; restore the newest copy or a backup"),
        )
    }

    /// `vault.json` and the key only (no index): for [`Vault::open`], and for a caller that
    /// already holds the lock.
    fn open_header(dir: &Path, keys: &dyn KeyStore) -> Result<Vault> {
        let (header, file) = read_header(dir)?;
        let key = keys.get(&header.vault_id)?.ok_or_else(|| {
            keystore::key_unavailable(
                &format!(
                    "このコンピューターのキーリングに {} の保管庫の鍵がありません",
                    dir.display()
                ),
                &format!(
                    "This computer's keyring has no key for the vault in {}",
                    dir.display()
                ),
            )
        })?;
        if pinlock::locked_by(&header, &key) {
            return Err(pinlock::locked_error(&header, &key));
        }
        header.verify(&key, &file)?;
        Ok(Vault::assemble(dir, header.vault_id, key, keys))
    }

    /// Opens the vault with its recovery code and stores the key in `keys` again.
    pub fn recover(dir: &Path, code: &RecoveryCode, keys: &dyn KeyStore) -> Result<Vault> {
        // No lock file is made in a folder without a vault.
        read_header(dir)?;
        let _lock = VaultLock::acquire(dir, LockMode::Shared)?;
        let (header, file) = read_header(dir)?;
        let r = &header.recovery;
        let salt = from_hex(&r.salt).unwrap_or_default();
        let nonce = from_hex(&r.nonce).unwrap_or_default();
        let wrapped = from_hex(&r.wrapped_key).unwrap_or_default();
        let kek = recovery::derive_kek(code, &salt, &r.params, &file)?;
        let key = crypto::unwrap(&kek, &nonce, &recovery_aad(header.version, &header.vault_id), &wrapped)
            .ok_or_else(|| {
                Error::WrongRecoveryCode(Msg::new(
                    "回復コードが違います（この保管庫のものではありません）。書き留めたコードをもう一度確かめてください",
                    "Wrong recovery code: it does not open this vault. Check the code you wrote down and try again",
                ))
            })?;
        header.verify(&key, &file)?;
        keys.set(&header.vault_id, &key)?;
        drop(_lock);
        let vault = Vault::assemble(dir, header.vault_id, key, keys);
        vault.check_on_open(keys)?;
        Ok(vault)
    }

    /// The vault's random id (the keyring entry's user name).
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

#[cfg(test)]
mod tests;
