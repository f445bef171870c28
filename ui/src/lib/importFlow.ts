import type { FieldMessage } from '../bindings/FieldMessage';
import type { FieldReport } from '../bindings/FieldReport';
import type { FieldState } from '../bindings/FieldState';
import type { ImportPreview } from '../bindings/ImportPreview';
import type { IntakeResult } from '../bindings/IntakeResult';
import type { IntakeTarget } from '../bindings/IntakeTarget';
import type { MemberForm } from '../bindings/MemberForm';
import type { MemberMatch } from '../bindings/MemberMatch';
import type { Place } from '../bindings/Place';
import type { QrReceived } from '../bindings/QrReceived';
import { confirmImport, inspectDocument, isErrorPayload, pickDocument, qrRead, qrStore } from './api';
import type { Lang, MessageKey, Params } from './i18n';
import { fieldOfError, INSURANCE_FIELDS, missingFields, toMemberForm, type MemberField } from './memberForm';

/**
 * The import flow (a document, or a QR code from another wallet): choose a file → check the
 * fields it carries → choose whose it is → store. The screens (Import.svelte, QrReceive.svelte)
 * hold one state each and move with the functions here.
 */

/** The fields a document or a QR code carries, in the member form's order. */
export const INTAKE_FIELDS = ['name', 'kana', 'relation', 'birth', ...INSURANCE_FIELDS] as const satisfies readonly (
  | MemberField
  | keyof FieldReport
)[];

export type IntakeField = (typeof INTAKE_FIELDS)[number];

/** Each member-form field's label in the string catalogue. */
export const FIELD_LABELS: Record<MemberField, MessageKey> = {
  name: 'field.name',
  kana: 'field.kana',
  relation: 'field.relation',
  birth: 'field.birth',
  cert_issued: 'field.certIssued',
  cert_expiry: 'field.certExpiry',
  card_expiry: 'field.cardExpiry',
  phone_cert_expiry: 'field.phoneCertExpiry',
  kakunin_expiry: 'field.kakuninExpiry',
  insurer_number: 'field.insurerNumber',
  insurer_name: 'field.insurerName',
  symbol: 'field.symbol',
  number: 'field.number',
  branch: 'field.branch',
  ratio: 'field.ratio',
  acquired: 'field.acquired',
};

/**
 * What the importer said about one field: found, not found, or invalid (with the reason), and
 * where on page 1 its value stands when the document says (a PDF's text layer).
 */
export type FieldMark = { state: FieldState; reason: FieldMessage | null; place: Place | null };

export type MarkedField = IntakeField | 'as_of';

/** The importer's verdict on every field the preview shows. */
export function fieldMarks(report: FieldReport): Record<MarkedField, FieldMark> {
  const marks = {} as Record<MarkedField, FieldMark>;
  for (const key of [...INTAKE_FIELDS, 'as_of'] as const) {
    const status = report[key];
    marks[key] = {
      state: status.state,
      reason: status.state === 'invalid' ? status.message : null,
      place: status.place ?? null,
    };
  }
  return marks;
}

/** How many fields were read, for the summary line (読み取れた項目 8 / 12). */
export function countFound(marks: Record<MarkedField, FieldMark>): { found: number; total: number } {
  const all = Object.values(marks);
  return { found: all.filter((m) => m.state === 'found').length, total: all.length };
}

export function markReason(mark: FieldMark, lang: Lang): string {
  if (!mark.reason) return '';
  return lang === 'ja' ? mark.reason.ja : mark.reason.en;
}

// --- whose document --------------------------------------------------------------------------

/** The member the user chose to store under: an existing one, or a new member. */
export type TargetChoice = { kind: 'member'; id: string } | { kind: 'new' };

/**
 * The first choice: the member the import was started from (MemberView's button), else the
 * member the record matches, else a new member.
 */
