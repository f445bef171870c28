//! The qualification record (docs/rules.md §2) from a document's text, found by its labels
//! (保険者番号, 記号, 氏名（カナ）, …), never by position on the page: the value is the rest of
//! the label's cell, the next cell on the line, or — for a row of labels — the cell below.
//! Every value found goes through its validator; one that fails is reported as invalid with
//! the reason and its raw text, never dropped.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::vault::Relation;
use crate::{era, insurer, Error};

mod report;
mod values;
pub use report::*;
use values::*;

/// One line of text: its cells from left to right (split at wide gaps).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextLine {
    pub cells: Vec<Cell>,
}

/// A run of text and its box on the page (page units, y down).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Cell {
    pub text: String,
    pub x0: f64,
    pub x1: f64,
    pub y0: f64,
    pub y1: f64,
    /// Whether the text recognition was sure of every character (always for a PDF's text
    /// layer); a value read from an unsure cell is reported as [`FieldState::Unsure`].
    pub sure: bool,
}

/// The fields with labels (時点 is found differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    InsurerNumber,
    InsurerName,
    Symbol,
    Number,
    Branch,
    Name,
    Kana,
    Birth,
    Relation,
    Ratio,
    Acquired,
    /// 被保険者氏名: the insured person, who is not the one the document is about when a
    /// 対象者氏名 (or 氏名) differs from it — the notice's mailing header names both.
    InsuredName,
}

/// Labels as printed (after [`fold`]), each with its field; `None` marks a label of a field
/// we do not import, so that its value does not run into another field's.
const LABELS: &[(&str, Option<Field>)] = &[
    ("保険者番号", Some(Field::InsurerNumber)),
    ("保険者名称", Some(Field::InsurerName)),
    ("保険者名", Some(Field::InsurerName)),
    ("記号", Some(Field::Symbol)),
    ("番号", Some(Field::Number)),
    ("枝番号", Some(Field::Branch)),
    ("枝番", Some(Field::Branch)),
    ("氏名(カナ)", Some(Field::Kana)),
    ("氏名(フリガナ)", Some(Field::Kana)),
    ("カナ氏名", Some(Field::Kana)),
    ("フリガナ", Some(Field::Kana)),
    ("ふりがな", Some(Field::Kana)),
    ("被保険者氏名", Some(Field::InsuredName)),
    ("対象者氏名", Some(Field::Name)),
    ("氏名", Some(Field::Name)),
    ("生年月日", Some(Field::Birth)),
    ("本人・家族の別", Some(Field::Relation)),
    ("本人・家族", Some(Field::Relation)),
    ("本人/家族", Some(Field::Relation)),
    ("本人家族の別", Some(Field::Relation)),
    ("続柄", Some(Field::Relation)),
    ("一部負担金の割合", Some(Field::Ratio)),
    ("一部負担割合", Some(Field::Ratio)),
    ("自己負担割合", Some(Field::Ratio)),
    ("負担割合", Some(Field::Ratio)),
    ("資格取得年月日", Some(Field::Acquired)),
    ("資格取得日", Some(Field::Acquired)),
    ("被保険者番号", None),
    ("被保険者等記号", Some(Field::Symbol)),
    ("性別", None),
    ("交付年月日", None),
    ("発行年月日", None),
    ("有効期限", None),
    ("適用開始年月日", None),
    ("住所", None),
    ("事業所名称", None),
    ("所在地", None),
    ("お問い合わせ番号", None),
    ("問い合わせ番号", None),
    ("個人番号", None),
    ("電話番号", None),
    ("郵便番号", None),
];

/// Full-width ASCII forms to ASCII, ideographic spaces to spaces, runs of spaces to one.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            '\u{3000}' | '\t' | '\u{A0}' => ' ',
            c if c.is_control() => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A piece of a cell: a label or the text between labels.
#[derive(Debug)]
enum Piece {
    Label(Option<Field>),
    Text(String),
}

/// How many bytes of `text` the label takes when `text` starts with it, spaces inside allowed
/// (text recognition reads 本人・家族の別 as 本人・ 家族の別).
fn label_len(text: &str, label: &str) -> Option<usize> {
    let mut want = label.chars().peekable();
    let mut used = 0;
    for c in text.chars() {
        let Some(&w) = want.peek() else { break };
        if c == w {
            want.next();
        } else if c != ' ' || used == 0 {
            return None;
        }
        used += c.len_utf8();
    }
    want.peek().is_none().then_some(used)
}

