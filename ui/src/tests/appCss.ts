import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** ui/src/app.css as text. Vitest runs from ui/ (npm test); from the repository root it is under ui/. */
export function appCss(): string {
  const file = ['src/app.css', 'ui/src/app.css'].map((p) => resolve(process.cwd(), p)).find((p) => existsSync(p));
  return file ? readFileSync(file, 'utf8') : '';
}
