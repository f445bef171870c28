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
#[doc(hidden)]
pub mod fuzzing;
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

/// The recovery slot: the data key wrapped under Argon2id(recovery code).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecoverySlot {
    /// Always "argon2id".
    kdf: String,
    /// Argon2 version: 19 (0x13).
    argon2_version: u32,
    params: KdfParams,
    /// 32 random bytes, hex.
    salt: String,
    /// 24 random bytes, hex.
    nonce: String,
    /// XChaCha20-Poly1305(data key): 32 + 16 bytes, hex.
    wrapped_key: String,
}

/// `vault.json`. It holds no personal data; `header_tag` authenticates everything else in it
/// under the data key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Header {
    format: String,
    version: u8,
    vault_id: String,
    recovery: RecoverySlot,
    header_nonce: String,
    header_tag: String,
    /// The app lock's PIN slot (docs/vault-format.md §12); absent while the lock is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pin: Option<pinlock::PinSlot>,
    /// The wrong-PIN counter (outside the header tag, authenticated on its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pin_attempts: Option<pinlock::PinAttempts>,
}

/// The fields the header tag covers, in this order.
#[derive(Serialize)]
struct HeaderBody<'a> {
    format: &'a str,
    version: u8,
    vault_id: &'a str,
    recovery: &'a RecoverySlot,
    header_nonce: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pin: Option<&'a pinlock::PinSlot>,
}

impl Header {
    /// `HKWV | version | "header" | compact JSON of the covered fields`.
    fn tag_aad(&self) -> Result<Vec<u8>> {
        let body = HeaderBody {
            format: &self.format,
            version: self.version,
            vault_id: &self.vault_id,
            recovery: &self.recovery,
            header_nonce: &self.header_nonce,
            pin: self.pin.as_ref(),
        };
        let mut aad = Vec::new();
        aad.extend_from_slice(MAGIC);
        aad.push(self.version);
        aad.extend_from_slice(b"header");
        let json = serde_json::to_vec(&body).map_err(|e| {
            Error::Io(Msg::new(
                format!("内部エラー: {e}"),
                format!("Internal error: {e}"),
            ))
        })?;
        aad.extend_from_slice(&json);
        Ok(aad)
    }

    fn verify(&self, key: &SecretKey, file: &str) -> Result<()> {
        let nonce = from_hex(&self.header_nonce).unwrap_or_default();
        let tag = from_hex(&self.header_tag).unwrap_or_default();
        if crypto::verify_tag(key, &nonce, &self.tag_aad()?, &tag) {
            Ok(())
        } else {
            Err(Error::Damaged {
                file: file.to_string(),
                msg: Msg::new(
                    format!("{file} が壊れているか改ざんされています（または、キーリングの鍵が別の保管庫のものです）"),
                    format!("{file} is damaged or has been tampered with (or the keyring holds another vault's key): its integrity check failed"),
                ),
            })
        }
    }
}

/// The recovery slot's associated data: `HKWV | version | "recovery" | vault id (ASCII hex)`.
fn recovery_aad(version: u8, vault_id: &str) -> Vec<u8> {
    let mut aad = Vec::new();
    aad.extend_from_slice(MAGIC);
    aad.push(version);
    aad.extend_from_slice(b"recovery");
    aad.extend_from_slice(vault_id.as_bytes());
    aad
}

fn damaged(file: &str, ja: String, en: String) -> Error {
    Error::Damaged {
        file: file.to_string(),
        msg: Msg::new(ja, en),
    }
}

/// Whether `<dir>/items/` holds any item file (`*.bin`): vault data, with or without a header.
fn holds_items(dir: &Path) -> bool {
    fs::read_dir(dir.join(ITEMS_DIR)).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".bin")))
    })
}

/// Reads and checks the shape of `vault.json` (the tag is checked once a key is known).
fn read_header(dir: &Path) -> Result<(Header, String)> {
    let path = dir.join(HEADER_FILE);
    let file = path.display().to_string();
    let bytes = match fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == ErrorKind::NotFound && holds_items(dir) => {
            return Err(damaged(
                &file,
                format!("{file} がありません。items/ には保管庫のデータが残っています（壊れています）。バックアップから戻してください"),
                format!("{file} is missing while items/ still holds vault data: the vault is damaged. Restore it from a backup"),
            ))
        }
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(Error::NoVault(Msg::new(
                format!(
                    "{} に保管庫がありません。アプリを開くか hoken-wallet init で作成してください",
                    dir.display()
                ),
                format!(
                "There is no vault in {}: open the app or run `hoken-wallet init` to create one",
                dir.display()
            ),
            )))
        }
        Err(e) => return Err(io_error(&path, "読み込み", "read", &e)),
    };
    let header = decode_header(&bytes, &file)?;
    Ok((header, file))
}

