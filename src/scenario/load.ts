/**
 * Loading a scenario: YAML with positions, then the schema and the cross-field rules in one pass,
 * so the result is either a typed Scenario or every problem, each at its file:line:col.
 */
import { readFile } from 'node:fs/promises';
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
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err);
    return { ok: false, issues: [{ file: path, line: 1, column: 1, path: '', message: `cannot read the scenario: ${reason}` }] };
  }
  return validateScenarioText(text, path);
}

/** Reads a scenario file or throws ScenarioError (exit code 2) listing every problem. */
export async function loadScenarioFile(path: string): Promise<Scenario> {
  const result = await validateScenarioFile(path);
  if (!result.ok) throw new ScenarioError(result.issues);
  return result.scenario;
}
