//! `vault.json`: the plain header with the vault id and the recovery slot (docs/vault-format.md §3).

use super::*;

/// The recovery slot: the data key wrapped under Argon2id(recovery code).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RecoverySlot {
    /// Always "argon2id".
    pub(super) kdf: String,
    /// Argon2 version: 19 (0x13).
    pub(super) argon2_version: u32,
    pub(super) params: KdfParams,
    /// 32 random bytes, hex.
    pub(super) salt: String,
    /// 24 random bytes, hex.
    pub(super) nonce: String,
    /// XChaCha20-Poly1305(data key): 32 + 16 bytes, hex.
    pub(super) wrapped_key: String,
}

/// `vault.json`. It holds no personal data; `header_tag` authenticates everything else in it
/// under the data key.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Header {
    pub(super) format: String,
    pub(super) version: u8,
    pub(super) vault_id: String,
    pub(super) recovery: RecoverySlot,
    pub(super) header_nonce: String,
    pub(super) header_tag: String,
    /// The app lock's PIN slot (docs/vault-format.md §12); absent while the lock is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) pin: Option<pinlock::PinSlot>,
    /// The wrong-PIN counter (outside the header tag, authenticated on its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) pin_attempts: Option<pinlock::PinAttempts>,
}

/// The fields the header tag covers, in this order.
#[derive(Serialize)]
pub(super) struct HeaderBody<'a> {
    pub(super) format: &'a str,
    pub(super) version: u8,
    pub(super) vault_id: &'a str,
    pub(super) recovery: &'a RecoverySlot,
    pub(super) header_nonce: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) pin: Option<&'a pinlock::PinSlot>,
}

impl Header {
    /// `HKWV | version | "header" | compact JSON of the covered fields`.
    pub(super) fn tag_aad(&self) -> Result<Vec<u8>> {
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

    pub(super) fn verify(&self, key: &SecretKey, file: &str) -> Result<()> {
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
pub(super) fn recovery_aad(version: u8, vault_id: &str) -> Vec<u8> {
    let mut aad = Vec::new();
    aad.extend_from_slice(MAGIC);
    aad.push(version);
    aad.extend_from_slice(b"recovery");
    aad.extend_from_slice(vault_id.as_bytes());
    aad
}

/// Whether `<dir>/items/` holds any item file (`*.bin`): vault data, with or without a header.
pub(super) fn holds_items(dir: &Path) -> bool {
    fs::read_dir(dir.join(ITEMS_DIR)).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_str().is_some_and(|n| n.ends_with(".bin")))
    })
}

/// Reads and checks the shape of `vault.json` (the tag is checked once a key is known).
pub(super) fn read_header(dir: &Path) -> Result<(Header, String)> {
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
pub(super) fn decode_header(bytes: &[u8], file: &str) -> Result<Header> {
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

pub(super) fn random_hex(n: usize) -> Result<String> {
    let mut b = vec![0u8; n];
    fill_random(&mut b)?;
    Ok(to_hex(&b))
}
