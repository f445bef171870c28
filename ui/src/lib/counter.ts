import type { DocumentMeta } from '../bindings/DocumentMeta';
import type { Member } from '../bindings/Member';
import { formatDate, formatWestern, toEraString } from './format';
import { platformOf } from './platform';
import { translate, type Lang, type MessageKey } from './i18n';

/**
 * What a member shows at the clinic's counter (窓口で見せる) and prints: document image URLs,
 * the fields in the order a receptionist reads them, and the zoom/pan arithmetic of the
 * document viewer. Pure functions; the screens are Clinic.svelte and PrintSheet.svelte.
 */

export type DocPart = 'display' | 'thumbnail' | 'original';

/**
 * The `hoken:` scheme's URL for a stored document's image (src-tauri/src/protocol.rs):
 * `hoken://localhost/doc/<id>/<part>` on Linux and macOS, `http://hoken.localhost/…` where
 * WebView2 and Android's webview serve custom schemes (Windows, Android).
 */
export function docUrl(id: string, part: DocPart, userAgent: string = globalThis.navigator?.userAgent ?? ''): string {
  const path = `doc/${encodeURIComponent(id)}/${part}`;
  const platform = platformOf(userAgent);
  return platform === 'windows' || platform === 'android' ? `http://hoken.localhost/${path}` : `hoken://localhost/${path}`;
}

/** `令和6年（2024年）6月7日時点` / `As of 7 June 2024 (令和6年6月7日)`. */
export function asOfLabel(iso: string, lang: Lang): string {
  return lang === 'ja'
    ? translate(lang, 'counter.asOf', { date: formatDate(iso, lang) })
    : translate(lang, 'counter.asOf', { date: `${formatWestern(iso, lang)} (${toEraString(iso)})` });
}

export type FieldId =
  | 'insurer_name'
  | 'insurer_number'
  | 'relation'
  | 'ratio'
  | 'symbol'
  | 'number'
  | 'branch'
  | 'kana'
  | 'name'
  | 'birth';

export interface CounterField {
  id: FieldId;
  label: MessageKey;
  /** As the receptionist reads it: the birth date in era form, the ratio as `3割`; null when unknown. */
  value: string | null;
  /** Digits and codes are read better in a monospaced, wide-spaced face. */
  code: boolean;
  /** Read from a stored document or typed (core keeps the marks); null when there is no value. */
  origin: Origin | null;
}

export type Origin = 'document' | 'typed';

/** Whether core marked `field` of `m` as read from a document. */
export function originOf(m: Pick<Member, 'from_document'>, field: string, value: unknown): Origin | null {
  if (value === null || value === undefined || value === '') return null;
  return m.from_document.includes(field) ? 'document' : 'typed';
}

/**
 * The ten fields, in the order the counter screen lays them out (clinic mode's grid places
 * each by its id): the insurer, the three short values, the card's numbers, the person.
 */
export function counterFields(m: Member, lang: Lang): CounterField[] {
  const blank = (s: string | null) => (s === null || s.trim() === '' ? null : s);
  const fields: Omit<CounterField, 'origin'>[] = [
    { id: 'insurer_name', label: 'field.insurerName', value: blank(m.insurer_name), code: false },
    { id: 'insurer_number', label: 'field.insurerNumber', value: blank(m.insurer_number), code: true },
    {
      id: 'relation',
      label: 'counter.relationLabel',
      value: translate(lang, m.relation === 'insured' ? 'relation.insured' : 'relation.dependent'),
      code: false,
    },
    {
      id: 'ratio',
      label: 'field.ratio',
      value: m.ratio === null ? null : translate(lang, 'member.ratioValue', { n: m.ratio }),
      code: false,
    },
    { id: 'symbol', label: 'field.symbol', value: blank(m.symbol), code: true },
    { id: 'number', label: 'field.number', value: blank(m.number), code: true },
    { id: 'branch', label: 'field.branch', value: blank(m.branch), code: true },
    { id: 'kana', label: 'field.kana', value: blank(m.kana), code: false },
    { id: 'name', label: 'field.name', value: blank(m.name), code: false },
    {
      id: 'birth',
      label: 'field.birth',
      value: lang === 'ja' ? formatDate(m.birth, lang) : `${toEraString(m.birth)} (${formatWestern(m.birth, lang)})`,
      code: false,
    },
  ];
  return fields.map((f) => ({ ...f, origin: originOf(m, f.id, f.value) }));
}

