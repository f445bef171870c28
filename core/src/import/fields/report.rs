//! The record's fields as read, and what the reader says about each (found, unsure,
//! invalid with the reason, missing).

use super::*;

/// The record's fields; `None` when not found or invalid (see [`FieldReport`]).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fields {
    /// 保険者番号, digits only, check digit verified.
    pub insurer_number: Option<String>,
    /// 保険者名称.
    pub insurer_name: Option<String>,
    /// 記号.
    pub symbol: Option<String>,
    /// 番号 (digits).
    pub number: Option<String>,
    /// 枝番 (2 digits).
    pub branch: Option<String>,
    /// 氏名.
    pub name: Option<String>,
    /// フリガナ as printed (Mynaportal prints half-width katakana).
    pub kana: Option<String>,
    /// 生年月日.
    pub birth: Option<NaiveDate>,
    /// "本人" or "家族".
    pub relation: Option<String>,
    /// 負担割合: "1割", "2割" or "3割".
    pub ratio: Option<String>,
    /// 資格取得年月日.
    pub acquired: Option<NaiveDate>,
    /// The date the screen or notice was produced (…時点).
    pub as_of: Option<NaiveDate>,
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = |o: bool| if o { "<set>" } else { "<none>" };
        f.debug_struct("Fields")
            .field("insurer_number", &s(self.insurer_number.is_some()))
            .field("insurer_name", &s(self.insurer_name.is_some()))
            .field("symbol", &s(self.symbol.is_some()))
            .field("number", &s(self.number.is_some()))
            .field("branch", &s(self.branch.is_some()))
            .field("name", &s(self.name.is_some()))
            .field("kana", &s(self.kana.is_some()))
            .field("birth", &s(self.birth.is_some()))
            .field("relation", &s(self.relation.is_some()))
            .field("ratio", &s(self.ratio.is_some()))
            .field("acquired", &s(self.acquired.is_some()))
            .field("as_of", &s(self.as_of.is_some()))
            .finish()
    }
}

/// Whether a field was read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FieldState {
    /// Read and valid; the value is in [`Fields`].
    Found,
    /// No label for it in the document (or the document is an image: no OCR).
    #[default]
    NotFound,
    /// A label was there but its value failed the check; `raw` and `message` say what and why.
    Invalid,
    /// Valid, but text recognition (OCR) was not sure of it, or the document gives two
    /// different values for it: the value (the one most places agree on) is in [`Fields`], for
    /// the user to confirm (「読み取りを確認してください」).
    Unsure,
}

/// A message in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldMessage {
    pub ja: String,
    pub en: String,
}

/// Where a value stands on page 1, in thousandths of the page's width and height from its top
/// left corner. The display image shows the whole page, so the import screen can mark the
/// value on it (or show the crop) while the user checks the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Place {
    pub left: u16,
    pub top: u16,
    pub width: u16,
    pub height: u16,
}

impl Place {
    /// The box `x0..x1` × `y0..y1` on a page of `page_w` × `page_h` (the same units), clamped
    /// to the page; `None` for an empty box or page.
    pub(crate) fn on_page(
        x0: f64,
        y0: f64,
        x1: f64,
        y1: f64,
        page_w: f64,
        page_h: f64,
    ) -> Option<Place> {
        if !(page_w > 0.0 && page_h > 0.0) {
            return None;
        }
        let per_mille = |v: f64, whole: f64| {
            let v = (v / whole * 1000.0).round();
            if v.is_finite() {
                v.clamp(0.0, 1000.0) as u16
            } else {
                0
            }
        };
        let (left, right) = (per_mille(x0, page_w), per_mille(x1, page_w));
        let (top, bottom) = (per_mille(y0, page_h), per_mille(y1, page_h));
        (right > left && bottom > top).then_some(Place {
            left,
            top,
            width: right - left,
            height: bottom - top,
        })
    }

    /// Whether the box lies on the page (what the app checks of a place the decoder sends).
    pub fn is_valid(&self) -> bool {
        self.width > 0
            && self.height > 0
            && u32::from(self.left) + u32::from(self.width) <= 1000
            && u32::from(self.top) + u32::from(self.height) <= 1000
    }
}

