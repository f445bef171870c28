//! The shell's one error type. Everything that crosses IPC is `{kind, message, message_ja}`.

use hoken_core::ErrorPayload;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Core(#[from] hoken_core::Error),
}

impl Error {
    pub fn payload(&self) -> ErrorPayload {
        match self {
            Error::Core(e) => ErrorPayload::from(e),
        }
    }
}

impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.payload().serialize(s)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
