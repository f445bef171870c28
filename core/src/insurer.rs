//! Insurer numbers (保険者番号) and their check digit (docs/rules.md §4).

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Msg, Result};

/// `{"valid":true,"normalized":"01010016","check_digit":6}`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct InsurerNumberCheck {
    pub valid: bool,
    pub normalized: String,
    pub check_digit: u8,
}

/// The check digit for the base digits (all but the last): weights 2, 1, 2, 1 … from the
/// rightmost base digit, digit sums of the products, (10 − sum mod 10) mod 10.
/// None when `base` is empty or has anything but ASCII digits.
pub fn check_digit(base: &str) -> Option<u8> {
    if base.is_empty() {
        return None;
    }
    let mut sum: u32 = 0;
    for (i, c) in base.chars().rev().enumerate() {
        let digit = c.to_digit(10).filter(|_| c.is_ascii_digit())?;
        let product = if i % 2 == 0 { digit * 2 } else { digit };
        sum += product / 10 + product % 10;
    }
    // (10 − sum mod 10) mod 10 is in 0..=9.
    Some(((10 - sum % 10) % 10) as u8)
}

fn normalize(input: &str) -> String {
    input
        .trim()
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '-' | '－' | '−' | '‐' | '‑' | '–' | '—' | 'ー' | '―')
        })
        .map(|c| match c {
            // Full-width digits are exactly U+FEE0 above ASCII.
            '０'..='９' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Normalises (full-width digits, spaces, hyphens) and verifies a 6- or 8-digit number.
/// A wrong check digit is an error naming the expected digit.
pub fn validate(input: &str) -> Result<InsurerNumberCheck> {
    let n = normalize(input);
    if n.is_empty() {
        return Err(Error::InvalidInsurerNumber(Msg::new(
            "保険者番号が入力されていません",
            "No insurer number was entered",
        )));
    }
    if let Some(bad) = n.chars().find(|c| !c.is_ascii_digit()) {
        return Err(Error::InvalidInsurerNumber(Msg::new(
            format!("保険者番号は数字だけです（「{bad}」は使えません）"),
            format!("An insurer number has digits only (\"{bad}\" is not allowed)"),
        )));
    }
    let len = n.len();
    if len != 6 && len != 8 {
        return Err(Error::InvalidInsurerNumber(Msg::new(
            format!("保険者番号は8桁（国民健康保険は6桁）です。入力は{len}桁です"),
            format!(
                "An insurer number has 8 digits (6 for National Health Insurance); this one has {len}"
            ),
        )));
    }
    let (base, last) = n.split_at(len - 1);
    let expected = check_digit(base).ok_or_else(|| {
        Error::InvalidInsurerNumber(Msg::new(
            "保険者番号を読めません",
            "Cannot read the insurer number",
        ))
    })?;
    let given = last.parse::<u8>().ok();
    if given != Some(expected) {
        return Err(Error::InvalidInsurerNumber(Msg::new(
            format!(
                "保険者番号の検証番号（最後の桁）が合いません。{last}ではなく{expected}のはずです。番号を確かめてください"
            ),
            format!(
                "Wrong insurer number: the check digit should be {expected}, not {last}. Please check the number"
            ),
        )));
    }
    Ok(InsurerNumberCheck {
        valid: true,
        normalized: n,
        check_digit: expected,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        assert_eq!(check_digit("0101001"), Some(6));
        assert_eq!(check_digit("0613809"), Some(3));
        assert_eq!(check_digit("3913115"), Some(6));
        assert_eq!(check_digit("13815"), Some(6));
        assert_eq!(check_digit(""), None);
        assert_eq!(check_digit("01a1001"), None);
        assert_eq!(check_digit("０101001"), None);
    }

    #[test]
    fn valid_numbers_from_domain() {
        for n in ["01010016", "06138093", "39131156", "138156"] {
            let c = validate(n).unwrap_or_else(|e| panic!("{n}: {e}"));
            assert!(c.valid);
            assert_eq!(c.normalized, n);
            assert_eq!(Some(c.check_digit), n[n.len() - 1..].parse().ok());
        }
    }

    #[test]
    fn normalises() {
        let c = validate(" ０１０１ ００１６ ").expect("full-width");
        assert_eq!(c.normalized, "01010016");
        assert_eq!(c.check_digit, 6);
        assert_eq!(
            validate("01-01-0016").map(|c| c.normalized).ok().as_deref(),
            Some("01010016")
        );
        assert_eq!(
            validate("１３８－１５６")
                .map(|c| c.normalized)
                .ok()
                .as_deref(),
            Some("138156")
        );
    }

    #[test]
    fn wrong_check_digit_names_the_expected_digit() {
        let e = validate("01010017").expect_err("wrong digit");
        assert_eq!(e.kind(), "invalid_insurer_number");
        assert!(
            e.to_string().contains("check digit should be 6, not 7"),
            "{e}"
        );
        assert!(e.message_ja().contains("7ではなく6"), "{}", e.message_ja());
        assert!(validate("138157").is_err());
    }

    #[test]
    fn wrong_shapes() {
        for bad in [
            "",
            "  ",
            "0101001",
            "010100160",
            "12345",
            "0101001a",
            "ABCDEFGH",
            "01010016.0",
        ] {
            let e = validate(bad).expect_err(bad);
            assert_eq!(e.kind(), "invalid_insurer_number", "{bad}");
        }
        assert!(validate("0101001")
            .expect_err("7")
            .to_string()
            .contains("has 7"));
        assert!(validate("0101001a")
            .expect_err("a")
            .to_string()
            .contains("\"a\""));
    }
}