/// Checks that `bytes` are a well-formed `vault.json` (JSON shape, format, version, hex
/// lengths); the header tag needs the key and is not checked. The fuzz target's entry point.
pub fn parse_header(bytes: &[u8]) -> Result<()> {
    decode_header(bytes, HEADER_FILE).map(|_| ())
}

/// Parses `vault.json`'s bytes; `file` names it in the error.
fn decode_header(bytes: &[u8], file: &str) -> Result<Header> {
    let header: Header = serde_json::from_slice(bytes).map_err(|e| {
        damaged(
            file,
            format!("{file} が壊れています（JSON として読めません: {e}）"),
            format!("{file} is damaged: it cannot be read ({e})"),
        )
    })?;
    let bad = |what: &str| {
        damaged(
            file,
            format!("{file} が壊れています（{what}）"),
            format!("{file} is damaged: {what}"),
        )
    };
    if header.format != FORMAT_NAME {
        return Err(bad("not a Hoken Wallet vault header"));
    }
    if header.version != FORMAT_VERSION {
        return Err(damaged(
            file,
            format!("{file} の形式バージョン {} は読めません", header.version),
            format!(
                "{file} has format version {}, which this version cannot read (damaged, or written by a newer Hoken Wallet)",
                header.version
            ),
        ));
    }
    let hex_len = |s: &str, n: usize| from_hex(s).is_some_and(|b| b.len() == n);
    if !hex_len(&header.vault_id, VAULT_ID_LEN) {
        return Err(bad("bad vault id"));
    }
    let r = &header.recovery;
    if r.kdf != "argon2id" || r.argon2_version != 0x13 {
        return Err(bad("unknown key derivation"));
    }
    r.params.check(file)?;
    if !hex_len(&r.salt, SALT_LEN)
        || !hex_len(&r.nonce, NONCE_LEN)
        || !hex_len(&r.wrapped_key, crypto::KEY_LEN + crypto::TAG_LEN)
        || !hex_len(&header.header_nonce, NONCE_LEN)
        || !hex_len(&header.header_tag, crypto::TAG_LEN)
    {
        return Err(bad("a salt, nonce, key or tag has the wrong length"));
    }
    pinlock::check_shape(&header).map_err(bad)?;
    Ok(header)
}

/// Item ids are file names: 1–64 characters of `a-z 0-9 - _`.
fn check_item_id(id: &str) -> Result<()> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::InvalidInput(Msg::new(
            "項目 ID が不正です",
            format!("Invalid item id {id:?} (1-64 characters of a-z, 0-9, - and _)"),
        )))
    }
}

fn random_hex(n: usize) -> Result<String> {
    let mut b = vec![0u8; n];
    fill_random(&mut b)?;
    Ok(to_hex(&b))
}

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberIndex {
    members: Vec<Member>,
    /// Every member's documents (their bytes are separate items).
    #[serde(default)]
    documents: Vec<documents::DocumentMeta>,
    /// One more with every write of the index (§4.1); 0 in a vault written before it existed.
    #[serde(default)]
    generation: u64,
    /// Every other item file, by id: its kind, length, hash and the generation that wrote it.
    /// `None` only in a vault written before (migrated on its first open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    items: Option<BTreeMap<String, ItemRecord>>,
}

impl MemberIndex {
    /// A new vault's index: no members, no items, every item recorded from now on.
    fn fresh() -> MemberIndex {
        MemberIndex {
            items: Some(BTreeMap::new()),
            ..MemberIndex::default()
        }
    }
}

/// A file as the index knows it: its length and BLAKE2b-256 hash (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileRef {
    len: u64,
    hash: String,
}

impl FileRef {
    fn of(bytes: &[u8]) -> FileRef {
        use blake2::digest::consts::U32;
        use blake2::{Blake2b, Digest};
        let mut h = Blake2b::<U32>::new();
        h.update(bytes);
        FileRef {
            len: bytes.len() as u64,
            hash: to_hex(&h.finalize()),
        }
    }
}

