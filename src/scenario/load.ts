/**
 * Loading a scenario: YAML with positions, then the schema and the cross-field rules in one pass,
 * so the result is either a typed Scenario or every problem, each at its file:line:col.
 */
import { open } from 'node:fs/promises';
import { decodeScenarioBytes } from './scenario-bytes.js';
import { MAX_SCENARIO_BYTES } from './limits.js';
import { formatPath, ScenarioError, sortIssues, type ScenarioIssue } from './issues.js';
import { scenarioSchema, type Scenario } from './schema.js';
import { checkScenarioRules } from './scenario-rules.js';
import { YamlSource } from './yaml-source.js';
import { problemsFromZod, type LocatedProblem } from './zod-issues.js';

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; issues: ScenarioIssue[] };

/** Validates scenario text; `file` is only used to label issues. */
export function validateScenarioText(text: string, file: string): ValidationResult {
  const source = YamlSource.parse(text);
  if (source.syntaxProblems.length > 0) {
    return {
      ok: false,
      issues: sortIssues(source.syntaxProblems.map((p) => ({ file, line: p.position.line, column: p.position.column, path: '', message: p.message }))),
    };
  }
  const parsed = scenarioSchema.safeParse(source.data);
  const problems: LocatedProblem[] = parsed.success ? [] : problemsFromZod(parsed.error.issues, source.data, scenarioSchema);
  problems.push(...checkScenarioRules(source.data));
  if (parsed.success && problems.length === 0) return { ok: true, scenario: parsed.data };
  const issues = problems.map((p): ScenarioIssue => {
    const position = source.locate(p.target);
    return { file, line: position.line, column: position.column, path: formatPath(p.path), message: p.message };
  });
  return { ok: false, issues: sortIssues(issues) };
}

/** Reads and validates a file; an unreadable file is one issue at 1:1. */
export async function validateScenarioFile(path: string): Promise<ValidationResult> {
  let bytes: { bytes: Uint8Array; size: number };
  try {
    bytes = await readCapped(path, MAX_SCENARIO_BYTES + 1);
  } catch (err) {
    return { ok: false, issues: [{ file: path, line: 1, column: 1, path: '', message: `cannot read the scenario: ${readFailure(err)}` }] };
  }
  const decoded = decodeScenarioBytes(bytes.bytes, bytes.size);
  if (!decoded.ok) return { ok: false, issues: [{ file: path, ...decoded.problem, path: '' }] };
  return validateScenarioText(decoded.text, path);
}

/** At most `limit` bytes of the file: enough to see it is too large without reading it all. */
async function readCapped(path: string, limit: number): Promise<{ bytes: Uint8Array; size: number }> {
  const handle = await open(path, 'r');
  try {
    const info = await handle.stat();
    const buffer = Buffer.alloc(limit);
    let length = 0;
    while (length < limit) {
      const { bytesRead } = await handle.read(buffer, length, limit - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return { bytes: buffer.subarray(0, length), size: info.isFile() ? Math.max(info.size, length) : length };
  } finally {
    await handle.close();
  }
}

/** Why a file could not be read, in words (the errno code alone says little to a user). */
export function readFailure(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied (check the file\'s permissions, or run as a user who may read it)';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  return err instanceof Error ? err.message : String(err);
}

/** Reads a scenario file or throws ScenarioError (exit code 2) listing every problem. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const result = await validateScenarioFile(path);
  if (!result.ok) throw new ScenarioError(result.issues);
  return result.scenario;
}
