import type { DocumentMeta } from '../bindings/DocumentMeta';
import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { HomeScreen } from '../bindings/HomeScreen';
import type { Launch } from '../bindings/Launch';
import type { VaultStatus } from '../bindings/VaultStatus';
import { isErrorPayload } from './api';

/**
 * The app's screens: a small state machine in place of a router. `App.svelte` holds one
 * `Screen` and renders it; every move is a call to `go(screen)`.
 */
export type Screen =
  | { name: 'loading' }
  /** No vault yet: the welcome; 始める makes the vault and goes to the first member. */
  | { name: 'first_run' }
  /** A vault whose key the keyring does not have: ask for the recovery code. */
  | { name: 'locked'; reason: ErrorPayload | null }
  /** The app lock is on: the lock screen asks for the PIN. */
  | { name: 'pin_lock' }
  /** The vault could not be read (damaged, I/O, busy): a calm page with a retry. */
  | { name: 'failed'; error: unknown }
  /** `initial`: the home screen as launch read it (home then asks for nothing at first). */
  | { name: 'home'; initial?: HomeScreen | null }
  | { name: 'member'; id: string }
  | { name: 'add' }
  | { name: 'edit'; id: string }
  /** The deadline checker, a tool that works without a vault; `back` is where it came from. */
  | { name: 'checker'; back: Screen }
  /** After the first run's recovery code: add the first member by import, by hand, or later. */
  | { name: 'first_member' }
  /** Importing a document: for `target` (null: whoever it names), `path` read at once if given. */
  | { name: 'import'; target: string | null; path: string | null; back: Screen }
  /** Receiving a member's record as a QR picture. */
  | { name: 'qr_receive'; path: string | null; back: Screen }
  /** Showing a member's record as a QR code. */
  | { name: 'qr_share'; id: string }
  /**
   * 窓口で見せる: full screen, no app chrome. `doc` is the document to show when the caller
   * knows it (its image then loads alongside get_member); undefined: the member's newest.
   */
  | { name: 'clinic'; id: string; doc?: DocumentMeta | null; back: Screen }
  /** The printable sheet: one A4 page per member. */
  | { name: 'print'; ids: string[]; back: Screen }
  /** 「何を持っていけばいい？」: needs no vault; `back` is where it came from. */
  | { name: 'guide'; back: Screen }
  | { name: 'settings' }
  /** The recovery code kept since the first run: written down, then one group typed back. */
  | { name: 'keep_code' };

/** Screens shown without the app's header and footer. */
export function hidesChrome(screen: Screen): boolean {
  return screen.name === 'clinic';
}

export type ScreenName = Screen['name'];

/** The launch decision: the vault's state → the first screen. */
export function screenForStatus(status: VaultStatus): Screen {
  switch (status.state) {
    case 'no_vault':
      return { name: 'first_run' };
    case 'locked':
      return { name: 'locked', reason: status.reason };
    case 'open':
      return { name: 'home' };
    case 'pin_locked':
      return { name: 'pin_lock' };
  }
}

/**
 * Asks the backend once and decides; home gets the family that came with the answer. A
 * rejection goes where a vault error says (a key gone: recovery), else to the error screen.
 */
export async function launchScreen(launch: () => Promise<Launch>): Promise<Screen> {
  try {
    const answer = await launch();
    const screen = screenForStatus(answer.vault);
    return screen.name === 'home' ? { name: 'home', initial: answer.home } : screen;
  } catch (error) {
    return screenForVaultError(error) ?? { name: 'failed', error };
  }
}

export function isDamaged(error: unknown): boolean {
  return isErrorPayload(error) && error.kind === 'damaged';
}

/**
 * Whether an error from a vault command means the app must leave the current screen: the
 * vault vanished (`no_vault`), lost its key (`key_unavailable`) or is damaged. Other errors
 * (a bad date in a form, …) stay on the screen that caused them.
 */
export function screenForVaultError(error: unknown): Screen | null {
  if (!isErrorPayload(error)) return null;
  switch (error.kind) {
    case 'no_vault':
      return { name: 'first_run' };
    case 'key_unavailable':
      return { name: 'locked', reason: error };
    case 'pin_required':
      return { name: 'pin_lock' };
    case 'damaged':
      return { name: 'failed', error };
    default:
      return null;
  }
}

/**
 * Where a file dropped on the window goes: on home and after the first run it starts an
 * import; the import and QR screens read it themselves ('here'); elsewhere it is ignored.
 */
export function screenForDrop(screen: Screen, path: string): Screen | 'here' | null {
  switch (screen.name) {
    case 'home':
    case 'first_member':
      return { name: 'import', target: null, path, back: screen };
    case 'import':
    case 'qr_receive':
      return 'here';
    default:
      return null;
  }
}
