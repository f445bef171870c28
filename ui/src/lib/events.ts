import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import { APP_LOCKED_EVENT, OPEN_MEMBER_EVENT, REMINDERS_DUE_EVENT } from '../bindings/events';

/**
 * The backend's events, named once in src-tauri/src/ipc/surface.rs: a notification was
 * clicked (payload: the member's id), or the hourly check delivered reminders.
 */
export { APP_LOCKED_EVENT, FILE_DROPPED_EVENT, OPEN_MEMBER_EVENT, REMINDERS_DUE_EVENT } from '../bindings/events';

export interface ReminderHandlers {
  /** A notification about this member was clicked. */
  onOpenMember: (id: string) => void;
  /** Reminders were delivered: what the home screen shows may have changed. */
  onRemindersDue: () => void;
}

/** Listens to both events; resolves to one function that stops listening. */
export async function listenReminderEvents(handlers: ReminderHandlers): Promise<UnlistenFn> {
  const stops = await Promise.all([
    listen<unknown>(OPEN_MEMBER_EVENT, (event) => {
      if (typeof event.payload === 'string' && event.payload !== '') handlers.onOpenMember(event.payload);
    }),
    listen<unknown>(REMINDERS_DUE_EVENT, () => handlers.onRemindersDue()),
  ]);
  return () => {
    for (const stop of stops) stop();
  };
}

/**
 * Whether a clicked notification may open a member now: only with the vault open (not on
 * the first-run, locked, failed or loading screens), and never over something the user is in
 * the middle of — a form being typed, an import or QR code being checked, or clinic mode at
 * the counter. There the window just comes to the front.
 */
export function canOpenMember(screen: string): boolean {
  const busy = ['add', 'edit', 'first_member', 'import', 'qr_receive', 'clinic'];
  return !['loading', 'first_run', 'locked', 'pin_lock', 'failed', ...busy].includes(screen);
}

/** The backend locked the app (auto-lock, session lock, suspend; src-tauri/src/autolock.rs). */
export function listenAppLocked(onlocked: () => void): Promise<UnlistenFn> {
  return listen<unknown>(APP_LOCKED_EVENT, () => onlocked());
}
