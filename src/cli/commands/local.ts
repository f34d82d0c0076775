/**
 * `rbench local up KIND` starts a throwaway deployment from redis-server on PATH, on free ports,
 * that outlives the command, and prints its URL; `rbench local down [KIND]` stops what was
 * started and removes its files. Kinds are in src/topology/local-topologies.ts; what runs is
 * recorded by src/topology/local-deployments.ts ($RBENCH_STATE_DIR, else ~/.rbench).
 */
import type { Argv, CommandModule } from 'yargs';
import { UsageError } from '../../shared/errors.js';
import { isRedisProcess, loadAllDeployments, loadDeployment, saveDeployment, stopDeployment } from '../../topology/local-deployments.js';
import { LOCAL_TOPOLOGIES } from '../../topology/local-topologies.js';

const KINDS = Object.keys(LOCAL_TOPOLOGIES);

interface UpArgs {
  kind: string;
  [flag: string]: unknown;
}

const upCommand: CommandModule<object, UpArgs> = {
  command: 'up <kind>',
  describe: `start a local deployment: ${KINDS.join(', ')}`,
  builder: (y) => {
    let out = y.positional('kind', { type: 'string', choices: KINDS, describe: 'what to start' }) as Argv;
    const seen = new Set<string>();
    for (const kind of Object.values(LOCAL_TOPOLOGIES)) {
      for (const flag of kind.flags) {
        if (seen.has(flag.name)) continue;
        seen.add(flag.name);
        out = out.option(flag.name, { type: 'number', describe: `${flag.describe} (default ${flag.default})` });
      }
    }
    return out as never;
  },
  handler: async (args) => {
    const kind = LOCAL_TOPOLOGIES[args.kind];
    if (kind === undefined) throw new UsageError(`unknown local topology "${args.kind}"`, `use one of: ${KINDS.join(', ')}`);
    const flags: Record<string, number> = {};
    for (const flag of kind.flags) {
      const value = args[flag.name];
      if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
        throw new UsageError(`--${flag.name} must be a whole number, got ${String(value)}`);
      }
      flags[flag.name] = typeof value === 'number' ? value : flag.default;
    }
    const existing = loadDeployment(args.kind);
    if (existing !== null && existing.processes.some((p) => isRedisProcess(p.pid))) {
      throw new UsageError(`a local ${args.kind} deployment already runs: ${existing.url}`, 'stop it first with `rbench local down`');
    }
    const deployment = await kind.start(flags);
    await saveDeployment(deployment);
    process.stderr.write(`rbench: started a local ${args.kind} deployment; stop it with \`rbench local down\`\n`);
    for (const p of deployment.processes) process.stderr.write(`  ${p.role.padEnd(8)} 127.0.0.1:${p.port}\n`);
    process.stdout.write(`${deployment.url}\n`);
  },
};

interface DownArgs {
  kind?: string;
}

const downCommand: CommandModule<object, DownArgs> = {
  command: 'down [kind]',
  describe: 'stop the local deployments started with `rbench local up` (all, or one kind) and remove their files',
  builder: (y) => y.positional('kind', { type: 'string', choices: KINDS, describe: 'only this kind' }) as never,
  handler: async (args) => {
    const all = await loadAllDeployments();
    const chosen = args.kind === undefined ? all : all.filter((d) => d.kind === args.kind);
    if (chosen.length === 0) {
      process.stderr.write(`rbench: no local ${args.kind === undefined ? '' : `${args.kind} `}deployment is recorded\n`);
      return;
    }
    for (const d of chosen) {
      await stopDeployment(d);
      process.stderr.write(`rbench: stopped the local ${d.kind} deployment (${d.url})\n`);
    }
  },
};

export const localCommand: CommandModule<object, object> = {
  command: 'local <action>',
  describe: `start or stop throwaway local Redis deployments (${KINDS.join(', ')})`,
  builder: (y) => y.command(upCommand).command(downCommand).demandCommand(1, 'name an action: up or down') as never,
  handler: () => undefined,
};
