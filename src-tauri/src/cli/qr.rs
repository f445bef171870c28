//! `qr export` and `qr import`: one member's record as a QR code (docs/qr-format.md).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use hoken_core::family::{match_member, MemberMatch};
use hoken_core::qr::{self, QrRecord};
use hoken_core::{era, Error, Msg};
use serde_json::json;

use super::iso;
use super::vault::{open, read_secret};
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum QrCmd {
    /// Write one member's record as a QR code: FILE.png or FILE.svg (FILE.txt: its text).
    Export {
        /// The member's id (`member list`).
        id: String,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Lock the code with a code read from stdin (8 to 64 digits or letters), which the
        /// receiver must type.
        #[arg(long)]
        code_stdin: bool,
        /// The day the record is vouched for (ISO or era form).
        #[arg(long, value_name = "DATE")]
        as_of: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Read a QR code (a PNG or JPEG picture of it, or a text file with its text), show it,
    /// and store it: a new member, or the matching member's qualification fields updated.
    Import {
        file: PathBuf,
        /// The lock code, read from stdin.
        #[arg(long)]
        code_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

enum Format {
    Png,
    Svg,
    Text,
}

fn format_of(out: &Path) -> Result<Format> {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("png") => Ok(Format::Png),
        Some("svg") => Ok(Format::Svg),
        Some("txt") => Ok(Format::Text),
        _ => Err(Error::InvalidInput(Msg::new(
            "--out のファイル名は .png・.svg・.txt のどれかで終わるようにしてください",
            "--out must end in .png, .svg or .txt",
        ))
        .into()),
    }
}

fn lock_code(code_stdin: bool) -> Result<Option<zeroize::Zeroizing<String>>> {
    Ok(if code_stdin {
        Some(read_secret("コード / Code")?)
    } else {
        None
    })
}

pub fn run(dir: &Path, cmd: &QrCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        QrCmd::Export {
            id,
            out: file,
            code_stdin,
            as_of,
            json,
        } => export(dir, id, file, *code_stdin, as_of.as_deref(), *json, out),
        QrCmd::Import {
            file,
            code_stdin,
            json,
        } => import(dir, file, *code_stdin, *json, out),
    }
}

fn export(
    dir: &Path,
    id: &str,
    file: &Path,
    code_stdin: bool,
    as_of: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let format = format_of(file)?;
    let as_of = match as_of {
        None => None,
        Some(s) => Some(era::parse_date(s).map_err(|e| {
            Error::InvalidDate(Msg::new(
                format!("--as-of: {}", e.message_ja()),
                format!("--as-of: {e}"),
            ))
        })?),
    };
    let member = open(dir)?.get_member(id)?;
    let record = QrRecord::from_member(&member, as_of)?;
    let code = lock_code(code_stdin)?;
    let text = qr::encode(&record, code.as_ref().map(|c| c.as_str()))?;
    let bytes = match format {
        Format::Png => qr::render_png(&text, 8)?,
        Format::Svg => qr::render_svg(&text)?.into_bytes(),
        Format::Text => format!("{text}\n").into_bytes(),
    };
    hoken_core::vault::atomic_write(file, &bytes)?;
    let version = qr::qr_version(&text)?;
    let locked = code.is_some();
    if json {
        let v =
            json!({ "file": file, "qr_version": version, "chars": text.len(), "locked": locked });
        writeln!(out, "{v}")?;
    } else {
        let lock = if locked {
            "ロックあり / locked"
        } else {
            "ロックなし / not locked"
        };
        writeln!(
            out,
            "QR コードを書き出しました / QR code written: {} (version {version}, {lock})",
            file.display()
        )?;
    }
    Ok(())
}

fn import(
    dir: &Path,
    file: &Path,
    code_stdin: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let text = qr::text_from_file(file)?;
    if qr::is_locked(&text)? && !code_stdin {
        return Err(Error::WrongCode(Msg::new(
            "この QR コードにはロックがかかっています。送った人が読み上げるコードを --code-stdin で標準入力から渡してください",
            "This QR code is locked: give the code its sender reads out on standard input with --code-stdin",
        ))
        .into());
    }
    let code = lock_code(code_stdin)?;
    let record = qr::decode(&text, code.as_ref().map(|c| c.as_str()))?;
    let vault = open(dir)?;
    let members = vault.list_members()?;
    let found = match_member(&members, &record.to_member());
    let (id, added) = qr::store(&vault, &record, None)?;
    let action = if added { "added" } else { "updated" };
    if json {
        let v = json!({ "record": record, "match": found, "id": id, "action": action });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    let date = |d: Option<chrono::NaiveDate>| d.map(iso).unwrap_or_default();
    let rows = [
        ("氏名 / name", record.name.clone()),
        ("フリガナ / kana", opt(&record.kana)),
        (
            "本人・家族 / relation",
            record.relation.label_ja().to_string(),
        ),
        ("生年月日 / birth", iso(record.birth)),
        ("保険者番号 / insurer number", opt(&record.insurer_number)),
        ("保険者名称 / insurer", opt(&record.insurer_name)),
        ("記号 / symbol", opt(&record.symbol)),
        ("番号 / number", opt(&record.number)),
        ("枝番 / branch", opt(&record.branch)),
        (
            "負担割合 / ratio",
            record.ratio.map(|r| format!("{r}割")).unwrap_or_default(),
        ),
        ("資格取得年月日 / acquired", date(record.acquired)),
        ("時点 / as of", date(record.as_of)),
        (
            "電子証明書の有効期限 / certificate expiry",
            date(record.cert_expiry),
        ),
        ("猶予期間の終了 / grace end", date(record.grace_end)),
        ("カードの有効期限 / card expiry", date(record.card_expiry)),
        ("資格確認書 / kakunin-sho", date(record.kakunin_expiry)),
    ];
    for (label, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
        writeln!(out, "{label}: {value}")?;
    }
    match found {
        MemberMatch::New => writeln!(
            out,
            "新しいメンバーとして追加しました / Added as a new member"
        )?,
        MemberMatch::Existing {
            insurer_changed, ..
        } => {
            writeln!(
                out,
                "登録済みのメンバーの資格情報を更新しました / Updated the matching member's qualification fields"
            )?;
            if insurer_changed {
                writeln!(out, "保険者が変わっています / The insurer has changed")?;
            }
        }
    }
    writeln!(out, "{id}")?;
    Ok(())
}
