import { jaModel, Parser } from 'budoux';

/**
 * Japanese line breaks between phrases only. WebKitGTK has no `word-break: auto-phrase`, so
 * BudouX finds the phrase boundaries and a zero-width space marks each one; app.css then sets
 * `word-break: keep-all`, which breaks Japanese nowhere else. Applied to the rendered text once
 * per change (a MutationObserver on the page), so screens need no markup of their own.
 */

const parser = new Parser(jaModel);
const ZWSP = '\u200b';
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]/;
/** Text inside these is left alone: what is typed, code, a word with its reading (ruby), and
 * marked `data-nobreak`. */
const SKIP = 'input, textarea, script, style, code, pre, ruby, [data-nobreak], [contenteditable]';

/** The text with a zero-width space at each phrase boundary (unchanged without Japanese). */
export function phrased(text: string): string {
  if (!JAPANESE.test(text)) return text;
  const clean = text.replaceAll(ZWSP, '');
  return clean
    .split(/(\s+)/)
    .map((part) => (JAPANESE.test(part) ? parser.parse(part).join(ZWSP) : part))
    .join('');
}

function skipped(node: Node): boolean {
  const parent = node.parentElement;
  return !parent || parent.closest(SKIP) !== null;
}

function apply(node: Node) {
  if (node.nodeType === Node.TEXT_NODE) {
    const text = node as Text;
    if (skipped(text)) return;
    const next = phrased(text.data);
    if (next !== text.data) text.data = next;
    return;
  }
  if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
  if (node instanceof Element && node.closest(SKIP)) return;
  const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) apply(n);
}

/** Phrases `root`'s text now and whenever it changes; returns the stop function. */
export function watchPhrases(root: HTMLElement): () => void {
  apply(root);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') apply(r.target);
      else r.addedNodes.forEach(apply);
    }
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return () => observer.disconnect();
}
