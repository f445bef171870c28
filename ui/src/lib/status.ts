import type { CardStatus } from '../bindings/CardStatus';
import type { DeadlineKind } from '../bindings/DeadlineKind';
import type { Severity } from '../bindings/Severity';
import type { Timeline } from '../bindings/Timeline';
import { formatDate, formatWestern } from './format';
import { translate, type Lang, type MessageKey } from './i18n';

/** The words on the status badge; for `grace` it names the last usable day. */
export function statusLabel(timeline: Pick<Timeline, 'status' | 'status_until'>, lang: Lang): string {
  if (timeline.status === 'grace') {
    return timeline.status_until
      ? translate(lang, 'status.grace', { date: lang === 'ja' ? formatDate(timeline.status_until, lang) : formatWestern(timeline.status_until, lang) })
      : translate(lang, 'status.graceNoDate');
  }
  return translate(lang, `status.${timeline.status}` satisfies MessageKey);
}

export type IconName = 'check' | 'refresh' | 'clock' | 'warning' | 'cross' | 'info';

export const STATUS_ICON: Record<CardStatus, IconName> = {
  usable: 'check',
  renewal_open: 'refresh',
  expiring_soon: 'clock',
  grace: 'warning',
  unusable: 'cross',
};

export const SEVERITY_ICON: Record<Severity, IconName> = {
  info: 'info',
  soon: 'clock',
  urgent: 'warning',
  expired: 'cross',
};

export function severityLabel(severity: Severity, lang: Lang): string {
  return translate(lang, `severity.${severity}` satisfies MessageKey);
}

export function deadlineLabel(kind: DeadlineKind, lang: Lang): string {
  return translate(lang, `deadline.${kind}` satisfies MessageKey);
}
