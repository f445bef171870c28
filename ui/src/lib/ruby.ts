/**
 * ふりがな for the hard words of insurance (猶予, 枝番, 被扶養者 …): wherever one appears in a
 * label the app shows, it is drawn with its reading above (`<ruby>`). Japanese text only;
 * other text passes through as it is.
 */
export const READINGS: Readonly<Record<string, string>> = {
  被扶養者: 'ひふようしゃ',
  被保険者: 'ひほけんしゃ',
  猶予: 'ゆうよ',
  枝番: 'えだばん',
};

/** A piece of text, with its reading when it is a hard word. */
export type Segment = { text: string; reading?: string };

// Longest first, should a word ever contain another.
const WORDS = Object.keys(READINGS).sort((a, b) => b.length - a.length);
const PATTERN = new RegExp(`(${WORDS.join('|')})`, 'u');

/** The text split at each hard word (each hard word read once per text: its first use). */
export function rubySegments(text: string): Segment[] {
  const out: Segment[] = [];
  const seen = new Set<string>();
  for (const part of text.split(PATTERN)) {
    if (part === '') continue;
    const reading = READINGS[part];
    if (reading && !seen.has(part)) {
      seen.add(part);
      out.push({ text: part, reading });
    } else {
      const last = out[out.length - 1];
      if (last && !last.reading) last.text += part;
      else out.push({ text: part });
    }
  }
  return out;
}
