//! The My Number Card over NFC, for Hoken Wallet on phones. Tauri's own NFC plugin reads NDEF
//! but does not exchange APDUs, so this small plugin does only that: wait for an ISO-DEP
//! (ISO 14443-4) card, send command APDUs, return the responses, let go. Which APDUs are
//! sent is decided in hoken-core (`card::read_certificate`): SELECT the JPKI application,
//! SELECT its user-authentication certificate, READ BINARY — never a PIN.
//!
//! Android: `NfcAdapter.enableReaderMode` + `IsoDep` (android/). iOS: `NFCTagReaderSession`
//! + `NFCISO7816Tag`, the JPKI AID listed in Info.plist (ios/, docs/mobile.md).
//!
//! On desktops the crate is empty (desktops read cards over PC/SC).
#![cfg(any(target_os = "android", target_os = "ios"))]

use serde::{Deserialize, Serialize};
use tauri::plugin::{Builder, PluginHandle, TauriPlugin};
use tauri::{Manager, Runtime};

#[cfg(target_os = "ios")]
tauri::ios_plugin_binding!(init_plugin_card_nfc);

/// What went wrong, by the code the native side rejected with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No NFC on this phone, or it is switched off.
    #[error("NFC is not available: {0}")]
    NoNfc(String),
    /// No card came near the phone before the wait ended (or the user cancelled).
    #[error("no card: {0}")]
    NoCard(String),
    /// The card moved away mid-exchange.
    #[error("the card was removed: {0}")]
    Removed(String),
    #[error("{0}")]
    Failed(String),
}

impl From<tauri::plugin::mobile::PluginInvokeError> for Error {
    fn from(e: tauri::plugin::mobile::PluginInvokeError) -> Self {
        use tauri::plugin::mobile::PluginInvokeError as P;
        match e {
            P::InvokeRejected(r) => {
                let message = r.message.unwrap_or_default();
                match r.code.as_deref() {
                    Some("no_nfc") => Error::NoNfc(message),
                    Some("no_card") => Error::NoCard(message),
                    Some("removed") => Error::Removed(message),
                    _ => Error::Failed(message),
                }
            }
            other => Error::Failed(other.to_string()),
        }
    }
}

#[derive(Deserialize)]
struct Available {
    available: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConnectArgs {
    timeout_ms: u64,
}

#[derive(Serialize)]
struct TransceiveArgs {
    /// The command APDU in hex.
    apdu: String,
}

#[derive(Deserialize)]
struct TransceiveResponse {
    /// The response APDU (data and SW1 SW2) in hex.
    response: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn unhex(s: &str) -> Result<Vec<u8>, Error> {
    if s.len() % 2 != 0 || s.len() > 2 * 65_538 {
        return Err(Error::Failed("a malformed response".into()));
    }
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| Error::Failed("a malformed response".into()))
        })
        .collect()
}

/// The plugin's handle (`app.state::<CardNfc<R>>()`). Its calls block: use them off the
/// main thread.
pub struct CardNfc<R: Runtime>(PluginHandle<R>);

impl<R: Runtime> CardNfc<R> {
    /// Whether the phone has NFC and it is on.
    pub fn available(&self) -> bool {
        self.0
            .run_mobile_plugin::<Available>("available", ())
            .map(|a| a.available)
            .unwrap_or(false)
    }

    /// Waits (showing the system's "hold your card" sheet on iOS) until a card is there.
    pub fn connect(&self, timeout_ms: u64) -> Result<(), Error> {
        self.0
            .run_mobile_plugin::<serde_json::Value>("connect", ConnectArgs { timeout_ms })
            .map(|_| ())
            .map_err(Error::from)
    }

    /// One command APDU → its response (data followed by SW1 SW2).
    pub fn transceive(&self, apdu: &[u8]) -> Result<Vec<u8>, Error> {
        let r: TransceiveResponse = self
            .0
            .run_mobile_plugin("transceive", TransceiveArgs { apdu: hex(apdu) })?;
        unhex(&r.response)
    }

    /// Lets the card go and stops listening for cards.
    pub fn close(&self) {
        let _ = self.0.run_mobile_plugin::<serde_json::Value>("close", ());
    }
}

pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("card-nfc")
        .setup(|app, api| {
            #[cfg(target_os = "android")]
            let handle = api.register_android_plugin("app.hoken.cardnfc", "CardNfcPlugin")?;
            #[cfg(target_os = "ios")]
            let handle = api.register_ios_plugin(init_plugin_card_nfc)?;
            app.manage(CardNfc(handle));
            Ok(())
        })
        .build()
}