/// One item file in the index (§4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemRecord {
    /// The item kind (byte 5 of the file).
    kind: u8,
    /// The index generation that recorded this version.
    generation: u64,
    #[serde(flatten)]
    file: FileRef,
    /// A rewrite in progress: the file may already be this version (a crash between writing
    /// the item and recording it leaves either version, and both are accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<FileRef>,
}

/// The member index's decrypted JSON; `file` names `members.bin` in the error.
fn parse_member_index(plain: &[u8], file: &str) -> Result<MemberIndex> {
    serde_json::from_slice(plain).map_err(|e| {
        damaged(
            file,
            format!("{file} の内容を読めません: {e}"),
            format!("{file} is damaged: its content cannot be read ({e})"),
        )
    })
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

    fn item_path(&self, id: &str) -> PathBuf {
        self.dir.join(ITEMS_DIR).join(format!("{id}.bin"))
    }

    /// Takes `<dir>/vault.lock` (shared for reads, exclusive for writes).
    fn lock(&self, mode: LockMode) -> Result<VaultLock> {
        VaultLock::acquire(&self.dir, mode)
    }

    /// Encrypts and writes one item (atomically, replacing any previous version) and
    /// records it in the index.
    pub fn put_item(&self, kind: ItemKind, id: &str, plaintext: &[u8]) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        self.write_item(kind, id, plaintext)
    }

    /// `put_item` for a caller that holds the lock.
    fn write_item(&self, kind: ItemKind, id: &str, plaintext: &[u8]) -> Result<()> {
        let mut index = self.index_for_write()?;
        self.stage_item(&mut index, kind, id, plaintext)?;
        self.write_members(&mut index)
    }

    /// Writes one item file and records it in `index`, which the caller writes next. An item
    /// already recorded is rewritten in two steps (§4.1): the index first notes the new
    /// version as `next`, then the file is replaced; a crash in between leaves a file the
    /// index accepts.
    fn stage_item(
        &self,
        index: &mut MemberIndex,
        kind: ItemKind,
        id: &str,
        plaintext: &[u8],
    ) -> Result<()> {
        check_item_id(id)?;
        if id == MEMBER_INDEX_ID || kind == ItemKind::MemberIndex {
            return Err(Error::InvalidInput(Msg::new(
                "メンバーの一覧は項目として書けません",
                "The member index cannot be written as an item",
            )));
        }
        let bytes = crypto::seal_item(&self.key, kind, id, plaintext)?;
        let file = FileRef::of(&bytes);
        let on_disk = fs::read(self.item_path(id)).ok().map(|b| FileRef::of(&b));
        let rewrite = match index.items.as_mut().and_then(|items| items.get_mut(id)) {
            Some(record) => {
                // A crash after the last rewrite's file but before its index left the file at
                // `next`: that version is the current one before `next` is replaced.
                if let Some(next) = record.next.take() {
                    if on_disk.as_ref() == Some(&next) {
                        record.file = next;
                    }
                }
                record.next = Some(file.clone());
                true
            }
            None => false,
        };
        if rewrite {
            self.write_members(index)?;
        }
        atomic_write(&self.item_path(id), &bytes)?;
        index.items.get_or_insert_with(BTreeMap::new).insert(
            id.to_string(),
            ItemRecord {
                kind: kind as u8,
                generation: index.generation + 1,
                file,
                next: None,
            },
        );
        Ok(())
    }

    /// Reads and decrypts one item. A file the index records that is missing, or is not the
    /// version it records (rolled back, replaced, damaged), is `Error::Damaged` naming it; an
    /// id the index does not record is `Error::NotFound`.
    pub fn get_item(&self, kind: ItemKind, id: &str) -> Result<Zeroizing<Vec<u8>>> {
        let _lock = self.lock(LockMode::Shared)?;
        self.read_item(kind, id)
    }

    /// `get_item` for a caller that holds the lock.
    fn read_item(&self, kind: ItemKind, id: &str) -> Result<Zeroizing<Vec<u8>>> {
        check_item_id(id)?;
        let index = self.read_members()?;
        self.read_recorded(&index, kind, id)
    }

    /// One item's bytes on disk, checked against `index`: `(bytes, file name)`.
    fn recorded_file(&self, index: &MemberIndex, id: &str) -> Result<(Vec<u8>, String)> {
        let path = self.item_path(id);
        let file = path.display().to_string();
        let record = match &index.items {
            // A legacy index (read-only media): unchecked, as before.
            None => None,
            Some(items) => match items.get(id) {
                Some(r) => Some(r),
                None => {
                    return Err(Error::NotFound(Msg::new(
                        format!("{file} がありません"),
                        format!("{file} does not exist"),
                    )))
                }
            },
        };
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound && record.is_some() => {
                return Err(damaged(
                    &file,
                    format!("{file} がありません（保管庫の一覧には記録されています。削除されたか、移動されました）"),
                    format!("{file} is missing: the vault's index records it, so it was deleted or moved"),
                ))
            }
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::NotFound(Msg::new(
                    format!("{file} がありません"),
                    format!("{file} does not exist"),
                )))
            }
            Err(e) => return Err(io_error(&path, "読み込み", "read", &e)),
        };
        if let Some(r) = record {
            let found = FileRef::of(&bytes);
            if found != r.file && r.next.as_ref() != Some(&found) {
                return Err(damaged(
                    &file,
                    format!("{file} は保管庫の一覧に記録された版ではありません（古いコピーに戻されたか、置き換えられたか、壊れています）"),
                    format!("{file} is not the version the vault's index records: an older copy was put back, or it was replaced or damaged"),
                ));
            }
        }
        Ok((bytes, file))
    }

    /// [`Vault::read_item`] with the index already read.
    fn read_recorded(
        &self,
        index: &MemberIndex,
        kind: ItemKind,
        id: &str,
    ) -> Result<Zeroizing<Vec<u8>>> {
        let (bytes, file) = self.recorded_file(index, id)?;
        crypto::open_item(&self.key, kind, id, &file, &bytes)
    }

    /// Removes one item: from the index first, then its file.
    pub fn remove_item(&self, id: &str) -> Result<()> {
        check_item_id(id)?;
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        let recorded = index
            .items
            .as_mut()
            .is_some_and(|items| items.remove(id).is_some());
        if recorded {
            self.write_members(&mut index)?;
        }
        match self.delete_item_file(id) {
            Err(_) if recorded => Ok(()),
            r => r,
        }
    }

    /// Removes an item's file (the caller holds the exclusive lock and has written an index
    /// that no longer records it).
    fn delete_item_file(&self, id: &str) -> Result<()> {
        check_item_id(id)?;
        let path = self.item_path(id);
        fs::remove_file(&path).map_err(|e| io_error(&path, "削除", "remove", &e))?;
        atomic::sync_dir(&self.dir.join(ITEMS_DIR)).map_err(|e| io_error(&path, "同期", "sync", &e))
    }

    fn read_members(&self) -> Result<MemberIndex> {
        let plain = match self.read_index_file() {
            Err(Error::NotFound(m)) => {
                let file = self.item_path(MEMBER_INDEX_ID).display().to_string();
                return Err(Error::Damaged {
                    file,
                    msg: Msg::new(
                        format!("メンバーの一覧が失われています: {}", m.ja),
                        format!("The member index is missing: {}", m.en),
                    ),
                });
            }
            r => r?,
        };
        let index = parse_member_index(
            &plain,
            &self.item_path(MEMBER_INDEX_ID).display().to_string(),
        )?;
        let seen = self.seen.fetch_max(index.generation, Ordering::SeqCst);
        if index.generation < seen {
            return Err(self.rolled_back(index.generation, seen));
        }
        Ok(index)
    }

    /// `members.bin`, decrypted.
    fn read_index_file(&self) -> Result<Zeroizing<Vec<u8>>> {
        let path = self.item_path(MEMBER_INDEX_ID);
        let file = path.display().to_string();
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == ErrorKind::NotFound => {
                return Err(Error::NotFound(Msg::new(
                    format!("{file} がありません"),
                    format!("{file} does not exist"),
                )))
            }
            Err(e) => return Err(io_error(&path, "読み込み", "read", &e)),
        };
        crypto::open_item(
            &self.key,
            ItemKind::MemberIndex,
            MEMBER_INDEX_ID,
            &file,
            &bytes,
        )
    }

    /// The index for a read-modify-write (the caller holds the exclusive lock): checked
    /// against the generation mirror, so a rolled-back index is never written over (which
    /// would hide the rollback), and migrated if it is a legacy one.
    fn index_for_write(&self) -> Result<MemberIndex> {
        let mut index = self.read_members()?;
        if index.items.is_none() {
            index.items = Some(self.record_existing_items()?);
        }
        if let Some(mirror) = &self.mirror {
            if let Ok(Some(mirrored)) = mirror.get_generation(&self.mirror_id) {
                if index.generation < mirrored {
                    return Err(self.rolled_back(index.generation, mirrored));
                }
            }
        }
        Ok(index)
    }

    /// Writes the index as the next generation and mirrors that generation in the key
    /// store. A legacy index first records every item file there is (§4.2).
    fn write_members(&self, index: &mut MemberIndex) -> Result<()> {
        if index.items.is_none() {
            index.items = Some(self.record_existing_items()?);
        }
        index.generation += 1;
        let json = Zeroizing::new(serde_json::to_vec(&*index).map_err(|e| {
            Error::Io(Msg::new(
                format!("内部エラー: {e}"),
                format!("Internal error: {e}"),
            ))
        })?);
        let bytes = crypto::seal_item(&self.key, ItemKind::MemberIndex, MEMBER_INDEX_ID, &json)?;
        atomic_write(&self.item_path(MEMBER_INDEX_ID), &bytes)?;
        self.seen.fetch_max(index.generation, Ordering::SeqCst);
        // After the index: a crash in between leaves the mirror behind, which the next open
        // corrects. A keyring that refuses now only weakens the check until then.
        if let Some(mirror) = &self.mirror {
            let _ = mirror.set_generation(&self.mirror_id, index.generation);
        }
        // With the app lock on: the reminders' copy follows the index.
        self.refresh_reminders(Some(&*index), None)
    }

    /// Every item file in `items/` (but the index) as the index records it: the migration
    /// of a legacy vault, which loses nothing (a damaged file stays damaged).
    fn record_existing_items(&self) -> Result<BTreeMap<String, ItemRecord>> {
        let dir = self.dir.join(ITEMS_DIR);
        let mut items = BTreeMap::new();
        for entry in fs::read_dir(&dir).map_err(|e| io_error(&dir, "読み込み", "read", &e))? {
            let entry = entry.map_err(|e| io_error(&dir, "読み込み", "read", &e))?;
            let name = entry.file_name();
            let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".bin")) else {
                continue;
            };
            if id == MEMBER_INDEX_ID || check_item_id(id).is_err() {
                continue;
            }
            let path = entry.path();
            let bytes = fs::read(&path).map_err(|e| io_error(&path, "読み込み", "read", &e))?;
            items.insert(
                id.to_string(),
                ItemRecord {
                    kind: bytes.get(5).copied().unwrap_or(0),
                    generation: 0,
                    file: FileRef::of(&bytes),
                    next: None,
                },
            );
        }
        Ok(items)
    }

    fn not_found(id: &str) -> Error {
        Error::NotFound(Msg::new(
            format!("メンバー {id} は見つかりません"),
            format!("No member with id {id}"),
        ))
    }

    /// Every member, in the order they were added.
    pub fn list_members(&self) -> Result<Vec<Member>> {
        let _lock = self.lock(LockMode::Shared)?;
        Ok(self.read_members()?.members)
    }

    pub fn get_member(&self, id: &str) -> Result<Member> {
        let _lock = self.lock(LockMode::Shared)?;
        self.read_members()?
            .members
            .into_iter()
            .find(|m| m.id == id)
            .ok_or_else(|| Vault::not_found(id))
    }

    /// Validates and adds a member under a new random id, which it returns (`member.id` is
    /// ignored).
    pub fn add_member(&self, mut member: Member) -> Result<String> {
        member.validate()?;
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        member.id = random_hex(8)?;
        let id = member.id.clone();
        index.members.push(member);
        self.write_members(&mut index)?;
        Ok(id)
    }

    /// Validates and replaces the member with the same id.
    pub fn update_member(&self, mut member: Member) -> Result<()> {
        member.validate()?;
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        let slot = index
            .members
            .iter_mut()
            .find(|m| m.id == member.id)
            .ok_or_else(|| Vault::not_found(&member.id))?;
        member.carry_origins(slot);
        *slot = member;
        self.write_members(&mut index)
    }

    pub fn remove_member(&self, id: &str) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut index = self.index_for_write()?;
        let before = index.members.len();
        index.members.retain(|m| m.id != id);
        if index.members.len() == before {
            return Err(Vault::not_found(id));
        }
        let (gone, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut index.documents)
            .into_iter()
            .partition(|d| d.member_id == id);
        index.documents = kept;
        for d in &gone {
            documents::forget_items(&mut index, &d.id);
        }
        self.write_members(&mut index)?;
        for d in gone {
            self.remove_document_items(&d.id);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
