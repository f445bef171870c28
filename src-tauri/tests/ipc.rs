//! The app's commands through Tauri's IPC on the mock runtime: the same builder as the real app
//! (`hoken_wallet_lib::builder`), the same command names and argument names the UI sends, and
//! the JSON shapes the UI reads back (`{kind, message, message_ja}` on errors).
//!
//! Notes on the mock runtime (tauri 2.x):
//! - `hoken_wallet_lib::builder()` is `Builder::new()`, which draws a random invoke key (only
//!   `tauri::test::mock_builder()` uses `tauri::test::INVOKE_KEY`), so requests carry
//!   `app.invoke_key()`; a wrong key makes Tauri drop the request without any answer.
//! - The request URL must be local to the app: `tauri://localhost` on Linux and macOS.
//! - `mock_context` carries an empty ACL (no app manifest, no capabilities), and Tauri lets local
//!   origins call app commands when the app has no ACL manifest, so the commands are reachable
//!   there without touching capabilities/default.json. The last tests build the app with the
//!   real `generate_context!()` instead, so the shipped capability is checked as well: allowed
//!   for the `main` window, denied for any other.

#![allow(clippy::unwrap_used)] // test code: a failed unwrap is a failed test

use serde_json::{json, Value};
use std::sync::Arc;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{mock_context, noop_assets, MockRuntime};
use tauri::webview::InvokeRequest;

use hoken_core::vault::{KdfParams, MemoryKeyStore};
use hoken_wallet_lib::state::AppState;
use tauri::{App, WebviewWindow, WebviewWindowBuilder};

/// The app as the mock-runtime tests see it, with its `main` window.
struct TestApp {
    // Kept alive for the window's sake.
    app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    _data: tempfile::TempDir,
}

/// The app's state over a fresh data folder and an in-memory key store (the real keyring is
/// tested in core/tests/keyring.rs and tests/vault_cli.rs).
fn state(dir: &std::path::Path, keys: Arc<MemoryKeyStore>) -> AppState {
    AppState::with_kdf(dir.to_path_buf(), keys, KdfParams::insecure_for_tests())
}

impl TestApp {
    /// The app's builder with the mock context (no ACL).
    fn mock() -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        TestApp::mock_on(data, Arc::new(MemoryKeyStore::new()))
    }

    /// On a given data folder and key store: two apps on one folder are two computers.
    fn mock_on(data: tempfile::TempDir, keys: Arc<MemoryKeyStore>) -> Self {
        let app_state = state(data.path(), keys);
        TestApp::mock_with(app_state, data)
    }

    /// Over a given state (shared with the test, e.g. for `protocol::respond`).
    fn mock_with(app_state: AppState, data: tempfile::TempDir) -> Self {
        let app = hoken_wallet_lib::builder::<MockRuntime>(app_state)
            .build(mock_context(noop_assets()))
            .expect("the app builds on the mock runtime");
        let window = WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the main window opens on the mock runtime");
        TestApp {
            app,
            window,
            _data: data,
        }
    }

    /// The app's builder with the real context: tauri.conf.json, ui/dist and the capabilities.
    fn with_real_context() -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let app = hoken_wallet_lib::builder::<MockRuntime>(state(
            data.path(),
            Arc::new(MemoryKeyStore::new()),
        ))
        .build(tauri::generate_context!())
        .expect("the app builds with its real context");
        // tauri.conf.json's windows are only created when the app runs (its setup), so the
        // test opens the `main` window from that same configuration.
        let config = app
            .config()
            .app
            .windows
            .iter()
            .find(|w| w.label == "main")
            .cloned();
        let config = config.expect("tauri.conf.json declares the main window");
        let window = WebviewWindowBuilder::from_config(&app, &config)
            .expect("the main window's configuration is valid")
            .build()
            .expect("the main window opens on the mock runtime");
        TestApp {
            app,
            window,
            _data: data,
        }
    }

    fn other_window(&self, label: &str) -> WebviewWindow<MockRuntime> {
        WebviewWindowBuilder::new(&self.app, label, Default::default())
            .build()
            .expect("a second window opens on the mock runtime")
    }

    fn request(&self, cmd: &str, body: Value) -> InvokeRequest {
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin on Linux/macOS (Windows and Android use http://tauri.localhost).
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
        }
    }

    /// The token the window gets for a file the user chose or dropped (the dialog and the
    /// drop handler hand out the same kind): the window never names a path.
    fn grant(&self, path: &std::path::Path) -> String {
        use tauri::Manager;
        self.app
            .state::<AppState>()
            .grant_file(path.to_path_buf())
            .expect("a token")
    }

    /// Calls a command from the main window; Ok is the command's value, Err its error JSON.
    fn invoke(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        self.invoke_from(&self.window, cmd, body)
    }

    fn invoke_from(
        &self,
        window: &WebviewWindow<MockRuntime>,
        cmd: &str,
        body: Value,
    ) -> Result<Value, Value> {
        tauri::test::get_ipc_response(window, self.request(cmd, body))
            .map(|b| b.deserialize::<Value>().expect("the command answers JSON"))
    }
}

