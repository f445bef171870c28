//! Backups (docs/vault-format.md §10): one file holding the whole vault — `vault.json`, the
//! member index and every item file, byte for byte — plus the data key, encrypted under a key
//! derived with Argon2id from the recovery code or a passphrase the user chooses, so it
//! restores on a new computer with either.
//!
//! ```text
//! "HKWB" | version | secret kind | m, t, p (u32 LE) | salt (32) | nonce (24)   = 74 bytes
//! XChaCha20-Poly1305(payload) + tag (16)       associated data: the 74 bytes above
//! BLAKE2b-256 of everything before it (32)     finds accidental damage before the KDF runs
//! ```

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use blake2::digest::consts::U32;
use blake2::{Blake2b, Digest};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::vault::atomic::{atomic_write, io_error, sync_dir};
use crate::vault::crypto::{self, fill_random, to_hex, ItemKind, SecretKey, KEY_LEN, NONCE_LEN};
use crate::vault::keystore::KeyStore;
use crate::vault::lock::{LockMode, VaultLock, LOCK_FILE};
use crate::vault::recovery::{self, KdfParams, RecoveryCode};
use crate::vault::{
    check_item_id, documents, read_header, Header, MemberIndex, Vault, HEADER_FILE, ITEMS_DIR,
    MEMBER_INDEX_ID, SALT_LEN, VAULT_ID_LEN,
};
use crate::{Error, Msg, Result};

mod file;
mod restore;
use file::*;
use restore::*;

/// The first four bytes of a backup file.
pub const BACKUP_MAGIC: &[u8; 4] = b"HKWB";
/// The backup format version this code writes and reads.
pub const BACKUP_VERSION: u8 = 1;
/// The largest backup file written or read: 1 GiB.
pub const MAX_BACKUP_LEN: u64 = 1 << 30;
/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 10;
/// magic (4) + version (1) + secret kind (1) + m, t, p (12) + salt (32) + nonce (24).
pub const BACKUP_HEADER_LEN: usize = 4 + 1 + 1 + 12 + SALT_LEN + NONCE_LEN;
const CHECKSUM_LEN: usize = 32;
/// vault id (16) + data key (32) + created (8) + vault.json length (4) + item count (4).
const PAYLOAD_FIXED_LEN: usize = VAULT_ID_LEN + KEY_LEN + 8 + 4 + 4;

/// Which secret a backup is encrypted under (byte 5 of the file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecretKind {
    RecoveryCode = 1,
    Passphrase = 2,
}

/// The secret a backup is made with. `Debug` never shows it.
pub enum BackupSecret {
    /// The vault's own recovery code (checked against the vault before anything is written).
    RecoveryCode(RecoveryCode),
    /// A passphrase the user chooses, at least [`MIN_PASSPHRASE_CHARS`] characters, used
    /// exactly as typed.
    Passphrase(Zeroizing<String>),
}

impl std::fmt::Debug for BackupSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BackupSecret::RecoveryCode(_) => f.write_str("BackupSecret::RecoveryCode(<redacted>)"),
            BackupSecret::Passphrase(_) => f.write_str("BackupSecret::Passphrase(<redacted>)"),
        }
    }
}

impl BackupSecret {
    /// A passphrase secret, refused if shorter than [`MIN_PASSPHRASE_CHARS`] characters.
    pub fn passphrase(p: impl Into<String>) -> Result<BackupSecret> {
        let s = BackupSecret::Passphrase(Zeroizing::new(p.into()));
        s.check()?;
        Ok(s)
    }

    /// What the user typed for a new backup: the recovery code when it reads as one (any case,
    /// with or without hyphens; checked against the vault when the backup is made), else a
    /// passphrase used exactly as typed (at least [`MIN_PASSPHRASE_CHARS`] characters).
    pub fn from_typed(input: &str) -> Result<BackupSecret> {
        match RecoveryCode::parse(input) {
            Ok(code) => Ok(BackupSecret::RecoveryCode(code)),
            Err(_) => BackupSecret::passphrase(input),
        }
    }

    pub fn kind(&self) -> SecretKind {
        match self {
            BackupSecret::RecoveryCode(_) => SecretKind::RecoveryCode,
            BackupSecret::Passphrase(_) => SecretKind::Passphrase,
        }
    }

    fn check(&self) -> Result<()> {
        match self {
            BackupSecret::Passphrase(p) if p.chars().count() < MIN_PASSPHRASE_CHARS => {
                Err(Error::InvalidInput(Msg::new(
                    format!("バックアップのパスフレーズは{MIN_PASSPHRASE_CHARS}文字以上にしてください（入力は{}文字）", p.chars().count()),
                    format!(
                        "A backup passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; this one has {}",
                        p.chars().count()
                    ),
                )))
            }
            _ => Ok(()),
        }
    }

