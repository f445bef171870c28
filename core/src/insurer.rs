//! Insurer numbers (保険者番号) and their check digit (domain.md §4).

use serde::Serialize;
use ts_rs::TS;

use crate::Result;

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
pub fn check_digit(base: &str) -> Option<u8> {
    todo!("{base}")
}

/// Normalises (full-width digits, spaces, hyphens) and verifies a 6- or 8-digit number.
/// A wrong check digit is an error naming the expected digit.
pub fn validate(input: &str) -> Result<InsurerNumberCheck> {
    todo!("{input}")
}
