//! Biometric unlock on phones (the app lock on): the OS prompt (fingerprint, face) in place of
//! typing the PIN. Android only, through tauri-plugin-biometric's biometric cipher: the PIN is
//! encrypted under a key of the Android Keystore that only a strong biometric unlocks, and the
//! ciphertext is kept in the data folder (`biometric-pin.txt`); an unlock decrypts it with the
//! prompt and then opens the vault with the PIN as usual (a counted attempt, Argon2id). The
//! files plus the keyring therefore still open nothing. iOS: the plugin has no biometric
//! cryptography yet, so the PIN is typed (docs/mobile.md, "App lock"). Desktops: unavailable.

use hoken_core::home::Launch;
use tauri::{AppHandle, Runtime, State};

use crate::error::Result;
use crate::state::AppState;

/// The ciphertext of the PIN under the biometric key (Android), next to `vault.json`.
pub const BIOMETRIC_FILE: &str = "biometric-pin.txt";

fn unavailable() -> crate::error::Error {
    hoken_core::Error::InvalidInput(hoken_core::Msg::new(
        "この端末では指紋・顔認証で開けません。PIN を入力してください",
        "Biometric unlock is not available on this device: enter the PIN",
    ))
    .into()
}

/// Whether biometric unlock is set up and usable now.
#[tauri::command]
pub async fn biometric_ready<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<bool> {
    let stored = state.dir().join(BIOMETRIC_FILE).exists();
    Ok(stored && imp::available(&app))
}

/// Turns biometric unlock on: the PIN is checked (a counted attempt), then encrypted with the
/// biometric key after the OS prompt.
#[tauri::command]
pub async fn biometric_enable<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pin: String,
) -> Result<()> {
    if !imp::available(&app) {
        return Err(unavailable());
    }
    let checked = pin.clone();
    let vault = state.run(move |s| s.verify_pin(&checked)).await?;
    let sealed = imp::encrypt(&app, &pin)?;
    hoken_core::vault::atomic_write(&state.dir().join(BIOMETRIC_FILE), sealed.as_bytes())?;
    state
        .run(move |s| {
            s.set_open(vault);
            Ok(())
        })
        .await
}

/// Opens the vault after the OS's biometric prompt; answers like `unlock`.
#[tauri::command]
pub async fn biometric_unlock<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Launch> {
    let sealed =
        std::fs::read_to_string(state.dir().join(BIOMETRIC_FILE)).map_err(|_| unavailable())?;
    let pin = imp::decrypt(&app, sealed.trim())?;
    state
        .run(move |s| {
            s.unlock(&pin)?;
            s.launch(crate::state::today())
        })
        .await
}

#[cfg(mobile)]
mod imp {
    use tauri::{AppHandle, Runtime};
    use tauri_plugin_biometric::{AuthOptions, BiometricExt};

    use crate::error::Result;

    fn options() -> AuthOptions {
        AuthOptions {
            allow_device_credential: false,
            title: Some("保険ウォレットを開く".into()),
            cancel_title: Some("PIN を入力する".into()),
            ..AuthOptions::default()
        }
    }

    fn failed(e: tauri_plugin_biometric::Error) -> crate::error::Error {
        hoken_core::Error::WrongPin(hoken_core::Msg::new(
            format!("指紋・顔認証で開けませんでした（{e}）。PIN を入力してください"),
            format!("Biometric unlock failed ({e}): enter the PIN"),
        ))
        .into()
    }

    pub fn available<R: Runtime>(app: &AppHandle<R>) -> bool {
        cfg!(target_os = "android")
            && app
                .biometric()
                .status()
                .map(|s| s.is_available)
                .unwrap_or(false)
    }

    pub fn encrypt<R: Runtime>(app: &AppHandle<R>, pin: &str) -> Result<String> {
        let mut o = options();
        o.data_to_encrypt = Some(pin.to_string());
        Ok(app
            .biometric()
            .biometric_cipher("指紋・顔認証で開けるようにします".into(), o)
            .map_err(failed)?
            .data)
    }

    pub fn decrypt<R: Runtime>(app: &AppHandle<R>, sealed: &str) -> Result<String> {
        let mut o = options();
        o.data_to_decrypt = Some(sealed.to_string());
        Ok(app
            .biometric()
            .biometric_cipher("保険ウォレットを開きます".into(), o)
            .map_err(failed)?
            .data)
    }
}

#[cfg(desktop)]
mod imp {
    use tauri::{AppHandle, Runtime};

    use crate::error::Result;

    pub fn available<R: Runtime>(_app: &AppHandle<R>) -> bool {
        false
    }

    pub fn encrypt<R: Runtime>(_app: &AppHandle<R>, _pin: &str) -> Result<String> {
        Err(super::unavailable())
    }

    pub fn decrypt<R: Runtime>(_app: &AppHandle<R>, _sealed: &str) -> Result<String> {
        Err(super::unavailable())
    }
}