fn split_labels(cell: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut rest = cell;
    while !rest.is_empty() {
        let hit = LABELS
            .iter()
            .filter_map(|(l, f)| label_len(rest, l).map(|n| (l, f, n)))
            .max_by_key(|(l, _, _)| l.len());
        if let Some((_, field, n)) = hit {
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Label(*field));
            rest = &rest[n..];
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                text.push(c);
            }
            rest = chars.as_str();
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

/// Separators between a label and its value: `：`, `:`, brackets, dots, spaces.
fn trim_seps(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '：'
                    | '・'
                    | '('
                    | ')'
                    | '（'
                    | '）'
                    | '［'
                    | '］'
                    | '['
                    | ']'
                    | '|'
                    | '／'
                    | '/'
                    | '='
            )
    })
}

struct LabelAt {
    field: Option<Field>,
    line: usize,
    cell: usize,
    /// The cell the value was read from (line, cell): the label's own, the next, or below.
    at: (usize, usize),
    /// Text after the label in its own cell (up to the next label).
    value: String,
    /// Whether the cells the value came from were read surely (see [`Cell::sure`]).
    sure: bool,
    /// What the label's own parenthesis held (負担割合（令和6年6月7日時点）): the value when
    /// nothing else follows the label.
    qualifier: Option<String>,
    /// Whether another label follows in the same cell.
    last_in_cell: bool,
}

/// Splits off a parenthesis right after a label (負担割合（令和6年6月7日時点）3割): the
/// rest, and what the parenthesis held. Text that does not start with a closed parenthesis
/// comes back as it is.
fn strip_qualifier(text: &str) -> (&str, Option<&str>) {
    let t = text.trim_start();
    if let Some(inner) = t.strip_prefix('(') {
        if let Some(end) = inner.find(')') {
            let held = inner[..end].trim();
            if !held.is_empty() {
                return (&inner[end + 1..], Some(held));
            }
        }
    }
    (text, None)
}

/// A name without the honorific a letter adds (協会 花子 様 → 協会 花子).
fn without_honorific(name: &str) -> &str {
    let mut n = name.trim();
    for suffix in ["様", "殿", "さま"] {
        if let Some(rest) = n.strip_suffix(suffix) {
            n = rest.trim_end();
        }
    }
    n
}

/// The form two readings of a field are compared in: no spaces; digits without the leading
/// zeros a mailing header pads them with (01010101 = 1010101).
fn canonical(field: Field, value: &str) -> String {
    let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if matches!(field, Field::Symbol | Field::Number)
        && !compact.is_empty()
        && compact.chars().all(|c| c.is_ascii_digit())
    {
        let t = compact.trim_start_matches('0');
        return if t.is_empty() { "0".into() } else { t.into() };
    }
    compact
}

/// One reading of a field: its value as printed and whether it was read surely.
struct Reading {
    value: String,
    sure: bool,
    at: (usize, usize),
}

/// The reading to keep among valid ones: the value most places agree on (the notice prints
/// 記号・番号 in its header, its body and its cut-out), then the first; of equal values the
/// one without padding. `agreed` says whether every reading says the same.
fn choose(field: Field, readings: &[Reading]) -> Option<(usize, bool)> {
    let keys: Vec<String> = readings
        .iter()
        .map(|r| canonical(field, &r.value))
        .collect();
    let mut best: Option<(usize, usize)> = None; // (index of the group's first, votes)
    for (i, k) in keys.iter().enumerate() {
        if keys[..i].contains(k) {
            continue;
        }
        let votes = keys.iter().filter(|o| *o == k).count();
        if best.is_none_or(|(_, v)| votes > v) {
            best = Some((i, votes));
        }
    }
    let (first, _) = best?;
    let key = &keys[first];
    let pick = (0..readings.len())
        .filter(|&i| &keys[i] == key)
        .min_by_key(|&i| (readings[i].value.chars().count(), i))?;
    let agreed = keys.iter().all(|k| k == key);
    Some((pick, agreed))
}

