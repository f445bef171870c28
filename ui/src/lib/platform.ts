/** The system the app runs on, from the web view's user agent. */
export type Platform = 'linux' | 'mac' | 'windows' | 'android' | 'ios' | 'other';

export function platformOf(userAgent: string = globalThis.navigator?.userAgent ?? ''): Platform {
  if (/Android/i.test(userAgent)) return 'android';
  if (/iPhone|iPad|iPod/i.test(userAgent)) return 'ios';
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Macintosh|Mac OS X/i.test(userAgent)) return 'mac';
  if (/Linux|X11/i.test(userAgent)) return 'linux';
  return 'other';
}

/**
 * Marks the page with its platform (`<html data-os="linux">`), so that app.css names only that
 * platform's Japanese fonts: each family a system lacks costs WebKitGTK a fontconfig search
 * per weight, ~80 ms of the first paint for the four missing on a Linux desktop (bench/startup).
 */
export function markPlatform(root: HTMLElement = document.documentElement, userAgent?: string): Platform {
  const platform = platformOf(userAgent);
  root.dataset.os = platform;
  return platform;
}

/** A phone or tablet (Android, iOS): no files dropped on the window, no "computer" wording. */
export function isPhone(platform: Platform = platformOf()): boolean {
  return platform === 'android' || platform === 'ios';
}
