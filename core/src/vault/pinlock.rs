//! The app lock (docs/vault-format.md §12): a PIN or passphrase that the vault needs, on top
//! of the keyring, to open the member and document items.
//!
//! With the lock off, the keyring entry holds the data key itself (§5). Setting the lock puts
//! a random *device secret* `S` in that same entry instead (same service, user name and
//! 32-byte format), and adds a PIN slot to `vault.json`: the data key wrapped under
//!
//! ```text
//! KEK = BLAKE2b-256-MAC(key = S, "hoken-wallet/v1/pin-kek" ‖ vault id ‖ Argon2id(PIN, salt))
//! ```
//!
//! so neither the files plus the keyring (no PIN) nor the files plus the PIN (no `S`) unwrap
//! it. From `S` alone come two more keys: one that authenticates the PIN slot and the
//! wrong-PIN counter, and one that encrypts `reminders.bin`, the names and dates the
//! reminders need while the app is locked (never numbers or images).
//!
//! Which secret the keyring holds is told by the slot's tag: `S` verifies it, the data key
//! verifies the header tag instead. Every change is ordered so that a crash at any point
//! leaves a vault that opens with the old or the new setting.

use std::collections::BTreeSet;
use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use blake2::digest::consts::U32;
use blake2::digest::{KeyInit, Mac};
use blake2::Blake2bMac;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use zeroize::Zeroizing;

use super::crypto::{self, fill_random, from_hex, to_hex, ItemKind, SecretKey, NONCE_LEN};
use super::lock::{LockMode, VaultLock};
use super::recovery::{self, KdfParams, RecoveryCode};
use super::state::WalletState;
use super::{
    atomic_write, read_header, DocumentMeta, Header, KeyStore, Member, MemberIndex, Vault,
    HEADER_FILE, SALT_LEN,
};
use crate::reminders::ReminderSettings;
use crate::{Error, Msg, Result};

mod locked;
mod reminders;
pub use reminders::*;

/// The reminders' file, next to `vault.json` (outside `items/`: it is not vault data but a
/// copy derived from it, and backups never carry it).
pub const REMINDERS_FILE: &str = "reminders.bin";
const REMINDERS_ID: &str = "reminders";
/// After this many wrong PINs in a row only the recovery code opens the vault.
pub const MAX_FAILURES: u32 = 10;
/// The shortest PIN (digits only) and the shortest passphrase (anything else), in characters.
pub const MIN_PIN_DIGITS: usize = 6;
pub const MIN_PASSPHRASE_CHARS: usize = 8;
const MAX_PIN_CHARS: usize = 256;

/// The wait after the `failures`-th wrong PIN in a row, in seconds; `None`: blocked (only
/// the recovery code opens).
pub fn delay_after(failures: u32) -> Option<u64> {
    match failures {
        0..=3 => Some(0),
        4 => Some(30),
        5 => Some(60),
        6 => Some(5 * 60),
        7 => Some(15 * 60),
        8 => Some(60 * 60),
        9 => Some(3 * 60 * 60),
        _ => None,
    }
}

/// A PIN (6+ digits) or passphrase (8+ characters), wiped when dropped.
pub struct Pin(Zeroizing<String>);

impl Pin {
    /// Reads a PIN as typed: the ends trimmed, full-width digits (a Japanese input method)
    /// read as ASCII digits. Too short or too long: `invalid_input`.
    pub fn parse(input: &str) -> Result<Pin> {
        let mut s = Zeroizing::new(String::with_capacity(input.len()));
        for c in input.trim().chars() {
            match c {
                '０'..='９' => s.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                c => s.push(c),
            }
        }
        let n = s.chars().count();
        let digits = s.bytes().all(|b| b.is_ascii_digit());
        if n > MAX_PIN_CHARS {
            return Err(Error::InvalidInput(Msg::new(
                format!("PIN・パスフレーズは{MAX_PIN_CHARS}文字までです"),
                format!("A PIN or passphrase has at most {MAX_PIN_CHARS} characters"),
            )));
        }
        if (digits && n < MIN_PIN_DIGITS) || (!digits && n < MIN_PASSPHRASE_CHARS) {
            return Err(Error::InvalidInput(Msg::new(
                format!("PIN は数字{MIN_PIN_DIGITS}桁以上、パスフレーズは{MIN_PASSPHRASE_CHARS}文字以上にしてください"),
                format!("A PIN has at least {MIN_PIN_DIGITS} digits; a passphrase at least {MIN_PASSPHRASE_CHARS} characters"),
            )));
        }
        Ok(Pin(s))
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl std::fmt::Debug for Pin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Pin(<redacted>)")
    }
}