/** The box a document image needs before it loads (no layout shift): `width / height`. */
export function aspectRatio(doc: Pick<DocumentMeta, 'width' | 'height'> | null, fallback = 210 / 297): number {
  if (!doc || !(doc.width > 0) || !(doc.height > 0)) return fallback;
  return doc.width / doc.height;
}

// --- zoom and pan ---------------------------------------------------------------------------

/**
 * The viewer's transform: the image box (width × height, the image fitted inside with
 * object-fit: contain) is drawn at `translate(x, y) scale(scale)` with its origin at the
 * top left. At scale 1 the whole document is visible; x and y are ≤ 0 and keep the box
 * covering the viewport, so the document can never be dragged out of sight.
 */
export interface View {
  scale: number;
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MIN_SCALE = 1;
export const MAX_SCALE = 6;
/** One press of ＋/− or one wheel notch. */
export const STEP = 1.25;
/** One arrow key press, in CSS pixels. */
export const PAN_STEP = 48;

export const IDENTITY: View = { scale: 1, x: 0, y: 0 };

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Keeps the scale in range and the (scaled) box covering the viewport. */
export function clampView(v: View, box: Size): View {
  const scale = clamp(Number.isFinite(v.scale) ? v.scale : 1, MIN_SCALE, MAX_SCALE);
  const minX = box.width - box.width * scale;
  const minY = box.height - box.height * scale;
  return {
    scale,
    x: clamp(Number.isFinite(v.x) ? v.x : 0, minX, 0) || 0,
    y: clamp(Number.isFinite(v.y) ? v.y : 0, minY, 0) || 0,
  };
}

/**
 * Zooms by `factor` keeping the point (cx, cy) of the viewport still (the pointer, the
 * pinch's centre, or the middle for the buttons and keys).
 */
export function zoomAt(v: View, factor: number, cx: number, cy: number, box: Size): View {
  const scale = clamp(v.scale * factor, MIN_SCALE, MAX_SCALE);
  const k = scale / v.scale;
  return clampView({ scale, x: cx - (cx - v.x) * k, y: cy - (cy - v.y) * k }, box);
}

/** Zooms about the viewport's centre. */
export function zoomCentre(v: View, factor: number, box: Size): View {
  return zoomAt(v, factor, box.width / 2, box.height / 2, box);
}

export function panBy(v: View, dx: number, dy: number, box: Size): View {
  return clampView({ scale: v.scale, x: v.x + dx, y: v.y + dy }, box);
}

/** A wheel event's zoom factor: one notch (≈100 px, or a trackpad's pinch) ≈ one step. */
export function wheelFactor(deltaY: number, deltaMode = 0): number {
  const px = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.pow(STEP, clamp(-px / 100, -4, 4));
}

export type ViewerKey = 'in' | 'out' | 'reset' | 'left' | 'right' | 'up' | 'down';

/** The viewer's keyboard: + and − (also = and _ and the keypad's), 0, and the arrows. */
export function viewerKey(key: string): ViewerKey | null {
  switch (key) {
    case '+':
    case '=':
    case 'Add':
      return 'in';
    case '-':
    case '_':
    case '−':
    case 'Subtract':
      return 'out';
    case '0':
      return 'reset';
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return null;
  }
}

/** What a viewer key does to the view. Arrows move the view the way they point. */
export function applyKey(v: View, key: ViewerKey, box: Size): View {
  switch (key) {
    case 'in':
      return zoomCentre(v, STEP, box);
    case 'out':
      return zoomCentre(v, 1 / STEP, box);
    case 'reset':
      return IDENTITY;
    case 'left':
      return panBy(v, PAN_STEP, 0, box);
    case 'right':
      return panBy(v, -PAN_STEP, 0, box);
    case 'up':
      return panBy(v, 0, PAN_STEP, box);
    case 'down':
      return panBy(v, 0, -PAN_STEP, box);
  }
}

/** Two pointers' distance and midpoint (a pinch). */
export function pinch(a: { x: number; y: number }, b: { x: number; y: number }): { distance: number; x: number; y: number } {
  return { distance: Math.hypot(a.x - b.x, a.y - b.y), x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}
