//! What the CLI tests share: running the real binary on a data dir, reading its JSON, and
//! checking a refusal. Tests that touch the keyring need an unlocked Secret Service: `make test`
//! runs them inside scripts/with-session.sh with HOKEN_REAL_KEYRING=1; a plain `cargo test`
//! skips them (see [`real_keyring`]).
#![allow(dead_code)] // each test binary uses a part

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_hoken-wallet");

/// Whether the real keyring may be used; says why a test is skipped when not.
pub fn real_keyring() -> bool {
    let on = std::env::var("HOKEN_REAL_KEYRING").is_ok_and(|v| v == "1");
    if !on {
        eprintln!("skipped: set HOKEN_REAL_KEYRING=1 inside scripts/with-session.sh");
    }
    on
}

pub fn session_script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/with-session.sh")
}

fn finish(mut cmd: Command, stdin: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("the binary ends")
}

/// Runs the CLI on `dir` with `stdin`; `fresh_session` runs it in a new D-Bus session with a
/// new, empty keyring and a new HOME: another computer, as far as the keyring knows.
pub fn run_in(dir: &Path, args: &[&str], stdin: &str, fresh_session: bool) -> Output {
    let mut cmd = if fresh_session {
        let mut c = Command::new(session_script());
        c.env_remove("HOKEN_SESSION_INNER").arg(BIN);
        c
    } else {
        Command::new(BIN)
    };
    cmd.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("HOKEN_WALLET_DATA_DIR");
    finish(cmd, stdin)
}

pub fn run_with(dir: &Path, args: &[&str], stdin: &str) -> Output {
    run_in(dir, args, stdin, false)
}

pub fn run(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, args, "", false)
}

/// Runs a shell script in a fresh session (empty keyring, new HOME) with `stdin`.
pub fn fresh_session_script(script: &str, stdin: &str) -> Output {
    let mut cmd = Command::new(session_script());
    cmd.env_remove("HOKEN_SESSION_INNER")
        .args(["sh", "-c", script]);
    finish(cmd, stdin)
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Standard output as JSON, after checking that the command succeeded.
pub fn json(out: Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

pub fn ok_json_with(dir: &Path, args: &[&str], stdin: &str) -> serde_json::Value {
    let out = run_with(dir, args, stdin);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

pub fn ok_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    ok_json_with(dir, args, "")
}

/// The exit status and the one-line message of a refused command.
pub fn refused(out: &Output, status: i32, needle: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(status), "{err}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
    assert!(!err.contains("panicked"), "{err}");
}
