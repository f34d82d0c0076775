/**
 * The import graph of src/, read from the source text: every `import`/`export ... from` and
 * dynamic `import()` of a relative path, type-only imports included (a cycle of types is still a
 * cycle for a reader).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes: "src/plan/types.ts". */
  path: string;
  lines: number;
  /** Resolved repository-relative paths of the src files it imports. */
  imports: string[];
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|^import\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Every .ts file under `root`/src with its imports. */
export function readSourceGraph(root: string): SourceFile[] {
  return walk(join(root, 'src')).map((file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(IMPORT)].map((m) => {
      const spec = (m[1] ?? m[2] ?? m[3])!.replace(/\.js$/, '.ts');
      return relative(root, resolve(dirname(file), spec)).split('\\').join('/');
    });
    return { path: relative(root, file).split('\\').join('/'), lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), imports: [...new Set(imports)] };
  });
}

/** The import cycles (strongly connected components of more than one file, or a self-import). */
export function importCycles(files: readonly SourceFile[]): string[][] {
  const edges = new Map(files.map((f) => [f.path, f.imports]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!edges.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (edges.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const f of files) if (!index.has(f.path)) visit(f.path);
  return cycles;
}

/** The top-level folder under src/ ("plan" for src/plan/x.ts; the file name for src/x.ts). */
export function folderOf(path: string): string {
  return path.split('/')[1]!.replace(/\.ts$/, '');
}

/** Which folders each folder imports from (itself excluded). */
export function folderImports(files: readonly SourceFile[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const f of files) {
    const from = folderOf(f.path);
    const set = out.get(from) ?? new Set<string>();
    for (const to of f.imports) if (to.startsWith('src/') && folderOf(to) !== from) set.add(folderOf(to));
    out.set(from, set);
  }
  return out;
}
