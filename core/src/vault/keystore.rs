//! The keyring slot: where the data key lives on this computer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use zeroize::Zeroizing;

use crate::vault::crypto::SecretKey;
use crate::{Error, Msg, Result};

/// The service name of the keyring entries (the user name is the vault id).
pub const KEYRING_SERVICE: &str = "hoken-wallet";
/// The service name of the generation mirror's entries (the user name is the vault id): a
/// separate entry, so the key entry holds the data key and nothing else.
pub const GENERATION_SERVICE: &str = "hoken-wallet-generation";

/// Where the data key is kept between runs. `get` returns `Ok(None)` when there is simply no
/// key for the vault, and `Err(Error::KeyUnavailable)` when the store itself cannot be used.
///
/// A store may also mirror the vault's *generation* (docs/vault-format.md §4.1), in an entry
/// of its own: the highest generation of the member index this computer has written or seen,
/// so that a whole vault put back from an older copy is noticed. A store without a mirror
/// (the defaults) simply catches less.
pub trait KeyStore {
    fn get(&self, vault_id: &str) -> Result<Option<SecretKey>>;
    fn set(&self, vault_id: &str, key: &SecretKey) -> Result<()>;
    fn delete(&self, vault_id: &str) -> Result<()>;

    /// The mirrored generation of a vault, `None` when none was recorded. `vault_id` is the
    /// vault's id and folder ([`crate::vault::generation_key`]).
    fn get_generation(&self, _vault_id: &str) -> Result<Option<u64>> {
        Ok(None)
    }

    /// Records a vault's generation (`vault_id` as for `get_generation`).
    fn set_generation(&self, _vault_id: &str, _generation: u64) -> Result<()> {
        Ok(())
    }

    /// An owned handle on the same mirror, kept by an open vault to record each write;
    /// `None` when the store keeps no generations.
    fn generation_mirror(&self) -> Option<Arc<dyn KeyStore + Send + Sync>> {
        None
    }
}

// The way out in words; the CLI adds its command (`hoken-wallet recover`), the app its screen.
const RECOVER_JA: &str = "。保管庫はそのままです。回復コードで開いてください";
const RECOVER_EN: &str = ". The vault is untouched: open it with your recovery code";

/// The message of every "key unavailable" error: what happened and the way out.
pub fn key_unavailable(detail_ja: &str, detail_en: &str) -> Error {
    Error::KeyUnavailable(Msg::new(
        format!("{detail_ja}{RECOVER_JA}"),
        format!("{detail_en}{RECOVER_EN}"),
    ))
}

/// For `create`: a keyring that cannot store the new key means nothing was created, and
/// there is no vault to recover yet.
pub(crate) fn cannot_store_new_key(e: Error) -> Error {
    match e {
        Error::KeyUnavailable(m) => {
            let ja = m.ja.strip_suffix(RECOVER_JA).unwrap_or(&m.ja);
            let en = m.en.strip_suffix(RECOVER_EN).unwrap_or(&m.en);
            Error::KeyUnavailable(Msg::new(
                format!("{ja}。新しい保管庫の鍵を保存できないため、何も作成していません。キーリングのロックを解除してもう一度試してください"),
                format!("{en}. The new vault's key cannot be stored, so nothing was created: unlock or set up the keyring and try again"),
            ))
        }
        other => other,
    }
}

/// The operating system's keyring via the `keyring` crate: Secret Service on Linux,
/// Keychain on macOS, Credential Manager on Windows.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeyring;

impl OsKeyring {
    fn entry(vault_id: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(KEYRING_SERVICE, vault_id).map_err(map_keyring_error)
    }

    fn generation_entry(vault_id: &str) -> Result<keyring::Entry> {
        keyring::Entry::new(GENERATION_SERVICE, vault_id).map_err(map_keyring_error)
    }
}

fn map_keyring_error(e: keyring::Error) -> Error {
    use keyring::Error as K;
    match e {
        K::NoDefaultStore => key_unavailable(
            "このコンピューターのキーリング（Secret Service など）が見つかりません",
            "This computer's keyring (Secret Service, Keychain or Credential Manager) is absent or cannot be reached",
        ),
        K::NoStorageAccess(err) => key_unavailable(
            &format!("キーリングがロックされているか、アクセスできません（{err}）"),
            &format!("The keyring is locked or refuses access ({err})"),
        ),
        K::PlatformFailure(err) => key_unavailable(
            &format!("キーリングが応答しません（{err}）"),
            &format!("The keyring is locked, absent or failing ({err})"),
        ),
        // Never print the bytes some variants carry.
        K::BadEncoding(_) | K::BadDataFormat(..) => key_unavailable(
            "キーリングの鍵の形式が正しくありません",
            "The key in the keyring is malformed",
        ),
        other => {
            let what = match other {
                K::BadStoreFormat(_) => "bad store format",
                K::TooLong(..) => "attribute too long",
                K::Invalid(..) => "invalid parameter",
                K::Ambiguous(_) => "several entries match",
                K::NotSupportedByStore(_) => "operation not supported",
                _ => "unknown error",
            };
            key_unavailable(
                &format!("キーリングを使えません（{what}）"),
                &format!("The keyring cannot be used ({what})"),
            )
        }
    }
}

