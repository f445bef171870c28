//! What the app shows at launch: no vault yet (first run), a locked vault (the recovery
//! screen), or an open one.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use super::{KeyStore, LockedVault, Opened, Vault};
use crate::{Error, ErrorPayload, Result};

/// The vault's state as the UI sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum VaultState {
    /// No vault in the data folder: the first-run screens.
    NoVault,
    /// A vault whose key this computer's keyring does not have (or a locked or absent
    /// keyring): the recovery screen. Nothing has been touched.
    Locked,
    Open,
    /// The app lock is on: the lock screen asks for the PIN (`reason` says whether a wait
    /// runs or only the recovery code opens).
    PinLocked,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct VaultStatus {
    pub state: VaultState,
    /// Why the vault is locked.
    pub reason: Option<ErrorPayload>,
}

/// The outcome of trying to open the vault at launch.
pub enum Probe {
    NoVault,
    Locked(Error),
    Open(Vault),
    PinLocked(LockedVault, Error),
}

impl Probe {
    pub fn status(&self) -> VaultStatus {
        match self {
            Probe::NoVault => VaultStatus {
                state: VaultState::NoVault,
                reason: None,
            },
            Probe::Locked(e) => VaultStatus {
                state: VaultState::Locked,
                reason: Some(ErrorPayload::from(e)),
            },
            Probe::Open(_) => VaultStatus {
                state: VaultState::Open,
                reason: None,
            },
            Probe::PinLocked(_, e) => VaultStatus {
                state: VaultState::PinLocked,
                reason: Some(ErrorPayload::from(e)),
            },
        }
    }
}

/// Opens the vault in `dir` if it can; damaged data and I/O failures are errors, a missing
/// key is `Locked`.
pub fn probe(dir: &Path, keys: &dyn KeyStore) -> Result<Probe> {
    match Vault::open_or_locked(dir, keys) {
        Ok(Opened::Open(v)) => Ok(Probe::Open(v)),
        Ok(Opened::Locked(l)) => {
            let why = l.why();
            Ok(Probe::PinLocked(l, why))
        }
        Err(Error::NoVault(_)) => Ok(Probe::NoVault),
        Err(e @ Error::KeyUnavailable(_)) => Ok(Probe::Locked(e)),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{KdfParams, MemoryKeyStore};

    #[test]
    fn states() {
        let tmp = tempfile::tempdir().unwrap();
        let keys = MemoryKeyStore::new();
        assert_eq!(
            probe(tmp.path(), &keys).unwrap().status().state,
            VaultState::NoVault
        );
        Vault::create_with_params(tmp.path(), &keys, KdfParams::insecure_for_tests()).unwrap();
        assert_eq!(
            probe(tmp.path(), &keys).unwrap().status().state,
            VaultState::Open
        );
        let other = MemoryKeyStore::new();
        let locked = probe(tmp.path(), &other).unwrap().status();
        assert_eq!(locked.state, VaultState::Locked);
        assert_eq!(locked.reason.unwrap().kind, "key_unavailable");
        let broken = MemoryKeyStore::unavailable();
        assert_eq!(
            probe(tmp.path(), &broken).unwrap().status().state,
            VaultState::Locked
        );
    }
}