/// Reads the fields from the lines of a page; with the page's size (in the cells' units), each
/// value read gets its [`Place`] on the page.
pub(crate) fn extract(lines: &[TextLine], page: Option<(f64, f64)>) -> (Fields, FieldReport) {
    let folded: Vec<Vec<Cell>> = lines
        .iter()
        .map(|l| {
            l.cells
                .iter()
                .map(|c| Cell {
                    text: fold(&c.text),
                    ..c.clone()
                })
                .filter(|c| !c.text.is_empty())
                .collect()
        })
        .collect();
    let pieces: Vec<Vec<Vec<Piece>>> = folded
        .iter()
        .map(|cells| cells.iter().map(|c| split_labels(&c.text)).collect())
        .collect();
    let has_label = |line: usize| {
        pieces[line]
            .iter()
            .any(|c| c.iter().any(|p| matches!(p, Piece::Label(_))))
    };

    let mut labels: Vec<LabelAt> = Vec::new();
    for (li, cells) in pieces.iter().enumerate() {
        for (ci, cell) in cells.iter().enumerate() {
            let count = cell.iter().filter(|p| matches!(p, Piece::Label(_))).count();
            let mut seen = 0;
            for (pi, p) in cell.iter().enumerate() {
                if let Piece::Label(field) = p {
                    seen += 1;
                    let (value, qualifier) = match cell.get(pi + 1) {
                        Some(Piece::Text(t)) => {
                            let (rest, held) = strip_qualifier(t);
                            (trim_seps(rest).to_string(), held.map(str::to_string))
                        }
                        _ => (String::new(), None),
                    };
                    labels.push(LabelAt {
                        field: *field,
                        line: li,
                        cell: ci,
                        at: (li, ci),
                        value,
                        sure: folded[li][ci].sure,
                        qualifier,
                        last_in_cell: seen == count,
                    });
                }
            }
        }
    }

    // A label with nothing after it in its cell takes the next cell on its line if that cell
    // has no label, else the nearest unused cell of the next line when that line has none.
    let mut used: Vec<(usize, usize)> = Vec::new();
    for label in &mut labels {
        if !label.value.is_empty() || !label.last_in_cell {
            continue;
        }
        let (li, ci) = (label.line, label.cell);
        let next_cell = ci + 1;
        if next_cell < pieces[li].len()
            && !pieces[li][next_cell]
                .iter()
                .any(|p| matches!(p, Piece::Label(_)))
        {
            label.value = trim_seps(&folded[li][next_cell].text).to_string();
            label.sure = folded[li][next_cell].sure;
            label.at = (li, next_cell);
            used.push((li, next_cell));
            continue;
        }
        // A row of labels (a table header), or a label above its value (the portal app's
        // cards): the values are on the line below.
        let header_row = pieces[li][next_cell..]
            .iter()
            .all(|c| c.iter().any(|p| matches!(p, Piece::Label(_))));
        if !header_row {
            continue;
        }
        let below = li + 1;
        if below >= folded.len() || has_label(below) {
            continue;
        }
        let centre = (folded[li][ci].x0 + folded[li][ci].x1) / 2.0;
        let best = folded[below]
            .iter()
            .enumerate()
            .filter(|(bi, _)| !used.contains(&(below, *bi)))
            .min_by(|(_, a), (_, b)| {
                let da = ((a.x0 + a.x1) / 2.0 - centre).abs();
                let db = ((b.x0 + b.x1) / 2.0 - centre).abs();
                da.total_cmp(&db)
            })
            .map(|(bi, _)| bi);
        if let Some(bi) = best {
            label.value = trim_seps(&folded[below][bi].text).to_string();
            label.sure = folded[below][bi].sure;
            label.at = (below, bi);
            used.push((below, bi));
        }
    }
    // Nothing but the parenthesis: that is the value (本人・家族の別（本人）).
    for label in &mut labels {
        if label.value.is_empty() {
            if let Some(q) = label.qualifier.take() {
                label.value = trim_seps(&q).to_string();
            }
        }
    }

    // Labels printed together ("記号・番号（枝番）") share one value ("1010101・1（00）"):
    // split it when it has exactly one part per label.
    let mut i = 0;
    while i < labels.len() {
        let mut j = i;
        while j + 1 < labels.len()
            && labels[j].value.is_empty()
            && labels[j + 1].line == labels[i].line
            && labels[j + 1].cell == labels[i].cell
        {
            j += 1;
        }
        if j > i && !labels[j].value.is_empty() {
            let parts: Vec<String> = labels[j]
                .value
                .split(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '・' | '(' | ')' | '（' | '）' | '-' | '－' | '/')
                })
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect();
            if parts.len() == j - i + 1 {
                let (sure, at) = (labels[j].sure, labels[j].at);
                for (k, part) in parts.into_iter().enumerate() {
                    labels[i + k].value = part;
                    labels[i + k].sure = sure;
                    labels[i + k].at = at;
                }
            }
        }
        i = j + 1;
    }

    // Names lose the honorific of a letter's address (様).
    for l in &mut labels {
        if matches!(l.field, Some(Field::Name | Field::InsuredName)) {
            l.value = without_honorific(&l.value).to_string();
        }
    }

    let mut fields = Fields::default();
    let mut report = FieldReport::default();
    const ALL: [Field; 11] = [
        Field::InsurerNumber,
        Field::InsurerName,
        Field::Symbol,
        Field::Number,
        Field::Branch,
        Field::Name,
        Field::Kana,
        Field::Birth,
        Field::Relation,
        Field::Ratio,
        Field::Acquired,
    ];
    for field in ALL {
        let mut valid: Vec<Reading> = Vec::new();
        let mut first_invalid: Option<FieldStatus> = None;
        for l in labels
            .iter()
            .filter(|l| l.field == Some(field) && !l.value.is_empty())
        {
            let mut probe = Fields::default();
            match check(field, &l.value, &mut probe) {
                Ok(()) => valid.push(Reading {
                    value: l.value.clone(),
                    sure: l.sure,
                    at: l.at,
                }),
                Err(status) => {
                    first_invalid.get_or_insert(status);
                }
            }
        }
        let slot = report.slot(field);
        match choose(field, &valid) {
            Some((i, agreed)) => {
                let r = &valid[i];
                // `check` accepted it above: it stores the normalised value.
                let _ = check(field, &r.value, &mut fields);
                // Unsure of a character (OCR), or the document gives two different values.
                *slot = FieldStatus {
                    place: page.and_then(|(w, h)| {
                        let c = &folded[r.at.0][r.at.1];
                        Place::on_page(c.x0, c.y0, c.x1, c.y1, w, h)
                    }),
                    ..if !r.sure {
                        FieldStatus::unsure(&r.value)
                    } else if !agreed {
                        FieldStatus::differing(&r.value)
                    } else {
                        FieldStatus::found(&r.value)
                    }
                };
            }
            None => {
                if let Some(status) = first_invalid {
                    *slot = status;
                }
            }
        }
    }
    relation_from_names(&labels, &mut fields, &mut report);
    as_of(&folded, &mut fields, &mut report);
    (fields, report)
}

