//! Tauri commands: each one a call into hoken-core.

use hoken_core::checker::{CheckRequest, CheckResult};
use hoken_core::era::DateInfo;
use hoken_core::insurer::InsurerNumberCheck;
use serde::Serialize;
use ts_rs::TS;

pub mod settings;
pub mod vault;

use crate::error::Result;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AppInfo {
    pub name: String,
    pub version: String,
}

#[tauri::command]
pub fn check_deadlines(request: CheckRequest) -> Result<CheckResult> {
    Ok(hoken_core::checker::check(
        &request,
        chrono::Local::now().date_naive(),
    )?)
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
pub fn app_info() -> AppInfo {
    AppInfo {
        name: "Hoken Wallet".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }
}
