//! `hoken-wallet lock`: the app lock's PIN (docs/vault-format.md §12).

use std::io::Write;
use std::path::Path;

use clap::Subcommand;
use hoken_core::vault::{KdfParams, Opened, OsKeyring, Pin, RecoveryCode, Vault};
use hoken_core::{Error, Msg};
use serde_json::json;

use super::vault::{open, read_secret};
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum LockCmd {
    /// Turn the lock on: the new PIN (6+ digits) or passphrase (8+ characters) on stdin
    /// (`--pin-stdin`).
    Set,
    /// Change the PIN: the current one, then the new one, one per line on stdin
    /// (`--pin-stdin`).
    Change,
    /// Turn the lock off: the PIN on stdin (`--pin-stdin`), or, for a forgotten PIN, the
    /// recovery code (`--recovery-stdin`).
    Remove {
        /// Read the recovery code from stdin instead of the PIN.
        #[arg(long)]
        recovery_stdin: bool,
    },
    /// Whether the lock is on, and how long until the next PIN may be tried.
    Status {
        #[arg(long)]
        json: bool,
    },
}

fn needs_pin_stdin(what: &str) -> crate::error::Error {
    Error::InvalidInput(Msg::new(
        format!("{what}: PIN は --pin-stdin を付けて標準入力から渡してください"),
        format!("{what} reads the PIN from standard input: pass --pin-stdin"),
    ))
    .into()
}

fn new_pin() -> Result<Pin> {
    Ok(Pin::parse(&read_secret("新しい PIN / New PIN")?)?)
}

pub fn run(dir: &Path, cmd: &LockCmd, pin_stdin: bool, out: &mut dyn Write) -> Result<()> {
    match cmd {
        LockCmd::Set => {
            if !pin_stdin {
                return Err(needs_pin_stdin("lock set"));
            }
            let mut vault = match Vault::open_or_locked(dir, &OsKeyring)? {
                Opened::Open(v) => v,
                Opened::Locked(_) => {
                    return Err(Error::InvalidInput(Msg::new(
                        "PIN はすでに設定されています（変更は lock change）",
                        "A PIN is already set: use `lock change` to change it",
                    ))
                    .into())
                }
            };
            let pin = new_pin()?;
            vault.set_pin(&pin, KdfParams::PIN, &OsKeyring)?;
            writeln!(
                out,
                "アプリのロックを設定しました / App lock on: the vault now opens with the PIN"
            )?;
        }
        LockCmd::Change => {
            if !pin_stdin {
                return Err(needs_pin_stdin("lock change"));
            }
            if !Vault::pin_status(dir, &OsKeyring)?.enabled {
                return Err(Error::InvalidInput(Msg::new(
                    "PIN は設定されていません（設定は lock set）",
                    "No PIN is set: use `lock set`",
                ))
                .into());
            }
            // `open` reads the current PIN (first line).
            let vault = open(dir)?;
            let pin = new_pin()?;
            vault.change_pin(&pin, KdfParams::PIN)?;
            writeln!(out, "PIN を変更しました / PIN changed")?;
        }
        LockCmd::Remove { recovery_stdin } => {
            if *recovery_stdin {
                if pin_stdin {
                    return Err(Error::InvalidInput(Msg::new(
                        "--pin-stdin と --recovery-stdin はどちらか一方です",
                        "--pin-stdin and --recovery-stdin cannot be used together",
                    ))
                    .into());
                }
                let code = RecoveryCode::parse(&read_secret("回復コード / Recovery code")?)?;
                Vault::remove_pin_with_recovery(dir, &code, &OsKeyring)?;
            } else {
                if !pin_stdin {
                    return Err(needs_pin_stdin("lock remove"));
                }
                if !Vault::pin_status(dir, &OsKeyring)?.enabled {
                    return Err(Error::InvalidInput(Msg::new(
                        "PIN は設定されていません",
                        "No PIN is set",
                    ))
                    .into());
                }
                let mut vault = open(dir)?;
                vault.remove_pin(&OsKeyring)?;
            }
            writeln!(
                out,
                "アプリのロックを解除しました / App lock off: the keyring alone opens the vault again"
            )?;
        }
        LockCmd::Status { json } => {
            let s = Vault::pin_status(dir, &OsKeyring)?;
            if *json {
                writeln!(
                    out,
                    "{}",
                    json!({"enabled": s.enabled, "retry_after_s": s.retry_after_s, "blocked": s.blocked})
                )?;
            } else if !s.enabled {
                writeln!(out, "アプリのロック: なし / App lock: off")?;
            } else if s.blocked {
                writeln!(
                    out,
                    "アプリのロック: 回復コードでのみ開けます / App lock: on; only the recovery code opens (lock remove --recovery-stdin)"
                )?;
            } else if s.retry_after_s > 0 {
                writeln!(
                    out,
                    "アプリのロック: あり（{} 秒後に入力できます） / App lock: on; the next PIN in {} s",
                    s.retry_after_s, s.retry_after_s
                )?;
            } else {
                writeln!(out, "アプリのロック: あり / App lock: on")?;
            }
        }
    }
    Ok(())
}
