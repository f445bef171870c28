// No console window on Windows release builds; the CLI attaches to its parent's console.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    std::process::exit(hoken_wallet_lib::main_entry())
}
