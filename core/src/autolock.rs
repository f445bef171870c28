//! When the app locks itself (the app lock on only): after the idle minutes of the settings,
//! when the window has been hidden or minimised for a minute, and when the session locks or
//! the computer suspends. The shell reports what it sees; the decision is made here.

use std::time::Duration;

use serde::Serialize;
use ts_rs::TS;

use crate::{Error, Msg, Result};

/// Idle minutes before the app locks, unless the settings say otherwise.
pub const DEFAULT_IDLE_MINUTES: u32 = 5;
/// The longest idle time the settings accept.
pub const MAX_IDLE_MINUTES: u32 = 60;
/// How long the window may stay hidden or minimised before the app locks.
pub const HIDDEN_LIMIT: Duration = Duration::from_secs(60);

/// Why the app locked (the `app-locked` event's payload).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LockReason {
    /// No input for the idle minutes.
    Idle,
    /// The window was hidden or minimised for a minute.
    Hidden,
    /// The desktop session was locked (screen saver, logind).
    SessionLocked,
    /// The computer is going to sleep.
    Suspend,
    /// The user asked (a button, or leaving clinic mode).
    Manual,
}

/// The idle limit for `minutes` from the settings (`None`: the default).
pub fn idle_limit(minutes: Option<u32>) -> Duration {
    Duration::from_secs(u64::from(minutes.unwrap_or(DEFAULT_IDLE_MINUTES)) * 60)
}

/// Checks the settings' idle minutes: 1 to [`MAX_IDLE_MINUTES`].
pub fn checked_minutes(minutes: u32) -> Result<u32> {
    if (1..=MAX_IDLE_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(Error::InvalidInput(Msg::new(
            format!("自動ロックまでの時間は1〜{MAX_IDLE_MINUTES}分です"),
            format!("The auto-lock time is 1 to {MAX_IDLE_MINUTES} minutes"),
        )))
    }
}

/// Whether to lock now: `idle` since the last input, `hidden` for how long the window has
/// been hidden or minimised (`None`: shown), `limit` the idle limit.
pub fn decide(idle: Duration, hidden: Option<Duration>, limit: Duration) -> Option<LockReason> {
    if hidden.is_some_and(|h| h >= HIDDEN_LIMIT) {
        Some(LockReason::Hidden)
    } else if idle >= limit {
        Some(LockReason::Idle)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_and_hidden() {
        let s = Duration::from_secs;
        let limit = idle_limit(None);
        assert_eq!(limit, s(300));
        assert_eq!(decide(s(299), None, limit), None);
        assert_eq!(decide(s(300), None, limit), Some(LockReason::Idle));
        assert_eq!(decide(s(0), Some(s(59)), limit), None);
        assert_eq!(decide(s(0), Some(s(60)), limit), Some(LockReason::Hidden));
        assert_eq!(idle_limit(Some(1)), s(60));
        assert!(checked_minutes(0).is_err());
        assert!(checked_minutes(61).is_err());
        assert_eq!(checked_minutes(15).unwrap(), 15);
    }
}
