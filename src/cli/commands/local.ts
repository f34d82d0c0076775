/**
 * `rbench local up KIND` starts a throwaway deployment from redis-server on PATH (kinds are in
 * src/topology/local-topologies.ts) and prints its URL; `rbench local down` stops everything
 * started from this directory and removes its files. State lives in .rbench/local.json.
 */
import type { Argv, CommandModule } from 'yargs';
import { LOCAL_TOPOLOGIES } from '../../topology/local-topologies.js';
import { readLocalState, stopRecordedNode, writeLocalState } from '../../topology/local-state.js';
import { UsageError } from '../../shared/errors.js';

interface UpArgs {
  kind: string;
  [flag: string]: unknown;
}

const upCommand: CommandModule<object, UpArgs> = {
  command: 'up <kind>',
  describe: `start a local deployment: ${Object.keys(LOCAL_TOPOLOGIES).join(', ')}`,
  builder: (y) => {
    let out = y.positional('kind', { type: 'string', choices: Object.keys(LOCAL_TOPOLOGIES), describe: 'what to start' }) as Argv;
    const seen = new Set<string>();
    for (const kind of Object.values(LOCAL_TOPOLOGIES)) {
      for (const flag of kind.flags) {
        if (seen.has(flag.name)) continue;
        seen.add(flag.name);
        out = out.option(flag.name, { type: 'number', describe: flag.describe });
      }
    }
    return out as never;
  },
  handler: async (args) => {
    const kind = LOCAL_TOPOLOGIES[args.kind];
    if (kind === undefined) throw new UsageError(`unknown local topology "${args.kind}"`, `use one of: ${Object.keys(LOCAL_TOPOLOGIES).join(', ')}`);
    const flags: Record<string, number> = {};
    for (const flag of kind.flags) {
      const value = args[flag.name];
      flags[flag.name] = typeof value === 'number' ? value : flag.default;
    }
    const state = await readLocalState();
    const started = await kind.start(flags);
    state.topologies.push({
      kind: args.kind,
      url: started.url,
      startedAt: new Date().toISOString(),
      nodes: started.nodes.map((n) => ({ pid: n.pid, port: n.port, dir: n.dir })),
    });
    await writeLocalState(state);
    process.stderr.write(`rbench: started ${args.kind} (${started.description.length} node${started.description.length === 1 ? '' : 's'}); stop it with \`rbench local down\`\n`);
    for (const line of started.description) process.stderr.write(`  ${line}\n`);
    process.stdout.write(`${started.url}\n`);
  },
};

const downCommand: CommandModule<object, object> = {
  command: 'down',
  describe: 'stop every local deployment started from this directory and remove its files',
  handler: async () => {
    const state = await readLocalState();
    if (state.topologies.length === 0) {
      process.stderr.write('rbench: nothing to stop (no .rbench/local.json here)\n');
      return;
    }
    for (const topology of state.topologies) {
      await Promise.all(topology.nodes.map((n) => stopRecordedNode(n)));
      process.stderr.write(`rbench: stopped ${topology.kind} ${topology.url}\n`);
    }
    await writeLocalState({ topologies: [] });
  },
};

export const localCommand: CommandModule<object, object> = {
  command: 'local <action>',
  describe: 'start or stop throwaway local Redis deployments (standalone, cluster)',
  builder: (y) => y.command(upCommand).command(downCommand).demandCommand(1, 'name an action: up or down') as never,
  handler: () => undefined,
};
