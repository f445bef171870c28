import type { DeadlineKind } from '../bindings/DeadlineKind';
import type { ReminderSettings } from '../bindings/ReminderSettings';
import type { MessageKey } from './i18n';

/**
 * Editing the reminder lead times ("30日前, 7日前, 当日") in the settings screen. The backend
 * checks them again (core's `ReminderSettings::checked`); these checks give the message at
 * once, next to the field.
 */

/** The deadlines whose reminders can be set, in the order of a card's life. */
export const EDITABLE_KINDS: readonly DeadlineKind[] = [
  'renewal_opens',
  'certificate_expiry',
  'grace_warn',
  'grace_end',
  'card_expiry',
  'phone_certificate_expiry',
  'kakunin_expiry',
];

/** The same limits as core/src/reminders.rs. */
export const MAX_LEAD_DAYS = 365;
export const MAX_LEADS_PER_KIND = 5;

/** A kind's days, largest first (the order they fire in). */
export function leadsOf(settings: ReminderSettings, kind: DeadlineKind): number[] {
  return [...(settings.leads[kind] ?? [])].sort((a, b) => b - a);
}

export type LeadCheck = { ok: true; days: number } | { ok: false; error: MessageKey };

/** Reads what was typed in the "days before" field: a whole number from 0 to 365. */
export function parseLead(input: string): LeadCheck {
  // Full-width digits (０-９) are common in Japanese input.
  const text = input.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (text === '') return { ok: false, error: 'settings.leadEmpty' };
  if (!/^\d+$/.test(text)) return { ok: false, error: 'settings.leadNotNumber' };
  const days = Number(text);
  if (days > MAX_LEAD_DAYS) return { ok: false, error: 'settings.leadTooFar' };
  return { ok: true, days };
}

/** Adds a lead time to one kind; an error key when it cannot be added. */
export function addLead(
  settings: ReminderSettings,
  kind: DeadlineKind,
  input: string,
): { ok: true; settings: ReminderSettings } | { ok: false; error: MessageKey } {
  const parsed = parseLead(input);
  if (!parsed.ok) return parsed;
  const current = leadsOf(settings, kind);
  if (current.includes(parsed.days)) return { ok: false, error: 'settings.leadDuplicate' };
  if (current.length >= MAX_LEADS_PER_KIND) return { ok: false, error: 'settings.leadTooMany' };
  return { ok: true, settings: withLeads(settings, kind, [...current, parsed.days]) };
}

/** Removes one lead time from one kind (no reminder at all is allowed). */
export function removeLead(settings: ReminderSettings, kind: DeadlineKind, days: number): ReminderSettings {
  return withLeads(
    settings,
    kind,
    leadsOf(settings, kind).filter((d) => d !== days),
  );
}

function withLeads(settings: ReminderSettings, kind: DeadlineKind, days: number[]): ReminderSettings {
  return { leads: { ...settings.leads, [kind]: [...days].sort((a, b) => b - a) } };
}

/** Whether two settings remind on the same days (for "already the defaults"). */
export function sameSettings(a: ReminderSettings, b: ReminderSettings): boolean {
  return EDITABLE_KINDS.every((k) => leadsOf(a, k).join(',') === leadsOf(b, k).join(','));
}