    fn derive(&self, salt: &[u8], params: &KdfParams, file: &str) -> Result<SecretKey> {
        match self {
            BackupSecret::RecoveryCode(c) => recovery::derive_kek(c, salt, params, file),
            BackupSecret::Passphrase(p) => recovery::derive_passphrase_key(p, salt, params, file),
        }
    }
}

/// What `export_backup` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub vault_id: String,
    pub secret: SecretKind,
    pub members: usize,
    /// Documents and thumbnails (item files other than the member index).
    pub items: usize,
    /// The backup file's size.
    pub bytes: u64,
}

/// What to do when the target folder is not empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Only into a missing or empty folder; anything else is refused (`vault_exists`).
    IntoEmpty,
    /// Add the backup's members and items that the folder's vault lacks (by id), keeping
    /// every existing one. Needs the existing vault's key in the keyring.
    Merge,
    /// Replace the folder's vault with the backup's; the old one is removed only after the
    /// new one is completely written and synced.
    Replace,
}

impl ImportMode {
    /// The app's choice for a folder that already has a vault: `merge` or `replace`; anything
    /// else is `invalid_input` naming it.
    pub fn from_choice(choice: &str) -> crate::Result<ImportMode> {
        match choice {
            "merge" => Ok(ImportMode::Merge),
            "replace" => Ok(ImportMode::Replace),
            other => Err(crate::Error::InvalidInput(crate::Msg::new(
                format!("読み込み方法 {other} はありません（merge か replace）"),
                format!("Unknown import mode {other:?}: merge or replace"),
            ))),
        }
    }
}

/// What `import_backup` did. Into an empty folder or with `Replace`, everything in the
/// backup counts as added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// The mode that was applied (`IntoEmpty` when the folder was empty, whatever was asked).
    pub mode: ImportMode,
    pub secret: SecretKind,
    /// The backup's vault id (for `Merge`, the existing vault keeps its own id).
    pub backup_vault_id: String,
    /// When the backup was made (seconds since 1970, UTC).
    pub created_unix: u64,
    pub members_added: usize,
    /// Backup members not added because the vault already has a member with their id.
    pub members_already_present: usize,
    pub items_added: usize,
    /// Backup items not added because the vault already has an item with their id.
    pub items_already_present: usize,
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Io(Msg::new(
        format!("内部エラー: {e}"),
        format!("Internal error: {e}"),
    ))
}

fn damaged(file: &str, what_ja: &str, what_en: &str) -> Error {
    Error::Damaged {
        file: file.to_string(),
        msg: Msg::new(
            format!("バックアップ {file} が壊れています（{what_ja}）"),
            format!("The backup {file} is damaged: {what_en}"),
        ),
    }
}

fn wrong_secret() -> Error {
    Error::WrongRecoveryCode(Msg::new(
        "回復コードまたはパスフレーズが違います（このバックアップを開けません）。もう一度確かめてください",
        "The recovery code or passphrase does not open this backup. Check it and try again",
    ))
}

fn checksum(bytes: &[u8]) -> [u8; CHECKSUM_LEN] {
    let mut h = Blake2b::<U32>::new();
    h.update(bytes);
    h.finalize().into()
}

/// One item file of a backup, borrowed from the decrypted payload.
struct ItemEntry<'a> {
    id: &'a str,
    kind: ItemKind,
    bytes: &'a [u8],
}

/// A decrypted, checked backup.
struct Contents<'a> {
    vault_id: String,
    key: SecretKey,
    created_unix: u64,
    header_json: &'a [u8],
    /// Sorted by id; the member index among them.
    items: Vec<ItemEntry<'a>>,
    members: MemberIndex,
}

