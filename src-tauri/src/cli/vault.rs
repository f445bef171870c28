//! The vault's commands: init, recover, member, status, backup.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, Subcommand};
use hoken_core::family::{family_status_of, FormPatch, MemberForm, MAX_FORM_JSON};
use hoken_core::vault::{
    import_backup, BackupSecret, ImportMode, KdfParams, Opened, OsKeyring, Pin, RecoveryCode, Vault,
};
use hoken_core::{era, reminders, Error, Msg};
use serde_json::json;
use zeroize::Zeroizing;

use super::iso;
use crate::error::Result;

#[derive(Debug, Subcommand)]
pub enum MemberCmd {
    /// Add a member; prints the new id. Prefer --from-json: names and numbers given as
    /// arguments show in `ps` and the shell's history.
    Add {
        /// The fields as a JSON object ({"name": "…", "birth": "…", …}) read from FILE, or
        /// from standard input with `-`. Flags given as well override it.
        #[arg(long, value_name = "FILE|-")]
        from_json: Option<PathBuf>,
        #[command(flatten)]
        fields: MemberFields,
        #[arg(long)]
        json: bool,
    },
    /// Every member.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One member's record and deadlines.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Change the fields given (an empty value clears an optional field).
    Edit {
        id: String,
        /// The fields to change as a JSON object, from FILE or standard input (`-`).
        #[arg(long, value_name = "FILE|-")]
        from_json: Option<PathBuf>,
        #[command(flatten)]
        fields: MemberFields,
        /// Read the certificate expiry from the My Number Card on the reader (no PIN); it is
        /// stored as read from the card.
        #[arg(long, conflicts_with = "cert_expiry")]
        cert_expiry_from_card: bool,
        #[arg(long)]
        json: bool,
    },
    /// Remove a member and their documents.
    Remove {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

/// A member's fields; dates in ISO or era form (`1965-10-01`, `昭和40年10月1日`, `S40.10.1`).
#[derive(Debug, Args, Default)]
pub struct MemberFields {
    /// 氏名 (required for add).
    #[arg(long)]
    name: Option<String>,
    /// フリガナ.
    #[arg(long)]
    kana: Option<String>,
    /// 本人 or 家族.
    #[arg(long)]
    relation: Option<String>,
    /// 生年月日 (required for add).
    #[arg(long, value_name = "DATE")]
    birth: Option<String>,
    /// The day the card and its certificate were issued.
    #[arg(long, value_name = "DATE", visible_alias = "issued")]
    cert_issued: Option<String>,
    /// The certificate expiry printed on the card (wins over the computed one).
    #[arg(long, value_name = "DATE")]
    cert_expiry: Option<String>,
    /// The card expiry printed on the card.
    #[arg(long, value_name = "DATE")]
    card_expiry: Option<String>,
    /// The smartphone certificate's expiry.
    #[arg(long, value_name = "DATE")]
    phone_cert_expiry: Option<String>,
    /// 資格確認書 expiry.
    #[arg(long, value_name = "DATE")]
    kakunin_expiry: Option<String>,
    /// 保険者番号 (6 or 8 digits; the check digit is verified).
    #[arg(long)]
    insurer_number: Option<String>,
    /// 保険者名称.
    #[arg(long)]
    insurer_name: Option<String>,
    /// 記号.
    #[arg(long)]
    symbol: Option<String>,
    /// 番号.
    #[arg(long)]
    number: Option<String>,
    /// 枝番.
    #[arg(long)]
    branch: Option<String>,
    /// 負担割合: 1, 2 or 3 (割).
    #[arg(long)]
    ratio: Option<String>,
    /// 資格取得年月日.
    #[arg(long, value_name = "DATE")]
    acquired: Option<String>,
}

impl MemberFields {
    /// Writes the fields given over `form`.
    fn apply(&self, form: &mut MemberForm) {
        let pairs: [(&Option<String>, &mut String); 16] = [
            (&self.name, &mut form.name),
            (&self.kana, &mut form.kana),
            (&self.relation, &mut form.relation),
            (&self.birth, &mut form.birth),
            (&self.cert_issued, &mut form.cert_issued),
            (&self.cert_expiry, &mut form.cert_expiry),
            (&self.card_expiry, &mut form.card_expiry),
            (&self.phone_cert_expiry, &mut form.phone_cert_expiry),
            (&self.kakunin_expiry, &mut form.kakunin_expiry),
            (&self.insurer_number, &mut form.insurer_number),
            (&self.insurer_name, &mut form.insurer_name),
            (&self.symbol, &mut form.symbol),
            (&self.number, &mut form.number),
            (&self.branch, &mut form.branch),
            (&self.ratio, &mut form.ratio),
            (&self.acquired, &mut form.acquired),
        ];
        for (value, slot) in pairs {
            if let Some(v) = value {
                *slot = v.clone();
            }
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum BackupCmd {
    /// Write everything (documents included) to FILE, encrypted under the recovery code or a
    /// passphrase read from stdin.
    Export { file: PathBuf },
    /// Restore FILE (recovery code or passphrase from stdin) into the data folder.
    Import {
        file: PathBuf,
        /// Into a folder that holds a vault: add what it lacks.
        #[arg(long, conflicts_with = "replace")]
        merge: bool,
        /// Into a folder that holds a vault: replace it with the backup.
        #[arg(long)]
        replace: bool,
    },
}

/// Whether this run reads the PIN from stdin (`--pin-stdin`).
pub(super) static PIN_STDIN: AtomicBool = AtomicBool::new(false);

/// Opens the vault for a command that reads or writes members or documents: with the app
/// lock on, the PIN comes from stdin (`--pin-stdin`); without the option: exit 3 naming it.
pub(super) fn open(dir: &Path) -> Result<Vault> {
    match Vault::open_or_locked(dir, &OsKeyring)? {
        Opened::Open(v) => Ok(v),
        Opened::Locked(l) => {
            if !PIN_STDIN.load(Ordering::Relaxed) {
                let why = l.why();
                return Err(Error::PinRequired(Msg::new(
                    format!(
                        "{}。PIN は --pin-stdin を付けて標準入力から渡してください",
                        why.message_ja()
                    ),
                    format!("{why}: pass --pin-stdin and the PIN on standard input"),
                ))
                .into());
            }
            let pin = Pin::parse(&read_secret("PIN")?)
                .map_err(|_| Error::WrongPin(Msg::new("PIN が違います", "Wrong PIN")))?;
            Ok(l.unlock(&pin)?)
        }
    }
}

/// Opens the vault as far as the keyring allows (reminders work while locked); with
/// `--pin-stdin`, fully.
fn open_or_locked(dir: &Path) -> Result<Opened> {
    if PIN_STDIN.load(Ordering::Relaxed) {
        return Ok(Opened::Open(open(dir)?));
    }
    Ok(Vault::open_or_locked(dir, &OsKeyring)?)
}

/// Reads one secret line from stdin (prompting on stderr when it is a terminal).
pub(super) fn read_secret(prompt: &str) -> Result<Zeroizing<String>> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("{prompt}: ");
        let _ = std::io::stderr().flush();
    }
    let mut line = Zeroizing::new(String::new());
    stdin.lock().read_line(&mut line)?;
    let trimmed = Zeroizing::new(line.trim().to_string());
    if trimmed.is_empty() {
        return Err(Error::InvalidInput(Msg::new(
            "標準入力から何も読めませんでした",
            format!("{prompt}: nothing was read from standard input"),
        ))
        .into());
    }
    Ok(trimmed)
}

pub fn init(dir: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let (_vault, code) = Vault::create(dir, &OsKeyring)?;
    let code = code.reveal();
    if json {
        writeln!(out, "{}", json!({ "recovery_code": code.as_str() }))?;
    } else {
        writeln!(
            out,
            "保管庫を作成しました / Vault created: {}\n\n\
             回復コード / Recovery code:\n\n    {}\n\n\
             このコードを書き留めて、安全な場所に保管してください。新しいパソコンやキーリングが\n\
             消えたときは、このコードがないとデータを開けません。表示はこの一度だけです。\n\
             Write this code down and keep it safe: on a new computer, or if the keyring is\n\
             wiped, it is the only way to open your data. It is shown only this once.",
            dir.display(),
            code.as_str()
        )?;
    }
    Ok(())
}

pub fn recover(dir: &Path, out: &mut dyn Write) -> Result<()> {
    let input = read_secret("回復コード / Recovery code")?;
    let code = RecoveryCode::parse(&input)?;
    let locked = Vault::pin_status(dir, &OsKeyring).is_ok_and(|s| s.enabled);
    let vault = Vault::recover(dir, &code, &OsKeyring)?;
    let n = vault.list_members()?.len();
    if locked {
        writeln!(
            out,
            "アプリのロック（PIN）を解除しました。新しい PIN は hoken-wallet lock set --pin-stdin で設定できます\n\
             The app lock (PIN) is off now; set a new PIN with `hoken-wallet lock set --pin-stdin`."
        )?;
    }
    writeln!(
        out,
        "保管庫を開きました。鍵をこのコンピューターのキーリングに保存しました（{n} 人）\n\
         Vault recovered: its key is in this computer's keyring again ({n} member(s))."
    )?;
    Ok(())
}

fn required(value: &str, flag: &str, ja: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::InvalidInput(Msg::new(
            format!(
                "{ja}を入力してください（{flag}、または --from-json の \"{}\"）",
                &flag[2..]
            ),
            format!(
                "member add needs {flag} (or \"{}\" in --from-json)",
                &flag[2..]
            ),
        ))
        .into());
    }
    Ok(())
}

/// `--from-json FILE|-`: the member's fields as JSON, from a file or standard input.
fn form_patch(from: Option<&Path>) -> Result<Option<FormPatch>> {
    let Some(from) = from else {
        return Ok(None);
    };
    let limit = MAX_FORM_JSON as u64 + 1;
    let mut bytes = Zeroizing::new(Vec::new());
    let read = if from == Path::new("-") {
        std::io::Read::read_to_end(
            &mut std::io::Read::take(std::io::stdin().lock(), limit),
            &mut bytes,
        )
    } else {
        std::fs::File::open(from).and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, limit), &mut bytes)
        })
    };
    read.map_err(|e| {
        Error::InvalidInput(Msg::new(
            format!("--from-json: {} を読めません: {e}", from.display()),
            format!("--from-json: cannot read {}: {e}", from.display()),
        ))
    })?;
    Ok(Some(FormPatch::from_json(&bytes)?))
}

