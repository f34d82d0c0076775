/** Scenarios written inline in a test. */
import { validateScenarioText, type Scenario } from '../../src/scenario/index.js';

/** The validated scenario of `text`; throws with the issues when it is invalid. */
export function scenario(text: string): Scenario {
  const result = validateScenarioText(text, 'inline.yml');
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scenario;
}

/** `line:path: message` of each issue `text` has; empty when it is valid. */
export function problems(text: string): string[] {
  const result = validateScenarioText(text, 'inline.yml');
  return result.ok ? [] : result.issues.map((i) => `${i.line}:${i.path}: ${i.message}`);
}

/** A one-command mix section, for scenarios that only need to be valid. */
export const SET_MIX = 'mix:\n  - command: "SET {key} {value}"\n';
