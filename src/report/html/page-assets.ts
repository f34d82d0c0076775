/**
 * The page script and styles built by scripts/bundle.mjs (uPlot included), read once and inlined
 * into every page so the file opens offline with no request of any kind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PageAssets {
  script: string;
  styles: string;
}

let cached: PageAssets | null = null;

/** The bundled page script and CSS; throws with a hint when the build has not made them. */
export function pageAssets(): PageAssets {
  if (cached) return cached;
  const folder = bundleFolder();
  cached = { script: readFileSync(join(folder, 'report-page.js'), 'utf8'), styles: readFileSync(join(folder, 'report-page.css'), 'utf8') };
  return cached;
}

/**
 * dist/bundle, seen from wherever this module runs: the bundled CLI (dist/bundle itself), the
 * compiled tree (dist/src/report/html) or the sources under test (src/report/html).
 */
function bundleFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [dir, join(dir, 'bundle'), join(dir, 'dist', 'bundle')]) {
      if (existsSync(join(candidate, 'report-page.js'))) return candidate;
    }
    dir = dirname(dir);
  }
  throw new Error('the HTML report page script (dist/bundle/report-page.js) is missing: run npm run build');
}
