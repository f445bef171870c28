//! The shell's one error type. Everything that crosses IPC is `{kind, message, message_ja}`.

use hoken_core::ErrorPayload;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] hoken_core::Error),
    /// Writing the CLI's output failed (e.g. a closed pipe).
    #[error("output: {0}")]
    Io(#[from] std::io::Error),
}

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Error::Io(std::io::Error::other(e))
    }
}

impl Error {
    pub fn payload(&self) -> ErrorPayload {
        match self {
            Error::Core(e) => ErrorPayload::from(e),
            Error::Io(e) => ErrorPayload {
                kind: hoken_core::ErrorKind::Io,
                message: e.to_string(),
                message_ja: format!("入出力エラー: {e}"),
            },
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(s)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
