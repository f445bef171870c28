//! At the counter, through Tauri's IPC on the mock runtime (see ipc.rs for the runtime's
//! quirks): home's `family_status` and the member screen's `get_member` carry each member's
//! newest document; clinic mode's comforts (`keep_awake`, `set_fullscreen`) answer without
//! ever failing; and the shipped capability lets the main window call them.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use serde_json::{json, Value};
use std::sync::Arc;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

use hoken_core::testdoc::{pdf, Layout, Screen};
use hoken_core::vault::{KdfParams, MemoryKeyStore};
use hoken_wallet_lib::protocol::respond;
use hoken_wallet_lib::state::AppState;

struct TestApp {
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

impl TestApp {
    fn on(state: AppState, context: tauri::Context<MockRuntime>) -> TestApp {
        let app = hoken_wallet_lib::builder::<MockRuntime>(state)
            .build(context)
            .expect("the app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the main window opens");
        TestApp { app, window }
    }

    fn invoke(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: if cfg!(any(windows, target_os = "android")) {
                "http://tauri.localhost"
            } else {
                "tauri://localhost"
            }
            .parse()
            .unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: self.app.invoke_key().to_string(),
        };
        tauri::test::get_ipc_response(&self.window, request)
            .map(|b| b.deserialize::<Value>().expect("the command answers JSON"))
    }
}

fn state(dir: &std::path::Path) -> AppState {
    AppState::with_kdf(
        dir.to_path_buf(),
        Arc::new(MemoryKeyStore::new()),
        KdfParams::insecure_for_tests(),
    )
}

/// Imports a generated screen the way the UI does (inspect, then confirm); returns the member.
fn import(t: &TestApp, dir: &std::path::Path, name: &str, screen: &Screen) -> String {
    let file = dir.join(name);
    std::fs::write(&file, pdf(screen, Layout::Table)).expect("written");
    let token = {
        use tauri::Manager;
        t.app
            .state::<AppState>()
            .grant_file(file.clone())
            .expect("a token")
    };
    let p = t
        .invoke("inspect_document", json!({"token": token}))
        .expect("previewed");
    let done = t
        .invoke(
            "confirm_import",
            json!({"previewId": p["preview_id"], "form": p["preview"]["form"],
                   "asOf": p["preview"]["as_of"], "target": {"kind": "auto"}}),
        )
        .expect("stored");
    done["member_id"].as_str().expect("member").to_string()
}

#[test]
fn home_and_member_screen_carry_the_newest_document() {
    let data = tempfile::tempdir().expect("temp dir");
    let files = tempfile::tempdir().expect("temp dir");
    let app_state = state(data.path());
    let t = TestApp::on(app_state.clone(), mock_context(noop_assets()));
    t.invoke("create_vault", json!({})).expect("created");
    t.invoke(
        "add_member",
        json!({"form": {"name": "協会 花子", "birth": "昭和42年3月15日", "relation": "家族"}}),
    )
    .expect("added");
    let taro = import(&t, files.path(), "old.pdf", &Screen::taro());
    let mut newer = Screen::taro();
    newer.as_of = "令和7年1月5日時点".into();
    assert_eq!(import(&t, files.path(), "new.pdf", &newer), taro);

    let family = t.invoke("family_status", json!({})).expect("status");
    let members = family["members"].as_array().expect("members");
    let card = members
        .iter()
        .find(|m| m["id"] == taro.as_str())
        .expect("太郎");
    assert_eq!(card["document"]["as_of"], "2025-01-05", "the newest one");
    let hanako = members
        .iter()
        .find(|m| m["id"] != taro.as_str())
        .expect("花子");
    assert_eq!(hanako["document"], Value::Null);

    // The thumbnail the card shows is served.
    let doc = card["document"]["id"].as_str().expect("id");
    let thumb = respond(&app_state, &format!("/doc/{doc}/thumbnail"));
    assert_eq!(thumb.status(), 200);
    assert!(card["document"]["thumb_width"].as_u64().unwrap_or(0) > 0);

    let detail = t.invoke("get_member", json!({"id": taro})).expect("member");
    assert_eq!(detail["status"]["document"]["id"], doc);
    assert_eq!(detail["member"]["insurer_number"], "01010016");
    let docs = t
        .invoke("member_documents", json!({"memberId": taro}))
        .expect("documents");
    assert_eq!(docs.as_array().map(Vec::len), Some(2));
    assert_eq!(docs[0]["id"], doc, "the list's first is the card's");
}

#[test]
fn clinic_comforts_never_fail() {
    let data = tempfile::tempdir().expect("temp dir");
    let t = TestApp::on(state(data.path()), mock_context(noop_assets()));
    // Whether this machine has a screen saver to ask or not: an answer, never an error.
    for on in [true, true, false, false] {
        let held = t
            .invoke("keep_awake", json!({ "on": on }))
            .expect("answers");
        assert!(held.is_boolean(), "{held}");
        if !on {
            assert_eq!(held, false);
        }
    }
    for on in [true, false] {
        let changed = t
            .invoke("set_fullscreen", json!({ "on": on }))
            .expect("answers");
        assert!(changed.is_boolean(), "{changed}");
    }
}

#[test]
fn the_shipped_capability_allows_the_counter_commands() {
    let data = tempfile::tempdir().expect("temp dir");
    let t = TestApp::on(state(data.path()), tauri::generate_context!());
    for (cmd, body) in [
        ("keep_awake", json!({"on": false})),
        ("set_fullscreen", json!({"on": false})),
        ("print_page", json!({})),
        ("bench_mode", json!({})),
    ] {
        t.invoke(cmd, body)
            .unwrap_or_else(|e| panic!("default.json allows {cmd}: {e}"));
    }
}
