/**
 * Writes a RunResult as JSON. A regular file is replaced atomically (a temporary file in the same
 * folder, then a rename); anything else (/dev/null, a FIFO, /dev/stdout) is written in place, as
 * a rename would replace the device with a plain file.
 */
import { unlinkSync } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
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
  await writeReportText(path, resultJson(result));
}

/** Writes report text to `path`: in place for a device or FIFO, else through a temporary file. */
export async function writeReportText(path: string, text: string): Promise<void> {
  const existing = await stat(path).catch(() => null);
  if (existing !== null && !existing.isFile() && !existing.isDirectory()) {
    await writeFile(path, text, 'utf8');
    return;
  }
  await makeFolders(dirname(path));
  const temporary = `${path}.${process.pid}.tmp`;
  pendingTemporaries.add(temporary);
  try {
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, path);
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => {});
    throw err;
  } finally {
    pendingTemporaries.delete(temporary);
  }
}

/**
 * `mkdir -p`, one level at a time: Node's recursive mkdir never returns for a path under /proc
 * (it retries ENOENT forever), so the missing folders are made top-down by hand.
 */
export async function makeFolders(folder: string): Promise<void> {
  const missing: string[] = [];
  let current = resolve(folder);
  while ((await stat(current).catch(() => null)) === null) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) {
    await mkdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}

// A signal that ends the process mid-write must not leave `*.tmp` files behind.
const pendingTemporaries = new Set<string>();
process.on('exit', () => {
  for (const temporary of pendingTemporaries) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
  }
});
