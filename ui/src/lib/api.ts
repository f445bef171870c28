import { invoke } from '@tauri-apps/api/core';
import type { AppInfo } from '../bindings/AppInfo';
import type { CardRead } from '../bindings/CardRead';
import type { CheckRequest } from '../bindings/CheckRequest';
import type { DateParts } from '../bindings/DateParts';
import type { CheckResult } from '../bindings/CheckResult';
import type { CreatedVault } from '../bindings/CreatedVault';
import type { DateInfo } from '../bindings/DateInfo';
import type { DocumentMeta } from '../bindings/DocumentMeta';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { FamilyStatus } from '../bindings/FamilyStatus';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { IntakeResult } from '../bindings/IntakeResult';
import type { IntakeTarget } from '../bindings/IntakeTarget';
import type { InsurerNumberCheck } from '../bindings/InsurerNumberCheck';
import type { MemberDetail } from '../bindings/MemberDetail';
import type { MemberForm } from '../bindings/MemberForm';
import type { QrReceived } from '../bindings/QrReceived';
import type { QrShare } from '../bindings/QrShare';
import type { HomeScreen } from '../bindings/HomeScreen';
import type { Launch } from '../bindings/Launch';
import type { BackupExported } from '../bindings/BackupExported';
import type { BackupImported } from '../bindings/BackupImported';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import type { PinStatus } from '../bindings/PinStatus';
import { translate, type Lang } from './i18n';

/**
 * The only place that talks to the Rust side. Every command rejects with an
 * ErrorPayload `{kind, message, message_ja}`; see {@link errorMessage}.
 */

export function checkDeadlines(request: CheckRequest): Promise<CheckResult> {
  return invoke<CheckResult>('check_deadlines', { request });
}

export function dateInfo(input: string): Promise<DateInfo> {
  return invoke<DateInfo>('date_info', { input });
}

export function checkInsurerNumber(input: string): Promise<InsurerNumberCheck> {
  return invoke<InsurerNumberCheck>('check_insurer_number', { input });
}

export function appInfo(): Promise<AppInfo> {
  return invoke<AppInfo>('app_info');
}

// --- the vault ----------------------------------------------------------------------------

/**
 * The first command: the vault's state — `no_vault` (first run), `locked` (the keyring has
 * no key: recovery) or `open` — and, when open, the home screen (prepared while the window
 * started).
 */
export function launch(): Promise<Launch> {
  return invoke<Launch>('launch');
}

/** The home screen: the family's status and the newest thumbnails inline. */
export function home(): Promise<HomeScreen> {
  return invoke<HomeScreen>('home');
}

/** Creates the vault; the recovery code comes back once and is never stored in the UI. */
export function createVault(): Promise<CreatedVault> {
  return invoke<CreatedVault>('create_vault');
}

/** Opens a locked vault with its recovery code (lower case and spaces are fine). */
export function recoverVault(code: string): Promise<null> {
  return invoke<null>('recover_vault', { code });
}

export function familyStatus(): Promise<FamilyStatus> {
  return invoke<FamilyStatus>('family_status');
}

export function getMember(id: string): Promise<MemberDetail> {
  return invoke<MemberDetail>('get_member', { id });
}

/** Resolves to the new member's id. */
export function addMember(form: MemberForm): Promise<string> {
  return invoke<string>('add_member', { form });
}

export function updateMember(id: string, form: MemberForm): Promise<null> {
  return invoke<null>('update_member', { id, form });
}

export function removeMember(id: string): Promise<null> {
  return invoke<null>('remove_member', { id });
}

// --- import and QR ------------------------------------------------------------------------

/**
 * The system's file dialog (PDF and pictures): an opaque token for the chosen file (the
 * window never sees paths), null when the user cancelled. A dropped file's token comes in the
 * "file-dropped" event.
 */
export function pickDocument(): Promise<string | null> {
  return invoke<string | null>('pick_document');
}

/** Reads a document (by its token); it waits in memory (never on disk) until confirmed or discarded. */
export function inspectDocument(token: string): Promise<ImportPreview> {
  return invoke<ImportPreview>('inspect_document', { token });
}