export function initialChoice(match: MemberMatch | null, fixed: string | null = null): TargetChoice {
  if (fixed) return { kind: 'member', id: fixed };
  if (match?.kind === 'existing') return { kind: 'member', id: match.id };
  return { kind: 'new' };
}

export function toTarget(choice: TargetChoice): IntakeTarget {
  return choice.kind === 'member' ? { kind: 'member', id: choice.id } : { kind: 'new' };
}

/** The value of the choice's radio button (`new` or the member id). */
export function choiceValue(choice: TargetChoice): string {
  return choice.kind === 'member' ? choice.id : 'new';
}

export function choiceFromValue(value: string): TargetChoice {
  return value === 'new' ? { kind: 'new' } : { kind: 'member', id: value };
}

function digits(value: string | null | undefined): string {
  return (value ?? '').replace(/[^0-9０-９]/g, '').replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
}

/**
 * Whether storing `formNumber` over a member whose insurer number is `memberNumber` changes
 * the insurer (both known and different, as the backend decides it): 保険者が変わりました.
 */
export function insurerChanged(formNumber: string, memberNumber: string | null | undefined): boolean {
  const a = digits(formNumber);
  const b = digits(memberNumber);
  return a !== '' && b !== '' && a !== b;
}

// --- files -----------------------------------------------------------------------------------

/** The path in a "file-dropped" event (one path, or a list of them: the first). */
export function droppedPath(payload: unknown): string | null {
  const first = Array.isArray(payload) ? payload[0] : payload;
  return typeof first === 'string' && first.trim() !== '' ? first : null;
}

/**
 * The address of the waiting document's image (the `hoken:` scheme: decrypted in memory,
 * never cached). Windows and Android reach custom schemes as `http://<scheme>.localhost`.
 */
export function pendingImageUrl(
  previewId: string,
  part: 'display' | 'thumbnail' = 'display',
  userAgent: string = typeof navigator === 'undefined' ? '' : navigator.userAgent,
): string {
  const base = /Windows|Android/i.test(userAgent) ? 'http://hoken.localhost' : 'hoken://localhost';
  return `${base}/pending/${encodeURIComponent(previewId)}/${part}`;
}

// --- the document import ---------------------------------------------------------------------

export type ImportState =
  /** Waiting for a file; `error` says why the last one could not be read. */
  | { step: 'choose'; error: unknown }
  | { step: 'reading'; path: string }
  | { step: 'preview'; preview: ImportPreview };

export const CHOOSE: ImportState = { step: 'choose', error: null };

/** Reads a document: its preview, or back to choosing with the backend's message. */
export async function readDocument(path: string): Promise<ImportState> {
  try {
    return { step: 'preview', preview: await inspectDocument(path) };
  } catch (error) {
    return { step: 'choose', error };
  }
}

/** Opens the file dialog: the chosen path, null when cancelled; a failure is thrown. */
export function chooseFile(): Promise<string | null> {
  return pickDocument();
}

/** The preview's form, with the relation 本人 when the document did not say. */
export function previewForm(preview: ImportPreview): MemberForm {
  return toMemberForm(preview.preview.form);
}

/** A problem to show under the form: a catalogue key, or the backend's error. */
export type Problem = { key: MessageKey; params?: Params } | { raw: unknown };

export type SaveOutcome<T> =
  | { ok: true; value: T }
  /** `field`: the field the error is about (to mark it and move the focus there). */
  | { ok: false; problem: Problem; field: MemberField | null };

/** Checks before calling the backend: a new member needs a name and a birth date. */
function precheck(form: MemberForm, choice: TargetChoice): SaveOutcome<never> | null {
  if (choice.kind !== 'new') return null;
  const missing = missingFields(form);
  if (missing.length === 0) return null;
  return {
    ok: false,
    problem: { key: missing[0] === 'name' ? 'form.nameMissing' : 'form.birthMissing' },
    field: missing[0],
  };
}

