//! The main window starts hidden and is shown once its page has loaded.
//!
//! Shown at once, it made one launch in three half a second slower on Linux: GTK paints the
//! still-empty web view and WebKitGTK waits, up to 500 ms, for the web process's first frame,
//! while the web process is itself blocked on a synchronous message to this process (seen
//! with gdb under Xvfb: the UI thread in `gtk_container_propagate_draw` → a timed wait, the
//! web process in `BinarySemaphore::waitUntil`). A hidden window is not painted, so the page
//! loads without the stall, and the first frame the user sees is the app, not a white box.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{Runtime, WebviewWindow, Window};

/// If the page has not loaded by then (something is wrong), the window is shown anyway so
/// that the user sees it rather than nothing.
const AT_THE_LATEST: Duration = Duration::from_secs(4);

/// Shows the window once: on the page's load, or after [`AT_THE_LATEST`].
#[derive(Clone)]
pub struct Reveal {
    /// False in background mode (`--background`): the window stays hidden.
    wanted: bool,
    done: Arc<AtomicBool>,
}

impl Reveal {
    pub fn new(wanted: bool) -> Reveal {
        Reveal {
            wanted,
            done: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Shows the window unless it was shown before (or is not wanted); `mark` names the
    /// bench milestone.
    pub fn show<R: Runtime>(&self, window: &Window<R>, mark: &str) {
        if self.wanted && !self.done.swap(true, Ordering::SeqCst) {
            crate::commands::perf_mark(mark.into());
            if let Err(e) = window.show() {
                eprintln!("hoken-wallet: the window could not be shown: {e}");
            }
        }
    }

    /// The fallback: shows the window after [`AT_THE_LATEST`] if the page never loaded.
    pub fn show_later<R: Runtime>(&self, window: WebviewWindow<R>) {
        if !self.wanted {
            return;
        }
        let this = self.clone();
        // Without the thread, the page's load still shows the window.
        let _ = std::thread::Builder::new()
            .name("reveal".into())
            .spawn(move || {
                std::thread::sleep(AT_THE_LATEST);
                this.show(&window.as_ref().window(), "shown-late");
            });
    }
}