/// Who the document is about, when no label says 本人 or 家族: the insurer's notice (資格情報の
/// お知らせ) names the insured person (被保険者氏名) and the person it is about (対象者氏名, and
/// 氏名 in its body); the same name means 本人, another 家族. A document naming only the insured
/// person is about them.
fn relation_from_names(labels: &[LabelAt], fields: &mut Fields, report: &mut FieldReport) {
    let insured: Vec<&LabelAt> = labels
        .iter()
        .filter(|l| l.field == Some(Field::InsuredName) && !l.value.is_empty())
        .collect();
    let Some(first_insured) = insured.first() else {
        return;
    };
    let subject = labels
        .iter()
        .any(|l| l.field == Some(Field::Name) && !l.value.is_empty());
    if !subject {
        // Only the insured person is named (an old-style card's print-out): it is about them,
        // but without a 対象者 to compare with, 本人 or 家族 is left to a label or the user.
        if report.name.state == FieldState::NotFound {
            fields.name = Some(first_insured.value.clone());
            report.name = if first_insured.sure {
                FieldStatus::found(&first_insured.value)
            } else {
                FieldStatus::unsure(&first_insured.value)
            };
        }
        return;
    }
    if report.relation.state != FieldState::NotFound {
        return;
    }
    let Some(name) = fields.name.clone() else {
        return;
    };
    let key = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let same = insured.iter().any(|l| key(&l.value) == key(&name));
    let relation = if same {
        Relation::Insured
    } else {
        Relation::Dependent
    };
    let label = relation.label_ja();
    fields.relation = Some(label.to_string());
    let sure = report.name.state == FieldState::Found && insured.iter().all(|l| l.sure);
    report.relation = if sure {
        FieldStatus::found(label)
    } else {
        FieldStatus::unsure(label)
    };
}

