//! The one error type of hoken-core. Every variant has a stable `kind` (snake_case) that the
//! UI and the CLI branch on, and a message a user can act on.

use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A date that cannot be read or does not exist (2月30日, 昭和65年, "tomorrow").
    #[error("{0}")]
    InvalidDate(Msg),
    /// An insurer number of the wrong length, with non-digits, or a wrong check digit.
    #[error("{0}")]
    InvalidInsurerNumber(Msg),
    /// Any other input that does not make sense (e.g. issue date before the birth date).
    #[error("{0}")]
    InvalidInput(Msg),
    /// A vault file failed its integrity check, is truncated, or is not a vault file at all.
    /// The message names the file; the other files of the vault stay readable.
    #[error("{msg}")]
    Damaged { file: String, msg: Msg },
    /// The vault exists but this computer's keyring has no key for it, or the keyring is
    /// locked or absent. The message names the recovery command.
    #[error("{0}")]
    KeyUnavailable(Msg),
    /// The recovery code does not open this vault.
    #[error("{0}")]
    WrongRecoveryCode(Msg),
    /// A locked QR code (docs/qr-format.md) needs the code its sender reads out, and the
    /// code given is wrong or missing.
    #[error("{0}")]
    WrongCode(Msg),
    /// `create` found a vault (or vault data) in the folder: a new key is never made over data.
    #[error("{0}")]
    VaultExists(Msg),
    /// There is no vault in the folder.
    #[error("{0}")]
    NoVault(Msg),
    /// Another Hoken Wallet (the app or the command line) kept the vault locked for longer
    /// than the wait allows. Trying again later is the way out.
    #[error("{0}")]
    Busy(Msg),
    /// A member or item that does not exist.
    #[error("{0}")]
    NotFound(Msg),
    /// A document the importer does not read: HEIC, GIF, ZIP, a damaged, truncated or
    /// password-protected PDF or image, one too large. The message names the file and says
    /// what to do instead.
    #[error("{0}")]
    UnsupportedFile(Msg),
    /// The file system refused (permissions, disk full, ...); the message names the path.
    #[error("{0}")]
    Io(Msg),
    /// Reading the My Number Card failed: no reader, no card, the card removed, another
    /// card, a busy reader (CLI exit status 5). The kind names the problem.
    #[error("{1}")]
    Card(crate::card::CardProblem, Msg),
    /// The app lock is on: the vault opens only with its PIN (or the recovery code). Also
    /// while a wrong-PIN delay runs, and after too many wrong PINs (the message says which,
    /// and how long to wait). CLI exit status 3.
    #[error("{0}")]
    PinRequired(Msg),
    /// The PIN given does not open the vault. CLI exit status 2.
    #[error("{0}")]
    WrongPin(Msg),
}