/// Asserts an error is `{kind, message, message_ja}` with the given kind and both messages.
fn assert_error_payload(err: &Value, kind: &str) {
    assert_eq!(err["kind"], kind, "error kind in {err}");
    for field in ["message", "message_ja"] {
        let text = err[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} is a string in {err}"));
        assert!(!text.trim().is_empty(), "{field} is empty in {err}");
    }
    let keys: Vec<&String> = err
        .as_object()
        .expect("the error is an object")
        .keys()
        .collect();
    assert_eq!(
        keys.len(),
        3,
        "the error has exactly kind, message, message_ja: {err}"
    );
}

#[test]
fn check_deadlines_computes_certificate_expiry_and_grace_end() {
    let t = TestApp::mock();
    let res = t
        .invoke(
            "check_deadlines",
            json!({"request": {"birth": "1980-06-01", "issued": "2021-03-10", "today": "2025-01-01"}}),
        )
        .unwrap_or_else(|e| panic!("check_deadlines failed: {e}"));
    assert_eq!(res["dates"]["certificate_expiry"], "2025-06-01", "in {res}");
    assert_eq!(res["dates"]["grace_end"], "2025-09-30", "in {res}");
    assert_eq!(res["birth"]["iso"], "1980-06-01", "in {res}");
    assert!(
        res.get("timeline").is_some(),
        "the result has a timeline: {res}"
    );
}

#[test]
fn check_deadlines_accepts_era_dates() {
    let t = TestApp::mock();
    let res = t
        .invoke(
            "check_deadlines",
            json!({"request": {"birth": "昭和55年6月1日", "issued": "2021-03-10", "today": "2025-01-01"}}),
        )
        .unwrap_or_else(|e| panic!("check_deadlines failed: {e}"));
    assert_eq!(res["dates"]["certificate_expiry"], "2025-06-01", "in {res}");
    assert_eq!(res["dates"]["grace_end"], "2025-09-30", "in {res}");
}

#[test]
fn check_deadlines_rejects_an_impossible_era_date() {
    let t = TestApp::mock();
    let err = t
        .invoke(
            "check_deadlines",
            json!({"request": {"birth": "昭和65年1月1日", "issued": "2021-03-10", "today": "2025-01-01"}}),
        )
        .expect_err("昭和65年 does not exist (昭和 ended in its 64th year)");
    assert_error_payload(&err, "invalid_date");
}

#[test]
fn check_deadlines_without_the_request_argument_is_rejected() {
    // Tauri's own argument error (a string), not a panic: the UI must wrap its fields in `request`.
    let t = TestApp::mock();
    let err = t
        .invoke("check_deadlines", json!({"birth": "1980-06-01"}))
        .expect_err("the argument is named `request`");
    assert!(err.as_str().is_some_and(|s| s.contains("request")), "{err}");
}

#[test]
fn date_info_gives_both_notations() {
    let t = TestApp::mock();
    let res = t.invoke("date_info", json!({"input": "昭和40年10月1日"}));
    assert_eq!(
        res,
        Ok(json!({"iso": "1965-10-01", "era": "昭和40年10月1日"}))
    );
}

#[test]
fn date_info_through_assert_ipc_response() {
    let t = TestApp::mock();
    tauri::test::assert_ipc_response(
        &t.window,
        t.request("date_info", json!({"input": "1965-10-01"})),
        Ok(json!({"iso": "1965-10-01", "era": "昭和40年10月1日"})),
    );
}

#[test]
fn check_insurer_number_accepts_a_valid_number() {
    let t = TestApp::mock();
    let res = t.invoke("check_insurer_number", json!({"input": "01010016"}));
    assert_eq!(
        res,
        Ok(json!({"valid": true, "normalized": "01010016", "check_digit": 6}))
    );
}

#[test]
fn check_insurer_number_rejects_a_wrong_check_digit() {
    let t = TestApp::mock();
    let err = t
        .invoke("check_insurer_number", json!({"input": "01010017"}))
        .expect_err("the check digit of 0101001 is 6");
    assert_error_payload(&err, "invalid_insurer_number");
}

