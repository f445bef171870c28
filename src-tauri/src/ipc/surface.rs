// The window's IPC surface, declared once: every command the window may call (its arguments
// and what it resolves to) and every event the backend sends it. From this table follow the
// invoke handler (`crate::ipc::handler`), the app manifest and the capability's permission
// list (build.rs), the typed TypeScript calls (`ui/src/bindings/commands.ts`) and the event
// names (`ui/src/bindings/events.ts`). Adding a command is one line here plus its function.
//
// Each command resolves to its type or rejects with an `ErrorPayload` (`ui/src/bindings/
// ErrorKind.ts` lists its kinds). Argument names are Rust's; the TypeScript side calls them in
// camelCase, as Tauri does.
hoken_ipc! {
    commands {
        in crate::commands {
            check_deadlines(request: CheckRequest) -> CheckResult;
            date_info(input: String) -> DateInfo;
            check_insurer_number(input: String) -> InsurerNumberCheck;
            app_info() -> AppInfo;
            /// True under bench/startup (HOKEN_WALLET_BENCH=1).
            bench_mode() -> bool;
            /// A bench milestone (printed by the app in bench mode only; `done` quits).
            perf_mark(name: String) -> ();
            /// The guide's next step after the answers so far (core/src/guide.rs decides).
            guide_step(answers: Vec<GuideAnswer>) -> GuideStep;
            /// A typed date read by core: era, year, month and day for the date input, and its
            /// display.
            date_parts(input: String) -> DateParts;
        }
        in crate::commands::vault {
            /// The first command: the vault's state — `no_vault` (first run), `locked` (the
            /// keyring has no key: recovery) or `open` — and, when open, the home screen
            /// (prepared while the window started).
            launch() -> Launch;
            /// The home screen: the family's status and the newest thumbnails inline.
            home() -> HomeScreen;
            /// Creates the vault; the recovery code comes back once and is never stored in the UI.
            create_vault() -> CreatedVault;
            /// Opens a locked vault with its recovery code (lower case and spaces are fine).
            recover_vault(code: String) -> ();
            family_status() -> FamilyStatus;
            get_member(id: String) -> MemberDetail;
            /// Resolves to the new member's id.
            add_member(form: MemberForm) -> String;
            update_member(id: String, form: MemberForm) -> ();
            remove_member(id: String) -> ();
            /// The recovery code kept (encrypted) since the first run until the user has
            /// written it down; null once it is.
            pending_recovery_code() -> Option<String>;
            /// Group `group` (0-based) of the code typed back: true when it matches (the code
            /// is then forgotten and home stops asking).
            recovery_code_kept(group: usize, typed: String) -> bool;
        }
        in crate::commands::import {
            /// The system's file dialog (PDF and pictures): an opaque token for the chosen file
            /// (the window never sees paths), null when the user cancelled. A dropped file's
            /// token comes in the "file-dropped" event.
            pick_document() -> Option<String>;
            /// Reads a document (by its token); it waits in memory (never on disk) until
            /// confirmed or discarded.
            inspect_document(token: String) -> ImportPreview;
            confirm_import(preview_id: String, form: MemberForm, as_of: String, target: IntakeTarget) -> IntakeResult;
            discard_import(preview_id: String) -> ();
            /// A member's documents, newest first.
            member_documents(member_id: String) -> Vec<DocumentMeta>;
            remove_document(id: String) -> ();
        }
        in crate::commands::qr {
            /// A member's record as a QR code; `lock` adds a new code to read out.
            qr_share(member_id: String, lock: bool) -> QrShare;
            /// Reads a QR picture (by its file token); a locked one without its code rejects
            /// with kind `wrong_code`.
            qr_read(token: String, code: Option<String>) -> QrReceived;
            /// Stores a received record with the fields as confirmed; resolves to the member id.
            qr_store(token: String, code: Option<String>, form: MemberForm, target: IntakeTarget) -> String;
        }
        in crate::commands::settings {
            reminder_settings() -> ReminderSettings;
            /// Saves the lead times; the backend sorts them and refuses days over 365.
            set_reminder_settings(settings: ReminderSettings) -> ();
            /// Start at login and stay in the tray (desktop).
            background_mode() -> bool;
            set_background_mode(on: bool) -> ();
            default_reminder_settings() -> ReminderSettings;
            /// Asks where to save the calendar; the path written, or null when cancelled.
            export_ics(title: Option<String>) -> Option<String>;
            /// Asks where to save; `secret` is the recovery code or a passphrase (10+ characters).
            backup_export(secret: String, title: Option<String>) -> Option<BackupExported>;
            /// Asks for the backup file; `replace` only after the user confirmed it.
            backup_import(mode: String, secret: String, title: Option<String>) -> Option<BackupImported>;
            /// Whether `code` is this wallet's recovery code; changes nothing.
            check_recovery_code(code: String) -> bool;
        }
        in crate::commands::counter {
            /// Keeps the display awake while clinic mode is open; resolves to whether the
            /// system agreed.
            keep_awake(on: bool) -> bool;
            /// Full screen on or off (desktop); resolves to whether the window changed.
            set_fullscreen(on: bool) -> bool;
            /// The system's print dialog; false where the app has none to open (then try
            /// window.print()).
            print_page() -> bool;
        }
        in crate::commands::card {
            /// The card readers connected now; empty when there is none (then offer no card
            /// reading).
            card_readers() -> Vec<String>;
            /// Waits (up to 30 s) for the card on the reader and reads its certificate's
            /// expiry; no PIN, nothing stored. Rejects with the `card_*` kinds.
            card_read() -> CardRead;
        }
        in crate::commands::lock {
            /// Whether the app lock is on, the seconds before the next PIN may be tried, and
            /// blocked.
            lock_status() -> PinStatus;
            /// Opens the vault with the PIN; answers like `launch`. Rejects `wrong_pin` or
            /// `pin_required`.
            unlock(pin: String) -> Launch;
            /// Locks now (the key is wiped); false when the lock is off.
            lock_now() -> bool;
            set_pin(pin: String) -> ();
            change_pin(current: String, pin: String) -> ();
            remove_pin(current: String) -> ();
            lock_idle_minutes() -> u32;
            set_lock_idle_minutes(minutes: u32) -> ();
            /// Tells the auto-lock that the user is there (sent at most every few seconds).
            user_active() -> ();
        }
        in crate::commands::biometric {
            /// Phones (Android): whether biometric unlock is set up and usable now.
            biometric_ready() -> bool;
            /// Phones (Android): turns biometric unlock on (the PIN is checked first).
            biometric_enable(pin: String) -> ();
            /// Phones (Android): the system's fingerprint or face prompt, then the vault opens.
            biometric_unlock() -> Launch;
        }
    }
    events {
        /// A file was dropped on the window (payload: its token, see
        /// `state::AppState::grant_file`; never the path).
        FILE_DROPPED_EVENT = "file-dropped": String;
        /// The hourly check delivered reminders (payload: the reminders).
        REMINDERS_DUE_EVENT = "reminders-due": Vec<Reminder>;
        /// A notification was clicked (payload: the member id).
        OPEN_MEMBER_EVENT = "open-member": String;
        /// The app locked itself (auto-lock, session lock, suspend).
        APP_LOCKED_EVENT = "app-locked": LockReason;
    }
}
