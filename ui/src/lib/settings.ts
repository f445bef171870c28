import type { MessageKey } from './i18n';

/** How a new backup is protected: the vault's recovery code, or a passphrase chosen now. */
export type Protect = 'code' | 'passphrase';

/** The shortest passphrase core accepts (core/src/vault/backup.rs MIN_PASSPHRASE_CHARS). */
export const MIN_PASSPHRASE_CHARS = 10;

/**
 * What is wrong with the secret typed for a new backup, before anything is asked of the
 * backend: nothing typed, a passphrase too short, or the two passphrases differ. A wrong
 * recovery code is found by the backend (it checks the code against the vault).
 */
export function backupSecretProblem(protect: Protect, secret: string, again: string): MessageKey | null {
  if (secret.trim() === '') return 'settings.backup.needSecret';
  if (protect === 'passphrase') {
    // Characters, not UTF-16 units, as core counts them.
    if ([...secret].length < MIN_PASSPHRASE_CHARS) return 'settings.backup.passShort';
    if (secret !== again) return 'settings.backup.passMismatch';
  }
  return null;
}
