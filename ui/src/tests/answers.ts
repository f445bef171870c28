import type { FamilyStatus } from '../bindings/FamilyStatus';
import type { HomeScreen } from '../bindings/HomeScreen';
import type { Launch } from '../bindings/Launch';
import type { VaultStatus } from '../bindings/VaultStatus';

/** The `home` command's answer for a family (thumbnails: document id → data: URL). */
export function homeAnswer(family: FamilyStatus, thumbnails: HomeScreen['thumbnails'] = {}, recoveryPending = false): HomeScreen {
  return { family, thumbnails, recovery_pending: recoveryPending };
}

/** The `launch` command's answer: the vault's state, and home when it is open (as Rust gives it). */
export function launchAnswer(vault: VaultStatus, home: () => HomeScreen): Launch {
  return { vault, home: vault.state === 'open' ? home() : null };
}
