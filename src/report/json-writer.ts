/** Writes a RunResult as JSON (and other report files), atomically: a temporary file in the same folder, then a rename. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { RunResult } from './run-result.js';

/** reports/<scenario>-<timestamp>.json, the default output path. */
export function defaultReportPath(scenarioName: string, startedAt: Date, folder = 'reports'): string {
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-').replace(/-\d{3}Z$/, 'Z');
  const safe = scenarioName.replace(/[^A-Za-z0-9._-]/g, '_');
  return join(folder, `${safe}-${stamp}.json`);
}

/** The path of run `run` of `runs`: unchanged for a single run, else FILE-run<N>.json (or .html). */
export function runReportPath(path: string, run: number, runs: number): string {
  if (runs <= 1) return path;
  const dot = /\.(json|html)$/i.test(path) ? path.length - 5 : path.length;
  return `${path.slice(0, dot)}-run${run}${path.slice(dot)}`;
}

/** Serialises the result (two-space indent, trailing newline). */
export function resultJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/** Writes the result to `path` without ever leaving a half-written file there. */
export async function writeResultFile(path: string, result: RunResult): Promise<void> {
  await writeFileAtomically(path, resultJson(result));
}

/** Writes `text` to `path` through a temporary file and a rename (the HTML report uses it too). */
export async function writeFileAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}