fn today_or(today: Option<&str>) -> Result<chrono::NaiveDate> {
    match today {
        None => Ok(chrono::Local::now().date_naive()),
        Some(t) => Ok(era::parse_date(t).map_err(|e| {
            let m = Msg::new(
                format!("--today: {}", e.message_ja()),
                format!("--today: {e}"),
            );
            Error::InvalidDate(m)
        })?),
    }
}

/// Reads the card and puts its certificate expiry in the form, marked as read from the card.
#[cfg(desktop)]
fn card_expiry(form: &mut MemberForm) -> Result<chrono::NaiveDate> {
    let read = super::card::read_card(30)?;
    form.cert_expiry = iso(read.certificate_expiry);
    form.cert_expiry_card = Some(form.cert_expiry.clone());
    Ok(read.certificate_expiry)
}

#[cfg(mobile)]
fn card_expiry(_form: &mut MemberForm) -> Result<chrono::NaiveDate> {
    Err(hoken_core::card::CardProblem::NoReader
        .error("the command line has no card reader on phones")
        .into())
}

pub fn member(dir: &Path, cmd: &MemberCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        MemberCmd::Add {
            from_json,
            fields,
            json,
        } => {
            let mut form = MemberForm::default();
            if let Some(patch) = form_patch(from_json.as_deref())? {
                patch.apply(&mut form)?;
            }
            fields.apply(&mut form);
            required(&form.name, "--name", "名前")?;
            required(&form.birth, "--birth", "生年月日")?;
            let member = form.to_member("")?;
            let vault = open(dir)?;
            let id = vault.add_member(member)?;
            if *json {
                writeln!(out, "{}", json!({ "id": id }))?;
            } else {
                writeln!(out, "{id}")?;
            }
        }
        MemberCmd::List { json } => {
            let members = open(dir)?.list_members()?;
            if *json {
                writeln!(out, "{}", serde_json::to_string(&members)?)?;
            } else if members.is_empty() {
                writeln!(out, "メンバーはまだいません / No members yet")?;
            } else {
                for m in &members {
                    writeln!(
                        out,
                        "{}  {}  {}  {}",
                        m.id,
                        m.name,
                        m.relation.label_ja(),
                        iso(m.birth)
                    )?;
                }
            }
        }
        MemberCmd::Show { id, json } => {
            let m = open(dir)?.get_member(id)?;
            let today = chrono::Local::now().date_naive();
            let status = hoken_core::family::MemberStatus::of(&m, today)?;
            if *json {
                writeln!(
                    out,
                    "{}",
                    json!({ "member": m, "status": status.status, "status_until": status.status_until, "deadlines": status.deadlines })
                )?;
            } else {
                let form = MemberForm::from_member(&m);
                let rows = [
                    ("ID", m.id.clone()),
                    ("氏名 / name", form.name),
                    ("フリガナ / kana", form.kana),
                    ("本人・家族 / relation", form.relation),
                    ("生年月日 / birth", form.birth),
                    ("発行日 / issued", form.cert_issued),
                    (
                        "電子証明書の有効期限 / certificate expiry",
                        match m.cert_expiry_from_card {
                            true => format!(
                                "{} (カードから読み取り / read from the card)",
                                form.cert_expiry
                            ),
                            false => form.cert_expiry,
                        },
                    ),
                    ("カードの有効期限 / card expiry", form.card_expiry),
                    (
                        "スマホ用電子証明書 / smartphone certificate",
                        form.phone_cert_expiry,
                    ),
                    ("資格確認書 / kakunin-sho", form.kakunin_expiry),
                    ("保険者番号 / insurer number", form.insurer_number),
                    ("保険者名称 / insurer", form.insurer_name),
                    ("記号 / symbol", form.symbol),
                    ("番号 / number", form.number),
                    ("枝番 / branch", form.branch),
                    ("負担割合 / ratio", form.ratio),
                    ("資格取得年月日 / acquired", form.acquired),
                ];
                for (label, value) in rows.iter().filter(|(_, v)| !v.is_empty()) {
                    writeln!(out, "{label}: {value}")?;
                }
                write_deadlines(out, &status)?;
            }
        }
        MemberCmd::Edit {
            id,
            from_json,
            fields,
            cert_expiry_from_card,
            json,
        } => {
            let patch = form_patch(from_json.as_deref())?;
            let vault = open(dir)?;
            let current = vault.get_member(id)?;
            let mut form = MemberForm::from_member(&current);
            if let Some(patch) = patch {
                patch.apply(&mut form)?;
            }
            fields.apply(&mut form);
            let read = match cert_expiry_from_card {
                true => Some(card_expiry(&mut form)?),
                false => None,
            };
            let member = form.to_member(id)?;
            vault.update_member(member)?;
            if *json {
                let expiry = read.map(iso);
                writeln!(out, "{}", json!({ "id": id, "certificate_expiry": expiry }))?;
            } else {
                writeln!(out, "更新しました / Updated {id}")?;
                if let Some(d) = read {
                    writeln!(
                        out,
                        "電子証明書の有効期限 / certificate expiry: {} ({}) カードから読み取り / read from the card",
                        iso(d),
                        era::format_era(d).unwrap_or_default()
                    )?;
                }
            }
        }
        MemberCmd::Remove { id, json } => {
            open(dir)?.remove_member(id)?;
            if *json {
                writeln!(out, "{}", json!({ "id": id, "removed": true }))?;
            } else {
                writeln!(out, "削除しました / Removed {id}")?;
            }
        }
    }
    Ok(())
}

