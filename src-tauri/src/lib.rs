//! hoken-wallet: the Tauri shell and the CLI, thin adapters over hoken-core.

pub mod cli;
pub mod commands;
pub mod error;
pub mod paths;

/// Runs the CLI when there are arguments, the app otherwise; returns the exit status.
pub fn main_entry() -> i32 {
    if std::env::args_os().len() > 1 {
        cli::run()
    } else {
        run();
        0
    }
}

/// Builds the app with its commands; the mock-runtime tests use the same builder.
pub fn builder<R: tauri::Runtime>() -> tauri::Builder<R> {
    tauri::Builder::<R>::new().invoke_handler(tauri::generate_handler![
        commands::check_deadlines,
        commands::date_info,
        commands::check_insurer_number,
        commands::app_info,
    ])
}

#[cfg_attr(mobile, tauri::mobile_entry_point)]
pub fn run() {
    if let Err(e) = builder::<tauri::Wry>().run(tauri::generate_context!()) {
        eprintln!("hoken-wallet: the window could not be opened: {e}");
        std::process::exit(1);
    }
}
