//! The CLI contract of issue #2, run against the real binary.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hoken-wallet"))
        .args(args)
        .env_remove("HOKEN_WALLET_DATA_DIR")
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

/// Bad input: exit status 2 and exactly one line on stderr, which mentions `needle`.
fn refused(args: &[&str], needle: &str) {
    let out = run(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
    assert!(!err.contains("panicked"), "{err}");
}

/// `calc expiry BIRTH --issued|--cert-expiry DATE --json`.
fn expiry(birth: &str, flag: &str, date: &str) -> serde_json::Value {
    json(&["calc", "expiry", "--birth", birth, flag, date, "--json"])
}

#[test]
fn calc_expiry_worked_example() {
    assert_eq!(
        expiry("1980-06-01", "--issued", "2021-03-10"),
        serde_json::json!({"certificate_expiry":"2025-06-01","renewal_opens":"2025-03-02",
            "grace_warn":"2025-09-01","grace_end":"2025-09-30","card_expiry":"2030-06-01"})
    );
}

#[test]
fn calc_expiry_accepts_era_dates() {
    let v = expiry("昭和55年6月1日", "--issued", "R3.3.10");
    assert_eq!(v["certificate_expiry"], "2025-06-01");
    assert_eq!(v["card_expiry"], "2030-06-01");
}

#[test]
fn calc_expiry_domain_examples() {
    // A birthday on the issue day does not count: five full years.
    let v = expiry("1990-10-10", "--issued", "2020-10-10");
    assert_eq!(v["certificate_expiry"], "2025-10-10");
    // Printed expiry wins; renewal opens the day after "3 months before".
    let v = expiry("1970-09-24", "--cert-expiry", "2020-09-24");
    assert_eq!(v["renewal_opens"], "2020-06-25");
    let v = expiry("1970-01-15", "--cert-expiry", "2026-01-15");
    assert_eq!(v["grace_end"], "2026-04-30");
    let v = expiry("1970-11-10", "--cert-expiry", "2025-11-10");
    assert_eq!(v["grace_warn"], "2026-02-10");
    assert_eq!(v["grace_end"], "2026-02-28");
}

#[test]
fn calc_expiry_text_output_is_readable() {
    let out = run(&[
        "calc",
        "expiry",
        "--birth",
        "1980-06-01",
        "--issued",
        "2021-03-10",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2025-06-01") && text.contains("令和7年6月1日"),
        "{text}"
    );
}

#[test]
fn calc_era_both_ways() {
    let want = serde_json::json!({"iso":"1965-10-01","era":"昭和40年10月1日"});
    assert_eq!(json(&["calc", "era", "昭和40年10月1日", "--json"]), want);
    assert_eq!(json(&["calc", "era", "1965-10-01", "--json"]), want);
    assert_eq!(
        json(&["calc", "era", "昭和 ４０ 年 １０ 月 １ 日", "--json"]),
        want
    );
    assert_eq!(json(&["calc", "era", "S40.10.1", "--json"]), want);
    assert_eq!(
        json(&["calc", "era", "1989-01-08", "--json"])["era"],
        "平成元年1月8日"
    );
    assert_eq!(
        json(&["calc", "era", "H1.1.8", "--json"])["iso"],
        "1989-01-08"
    );
    assert_eq!(
        json(&["calc", "era", "R7.11.30", "--json"])["iso"],
        "2025-11-30"
    );
}

#[test]
fn calc_insurer_number() {
    assert_eq!(
        json(&["calc", "insurer-number", "01010016", "--json"]),
        serde_json::json!({"valid":true,"normalized":"01010016","check_digit":6})
    );
    assert_eq!(
        json(&["calc", "insurer-number", "０１０１００１６", "--json"])["normalized"],
        "01010016"
    );
    for n in ["06138093", "39131156", "138156"] {
        assert_eq!(
            json(&["calc", "insurer-number", n, "--json"])["valid"],
            true,
            "{n}"
        );
    }
}

#[test]
fn bad_input_exits_2_with_one_line() {
    refused(&["calc", "era", "昭和65年1月1日", "--json"], "昭和");
    refused(&["calc", "era", "平成31年5月1日"], "平成");
    refused(&["calc", "era", "令和元年4月30日"], "令和");
    refused(&["calc", "era", "2025-02-30"], "30");
    refused(&["calc", "era", "tomorrow"], "tomorrow");
    refused(&["calc", "insurer-number", "01010017"], "6");
    refused(&["calc", "insurer-number", "12345"], "has 5");
    refused(
        &[
            "calc",
            "expiry",
            "--birth",
            "1980-13-01",
            "--issued",
            "2021-03-10",
        ],
        "birth date",
    );
}
