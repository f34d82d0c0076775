/**
 * Where a run's JSON report goes (--out, --json, --json -), decided and checked before any load:
 * a path that cannot be written, or that is one of the run's own inputs (the scenario, a TLS
 * file), is refused with exit 2 instead of being found out after the whole run.
 */
import { constants } from 'node:fs';
import { access, open, realpath, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defaultReportPath, makeFolders, runReportPath } from '../report/json-writer.js';
import { UsageError } from '../shared/errors.js';
import type { ReportOutputArgs } from './options/run-options.js';

export interface ReportDestinations {
  /** `--json -`: the JSON goes to stdout (and the terminal report does not). */
  jsonToStdout: boolean;
  /** Files named by --out and --json, in that order, without repeats. Empty: the default path. */
  files: string[];
}

/** The destinations the flags name; `--json A --out B` writes both, `--json - --out F` both too. */
export function reportDestinations(args: ReportOutputArgs): ReportDestinations {
  // yargs hands `--json -` over as an empty string; both mean stdout.
  const jsonToStdout = args.json === '-' || args.json === '';
  const named = [args.out, jsonToStdout ? undefined : args.json].filter((p): p is string => p !== undefined && p !== '');
  const files: string[] = [];
  for (const file of named) if (!files.some((f) => resolve(f) === resolve(file))) files.push(file);
  return { jsonToStdout, files };
}

/** A file the run reads: the scenario, certificates. The flag or role is named in the message. */
export interface RunInput {
  path: string;
  what: string;
}

export interface PreparedReports {
  jsonToStdout: boolean;
  /** The files run `run` (1-based) writes, for a run that started at `startedAt`. */
  pathsFor(run: number, startedAt: Date): string[];
}

/**
 * Decides and checks (before any load) where the reports of `runs` runs go: the files named by
 * --out/--json, else reports/<name>-<time>.json; FILE-runN.json with several runs.
 */
export async function prepareReports(args: ReportOutputArgs, name: string, inputs: readonly RunInput[], runs = 1): Promise<PreparedReports> {
  const { jsonToStdout, files } = reportDestinations(args);
  const pathsFor = (run: number, startedAt: Date): string[] =>
    files.length > 0 || jsonToStdout ? files.map((file) => runReportPath(file, run, runs)) : [runReportPath(defaultReportPath(name, startedAt), run, runs)];
  const now = new Date();
  const html = args.html === undefined ? [] : Array.from({ length: runs }, (_, i) => runReportPath(args.html!, i + 1, runs));
  await checkReportPaths([...Array.from({ length: runs }, (_, i) => pathsFor(i + 1, now)).flat(), ...html], inputs);
  return { jsonToStdout, pathsFor };
}

/** The files a run reads: its scenario and any TLS certificate or key. */
export function runInputs(scenario: string | undefined, tls: { 'tls-ca'?: string | undefined; 'tls-cert'?: string | undefined; 'tls-key'?: string | undefined }): RunInput[] {
  const inputs: RunInput[] = [];
  if (scenario !== undefined) inputs.push({ path: scenario, what: 'the scenario file of this run' });
  for (const flag of ['tls-ca', 'tls-cert', 'tls-key'] as const) {
    const path = tls[flag];
    if (path !== undefined) inputs.push({ path, what: `the --${flag} file of this run` });
  }
  return inputs;
}

/**
 * Throws a UsageError when a report path is an input of the run or cannot be written. Folders
 * that do not exist yet are created (the report would create them anyway).
 */
export async function checkReportPaths(paths: readonly string[], inputs: readonly RunInput[]): Promise<void> {
  for (const path of paths) {
    const input = await sameFileAsInput(path, inputs);
    if (input !== null) {
      throw new UsageError(`the report path ${path} is ${input.what}; writing the report there would overwrite it`, 'give --out another file, e.g. reports/run.json');
    }
    const problem = await writeProblem(path);
    if (problem !== null) throw new UsageError(`cannot write the report to ${path}: ${problem}`, 'give --out a file in a folder you can write to, or --json - for stdout');
  }
}

async function sameFileAsInput(path: string, inputs: readonly RunInput[]): Promise<RunInput | null> {
  const target = await identity(path);
  for (const input of inputs) {
    const other = await identity(input.path);
    if (target !== null && other !== null && target === other) return input;
    if (resolve(path) === resolve(input.path)) return input;
  }
  return null;
}

// Device and inode: the same file under two names (a link, ./x vs x) is still the same file.
async function identity(path: string): Promise<string | null> {
  const s = await stat(path).catch(() => null);
  if (s === null || !s.isFile()) return null;
  return `${s.dev}:${s.ino}`;
}

/** Why `path` cannot take a report, or null when it can. */
async function writeProblem(path: string): Promise<string | null> {
  const existing = await stat(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? null : err));
  if (existing instanceof Error) return reasonOf(existing);
  if (existing !== null && existing.isDirectory()) return 'it is a folder; name a file in it, e.g. ' + `${path.replace(/\/+$/, '')}/report.json`;
  if (existing !== null && !existing.isFile()) {
    // A device or FIFO is written in place; opening a FIFO here would block until a reader comes.
    return access(path, constants.W_OK).then(
      () => null,
      (err: NodeJS.ErrnoException) => reasonOf(err),
    );
  }
  const folder = dirname(path);
  const blocker = await fileOnTheWay(folder);
  if (blocker !== null) return `${blocker} is a file, so no folder can be made under it`;
  try {
    await makeFolders(folder);
  } catch (err) {
    return reasonOf(err as NodeJS.ErrnoException);
  }
  // The report goes through a temporary file and a rename: try exactly that folder, for real
  // (permission bits say nothing as root, nor on a read-only mount or under /proc).
  const probe = `${path}.${process.pid}.check.tmp`;
  try {
    const handle = await open(probe, 'wx');
    await handle.close();
    await rm(probe, { force: true });
    return null;
  } catch (err) {
    await rm(probe, { force: true }).catch(() => {});
    // The folder refuses new files, but an existing file we may write is written in place.
    if (existing !== null && (await access(path, constants.W_OK).then(() => true, () => false))) return null;
    return reasonOf(err as NodeJS.ErrnoException);
  }
}

// The nearest existing ancestor of `folder`, when it is a regular file rather than a folder.
async function fileOnTheWay(folder: string): Promise<string | null> {
  let current = resolve(folder);
  for (;;) {
    const s = await stat(current).catch(() => null);
    if (s !== null) return s.isDirectory() ? null : await realpath(current).catch(() => current);
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

function reasonOf(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOENT':
      return 'the folder cannot hold new files (ENOENT)';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return err.message;
  }
}