/// Declares the error kinds once: the enum, its snake_case names (serde and ts-rs use the
/// same ones: the UI gets a union type) and `as_str`.
macro_rules! error_kinds {
    ($($(#[doc = $doc:literal])* $variant:ident = $name:literal,)*) => {
        /// The stable, machine-readable name of an error, which the UI and scripts branch on.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
        #[ts(export)]
        pub enum ErrorKind {
            $($(#[doc = $doc])* #[serde(rename = $name)] $variant,)*
        }

        impl ErrorKind {
            /// Every kind, in declaration order.
            pub const ALL: &[ErrorKind] = &[$(ErrorKind::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorKind::$variant => $name,)*
                }
            }
        }
    };
}

error_kinds! {
    InvalidDate = "invalid_date",
    InvalidInsurerNumber = "invalid_insurer_number",
    InvalidInput = "invalid_input",
    Damaged = "damaged",
    KeyUnavailable = "key_unavailable",
    WrongRecoveryCode = "wrong_recovery_code",
    WrongCode = "wrong_code",
    VaultExists = "vault_exists",
    NoVault = "no_vault",
    Busy = "busy",
    NotFound = "not_found",
    UnsupportedFile = "unsupported_file",
    /// The file system or an output stream refused.
    Io = "io",
    CardNoReader = "card_no_reader",
    CardNoCard = "card_no_card",
    CardRemoved = "card_removed",
    CardReaderBusy = "card_reader_busy",
    CardNotMyNumberCard = "card_not_my_number_card",
    CardNoCertificate = "card_no_certificate",
    CardReadFailed = "card_read_failed",
    PinRequired = "pin_required",
    WrongPin = "wrong_pin",
}

/// A kind compares with its name (`kind == "not_found"`), as the string it replaced did.
impl PartialEq<&str> for ErrorKind {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Error {
    /// The stable, machine-readable name of the error.
    pub fn kind(&self) -> &'static str {
        self.error_kind().as_str()
    }

    /// The error's kind, typed.
    pub fn error_kind(&self) -> ErrorKind {
        match self {
            Error::InvalidDate(_) => ErrorKind::InvalidDate,
            Error::InvalidInsurerNumber(_) => ErrorKind::InvalidInsurerNumber,
            Error::InvalidInput(_) => ErrorKind::InvalidInput,
            Error::Damaged { .. } => ErrorKind::Damaged,
            Error::KeyUnavailable(_) => ErrorKind::KeyUnavailable,
            Error::WrongRecoveryCode(_) => ErrorKind::WrongRecoveryCode,
            Error::WrongCode(_) => ErrorKind::WrongCode,
            Error::VaultExists(_) => ErrorKind::VaultExists,
            Error::NoVault(_) => ErrorKind::NoVault,
            Error::Busy(_) => ErrorKind::Busy,
            Error::NotFound(_) => ErrorKind::NotFound,
            Error::UnsupportedFile(_) => ErrorKind::UnsupportedFile,
            Error::Io(_) => ErrorKind::Io,
            Error::Card(problem, _) => problem.kind(),
            Error::PinRequired(_) => ErrorKind::PinRequired,
            Error::WrongPin(_) => ErrorKind::WrongPin,
        }
    }

    /// Whether the vault is locked or its key unavailable (CLI exit status 3).
    pub fn is_key_unavailable(&self) -> bool {
        matches!(self, Error::KeyUnavailable(_) | Error::PinRequired(_))
    }

    /// Whether stored data is damaged or tampered with (CLI exit status 4).
    pub fn is_damaged(&self) -> bool {
        matches!(self, Error::Damaged { .. })
    }

    /// Whether reading the card failed (CLI exit status 5).
    pub fn is_card(&self) -> bool {
        matches!(self, Error::Card(..))
    }

    /// Whether the error is the user's input (CLI exit status 2) rather than the system.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::InvalidDate(_)
                | Error::InvalidInsurerNumber(_)
                | Error::InvalidInput(_)
                | Error::WrongRecoveryCode(_)
                | Error::WrongCode(_)
                | Error::NotFound(_)
                | Error::UnsupportedFile(_)
                | Error::WrongPin(_)
        )
    }
}

/// A user-facing message in both languages. `Display` gives the English text (CLI, logs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub ja: String,
    pub en: String,
}

impl Msg {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Msg {
            ja: ja.into(),
            en: en.into(),
        }
    }
}

impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

impl Error {
    /// The message in Japanese (the UI's first language).
    pub fn message_ja(&self) -> String {
        match self {
            Error::InvalidDate(m)
            | Error::InvalidInsurerNumber(m)
            | Error::InvalidInput(m)
            | Error::Damaged { msg: m, .. }
            | Error::KeyUnavailable(m)
            | Error::WrongRecoveryCode(m)
            | Error::WrongCode(m)
            | Error::VaultExists(m)
            | Error::NoVault(m)
            | Error::Busy(m)
            | Error::NotFound(m)
            | Error::UnsupportedFile(m)
            | Error::Io(m)
            | Error::Card(_, m) => m.ja.clone(),
            Error::PinRequired(m) | Error::WrongPin(m) => m.ja.clone(),
        }
    }
}

/// What crosses the IPC boundary: `{kind, message, message_ja}` (message is English).
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export)]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
    pub message_ja: String,
}

impl From<&Error> for ErrorPayload {
    fn from(e: &Error) -> Self {
        ErrorPayload {
            kind: e.error_kind(),
            message: e.to_string(),
            message_ja: e.message_ja(),
        }
    }
}

impl From<Error> for ErrorPayload {
    fn from(e: Error) -> Self {
        ErrorPayload::from(&e)
    }
}
