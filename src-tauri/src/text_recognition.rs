//! Phones read screenshots and photos with the platform's own text recognition — Vision on
//! iOS, ML Kit (Japanese) on Android — instead of Tesseract (docs/mobile.md, "Text
//! recognition"). This plugin registers the native code (src-tauri/mobile/text-recognition/)
//! and installs it as core's [`TextRecognizer`], so the importer's one path (prepare the image,
//! recognise, lines and cells, the same label reader and validators) runs on phones too.
//!
//! Not built on this project's CI (no Android SDK / Xcode there): see docs/mobile.md for what
//! remains to check on a device.

use std::time::Duration;

use hoken_core::import::ocr::{set_text_recognizer, TextRecognizer, Word};
use serde::{Deserialize, Serialize};
use tauri::plugin::{Builder, PluginHandle, TauriPlugin};
use tauri::Runtime;

#[cfg(target_os = "ios")]
tauri::ios_plugin_binding!(init_plugin_text_recognition);

/// What the native side is asked: the prepared image (8-bit grey, PNG, base64) and the time
/// it may take.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Request {
    png_base64: String,
    budget_ms: u64,
}

/// One word (ML Kit: an element; Vision: a recognised line) in the image's pixels, confidence
/// 0–1 as both platforms give it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct NativeWord {
    text: String,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    confidence: f64,
}

#[derive(Deserialize)]
struct Response {
    words: Vec<NativeWord>,
}

struct Platform<R: Runtime>(PluginHandle<R>);

impl<R: Runtime> TextRecognizer for Platform<R> {
    fn recognize(&self, image: &image::GrayImage, budget: Duration) -> Option<Vec<Word>> {
        use base64::Engine;
        let mut png = Vec::new();
        image
            .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
            .ok()?;
        let request = Request {
            png_base64: base64::engine::general_purpose::STANDARD.encode(&png),
            budget_ms: u64::try_from(budget.as_millis()).unwrap_or(u64::MAX),
        };
        let response: Response = self.0.run_mobile_plugin("recognize", request).ok()?;
        let px = |v: f64| v.max(0.0).round() as u32;
        Some(
            response
                .words
                .into_iter()
                .map(|w| Word {
                    text: w.text,
                    left: px(w.left),
                    top: px(w.top),
                    width: px(w.width),
                    height: px(w.height),
                    confidence: (w.confidence.clamp(0.0, 1.0) * 100.0) as f32,
                })
                .collect(),
        )
    }
}

/// The plugin: registers the native recognizer and hands it to core.
pub fn init<R: Runtime>() -> TauriPlugin<R> {
    Builder::new("text-recognition")
        .setup(|_app, api| {
            #[cfg(target_os = "android")]
            let handle =
                api.register_android_plugin("app.hoken.wallet.ocr", "TextRecognitionPlugin")?;
            #[cfg(target_os = "ios")]
            let handle = api.register_ios_plugin(init_plugin_text_recognition)?;
            set_text_recognizer(Box::new(Platform(handle)));
            Ok(())
        })
        .build()
}
