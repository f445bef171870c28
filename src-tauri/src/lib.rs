//! hoken-wallet: the Tauri shell and the CLI, thin adapters over hoken-core.

pub mod autolock;
pub mod background;
#[cfg(desktop)]
pub mod card;
#[cfg(mobile)]
mod nfc;

use tauri::{Emitter, Manager};
pub mod cli;
pub mod commands;
pub mod error;
pub mod paths;
pub mod protocol;
mod reveal;
pub mod state;
#[cfg(mobile)]
mod text_recognition;

/// The UI's event when a file is dropped on the window (payload: its token, see
/// `state::AppState::grant_file`; never the path).
pub const DROPPED_EVENT: &str = "file-dropped";

/// When the process started (for bench/startup's milestones).
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Runs the CLI when there are arguments, the app otherwise; returns the exit status.
pub fn main_entry() -> i32 {
    let _ = STARTED.set(std::time::Instant::now());
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let background = args.len() == 1 && args[0] == background::BACKGROUND_ARG;
    if !args.is_empty() && !background {
        cli::run()
    } else {
        run();
        0
    }
}

/// Builds the app with its commands and state; the mock-runtime tests use the same builder.
pub fn builder<R: tauri::Runtime>(state: state::AppState) -> tauri::Builder<R> {
    let builder = tauri::Builder::<R>::new();
    // The My Number Card over NFC (phones); desktops use PC/SC (card.rs).
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_card_nfc::init());
    builder
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .manage(commands::counter::Awake::default())
        // Document images (stored, and the import waiting for confirmation) for <img> tags.
        .register_asynchronous_uri_scheme_protocol(protocol::SCHEME, protocol::handle::<R>)
        .invoke_handler(tauri::generate_handler![
            commands::check_deadlines,
            commands::date_info,
            commands::check_insurer_number,
            commands::app_info,
            commands::bench_mode,
            commands::perf_mark,
            commands::vault::launch,
            commands::vault::home,
            commands::vault::create_vault,
            commands::vault::recover_vault,
            commands::vault::family_status,
            commands::vault::get_member,
            commands::vault::add_member,
            commands::vault::update_member,
            commands::vault::remove_member,
            commands::import::pick_document,
            commands::import::inspect_document,
            commands::import::confirm_import,
            commands::import::discard_import,
            commands::import::member_documents,
            commands::import::remove_document,
            commands::qr::qr_share,
            commands::qr::qr_read,
            commands::qr::qr_store,
            commands::settings::reminder_settings,
            commands::settings::set_reminder_settings,
            commands::settings::background_mode,
            commands::settings::set_background_mode,
            commands::counter::keep_awake,
            commands::counter::set_fullscreen,
            commands::counter::print_page,
            commands::settings::default_reminder_settings,
            commands::settings::export_ics,
            commands::settings::backup_export,
            commands::settings::backup_import,
            commands::settings::check_recovery_code,
            commands::card::card_readers,
            commands::card::card_read,
            commands::lock::lock_status,
            commands::lock::unlock,
            commands::lock::lock_now,
            commands::lock::set_pin,
            commands::lock::change_pin,
            commands::lock::remove_pin,
            commands::lock::lock_idle_minutes,
            commands::lock::set_lock_idle_minutes,
            commands::lock::user_active,
            commands::biometric::biometric_ready,
            commands::biometric::biometric_enable,
            commands::biometric::biometric_unlock,
            commands::vault::pending_recovery_code,
            commands::vault::recovery_code_kept,
            commands::date_parts,
        ])
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    let dir = match paths::data_dir_from_env() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("hoken-wallet: {e}");
            std::process::exit(1);
        }
    };
    // The webview's own folder, out of the vault folder; what an earlier version left there
    // moves out first.
    let webview_dir = paths::webview_dir();
    if let Some(web) = &webview_dir {
        paths::move_webview_leftovers(&dir, web);
    }
    let keys: state::Keys = std::sync::Arc::new(hoken_core::vault::OsKeyring);
    let state = state::AppState::new(dir, keys);
    state.prepare_launch();
    let background = std::env::args_os().any(|a| a == background::BACKGROUND_ARG);
    let builder = builder::<tauri::Wry>(state);
    // Phones read screenshots and photos with Vision / ML Kit (desktops: Tesseract in core).
    #[cfg(mobile)]
    let builder = builder.plugin(text_recognition::init());
    // The app lock's biometric unlock (commands/biometric.rs).
    #[cfg(mobile)]
    let builder = builder.plugin(tauri_plugin_biometric::init());
    #[cfg(desktop)]
    let builder = builder
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![background::BACKGROUND_ARG]),
        ))
        .on_window_event(|window, event| match event {
            // In background mode, closing the window hides it: reminders keep coming.
            tauri::WindowEvent::CloseRequested { api, .. }
                if background::tray::keep_running(window.app_handle()) =>
            {
                api.prevent_close();
                let _ = window.hide();
            }
            // A file dropped on the window goes to the import flow.
            tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                if let Some(path) = paths.first() {
                    let state = window.app_handle().state::<state::AppState>();
                    if let Ok(token) = state.grant_file(path.clone()) {
                        let _ = window.emit(DROPPED_EVENT, token);
                    }
                }
            }
            _ => {}
        });
    // The window starts hidden (tauri.conf.json) and is shown once its page has loaded; see
    // `reveal`. In background mode it stays hidden until the tray or a notification shows it.
    let reveal = reveal::Reveal::new(!background);
    let on_load = reveal.clone();
    let builder = builder.on_page_load(move |webview, payload| {
        if payload.event() == tauri::webview::PageLoadEvent::Finished {
            on_load.show(&webview.window(), "page-loaded");
        }
    });
    let builder = builder.setup(move |app| {
        commands::perf_mark("setup".into());
        let handle = app.handle();
        #[cfg(desktop)]
        if background::tray::enabled(handle) {
            if let Err(e) = background::tray::install(handle) {
                eprintln!("hoken-wallet: the tray icon could not be created: {e}");
            }
        }
        // The main window is made here (tauri.conf.json: "create": false) to give its webview
        // a data folder of its own.
        let config = app
            .config()
            .app
            .windows
            .iter()
            .find(|w| w.label == "main")
            .cloned();
        if let Some(config) = config {
            let mut window = tauri::WebviewWindowBuilder::from_config(handle, &config)?;
            if let Some(web) = &webview_dir {
                window = window.data_directory(web.clone());
            }
            window.build()?;
        }
        if let Some(window) = app.get_webview_window("main") {
            reveal.show_later(window);
        }
        background::start(handle);
        autolock::start(handle);
        Ok(())
    });
    if let Err(e) = builder.run(tauri::generate_context!()) {
        eprintln!("hoken-wallet: the window could not be opened: {e}");
        std::process::exit(1);
    }
}
