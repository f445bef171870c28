//! The `hoken:` URI scheme: the UI's <img> tags read document images through it, decrypted on
//! request and answered with `Cache-Control: no-store`, so no image bytes land in WebKit's
//! cache or in JSON.
//!
//! `hoken://localhost/doc/<document id>/<original|display|thumbnail>` (Linux, macOS, iOS);
//! `http://hoken.localhost/doc/…` on Windows and Android.

use hoken_core::vault::DocumentPart;
use hoken_core::ErrorKind;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::state::AppState;

pub const SCHEME: &str = "hoken";

/// The protocol handler: the work runs on a blocking thread.
pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let Some(state) = ctx.app_handle().try_state::<AppState>() else {
        responder.respond(text(StatusCode::SERVICE_UNAVAILABLE, "not ready"));
        return;
    };
    let state = state.inner().clone();
    let method_ok = request.method() == tauri::http::Method::GET;
    let path = request.uri().path().to_string();
    tauri::async_runtime::spawn_blocking(move || {
        let response = if method_ok {
            respond(&state, &path)
        } else {
            text(StatusCode::METHOD_NOT_ALLOWED, "GET only")
        };
        responder.respond(response);
    });
}

fn text(status: StatusCode, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(body.as_bytes().to_vec())
        .unwrap_or_default()
}

fn image(bytes: Vec<u8>, mime: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(bytes)
        .unwrap_or_default()
}

/// Answers `/doc/<id>/<part>` (stored documents) and `/pending/<id>/<display|thumbnail>`
/// (an import waiting for confirmation).
pub fn respond(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let (id, part) = match parts.as_slice() {
        ["doc", id, part] => match DocumentPart::parse(part) {
            Some(p) => (id.to_string(), p),
            None => return text(StatusCode::NOT_FOUND, "unknown part"),
        },
        ["pending", id, part @ ("display" | "thumbnail")] => {
            let found = state.blocking(|s| Ok(s.pending_image(id, *part == "thumbnail")));
            return match found {
                Ok(Some((bytes, mime))) => image(bytes, mime),
                _ => text(StatusCode::NOT_FOUND, "not_found"),
            };
        }
        _ => return text(StatusCode::NOT_FOUND, "unknown path"),
    };
    match state.blocking(|s| s.with_vault(|v| v.document_part(&id, part))) {
        Ok((bytes, mime)) => image(bytes.to_vec(), &mime),
        Err(e) => {
            let p = e.payload();
            let status = match p.kind {
                ErrorKind::NotFound | ErrorKind::InvalidInput => StatusCode::NOT_FOUND,
                ErrorKind::KeyUnavailable | ErrorKind::NoVault => StatusCode::LOCKED,
                _ => StatusCode::INTERNAL_SERVER_ERROR,
            };
            text(status, p.kind.as_str())
        }
    }
}
