//! Crash safety: a child process writes to the vault in a loop and is killed (SIGKILL on
//! Unix) at a random moment, again and again; after every kill the vault must open, every
//! item must decrypt, the member index must parse, and what it holds must be the state
//! before or after the write that was under way — never garbage, never a mix.
//!
//! The child is this test binary itself, re-executed with `--exact crash_child --ignored`
//! and `HOKEN_CRASH_CHILD=1`. Each round it reads the counter `n` from the vault and then
//! writes (after finishing the document `n` if the last child died before it), for
//! `c = n+1, n+2, …`: the member (its 番号 field is `c`), then the ~100 KB
//! document `counter` (whose whole content is a function of `c`), printing a line after
//! each write has returned. The parent kills it 0–30 ms after it says it has started.
//!
//! `HOKEN_CRASH_ITERATIONS` (default 200) sets the number of kills, `HOKEN_CRASH_SEED` the
//! random seed (printed, to repeat a failure). `bench/crash.sh` runs the long variant.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hoken_core::vault::crypto::{from_hex, to_hex};
use hoken_core::vault::{ItemKind, KdfParams, KeyStore, Member, SecretKey, Vault, ITEMS_DIR};

const CHILD_ENV: &str = "HOKEN_CRASH_CHILD";
const DIR_ENV: &str = "HOKEN_CRASH_DIR";
const DOC_ID: &str = "counter";
const DOC_LEN: usize = 100 * 1024;
/// Marks the child's protocol lines among libtest's own output.
const MARK: &str = "@crash:";

/// A key store in a folder: one file of hex per vault id. The child gets the key through it
/// (the OS keyring is tested elsewhere; this test is about files).
struct FileKeyStore(PathBuf);

impl FileKeyStore {
    fn path(&self, vault_id: &str) -> PathBuf {
        self.0.join(format!("{vault_id}.key"))
    }
}

impl KeyStore for FileKeyStore {
    fn get(&self, vault_id: &str) -> hoken_core::Result<Option<SecretKey>> {
        match fs::read_to_string(self.path(vault_id)) {
            Ok(hex) => Ok(from_hex(hex.trim()).and_then(|b| SecretKey::from_slice(&b))),
            Err(_) => Ok(None),
        }
    }
    fn set(&self, vault_id: &str, key: &SecretKey) -> hoken_core::Result<()> {
        fs::create_dir_all(&self.0).unwrap();
        fs::write(self.path(vault_id), to_hex(&key.expose()[..])).unwrap();
        Ok(())
    }
    fn delete(&self, vault_id: &str) -> hoken_core::Result<()> {
        let _ = fs::remove_file(self.path(vault_id));
        Ok(())
    }
}

fn keys_of(dir: &Path) -> FileKeyStore {
    FileKeyStore(dir.join("keys"))
}

fn vault_dir(dir: &Path) -> PathBuf {
    dir.join("vault")
}

/// The document's content for counter `c`: a header line, then bytes from a generator
/// seeded with `c`, so any other content (a mix of two writes, zeros, garbage) is noticed.
fn document(c: u64) -> Vec<u8> {
    let mut out = format!("counter={c}\n").into_bytes();
    let mut x = c.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    while out.len() < DOC_LEN {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out.extend_from_slice(&x.to_le_bytes());
    }
    out.truncate(DOC_LEN);
    out
}

fn doc_counter(bytes: &[u8]) -> u64 {
    let line = bytes.split(|&b| b == b'\n').next().unwrap();
    let c: u64 = std::str::from_utf8(line)
        .unwrap()
        .strip_prefix("counter=")
        .unwrap()
        .parse()
        .unwrap();
    assert!(bytes == document(c), "document {c} is not what was written");
    c
}

fn the_member(v: &Vault) -> Member {
    let all = v.list_members().expect("the member index parses");
    assert_eq!(all.len(), 2, "the member index keeps both members");
    assert_eq!(all[1].name, "協会 花子", "the untouched member is intact");
    all.into_iter().next().unwrap()
}

fn member_counter(m: &Member) -> u64 {
    m.number.as_deref().unwrap().parse().unwrap()
}

/// Opens the vault and checks everything in it; returns (member counter, document counter).
fn check_vault(dir: &Path) -> (u64, u64) {
    let v = Vault::open(&vault_dir(dir), &keys_of(dir)).expect("the vault opens after a kill");
    // Every item file decrypts; temporary files are the only other entries.
    let items = vault_dir(dir).join(ITEMS_DIR);
    let mut seen = Vec::new();
    for e in fs::read_dir(&items).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        if name.starts_with('.') && name.ends_with(".tmp") {
            continue;
        }
        seen.push(name);
    }
    seen.sort();
    assert_eq!(
        seen,
        ["counter.bin", "members.bin"],
        "unexpected item files"
    );
    let m = member_counter(&the_member(&v));
    let doc = v
        .get_item(ItemKind::Document, DOC_ID)
        .expect("the document decrypts");
    (m, doc_counter(&doc))
}

