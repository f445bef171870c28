//! Item files and the member index that records them (docs/vault-format.md §4).

use super::*;

/// Item ids are file names: 1–64 characters of `a-z 0-9 - _`.
pub(super) fn check_item_id(id: &str) -> Result<()> {
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

#[derive(Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct MemberIndex {
    pub(super) members: Vec<Member>,
    /// Every member's documents (their bytes are separate items).
    #[serde(default)]
    pub(super) documents: Vec<documents::DocumentMeta>,
    /// One more with every write of the index (§4.1); 0 in a vault written before it existed.
    #[serde(default)]
    pub(super) generation: u64,
    /// Every other item file, by id: its kind, length, hash and the generation that wrote it.
    /// `None` only in a vault written before (migrated on its first open).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) items: Option<BTreeMap<String, ItemRecord>>,
}

impl MemberIndex {
    /// A new vault's index: no members, no items, every item recorded from now on.
    pub(super) fn fresh() -> MemberIndex {
        MemberIndex {
            items: Some(BTreeMap::new()),
            ..MemberIndex::default()
        }
    }
}

/// A file as the index knows it: its length and BLAKE2b-256 hash (lower-case hex).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileRef {
    pub(super) len: u64,
    pub(super) hash: String,
}

impl FileRef {
    pub(super) fn of(bytes: &[u8]) -> FileRef {
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
pub(super) struct ItemRecord {
    /// The item kind (byte 5 of the file).
    pub(super) kind: u8,
    /// The index generation that recorded this version.
    pub(super) generation: u64,
    #[serde(flatten)]
    pub(super) file: FileRef,
    /// A rewrite in progress: the file may already be this version (a crash between writing
    /// the item and recording it leaves either version, and both are accepted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) next: Option<FileRef>,
}

/// The member index's decrypted JSON; `file` names `members.bin` in the error.
pub(super) fn parse_member_index(plain: &[u8], file: &str) -> Result<MemberIndex> {
    serde_json::from_slice(plain).map_err(|e| {
        damaged(
            file,
            format!("{file} の内容を読めません: {e}"),
            format!("{file} is damaged: its content cannot be read ({e})"),
        )
    })
}

impl Vault {
    pub(super) fn item_path(&self, id: &str) -> PathBuf {
        self.dir.join(ITEMS_DIR).join(format!("{id}.bin"))
    }

    /// Takes `<dir>/vault.lock` (shared for reads, exclusive for writes).
    pub(super) fn lock(&self, mode: LockMode) -> Result<VaultLock> {
        VaultLock::acquire(&self.dir, mode)
    }

    /// Encrypts and writes one item (atomically, replacing any previous version) and
    /// records it in the index.
    pub fn put_item(&self, kind: ItemKind, id: &str, plaintext: &[u8]) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        self.write_item(kind, id, plaintext)
    }

    /// `put_item` for a caller that holds the lock.
    pub(super) fn write_item(&self, kind: ItemKind, id: &str, plaintext: &[u8]) -> Result<()> {
        let mut index = self.index_for_write()?;
        self.stage_item(&mut index, kind, id, plaintext)?;
        self.write_members(&mut index)
    }

    /// Writes one item file and records it in `index`, which the caller writes next. An item
    /// already recorded is rewritten in two steps (§4.1): the index first notes the new
    /// version as `next`, then the file is replaced; a crash in between leaves a file the
    /// index accepts.
    pub(super) fn stage_item(
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
    pub(super) fn read_item(&self, kind: ItemKind, id: &str) -> Result<Zeroizing<Vec<u8>>> {
        check_item_id(id)?;
        let index = self.read_members()?;
        self.read_recorded(&index, kind, id)
    }

    /// One item's bytes on disk, checked against `index`: `(bytes, file name)`.
    pub(super) fn recorded_file(&self, index: &MemberIndex, id: &str) -> Result<(Vec<u8>, String)> {
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
    pub(super) fn read_recorded(
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
    pub(super) fn delete_item_file(&self, id: &str) -> Result<()> {
        check_item_id(id)?;
        let path = self.item_path(id);
        fs::remove_file(&path).map_err(|e| io_error(&path, "削除", "remove", &e))?;
        atomic::sync_dir(&self.dir.join(ITEMS_DIR)).map_err(|e| io_error(&path, "同期", "sync", &e))
    }

    pub(super) fn read_members(&self) -> Result<MemberIndex> {
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
    pub(super) fn read_index_file(&self) -> Result<Zeroizing<Vec<u8>>> {
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
    pub(super) fn index_for_write(&self) -> Result<MemberIndex> {
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
    pub(super) fn write_members(&self, index: &mut MemberIndex) -> Result<()> {
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
    pub(super) fn record_existing_items(&self) -> Result<BTreeMap<String, ItemRecord>> {
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
}
