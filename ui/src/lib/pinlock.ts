import type { Lang } from './i18n';

/** The shortest PIN (digits only) and passphrase (anything else); core checks them again. */
export const MIN_PIN_DIGITS = 6;
export const MIN_PASSPHRASE_CHARS = 8;

/** A wait as the lock screen says it: seconds under a minute, then minutes, then hours. */
export function waitText(seconds: number, lang: Lang): string {
  if (seconds >= 3600) {
    const h = Math.ceil(seconds / 3600);
    return lang === 'ja' ? `${h}時間` : `${h} hour${h === 1 ? '' : 's'}`;
  }
  if (seconds >= 60) {
    const m = Math.ceil(seconds / 60);
    return lang === 'ja' ? `${m}分` : `${m} minute${m === 1 ? '' : 's'}`;
  }
  return lang === 'ja' ? `${seconds}秒` : `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/** Whether `pin` is long enough to be a PIN (6+ digits) or a passphrase (8+ characters). */
export function pinLongEnough(pin: string): boolean {
  const p = pin.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const n = [...p].length;
  return /^[0-9]+$/.test(p) ? n >= MIN_PIN_DIGITS : n >= MIN_PASSPHRASE_CHARS;
}

/**
 * Calls `ping` when the user does something, at most once every `everyMs`: the auto-lock's
 * idle clock (kept in the shell, decided in core). Returns the function that stops it.
 */
export function watchActivity(target: EventTarget, ping: () => void, everyMs = 5000): () => void {
  let last = 0;
  const seen = () => {
    const now = Date.now();
    if (now - last >= everyMs) {
      last = now;
      ping();
    }
  };
  const events = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'pointermove'];
  for (const e of events) target.addEventListener(e, seen, { passive: true });
  return () => {
    for (const e of events) target.removeEventListener(e, seen);
  };
}

/**
 * Phones: the app switcher's snapshot must not show the family's data. When the page is
 * hidden (the app goes to the background) its body is hidden too, before the system takes
 * the snapshot; it shows again when the app comes back (where the lock screen may wait).
 * Desktops keep their window contents (a minimised window locks after a minute instead).
 */
export function hideInAppSwitcher(platform: string, doc: Document = document): () => void {
  if (platform !== 'android' && platform !== 'ios') return () => undefined;
  const update = () => {
    doc.body.style.visibility = doc.visibilityState === 'hidden' ? 'hidden' : '';
  };
  doc.addEventListener('visibilitychange', update);
  window.addEventListener('pagehide', update);
  return () => {
    doc.removeEventListener('visibilitychange', update);
    window.removeEventListener('pagehide', update);
  };
}