/// The PIN slot in `vault.json` (docs/vault-format.md §12.1).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PinSlot {
    kdf: String,
    argon2_version: u32,
    params: KdfParams,
    salt: String,
    nonce: String,
    wrapped_key: String,
    /// BLAKE2b-MAC under the slot key (from `S`) over the fields above and the vault id.
    slot_tag: String,
}

/// The wrong-PIN counter in `vault.json`: outside the header tag (it changes while the data
/// key is unknown), authenticated under the slot key instead.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PinAttempts {
    failures: u32,
    last_failure_unix: i64,
    tag: String,
}

/// What the lock screen and `lock status` show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PinStatus {
    /// Whether the app lock is on.
    pub enabled: bool,
    /// Seconds until the next PIN may be tried (0: now).
    #[ts(type = "number")]
    pub retry_after_s: u64,
    /// Too many wrong PINs: only the recovery code opens the vault.
    pub blocked: bool,
}

impl PinStatus {
    pub const OFF: PinStatus = PinStatus {
        enabled: false,
        retry_after_s: 0,
        blocked: false,
    };
}

/// BLAKE2b-256 keyed with `key`, over a domain string and length-prefixed parts.
fn mac(key: &[u8], domain: &str, parts: &[&[u8]]) -> [u8; 32] {
    let mut m = <Blake2bMac<U32> as KeyInit>::new_from_slice(key)
        .expect("a 32-byte key is a valid BLAKE2b key");
    m.update(domain.as_bytes());
    for p in parts {
        m.update(&(p.len() as u64).to_le_bytes());
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

fn mac_ok(key: &[u8], domain: &str, parts: &[&[u8]], tag_hex: &str) -> bool {
    let Some(tag) = from_hex(tag_hex) else {
        return false;
    };
    let mut m = <Blake2bMac<U32> as KeyInit>::new_from_slice(key)
        .expect("a 32-byte key is a valid BLAKE2b key");
    m.update(domain.as_bytes());
    for p in parts {
        m.update(&(p.len() as u64).to_le_bytes());
        m.update(p);
    }
    // Constant time.
    m.verify_slice(&tag).is_ok()
}

fn derived(secret: &SecretKey, domain: &str) -> SecretKey {
    let k = Zeroizing::new(mac(&secret.expose()[..], domain, &[]));
    SecretKey::from_slice(&k[..]).expect("32 bytes")
}

/// The key that authenticates the slot and the counter.
fn slot_key(device: &SecretKey) -> SecretKey {
    derived(device, "hoken-wallet/v1/pin-slot")
}

/// The key of `reminders.bin`.
fn reminders_key(device: &SecretKey) -> SecretKey {
    derived(device, "hoken-wallet/v1/reminders")
}

/// The PIN slot's wrapping key: Argon2id over the PIN, then keyed with the device secret.
fn pin_kek(
    device: &SecretKey,
    pin: &Pin,
    salt: &[u8],
    params: &KdfParams,
    vault_id: &str,
) -> Result<SecretKey> {
    let stretched = recovery::derive_pin(pin.bytes(), salt, params, HEADER_FILE)?;
    let k = Zeroizing::new(mac(
        &device.expose()[..],
        "hoken-wallet/v1/pin-kek",
        &[vault_id.as_bytes(), &stretched.expose()[..]],
    ));
    Ok(SecretKey::from_slice(&k[..]).expect("32 bytes"))
}

fn wrap_aad(version: u8, vault_id: &str) -> Vec<u8> {
    let mut aad = Vec::new();
    aad.extend_from_slice(crypto::MAGIC);
    aad.push(version);
    aad.extend_from_slice(b"pin");
    aad.extend_from_slice(vault_id.as_bytes());
    aad
}

impl PinSlot {
    fn tag_parts(&self, vault_id: &str) -> Vec<Vec<u8>> {
        vec![
            vault_id.as_bytes().to_vec(),
            self.kdf.as_bytes().to_vec(),
            self.argon2_version.to_le_bytes().to_vec(),
            self.params.m_cost_kib.to_le_bytes().to_vec(),
            self.params.t_cost.to_le_bytes().to_vec(),
            self.params.p_cost.to_le_bytes().to_vec(),
            self.salt.as_bytes().to_vec(),
            self.nonce.as_bytes().to_vec(),
            self.wrapped_key.as_bytes().to_vec(),
        ]
    }

    /// Whether `device` (what the keyring holds) is this slot's device secret.
    fn opened_by(&self, device: &SecretKey, vault_id: &str) -> bool {
        let parts = self.tag_parts(vault_id);
        let refs: Vec<&[u8]> = parts.iter().map(|p| &p[..]).collect();
        mac_ok(
            &slot_key(device).expose()[..],
            "hoken-wallet/v1/slot",
            &refs,
            &self.slot_tag,
        )
    }
}

impl PinAttempts {
    fn new(sk: &SecretKey, vault_id: &str, salt: &str, failures: u32, last: i64) -> PinAttempts {
        let tag = mac(
            &sk.expose()[..],
            "hoken-wallet/v1/attempts",
            &[
                vault_id.as_bytes(),
                salt.as_bytes(),
                &failures.to_le_bytes(),
                &last.to_le_bytes(),
            ],
        );
        PinAttempts {
            failures,
            last_failure_unix: last,
            tag: to_hex(&tag),
        }
    }

    fn valid(&self, sk: &SecretKey, vault_id: &str, salt: &str) -> bool {
        mac_ok(
            &sk.expose()[..],
            "hoken-wallet/v1/attempts",
            &[
                vault_id.as_bytes(),
                salt.as_bytes(),
                &self.failures.to_le_bytes(),
                &self.last_failure_unix.to_le_bytes(),
            ],
            &self.tag,
        )
    }

    /// Seconds to wait at `now`; `None` when blocked. A clock set back waits the whole delay.
    fn retry_after(&self, now: i64) -> Option<u64> {
        let delay = delay_after(self.failures)?;
        let elapsed = now - self.last_failure_unix;
        if elapsed < 0 {
            return Some(delay);
        }
        Some(delay.saturating_sub(elapsed as u64))
    }
}

/// Checks the shape of the PIN fields of `vault.json` (their tags need the device secret).
pub(super) fn check_shape(header: &Header) -> std::result::Result<(), &'static str> {
    let hex_len = |s: &str, n: usize| from_hex(s).is_some_and(|b| b.len() == n);
    if let Some(p) = &header.pin {
        if p.kdf != "argon2id" || p.argon2_version != 0x13 {
            return Err("unknown key derivation in the PIN slot");
        }
        if !hex_len(&p.salt, SALT_LEN)
            || !hex_len(&p.nonce, NONCE_LEN)
            || !hex_len(&p.wrapped_key, crypto::KEY_LEN + crypto::TAG_LEN)
            || !hex_len(&p.slot_tag, 32)
        {
            return Err("a PIN slot field has the wrong length");
        }
    }
    if let Some(a) = &header.pin_attempts {
        if !hex_len(&a.tag, 32) {
            return Err("the PIN counter's tag has the wrong length");
        }
    }
    Ok(())
}

fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn internal(e: impl std::fmt::Display) -> Error {
    Error::Io(Msg::new(
        format!("内部エラー: {e}"),
        format!("Internal error: {e}"),
    ))
}

/// Writes `vault.json` (atomically, pretty-printed, final newline).
pub(super) fn write_header(dir: &Path, header: &Header) -> Result<()> {
    let mut json = serde_json::to_vec_pretty(header).map_err(internal)?;
    json.push(b'\n');
    atomic_write(&dir.join(HEADER_FILE), &json)
}

/// Re-computes the header tag under the data key (with a fresh nonce).
fn retag(header: &mut Header, key: &SecretKey) -> Result<()> {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce)?;
    header.header_nonce = to_hex(&nonce);
    header.header_tag = to_hex(&crypto::tag(key, &nonce, &header.tag_aad()?)?);
    Ok(())
}

