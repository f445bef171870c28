/**
 * The recovery code as people read and type it. The code itself is checked by the backend
 * (`recover_vault`); here only the first-run check that one group was written down correctly.
 */

/** Characters in one group of the code as shown: `XXXX-XXXX-…`. */
export const GROUP_LEN = 4;

/** Upper case, no spaces or hyphens, and the look-alikes Crockford's base32 leaves out read as
 * digits: O → 0, I and L → 1. */
export function normalizeCode(input: string): string {
  return input
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐−ー－]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
}

/** The code's groups of four, whatever way it was written. */
export function codeGroups(code: string): string[] {
  const clean = normalizeCode(code);
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += GROUP_LEN) groups.push(clean.slice(i, i + GROUP_LEN));
  return groups;
}

/** Whether `typed` is the code's group number `index` (0-based), forgiving case, spaces and
 * O/I/L. */
export function groupMatches(code: string, index: number, typed: string): boolean {
  const group = codeGroups(code)[index];
  return group !== undefined && group.length > 0 && normalizeCode(typed) === group;
}

/** Which group to ask for (0-based): any but the first, so that the answer is not simply the
 * beginning of the code. */
export function pickGroup(groupCount: number, random: () => number = Math.random): number {
  if (groupCount <= 1) return 0;
  return 1 + Math.min(groupCount - 2, Math.floor(random() * (groupCount - 1)));
}
