//! `inspect` and `import`: what a document holds, and storing it under a member.

use std::io::Write;
use std::path::Path;

use hoken_core::import::{self, FieldState, Limits};
use hoken_core::intake::{self, IntakeTarget};
use serde_json::json;

use crate::error::Result;

const FIELD_LABELS: [(&str, &str); 12] = [
    ("insurer_number", "保険者番号"),
    ("insurer_name", "保険者名称"),
    ("symbol", "記号"),
    ("number", "番号"),
    ("branch", "枝番"),
    ("name", "氏名"),
    ("kana", "フリガナ"),
    ("birth", "生年月日"),
    ("relation", "本人・家族"),
    ("ratio", "負担割合"),
    ("acquired", "資格取得年月日"),
    ("as_of", "時点"),
];

/// `inspect FILE [--json]`: stores nothing.
pub fn inspect(file: &Path, json: bool, out: &mut dyn Write) -> Result<()> {
    let doc = hoken_decoder::inspect_path(file, &Limits::default())?;
    if json {
        let v = json!({
            "kind": doc.kind,
            "pages": doc.pages,
            "width": doc.width,
            "height": doc.height,
            "fields": doc.fields,
        });
        writeln!(out, "{v}")?;
        return Ok(());
    }
    let kind = match doc.kind {
        import::DocKind::Pdf => "PDF",
        import::DocKind::Image => "画像 / image",
    };
    writeln!(
        out,
        "{}: {kind}, {} ページ / page(s), {}×{} px",
        file.display(),
        doc.pages,
        doc.width,
        doc.height
    )?;
    let fields = serde_json::to_value(&doc.fields)?;
    let status = serde_json::to_value(&doc.field_status)?;
    for (key, label) in FIELD_LABELS {
        let value = fields[key].as_str().unwrap_or("");
        let state: FieldState =
            serde_json::from_value(status[key]["state"].clone()).unwrap_or_default();
        let line = match state {
            FieldState::Found => format!("{label} ({key}): {value}"),
            FieldState::NotFound => format!("{label} ({key}): — 見つかりません / not found"),
            FieldState::Invalid => format!(
                "{label} ({key}): {} — {}",
                status[key]["raw"].as_str().unwrap_or(""),
                status[key]["message"]["en"].as_str().unwrap_or("invalid")
            ),
            FieldState::Unsure => format!(
                "{label} ({key}): {value} — 読み取りを確認してください / please check what was read"
            ),
        };
        writeln!(out, "  {line}")?;
    }
    if doc.kind == import::DocKind::Image && !import::ocr::available() {
        writeln!(
            out,
            "  画像からは文字を読み取りません。保存後に項目を入力してください / Images are not read (no OCR): enter the fields after importing"
        )?;
    }
    Ok(())
}

/// `import FILE [--member ID] [--json]`.
pub fn import(
    dir: &Path,
    file: &Path,
    member: Option<&str>,
    json: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let doc = hoken_decoder::inspect_path(file, &Limits::default())?;
    let vault = super::vault::open(dir)?;
    let target = match member {
        Some(id) => IntakeTarget::Member(id.to_string()),
        None => IntakeTarget::Auto,
    };
    let today = chrono::Local::now().date_naive();
    let r = intake::store_as_read(&vault, &doc, &target, today).map_err(|e| match e {
        // Core says what is missing; the command line says how to give it.
        hoken_core::Error::InvalidInput(m) if member.is_none() => {
            hoken_core::Error::InvalidInput(hoken_core::Msg::new(
                format!("{}（--member ID）", m.ja),
                format!("{} (--member ID)", m.en),
            ))
        }
        e => e,
    })?;
    if json {
        let v = json!({
            "member_id": r.member_id,
            "document_id": r.document.id,
            "created": r.created,
            "insurer_changed": r.insurer_changed,
            "as_of": r.document.as_of,
        });
        writeln!(out, "{v}")?;
    } else {
        let who = if r.created {
            format!("新しいメンバー / new member {}", r.member_id)
        } else {
            format!("メンバー / member {}", r.member_id)
        };
        writeln!(
            out,
            "保存しました / Stored {} under {who} (document {})",
            file.display(),
            r.document.id
        )?;
        if r.insurer_changed {
            writeln!(
                out,
                "保険者番号が前の書類と違います。保険者が変わりました / The insurer number differs from before: your insurer changed"
            )?;
        }
    }
    Ok(())
}
