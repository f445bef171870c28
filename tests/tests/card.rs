//! `hoken-wallet card read` over the real PC/SC path: pcscd → vpcd (virtual reader) → the
//! JPKI emulator (hoken_e2e::card) → the CLI. Each test starts its own pcscd and stops it by
//! its PID; the tests share port 35963, so they take turns.
//!
//! Needs pcscd, vsmartcard-vpcd (make apt) and root or passwordless sudo for pcscd. The
//! `member edit --cert-expiry-from-card` test also needs the session keyring
//! (scripts/with-session.sh).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use anyhow::{ensure, Context, Result};
use chrono::NaiveDate;
use hoken_core::testcert::{self, CertSpec, Issuer};
use hoken_e2e::card::{CardSpec, Pcscd, VirtualCard};
use hoken_e2e::{app_binary, target_dir};

/// One test at a time on the virtual reader.
static READER: Mutex<()> = Mutex::new(());

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn log_path(name: &str) -> PathBuf {
    let dir = target_dir().join("e2e-logs");
    let _ = std::fs::create_dir_all(&dir);
    dir.join(format!("pcscd-{name}.log"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn hoken(data_dir: Option<&Path>, args: &[&str]) -> Result<Run> {
    let mut c = Command::new(app_binary()?);
    if let Some(dir) = data_dir {
        c.arg("--data-dir").arg(dir);
    }
    let out = c
        .args(args)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("running hoken-wallet {args:?}"))?;
    Ok(Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    })
}

/// `card read --json` with the card given on the reader.
fn read_json(run: &Run) -> Result<serde_json::Value> {
    ensure!(
        run.code == 0,
        "card read exited {}: {}",
        run.code,
        run.stderr
    );
    Ok(serde_json::from_str(run.stdout.trim())?)
}

/// Only SELECT (the JPKI application and its file 000A) and READ BINARY: never a VERIFY,
/// never the signing certificate or another application.
fn only_allowed_commands(card: &VirtualCard) -> Result<()> {
    let jpki_aid = [0xD3, 0x92, 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01];
    for c in card.commands() {
        match (c[1], c[2]) {
            (0xA4, 0x04) => ensure!(c[5..] == jpki_aid, "selected another application: {c:02X?}"),
            (0xA4, 0x02) => ensure!(c[5..] == [0x00, 0x0A], "selected another file: {c:02X?}"),
            (0xB0, _) => {}
            _ => anyhow::bail!("sent {c:02X?}"),
        }
    }
    Ok(())
}

#[test]
fn reads_the_certificate_expiry_from_the_card() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let pcscd = Pcscd::start(&log_path("right-date")).expect("pcscd");
    let card = VirtualCard::insert(CardSpec::jpki(testcert::certificate(&CertSpec::auth(d(
        "2030-06-01",
    )))))
    .expect("card on the reader");
    let run = hoken(None, &["card", "read", "--json", "--wait", "15"]).unwrap();
    let v = read_json(&run).unwrap();
    assert_eq!(v["certificate_expiry"], "2030-06-01", "{v}");
    assert!(
        v["reader"].as_str().unwrap_or("").contains("Virtual PCD"),
        "{v}"
    );
    assert_eq!(v.as_object().map(|o| o.len()), Some(2), "{v}");
    // The text form gives the era date too.
    let run = hoken(None, &["card", "read", "--wait", "15"]).unwrap();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("2030-06-01"), "{}", run.stdout);
    assert!(run.stdout.contains("令和12年6月1日"), "{}", run.stdout);
    only_allowed_commands(&card).unwrap();
    // The readers are listed.
    let run = hoken(None, &["card", "readers", "--json"]).unwrap();
    assert!(run.stdout.contains("Virtual PCD"), "{}", run.stdout);
    card.remove();
    pcscd.stop();
}

#[test]
fn a_certificate_larger_than_one_read() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let pcscd = Pcscd::start(&log_path("large")).expect("pcscd");
    let mut spec = CertSpec::auth(d("2031-02-28"));
    spec.padding = 4000;
    let der = testcert::certificate(&spec);
    assert!(der.len() > 4000);
    let card = VirtualCard::insert(CardSpec::jpki(der.clone())).expect("card");
    let v = read_json(&hoken(None, &["card", "read", "--json", "--wait", "15"]).unwrap()).unwrap();
    assert_eq!(v["certificate_expiry"], "2031-02-28", "{v}");
    let reads = card.commands().iter().filter(|c| c[1] == 0xB0).count();
    assert!(
        reads > der.len() / 256,
        "{reads} READ BINARY for {} bytes",
        der.len()
    );
    only_allowed_commands(&card).unwrap();
    card.remove();
    pcscd.stop();
}

#[test]
fn the_card_removed_midway() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let pcscd = Pcscd::start(&log_path("removed")).expect("pcscd");
    let mut spec = CardSpec::jpki(testcert::certificate(&CertSpec::auth(d("2030-06-01"))));
    spec.remove_on_read = Some(3);
    let card = VirtualCard::insert(spec).expect("card");
    let run = hoken(None, &["card", "read", "--wait", "15"]).unwrap();
    assert_eq!(run.code, 5, "{} {}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "no date: {}", run.stdout);
    assert!(
        run.stderr
            .contains("left the reader while it was being read"),
        "{}",
        run.stderr
    );
    drop(card);
    pcscd.stop();
}