/// One field's outcome.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldStatus {
    pub state: FieldState,
    /// The text found after the label (found or invalid), for the user to correct.
    pub raw: Option<String>,
    /// Why the value is invalid.
    pub message: Option<FieldMessage>,
    /// Where the value was read on page 1: from a PDF's text layer, or by text recognition
    /// on an image that needed no deskewing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub place: Option<Place>,
}

impl std::fmt::Debug for FieldStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FieldStatus")
            .field("state", &self.state)
            .field("raw", &self.raw.as_ref().map(|_| "<redacted>"))
            .field("message", &self.message.as_ref().map(|m| &m.en))
            .field("place", &self.place)
            .finish()
    }
}

impl FieldStatus {
    pub(super) fn found(raw: &str) -> Self {
        FieldStatus {
            state: FieldState::Found,
            raw: Some(raw.to_string()),
            message: None,
            place: None,
        }
    }

    pub(super) fn unsure(raw: &str) -> Self {
        FieldStatus {
            state: FieldState::Unsure,
            raw: Some(raw.to_string()),
            message: Some(FieldMessage {
                ja: "文字の読み取りが確かではありません。書類と見比べてください".into(),
                en: "The text recognition is not sure of this value: compare it with the document"
                    .into(),
            }),
            place: None,
        }
    }

    pub(super) fn differing(raw: &str) -> Self {
        FieldStatus {
            message: Some(FieldMessage {
                ja: "書類の中に違う値も書かれています。書類と見比べてください".into(),
                en: "The document also gives another value: compare it with the document".into(),
            }),
            ..FieldStatus::unsure(raw)
        }
    }

    pub(super) fn invalid(raw: &str, ja: String, en: String) -> Self {
        FieldStatus {
            state: FieldState::Invalid,
            raw: Some(raw.to_string()),
            message: Some(FieldMessage { ja, en }),
            place: None,
        }
    }
}

/// Each field's [`FieldStatus`], by the same names as [`Fields`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldReport {
    pub insurer_number: FieldStatus,
    pub insurer_name: FieldStatus,
    pub symbol: FieldStatus,
    pub number: FieldStatus,
    pub branch: FieldStatus,
    pub name: FieldStatus,
    pub kana: FieldStatus,
    pub birth: FieldStatus,
    pub relation: FieldStatus,
    pub ratio: FieldStatus,
    pub acquired: FieldStatus,
    pub as_of: FieldStatus,
}

impl FieldReport {
    /// Every field not found (what an image gets: there is no OCR).
    pub fn all_not_found() -> Self {
        FieldReport::default()
    }

    /// (name, status) for every field, in the order of [`Fields`].
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &FieldStatus)> {
        [
            ("insurer_number", &self.insurer_number),
            ("insurer_name", &self.insurer_name),
            ("symbol", &self.symbol),
            ("number", &self.number),
            ("branch", &self.branch),
            ("name", &self.name),
            ("kana", &self.kana),
            ("birth", &self.birth),
            ("relation", &self.relation),
            ("ratio", &self.ratio),
            ("acquired", &self.acquired),
            ("as_of", &self.as_of),
        ]
        .into_iter()
    }

    /// Text recognition: the fields no validator checks (名前, フリガナ, 保険者名称 — spacing and
    /// a similar kanji cannot be told from the image alone) are for the user to confirm.
    pub(crate) fn confirm_unvalidated(&mut self) {
        for status in [&mut self.name, &mut self.kana, &mut self.insurer_name] {
            if status.state == FieldState::Found {
                let raw = status.raw.clone().unwrap_or_default();
                *status = FieldStatus::unsure(&raw);
            }
        }
    }

    pub(super) fn slot(&mut self, f: Field) -> &mut FieldStatus {
        match f {
            Field::InsurerNumber => &mut self.insurer_number,
            Field::InsurerName => &mut self.insurer_name,
            Field::Symbol => &mut self.symbol,
            Field::Number => &mut self.number,
            Field::Branch => &mut self.branch,
            Field::Name => &mut self.name,
            Field::Kana => &mut self.kana,
            Field::Birth => &mut self.birth,
            Field::Relation => &mut self.relation,
            Field::Ratio => &mut self.ratio,
            Field::Acquired => &mut self.acquired,
            // Not a field of the record: never reported on its own (see `relation_from_names`).
            Field::InsuredName => &mut self.name,
        }
    }
}
