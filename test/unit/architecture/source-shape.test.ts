/**
 * The shape rules of src/ that a review would otherwise check by hand (docs/architecture.md):
 * no file over 400 lines, no import cycle between files, folders that import one way only, and the
 * bottom layers importing nothing above them.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderImports, importCycles, readSourceGraph } from '../../helpers/import-graph.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const files = readSourceGraph(root);

describe('src/', () => {
  it('has no file over 400 lines', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => f.lines > 400).map((f) => `${f.path} (${f.lines})`)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(importCycles(files)).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const a = { path: 'src/a/x.ts', lines: 1, imports: ['src/a/y.ts'] };
    const b = { path: 'src/a/y.ts', lines: 1, imports: ['src/a/x.ts'] };
    expect(importCycles([a, b, { path: 'src/a/z.ts', lines: 1, imports: ['src/a/x.ts'] }])).toEqual([['src/a/x.ts', 'src/a/y.ts']]);
  });

  it('has folders that import one way only', () => {
    const folders = folderImports(files);
    const asFiles = [...folders].map(([from, to]) => ({ path: `src/${from}/index.ts`, lines: 0, imports: [...to].map((t) => `src/${t}/index.ts`) }));
    expect(importCycles(asFiles)).toEqual([]);
  });

  it('keeps the bottom layers free of the ones above', () => {
    const folders = folderImports(files);
    const allowed: Record<string, string[]> = {
      shared: [],
      resp: ['shared'],
      scenario: ['shared'],
      metrics: ['resp', 'shared'],
      client: ['resp', 'shared'],
      workload: ['resp', 'scenario', 'shared'],
    };
    for (const [folder, may] of Object.entries(allowed)) {
      expect([...(folders.get(folder) ?? [])].filter((f) => !may.includes(f)), `${folder} imports`).toEqual([]);
    }
    // Only the command line may print and exit; nothing below it imports it.
    expect([...folders].filter(([from, to]) => from !== 'cli' && to.has('cli')).map(([from]) => from)).toEqual([]);
  });
});
