//! hoken-core: every decision Hoken Wallet makes, with no Tauri and no UI.
//!
//! - [`calendar`]: month arithmetic and birthdays (docs/rules.md §3.6 conventions)
//! - [`card`]: the certificate's expiry read from the My Number Card (JPKI, no PIN)
//! - [`era`]: Japanese era dates both ways (§5)
//! - [`insurer`]: insurer numbers and their check digit (§4)
//! - [`rules`]: the card's deadlines computed from birth and issue dates (§3)
//! - [`timeline`]: a member's deadlines on a given day, with severity and advice
//! - [`urgency`]: the family's most urgent deadline, each member's next one
//! - [`vocabulary`]: one severity scale (word, colour, icon), dates labelled in their tense
//! - [`checker`]: the deadline checker the app, the CLI and the benchmarks share
//! - [`family`]: members as typed in forms and on the command line; the family's status
//! - [`guide`]: the 「何を持っていけばいい？」 decision chart
//! - [`home`]: the home screen in one answer (family status, inline thumbnails), the launch
//! - [`ics`]: the deadlines as a calendar file (RFC 5545)
//! - [`reminders`]: which warnings fire on which day, once each
//! - [`notification`]: the words of the OS notification for what is due, both languages
//! - [`qr`]: one member's record as a QR code, optionally locked (docs/qr-format.md)
//! - [`import`]: documents in (PDF, screenshot, photo), display images and fields out
//! - [`intake`]: an imported document into the vault: the form to confirm, the member
//! - [`vault`]: the encrypted vault (members, keyring and recovery slots); docs/vault-format.md

pub mod autolock;
pub mod calendar;
pub mod card;
pub mod checker;
pub mod era;
pub mod error;
pub mod family;
pub mod freshness;
pub mod guide;
pub mod home;
pub mod ics;
pub mod import;
pub mod insurer;
pub mod intake;
pub mod notification;
pub mod qr;
pub mod reminders;
pub mod rules;
#[cfg(feature = "test-support")]
pub mod testcert;
#[cfg(feature = "test-support")]
pub mod testdoc;
pub mod timeline;
pub mod urgency;
pub mod vault;
pub mod vocabulary;

pub use error::{Error, ErrorKind, ErrorPayload, Msg, Result};
