const COMMANDS: &[&str] = &["available", "connect", "transceive", "close"];

fn main() {
    tauri_plugin::Builder::new(COMMANDS)
        .android_path("android")
        .ios_path("ios")
        .build();
}
