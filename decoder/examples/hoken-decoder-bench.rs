//! The app's import path and nothing else, for bench/import.sh: reads FILE, has it decoded by
//! the `hoken-decoder` child exactly as the app does (spawn with limits, request on stdin,
//! reply checked), and prints what came back and how the child ran.
//!
//! ```sh
//! cargo build --release -p hoken-decoder --bin hoken-decoder --example hoken-decoder-bench
//! target/release/examples/hoken-decoder-bench FILE      # one import
//! target/release/examples/hoken-decoder-bench --startup # an empty file: start-up only
//! ```
//! Exit status 2 when the file is refused.

use hoken_core::import::Limits;

fn main() {
    let arg = std::env::args().nth(1).unwrap_or_default();
    let (name, bytes) = if arg == "--startup" {
        ("empty".to_string(), Vec::new())
    } else {
        match std::fs::read(&arg) {
            Ok(b) => (arg.clone(), b),
            Err(e) => {
                eprintln!("{arg}: {e}");
                std::process::exit(1);
            }
        }
    };
    let (result, report) = hoken_decoder::inspect_with(
        &name,
        &bytes,
        &Limits::default(),
        &hoken_decoder::Options::default(),
    );
    eprintln!(
        "child: {:.1} ms, peak {} KB, {:?}",
        report.elapsed.as_secs_f64() * 1000.0,
        report.peak_rss_kb,
        report.failure
    );
    match result {
        Ok(doc) => println!("{doc:?}"),
        Err(e) if arg == "--startup" && e.kind() == "unsupported_file" => {}
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(if e.is_bad_input() { 2 } else { 1 });
        }
    }
}