#[test]
fn app_info_has_name_and_version() {
    let t = TestApp::mock();
    let res = t
        .invoke("app_info", json!({}))
        .expect("app_info never fails");
    assert_eq!(res["name"], "Hoken Wallet", "in {res}");
    assert_eq!(res["version"], env!("CARGO_PKG_VERSION"), "in {res}");
}

#[test]
fn an_unknown_command_is_rejected() {
    let t = TestApp::mock();
    assert!(t.invoke("no_such_command", json!({})).is_err());
}

#[test]
fn a_remote_origin_cannot_call_app_commands() {
    // Even without an ACL, Tauri refuses app commands from a non-local origin.
    let t = TestApp::mock();
    let mut req = t.request("app_info", json!({}));
    req.url = "https://example.com".parse().unwrap();
    let res = tauri::test::get_ipc_response(&t.window, req);
    assert!(res.is_err(), "a remote page reached app_info: {res:?}");
}

// The shipped capability (capabilities/default.json) through the real context.

#[test]
fn real_capabilities_allow_the_main_window() {
    let t = TestApp::with_real_context();
    let res = t
        .invoke("app_info", json!({}))
        .expect("default.json allows app_info for main");
    assert_eq!(res["version"], env!("CARGO_PKG_VERSION"));
}

#[test]
fn real_capabilities_deny_other_windows() {
    let t = TestApp::with_real_context();
    let other = t.other_window("other");
    let err = t
        .invoke_from(&other, "app_info", json!({}))
        .expect_err("default.json names the main window only");
    let text = err.as_str().unwrap_or_default();
    assert!(
        text.contains("app_info") || text.contains("not allowed"),
        "{err}"
    );
}