export function confirmImport(
  previewId: string,
  form: MemberForm,
  asOf: string,
  target: IntakeTarget,
): Promise<IntakeResult> {
  return invoke<IntakeResult>('confirm_import', { previewId, form, asOf, target });
}

export function discardImport(previewId: string): Promise<null> {
  return invoke<null>('discard_import', { previewId });
}

/** A member's record as a QR code; `lock` adds a new code to read out. */
export function qrShare(memberId: string, lock: boolean): Promise<QrShare> {
  return invoke<QrShare>('qr_share', { memberId, lock });
}

/** Reads a QR picture (by its file token); a locked one without its code rejects with kind `wrong_code`. */
export function qrRead(token: string, code: string | null): Promise<QrReceived> {
  return invoke<QrReceived>('qr_read', { token, code });
}

/** Stores a received record with the fields as confirmed; resolves to the member id. */
export function qrStore(token: string, code: string | null, form: MemberForm, target: IntakeTarget): Promise<string> {
  return invoke<string>('qr_store', { token, code, form, target });
}

// --- settings -----------------------------------------------------------------------------

export function reminderSettings(): Promise<ReminderSettings> {
  return invoke<ReminderSettings>('reminder_settings');
}

/** Saves the lead times; the backend sorts them and refuses days over 365. */
export function setReminderSettings(settings: ReminderSettings): Promise<null> {
  return invoke<null>('set_reminder_settings', { settings });
}

export function defaultReminderSettings(): Promise<ReminderSettings> {
  return invoke<ReminderSettings>('default_reminder_settings');
}

/** Start at login and stay in the tray (desktop). */
export function backgroundMode(): Promise<boolean> {
  return invoke<boolean>('background_mode');
}

export function setBackgroundMode(on: boolean): Promise<null> {
  return invoke<null>('set_background_mode', { on });
}

/** Asks where to save the calendar; the path written, or null when cancelled. */
export function exportIcs(title: string): Promise<string | null> {
  return invoke<string | null>('export_ics', { title });
}

/** Asks where to save; `secret` is the recovery code or a passphrase (10+ characters). */
export function backupExport(secret: string, title: string): Promise<BackupExported | null> {
  return invoke<BackupExported | null>('backup_export', { secret, title });
}

/** Asks for the backup file; `replace` only after the user confirmed it. */
export function backupImport(mode: 'merge' | 'replace', secret: string, title: string): Promise<BackupImported | null> {
  return invoke<BackupImported | null>('backup_import', { mode, secret, title });
}

/** Whether `code` is this wallet's recovery code; changes nothing. */
export function checkRecoveryCode(code: string): Promise<boolean> {
  return invoke<boolean>('check_recovery_code', { code });
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === 'string' && typeof v.message === 'string' && typeof v.message_ja === 'string';
}

/** Turns whatever a command rejected with into one sentence in the user's language. */
export function errorMessage(error: unknown, lang: Lang): string {
  if (isErrorPayload(error)) {
    const text = lang === 'ja' ? error.message_ja || error.message : error.message || error.message_ja;
    if (text.trim()) return text;
  } else if (typeof error === 'string' && error.trim()) {
    return error;
  } else if (error instanceof Error && error.message.trim()) {
    return error.message;
  }
  return translate(lang, 'error.unknown');
}

/** Builds the request from form fields: trimmed, and empty fields left out. */
export function buildRequest(fields: {
  birth: string;
  issued?: string;
  cert_expiry?: string;
  card_expiry?: string;
  phone_cert_expiry?: string;
}): CheckRequest {
  const request: CheckRequest = { birth: fields.birth.trim() };
  const optional = ['issued', 'cert_expiry', 'card_expiry', 'phone_cert_expiry'] as const;
  for (const key of optional) {
    const value = fields[key]?.trim();
    if (value) request[key] = value;
  }
  return request;
}

// --- at the counter: documents, clinic mode, bench marks ----------------------------------

/** A member's documents, newest first. */
export function memberDocuments(memberId: string): Promise<DocumentMeta[]> {
  return invoke<DocumentMeta[]>('member_documents', { memberId });
}

