//! The wallet's own state in the vault (`items/state.bin`, kind 4): which reminders were
//! delivered, and the reminder settings. Encrypted like everything else: reminder keys name
//! members' deadlines.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{ItemKind, LockMode, Vault};
use crate::reminders::ReminderSettings;
use crate::vault::RecoveryCode;
use crate::{Error, Msg, Result};

/// The state item's id.
pub const STATE_ID: &str = "state";

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WalletState {
    pub delivered_reminders: BTreeSet<String>,
    pub reminder_settings: ReminderSettings,
    /// The app lock's idle minutes (`None`: [`crate::autolock::DEFAULT_IDLE_MINUTES`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lock_idle_minutes: Option<u32>,
    /// The recovery code, kept (encrypted, like the rest of this item) from the vault's
    /// creation until the user has written it down and typed part of it back: the first run
    /// goes straight to the first member, and home asks for the code until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_recovery_code: Option<HeldCode>,
}

/// A recovery code waiting to be written down; `Debug` never shows it, dropped wiped.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct HeldCode(String);

impl std::fmt::Debug for HeldCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HeldCode(…)")
    }
}

impl Drop for HeldCode {
    fn drop(&mut self) {
        use zeroize::Zeroize;
        self.0.zeroize();
    }
}

impl Vault {
    /// The app's state; the defaults when none was saved yet.
    pub fn wallet_state(&self) -> Result<WalletState> {
        let _lock = self.lock(LockMode::Shared)?;
        self.read_state()
    }

    pub(super) fn read_state(&self) -> Result<WalletState> {
        match self.read_item(ItemKind::WalletState, STATE_ID) {
            Err(Error::NotFound(_)) => Ok(WalletState::default()),
            Err(e) => Err(e),
            Ok(plain) => serde_json::from_slice(&plain).map_err(|e| {
                let file = format!("{}/items/{STATE_ID}.bin", self.dir().display());
                Error::Damaged {
                    msg: Msg::new(
                        format!("{file} の内容を読めません: {e}"),
                        format!("{file} is damaged: its content cannot be read ({e})"),
                    ),
                    file,
                }
            }),
        }
    }

    pub fn save_wallet_state(&self, state: &WalletState) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        self.write_state(state)
    }

    fn write_state(&self, state: &WalletState) -> Result<()> {
        let json = Zeroizing::new(serde_json::to_vec(state).map_err(|e| {
            Error::Io(Msg::new(
                format!("内部エラー: {e}"),
                format!("Internal error: {e}"),
            ))
        })?);
        self.write_item(ItemKind::WalletState, STATE_ID, &json)?;
        self.refresh_reminders(None, Some(state))
    }

    /// Keeps the new vault's recovery code until the user confirms having written it down
    /// ([`Vault::recovery_code_kept`]). It is stored only inside the encrypted state item,
    /// under the key it protects: it adds nothing for someone without the key.
    pub fn hold_recovery_code(&self, code: &RecoveryCode) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut state = self.read_state()?;
        state.pending_recovery_code = Some(HeldCode(code.reveal().to_string()));
        self.write_state(&state)
    }

    /// The recovery code still waiting to be written down (groups of four), if any.
    pub fn pending_recovery_code(&self) -> Result<Option<Zeroizing<String>>> {
        let state = self.wallet_state()?;
        Ok(state
            .pending_recovery_code
            .as_ref()
            .map(|c| Zeroizing::new(c.0.clone())))
    }

    /// The user typed back part of the code: it is forgotten, and home stops asking. The
    /// typed group is checked here, against the held code (`group` is 0-based).
    pub fn recovery_code_kept(&self, group: usize, typed: &str) -> Result<bool> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut state = self.read_state()?;
        let Some(held) = state.pending_recovery_code.as_ref() else {
            return Ok(true);
        };
        let want = held.0.split('-').nth(group);
        let typed: String = typed
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | 'ー' | '－'))
            .map(|c| match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                u => u,
            })
            .collect();
        if want != Some(typed.as_str()) {
            return Ok(false);
        }
        state.pending_recovery_code = None;
        self.write_state(&state)?;
        Ok(true)
    }

    /// Records reminders as delivered (they never fire again).
    pub fn record_delivered(&self, keys: impl IntoIterator<Item = String>) -> Result<()> {
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut state = self.read_state()?;
        let before = state.delivered_reminders.len();
        state.delivered_reminders.extend(keys);
        if state.delivered_reminders.len() != before {
            self.write_state(&state)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{KdfParams, MemoryKeyStore};

    #[test]
    fn delivered_reminders_persist() {
        let tmp = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        let (v, _) =
            Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        assert!(v.wallet_state().unwrap().delivered_reminders.is_empty());
        v.record_delivered(["a:b".to_string()]).unwrap();
        let again = Vault::open(tmp.path(), &keys).unwrap();
        assert!(again
            .wallet_state()
            .unwrap()
            .delivered_reminders
            .contains("a:b"));
        let bytes = std::fs::read(tmp.path().join("items/state.bin")).unwrap();
        assert!(!bytes.windows(3).any(|w| w == b"a:b"));
    }

    #[test]
    fn the_recovery_code_is_held_encrypted_until_a_group_is_typed_back() {
        let tmp = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        let (v, code) =
            Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        assert!(v.pending_recovery_code().unwrap().is_none());
        v.hold_recovery_code(&code).unwrap();
        let shown = code.reveal().to_string();
        let again = Vault::open(tmp.path(), &keys).unwrap();
        assert_eq!(
            again
                .pending_recovery_code()
                .unwrap()
                .as_deref()
                .map(String::as_str),
            Some(shown.as_str())
        );
        let bytes = std::fs::read(tmp.path().join("items/state.bin")).unwrap();
        let group = shown.split('-').nth(2).unwrap();
        assert!(!bytes.windows(4).any(|w| w == group.as_bytes()));
        assert!(!format!("{:?}", again.wallet_state().unwrap()).contains(group));
        // A wrong group keeps it; the right one (typed loosely) forgets it.
        assert!(!again.recovery_code_kept(2, "ZZZZ").unwrap());
        assert!(again.pending_recovery_code().unwrap().is_some());
        assert!(again
            .recovery_code_kept(2, &format!(" {} ", group.to_lowercase()))
            .unwrap());
        assert!(again.pending_recovery_code().unwrap().is_none());
        // The code still opens the vault: holding it changed nothing else.
        let other = MemoryKeyStore::new();
        Vault::recover(tmp.path(), &code, &other).unwrap();
    }
}
