//! The file dialogs' test seam (`HOKEN_WALLET_SAVE_FILE` / `HOKEN_WALLET_PICK_FILE`) is in
//! test builds only: the cargo feature `test-seams`, which the crate's dev-dependency on
//! itself turns on for `cargo test` (and so for the app the e2e tests drive), and which a
//! release build — the normal dependency graph, no dev-dependencies — never gets.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use std::process::Command;

/// `cargo tree`'s features of hoken-wallet itself over the given edges.
fn features(edges: &str) -> String {
    let out = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "tree",
            "-p",
            "hoken-wallet",
            "--edges",
            edges,
            "--invert",
            "hoken-wallet",
            "--prefix",
            "none",
            // The host's graph only: `--target all` would need every platform's crates
            // downloaded, which a fresh clone's build has not done (and --offline forbids).
            "--offline",
            "--locked",
        ])
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_test_build_has_the_seam_and_a_release_build_does_not() {
    const {
        assert!(
            hoken_wallet_lib::commands::dialog::TEST_SEAMS,
            "cargo test builds hoken-wallet with the test seam"
        )
    };
    // `cargo build --release` resolves the normal graph: no test-seams.
    let release = features("normal,build,features");
    assert!(
        release.contains("hoken-wallet feature \"default\""),
        "{release}"
    );
    assert!(!release.contains("test-seams"), "{release}");
    // The same query with dev-dependencies (a test build) shows it: the check can see it.
    let test = features("normal,build,dev,features");
    assert!(
        test.contains("hoken-wallet feature \"test-seams\""),
        "{test}"
    );
}
