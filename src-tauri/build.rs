fn main() {
    // `cargo build` in a fresh clone must work before the UI is built: Tauri embeds
    // `ui/dist` at compile time, so a placeholder page stands in until `npm run build` runs.
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        let _ = std::fs::create_dir_all(dist);
        let _ = std::fs::write(
            dist.join("index.html"),
            "<!doctype html><meta charset=utf-8><title>Hoken Wallet</title>\
             <p>The UI is not built yet: run <code>make run</code>.</p>",
        );
    }
    println!("cargo:rerun-if-changed=../ui/dist");

    // The window may call exactly these commands (capabilities/default.json allows them).
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "check_deadlines",
            "date_info",
            "check_insurer_number",
            "app_info",
            "bench_mode",
            "perf_mark",
            "launch",
            "home",
            "create_vault",
            "recover_vault",
            "family_status",
            "get_member",
            "add_member",
            "update_member",
            "remove_member",
            "pick_document",
            "inspect_document",
            "confirm_import",
            "discard_import",
            "member_documents",
            "remove_document",
            "qr_share",
            "qr_read",
            "qr_store",
            "reminder_settings",
            "set_reminder_settings",
            "background_mode",
            "set_background_mode",
            "keep_awake",
            "set_fullscreen",
            "print_page",
            "default_reminder_settings",
            "export_ics",
            "backup_export",
            "backup_import",
            "check_recovery_code",
            "card_readers",
            "card_read",
            "lock_status",
            "unlock",
            "lock_now",
            "set_pin",
            "change_pin",
            "remove_pin",
            "lock_idle_minutes",
            "set_lock_idle_minutes",
            "user_active",
            "biometric_ready",
            "biometric_enable",
            "biometric_unlock",
            "pending_recovery_code",
            "recovery_code_kept",
            "date_parts",
        ]),
    ))
    .expect("failed to run tauri-build");
}
