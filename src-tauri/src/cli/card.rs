//! `hoken-wallet card`: the certificate's expiry read from the My Number Card (no PIN).

use std::io::Write;
use std::time::Duration;

use clap::Subcommand;
use hoken_core::card::CardRead;
use serde_json::json;

use super::iso;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum CardCmd {
    /// Read the user-authentication certificate's expiry from the card on the reader
    /// (no PIN; nothing is stored). Exit status 5 when the card cannot be read.
    Read {
        /// Seconds to wait for a card to be put on the reader.
        #[arg(long, value_name = "SECONDS", default_value_t = 30)]
        wait: u64,
        #[arg(long)]
        json: bool,
    },
    /// The IC card readers this computer sees.
    Readers {
        #[arg(long)]
        json: bool,
    },
}

/// Reads the card, telling a person at a terminal to put it on the reader while it waits.
pub fn read_card(wait: u64) -> Result<CardRead> {
    crate::card::read(Duration::from_secs(wait), &mut || {
        eprintln!(
            "カードをICカードリーダーに置いてください… / Put the My Number Card on the reader…"
        )
    })
}

pub fn run(cmd: &CardCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        CardCmd::Read { wait, json } => {
            let read = read_card(*wait)?;
            if *json {
                let v = json!({
                    "certificate_expiry": iso(read.certificate_expiry),
                    "reader": read.reader,
                });
                writeln!(out, "{v}")?;
            } else {
                writeln!(
                    out,
                    "電子証明書の有効期限 / certificate expiry: {} ({})",
                    iso(read.certificate_expiry),
                    read.certificate_expiry_era
                )?;
                writeln!(out, "カードリーダー / reader: {}", read.reader)?;
            }
        }
        CardCmd::Readers { json } => {
            let readers = crate::card::readers();
            if *json {
                writeln!(out, "{}", json!({ "readers": readers }))?;
            } else if readers.is_empty() {
                writeln!(
                    out,
                    "ICカードリーダーが見つかりません / No IC card reader found"
                )?;
            } else {
                for r in readers {
                    writeln!(out, "{r}")?;
                }
            }
        }
    }
    Ok(())
}
