//! The IC card reader on desktops: PC/SC (pcsc-lite on Linux, the OS's smart-card service
//! on macOS and Windows). Lists readers, waits for a card, and lets core read the
//! certificate's expiry over it (`hoken_core::card`); every failure is a `CardProblem`.

use std::ffi::CString;
use std::time::{Duration, Instant};

use hoken_core::card::{self, CardProblem, CardRead, Transmit};
use pcsc::{Context, Protocols, ReaderState, Scope, ShareMode, State};

use crate::error::Result;

/// How long the app waits for a card to be put on the reader.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(30);

/// A PC/SC failure as the user should hear it.
fn problem(e: pcsc::Error, doing: &str) -> hoken_core::Error {
    use pcsc::Error as E;
    let p = match e {
        E::NoService | E::ServiceStopped | E::NoReadersAvailable | E::UnknownReader => {
            CardProblem::NoReader
        }
        E::SharingViolation => CardProblem::Busy,
        E::NoSmartcard => CardProblem::NoCard,
        E::RemovedCard | E::ResetCard | E::ReaderUnavailable => CardProblem::Removed,
        E::Timeout => CardProblem::NoCard,
        _ => CardProblem::Failed,
    };
    let detail = match e {
        E::NoService | E::ServiceStopped => {
            "the smart-card service (PC/SC, pcscd) is not running".to_string()
        }
        _ => format!("{doing}: {e}"),
    };
    p.error(&detail)
}

fn context() -> Result<Context> {
    Ok(Context::establish(Scope::User).map_err(|e| problem(e, "connecting to PC/SC"))?)
}

/// The connected readers' names; empty when there is none or no smart-card service.
pub fn readers() -> Vec<String> {
    let Ok(ctx) = Context::establish(Scope::User) else {
        return Vec::new();
    };
    ctx.list_readers_owned()
        .map(|names| {
            names
                .iter()
                .map(|n| n.to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// The connected readers, or `NoReader`.
fn reader_names(ctx: &Context) -> Result<Vec<CString>> {
    match ctx.list_readers_owned() {
        Ok(names) if !names.is_empty() => Ok(names),
        Ok(_) => Err(CardProblem::NoReader.error("").into()),
        Err(e) => Err(problem(e, "listing readers").into()),
    }
}

/// Waits up to `wait` until a card is on one of the readers; returns that reader's name.
/// `on_wait` runs once if no card is there at first (to say "put the card on the reader").
fn wait_for_card(ctx: &Context, wait: Duration, on_wait: &mut dyn FnMut()) -> Result<CString> {
    let names = reader_names(ctx)?;
    let mut states: Vec<ReaderState> = names
        .iter()
        .map(|n| ReaderState::new(n.clone(), State::UNAWARE))
        .collect();
    let deadline = Instant::now() + wait;
    let mut first = true;
    loop {
        let left = if first {
            Duration::ZERO
        } else {
            deadline.saturating_duration_since(Instant::now())
        };
        match ctx.get_status_change(left, &mut states) {
            Ok(()) => {}
            Err(pcsc::Error::Timeout) if !first => {
                return Err(CardProblem::NoCard.error("").into());
            }
            Err(pcsc::Error::Timeout) => {}
            Err(e) => return Err(problem(e, "waiting for a card").into()),
        }
        let mut busy = false;
        for s in &states {
            let st = s.event_state();
            if st.contains(State::PRESENT) && !st.contains(State::MUTE) {
                if st.contains(State::EXCLUSIVE) {
                    busy = true;
                } else {
                    return Ok(s.name().to_owned());
                }
            }
        }
        if busy {
            return Err(CardProblem::Busy
                .error("the reader is held exclusively")
                .into());
        }
        if first {
            on_wait();
            first = false;
        } else if Instant::now() >= deadline {
            return Err(CardProblem::NoCard.error("").into());
        }
        for s in &mut states {
            s.sync_current_state();
        }
    }
}

/// The card, as core talks to it.
/// `reset`: the card was reset (powered up again, e.g. just put on the reader) under our
/// transaction; the read is worth one more try from a fresh connection.
struct PcscCard<'a>(&'a pcsc::Card, bool);

impl PcscCard<'_> {
    /// Whether the card has left the reader. A card pulled out mid-command often shows first
    /// as an empty answer or "not transacted"; the service notices the removal a few hundred
    /// milliseconds later.
    fn gone(&self) -> bool {
        let start = Instant::now();
        loop {
            match self.0.status2_owned() {
                Err(
                    pcsc::Error::RemovedCard
                    | pcsc::Error::NoSmartcard
                    | pcsc::Error::ResetCard
                    | pcsc::Error::ReaderUnavailable,
                ) => return true,
                Ok(s) if !s.status().contains(pcsc::Status::PRESENT) => return true,
                _ if start.elapsed() > Duration::from_millis(1500) => return false,
                _ => std::thread::sleep(Duration::from_millis(100)),
            }
        }
    }
}

impl Transmit for PcscCard<'_> {
    fn transmit(&mut self, command: &[u8]) -> hoken_core::Result<Vec<u8>> {
        let mut buf = [0u8; pcsc::MAX_BUFFER_SIZE];
        let removed = |detail: &str| CardProblem::Removed.error(detail);
        match self.0.transmit(command, &mut buf) {
            Ok(r) if r.len() >= 2 => Ok(r.to_vec()),
            Ok(_) if self.gone() => Err(removed("")),
            Ok(_) => Err(CardProblem::Failed.error("an empty answer")),
            // Gone from the reader mid-read, whatever the driver calls it.
            Err(e @ (pcsc::Error::NoSmartcard | pcsc::Error::RemovedCard)) => {
                Err(removed(&e.to_string()))
            }
            Err(e @ (pcsc::Error::NotTransacted | pcsc::Error::ResetCard)) if !self.gone() => {
                self.1 = true;
                Err(problem(e, "reading the card"))
            }
            Err(e) if self.gone() => Err(removed(&e.to_string())),
            Err(e) => Err(problem(e, "reading the card")),
        }
    }
}

/// Waits for a card (up to `wait`), reads the user-authentication certificate's expiry
/// (core::card: JPKI application, no PIN) and releases the card and the reader.
pub fn read(wait: Duration, on_wait: &mut dyn FnMut()) -> Result<CardRead> {
    let ctx = context()?;
    let reader = wait_for_card(&ctx, wait, on_wait)?;
    let mut attempts = 0;
    let result = loop {
        attempts += 1;
        let mut card = ctx
            .connect(&reader, ShareMode::Shared, Protocols::ANY)
            .map_err(|e| problem(e, "connecting to the card"))?;
        let (read, reset) = {
            // A transaction: no other program's commands between ours.
            let tx = card
                .transaction()
                .map_err(|e| problem(e, "reserving the card"))?;
            let mut pc = PcscCard(&tx, false);
            let read = card::read_certificate(&mut pc);
            let reset = pc.1;
            let _ = tx.end(pcsc::Disposition::LeaveCard);
            (read, reset)
        };
        let _ = card.disconnect(pcsc::Disposition::LeaveCard);
        if read.is_err() && reset && attempts < 3 {
            std::thread::sleep(Duration::from_millis(200));
            continue;
        }
        break read;
    };
    let name = reader.to_string_lossy().into_owned();
    Ok(CardRead::new(result?, &name))
}