#[test]
fn first_run_members_and_status() {
    let t = TestApp::mock();
    let launch = t.invoke("launch", json!({})).expect("launch");
    assert_eq!(launch["vault"]["state"], "no_vault");
    assert_eq!(launch["home"], Value::Null);
    let err = t
        .invoke("family_status", json!({}))
        .expect_err("no vault yet");
    assert_error_payload(&err, "no_vault");

    let created = t.invoke("create_vault", json!({})).expect("created");
    let code = created["recovery_code"].as_str().expect("a code");
    assert_eq!(code.len(), 29, "{code}");
    assert_eq!(
        t.invoke("launch", json!({})).expect("launch")["vault"]["state"],
        "open"
    );

    let form = json!({"name": "協会 花子", "relation": "家族", "birth": "昭和42年3月15日",
        "cert_expiry": "2027-03-15", "insurer_number": "01010016"});
    let id = t
        .invoke("add_member", json!({"form": form}))
        .expect("added");
    let id = id.as_str().expect("an id").to_string();
    let family = t.invoke("family_status", json!({})).expect("family");
    assert_eq!(family["members"][0]["name"], "協会 花子");
    assert_eq!(family["members"][0]["relation"], "dependent");

    let detail = t.invoke("get_member", json!({"id": id})).expect("detail");
    assert_eq!(detail["form"]["birth"], "1967-03-15");
    assert_eq!(detail["member"]["cert_expiry"], "2027-03-15");
    let kinds: Vec<&str> = detail["status"]["deadlines"]
        .as_array()
        .expect("deadlines")
        .iter()
        .filter_map(|d| d["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"grace_end"), "{kinds:?}");

    let mut edited = detail["form"].clone();
    edited["kana"] = json!("キョウカイ ハナコ");
    t.invoke("update_member", json!({"id": id, "form": edited}))
        .expect("updated");
    let detail = t.invoke("get_member", json!({"id": id})).expect("detail");
    assert_eq!(detail["member"]["kana"], "キョウカイ ハナコ");

    let bad = json!({"name": "x", "birth": "昭和65年1月1日"});
    let err = t
        .invoke("add_member", json!({"form": bad}))
        .expect_err("impossible date");
    assert_error_payload(&err, "invalid_date");
    assert!(err["message_ja"]
        .as_str()
        .unwrap_or("")
        .starts_with("生年月日"));

    t.invoke("remove_member", json!({"id": id}))
        .expect("removed");
    let err = t.invoke("get_member", json!({"id": id})).expect_err("gone");
    assert_error_payload(&err, "not_found");
}

#[test]
fn a_vault_without_its_key_is_locked_until_recovered() {
    let data = tempfile::tempdir().expect("temp dir");
    let path = data.path().to_path_buf();
    let first = TestApp::mock_on(data, Arc::new(MemoryKeyStore::new()));
    let code = first.invoke("create_vault", json!({})).expect("created")["recovery_code"]
        .as_str()
        .expect("code")
        .to_string();
    first
        .invoke(
            "add_member",
            json!({"form": {"name": "太郎", "birth": "1965-10-01"}}),
        )
        .expect("added");

    // Another computer: the same folder, an empty keyring.
    let copy = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(copy.path().join("items")).expect("mkdir");
    std::fs::copy(path.join("vault.json"), copy.path().join("vault.json")).expect("copy");
    for item in std::fs::read_dir(path.join("items")).expect("items") {
        let item = item.expect("item").path();
        let name = item.file_name().expect("name");
        std::fs::copy(&item, copy.path().join("items").join(name)).expect("copy");
    }
    let keys = Arc::new(MemoryKeyStore::new());
    let second = TestApp::mock_on(copy, keys);
    let launch = second.invoke("launch", json!({})).expect("launch");
    assert_eq!(launch["vault"]["state"], "locked");
    assert_eq!(launch["vault"]["reason"]["kind"], "key_unavailable");
    assert_eq!(launch["home"], Value::Null);
    let err = second
        .invoke("create_vault", json!({}))
        .expect_err("never a new key over data");
    assert_error_payload(&err, "vault_exists");
    let err = second
        .invoke(
            "recover_vault",
            json!({"code": "0000-0000-0000-0000-0000-0000"}),
        )
        .expect_err("wrong code");
    assert_error_payload(&err, "wrong_recovery_code");
    second
        .invoke("recover_vault", json!({"code": code.to_lowercase()}))
        .expect("recovered");
    assert_eq!(
        second.invoke("launch", json!({})).expect("launch")["vault"]["state"],
        "open"
    );
    let family = second.invoke("family_status", json!({})).expect("family");
    assert_eq!(family["members"][0]["name"], "太郎");
}

/// A wallet (folder and key store) with 太郎 and one stored image, made without the app.
fn wallet_with_a_document() -> (
    tempfile::TempDir,
    Arc<MemoryKeyStore>,
    hoken_core::vault::DocumentMeta,
) {
    use hoken_core::vault::{DocumentKind, NewDocument, Vault};
    let data = tempfile::tempdir().expect("temp dir");
    let keys = Arc::new(MemoryKeyStore::new());
    let (vault, _) =
        Vault::create_with_params(data.path(), keys.as_ref(), KdfParams::insecure_for_tests())
            .expect("vault");
    let member = vault
        .add_member(hoken_core::vault::Member {
            name: "太郎".into(),
            birth: chrono::NaiveDate::from_ymd_opt(1965, 10, 1).expect("date"),
            ..Default::default()
        })
        .expect("member");
    let doc = vault
        .add_document(
            &member,
            NewDocument {
                kind: DocumentKind::Image,
                original: b"\x89PNG original",
                original_mime: "image/png",
                display: b"\xff\xd8 display",
                display_mime: "image/jpeg",
                thumbnail: b"\xff\xd8 thumb",
                thumbnail_mime: "image/jpeg",
                pages: 1,
                width: 10,
                height: 20,
                thumb_width: 5,
                thumb_height: 10,
                as_of: None,
                insurer_number: None,
            },
            chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date"),
        )
        .expect("document");
    (data, keys, doc)
}

#[test]
fn document_images_come_through_the_hoken_scheme_uncached() {
    use hoken_wallet_lib::protocol::respond;
    let (data, keys, doc) = wallet_with_a_document();
    let app = state(data.path(), keys);
    let r = respond(&app, &format!("/doc/{}/thumbnail", doc.id));
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.body().as_slice(), b"\xff\xd8 thumb");
    let r = respond(&app, &format!("/doc/{}/original", doc.id));
    assert_eq!(r.body().as_slice(), b"\x89PNG original");
    assert_eq!(respond(&app, "/doc/0000000000000000/display").status(), 404);
    assert_eq!(respond(&app, "/doc/../../etc/passwd").status(), 404);
    assert_eq!(
        respond(&app, &format!("/doc/{}/secret", doc.id)).status(),
        404
    );

    let locked = state(data.path(), Arc::new(MemoryKeyStore::new()));
    let r = respond(&locked, &format!("/doc/{}/thumbnail", doc.id));
    assert_eq!(r.status(), 423);
    assert!(!r.body().windows(4).any(|w| w == b"\xff\xd8 t"));
}

#[test]
fn launch_answers_with_home_prepared_at_start_then_afresh() {
    // A wallet made before the app starts (as `hoken-wallet init` and `import` would).
    let (data, keys, doc) = wallet_with_a_document();

    let app_state = state(data.path(), keys);
    app_state.prepare_launch();
    let t = TestApp::mock_with(app_state, data);
    let launch = t.invoke("launch", json!({})).expect("launch");
    assert_eq!(launch["vault"]["state"], "open");
    let home = &launch["home"];
    assert_eq!(home["family"]["members"][0]["name"], "太郎");
    assert_eq!(home["family"]["members"][0]["document"]["id"], doc.id);
    assert_eq!(
        home["thumbnails"][&doc.id], "data:image/jpeg;base64,/9ggdGh1bWI=",
        "the thumbnail comes inline"
    );

    // The prepared answer is used once: a later launch (a retry, a reload) reads afresh.
    t.invoke(
        "add_member",
        json!({"form": {"name": "花子", "birth": "1990-01-01"}}),
    )
    .expect("added");
    let again = t.invoke("launch", json!({})).expect("launch");
    assert_eq!(
        again["home"]["family"]["members"].as_array().map(Vec::len),
        Some(2)
    );
    let home = t.invoke("home", json!({})).expect("home");
    assert_eq!(home, again["home"]);
}

#[test]
fn import_flow_previews_then_stores_under_the_right_member() {
    use hoken_core::testdoc::{pdf, Layout, Screen};
    use hoken_wallet_lib::protocol::respond;
    let data = tempfile::tempdir().expect("temp dir");
    let keys = Arc::new(MemoryKeyStore::new());
    // One state for the mock app and for `respond` below.
    let app_state = state(data.path(), keys);
    let t = TestApp::mock_with(app_state.clone(), tempfile::tempdir().expect("temp dir"));
    t.invoke("create_vault", json!({})).expect("created");
    let file = data.path().join("taro.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table)).expect("written");

    let p = t
        .invoke("inspect_document", json!({"token": t.grant(&file)}))
        .expect("previewed");
    assert_eq!(p["file_name"], "taro.pdf");
    assert_eq!(p["preview"]["form"]["name"], "協会 太郎");
    assert_eq!(p["preview"]["form"]["birth"], "1965-10-01");
    assert_eq!(p["preview"]["as_of"], "2024-06-07");
    assert_eq!(p["preview"]["field_status"]["symbol"]["state"], "found");
    assert_eq!(p["preview"]["match"]["kind"], "new");
    let preview_id = p["preview_id"].as_str().expect("id").to_string();
    let shown = respond(&app_state, &format!("/pending/{preview_id}/display"));
    assert_eq!(shown.status(), 200);
    assert_eq!(shown.headers()["cache-control"], "no-store");

    let mut form = p["preview"]["form"].clone();
    form["kana"] = json!("キョウカイ タロウ");
    let done = t
        .invoke(
            "confirm_import",
            json!({"previewId": preview_id, "form": form, "asOf": "令和6年6月7日",
                   "target": {"kind": "auto"}}),
        )
        .expect("stored");
    assert_eq!(done["created"], true);
    let member = done["member_id"].as_str().expect("member").to_string();
    let docs = t
        .invoke("member_documents", json!({"memberId": member}))
        .expect("documents");
    assert_eq!(docs[0]["as_of"], "2024-06-07");
    let doc_id = docs[0]["id"].as_str().expect("doc");
    assert_eq!(
        respond(&app_state, &format!("/doc/{doc_id}/thumbnail")).status(),
        200
    );
    // The waiting copy is gone once stored.
    assert_eq!(
        respond(&app_state, &format!("/pending/{preview_id}/display")).status(),
        404
    );

    // A broken file: a clear error, nothing waits.
    let bad = data.path().join("scan.heic");
    std::fs::write(&bad, b"\0\0\0\x18ftypheic\0\0\0\0mif1heic").expect("written");
    let err = t
        .invoke("inspect_document", json!({"token": t.grant(&bad)}))
        .expect_err("refused");
    assert_error_payload(&err, "unsupported_file");
}

/// The window names no file: `inspect_document`, `qr_read` and `qr_store` take the token of
/// a file chosen or dropped in this run, and nothing else — not a path, not a made-up token,
/// not a token of another run; and a token for something that is not a regular file (a FIFO
/// would block the reader) is refused without opening it.
#[test]
fn commands_read_only_files_the_user_chose_or_dropped() {
    use hoken_core::testdoc::{pdf, Layout, Screen};
    let t = TestApp::mock();
    t.invoke("create_vault", json!({})).expect("created");
    let files = tempfile::tempdir().expect("temp dir");
    let file = files.path().join("taro.pdf");
    std::fs::write(&file, pdf(&Screen::taro(), Layout::Table)).expect("written");
    let path = file.to_str().expect("utf-8");
    for (cmd, body) in [
        ("inspect_document", json!({"token": path})),
        ("qr_read", json!({"token": path, "code": null})),
        ("qr_store", json!({"token": path, "code": null})),
        (
            "inspect_document",
            json!({"token": "0123456789abcdef0123456789abcdef"}),
        ),
    ] {
        let err = t.invoke(cmd, body).expect_err("not a granted file");
        assert_error_payload(&err, "invalid_input");
        assert!(
            err["message"]
                .as_str()
                .is_some_and(|m| m.contains("not chosen")),
            "{err}"
        );
    }
    // The old argument (a path) is not accepted either.
    t.invoke("inspect_document", json!({"path": path}))
        .expect_err("no path argument");
    // Another run (another app) does not know this run's tokens.
    let token = t.grant(&file);
    let other = TestApp::mock();
    other.invoke("create_vault", json!({})).expect("created");
    let err = other
        .invoke("inspect_document", json!({"token": token}))
        .expect_err("another run's token");
    assert_error_payload(&err, "invalid_input");
    t.invoke("inspect_document", json!({"token": token}))
        .expect("this run's token reads");
    // A folder (or a FIFO) behind a token: refused without reading.
    let err = t
        .invoke("inspect_document", json!({"token": t.grant(files.path())}))
        .expect_err("a folder");
    assert_error_payload(&err, "unsupported_file");
    #[cfg(unix)]
    {
        let fifo = files.path().join("fifo.pdf");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .is_ok_and(|s| s.success());
        if made {
            let err = t
                .invoke("qr_read", json!({"token": t.grant(&fifo), "code": null}))
                .expect_err("a FIFO");
            assert_error_payload(&err, "unsupported_file");
        }
    }
}

/// Receiving a QR code: read it (a locked one asks for its code), check and correct the
/// fields, then store it under the member the user chose (a new one even when one matches).
#[test]
fn qr_receive_reads_then_stores_the_confirmed_fields_where_the_user_chose() {
    use hoken_core::qr::{self, LockParams, QrRecord};
    use hoken_core::vault::Relation;
    let t = TestApp::mock();
    t.invoke("create_vault", json!({})).expect("created");
    let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let record = QrRecord {
        name: "協会 花子".into(),
        kana: None,
        relation: Relation::Dependent,
        birth: day(1967, 3, 15),
        insurer_number: Some("01010016".into()),
        insurer_name: Some("全国健康保険協会".into()),
        symbol: Some("1010101".into()),
        number: Some("2".into()),
        branch: Some("01".into()),
        ratio: Some(3),
        acquired: None,
        as_of: None,
        cert_expiry: Some(day(2027, 3, 15)),
        grace_end: Some(day(2027, 6, 30)),
        card_expiry: None,
        kakunin_expiry: None,
    };
    let files = tempfile::tempdir().expect("temp dir");
    let png = files.path().join("hanako.png");
    let text = qr::encode(&record, None).expect("encodes");
    std::fs::write(&png, qr::render_png(&text, 6).expect("renders")).expect("written");
    let png = t.grant(&png);

    let got = t
        .invoke("qr_read", json!({"token": png, "code": null}))
        .expect("read");
    assert_eq!(got["match"]["kind"], "new");
    assert_eq!(got["form"]["name"], "協会 花子");
    assert_eq!(got["form"]["relation"], "家族");
    assert_eq!(got["form"]["ratio"], "3割");
    assert_eq!(got["record"]["cert_expiry"], "2027-03-15");

    // A field the user got wrong is refused with the field's name; nothing is stored.
    let mut form = got["form"].clone();
    form["insurer_number"] = json!("01010017");
    let err = t
        .invoke(
            "qr_store",
            json!({"token": png, "code": null, "form": form, "target": {"kind": "auto"}}),
        )
        .expect_err("a wrong check digit");
    assert!(
        err["message_ja"]
            .as_str()
            .is_some_and(|m| m.contains("保険者番号")),
        "{err}"
    );
    let family = t.invoke("family_status", json!({})).expect("family");
    assert_eq!(family["members"].as_array().map(Vec::len), Some(0));

    // Corrected (the kana added), stored as a new member.
    form["insurer_number"] = json!("01010016");
    form["kana"] = json!("キョウカイ ハナコ");
    let id = t
        .invoke(
            "qr_store",
            json!({"token": png, "code": null, "form": form, "target": {"kind": "auto"}}),
        )
        .expect("stored");
    let id = id.as_str().expect("an id").to_string();
    let detail = t.invoke("get_member", json!({"id": id})).expect("detail");
    assert_eq!(detail["member"]["kana"], "キョウカイ ハナコ");
    assert_eq!(detail["member"]["cert_expiry"], "2027-03-15");
    assert_eq!(detail["member"]["relation"], "dependent");

    // Read again: she matches now. The user may still ask for a new member.
    let again = t
        .invoke("qr_read", json!({"token": png, "code": null}))
        .expect("read");
    assert_eq!(again["match"]["kind"], "existing");
    assert_eq!(again["match"]["id"], id.as_str());
    let other = t
        .invoke(
            "qr_store",
            json!({"token": png, "code": null, "target": {"kind": "new"}}),
        )
        .expect("stored");
    assert_ne!(other, json!(id));
    let family = t.invoke("family_status", json!({})).expect("family");
    assert_eq!(family["members"].as_array().map(Vec::len), Some(2));

    // A locked code: without the code, or with a wrong one, `wrong_code`; then under the
    // member the user picked.
    let locked = files.path().join("locked.txt");
    let mut changed = record.clone();
    changed.insurer_number = Some("06139992".into());
    let text = qr::encode_with_params(&changed, Some("7K3QW9TB"), LockParams::insecure_for_tests())
        .expect("encodes");
    std::fs::write(&locked, text).expect("written");
    let locked = t.grant(&locked);
    let err = t
        .invoke("qr_read", json!({"token": locked, "code": null}))
        .expect_err("locked");
    assert_error_payload(&err, "wrong_code");
    let err = t
        .invoke("qr_read", json!({"token": locked, "code": "AAAAAAAA"}))
        .expect_err("wrong code");
    assert_error_payload(&err, "wrong_code");
    let got = t
        .invoke("qr_read", json!({"token": locked, "code": "7k3q-w9tb"}))
        .expect("unlocked");
    assert_eq!(got["match"]["kind"], "existing");
    assert_eq!(got["match"]["insurer_changed"], true);
    t.invoke(
        "qr_store",
        json!({"token": locked, "code": "7K3QW9TB", "form": got["form"],
               "target": {"kind": "member", "id": id}}),
    )
    .expect("stored");
    let detail = t.invoke("get_member", json!({"id": id})).expect("detail");
    assert_eq!(detail["member"]["insurer_number"], "06139992");
    assert_eq!(detail["member"]["kana"], "キョウカイ ハナコ");
}

// Settings: the recovery-code check, reminder lead times, the calendar and backups.

#[test]
fn checking_the_recovery_code_says_right_or_wrong() {
    let t = TestApp::mock();
    let code = t.invoke("create_vault", json!({})).expect("created")["recovery_code"]
        .as_str()
        .expect("code")
        .to_string();
    let typed = code.to_lowercase().replace('-', " ");
    assert_eq!(
        t.invoke("check_recovery_code", json!({"code": typed})),
        Ok(json!(true))
    );
    assert_eq!(
        t.invoke(
            "check_recovery_code",
            json!({"code": "0000-0000-0000-0000-0000-0000"})
        ),
        Ok(json!(false))
    );
    let err = t
        .invoke("check_recovery_code", json!({"code": "ABCD-EFGH"}))
        .expect_err("too short to be a code");
    assert_error_payload(&err, "invalid_input");
    // Nothing changed: the vault still opens and the code still checks.
    assert_eq!(
        t.invoke("launch", json!({})).expect("launch")["vault"]["state"],
        "open"
    );
    assert_eq!(
        t.invoke("check_recovery_code", json!({"code": code})),
        Ok(json!(true))
    );
}

#[test]
fn reminder_lead_times_are_checked_sorted_and_reset() {
    let t = TestApp::mock();
    t.invoke("create_vault", json!({})).expect("created");
    let defaults = t
        .invoke("default_reminder_settings", json!({}))
        .expect("defaults");
    assert_eq!(defaults["leads"]["certificate_expiry"], json!([30, 7, 0]));
    assert_eq!(
        t.invoke("reminder_settings", json!({})).expect("settings"),
        defaults
    );

    let mut edited = defaults.clone();
    edited["leads"]["certificate_expiry"] = json!([7, 60, 7]);
    edited["leads"]["grace_warn"] = json!([]);
    t.invoke("set_reminder_settings", json!({"settings": edited}))
        .expect("saved");
    let stored = t.invoke("reminder_settings", json!({})).expect("settings");
    assert_eq!(stored["leads"]["certificate_expiry"], json!([60, 7]));
    assert_eq!(stored["leads"]["grace_warn"], json!([]));

    let mut bad = defaults.clone();
    bad["leads"]["card_expiry"] = json!([400]);
    let err = t
        .invoke("set_reminder_settings", json!({"settings": bad}))
        .expect_err("over a year");
    assert_error_payload(&err, "invalid_input");
    assert_eq!(
        t.invoke("reminder_settings", json!({})).expect("settings"),
        stored,
        "a refused change leaves the settings as they were"
    );
}

#[test]
fn calendar_and_backups_go_to_the_files_the_dialogs_name() {
    use hoken_wallet_lib::commands::dialog::{PICK_FILE_ENV, SAVE_FILE_ENV};
    // The only test that sets these variables (tests run in parallel threads).
    let out = tempfile::tempdir().expect("temp dir");
    let t = TestApp::mock();
    let code = t.invoke("create_vault", json!({})).expect("created")["recovery_code"]
        .as_str()
        .expect("code")
        .to_string();
    let form =
        json!({"name": "協会 花子", "birth": "昭和42年3月15日", "cert_expiry": "2027-03-15"});
    t.invoke("add_member", json!({"form": form}))
        .expect("added");

    let ics = out.path().join("family.ics");
    std::env::set_var(SAVE_FILE_ENV, &ics);
    let written = t.invoke("export_ics", json!({})).expect("calendar");
    assert_eq!(written, json!(ics.display().to_string()));
    let text = std::fs::read_to_string(&ics).expect("the calendar file");
    assert!(text.starts_with("BEGIN:VCALENDAR"), "{text}");
    assert!(text.contains("協会 花子"), "the events name the member");

    // A backup: a wrong code writes nothing; the right one writes the file.
    let backup = out.path().join("wallet.hkwb");
    std::env::set_var(SAVE_FILE_ENV, &backup);
    let err = t
        .invoke(
            "backup_export",
            json!({"secret": "0000-0000-0000-0000-0000-0000"}),
        )
        .expect_err("not this vault's code");
    assert_error_payload(&err, "wrong_recovery_code");
    assert!(!backup.exists());
    let err = t
        .invoke("backup_export", json!({"secret": "short"}))
        .expect_err("a passphrase under 10 characters");
    assert_error_payload(&err, "invalid_input");
    let done = t
        .invoke("backup_export", json!({"secret": code}))
        .expect("backup");
    assert_eq!(done["members"], 1);
    assert!(backup.is_file());
    std::env::remove_var(SAVE_FILE_ENV);

    // One more member after the backup; replacing brings back the backup's family of one.
    t.invoke(
        "add_member",
        json!({"form": {"name": "協会 太郎", "birth": "1965-10-01"}}),
    )
    .expect("added");
    std::env::set_var(PICK_FILE_ENV, &backup);
    let err = t
        .invoke(
            "backup_import",
            json!({"mode": "replace", "secret": "wrong passphrase here"}),
        )
        .expect_err("wrong secret");
    assert_error_payload(&err, "wrong_recovery_code");
    let err = t
        .invoke("backup_import", json!({"mode": "sideways", "secret": code}))
        .expect_err("no such mode");
    assert_error_payload(&err, "invalid_input");
    let merged = t
        .invoke("backup_import", json!({"mode": "merge", "secret": code}))
        .expect("merged");
    assert_eq!(merged["members_added"], 0);
    assert_eq!(merged["members_already_present"], 1);
    assert_eq!(merged["members_total"], 2);
    let replaced = t
        .invoke(
            "backup_import",
            json!({"mode": "replace", "secret": code.to_lowercase()}),
        )
        .expect("replaced");
    std::env::remove_var(PICK_FILE_ENV);
    assert_eq!(replaced["replaced"], true);
    assert_eq!(replaced["members_total"], 1);
    let family = t.invoke("family_status", json!({})).expect("family");
    let names: Vec<&str> = family["members"]
        .as_array()
        .expect("members")
        .iter()
        .filter_map(|m| m["name"].as_str())
        .collect();
    assert_eq!(names, ["協会 花子"]);
}

#[test]
fn app_info_names_the_data_folder() {
    let t = TestApp::mock();
    let info = t.invoke("app_info", json!({})).expect("info");
    let dir = info["data_dir"].as_str().expect("a folder");
    assert!(std::path::Path::new(dir).is_absolute(), "{dir}");
}
