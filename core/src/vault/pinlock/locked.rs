//! A vault whose app lock is on: its status, its reminders, the way in with the PIN.

use super::*;

impl LockedVault {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Why the vault is locked, as the lock screen says it (the PIN, a wait, or blocked).
    pub fn why(&self) -> Error {
        match read_header(&self.dir) {
            Ok((header, _)) => locked_error(&header, &self.device),
            Err(e) => e,
        }
    }

    /// The lock's status now: the wait before the next PIN, or blocked.
    pub fn status(&self) -> Result<PinStatus> {
        let (header, _) = read_header(&self.dir)?;
        if header.vault_id != self.id || !locked_by(&header, &self.device) {
            return Err(slot_missing());
        }
        status_of(&header, &self.device)
    }

    /// Opens the vault with `pin`. The attempt is counted (durably) before the PIN is
    /// checked, so killing the process mid-check does not give a free guess; a right PIN
    /// resets the count. A wrong one is `WrongPin`, a wait or too many `PinRequired`.
    pub fn unlock(&self, pin: &Pin) -> Result<Vault> {
        let _lock = VaultLock::acquire(&self.dir, LockMode::Exclusive)?;
        let (mut header, file) = read_header(&self.dir)?;
        if header.vault_id != self.id || !locked_by(&header, &self.device) {
            return Err(slot_missing());
        }
        let status = status_of(&header, &self.device)?;
        if status.blocked {
            return Err(blocked_error());
        }
        if status.retry_after_s > 0 {
            return Err(wait_error(status.retry_after_s));
        }
        let slot = header.pin.clone().ok_or_else(slot_missing)?;
        let failures = header.pin_attempts.as_ref().map_or(0, |a| a.failures);
        let sk = slot_key(&self.device);
        let now = now_unix();
        header.pin_attempts = Some(PinAttempts::new(
            &sk,
            &self.id,
            &slot.salt,
            failures.saturating_add(1),
            now,
        ));
        write_header(&self.dir, &header)?;

        let salt = from_hex(&slot.salt).unwrap_or_default();
        let nonce = from_hex(&slot.nonce).unwrap_or_default();
        let wrapped = from_hex(&slot.wrapped_key).unwrap_or_default();
        let kek = pin_kek(&self.device, pin, &salt, &slot.params, &self.id)?;
        let Some(key) = crypto::unwrap(&kek, &nonce, &wrap_aad(header.version, &self.id), &wrapped)
        else {
            let after = delay_after(failures.saturating_add(1));
            return Err(match after {
                None => blocked_error(),
                Some(0) => Error::WrongPin(Msg::new("PIN が違います", "Wrong PIN")),
                Some(s) => {
                    let (ja, en) = wait_text(s);
                    Error::WrongPin(Msg::new(
                        format!("PIN が違います。{ja}待ってからもう一度入力してください"),
                        format!("Wrong PIN: wait {en} before trying again"),
                    ))
                }
            });
        };
        header.verify(&key, &file)?;
        header.pin_attempts = Some(PinAttempts::new(&sk, &self.id, &slot.salt, 0, 0));
        write_header(&self.dir, &header)?;
        drop(_lock);
        let mut vault =
            Vault::assemble_mirrored(&self.dir, self.id.clone(), key, self.mirror.clone());
        vault.ring = Some(self.device.clone());
        // The same rollback check as an opening with the keyring (vault-format.md §4.1).
        if let Some(mirror) = &self.mirror {
            vault.check_on_open(mirror.as_ref())?;
        }
        Ok(vault)
    }

    /// The reminders' names and dates, readable with the keyring alone. Empty when the file
    /// is missing (it is rebuilt at the next change made with the PIN).
    pub fn reminders(&self) -> Result<ReminderView> {
        let _lock = VaultLock::acquire(&self.dir, LockMode::Shared)?;
        Ok(ReminderView::read(&self.dir, &self.device)?.unwrap_or_default())
    }

    /// Records reminders as delivered while locked.
    pub fn record_delivered(&self, keys: impl IntoIterator<Item = String>) -> Result<()> {
        let _lock = VaultLock::acquire(&self.dir, LockMode::Exclusive)?;
        let mut view = ReminderView::read(&self.dir, &self.device)?.unwrap_or_default();
        let before = view.delivered.len();
        view.delivered.extend(keys);
        if view.delivered.len() != before {
            view.write(&self.dir, &self.device)?;
        }
        Ok(())
    }
}
