//! Reminders on the desktop: checked at launch and hourly while the app runs, delivered as one
//! OS notification (a summary when several are due), recorded in the vault so each fires once.
//! Optional: start at login and stay in the tray, so reminders arrive with no window open.
//! On mobile the OS schedules them instead (`Schedule::At`), whenever the data changes.

use std::time::Duration;

use hoken_core::notification::{notification, Lang};
use hoken_core::reminders::{self, Reminder};
use hoken_core::vault::session::VaultState;
use hoken_core::vault::{Opened, Vault};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_notification::NotificationExt;

use crate::error::Result;
use crate::state::{today, AppState};

/// The argument autostart launches the app with: no window, only the tray.
pub const BACKGROUND_ARG: &str = "--background";
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);

/// The language of notifications: the user's locale (Japanese unless it is English).
fn notification_lang() -> Lang {
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .find(|v| !v.is_empty());
    Lang::from_locale(locale.as_deref())
}

/// The reminders still to come (what a phone's OS is asked to fire).
fn future(all: &[Reminder]) -> Vec<Reminder> {
    let today = today();
    all.iter().filter(|r| r.fires > today).cloned().collect()
}

/// The family's data changed (a member, a document, the reminder settings). On mobile the OS's
/// schedule is replaced by the new one; on the desktop the next check reads the vault afresh,
/// so there is nothing to do. Errors are logged: the change itself is already saved.
pub fn data_changed<R: Runtime>(app: &AppHandle<R>) {
    if cfg!(desktop) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>().inner().clone();
        match state.blocking(|s| s.with_vault(|v| reminders::pending(v, today()))) {
            Ok(p) => mobile::schedule(&app, &future(&p.all)),
            Err(e) => eprintln!(
                "hoken-wallet: reminders not rescheduled: {}",
                e.payload().message
            ),
        }
    });
}

/// Delivers what is due now (if the vault is open or can be opened with the keyring's key).
pub fn check_now<R: Runtime>(app: &AppHandle<R>) -> Result<Vec<Reminder>> {
    let state = app.state::<AppState>().inner().clone();
    let due = state.blocking(|s| {
        match s.status()?.state {
            VaultState::Open => {}
            // The app lock on: the names and dates the keyring alone opens.
            VaultState::PinLocked => {
                if let Opened::Locked(l) = Vault::open_or_locked(&s.dir, s.keys.as_ref())? {
                    let pending = reminders::pending_locked(&l, today())?;
                    if !pending.due.is_empty() {
                        reminders::acknowledge_locked(&l, &pending)?;
                    }
                    return Ok(pending);
                }
            }
            _ => {
                return Ok(reminders::Pending {
                    all: Vec::new(),
                    due: Vec::new(),
                })
            }
        }
        s.with_vault(|v| {
            let pending = reminders::pending(v, today())?;
            if !pending.due.is_empty() {
                reminders::acknowledge(v, &pending)?;
            }
            Ok(pending)
        })
    })?;
    #[cfg(mobile)]
    mobile::schedule(app, &future(&due.all));
    let due = due.due;
    if let Some(text) = notification(&due, notification_lang()) {
        let sent = app
            .notification()
            .builder()
            .title(text.title)
            .body(text.body)
            .extra("member_id", &due[0].member_id)
            .show();
        if let Err(e) = sent {
            eprintln!("hoken-wallet: the notification could not be shown: {e}");
        }
        crate::ipc::REMINDERS_DUE_EVENT.emit(app, &due);
    }
    Ok(due)
}

/// Shows the main window (from the tray or a notification).
pub fn show_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.show();
        let _ = w.unminimize();
        let _ = w.set_focus();
    }
}

/// Starts the hourly check and the notification click handler.
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let handle = app.clone();
    let _ = app.notification().on_action(move |action| {
        let member = action
            .notification()
            .and_then(|n| n.extra().get("member_id"))
            .and_then(|v| v.as_str())
            .map(str::to_string);
        show_window(&handle);
        if let Some(id) = member {
            crate::ipc::OPEN_MEMBER_EVENT.emit(&handle, &id);
        }
    });
    let handle = app.clone();
    std::thread::Builder::new()
        .name("reminders".into())
        .spawn(move || loop {
            if let Err(e) = check_now(&handle) {
                eprintln!("hoken-wallet: reminders: {}", e.payload().message);
            }
            std::thread::sleep(CHECK_EVERY);
        })
        .map(|_| ())
        .unwrap_or_else(|e| eprintln!("hoken-wallet: reminders thread: {e}"));
}

