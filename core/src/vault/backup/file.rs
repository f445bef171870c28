//! Reading a backup file: its checks, the key derivation, the decryption and the payload
//! (docs/vault-format.md §10).

use super::*;

/// Reads the whole file, refusing one over [`MAX_BACKUP_LEN`] before reading it.
pub(super) fn read_backup_file(file: &Path) -> Result<Vec<u8>> {
    let name = file.display().to_string();
    let too_large = |len: u64| {
        damaged(
            &name,
            &format!("大きすぎます: {len} バイト、バックアップは最大 1 GiB"),
            &format!(
                "too large ({len} bytes; a backup is at most 1 GiB), or not a Hoken Wallet backup"
            ),
        )
    };
    let f = File::open(file).map_err(|e| {
        if e.kind() == ErrorKind::NotFound {
            Error::NotFound(Msg::new(
                format!("バックアップ {name} がありません"),
                format!("The backup {name} does not exist"),
            ))
        } else {
            io_error(file, "読み込み", "read", &e)
        }
    })?;
    let len = f
        .metadata()
        .map_err(|e| io_error(file, "読み込み", "read", &e))?
        .len();
    if len > MAX_BACKUP_LEN {
        return Err(too_large(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    f.take(MAX_BACKUP_LEN + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(file, "読み込み", "read", &e))?;
    if bytes.len() as u64 > MAX_BACKUP_LEN {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

pub(super) fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    u32::from_le_bytes(a)
}

/// Checks the frame and the checksum, derives the key and decrypts the payload.
pub(super) fn decrypt(
    raw: &[u8],
    secret: &str,
    name: &str,
) -> Result<(SecretKind, Zeroizing<Vec<u8>>)> {
    if raw.len() < BACKUP_HEADER_LEN + crypto::TAG_LEN + CHECKSUM_LEN {
        return Err(damaged(
            name,
            &format!("短すぎます: {} バイト", raw.len()),
            &format!(
                "too short ({} bytes) to be a Hoken Wallet backup",
                raw.len()
            ),
        ));
    }
    if &raw[..4] != BACKUP_MAGIC {
        return Err(damaged(
            name,
            "Hoken Wallet のバックアップではありません",
            "it is not a Hoken Wallet backup (bad magic)",
        ));
    }
    if raw[4] != BACKUP_VERSION {
        return Err(damaged(
            name,
            &format!("形式バージョン {} は読めません", raw[4]),
            &format!(
                "format version {}, which this version cannot read (damaged, or written by a newer Hoken Wallet)",
                raw[4]
            ),
        ));
    }
    let (body, sum) = raw.split_at(raw.len() - CHECKSUM_LEN);
    if checksum(body) != sum {
        return Err(damaged(
            name,
            "チェックサムが一致しません。途中で切れているか、書き換えられています",
            "its checksum does not match: the file is truncated or has been changed",
        ));
    }
    let kind = match raw[5] {
        1 => SecretKind::RecoveryCode,
        2 => SecretKind::Passphrase,
        k => {
            return Err(damaged(
                name,
                &format!("鍵の種類 {k} が不明です"),
                &format!("unknown secret kind {k}"),
            ))
        }
    };
    let params = KdfParams {
        m_cost_kib: u32_at(raw, 6),
        t_cost: u32_at(raw, 10),
        p_cost: u32_at(raw, 14),
    };
    let salt = &raw[18..18 + SALT_LEN];
    let nonce = &raw[18 + SALT_LEN..BACKUP_HEADER_LEN];
    let key = match kind {
        SecretKind::RecoveryCode => {
            let code = RecoveryCode::parse(secret).map_err(|e| {
                Error::WrongRecoveryCode(Msg::new(
                    format!("このバックアップは回復コードで作られています。入力は回復コードではありません（{}）", e.message_ja()),
                    format!("This backup was made with the vault's recovery code, and what was entered is not a recovery code ({e})"),
                ))
            })?;
            recovery::derive_kek(&code, salt, &params, name)?
        }
        SecretKind::Passphrase => recovery::derive_passphrase_key(secret, salt, &params, name)?,
    };
    let header = &raw[..BACKUP_HEADER_LEN];
    let payload =
        crypto::open(&key, nonce, header, &body[BACKUP_HEADER_LEN..]).ok_or_else(wrong_secret)?;
    Ok((kind, payload))
}

/// A reader over the payload that fails (as damage) instead of panicking.
pub(super) struct Cursor<'a> {
    pub(super) b: &'a [u8],
    pub(super) name: &'a str,
}

impl<'a> Cursor<'a> {
    pub(super) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        if n > self.b.len() {
            return Err(damaged(
                self.name,
                "内容が途中で終わっています",
                "its content ends too early",
            ));
        }
        let (head, rest) = self.b.split_at(n);
        self.b = rest;
        Ok(head)
    }

    pub(super) fn u32(&mut self) -> Result<usize> {
        Ok(u32_at(self.take(4)?, 0) as usize)
    }
}

/// Reads the decrypted payload and checks it all: every item opens under the data key,
/// `vault.json`'s tag verifies, the member index parses.
pub(super) fn parse_payload<'a>(payload: &'a [u8], name: &'a str) -> Result<Contents<'a>> {
    let bad = |ja: &str, en: &str| damaged(name, ja, en);
    let mut c = Cursor { b: payload, name };
    let vault_id = to_hex(c.take(VAULT_ID_LEN)?);
    let key =
        SecretKey::from_slice(c.take(KEY_LEN)?).ok_or_else(|| bad("鍵が読めません", "bad key"))?;
    let mut created = [0u8; 8];
    created.copy_from_slice(c.take(8)?);
    let created_unix = u64::from_le_bytes(created);
    let n = c.u32()?;
    let header_json = c.take(n)?;
    let header: Header = serde_json::from_slice(header_json)
        .map_err(|_| bad("vault.json が読めません", "its vault.json cannot be read"))?;
    let header_name = format!("{name} ({HEADER_FILE})");
    header.verify(&key, &header_name)?;
    if header.vault_id != vault_id {
        return Err(bad("保管庫 ID が一致しません", "its vault ids disagree"));
    }
    let count = c.u32()?;
    let mut items: Vec<ItemEntry<'a>> = Vec::new();
    for _ in 0..count {
        let id_len = c.take(1)?[0] as usize;
        let id = std::str::from_utf8(c.take(id_len)?)
            .ok()
            .filter(|id| check_item_id(id).is_ok())
            .ok_or_else(|| bad("項目 ID が不正です", "an item id is invalid"))?;
        if items.last().is_some_and(|last| last.id >= id) {
            return Err(bad(
                "項目の順序が不正です",
                "its items are not in order (or repeat)",
            ));
        }
        let len = c.u32()?;
        let bytes = c.take(len)?;
        let file = format!("{name} ({ITEMS_DIR}/{id}.bin)");
        let kind = bytes
            .get(5)
            .and_then(|b| ItemKind::from_byte(*b))
            .filter(|k| (id == MEMBER_INDEX_ID) == (*k == ItemKind::MemberIndex))
            .ok_or_else(|| {
                bad(
                    &format!("{id} の種類が不正です"),
                    &format!("item {id} has a wrong kind"),
                )
            })?;
        crypto::open_item(&key, kind, id, &file, bytes)?;
        items.push(ItemEntry { id, kind, bytes });
    }
    if !c.b.is_empty() {
        return Err(bad("余分なデータがあります", "it has trailing data"));
    }
    let index = items
        .iter()
        .find(|i| i.id == MEMBER_INDEX_ID)
        .ok_or_else(|| bad("メンバーの一覧がありません", "it has no member index"))?;
    let file = format!("{name} ({ITEMS_DIR}/{MEMBER_INDEX_ID}.bin)");
    let plain = crypto::open_item(
        &key,
        ItemKind::MemberIndex,
        MEMBER_INDEX_ID,
        &file,
        index.bytes,
    )?;
    let members: MemberIndex = serde_json::from_slice(&plain).map_err(|_| {
        bad(
            "メンバーの一覧が読めません",
            "its member index cannot be read",
        )
    })?;
    Ok(Contents {
        vault_id,
        key,
        created_unix,
        header_json,
        items,
        members,
    })
}
