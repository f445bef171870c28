import type { Screen } from './router';

/**
 * The header's two entries. 「何を持っていけばいい？」 needs no vault: it is there on every
 * screen but the loading one. 設定 needs the open vault: not on first run, the locked
 * (recovery) screen or the error screen, nor on a tool opened from them.
 */
export function guideEntryShown(screen: Screen): boolean {
  return screen.name !== 'loading';
}

export function settingsEntryShown(screen: Screen): boolean {
  switch (screen.name) {
    case 'home':
    case 'member':
    case 'add':
    case 'edit':
    case 'settings':
      return true;
    case 'checker':
    case 'guide':
      return settingsEntryShown(screen.back);
    default:
      return false;
  }
}
