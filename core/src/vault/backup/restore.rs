//! Writing a backup's contents into a folder: replacing the vault, or merging into it
//! (docs/vault-format.md §10.4).

use super::*;

/// Creates a new file (never replacing one), writes and fsyncs it, mode 0600.
pub(super) fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let r = opts.open(path).and_then(|mut f| {
        f.write_all(bytes)?;
        f.sync_all()
    });
    r.map_err(|e| io_error(path, "書き込み", "write", &e))
}

pub(super) fn make_dir(path: &Path) -> Result<()> {
    fs::create_dir(path).map_err(|e| io_error(path, "作成", "create", &e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o700))
            .map_err(|e| io_error(path, "設定", "restrict", &e))?;
    }
    Ok(())
}

pub(super) fn rename(from: &Path, to: &Path) -> Result<()> {
    fs::rename(from, to).map_err(|e| io_error(from, "移動", "rename", &e))
}

/// Into an empty folder, or replacing its vault: the whole vault is written into
/// `<dir>/.restore-<hex>.tmp/` and synced, checked, and only then moved into place
/// (`items/` first, `vault.json` last); with `Replace` the old `vault.json` and `items/` are
/// first moved aside into `<dir>/.replaced-<hex>.tmp/` and removed once the new vault is in.
pub(super) fn restore(
    dir: &Path,
    b: &Contents<'_>,
    secret: SecretKind,
    keys: &dyn KeyStore,
    mode: ImportMode,
) -> Result<(Vault, ImportSummary)> {
    let mut rnd = [0u8; 8];
    fill_random(&mut rnd)?;
    let tag = to_hex(&rnd);
    let stage = dir.join(format!(".restore-{tag}.tmp"));
    let staged = (|| {
        make_dir(&stage)?;
        make_dir(&stage.join(ITEMS_DIR))?;
        for item in &b.items {
            write_new(
                &stage.join(ITEMS_DIR).join(format!("{}.bin", item.id)),
                item.bytes,
            )?;
        }
        write_new(&stage.join(HEADER_FILE), b.header_json)?;
        for d in [stage.join(ITEMS_DIR), stage.clone(), dir.to_path_buf()] {
            sync_dir(&d).map_err(|e| io_error(&d, "同期", "sync", &e))?;
        }
        // What was written reads back as this vault.
        let (header, file) = read_header(&stage)?;
        header.verify(&b.key, &file)
    })();
    if let Err(e) = staged {
        let _ = fs::remove_dir_all(&stage);
        return Err(e);
    }

    // The key next (as `create` does): if the keyring refuses, the folder is unchanged.
    let mut had_key = false;
    let stored = (|| {
        if let Some(existing) = keys.get(&b.vault_id)? {
            had_key = true;
            if existing != b.key {
                return Err(Error::VaultExists(Msg::new(
                    "このコンピューターのキーリングには、同じ保管庫 ID の別の鍵があります。上書きしません",
                    "This computer's keyring already holds a different key under this backup's vault id; it is not overwritten",
                )));
            }
        }
        keys.set(&b.vault_id, &b.key)?;
        // Restoring is a rollback the user asked for: the mirror follows the backup.
        keys.set_generation(
            &crate::vault::generation_key(dir, &b.vault_id),
            b.members.generation,
        )
    })();
    if let Err(e) = stored {
        let _ = fs::remove_dir_all(&stage);
        return Err(e);
    }

    // Move aside, move in; undo on error. At every moment both vaults exist on disk.
    let old = dir.join(format!(".replaced-{tag}.tmp"));
    let mut done: Vec<(PathBuf, PathBuf)> = Vec::new();
    let swapped = (|| {
        if mode == ImportMode::Replace {
            make_dir(&old)?;
            for name in [HEADER_FILE, ITEMS_DIR] {
                let from = dir.join(name);
                if fs::symlink_metadata(&from).is_ok() {
                    let to = old.join(name);
                    rename(&from, &to)?;
                    done.push((from, to));
                }
            }
        }
        for name in [ITEMS_DIR, HEADER_FILE] {
            let (from, to) = (stage.join(name), dir.join(name));
            rename(&from, &to)?;
            done.push((from, to));
        }
        sync_dir(dir).map_err(|e| io_error(dir, "同期", "sync", &e))
    })();
    if let Err(e) = swapped {
        for (from, to) in done.iter().rev() {
            let _ = fs::rename(to, from);
        }
        let _ = sync_dir(dir);
        let _ = fs::remove_dir_all(&stage);
        let _ = fs::remove_dir(&old);
        if !had_key {
            let _ = keys.delete(&b.vault_id);
        }
        return Err(e);
    }
    let _ = fs::remove_dir(&stage);
    if mode == ImportMode::Replace {
        // The new vault is in place and durable: only now is the old one deleted. If that
        // fails, the import has still succeeded; the folder is left for the user.
        let _ = fs::remove_dir_all(&old);
    }
    let _ = sync_dir(dir);

    // A legacy index is migrated by the next write or opening (this holds the lock).
    let vault = Vault::assemble(dir, b.vault_id.clone(), b.key.clone(), keys);
    let summary = ImportSummary {
        mode,
        secret,
        backup_vault_id: b.vault_id.clone(),
        created_unix: b.created_unix,
        members_added: b.members.members.len(),
        members_already_present: 0,
        items_added: b.items.len().saturating_sub(1),
        items_already_present: 0,
    };
    Ok((vault, summary))
}

/// Adds the backup's members and items that the vault in `dir` lacks, re-encrypted under
/// its key (ids and associated data are the same), keeping every existing one.
pub(super) fn merge(
    dir: &Path,
    b: &Contents<'_>,
    secret: SecretKind,
    keys: &dyn KeyStore,
) -> Result<(Vault, ImportSummary)> {
    // The caller holds the exclusive lock: the index is read and written here.
    let target = Vault::open_header(dir, keys)?;
    let mut index = target.index_for_write()?;
    let mut summary = ImportSummary {
        mode: ImportMode::Merge,
        secret,
        backup_vault_id: b.vault_id.clone(),
        created_unix: b.created_unix,
        members_added: 0,
        members_already_present: 0,
        items_added: 0,
        items_already_present: 0,
    };
    // Items first, so a member never refers to a document that is not there yet.
    for item in b.items.iter().filter(|i| i.id != MEMBER_INDEX_ID) {
        let recorded = index
            .items
            .as_ref()
            .is_some_and(|items| items.contains_key(item.id));
        if recorded || fs::symlink_metadata(target.item_path(item.id)).is_ok() {
            summary.items_already_present += 1;
            continue;
        }
        let file = format!("{ITEMS_DIR}/{}.bin", item.id);
        let plain = crypto::open_item(&b.key, item.kind, item.id, &file, item.bytes)?;
        target.stage_item(&mut index, item.kind, item.id, &plain)?;
        summary.items_added += 1;
    }
    let present: HashSet<String> = index.members.iter().map(|m| m.id.clone()).collect();
    for m in &b.members.members {
        if present.contains(&m.id) {
            summary.members_already_present += 1;
        } else {
            index.members.push(m.clone());
            summary.members_added += 1;
        }
    }
    let docs: HashSet<String> = index.documents.iter().map(|d| d.id.clone()).collect();
    let mut docs_added = 0;
    for d in &b.members.documents {
        if !docs.contains(&d.id) {
            index.documents.push(d.clone());
            docs_added += 1;
        }
    }
    if summary.members_added > 0 || docs_added > 0 || summary.items_added > 0 {
        target.write_members(&mut index)?;
    }
    Ok((target, summary))
}
