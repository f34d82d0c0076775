/**
 * Reads a saved RunResult for `rbench report` and `rbench compare`, checking the version and
 * the fields those commands use, so a wrong file gives one clear message instead of a crash.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeHistogram } from '../metrics/index.js';
import { UsageError } from '../shared/errors.js';
import { SCHEMA_VERSION, type RunResult } from './run-result.js';

/** Reads and checks one report file; throws UsageError (exit 2) naming the file and field. */
export async function readReportFile(path: string): Promise<RunResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${code ?? String(err)})`,
      'give the path of a JSON report written by rbench run (--out FILE)',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path}: not valid JSON (${(err as Error).message})`, 'give a JSON report written by rbench run');
  }
  return checkReport(data, path);
}

/** Checks parsed JSON is a RunResult of this schema version, naming the first wrong field. */
export function checkReport(data: unknown, source: string): RunResult {
  const fail = (field: string, problem: string): never => {
    throw new UsageError(`${source}: ${field} ${problem}`, 'is it a report written by rbench run (--out FILE)?');
  };
  if (!isObject(data)) return fail('the document', 'is not a JSON object');
  if (data.schemaVersion !== SCHEMA_VERSION) {
    if (data.schemaVersion === undefined) return fail('schemaVersion', 'is missing: this is not an rbench report');
    throw new UsageError(
      `${source}: schemaVersion is ${JSON.stringify(data.schemaVersion)}, this rbench reads version ${SCHEMA_VERSION}`,
      'use the rbench version that wrote the report, or re-run the scenario',
    );
  }
  if (!Array.isArray(data.phases)) return fail('phases', 'is missing or not a list');
  data.phases.forEach((phase: unknown, i: number) => {
    const at = `phases[${i}]`;
    if (!isObject(phase)) return fail(at, 'is not an object');
    if (typeof phase.name !== 'string') fail(`${at}.name`, 'is missing or not a string');
    checkStats(phase.totals, `${at}.totals`, fail);
    if (!isObject(phase.commands)) fail(`${at}.commands`, 'is missing or not an object');
    for (const [label, stats] of Object.entries(phase.commands as object)) checkStats(stats, `${at}.commands.${label}`, fail);
    if (!Array.isArray(phase.timeline)) fail(`${at}.timeline`, 'is missing or not a list');
  });
  for (const key of ['rbench', 'target', 'environment'] as const) if (!isObject(data[key])) fail(key, 'is missing or not an object');
  for (const key of ['setup', 'comparisons', 'failures', 'warnings'] as const) if (!Array.isArray(data[key])) fail(key, 'is missing or not a list');
  return data as unknown as RunResult;
}

function checkStats(stats: unknown, at: string, fail: (field: string, problem: string) => never): void {
  if (!isObject(stats)) return fail(at, 'is missing or not an object');
  for (const key of ['ops', 'opsPerSec'] as const) if (typeof stats[key] !== 'number') fail(`${at}.${key}`, 'is missing or not a number');
  const latency = stats.latencyUs;
  if (!isObject(latency)) return fail(`${at}.latencyUs`, 'is missing or not an object');
  for (const key of ['count', 'p50', 'p99', 'max'] as const) if (typeof latency[key] !== 'number') fail(`${at}.latencyUs.${key}`, 'is missing or not a number');
  if (typeof latency.hdr !== 'string') return fail(`${at}.latencyUs.hdr`, 'is missing or not a string');
  try {
    decodeHistogram(latency.hdr).destroy();
  } catch {
    fail(`${at}.latencyUs.hdr`, 'is not a compressed base64 HDR histogram');
  }
}

/**
 * Expands the arguments of `compare`: a file stays itself, a directory gives its *.json files
 * (sorted), so `--runs` output folders can be passed whole.
 */
export async function expandReportPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) {
      const files = (await readdir(path)).filter((f) => f.endsWith('.json')).sort();
      if (files.length === 0) throw new UsageError(`${path}: a folder without any .json report in it`);
      out.push(...files.map((f) => join(path, f)));
    } else {
      out.push(path);
    }
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
