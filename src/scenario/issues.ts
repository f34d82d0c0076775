/** A problem found in a scenario file, its one-line form, and the error that carries a list of them. */
import { UsageError } from '../shared/errors.js';
import type { DocPath } from './yaml-source.js';

/** One problem, located in its file. Line and column are 1-based. */
export interface ScenarioIssue {
  file: string;
  line: number;
  column: number;
  /** Dotted path to the field, with list indexes in brackets: `mix[1].command`; empty for the whole file. */
  path: string;
  message: string;
}

/** `mix[1].command` from ['mix', 1, 'command']. */
export function formatPath(path: DocPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** `file:line:col: path: message` (the path is left out when the problem is about the whole file). */
export function formatIssue(issue: ScenarioIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path === '' ? `${where}: ${issue.message}` : `${where}: ${issue.path}: ${issue.message}`;
}

/** Sorts issues by file position and drops exact repeats (a union can report one problem twice). */
export function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  const seen = new Set<string>();
  return [...issues]
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column)
    .filter((issue) => {
      const key = formatIssue(issue);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** Thrown by loadScenarioFile when a scenario is invalid; exit code 2, every issue in the message. */
export class ScenarioError extends UsageError {
  constructor(readonly issues: ScenarioIssue[]) {
    super(
      `${issues.length === 1 ? 'a problem' : `${issues.length} problems`} in the scenario:\n${issues.map(formatIssue).join('\n')}`,
      'run `rbench validate FILE` after fixing; docs/scenario-format.md describes the format',
    );
  }
}
