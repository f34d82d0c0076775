/**
 * `rbench local up KIND` starts a throwaway deployment from redis-server on PATH, on free ports,
 * that outlives the command, and prints its URL; `rbench local down` stops what was started.
 * Each kind is one entry of LOCAL_KINDS.
 */
import type { CommandModule } from 'yargs';
import { loadAllDeployments, loadDeployment, saveDeployment, stopDeployment, isRedisProcess, type LocalDeployment } from '../../topology/local-deployments.js';
import { startLocalSentinel } from '../../topology/local-sentinel.js';
import { UsageError } from '../../shared/errors.js';

/** Starts a detached deployment of one kind and describes it. */
type LocalStarter = () => Promise<LocalDeployment>;

const LOCAL_KINDS: Record<string, LocalStarter> = {
  sentinel: async () => {
    const s = await startLocalSentinel({ detached: true });
    const [master, ...replicas] = s.dataNodes;
    return {
      kind: 'sentinel',
      url: s.url,
      startedAt: new Date().toISOString(),
      processes: [
        { role: 'master', port: master!.port, pid: master!.pid, dir: master!.dir },
        ...replicas.map((r) => ({ role: 'replica', port: r.port, pid: r.pid, dir: r.dir })),
        ...s.sentinels.map((r) => ({ role: 'sentinel', port: r.port, pid: r.pid, dir: r.dir })),
      ],
    };
  },
};

interface LocalArgs {
  action: string;
  kind?: string;
}

export const localCommand: CommandModule<object, LocalArgs> = {
  command: 'local <action> [kind]',
  describe: `start (up) or stop (down) a throwaway local deployment: ${Object.keys(LOCAL_KINDS).join(', ')}`,
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['up', 'down'], describe: 'up: start and print the URL; down: stop' })
      .positional('kind', { type: 'string', describe: `what to start or stop: ${Object.keys(LOCAL_KINDS).join(', ')}` }) as never,
  handler: async (args) => {
    if (args.action === 'up') {
      const kind = args.kind;
      const start = kind === undefined ? undefined : LOCAL_KINDS[kind];
      if (kind === undefined || start === undefined) {
        throw new UsageError(`rbench local up needs a kind${kind === undefined ? '' : ` (not "${kind}")`}`, `one of: ${Object.keys(LOCAL_KINDS).join(', ')}`);
      }
      const existing = loadDeployment(kind);
      if (existing !== null && existing.processes.some((p) => isRedisProcess(p.pid))) {
        throw new UsageError(`a local ${kind} deployment already runs: ${existing.url}`, 'stop it first with `rbench local down`');
      }
      const deployment = await start();
      await saveDeployment(deployment);
      process.stdout.write(`${deployment.url}\n`);
      const roles = deployment.processes.map((p) => `${p.role} ${p.port}`).join(', ');
      process.stderr.write(`rbench: started a local ${kind} deployment (${roles}); stop it with \`rbench local down\`\n`);
      return;
    }
    const all = await loadAllDeployments();
    const chosen = args.kind === undefined ? all : all.filter((d) => d.kind === args.kind);
    if (chosen.length === 0) {
      process.stderr.write(`rbench: no local ${args.kind ?? ''}${args.kind ? ' ' : ''}deployment is recorded\n`);
      return;
    }
    for (const d of chosen) {
      await stopDeployment(d);
      process.stderr.write(`rbench: stopped the local ${d.kind} deployment (${d.url})\n`);
    }
  },
};
