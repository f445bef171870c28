//! Tauri commands: each one a call into hoken-core.

use hoken_core::checker::{CheckRequest, CheckResult};
use hoken_core::era::DateInfo;
use hoken_core::insurer::InsurerNumberCheck;
use serde::Serialize;
use ts_rs::TS;

pub mod biometric;
pub mod card;
pub mod counter;
pub mod dialog;
pub mod import;
pub mod lock;
pub mod qr;
pub mod settings;
pub mod vault;

use crate::error::Result;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
    /// Where the wallet keeps its (encrypted) data.
    pub data_dir: String,
}

#[tauri::command]
pub fn check_deadlines(request: CheckRequest) -> Result<CheckResult> {
    Ok(hoken_core::checker::check(
        &request,
        chrono::Local::now().date_naive(),
    )?)
}

/// The guide's step for the answers so far (the decision chart is core's).
#[tauri::command]
pub fn guide_step(answers: Vec<hoken_core::guide::GuideAnswer>) -> hoken_core::guide::GuideStep {
    hoken_core::guide::step(&answers)
}

#[tauri::command]
pub fn date_info(input: String) -> Result<DateInfo> {
    Ok(hoken_core::era::date_info(&input)?)
}

#[tauri::command]
pub fn check_insurer_number(input: String) -> Result<InsurerNumberCheck> {
    Ok(hoken_core::insurer::validate(&input)?)
}

#[tauri::command]
pub fn app_info(state: tauri::State<'_, crate::state::AppState>) -> AppInfo {
    AppInfo {
        name: "Hoken Wallet".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        data_dir: state.dir().display().to_string(),
    }
}

/// Whether the app runs under `bench/startup` (HOKEN_WALLET_BENCH=1): the UI then marks its
/// milestones and opens clinic mode by itself.
#[tauri::command]
pub fn bench_mode() -> bool {
    std::env::var_os("HOKEN_WALLET_BENCH").is_some_and(|v| v == "1")
}

/// Prints a milestone with the time since the process started (bench mode only):
/// `hoken-wallet-mark <name> <milliseconds>` on stderr.
#[tauri::command]
pub fn perf_mark(name: String) {
    if bench_mode() {
        let ms = crate::STARTED
            .get()
            .map(|t| t.elapsed().as_secs_f64() * 1000.0)
            .unwrap_or(0.0);
        let name: String = name
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(40)
            .collect();
        eprintln!("hoken-wallet-mark {name} {ms:.1}");
        if name == "done" {
            std::process::exit(0);
        }
    }
}

/// A typed date's parts for the date input (era, year, month, day) and its display form.
#[tauri::command]
pub fn date_parts(input: String) -> Result<hoken_core::era::DateParts> {
    Ok(hoken_core::era::date_parts(&input)?)
}
