/**
 * Bundles the compiled CLI and worker entry (dist/src/...) into dist/bundle/{rbench,worker}.mjs.
 * Why: Node 20 spends about 0.3 s of CPU resolving and linking several hundred ES modules at
 * every start (zod, yargs, yaml, ours); one file per thread halves start-up, which matters for
 * short runs and for client CPU per operation. bin/rbench prefers the bundle when it exists.
 * piscina stays external: it finds its own worker script on disk.
 */
import { build } from 'esbuild';

const shared = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['piscina'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __rbenchRequire } from 'node:module'; const require = __rbenchRequire(import.meta.url);" },
};

await build({ ...shared, entryPoints: { rbench: 'dist/src/cli/main.js', worker: 'dist/src/worker/entry.js' }, outdir: 'dist/bundle', outExtension: { '.js': '.mjs' } });

// The HTML report's page script: uPlot and our chart code in one minified IIFE, with its CSS,
// inlined into each report page at render time (src/report/html/page-assets.ts).
await build({
  entryPoints: { 'report-page': 'src/report/html/page/main.ts' },
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  logLevel: 'warning',
  outdir: 'dist/bundle',
});
