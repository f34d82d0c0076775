/**
 * First-key positions of every known command, in the form the cluster router reads
 * (src/client/cluster/command-scan.ts): a fixed argument index, or -n for "numkeys is argument n".
 * Built here from the command table, so the client keeps no second copy of it.
 */
import { commandSpec, knownCommandNames } from './command-table.js';

/** Upper-case command name → first-key position; commands without keys are left out. */
export function firstKeyPositions(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of knownCommandNames()) {
    const spec = commandSpec(name);
    if (spec === null) continue;
    if (spec.firstKey > 0) out[name] = spec.firstKey;
    else if (spec.numkeys !== null) out[name] = spec.numkeys.destination ? 1 : -spec.numkeys.at;
  }
  return out;
}

/** Upper-case names of the read-only commands (those a replica may answer after READONLY). */
export function readOnlyCommands(): string[] {
  return knownCommandNames().filter((name) => commandSpec(name)?.readOnly === true);
}