export function removeDocument(id: string): Promise<null> {
  return invoke<null>('remove_document', { id });
}

/** Keeps the display awake while clinic mode is open; resolves to whether the system agreed. */
export function keepAwake(on: boolean): Promise<boolean> {
  return invoke<boolean>('keep_awake', { on });
}

/** Full screen on or off (desktop); resolves to whether the window changed. */
export function setFullscreen(on: boolean): Promise<boolean> {
  return invoke<boolean>('set_fullscreen', { on });
}

/** The system's print dialog; false where the app has none to open (then try window.print()). */
export function printPage(): Promise<boolean> {
  return invoke<boolean>('print_page');
}

/** True under bench/startup (HOKEN_WALLET_BENCH=1). */
export function benchMode(): Promise<boolean> {
  return invoke<boolean>('bench_mode');
}

/** A bench milestone (printed by the app in bench mode only; `done` quits). */
export function perfMark(name: string): Promise<null> {
  return invoke<null>('perf_mark', { name });
}

// --- the My Number Card on an IC card reader (desktop) or over NFC (phones) -----------------

/** The card readers connected now; empty when there is none (then offer no card reading). */
export function cardReaders(): Promise<string[]> {
  return invoke<string[]>('card_readers');
}

/**
 * Waits (up to 30 s) for the card on the reader and reads its certificate's expiry; no PIN,
 * nothing stored. Rejects with kinds `card_no_reader`, `card_no_card`, `card_removed`,
 * `card_reader_busy`, `card_not_my_number_card`, `card_no_certificate`, `card_read_failed`.
 */
export function cardRead(): Promise<CardRead> {
  return invoke<CardRead>('card_read');
}

// --- the app lock (PIN) ------------------------------------------------------------------

/** Whether the app lock is on, the seconds before the next PIN may be tried, and blocked. */
export function lockStatus(): Promise<PinStatus> {
  return invoke<PinStatus>('lock_status');
}

/** Opens the vault with the PIN; answers like `launch`. Rejects `wrong_pin` or `pin_required`. */
export function unlock(pin: string): Promise<Launch> {
  return invoke<Launch>('unlock', { pin });
}

/** Locks now (the key is wiped); false when the lock is off. */
export function lockNow(): Promise<boolean> {
  return invoke<boolean>('lock_now');
}

export function setPin(pin: string): Promise<null> {
  return invoke<null>('set_pin', { pin });
}

export function changePin(current: string, pin: string): Promise<null> {
  return invoke<null>('change_pin', { current, pin });
}

export function removePin(current: string): Promise<null> {
  return invoke<null>('remove_pin', { current });
}

export function lockIdleMinutes(): Promise<number> {
  return invoke<number>('lock_idle_minutes');
}

export function setLockIdleMinutes(minutes: number): Promise<null> {
  return invoke<null>('set_lock_idle_minutes', { minutes });
}

/** Tells the auto-lock that the user is there (sent at most every few seconds). */
export function userActive(): Promise<null> {
  return invoke<null>('user_active');
}

/** Phones (Android): whether biometric unlock is set up and usable now. */
export function biometricReady(): Promise<boolean> {
  return invoke<boolean>('biometric_ready');
}

/** Phones (Android): turns biometric unlock on (the PIN is checked first). */
export function biometricEnable(pin: string): Promise<null> {
  return invoke<null>('biometric_enable', { pin });
}

/** Phones (Android): the system's fingerprint or face prompt, then the vault opens. */
export function biometricUnlock(): Promise<Launch> {
  return invoke<Launch>('biometric_unlock');
}

/** The recovery code still to be written down (kept since the first run), or null. */
export function pendingRecoveryCode(): Promise<string | null> {
  return invoke<string | null>('pending_recovery_code');
}

/** Group `group` (0-based) of the code typed back: true when it matches (the app forgets it). */
export function recoveryCodeKept(group: number, typed: string): Promise<boolean> {
  return invoke<boolean>('recovery_code_kept', { group, typed });
}

/** A typed date read by core: era, year, month and day for the date input, and its display. */
export function dateParts(input: string): Promise<DateParts> {
  return invoke<DateParts>('date_parts', { input });
}