#[cfg(desktop)]
pub mod tray {
    //! "Start at login, stay in the tray": autostart launches the app with `--background`;
    //! closing the window then hides it instead of quitting.
    use tauri::menu::{Menu, MenuItem};
    use tauri::tray::{TrayIcon, TrayIconBuilder};
    use tauri::{AppHandle, Runtime};
    use tauri_plugin_autostart::ManagerExt;

    use super::show_window;

    pub fn enabled<R: Runtime>(app: &AppHandle<R>) -> bool {
        app.autolaunch().is_enabled().unwrap_or(false)
    }

    pub fn set_enabled<R: Runtime>(app: &AppHandle<R>, on: bool) -> Result<(), String> {
        let auto = app.autolaunch();
        if on {
            auto.enable().map_err(|e| e.to_string())?;
            install(app).map_err(|e| e.to_string())?;
        } else {
            auto.disable().map_err(|e| e.to_string())?;
            if let Some(t) = app.remove_tray_by_id("main") {
                drop(t);
            }
        }
        Ok(())
    }

    /// The tray icon with "開く" and "終了".
    pub fn install<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<TrayIcon<R>> {
        if let Some(t) = app.tray_by_id("main") {
            return Ok(t);
        }
        let open = MenuItem::with_id(app, "open", "保険ウォレットを開く", true, None::<&str>)?;
        let quit = MenuItem::with_id(app, "quit", "終了", true, None::<&str>)?;
        let menu = Menu::with_items(app, &[&open, &quit])?;
        let mut builder = TrayIconBuilder::with_id("main")
            .tooltip("保険ウォレット")
            .menu(&menu)
            .on_menu_event(|app, event| match event.id().as_ref() {
                "open" => show_window(app),
                "quit" => app.exit(0),
                _ => {}
            });
        if let Some(icon) = app.default_window_icon() {
            builder = builder.icon(icon.clone());
        }
        builder.build(app)
    }

    /// Whether closing the main window should hide it (background mode) rather than quit.
    pub fn keep_running<R: Runtime>(app: &AppHandle<R>) -> bool {
        enabled(app) && app.tray_by_id("main").is_some()
    }
}

#[cfg_attr(desktop, allow(dead_code))] // compiled (so checked) everywhere, called on mobile
pub mod mobile {
    //! Mobile: the OS fires scheduled notifications even when the app is not running, so every
    //! future reminder is scheduled (at 9:00 local time) whenever the data changes.
    use chrono::{NaiveDate, TimeZone};
    use hoken_core::notification::notification;
    use hoken_core::reminders::Reminder;
    use tauri::{AppHandle, Runtime};
    use tauri_plugin_notification::{NotificationExt, Schedule};

    /// 9:00 local time on `day`, as an instant (chrono knows the local offset even in a
    /// multi-threaded process, where `time`'s `current_local_offset` refuses).
    pub fn nine_local(day: NaiveDate) -> Option<time::OffsetDateTime> {
        let at = chrono::Local
            .from_local_datetime(&day.and_hms_opt(9, 0, 0)?)
            .earliest()?;
        time::OffsetDateTime::from_unix_timestamp(at.timestamp()).ok()
    }

    pub fn schedule<R: Runtime>(app: &AppHandle<R>, future: &[Reminder]) {
        let n = app.notification();
        #[cfg(mobile)]
        let _ = n.cancel_all();
        let lang = super::notification_lang();
        for (i, r) in future.iter().enumerate() {
            let Some(date) = nine_local(r.fires) else {
                continue;
            };
            let Some(text) = notification(std::slice::from_ref(r), lang) else {
                continue;
            };
            let _ = n
                .builder()
                .id(i32::try_from(i).unwrap_or(i32::MAX))
                .title(text.title)
                .body(text.body)
                .extra("member_id", &r.member_id)
                .schedule(Schedule::At {
                    date,
                    repeating: false,
                    allow_while_idle: true,
                })
                .show();
        }
    }

    #[cfg(test)]
    mod tests {
        use chrono::Timelike;

        #[test]
        fn reminders_are_scheduled_at_nine_local_time() {
            let day = chrono::NaiveDate::from_ymd_opt(2027, 3, 15).expect("date");
            let at = super::nine_local(day).expect("an instant");
            let local = chrono::DateTime::from_timestamp(at.unix_timestamp(), 0)
                .expect("in range")
                .with_timezone(&chrono::Local);
            assert_eq!(
                (local.date_naive(), local.hour(), local.minute()),
                (day, 9, 0)
            );
        }
    }
}
