//! The window's IPC surface, from one declaration (`surface.rs`): the invoke handler, the
//! event names with their payload types, and the TypeScript that calls them. build.rs reads the
//! same declaration for the app manifest and the capability.

use std::marker::PhantomData;

use hoken_core::autolock::LockReason;
use hoken_core::reminders::Reminder;
use serde::Serialize;
use tauri::{Emitter, Runtime};

// The commands' types are needed only to write their TypeScript (tests).
#[cfg(test)]
use {
    crate::commands::import::ImportPreview,
    crate::commands::qr::{QrReceived, QrShare},
    crate::commands::settings::{BackupExported, BackupImported},
    crate::commands::vault::{CreatedVault, MemberDetail},
    crate::commands::AppInfo,
    hoken_core::card::CardRead,
    hoken_core::checker::{CheckRequest, CheckResult},
    hoken_core::era::{DateInfo, DateParts},
    hoken_core::family::{FamilyStatus, MemberForm},
    hoken_core::guide::{GuideAnswer, GuideStep},
    hoken_core::home::{HomeScreen, Launch},
    hoken_core::insurer::InsurerNumberCheck,
    hoken_core::intake::{IntakeResult, IntakeTarget},
    hoken_core::reminders::ReminderSettings,
    hoken_core::vault::{DocumentMeta, PinStatus},
};

/// An event the backend sends the window, with the type of its payload.
pub struct Event<T: ?Sized> {
    pub name: &'static str,
    payload: PhantomData<fn(&T)>,
}

impl<T: Serialize + ?Sized> Event<T> {
    const fn new(name: &'static str) -> Self {
        Event {
            name,
            payload: PhantomData,
        }
    }

    /// Sends the event to every window; a window that is gone is not an error.
    pub fn emit<R: Runtime>(&self, target: &impl Emitter<R>, payload: &T) {
        let _ = target.emit(self.name, payload);
    }
}

/// One command as the TypeScript generator sees it.
#[cfg(test)]
struct Command {
    name: &'static str,
    docs: &'static [&'static str],
    args: Vec<(&'static str, String)>,
    output: String,
    imports: Vec<String>,
}

macro_rules! hoken_ipc {
    (
        commands {
            $( in $($module:ident)::+ {
                $( $(#[doc = $doc:literal])*
                   $name:ident ( $($arg:ident : $arg_ty:ty),* $(,)? ) -> $out:ty ; )*
            } )*
        }
        events {
            $( $(#[doc = $edoc:literal])* $event:ident = $event_name:literal : $payload:ty ; )*
        }
    ) => {
        /// The invoke handler: every declared command, nothing else.
        pub fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            // Each command module's functions (and the macros `#[tauri::command]` made beside
            // them) by their bare names: command names are unique across modules.
            $( #[allow(unused_imports)] use $($module)::+ :: *; )*
            tauri::generate_handler![ $( $( $name ),* ),* ]
        }

        $( $(#[doc = $edoc])* pub const $event: Event<$payload> = Event::new($event_name); )*

        #[cfg(test)]
        fn commands() -> Vec<Command> {
            vec![ $( $( Command {
                name: stringify!($name),
                docs: &[ $($doc),* ],
                args: vec![ $( (stringify!($arg), <$arg_ty as ts_rs::TS>::name()) ),* ],
                output: <$out as ts_rs::TS>::name(),
                imports: {
                    let mut imports = Vec::new();
                    $( typescript::imports_of::<$arg_ty>(&mut imports); )*
                    typescript::imports_of::<$out>(&mut imports);
                    imports
                },
            } ),* ),* ]
        }

        #[cfg(test)]
        fn events() -> Vec<typescript::EventDecl> {
            vec![ $( typescript::EventDecl {
                constant: stringify!($event),
                name: $event_name,
                docs: &[ $($edoc),* ],
                payload: <$payload as ts_rs::TS>::name(),
                imports: {
                    let mut imports = Vec::new();
                    typescript::imports_of::<$payload>(&mut imports);
                    imports
                },
            } ),* ]
        }
    };
}

include!("surface.rs");

#[cfg(test)]
mod typescript;