fn write_deadlines(
    out: &mut dyn Write,
    status: &hoken_core::family::MemberStatus,
) -> std::io::Result<()> {
    match status.status {
        None => writeln!(
            out,
            "  発行日か電子証明書の有効期限を入れると期限を計算します / add the issue date or the certificate expiry to see the deadlines"
        ),
        Some(s) => {
            // The status line names its date by what happens on it (core's vocabulary).
            let date = status
                .status_date
                .as_ref()
                .map(|d| format!(" ({}: {} / {})", d.label_ja, iso(d.date), d.label_en))
                .unwrap_or_default();
            writeln!(out, "  {} / {}{date}", s.label_ja(), s.label_en())?;
            for d in &status.deadlines {
                writeln!(
                    out,
                    "  {}  {:>6} 日  【{}】{}: {}",
                    iso(d.date),
                    d.days_left,
                    d.tone.word_ja,
                    d.title_ja,
                    d.message_ja
                )?;
            }
            Ok(())
        }
    }
}

pub fn status(dir: &Path, today: Option<&str>, json: bool, out: &mut dyn Write) -> Result<()> {
    let today = today_or(today)?;
    let vault = open(dir)?;
    let report = family_status_of(&vault, today)?;
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        let era_today = era::format_era(today).unwrap_or_default();
        writeln!(out, "{} ({era_today})", iso(today))?;
        if report.members.is_empty() {
            writeln!(out, "メンバーはまだいません / No members yet")?;
        }
        for m in &report.members {
            writeln!(out, "\n{} [{}] {}", m.name, m.relation.label_ja(), m.id)?;
            write_deadlines(out, m)?;
        }
    }
    Ok(())
}