/// The child: writes until it is killed (or, as a safety net, for at most 60 s).
#[test]
#[ignore = "run by crash_safety_under_sigkill in a child process"]
fn crash_child() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("1") {
        return;
    }
    let dir = PathBuf::from(std::env::var(DIR_ENV).unwrap());
    let v = Vault::open(&vault_dir(&dir), &keys_of(&dir)).unwrap();
    let mut member = the_member(&v);
    let start = member_counter(&member);
    let doc = doc_counter(&v.get_item(ItemKind::Document, DOC_ID).unwrap());
    println!("{MARK}started {start}");
    if doc < start {
        // The last child died between the member and the document: finish that pair first.
        let t = Instant::now();
        v.put_item(ItemKind::Document, DOC_ID, &document(start))
            .unwrap();
        println!("{MARK}doc {start} {}", t.elapsed().as_micros());
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut c = start;
    while Instant::now() < deadline {
        c += 1;
        member.number = Some(c.to_string());
        let t = Instant::now();
        v.update_member(member.clone()).unwrap();
        println!("{MARK}member {c} {}", t.elapsed().as_micros());
        let doc = document(c);
        let t = Instant::now();
        v.put_item(ItemKind::Document, DOC_ID, &doc).unwrap();
        println!("{MARK}doc {c} {}", t.elapsed().as_micros());
    }
}

/// xorshift64*: enough randomness for kill times, with a seed to print.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

#[test]
fn crash_safety_under_sigkill() {
    let iterations: usize = std::env::var("HOKEN_CRASH_ITERATIONS")
        .ok()
        .map(|s| s.parse().expect("HOKEN_CRASH_ITERATIONS is a number"))
        .unwrap_or(200);
    let seed: u64 = std::env::var("HOKEN_CRASH_SEED")
        .ok()
        .map(|s| s.parse().expect("HOKEN_CRASH_SEED is a number"))
        .unwrap_or_else(|| {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap();
            t.as_nanos() as u64 ^ u64::from(std::process::id())
        })
        | 1;
    eprintln!("crash test: {iterations} kills, HOKEN_CRASH_SEED={seed}");
    let mut rng = Rng(seed);

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (v, _) = Vault::create_with_params(
        &vault_dir(dir),
        &keys_of(dir),
        KdfParams::insecure_for_tests(),
    )
    .unwrap();
    let birth = chrono::NaiveDate::from_ymd_opt(1965, 10, 1).unwrap();
    v.add_member(Member {
        name: "協会 太郎".into(),
        birth,
        number: Some("0".into()),
        ..Member::default()
    })
    .unwrap();
    v.add_member(Member {
        name: "協会 花子".into(),
        birth,
        ..Member::default()
    })
    .unwrap();
    v.put_item(ItemKind::Document, DOC_ID, &document(0))
        .unwrap();
    drop(v);

    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let (mut writes, mut unreported_member, mut unreported_doc) = (0u64, 0u64, 0u64);
    let (mut m0, mut d0) = check_vault(dir);
    let (mut startup, mut write_us, mut reported) = (Duration::ZERO, 0u64, 0u64);
    for round in 0..iterations {
        let spawned = Instant::now();
        let mut child = Command::new(&exe)
            .args(["--exact", "crash_child", "--ignored", "--nocapture"])
            .args(["--test-threads", "1"])
            .env(CHILD_ENV, "1")
            .env(DIR_ENV, dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            if out.read_line(&mut line).unwrap() == 0 {
                let mut err = String::new();
                let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                panic!("round {round}: the child ended before starting:\n{err}");
            }
            if line.contains(&format!("{MARK}started")) {
                break;
            }
        }
        startup += spawned.elapsed();
        std::thread::sleep(Duration::from_micros(rng.next() % 30_001));
        child.kill().unwrap();
        child.wait().unwrap();

        // What the child reported as done (the pipe keeps it after the kill).
        let (mut member_done, mut doc_done) = (m0, d0);
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        for l in rest.lines() {
            let Some(at) = l.find(MARK) else { continue };
            // "member C MICROS" / "doc C MICROS": counter C written in MICROS µs.
            let mut words = l[at + MARK.len()..].split_whitespace();
            let what = words.next();
            let mut num = || words.next().map(|n| n.parse::<u64>().unwrap());
            match (what, num(), num()) {
                (Some("member"), Some(c), Some(us)) => (member_done, write_us) = (c, write_us + us),
                (Some("doc"), Some(c), Some(us)) => (doc_done, write_us) = (c, write_us + us),
                other => panic!("round {round}: unexpected line {l:?} ({other:?})"),
            }
            reported += 1;
        }

        let (m, d) = check_vault(dir);
        // The write under way when the child died either happened entirely or not at all.
        assert!(
            m == member_done || m == member_done + 1,
            "round {round}: member counter {m}, child had written {member_done}"
        );
        assert!(
            d == doc_done || d == doc_done + 1,
            "round {round}: document counter {d}, child had written {doc_done}"
        );
        // The child writes the member before the document of the same counter.
        assert!(
            d == m || d + 1 == m,
            "round {round}: member {m}, document {d}"
        );
        assert!(m >= m0 && d >= d0, "round {round}: went back in time");
        writes += (m - m0) + (d - d0);
        unreported_member += u64::from(m == member_done + 1);
        unreported_doc += u64::from(d == doc_done + 1);
        (m0, d0) = (m, d);
    }
    let leftovers = fs::read_dir(vault_dir(dir).join(ITEMS_DIR))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().ends_with(".tmp")
        })
        .count();
    eprintln!(
        "crash test: {iterations} kills in {:.1} s (child start-up {:.1} ms on average), \
         {writes} writes survived ({reported} reported, {:.1} ms each on average), \
         {unreported_member}+{unreported_doc} kills between rename and report, \
         {leftovers} temporary files left",
        started.elapsed().as_secs_f64(),
        startup.as_secs_f64() * 1000.0 / iterations.max(1) as f64,
        write_us as f64 / 1000.0 / reported.max(1) as f64,
    );
}