/// 令和6年6月7日時点 (or 時点: 令和6年6月7日) anywhere on the page.
fn as_of(lines: &[Vec<Cell>], fields: &mut Fields, report: &mut FieldReport) {
    for cells in lines {
        let text = cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let Some(at) = text.find("時点") else {
            continue;
        };
        let before = &text[..at];
        let after = &text[at + "時点".len()..];
        let candidate = date_spans(before)
            .last()
            .copied()
            .or_else(|| date_spans(after).first().copied());
        let Some(raw) = candidate else { continue };
        match era::parse_date(raw) {
            Ok(d) => {
                fields.as_of = Some(d);
                report.as_of = FieldStatus::found(raw);
                return;
            }
            Err(e) => {
                if report.as_of.state == FieldState::NotFound {
                    let (ja, en) = msg_of(&e);
                    report.as_of = FieldStatus::invalid(raw, ja, en);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(cells: &[&str]) -> TextLine {
        TextLine {
            cells: cells
                .iter()
                .enumerate()
                .map(|(i, t)| Cell {
                    text: t.to_string(),
                    x0: i as f64 * 100.0,
                    x1: i as f64 * 100.0 + 80.0,
                    y0: 0.0,
                    y1: 10.0,
                    sure: true,
                })
                .collect(),
        }
    }

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn label_value_cells() {
        let lines = [
            line(&["令和６年６月７日時点"]),
            line(&["保険者番号", "０１０１００１６"]),
            line(&["保険者名称", "全国健康保険協会　北海道支部"]),
            line(&["記号・番号（枝番）", "1010101・1（00）"]),
            line(&["氏名", "協会　太郎"]),
            line(&["氏名（カナ）", "キョウカイ　タロウ"]),
            line(&["生年月日", "昭和 ４０年１０月 １日"]),
            line(&["本人・家族", "本人"]),
            line(&["負担割合", "３割"]),
            line(&["資格取得年月日", "昭和60年10月1日"]),
        ];
        let (f, r) = extract(&lines, None);
        assert_eq!(f.insurer_number.as_deref(), Some("01010016"));
        assert_eq!(
            f.insurer_name.as_deref(),
            Some("全国健康保険協会 北海道支部")
        );
        assert_eq!(f.symbol.as_deref(), Some("1010101"));
        assert_eq!(f.number.as_deref(), Some("1"));
        assert_eq!(f.branch.as_deref(), Some("00"));
        assert_eq!(f.name.as_deref(), Some("協会 太郎"));
        assert_eq!(f.kana.as_deref(), Some("キョウカイ タロウ"));
        assert_eq!(f.birth, d("1965-10-01"));
        assert_eq!(f.relation.as_deref(), Some("本人"));
        assert_eq!(f.ratio.as_deref(), Some("3割"));
        assert_eq!(f.acquired, d("1985-10-01"));
        assert_eq!(f.as_of, d("2024-06-07"));
        assert!(r.iter().all(|(_, s)| s.state == FieldState::Found), "{r:?}");
    }

    #[test]
    fn inline_labels_and_header_rows() {
        let lines = [
            line(&["記号 1010101 番号 1 枝番 01"]),
            line(&["氏名", "生年月日"]),
            line(&["協会 花子", "S42.3.15"]),
            line(&["続柄：家族（被扶養者）", "一部負担金の割合：3割"]),
            line(&["2024/6/7 時点"]),
        ];
        let (f, _) = extract(&lines, None);
        assert_eq!(f.symbol.as_deref(), Some("1010101"));
        assert_eq!(f.number.as_deref(), Some("1"));
        assert_eq!(f.branch.as_deref(), Some("01"));
        assert_eq!(f.name.as_deref(), Some("協会 花子"));
        assert_eq!(f.birth, d("1967-03-15"));
        assert_eq!(f.relation.as_deref(), Some("家族"));
        assert_eq!(f.ratio.as_deref(), Some("3割"));
        assert_eq!(f.as_of, d("2024-06-07"));
    }

    #[test]
    fn invalid_values_are_reported_not_dropped() {
        let lines = [
            line(&["保険者番号", "01010017"]),
            line(&["生年月日", "昭和65年1月1日"]),
            line(&["枝番", "1"]),
            line(&["負担割合", "5割"]),
            line(&["フリガナ", "Kyokai"]),
        ];
        let (f, r) = extract(&lines, None);
        assert_eq!(f.insurer_number, None);
        assert_eq!(r.insurer_number.state, FieldState::Invalid);
        assert_eq!(r.insurer_number.raw.as_deref(), Some("01010017"));
        let m = r.insurer_number.message.as_ref().map(|m| m.en.as_str());
        assert!(
            m.is_some_and(|m| m.contains("check digit should be 6")),
            "{m:?}"
        );
        assert_eq!(r.birth.state, FieldState::Invalid);
        assert!(r
            .birth
            .message
            .as_ref()
            .is_some_and(|m| m.ja.contains("昭和")));
        assert_eq!(r.branch.state, FieldState::Invalid);
        assert_eq!(r.ratio.state, FieldState::Invalid);
        assert_eq!(r.kana.state, FieldState::Invalid);
        assert_eq!(r.name.state, FieldState::NotFound);
        assert_eq!(r.as_of.state, FieldState::NotFound);
    }

    /// The insurer's notice as its text layer reads (issue #20): header, body, cut-out.
    #[test]
    fn notice_takes_the_body_and_the_person_it_is_about() {
        let lines = [
            line(&["(記号) 01010101 (番号) 0000001", "お問い合わせ番号"]),
            line(&["(被保険者氏名) 協会 太郎 様", "01-0101-1-1"]),
            line(&["(対象者氏名) 協会 花子 様"]),
            line(&["資格情報のお知らせ"]),
            line(&["あなたの加入する健康保険の資格情報を下記のとおりお知らせします（令和6年6月7日時点）。"]),
            line(&["記号", "1010101", "番号", "1", "(枝番) 00"]),
            line(&["氏名", "協会 花子"]),
            line(&["負担割合（令和6年6月7日時点）", "3割"]),
            line(&["なお、現在登録されているあなたの個人番号は次のとおりです（12桁のうち下4桁のみ表示）。"]),
            line(&["記号 1010101 番号 1 枝番 00"]),
            line(&["保険者番号 01010016"]),
        ];
        let (f, r) = extract(&lines, None);
        assert_eq!(f.symbol.as_deref(), Some("1010101"));
        assert_eq!(f.number.as_deref(), Some("1"));
        assert_eq!(f.branch.as_deref(), Some("00"));
        assert_eq!(f.name.as_deref(), Some("協会 花子"));
        assert_eq!(f.relation.as_deref(), Some("家族"));
        assert_eq!(f.ratio.as_deref(), Some("3割"));
        assert_eq!(f.insurer_number.as_deref(), Some("01010016"));
        assert_eq!(f.as_of, d("2024-06-07"));
        assert!(
            r.iter().all(
                |(k, s)| matches!(k, "insurer_name" | "kana" | "birth" | "acquired")
                    || s.state == FieldState::Found
            ),
            "{r:?}"
        );

        // About the insured himself: 本人.
        let lines = [
            line(&["(被保険者氏名) 保険 次郎 様"]),
            line(&["(対象者氏名) 保険 次郎 様"]),
        ];
        let (f, _) = extract(&lines, None);
        assert_eq!(f.name.as_deref(), Some("保険 次郎"));
        assert_eq!(f.relation.as_deref(), Some("本人"));
        // Only the insured person named: it is them, 本人・家族 left open.
        let (f, r) = extract(&[line(&["被保険者氏名", "保険 次郎"])], None);
        assert_eq!(f.name.as_deref(), Some("保険 次郎"));
        assert_eq!(r.relation.state, FieldState::NotFound);
    }

    /// A value read from a cell the recognizer was not sure of, or two readings that differ,
    /// is unsure: kept, for the user to confirm.
    #[test]
    fn unsure_readings() {
        let mut lines = vec![line(&["氏名", "衣会 太郎"]), line(&["記号", "1010101"])];
        lines[0].cells[1].sure = false;
        let (f, r) = extract(&lines, None);
        assert_eq!(f.name.as_deref(), Some("衣会 太郎"));
        assert_eq!(r.name.state, FieldState::Unsure);
        assert_eq!(r.symbol.state, FieldState::Found);
        let (f, r) = extract(
            &[line(&["記号", "1010101"]), line(&["記号", "1010181"])],
            None,
        );
        assert!(f.symbol.is_some());
        assert_eq!(r.symbol.state, FieldState::Unsure);
    }

    #[test]
    fn spans() {
        assert_eq!(date_spans("令和6年6月7日時点"), vec!["令和6年6月7日"]);
        assert_eq!(
            date_spans("昭和 40 年 10 月 1 日生 交付 R6.6.1"),
            vec!["昭和 40 年 10 月 1 日", "R6.6.1"]
        );
        assert_eq!(ratio("3 割"), Some(3));
        assert_eq!(ratio("30%"), Some(3));
        assert_eq!(ratio("3割または2割"), None);
    }
}
