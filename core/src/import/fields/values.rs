//! Each value through its validator: insurer numbers, era dates, kana, 1–3割.

use super::*;

pub(super) fn msg_of(e: &Error) -> (String, String) {
    (e.message_ja(), e.to_string())
}

/// Validates `raw` for `field` and stores the value; the error status says why not.
pub(super) fn check(field: Field, raw: &str, fields: &mut Fields) -> Result<(), FieldStatus> {
    let invalid = |ja: String, en: String| FieldStatus::invalid(raw, ja, en);
    match field {
        Field::InsurerNumber => {
            // The number, perhaps followed by other text: its leading digits (spaces and
            // hyphens inside are allowed).
            let end = raw
                .find(|c: char| !(c.is_ascii_digit() || matches!(c, ' ' | '-')))
                .unwrap_or(raw.len());
            let candidate = if end == 0 { raw } else { &raw[..end] };
            match insurer::validate(candidate) {
                Ok(c) => fields.insurer_number = Some(c.normalized),
                Err(e) => {
                    let (ja, en) = msg_of(&e);
                    return Err(invalid(ja, en));
                }
            }
        }
        Field::InsurerName => fields.insurer_name = Some(raw.to_string()),
        Field::Symbol => fields.symbol = Some(raw.to_string()),
        Field::Number => {
            if raw.chars().all(|c| c.is_ascii_digit()) {
                fields.number = Some(raw.to_string());
            } else {
                return Err(invalid(
                    format!("番号は数字です（読み取った値: {raw}）"),
                    format!("The number (番号) has digits only; read \"{raw}\""),
                ));
            }
        }
        Field::Branch => {
            if raw.len() == 2 && raw.chars().all(|c| c.is_ascii_digit()) {
                fields.branch = Some(raw.to_string());
            } else {
                return Err(invalid(
                    format!("枝番は2桁の数字です（読み取った値: {raw}）"),
                    format!("The branch number (枝番) has 2 digits; read \"{raw}\""),
                ));
            }
        }
        Field::Name | Field::InsuredName => fields.name = Some(raw.to_string()),
        Field::Kana => {
            let kana = |c: char| matches!(c, 'ァ'..='ヺ' | 'ー' | '・' | 'ぁ'..='ゖ' | 'ｦ'..='ﾟ' | '゛' | '゜' | ' ');
            if raw.chars().all(kana) {
                fields.kana = Some(raw.to_string());
            } else {
                return Err(invalid(
                    format!("フリガナはカタカナです（読み取った値: {raw}）"),
                    format!("The kana name is katakana; read \"{raw}\""),
                ));
            }
        }
        Field::Birth | Field::Acquired => {
            let date = parse_date_in(raw).map_err(|(ja, en)| invalid(ja, en))?;
            if field == Field::Birth {
                fields.birth = Some(date);
            } else {
                fields.acquired = Some(date);
            }
        }
        Field::Relation => {
            let insured =
                raw.contains("本人") || (raw.contains("被保険者") && !raw.contains("被扶養者"));
            let dependent = raw.contains("家族") || raw.contains("被扶養者");
            let relation = match (insured, dependent) {
                (true, false) => Relation::Insured,
                (false, true) => Relation::Dependent,
                _ => match Relation::parse(raw) {
                    Ok(r) => r,
                    Err(e) => {
                        let (ja, en) = msg_of(&e);
                        return Err(invalid(ja, en));
                    }
                },
            };
            fields.relation = Some(relation.label_ja().to_string());
        }
        Field::Ratio => match ratio(raw) {
            Some(n) => fields.ratio = Some(format!("{n}割")),
            None => {
                return Err(invalid(
                    format!("負担割合は1割・2割・3割のどれかです（読み取った値: {raw}）"),
                    format!("The co-payment ratio is 1割, 2割 or 3割; read \"{raw}\""),
                ))
            }
        },
    }
    Ok(())
}

/// 3割 / 3 割 / 30% → 3.
pub(super) fn ratio(raw: &str) -> Option<u8> {
    let s: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    for n in 1u8..=3 {
        if s.contains(&format!("{n}割")) || s.contains(&format!("{n}0%")) {
            let other = (1u8..=9)
                .filter(|&m| m != n)
                .any(|m| s.contains(&format!("{m}割")));
            if !other {
                return Some(n);
            }
        }
    }
    None
}

/// The date-looking spans of a text: an era name or letter, or a year, through 日.
pub(super) fn date_spans(s: &str) -> Vec<&str> {
    const ERAS: [&str; 5] = ["明治", "大正", "昭和", "平成", "令和"];
    let mut spans = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        let start_len = ERAS
            .iter()
            .find(|e| rest.starts_with(**e))
            .map(|e| e.len())
            .or_else(|| {
                let mut cs = rest.chars();
                match (cs.next(), cs.next()) {
                    (Some('M' | 'T' | 'S' | 'H' | 'R'), Some(d)) if d.is_ascii_digit() => Some(1),
                    (Some(d), _) if d.is_ascii_digit() => Some(0),
                    _ => None,
                }
            });
        let Some(start_len) = start_len else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut end = i + start_len;
        for c in s[end..].chars() {
            if c.is_ascii_digit() || matches!(c, '元' | '年' | '月' | ' ' | '.' | '/' | '-') {
                end += c.len_utf8();
            } else if c == '日' {
                end += c.len_utf8();
                break;
            } else {
                break;
            }
        }
        let span = s[i..end].trim();
        if span.chars().filter(char::is_ascii_digit).count() >= 3 || span.contains('元') {
            spans.push(span);
        }
        i = end.max(i + 1);
        while !s.is_char_boundary(i) {
            i += 1;
        }
    }
    spans
}

/// A date in `raw` (the whole text, else its first date-looking span).
pub(super) fn parse_date_in(raw: &str) -> Result<NaiveDate, (String, String)> {
    match era::parse_date(raw) {
        Ok(d) => Ok(d),
        Err(whole) => {
            let mut first_err = None;
            for span in date_spans(raw) {
                match era::parse_date(span) {
                    Ok(d) => return Ok(d),
                    Err(e) => {
                        first_err.get_or_insert(e);
                    }
                }
            }
            Err(msg_of(&first_err.unwrap_or(whole)))
        }
    }
}
