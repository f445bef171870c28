//! Auto-lock (the app lock on only; the decision is `hoken_core::autolock`'s): a ticker that
//! watches the idle time and whether the window is hidden or minimised, and on Linux the
//! desktop's signals over D-Bus: logind's `PrepareForSleep` (suspend) and `Session.Lock`, and
//! the screen saver's `ActiveChanged`. macOS and Windows: Tauri reports no session-lock or
//! sleep event (see docs/mobile.md, "App lock"); the idle and hidden-window rules cover them.

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};

use crate::commands::lock::lock_app;
use crate::state::AppState;

const TICK: Duration = Duration::from_secs(1);

/// Starts the ticker and, on Linux, the D-Bus listeners.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("auto-lock".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            let state = handle.state::<AppState>().inner().clone();
            if let Some(w) = handle.get_webview_window("main") {
                let hidden = !w.is_visible().unwrap_or(true) || w.is_minimized().unwrap_or(false);
                let _ = state.blocking(|s| {
                    s.set_hidden(hidden);
                    Ok(())
                });
            }
            if let Ok(Some(reason)) = state.blocking(|s| Ok(s.auto_lock_due())) {
                lock_app(&handle, &state, reason);
            }
        });
    if let Err(e) = spawned {
        eprintln!("hoken-wallet: auto-lock thread: {e}");
    }
    #[cfg(target_os = "linux")]
    linux::start(app);
}

#[cfg(target_os = "linux")]
mod linux {
    use hoken_core::autolock::LockReason;
    use tauri::{AppHandle, Manager, Runtime};
    use zbus::blocking::{Connection, MessageIterator};
    use zbus::message::Type;
    use zbus::MatchRule;

    use crate::commands::lock::lock_app;
    use crate::state::AppState;

    /// Listens on `conn` for `interface.member` signals (at `path`, if given) and locks
    /// with `reason` whenever `wanted(body)` says so. Ends quietly if the bus is absent.
    fn listen<R: Runtime>(
        app: &AppHandle<R>,
        name: &str,
        conn: zbus::Result<Connection>,
        interface: &'static str,
        member: &'static str,
        path: Option<String>,
        reason: LockReason,
    ) {
        let handle = app.clone();
        let run = move || -> zbus::Result<()> {
            let conn = conn?;
            let mut rule = MatchRule::builder()
                .msg_type(Type::Signal)
                .interface(interface)?
                .member(member)?;
            if let Some(p) = path {
                rule = rule.path(p)?;
            }
            let rule = rule.build();
            for msg in MessageIterator::for_match_rule(rule, &conn, Some(16))? {
                let Ok(msg) = msg else { continue };
                // PrepareForSleep(true) and ActiveChanged(true): going to sleep, locked.
                // Session.Lock has no body.
                let on = msg.body().deserialize::<bool>().unwrap_or(true);
                if on {
                    let state = handle.state::<AppState>().inner().clone();
                    lock_app(&handle, &state, reason);
                }
            }
            Ok(())
        };
        let _ = std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                if let Err(e) = run() {
                    eprintln!("hoken-wallet: auto-lock ({interface}.{member}) not watched: {e}");
                }
            });
    }

    /// This process's logind session object, to listen to its `Lock` only.
    fn own_session(conn: &Connection) -> Option<String> {
        let reply = conn
            .call_method(
                Some("org.freedesktop.login1"),
                "/org/freedesktop/login1",
                Some("org.freedesktop.login1.Manager"),
                "GetSessionByPID",
                &(std::process::id()),
            )
            .ok()?;
        let path: zbus::zvariant::OwnedObjectPath = reply.body().deserialize().ok()?;
        Some(path.to_string())
    }

    pub fn start<R: Runtime>(app: &AppHandle<R>) {
        listen(
            app,
            "lock-sleep",
            Connection::system(),
            "org.freedesktop.login1.Manager",
            "PrepareForSleep",
            None,
            LockReason::Suspend,
        );
        let system = Connection::system();
        let session = system.as_ref().ok().and_then(own_session);
        listen(
            app,
            "lock-session",
            system,
            "org.freedesktop.login1.Session",
            "Lock",
            session,
            LockReason::SessionLocked,
        );
        for (thread, interface) in [
            ("lock-saver", "org.freedesktop.ScreenSaver"),
            ("lock-gnome-saver", "org.gnome.ScreenSaver"),
        ] {
            listen(
                app,
                thread,
                Connection::session(),
                interface,
                "ActiveChanged",
                None,
                LockReason::SessionLocked,
            );
        }
    }
}