impl Vault {
    /// Writes a backup of the whole vault to `path` (atomically; an existing file there is
    /// replaced). With the recovery code, first checks that it opens this vault. Every item
    /// is checked on the way, so a damaged file is reported (naming it) instead of being
    /// copied into the backup.
    pub fn export_backup(
        &self,
        path: &Path,
        secret: &BackupSecret,
        params: KdfParams,
    ) -> Result<BackupSummary> {
        secret.check()?;
        let out_name = path.display().to_string();
        // Shared: readers may go on, writers wait, so the backup is one consistent state.
        let _lock = self.lock(LockMode::Shared)?;
        let (header, header_file) = read_header(&self.dir)?;
        header.verify(&self.key, &header_file)?;
        if header.vault_id != self.id {
            return Err(Error::NoVault(Msg::new(
                format!(
                    "{} の保管庫が入れ替わっています。開き直してください",
                    self.dir.display()
                ),
                format!(
                    "The vault in {} was replaced since it was opened; open it again",
                    self.dir.display()
                ),
            )));
        }
        if let BackupSecret::RecoveryCode(code) = secret {
            if !recovery::slot_opens_to(&header, code, &self.key, &header_file)? {
                return Err(Error::WrongRecoveryCode(Msg::new(
                    "回復コードが違います（この保管庫のものではありません）。そのコードで作ったバックアップは戻せないため、作成しませんでした",
                    "Wrong recovery code: it does not open this vault, so a backup made with it could never be restored. Nothing was written; check the code you wrote down",
                )));
            }
        }
        let header_path = self.dir.join(HEADER_FILE);
        let header_json =
            fs::read(&header_path).map_err(|e| io_error(&header_path, "読み込み", "read", &e))?;

        // Every item the index records (a legacy index: every item file there is), each
        // checked against its record and under the key; every document part must be there.
        let index = self.read_members()?;
        let mut ids: Vec<String> = match &index.items {
            Some(items) => items.keys().cloned().collect(),
            None => {
                let items_dir = self.dir.join(ITEMS_DIR);
                let mut ids = Vec::new();
                let entries = fs::read_dir(&items_dir)
                    .map_err(|e| io_error(&items_dir, "読み込み", "read", &e))?;
                for entry in entries {
                    let entry = entry.map_err(|e| io_error(&items_dir, "読み込み", "read", &e))?;
                    let name = entry.file_name();
                    // Temporary files (`.<name>.<hex>.tmp`) and anything else are not data.
                    let Some(id) = name.to_str().and_then(|n| n.strip_suffix(".bin")) else {
                        continue;
                    };
                    if check_item_id(id).is_ok() && id != MEMBER_INDEX_ID {
                        ids.push(id.to_string());
                    }
                }
                ids
            }
        };
        ids.push(MEMBER_INDEX_ID.to_string());
        ids.sort();
        for doc in &index.documents {
            for part in documents::part_ids(&doc.id) {
                if ids.binary_search(&part).is_err() {
                    let file = self.item_path(&part).display().to_string();
                    return Err(Error::Damaged {
                        msg: Msg::new(
                            format!("{file} がありません（書類の一部です）。バックアップを作成しませんでした"),
                            format!("{file} is missing (a part of a document), so no backup was written"),
                        ),
                        file,
                    });
                }
            }
        }
        let mut files: Vec<(String, ItemKind, Vec<u8>)> = Vec::with_capacity(ids.len());
        let mut total = (BACKUP_HEADER_LEN + PAYLOAD_FIXED_LEN + header_json.len()) as u64;
        let members = index.members.len();
        for id in ids {
            let (bytes, file) = if id == MEMBER_INDEX_ID {
                let path = self.item_path(&id);
                let bytes = fs::read(&path).map_err(|e| io_error(&path, "読み込み", "read", &e))?;
                (bytes, path.display().to_string())
            } else {
                self.recorded_file(&index, &id)?
            };
            let kind = bytes
                .get(5)
                .and_then(|b| ItemKind::from_byte(*b))
                .ok_or_else(|| Error::Damaged {
                    file: file.clone(),
                    msg: Msg::new(
                        format!("{file} が壊れています（種類が不明です）"),
                        format!("{file} is damaged: unknown item kind"),
                    ),
                })?;
            if (id == MEMBER_INDEX_ID) != (kind == ItemKind::MemberIndex) {
                return Err(Error::Damaged {
                    file: file.clone(),
                    msg: Msg::new(
                        format!("{file} の種類が違います"),
                        format!("{file} is damaged or misplaced: item kind {}", kind as u8),
                    ),
                });
            }
            crypto::open_item(&self.key, kind, &id, &file, &bytes)?;
            total += (1 + id.len() + 4 + bytes.len()) as u64;
            if total + (crypto::TAG_LEN + CHECKSUM_LEN) as u64 > MAX_BACKUP_LEN {
                return Err(Error::InvalidInput(Msg::new(
                    "保管庫が大きすぎて 1 GiB のバックアップファイルに収まりません",
                    "The vault is too large for one backup file (at most 1 GiB)",
                )));
            }
            files.push((id, kind, bytes));
        }

        // The payload holds the data key: built in place, wiped when dropped.
        let payload_len = total as usize - BACKUP_HEADER_LEN;
        let mut payload = Zeroizing::new(Vec::with_capacity(payload_len));
        let raw_id = crypto::from_hex(&self.id).unwrap_or_default();
        if raw_id.len() != VAULT_ID_LEN {
            return Err(internal("bad vault id"));
        }
        let created = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        payload.extend_from_slice(&raw_id);
        payload.extend_from_slice(&self.key.expose()[..]);
        payload.extend_from_slice(&created.to_le_bytes());
        payload.extend_from_slice(&len_u32(header_json.len())?.to_le_bytes());
        payload.extend_from_slice(&header_json);
        payload.extend_from_slice(&len_u32(files.len())?.to_le_bytes());
        for (id, _, bytes) in &files {
            payload.push(id.len() as u8);
            payload.extend_from_slice(id.as_bytes());
            payload.extend_from_slice(&len_u32(bytes.len())?.to_le_bytes());
            payload.extend_from_slice(bytes);
        }
        debug_assert_eq!(payload.len(), payload_len);

        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let kind = secret.kind();
        let mut out = Vec::with_capacity(total as usize + crypto::TAG_LEN + CHECKSUM_LEN);
        out.extend_from_slice(BACKUP_MAGIC);
        out.push(BACKUP_VERSION);
        out.push(kind as u8);
        out.extend_from_slice(&params.m_cost_kib.to_le_bytes());
        out.extend_from_slice(&params.t_cost.to_le_bytes());
        out.extend_from_slice(&params.p_cost.to_le_bytes());
        out.extend_from_slice(&salt);
        out.extend_from_slice(&nonce);
        debug_assert_eq!(out.len(), BACKUP_HEADER_LEN);
        let key = secret.derive(&salt, &params, &out_name)?;
        let ct = crypto::seal(&key, &nonce, &out, &payload)?;
        out.extend_from_slice(&ct);
        let sum = checksum(&out);
        out.extend_from_slice(&sum);
        atomic_write(path, &out)?;
        Ok(BackupSummary {
            path: path.to_path_buf(),
            vault_id: self.id.clone(),
            secret: kind,
            members,
            items: files.len().saturating_sub(1),
            bytes: out.len() as u64,
        })
    }
}

