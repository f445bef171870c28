//! The command-line interface: the same binary as the app, with subcommands.
//!
//! Exit status: 0 success, 2 bad input or a wrong PIN (one line on stderr), 3 vault locked or
//! key unavailable (the message names `hoken-wallet recover`, or `--pin-stdin` when the app
//! lock is on), 4 damaged or tampered data (the message names the file), 5 the IC card could
//! not be read (no reader, no card, another card, a busy reader), 1 anything else.

#[cfg(desktop)]
mod card;
mod import;
mod lock;
mod qr;
mod vault;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use hoken_core::checker::{self, CheckRequest};
use hoken_core::{era, insurer};
use serde_json::json;

#[derive(Debug, Parser)]
#[command(
    name = "hoken-wallet",
    version,
    about = "Hoken Wallet (保険ウォレット): your マイナ保険証 qualification info, offline.\n\
             Run with no arguments to open the app."
)]
pub struct Cli {
    /// Where the wallet keeps its data (default: the OS app-data folder).
    #[arg(long, global = true, env = "HOKEN_WALLET_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// With the app lock on: read the PIN from the first line of standard input.
    #[arg(long, global = true)]
    pub pin_stdin: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute dates and check numbers without storing anything.
    #[command(subcommand)]
    Calc(Calc),
    /// Create the vault; prints the recovery code once.
    Init {
        #[arg(long)]
        json: bool,
    },
    /// Open the vault with its recovery code (read from stdin) and store the key in this
    /// computer's keyring again.
    Recover,
    /// Family members: add, list, show, edit, remove.
    #[command(subcommand)]
    Member(Box<vault::MemberCmd>),
    /// Everyone's deadlines on a day (default: today).
    Status {
        /// ISO or era date.
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
        /// Only the reminders due now (not yet delivered); exit 10 when there is one.
        #[arg(long)]
        due: bool,
        /// With --due: record them as delivered, so each is reported once (for cron).
        #[arg(long, requires = "due")]
        ack: bool,
        #[arg(long)]
        json: bool,
    },
    /// What importing FILE would read (PDF, PNG, JPEG, WebP); stores nothing.
    Inspect {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Store FILE (the qualification screen) under the member it names, or under --member.
    Import {
        file: PathBuf,
        /// The member to store it under (default: the one the document names, or a new one).
        #[arg(long, value_name = "ID")]
        member: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Write every deadline to a calendar file (.ics) with alarms at the reminder lead times.
    ExportIcs {
        file: PathBuf,
        /// Stamp the events as of this day (default: now).
        #[arg(long, value_name = "DATE")]
        today: Option<String>,
    },
    /// Export everything to one encrypted file, or restore it.
    #[command(subcommand)]
    Backup(vault::BackupCmd),
    /// One member's record as a QR code: export to PNG/SVG, import from a picture.
    #[command(subcommand)]
    Qr(qr::QrCmd),
    /// The My Number Card on an IC card reader: read its certificate's expiry (no PIN).
    #[cfg(desktop)]
    #[command(subcommand)]
    Card(card::CardCmd),
    /// The app lock: a PIN or passphrase the vault needs on top of the keyring.
    #[command(subcommand)]
    Lock(lock::LockCmd),
}

#[derive(Debug, Subcommand)]
pub enum Calc {
    /// The card's deadlines from the birth date and the issue date (ISO or era form).
    Expiry {
        #[arg(long, value_name = "DATE")]
        birth: String,
        /// The day the card (and its certificate) was issued.
        #[arg(long, value_name = "DATE", required_unless_present = "cert_expiry")]
        issued: Option<String>,
        /// The certificate expiry printed on the card: wins over the computed one.
        #[arg(long, value_name = "DATE")]
        cert_expiry: Option<String>,
        /// The card expiry printed on the card: wins over the computed one.
        #[arg(long, value_name = "DATE")]
        card_expiry: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A date in both notations: `昭和40年10月1日` or `1965-10-01`.
    Era {
        date: String,
        #[arg(long)]
        json: bool,
    },
    /// Verify an insurer number (保険者番号) and its check digit.
    InsurerNumber {
        number: String,
        #[arg(long)]
        json: bool,
    },
}

/// Parses the process arguments and runs the command.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    let mut out = std::io::stdout().lock();
    match execute(&cli, &mut out) {
        Ok(status) => status,
        Err(e) => {
            match &e {
                // Said in both languages: the person is at the reader, not reading docs.
                crate::error::Error::Core(c) if c.is_card() => {
                    eprintln!("hoken-wallet: {}\nhoken-wallet: {e}", c.message_ja())
                }
                _ => eprintln!("hoken-wallet: {e}"),
            }
            if let Some(hint) = command_hint(&e) {
                eprintln!("hoken-wallet: {hint}");
            }
            exit_code(&e)
        }
    }
}

/// The command that is the way out of an error, where core's message says it in words
/// (core names no command-line flags).
fn command_hint(e: &crate::error::Error) -> Option<&'static str> {
    match e {
        crate::error::Error::Core(c) if c.is_key_unavailable() => {
            Some("回復コードで開く / open with the recovery code: hoken-wallet recover")
        }
        crate::error::Error::Core(hoken_core::Error::PinRequired(_)) => Some(
            "PIN の代わりに回復コードで / with the recovery code instead of the PIN: hoken-wallet lock remove --recovery-stdin",
        ),
        _ => None,
    }
}

/// The exit status for an error: 2 the user's input, 3 key unavailable, 4 damaged data.
pub fn exit_code(e: &crate::error::Error) -> i32 {
    match e {
        crate::error::Error::Core(c) if c.is_bad_input() => 2,
        crate::error::Error::Core(c) if c.is_key_unavailable() => 3,
        crate::error::Error::Core(c) if c.is_damaged() => 4,
        crate::error::Error::Core(c) if c.is_card() => 5,
        crate::error::Error::Core(_) => 1,
        crate::error::Error::Io(_) => 1,
    }
}

pub(crate) fn iso(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Runs one parsed command, writing its output to `out`; returns the exit status (0, or 10
/// from `status --due` when something is due).
pub fn execute(cli: &Cli, out: &mut dyn Write) -> crate::error::Result<i32> {
    let dir = || crate::paths::data_dir(cli.data_dir.as_deref());
    vault::PIN_STDIN.store(cli.pin_stdin, std::sync::atomic::Ordering::Relaxed);
    match &cli.command {
        Command::Init { json } => vault::init(&dir()?, *json, out)?,
        Command::Recover => vault::recover(&dir()?, out)?,
        Command::Member(cmd) => vault::member(&dir()?, cmd, out)?,
        Command::Status {
            today,
            due: true,
            ack,
            json,
        } => return vault::due(&dir()?, today.as_deref(), *ack, *json, out),
        Command::Status { today, json, .. } => {
            vault::status(&dir()?, today.as_deref(), *json, out)?
        }
        Command::Inspect { file, json } => import::inspect(file, *json, out)?,
        Command::Import { file, member, json } => {
            import::import(&dir()?, file, member.as_deref(), *json, out)?
        }
        Command::ExportIcs { file, today } => {
            vault::export_ics(&dir()?, file, today.as_deref(), out)?
        }
        Command::Backup(cmd) => vault::backup(&dir()?, cmd, out)?,
        Command::Qr(cmd) => qr::run(&dir()?, cmd, out)?,
        #[cfg(desktop)]
        Command::Card(cmd) => card::run(cmd, out)?,
        Command::Lock(cmd) => lock::run(&dir()?, cmd, cli.pin_stdin, out)?,
        Command::Calc(Calc::Expiry {
            birth,
            issued,
            cert_expiry,
            card_expiry,
            json,
        }) => {
            let request = CheckRequest {
                birth: birth.clone(),
                issued: issued.clone(),
                cert_expiry: cert_expiry.clone(),
                card_expiry: card_expiry.clone(),
                ..Default::default()
            };
            // The checker names the field in its errors ("birth date: …").
            let d = checker::check(&request, chrono::Local::now().date_naive())?.dates;
            if *json {
                let v = json!({
                    "certificate_expiry": iso(d.certificate_expiry),
                    "renewal_opens": iso(d.renewal_opens),
                    "grace_warn": iso(d.grace_warn),
                    "grace_end": iso(d.grace_end),
                    "card_expiry": d.card_expiry.map(iso),
                });
                writeln!(out, "{v}")?;
            } else {
                let rows = [
                    (
                        "電子証明書の有効期限 / certificate expiry",
                        Some(d.certificate_expiry),
                    ),
                    ("更新受付開始 / renewal opens", Some(d.renewal_opens)),
                    ("猶予の注意日 / grace warning", Some(d.grace_warn)),
                    ("猶予期間の終了 / grace end", Some(d.grace_end)),
                    ("カードの有効期限 / card expiry", d.card_expiry),
                ];
                for (label, value) in rows {
                    match value {
                        Some(v) => {
                            let e = era::format_era(v).unwrap_or_default();
                            writeln!(out, "{label}: {} ({e})", iso(v))?
                        }
                        None => writeln!(out, "{label}: unknown")?,
                    }
                }
                if d.leap_day_adjusted {
                    writeln!(
                        out,
                        "note: 29 February birthday counted as 28 February; prefer the date printed on the card"
                    )?;
                }
            }
        }
        Command::Calc(Calc::Era { date, json }) => {
            let info = era::date_info(date)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&info)?)?;
            } else {
                writeln!(out, "{} {}", info.iso, info.era)?;
            }
        }
        Command::Calc(Calc::InsurerNumber { number, json }) => {
            let check = insurer::validate(number)?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&check)?)?;
            } else {
                writeln!(
                    out,
                    "{}: valid (check digit {})",
                    check.normalized, check.check_digit
                )?;
            }
        }
    }
    Ok(0)
}