fn wait_text(secs: u64) -> (String, String) {
    if secs >= 3600 {
        let h = secs.div_ceil(3600);
        (format!("{h}時間"), format!("{h} hour(s)"))
    } else if secs >= 60 {
        let m = secs.div_ceil(60);
        (format!("{m}分"), format!("{m} minute(s)"))
    } else {
        (format!("{secs}秒"), format!("{secs} second(s)"))
    }
}

fn blocked_error() -> Error {
    Error::PinRequired(Msg::new(
        "PIN を何度も間違えたため、PIN では開けなくなりました。回復コードで開いてください（PIN もそこで設定し直せます）",
        "Too many wrong PINs: the PIN no longer opens the vault. Open it with the recovery code, then set a new PIN",
    ))
}

fn wait_error(secs: u64) -> Error {
    let (ja, en) = wait_text(secs);
    Error::PinRequired(Msg::new(
        format!("PIN を間違えたため、あと{ja}待ってからもう一度入力してください"),
        format!("Wrong PIN entered too often: wait {en} before trying again"),
    ))
}

fn required_error() -> Error {
    Error::PinRequired(Msg::new(
        "アプリのロックがかかっています。PIN を入力してください",
        "The app lock is on: the vault opens with its PIN",
    ))
}

fn slot_missing() -> Error {
    Error::Busy(Msg::new(
        "保管庫のロックの設定が変わりました。開き直してください",
        "The vault's lock setting changed meanwhile: open it again",
    ))
}

