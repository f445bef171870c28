//! The command-line interface (same binary as the app).

pub fn run() -> i32 {
    eprintln!("not yet");
    1
}
