/**
 * Flags that only shape an inline `--command` mix (--keys, --data-size, --weight, --name) mean
 * nothing next to a scenario file, which defines its own keyspaces, sizes and weights. Silently
 * dropping them made `run strings.yml --keys 5` look like a 5-key run; say which part wins.
 */
import { PLAN_DEFAULTS } from '../plan/defaults.js';
import type { Scenario } from '../scenario/index.js';

export interface InlineOnlyFlags {
  keys?: string | undefined;
  'data-size'?: string | undefined;
  weight?: number[] | undefined;
  name?: string | undefined;
}

/** One warning per inline-only flag given with a scenario file, naming what the file uses instead. */
export function ignoredFlagWarnings(flags: InlineOnlyFlags, scenario: Scenario, file: string): string[] {
  const out: string[] = [];
  const ignored = (flag: string, what: string) => `--${flag} is ignored: it shapes an inline --command mix, and ${file} ${what}`;
  if (flags.keys !== undefined) {
    const named = Object.keys(scenario.keyspaces ?? {});
    const main = scenario.keyspace ? `keyspace.keys (${scenario.keyspace.keys})` : `the default keyspace of ${PLAN_DEFAULTS.keys} keys (no keyspace: section)`;
    out.push(ignored('keys', `wins with ${main}${named.length > 0 ? ` and keyspaces.${named.join(', keyspaces.')}` : ''}; change the file to change them`));
  }
  if (flags['data-size'] !== undefined) {
    out.push(ignored('data-size', scenario.data ? 'wins with its data.size; change it in the file' : `wins with the default data.size of ${PLAN_DEFAULTS.valueBytes} bytes; set data.size in the file`));
  }
  if (flags.weight !== undefined) out.push(ignored('weight', 'wins with the weights of its mix: entries'));
  if (flags.name !== undefined) out.push(ignored('name', `wins with its name: ${scenario.name}`));
  return out;
}