/// A vault whose app lock is on, opened as far as the keyring allows: its status, its
/// reminders, and the way in with the PIN.
pub struct LockedVault {
    dir: PathBuf,
    id: String,
    device: SecretKey,
    /// The key store's generation mirror, for the vault the PIN opens.
    mirror: Option<std::sync::Arc<dyn KeyStore + Send + Sync>>,
}

impl std::fmt::Debug for LockedVault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LockedVault")
            .field("dir", &self.dir)
            .field("id", &self.id)
            .finish()
    }
}

/// The outcome of opening a vault with the keyring alone.
#[derive(Debug)]
pub enum Opened {
    Open(Vault),
    Locked(LockedVault),
}

/// Whether the keyring's secret `ring` is the device secret of the header's PIN slot.
pub(super) fn locked_by(header: &Header, ring: &SecretKey) -> bool {
    header
        .pin
        .as_ref()
        .is_some_and(|slot| slot.opened_by(ring, &header.vault_id))
}

/// The `PinRequired` error for a vault whose lock is on (with the wait, if one runs).
pub(super) fn locked_error(header: &Header, ring: &SecretKey) -> Error {
    match status_of(header, ring) {
        Ok(s) if s.blocked => blocked_error(),
        Ok(s) if s.retry_after_s > 0 => wait_error(s.retry_after_s),
        Ok(_) => required_error(),
        Err(e) => e,
    }
}

fn status_of(header: &Header, ring: &SecretKey) -> Result<PinStatus> {
    let slot = header.pin.as_ref().ok_or_else(slot_missing)?;
    let sk = slot_key(ring);
    let file = HEADER_FILE;
    let attempts = header
        .pin_attempts
        .as_ref()
        .filter(|a| a.valid(&sk, &header.vault_id, &slot.salt))
        .ok_or_else(|| Error::Damaged {
            file: file.into(),
            msg: Msg::new(
                format!("{file} の PIN の記録が壊れているか、改ざんされています"),
                format!("{file} is damaged or has been tampered with: the wrong-PIN counter fails its check"),
            ),
        })?;
    let retry = attempts.retry_after(now_unix());
    Ok(PinStatus {
        enabled: true,
        retry_after_s: retry.unwrap_or(0),
        blocked: retry.is_none(),
    })
}