pub fn backup(dir: &Path, cmd: &BackupCmd, out: &mut dyn Write) -> Result<()> {
    match cmd {
        BackupCmd::Export { file } => {
            let vault = open(dir)?;
            let input = read_secret("回復コードまたはパスフレーズ / Recovery code or passphrase")?;
            // A recovery code is checked against the vault; anything else is a passphrase.
            let secret = BackupSecret::from_typed(&input)?;
            let s = vault.export_backup(file, &secret, KdfParams::RECOVERY)?;
            writeln!(
                out,
                "バックアップを書き出しました / Backup written: {} ({} 人 / member(s), {} items, {} bytes)",
                s.path.display(),
                s.members,
                s.items,
                s.bytes
            )?;
        }
        BackupCmd::Import {
            file,
            merge,
            replace,
        } => {
            let mode = if *merge {
                ImportMode::Merge
            } else if *replace {
                ImportMode::Replace
            } else {
                ImportMode::IntoEmpty
            };
            let input = read_secret("回復コードまたはパスフレーズ / Recovery code or passphrase")?;
            // What an earlier app version's webview left in the folder is not data.
            if let Some(web) = crate::paths::webview_dir() {
                crate::paths::move_webview_leftovers(dir, &web);
            }
            let (vault, s) = import_backup(file, &input, dir, mode, &OsKeyring)?;
            let n = vault.list_members()?.len();
            writeln!(
                out,
                "バックアップを読み込みました / Backup restored into {} ({n} 人 / member(s); added {} member(s), {} item(s))",
                dir.display(),
                s.members_added,
                s.items_added
            )?;
        }
    }
    Ok(())
}

