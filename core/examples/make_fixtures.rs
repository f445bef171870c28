//! Writes generated qualification screens (PDFs with a Japanese text layer) into a folder:
//! `cargo run -p hoken-core --example make_fixtures -- DIR` (bench/startup uses it).

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use hoken_core::testdoc::{pdf, Layout, Screen};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: make_fixtures DIR");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(&dir);
    let mut ichiro = Screen::hanako();
    ichiro.name = "協会 一郎".into();
    ichiro.kana = "キョウカイ イチロウ".into();
    ichiro.birth = "平成27年4月1日".into();
    ichiro.branch = "02".into();
    ichiro.acquired = "平成27年4月1日".into();
    let docs = [
        ("taro.pdf", Screen::taro(), Layout::Table),
        ("hanako.pdf", Screen::hanako(), Layout::Compact),
        ("ichiro.pdf", ichiro, Layout::Table),
    ];
    for (name, screen, layout) in docs {
        if let Err(e) = std::fs::write(dir.join(name), pdf(&screen, layout)) {
            eprintln!("{name}: {e}");
            std::process::exit(1);
        }
    }
}
