import type { ErrorPayload } from '../bindings/ErrorPayload';
import type { VaultStatus } from '../bindings/VaultStatus';
import { isErrorPayload } from './api';

/**
 * The app's screens: a small state machine in place of a router. `App.svelte` holds one
 * `Screen` and renders it; every move is a call to `go(screen)`.
 */
export type Screen =
  | { name: 'loading' }
  /** No vault yet: welcome → recovery code → type one group back. */
  | { name: 'first_run' }
  /** A vault whose key the keyring does not have: ask for the recovery code. */
  | { name: 'locked'; reason: ErrorPayload | null }
  /** The vault could not be read (damaged, I/O, busy): a calm page with a retry. */
  | { name: 'failed'; error: unknown }
  | { name: 'home' }
  | { name: 'member'; id: string }
  | { name: 'add' }
  | { name: 'edit'; id: string }
  /** The deadline checker, a tool that works without a vault; `back` is where it came from. */
  | { name: 'checker'; back: Screen }
  /** 「何を持っていけばいい？」: needs no vault; `back` is where it came from. */
  | { name: 'guide'; back: Screen }
  | { name: 'settings' };

export type ScreenName = Screen['name'];

/** The launch decision: what `vault_status` says → the first screen. */
export function screenForStatus(status: VaultStatus): Screen {
  switch (status.state) {
    case 'no_vault':
      return { name: 'first_run' };
    case 'locked':
      return { name: 'locked', reason: status.reason };
    case 'open':
      return { name: 'home' };
  }
}

/** Asks the backend and decides; a rejection (e.g. kind `damaged`) becomes the error screen. */
export async function launchScreen(status: () => Promise<VaultStatus>): Promise<Screen> {
  try {
    return screenForStatus(await status());
  } catch (error) {
    return { name: 'failed', error };
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
    case 'damaged':
      return { name: 'failed', error };
    default:
      return null;
  }
}
