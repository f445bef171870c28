//! Crash safety of the app lock (the approach of crash.rs): a child process turns the lock
//! on and off in a loop (`set_pin`, then `unlock` + `remove_pin`) and is killed (SIGKILL) at a
//! random moment, again and again; the key store's write is also cut exactly, before and
//! after it lands. After every kill the vault must open with the old or the new setting —
//! with the keyring alone, or with the PIN — and hold both members, unchanged.
//!
//! `HOKEN_CRASH_ITERATIONS` (default 80) sets the number of kills, `HOKEN_CRASH_SEED` the seed.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hoken_core::vault::crypto::{from_hex, to_hex};
use hoken_core::vault::{KdfParams, KeyStore, Member, Opened, Pin, SecretKey, Vault};

const CHILD_ENV: &str = "HOKEN_CRASH_LOCK_CHILD";
const DIR_ENV: &str = "HOKEN_CRASH_LOCK_DIR";
/// Kill the child at its key store's Nth write: `before:N` or `after:N`.
const CUT_ENV: &str = "HOKEN_CRASH_LOCK_CUT";
const MARK: &str = "@crash:";
const PIN: &str = "246810";

/// A key store in a folder (one hex file per vault id), written atomically; the child may be
/// told to kill itself just before or just after a write.
struct FileKeyStore {
    dir: PathBuf,
    cut: Option<(bool, u32)>,
    writes: std::cell::Cell<u32>,
}

impl FileKeyStore {
    fn new(dir: &Path) -> FileKeyStore {
        let cut = std::env::var(CUT_ENV).ok().and_then(|v| {
            let (when, n) = v.split_once(':')?;
            Some((when == "before", n.parse().ok()?))
        });
        FileKeyStore {
            dir: dir.join("keys"),
            cut,
            writes: std::cell::Cell::new(0),
        }
    }

    fn path(&self, vault_id: &str) -> PathBuf {
        self.dir.join(format!("{vault_id}.key"))
    }

    fn maybe_die(&self, before: bool) {
        if let Some((b, n)) = self.cut {
            if b == before && n == self.writes.get() {
                // SIGKILL ourselves: nothing after this point happens.
                let _ = Command::new("kill")
                    .args(["-9", &std::process::id().to_string()])
                    .status();
                std::thread::sleep(Duration::from_secs(5));
            }
        }
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
        self.writes.set(self.writes.get() + 1);
        self.maybe_die(true);
        fs::create_dir_all(&self.dir).unwrap();
        hoken_core::vault::atomic_write(
            &self.path(vault_id),
            to_hex(&key.expose()[..]).as_bytes(),
        )?;
        self.maybe_die(false);
        Ok(())
    }
    fn delete(&self, vault_id: &str) -> hoken_core::Result<()> {
        let _ = fs::remove_file(self.path(vault_id));
        Ok(())
    }
}

fn vault_dir(dir: &Path) -> PathBuf {
    dir.join("vault")
}

fn pin() -> Pin {
    Pin::parse(PIN).unwrap()
}

/// Opens the vault with the old or the new setting and checks both members; returns whether
/// the lock is on.
fn check_vault(dir: &Path) -> bool {
    let keys = FileKeyStore::new(dir);
    let (v, on) = match Vault::open_or_locked(&vault_dir(dir), &keys).expect("the vault opens") {
        Opened::Open(v) => (v, false),
        Opened::Locked(l) => (l.unlock(&pin()).expect("the PIN opens it"), true),
    };
    assert_eq!(v.pin_enabled(), on);
    let all = v.list_members().expect("the member index parses");
    assert_eq!(all.len(), 2, "both members are there");
    assert_eq!(all[0].number.as_deref(), Some("12345678"));
    assert_eq!(all[1].name, "協会 花子");
    on
}

