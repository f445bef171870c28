//! hoken-wallet: the Tauri shell and the CLI, thin adapters over hoken-core.

pub mod cli;
pub mod commands;
pub mod error;
pub mod paths;
pub mod protocol;
pub mod state;

/// Runs the CLI when there are arguments, the app otherwise; returns the exit status.
pub fn main_entry() -> i32 {
    if std::env::args_os().len() > 1 {
        cli::run()
    } else {
        run();
        0
    }
}

/// Builds the app with its commands and state; the mock-runtime tests use the same builder.
pub fn builder<R: tauri::Runtime>(state: state::AppState) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::check_deadlines,
            commands::date_info,
            commands::check_insurer_number,
            commands::app_info,
            commands::vault::vault_status,
            commands::vault::create_vault,
            commands::vault::recover_vault,
            commands::vault::family_status,
            commands::vault::get_member,
            commands::vault::add_member,
            commands::vault::update_member,
            commands::vault::remove_member,
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
    let keys: state::Keys = std::sync::Arc::new(hoken_core::vault::OsKeyring);
    let state = state::AppState::new(dir, keys);
    if let Err(e) = builder::<tauri::Wry>(state).run(tauri::generate_context!()) {
        eprintln!("hoken-wallet: the window could not be opened: {e}");
        std::process::exit(1);
    }
}