fn len_u32(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| internal("length over 4 GiB"))
}

/// Restores the backup `file` into `dir` (see [`ImportMode`]) and returns the vault, open.
///
/// `secret` is what the user typed: for a backup made with the recovery code it is read as
/// one (any case, with or without hyphens); for a passphrase backup it is used exactly. A
/// wrong secret is `wrong_recovery_code`; a changed, truncated or foreign file is `damaged`
/// naming it. Into an empty or missing folder, or with `Replace`, the backup's data key is
/// stored in `keys`; `Merge` uses the existing vault's key from `keys` (`key_unavailable`
/// without it).
pub fn import_backup(
    file: &Path,
    secret: &str,
    dir: &Path,
    mode: ImportMode,
    keys: &dyn KeyStore,
) -> Result<(Vault, ImportSummary)> {
    // Cheap checks first: no key derivation for a folder that will be refused anyway.
    if mode == ImportMode::IntoEmpty && !is_empty(dir)? {
        return Err(not_empty(dir));
    }
    let raw = read_backup_file(file)?;
    let name = file.display().to_string();
    let (kind, payload) = decrypt(&raw, secret, &name)?;
    let contents = parse_payload(&payload, &name)?;

    fs::create_dir_all(dir).map_err(|e| io_error(dir, "作成", "create", &e))?;
    let _lock = VaultLock::acquire(dir, LockMode::Exclusive)?;
    let empty = is_empty(dir)?;
    match (empty, mode) {
        (true, _) => restore(dir, &contents, kind, keys, ImportMode::IntoEmpty),
        (false, ImportMode::IntoEmpty) => Err(not_empty(dir)),
        (false, ImportMode::Merge) => merge(dir, &contents, kind, keys),
        (false, ImportMode::Replace) => restore(dir, &contents, kind, keys, ImportMode::Replace),
    }
}

/// Missing, or holding nothing but the lock file.
fn is_empty(dir: &Path) -> Result<bool> {
    match fs::read_dir(dir) {
        Ok(entries) => {
            for e in entries {
                let e = e.map_err(|e| io_error(dir, "読み込み", "read", &e))?;
                if e.file_name() != LOCK_FILE {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(true),
        Err(e) => Err(io_error(dir, "読み込み", "read", &e)),
    }
}

fn not_empty(dir: &Path) -> Error {
    Error::VaultExists(Msg::new(
        format!(
            "{} は空ではありません（保管庫または他のファイルがあります）。統合（merge）か置き換え（replace）を選ぶか、空のフォルダーを指定してください",
            dir.display()
        ),
        format!(
            "{} is not empty (it holds a vault or other files): choose merge or replace, or restore into an empty folder",
            dir.display()
        ),
    ))
}

#[cfg(test)]
mod tests;