#[test]
#[ignore = "run by lock_set_and_remove_survive_sigkill in a child process"]
fn crash_lock_child() {
    if std::env::var(CHILD_ENV).as_deref() != Ok("1") {
        return;
    }
    let dir = PathBuf::from(std::env::var(DIR_ENV).unwrap());
    let keys = FileKeyStore::new(&dir);
    println!("{MARK}started");
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match Vault::open_or_locked(&vault_dir(&dir), &keys).unwrap() {
            Opened::Open(mut v) => {
                v.set_pin(&pin(), KdfParams::insecure_for_tests(), &keys)
                    .unwrap();
                println!("{MARK}set");
            }
            Opened::Locked(l) => {
                let mut v = l.unlock(&pin()).unwrap();
                v.remove_pin(&keys).unwrap();
                println!("{MARK}removed");
            }
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn spawn_child(dir: &Path, cut: Option<String>) -> std::process::Child {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = Command::new(exe);
    cmd.args(["--exact", "crash_lock_child", "--ignored", "--nocapture"])
        .args(["--test-threads", "1"])
        .env(CHILD_ENV, "1")
        .env(DIR_ENV, dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match cut {
        Some(c) => cmd.env(CUT_ENV, c),
        None => cmd.env_remove(CUT_ENV),
    };
    cmd.spawn().unwrap()
}

fn wait_started(child: &mut std::process::Child) -> BufReader<std::process::ChildStdout> {
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        if out.read_line(&mut line).unwrap() == 0 {
            let mut err = String::new();
            let _ = child.stderr.take().unwrap().read_to_string(&mut err);
            panic!("the child ended before starting:\n{err}");
        }
        if line.contains(&format!("{MARK}started")) {
            return out;
        }
    }
}

#[test]
fn lock_set_and_remove_survive_sigkill() {
    let iterations: usize = std::env::var("HOKEN_CRASH_ITERATIONS")
        .ok()
        .map(|s| s.parse().expect("a number"))
        .unwrap_or(80);
    let seed: u64 = std::env::var("HOKEN_CRASH_SEED")
        .ok()
        .map(|s| s.parse().expect("a number"))
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
        })
        | 1;
    eprintln!("lock crash test: {iterations} kills, HOKEN_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let keys = FileKeyStore::new(dir);
    let (v, _) =
        Vault::create_with_params(&vault_dir(dir), &keys, KdfParams::insecure_for_tests()).unwrap();
    let birth = chrono::NaiveDate::from_ymd_opt(1965, 10, 1).unwrap();
    for (name, number) in [("協会 太郎", Some("12345678")), ("協会 花子", None)] {
        v.add_member(Member {
            name: name.into(),
            birth,
            number: number.map(str::to_string),
            ..Member::default()
        })
        .unwrap();
    }
    drop(v);
    let mut on = check_vault(dir);

    // Exactly at the key store's write, before and after it lands: for `set` (the lock
    // off) and for `remove` (the lock on), the child's first write is the one under way.
    for round in 0..4 {
        let when = if round % 2 == 0 { "before" } else { "after" };
        let was_on = on;
        let mut child = spawn_child(dir, Some(format!("{when}:1")));
        let _ = wait_started(&mut child);
        child.wait().unwrap();
        on = check_vault(dir);
        let expected = if when == "before" { was_on } else { !was_on };
        assert_eq!(
            on, expected,
            "cut {when} the keyring write (lock was on: {was_on})"
        );
    }

    // At random moments.
    let (mut sets, mut removes, mut flips) = (0, 0, 0);
    for round in 0..iterations {
        let mut child = spawn_child(dir, None);
        let mut out = wait_started(&mut child);
        std::thread::sleep(Duration::from_micros(rng.next() % 80_001));
        child.kill().unwrap();
        child.wait().unwrap();
        let mut rest = String::new();
        out.read_to_string(&mut rest).unwrap();
        sets += rest.matches(&format!("{MARK}set")).count();
        removes += rest.matches(&format!("{MARK}removed")).count();
        let now = check_vault(dir);
        flips += usize::from(now != on);
        on = now;
        assert!(
            !rest.contains("panicked"),
            "round {round}: the child failed:\n{rest}"
        );
    }
    let leftovers = fs::read_dir(vault_dir(dir))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    eprintln!(
        "lock crash test: {iterations} kills, {sets} sets and {removes} removes reported, \
         {flips} kills changed the setting, {leftovers} temporary files left"
    );
}
