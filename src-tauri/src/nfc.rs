//! The My Number Card over NFC on phones: the same reading as on desktops
//! (`hoken_core::card::read_certificate`), through the `card-nfc` plugin's APDU channel
//! (Android IsoDep, iOS NFCISO7816Tag). Built only for Android and iOS.

use hoken_core::card::{self, CardProblem, CardRead, Transmit};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_card_nfc::{CardNfc, Error as NfcError};

use crate::error::Result;

/// How long the phone waits for the card to be held to it (iOS's own sheet ends at 60 s).
const WAIT_MS: u64 = 30_000;

/// The name shown as "the reader".
const READER: &str = "NFC";

fn problem(e: NfcError) -> hoken_core::Error {
    match e {
        NfcError::NoNfc(m) => CardProblem::NoReader.error(&m),
        NfcError::NoCard(m) => CardProblem::NoCard.error(&m),
        NfcError::Removed(m) => CardProblem::Removed.error(&m),
        NfcError::Failed(m) => CardProblem::Failed.error(&m),
    }
}

struct NfcCard<'a, R: Runtime>(&'a CardNfc<R>);

impl<R: Runtime> Transmit for NfcCard<'_, R> {
    fn transmit(&mut self, command: &[u8]) -> hoken_core::Result<Vec<u8>> {
        self.0.transceive(command).map_err(problem)
    }
}

/// `["NFC"]` when the phone can read cards, else none (the UI then offers no card reading).
pub fn readers<R: Runtime>(app: &AppHandle<R>) -> Vec<String> {
    match app.try_state::<CardNfc<R>>() {
        Some(nfc) if nfc.available() => vec![READER.to_string()],
        _ => Vec::new(),
    }
}

/// Waits for the card, reads the certificate's expiry, lets the card go. Blocks.
pub fn read<R: Runtime>(app: &AppHandle<R>) -> Result<CardRead> {
    let nfc = app
        .try_state::<CardNfc<R>>()
        .ok_or_else(|| CardProblem::NoReader.error("no NFC plugin"))?;
    nfc.connect(WAIT_MS).map_err(problem)?;
    let result = card::read_certificate(&mut NfcCard(nfc.inner()));
    nfc.close();
    Ok(CardRead::new(result?, READER))
}
