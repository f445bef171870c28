//! The wallet's own state in the vault (`items/state.bin`, kind 4): which reminders were
//! delivered, and the reminder settings. Encrypted like everything else: reminder keys name
//! members' deadlines.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{ItemKind, LockMode, Vault};
use crate::reminders::ReminderSettings;
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
}
