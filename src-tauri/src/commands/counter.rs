//! At the clinic's counter (窓口で見せる): the window goes full screen and the display stays
//! awake while clinic mode is open. Both are comforts: a failure is logged (without any
//! personal data) and ignored, never shown as an error that would stand between the member
//! and their document.

use std::sync::{Arc, Mutex};

use tauri::{Runtime, State, WebviewWindow};

use crate::error::Result;

/// The keep-awake guard while clinic mode is open (desktop: the `keepawake` crate, i.e.
/// org.freedesktop.ScreenSaver on Linux, IOPMAssertion on macOS, SetThreadExecutionState on
/// Windows). On Android and iOS there is nothing to hold here: the UI asks the webview's
/// Screen Wake Lock API instead, which those webviews implement.
#[derive(Clone, Default)]
pub struct Awake(Arc<Mutex<Option<Guard>>>);

#[cfg(desktop)]
type Guard = keepawake::KeepAwake;
#[cfg(mobile)]
type Guard = ();

impl Awake {
    fn set(&self, on: bool) -> bool {
        let mut slot = self.0.lock().unwrap_or_else(|p| p.into_inner());
        if !on {
            if let Some(guard) = slot.take() {
                // keepawake unwraps the D-Bus reply when it lets go: a vanished session bus
                // must not take the app down with it.
                let dropped =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(guard)));
                if dropped.is_err() {
                    eprintln!("hoken-wallet: releasing the screen keep-awake failed");
                }
            }
            return false;
        }
        if slot.is_some() {
            return true;
        }
        match acquire() {
            Some(guard) => {
                *slot = Some(guard);
                true
            }
            None => false,
        }
    }
}

#[cfg(desktop)]
fn acquire() -> Option<Guard> {
    let created = std::panic::catch_unwind(|| {
        keepawake::Builder::default()
            .display(true)
            .reason("窓口で資格情報を提示中 / Showing the qualification record at a clinic")
            .app_name("Hoken Wallet")
            .app_reverse_domain("jp.hokenwallet.app")
            .create()
    });
    match created {
        Ok(Ok(guard)) => Some(guard),
        Ok(Err(e)) => {
            eprintln!("hoken-wallet: the screen cannot be kept awake: {e}");
            None
        }
        Err(_) => {
            eprintln!("hoken-wallet: the screen cannot be kept awake");
            None
        }
    }
}

#[cfg(mobile)]
fn acquire() -> Option<Guard> {
    None
}

/// Keeps the display awake (`on`) or lets it sleep again. Resolves to whether a keep-awake is
/// held: false when the system refused (the UI then tries the Screen Wake Lock API).
#[tauri::command]
pub async fn keep_awake(awake: State<'_, Awake>, on: bool) -> Result<bool> {
    let awake = awake.inner().clone();
    // D-Bus calls block: keep them off the main thread.
    Ok(tauri::async_runtime::spawn_blocking(move || awake.set(on))
        .await
        .unwrap_or(false))
}

/// Full screen for clinic mode (desktop; a no-op on phones, which have no window frame).
/// Resolves to whether the window changed (false when it already was as asked: then the UI
/// leaves it so on exit). Async, so that it never holds up the main thread's event loop.
#[tauri::command]
pub async fn set_fullscreen<R: Runtime>(window: WebviewWindow<R>, on: bool) -> Result<bool> {
    #[cfg(desktop)]
    {
        if window.is_fullscreen().unwrap_or(false) == on {
            return Ok(false);
        }
        if let Err(e) = window.set_fullscreen(on) {
            eprintln!("hoken-wallet: full screen could not be changed: {e}");
            return Ok(false);
        }
        Ok(true)
    }
    #[cfg(mobile)]
    {
        let _ = (window, on);
        Ok(false)
    }
}

/// The system's print dialog for the page (where one can also save a PDF). Inside the app the
/// page's own `window.print()` does nothing on WebKitGTK (seen under Xvfb, 2026-11) nor on
/// WKWebView, so the print sheet asks here; Windows' webview prints the same way through wry.
/// False on phones (no print dialog here): the UI then tries `window.print()`.
#[tauri::command]
pub async fn print_page<R: Runtime>(webview: tauri::Webview<R>) -> Result<bool> {
    #[cfg(desktop)]
    {
        if let Err(e) = webview.print() {
            eprintln!("hoken-wallet: the print dialog could not be opened: {e}");
            return Ok(false);
        }
        Ok(true)
    }
    #[cfg(mobile)]
    {
        let _ = webview;
        Ok(false)
    }
}