impl Vault {
    /// Opens the vault in `dir` with the keyring alone: the open vault when the app lock is
    /// off, a [`LockedVault`] when it is on.
    pub fn open_or_locked(dir: &Path, keys: &dyn KeyStore) -> Result<Opened> {
        match Vault::open(dir, keys) {
            Ok(v) => Ok(Opened::Open(v)),
            Err(Error::PinRequired(m)) => {
                let (header, _) = read_header(dir)?;
                match keys.get(&header.vault_id)? {
                    Some(ring) if locked_by(&header, &ring) => Ok(Opened::Locked(LockedVault {
                        dir: dir.to_path_buf(),
                        id: header.vault_id,
                        device: ring,
                        mirror: keys.generation_mirror(),
                    })),
                    // Changed between the two reads: report what open said.
                    _ => Err(Error::PinRequired(m)),
                }
            }
            Err(e) => Err(e),
        }
    }

    /// The app lock's status of the vault in `dir` (`lock status`): off when the keyring
    /// holds the data key.
    pub fn pin_status(dir: &Path, keys: &dyn KeyStore) -> Result<PinStatus> {
        match Vault::open_or_locked(dir, keys)? {
            Opened::Open(_) => Ok(PinStatus::OFF),
            Opened::Locked(l) => l.status(),
        }
    }

    /// Whether this vault was opened with its PIN (the app lock is on).
    pub fn pin_enabled(&self) -> bool {
        self.ring.is_some()
    }

    fn current_header(&self) -> Result<Header> {
        let (header, file) = read_header(&self.dir)?;
        header.verify(&self.key, &file)?;
        if header.vault_id != self.id {
            return Err(slot_missing());
        }
        Ok(header)
    }

    /// Turns the app lock on with `pin` (`params`: Argon2id's, recorded in the slot).
    /// Order: the PIN slot and the reminders file first (durably), the keyring last, so a
    /// crash leaves the lock off (the keyring still holds the data key) or on.
    pub fn set_pin(&mut self, pin: &Pin, params: KdfParams, keys: &dyn KeyStore) -> Result<()> {
        if self.ring.is_some() {
            return Err(Error::InvalidInput(Msg::new(
                "PIN はすでに設定されています。変更するには「PIN を変更」を使ってください",
                "A PIN is already set: use `lock change` to change it",
            )));
        }
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut header = self.current_header()?;
        let device = SecretKey::generate()?;
        let slot = self.new_slot(&device, pin, params, header.version)?;
        let sk = slot_key(&device);
        header.pin_attempts = Some(PinAttempts::new(&sk, &self.id, &slot.salt, 0, 0));
        header.pin = Some(slot);
        retag(&mut header, &self.key)?;
        write_header(&self.dir, &header)?;
        let view = ReminderView::of(&self.read_members()?, &self.read_state()?);
        view.write(&self.dir, &device)?;
        keys.set(&self.id, &device)?;
        self.ring = Some(device);
        Ok(())
    }

    fn new_slot(
        &self,
        device: &SecretKey,
        pin: &Pin,
        params: KdfParams,
        version: u8,
    ) -> Result<PinSlot> {
        let mut salt = [0u8; SALT_LEN];
        fill_random(&mut salt)?;
        let mut nonce = [0u8; NONCE_LEN];
        fill_random(&mut nonce)?;
        let kek = pin_kek(device, pin, &salt, &params, &self.id)?;
        let wrapped = crypto::wrap(&kek, &nonce, &wrap_aad(version, &self.id), &self.key)?;
        let mut slot = PinSlot {
            kdf: "argon2id".into(),
            argon2_version: 0x13,
            params,
            salt: to_hex(&salt),
            nonce: to_hex(&nonce),
            wrapped_key: to_hex(&wrapped),
            slot_tag: String::new(),
        };
        let parts = slot.tag_parts(&self.id);
        let refs: Vec<&[u8]> = parts.iter().map(|p| &p[..]).collect();
        slot.slot_tag = to_hex(&mac(
            &slot_key(device).expose()[..],
            "hoken-wallet/v1/slot",
            &refs,
        ));
        Ok(slot)
    }