function failed(error: unknown): SaveOutcome<never> {
  const field = isErrorPayload(error) ? (fieldOfError(error.message_ja) ?? fieldOfError(error.message)) : null;
  return { ok: false, problem: { raw: error }, field };
}

/** Stores the waiting document under the chosen member with the fields as confirmed. */
export async function saveImport(
  previewId: string,
  fields: MemberForm,
  asOf: string,
  choice: TargetChoice,
): Promise<SaveOutcome<IntakeResult>> {
  const form = toMemberForm(fields);
  const early = precheck(form, choice);
  if (early) return early;
  try {
    return { ok: true, value: await confirmImport(previewId, form, asOf.trim(), toTarget(choice)) };
  } catch (error) {
    return failed(error);
  }
}

/** What the member screen says after a document was stored. */
export function importNotice(result: IntakeResult): { key: MessageKey } {
  if (result.created) return { key: 'import.savedNew' };
  return { key: result.insurer_changed ? 'import.savedInsurerChanged' : 'import.saved' };
}

// --- receiving a QR code ---------------------------------------------------------------------

export type QrState =
  | { step: 'choose'; error: unknown }
  | { step: 'reading'; path: string }
  /** The code is locked: ask for the code its sender reads out (`error`: the last try). */
  | { step: 'code'; path: string; error: unknown }
  | { step: 'confirm'; path: string; code: string | null; received: QrReceived };

export const QR_CHOOSE: QrState = { step: 'choose', error: null };

/** Whether an error means "this QR code is locked": no code, or not the right one. */
export function isLocked(error: unknown): boolean {
  return isErrorPayload(error) && error.kind === 'wrong_code';
}

/**
 * Reads a QR picture (with the code, once asked for): the record to confirm; a locked code
 * asks for its code (again, with the reason, after a wrong one); anything else (damaged, not
 * ours, a newer version) goes back to choosing with the backend's message.
 */
export async function readQr(path: string, code: string | null = null): Promise<QrState> {
  const typed = code?.trim() ? code.trim() : null;
  try {
    return { step: 'confirm', path, code: typed, received: await qrRead(path, typed) };
  } catch (error) {
    if (isLocked(error)) return { step: 'code', path, error: typed ? error : null };
    return { step: 'choose', error };
  }
}

/** Stores the received record under the chosen member with the fields as confirmed. */
export async function saveQr(
  path: string,
  code: string | null,
  fields: MemberForm,
  choice: TargetChoice,
): Promise<SaveOutcome<string>> {
  const form = toMemberForm(fields);
  const early = precheck(form, choice);
  if (early) return early;
  try {
    return { ok: true, value: await qrStore(path, code, form, toTarget(choice)) };
  } catch (error) {
    return failed(error);
  }
}

/** A value's box on the page with a margin around it (thousandths of the page, clamped). */
export function around(place: Place): Place {
  const mx = Math.max(8, place.height * 0.6);
  const my = place.height * 0.5;
  const left = Math.max(0, place.left - mx);
  const top = Math.max(0, place.top - my);
  return {
    left,
    top,
    width: Math.min(1000, place.left + place.width + mx) - left,
    height: Math.min(1000, place.top + place.height + my) - top,
  };
}

/** The CSS that shows `place` of a page image filling an element (its crop). */
export function cropStyle(url: string, place: Place): string {
  const p = around(place);
  const pos = (start: number, size: number) => (size >= 1000 ? 0 : (start / (1000 - size)) * 100);
  return [
    `background-image: url("${url}")`,
    `background-size: ${(1000 / p.width) * 100}% ${(1000 / p.height) * 100}%`,
    `background-position: ${pos(p.left, p.width)}% ${pos(p.top, p.height)}%`,
  ].join('; ');
}

/** The crop's width / height for a page of `width` × `height` pixels. */
export function cropAspect(place: Place, width: number, height: number): number {
  const p = around(place);
  return p.height > 0 && height > 0 ? (p.width * width) / (p.height * height) : 1;
}