/// `status --due`: the reminders due now; exit 10 when there is one (for cron).
pub fn due(
    dir: &Path,
    today: Option<&str>,
    ack: bool,
    json: bool,
    out: &mut dyn Write,
) -> Result<i32> {
    let today = today_or(today)?;
    let vault = open_or_locked(dir)?;
    let pending = match &vault {
        Opened::Open(v) => reminders::pending(v, today)?,
        Opened::Locked(l) => reminders::pending_locked(l, today)?,
    };
    if json {
        let items: Vec<_> = pending
            .due
            .iter()
            .map(|r| {
                json!({"member_id": r.member_id, "name": r.member_name, "kind": r.kind,
                    "date": r.deadline, "days_left": (r.deadline - today).num_days(),
                    "severity": r.severity, "title": r.title_ja, "message": r.body_ja,
                    "message_en": r.body_en, "key": r.key})
            })
            .collect();
        writeln!(out, "{}", json!({ "today": today, "due": items }))?;
    } else if pending.due.is_empty() {
        writeln!(out, "お知らせはありません / Nothing is due")?;
    } else {
        for r in &pending.due {
            writeln!(out, "{}\n  {}", r.title_ja, r.body_ja)?;
        }
    }
    if ack {
        match &vault {
            Opened::Open(v) => reminders::acknowledge(v, &pending)?,
            Opened::Locked(l) => reminders::acknowledge_locked(l, &pending)?,
        }
    }
    Ok(if pending.due.is_empty() { 0 } else { 10 })
}

/// `export-ics FILE`: every deadline as a calendar file.
pub fn export_ics(dir: &Path, file: &Path, today: Option<&str>, out: &mut dyn Write) -> Result<()> {
    let now = match today {
        Some(_) => today_or(today)?
            .and_hms_opt(0, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or_else(chrono::Utc::now),
        None => chrono::Utc::now(),
    };
    match open_or_locked(dir)? {
        Opened::Open(v) => hoken_core::ics::write_vault(&v, file, now)?,
        Opened::Locked(l) => hoken_core::ics::write_locked(&l, file, now)?,
    }
    writeln!(
        out,
        "カレンダーに書き出しました / Calendar written: {}",
        file.display()
    )?;
    Ok(())
}