#[test]
fn another_card_is_not_a_date() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let pcscd = Pcscd::start(&log_path("other-card")).expect("pcscd");
    // No JPKI application at all.
    let card = VirtualCard::insert(CardSpec::other()).expect("card");
    let run = hoken(None, &["card", "read", "--json", "--wait", "15"]).unwrap();
    assert_eq!(run.code, 5, "{} {}", run.stdout, run.stderr);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains("does not look like a My Number Card"),
        "{}",
        run.stderr
    );
    card.remove();
    // A JPKI-like applet whose certificate another CA issued.
    let mut spec = CertSpec::auth(d("2030-06-01"));
    spec.issuer = Issuer::Other;
    let card = VirtualCard::insert(CardSpec::jpki(testcert::certificate(&spec))).expect("card");
    let run = hoken(None, &["card", "read", "--wait", "15"]).unwrap();
    assert_eq!(run.code, 5, "{} {}", run.stdout, run.stderr);
    assert!(run.stderr.contains("My Number Card"), "{}", run.stderr);
    card.remove();
    pcscd.stop();
}

#[test]
fn no_card_on_the_reader() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let pcscd = Pcscd::start(&log_path("no-card")).expect("pcscd");
    let run = hoken(None, &["card", "read", "--wait", "1"]).unwrap();
    assert_eq!(run.code, 5, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("Put the card on the reader"),
        "{}",
        run.stderr
    );
    pcscd.stop();
}

#[test]
fn no_reader_when_pcscd_is_stopped() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    assert!(!Pcscd::running(), "a pcscd is running");
    let run = hoken(None, &["card", "read", "--wait", "1"]).unwrap();
    assert_eq!(run.code, 5, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("No IC card reader was found"),
        "{}",
        run.stderr
    );
    let run = hoken(None, &["card", "readers", "--json"]).unwrap();
    assert_eq!(run.stdout.trim(), r#"{"readers":[]}"#);
}

#[test]
fn a_reader_held_by_another_program_is_busy() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let pcscd = Pcscd::start(&log_path("busy")).expect("pcscd");
    let card = VirtualCard::insert(CardSpec::jpki(testcert::certificate(&CertSpec::auth(d(
        "2030-06-01",
    )))))
    .expect("card");
    // Another program connects to the card exclusively.
    let ctx = pcsc::Context::establish(pcsc::Scope::User).expect("PC/SC");
    let readers = ctx.list_readers_owned().expect("readers");
    let held = (0..100)
        .find_map(|_| {
            let r = readers.iter().find_map(|r| {
                ctx.connect(r, pcsc::ShareMode::Exclusive, pcsc::Protocols::ANY)
                    .ok()
            });
            if r.is_none() {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            r
        })
        .expect("the emulated card, held exclusively");
    let run = hoken(None, &["card", "read", "--wait", "3"]).unwrap();
    assert_eq!(run.code, 5, "{} {}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("Another program is using the IC card reader"),
        "{}",
        run.stderr
    );
    drop(held);
    card.remove();
    pcscd.stop();
}

/// `member edit ID --cert-expiry-from-card` stores the card's date, marked as read from the
/// card; it wins over the computed one and moves the deadlines.
#[test]
fn member_edit_takes_the_date_from_the_card() {
    let _turn = READER.lock().unwrap_or_else(|e| e.into_inner());
    let keep = tempfile::tempdir().unwrap();
    let dir = keep.path().join("wallet");
    std::fs::create_dir_all(&dir).unwrap();
    let run = hoken(Some(&dir), &["init", "--json"]).unwrap();
    assert_eq!(run.code, 0, "init: {}", run.stderr);
    let run = hoken(
        Some(&dir),
        &[
            "member",
            "add",
            "--name",
            "協会 花子",
            "--birth",
            "1980-06-01",
            "--issued",
            "2021-03-10",
        ],
    )
    .unwrap();
    assert_eq!(run.code, 0, "add: {}", run.stderr);
    let id = run.stdout.trim().to_string();
    let pcscd = Pcscd::start(&log_path("member-edit")).expect("pcscd");
    let card = VirtualCard::insert(CardSpec::jpki(testcert::certificate(&CertSpec::auth(d(
        "2026-02-10",
    )))))
    .expect("card");
    let run = hoken(
        Some(&dir),
        &["member", "edit", &id, "--cert-expiry-from-card"],
    )
    .unwrap();
    assert_eq!(run.code, 0, "edit: {}", run.stderr);
    assert!(run.stdout.contains("2026-02-10"), "{}", run.stdout);
    let run = hoken(Some(&dir), &["member", "show", &id, "--json"]).unwrap();
    let v: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(v["member"]["cert_expiry"], "2026-02-10", "{v}");
    assert_eq!(v["member"]["cert_expiry_from_card"], true, "{v}");
    let deadlines = v["deadlines"].as_array().unwrap();
    assert!(
        deadlines
            .iter()
            .any(|x| x["kind"] == "certificate_expiry" && x["date"] == "2026-02-10"),
        "{v}"
    );
    let run = hoken(Some(&dir), &["member", "show", &id]).unwrap();
    assert!(run.stdout.contains("read from the card"), "{}", run.stdout);
    card.remove();
    pcscd.stop();
    // Without a reader, the member is left as it was and the exit status says why.
    let run = hoken(
        Some(&dir),
        &["member", "edit", &id, "--cert-expiry-from-card"],
    )
    .unwrap();
    assert_eq!(run.code, 5, "{}", run.stderr);
    drop(keep);
}