    /// Replaces the PIN (the lock must be on; the vault was opened with the old PIN). One
    /// write of `vault.json`; the wrong-PIN counter starts again at zero.
    pub fn change_pin(&self, new: &Pin, params: KdfParams) -> Result<()> {
        let device = self.ring.as_ref().ok_or_else(|| {
            Error::InvalidInput(Msg::new(
                "PIN は設定されていません",
                "No PIN is set: use `lock set`",
            ))
        })?;
        let _lock = self.lock(LockMode::Exclusive)?;
        let mut header = self.current_header()?;
        let slot = self.new_slot(device, new, params, header.version)?;
        let sk = slot_key(device);
        header.pin_attempts = Some(PinAttempts::new(&sk, &self.id, &slot.salt, 0, 0));
        header.pin = Some(slot);
        retag(&mut header, &self.key)?;
        write_header(&self.dir, &header)
    }

    /// Turns the app lock off: the data key back in the keyring first (from then on the lock
    /// is off, whatever else a crash leaves), then the PIN slot and the reminders file go.
    pub fn remove_pin(&mut self, keys: &dyn KeyStore) -> Result<()> {
        if self.ring.is_none() {
            return Err(Error::InvalidInput(Msg::new(
                "PIN は設定されていません",
                "No PIN is set",
            )));
        }
        let _lock = self.lock(LockMode::Exclusive)?;
        self.current_header()?;
        keys.set(&self.id, &self.key)?;
        self.ring = None;
        self.drop_pin_slot_locked()
    }

    /// Removes a PIN slot that no longer counts (the keyring holds the data key: a lock
    /// removed, or recovered with the recovery code, or a `lock set` cut short). The caller
    /// holds the exclusive lock.
    fn drop_pin_slot_locked(&self) -> Result<()> {
        let mut header = self.current_header()?;
        if header.pin.is_some() || header.pin_attempts.is_some() {
            header.pin = None;
            header.pin_attempts = None;
            retag(&mut header, &self.key)?;
            write_header(&self.dir, &header)?;
        }
        remove_reminders_file(&self.dir)
    }

    /// After a recovery: a PIN slot left in `vault.json` no longer counts; remove it.
    fn drop_stale_pin_slot(&self) -> Result<()> {
        if self.ring.is_some() {
            return Ok(());
        }
        let _lock = self.lock(LockMode::Exclusive)?;
        self.drop_pin_slot_locked()
    }

    /// A forgotten PIN: opens the vault with its recovery code, turns the app lock off (the
    /// data key back in the keyring) and returns it open. A new PIN can then be set.
    pub fn remove_pin_with_recovery(
        dir: &Path,
        code: &RecoveryCode,
        keys: &dyn KeyStore,
    ) -> Result<Vault> {
        let vault = Vault::recover(dir, code, keys)?;
        vault.drop_stale_pin_slot()?;
        Ok(vault)
    }

    /// Keeps `reminders.bin` in step with the members and settings (the lock on only).
    pub(super) fn refresh_reminders(
        &self,
        index: Option<&MemberIndex>,
        state: Option<&WalletState>,
    ) -> Result<()> {
        let Some(device) = &self.ring else {
            return Ok(());
        };
        let read_index;
        let index = match index {
            Some(i) => i,
            None => {
                read_index = self.read_members()?;
                &read_index
            }
        };
        let read_state;
        let state = match state {
            Some(s) => s,
            None => {
                read_state = self.read_state()?;
                &read_state
            }
        };
        let mut view = ReminderView::of(index, state);
        // Reminders delivered while locked are kept.
        if let Ok(Some(old)) = ReminderView::read(&self.dir, device) {
            view.delivered.extend(old.delivered);
        }
        view.write(&self.dir, device)
    }

    /// Reminders delivered while the app was locked (kept in `reminders.bin`).
    pub(crate) fn delivered_while_locked(&self) -> BTreeSet<String> {
        match &self.ring {
            Some(device) => ReminderView::read(&self.dir, device)
                .ok()
                .flatten()
                .map(|v| v.delivered)
                .unwrap_or_default(),
            None => BTreeSet::new(),
        }
    }
}

#[cfg(test)]
mod tests;