impl KeyStore for OsKeyring {
    fn get(&self, vault_id: &str) -> Result<Option<SecretKey>> {
        let entry = Self::entry(vault_id)?;
        match entry.get_secret() {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                SecretKey::from_slice(&bytes).map(Some).ok_or_else(|| {
                    key_unavailable(
                        "キーリングの鍵の長さが正しくありません",
                        "The key in the keyring has the wrong length",
                    )
                })
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring_error(e)),
        }
    }

    fn set(&self, vault_id: &str, key: &SecretKey) -> Result<()> {
        Self::entry(vault_id)?
            .set_secret(&key.expose()[..])
            .map_err(map_keyring_error)
    }

    fn delete(&self, vault_id: &str) -> Result<()> {
        match Self::entry(vault_id)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_keyring_error(e)),
        }
    }

    fn get_generation(&self, vault_id: &str) -> Result<Option<u64>> {
        match Self::generation_entry(vault_id)?.get_secret() {
            // A malformed entry is no mirror (it holds no secret; the next write fixes it).
            Ok(bytes) => Ok(std::str::from_utf8(&bytes)
                .ok()
                .and_then(|s| s.parse().ok())),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_keyring_error(e)),
        }
    }

    fn set_generation(&self, vault_id: &str, generation: u64) -> Result<()> {
        Self::generation_entry(vault_id)?
            .set_secret(generation.to_string().as_bytes())
            .map_err(map_keyring_error)
    }

    fn generation_mirror(&self) -> Option<Arc<dyn KeyStore + Send + Sync>> {
        Some(Arc::new(OsKeyring))
    }
}

/// A key store in memory, for tests. `unavailable()` makes one that behaves like a locked or
/// absent keyring.
#[derive(Default, Clone)]
pub struct MemoryKeyStore {
    keys: Arc<Mutex<HashMap<String, SecretKey>>>,
    generations: Arc<Mutex<HashMap<String, u64>>>,
    unavailable: bool,
}

impl MemoryKeyStore {
    pub fn new() -> MemoryKeyStore {
        MemoryKeyStore::default()
    }

    /// A store whose every call fails with `Error::KeyUnavailable`.
    pub fn unavailable() -> MemoryKeyStore {
        MemoryKeyStore {
            unavailable: true,
            ..MemoryKeyStore::default()
        }
    }

    fn check(&self) -> Result<()> {
        if self.unavailable {
            Err(key_unavailable(
                "キーリングがロックされています",
                "The keyring is locked",
            ))
        } else {
            Ok(())
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, SecretKey>> {
        self.keys.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn generations(&self) -> std::sync::MutexGuard<'_, HashMap<String, u64>> {
        self.generations.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl std::fmt::Debug for MemoryKeyStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryKeyStore")
            .field("entries", &self.lock().len())
            .field("unavailable", &self.unavailable)
            .finish()
    }
}

impl KeyStore for MemoryKeyStore {
    fn get(&self, vault_id: &str) -> Result<Option<SecretKey>> {
        self.check()?;
        Ok(self.lock().get(vault_id).cloned())
    }

    fn set(&self, vault_id: &str, key: &SecretKey) -> Result<()> {
        self.check()?;
        self.lock().insert(vault_id.to_string(), key.clone());
        Ok(())
    }

    fn delete(&self, vault_id: &str) -> Result<()> {
        self.check()?;
        self.lock().remove(vault_id);
        Ok(())
    }

    fn get_generation(&self, vault_id: &str) -> Result<Option<u64>> {
        self.check()?;
        Ok(self.generations().get(vault_id).copied())
    }

    fn set_generation(&self, vault_id: &str, generation: u64) -> Result<()> {
        self.check()?;
        self.generations().insert(vault_id.to_string(), generation);
        Ok(())
    }

    fn generation_mirror(&self) -> Option<Arc<dyn KeyStore + Send + Sync>> {
        Some(Arc::new(self.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trip_and_unavailable() {
        let s = MemoryKeyStore::new();
        let k = SecretKey::generate().unwrap();
        assert!(s.get("v").unwrap().is_none());
        s.set("v", &k).unwrap();
        assert!(s.get("v").unwrap().unwrap() == k);
        s.delete("v").unwrap();
        assert!(s.get("v").unwrap().is_none());
        let u = MemoryKeyStore::unavailable();
        let e = u.get("v").unwrap_err();
        assert_eq!(e.kind(), "key_unavailable");
        assert!(e.to_string().contains("recovery code"), "{e}");
        assert!(
            !e.to_string().contains("hoken-wallet"),
            "core names no command: {e}"
        );
    }

    #[test]
    fn keyring_errors_say_what_to_do() {
        let e = map_keyring_error(keyring::Error::NoDefaultStore);
        assert_eq!(e.kind(), "key_unavailable");
        assert!(e.to_string().contains("recovery code"), "{e}");
        assert!(e.message_ja().contains("回復コード"));
        let e = map_keyring_error(keyring::Error::BadEncoding(vec![1, 2, 3]));
        assert!(!e.to_string().contains("[1, 2, 3]"));
    }
}
