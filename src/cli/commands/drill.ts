/**
 * `rbench drill SCENARIO.yml [--action ...] [--at 5s]`: runs the scenario like `rbench run` and,
 * during the drilled phase, triggers a failover (or a pause, or a kill) at the set time; the
 * report gets a `drill` section: unavailability window, time to find the new master, load around
 * the event, and acknowledged writes lost.
 */
import type { CommandModule } from 'yargs';
import type { Deployment } from '../../deployment/deployment.js';
import { resolveDrillSpec, type DrillOverrides } from '../../drill/drill-spec.js';
import { DrillSession } from '../../drill/drill-session.js';
import type { LocalProcess } from '../../drill/triggers.js';
import { buildPlan } from '../../plan/index.js';
import type { DrillAction } from '../../report/drill-result.js';
import { loadScenarioFile } from '../../scenario/index.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { parseDurationMs } from '../../shared/units.js';
import { loadAllDeployments, stopProcess } from '../../topology/local-deployments.js';
import { unitFlagValue } from '../flag-values.js';
import { withLoadCommandOptions } from '../options/load-command-options.js';
import { runFailureLines } from '../run-verdict.js';
import { checkLoadLimits, machineLimits } from '../load-limits.js';
import { availableParallelism } from 'node:os';
import { prepareRun } from '../run-preparation.js';
import { runSession } from '../run-session.js';
import { checkSegmentable, segmentRequest } from '../options/segment-options.js';
import { overridesFrom, type RunArgs } from './run.js';

const ACTIONS: DrillAction[] = ['sentinel-failover', 'cluster-failover', 'pause-master', 'kill-master'];

interface DrillArgs extends RunArgs {
  scenario: string;
  action?: string;
  at?: string;
  phase?: string;
  pause?: string;
  'wait-replicas'?: number;
  'wait-timeout'?: string;
  writer?: boolean;
}

export const drillCommand: CommandModule<object, DrillArgs> = {
  command: 'drill <scenario>',
  describe: 'run a scenario and trigger a failover (or pause, or kill) during it; report what it cost',
  builder: (y) =>
    withLoadCommandOptions(y)
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (its drill: section, if any, is the default)', demandOption: true })
      .options({
        action: { type: 'string', choices: ACTIONS, describe: 'what to trigger' },
        at: { type: 'string', describe: 'when, after the drilled phase starts: 5s' },
        phase: { type: 'string', describe: 'the measured phase to drill (default: the first)' },
        pause: { type: 'string', describe: 'pause-master: how long (default 2s)' },
        'wait-replicas': { type: 'number', describe: 'send WAIT N after each verifying write' },
        'wait-timeout': { type: 'string', describe: 'the WAIT timeout (default 100ms)' },
        writer: { type: 'boolean', describe: 'run the verifying writer (lost writes, unavailability window); --no-writer turns it off' },
      }) as never,
  handler: async (args) => {
    const scenario = await loadScenarioFile(args.scenario);
    const plan = buildPlan(scenario, overridesFrom(args));
    if (plan.rounds > 1) throw new UsageError('a drill runs its phases once: --rounds (or rounds:) does not apply', 'drop --rounds, or use rbench run to repeat phases');
    const spec = resolveDrillSpec(scenario.drill, drillOverrides(args), plan);
    for (const note of checkLoadLimits(plan, machineLimits(availableParallelism()))) process.stderr.write(`rbench: warning: ${note}\n`);
    const segment = segmentRequest(args);
    if (segment !== null) checkSegmentable(plan, segment);
    // The action and the verifying writer are the run's, not each segment's: segment 0 runs them.
    const drills = segment === null || segment.index === 0;
    const prepared = await prepareRun(args, plan, { source: args.scenario, name: `${plan.name}-drill`, segment, scenario });
    let drill: DrillSession | null = null;
    try {
      // On a cluster (cluster:// URL, or a node that says so) the load routes by slot and follows
      // MOVED after the failover; the drilled master is the node the URL names.
      checkDrillTarget(spec.action, prepared.deployment.kind);
      const metrics = prepared.live?.metrics;
      if (drills) {
        metrics?.drillPlannedAt(spec.action, spec.phase, spec.atMs / 1000);
        drill = new DrillSession({
          spec,
          deployment: prepared.deployment,
          localProcesses: await localProcesses(),
          ...(metrics ? { onEvent: () => metrics.drillFired(spec.action, spec.phase, Date.now() / 1000) } : {}),
        });
        await drill.prepare();
      }
      const outcome = await runSession(prepared.sessionOptions(drill?.observer));
      const result = outcome.result;
      if (drill) result.drill = await drill.finish(result.phases.find((p) => p.name === spec.phase));
      await prepared.emit(result);
      if (result.drill && result.drill.triggerError !== null) process.exitCode = ExitCode.runtime;
      // Errors around the event are what a drill measures; a drill fails on its figures only when
      // nothing succeeded at all (every worker failed, or the server never answered).
      const nothing = runFailureLines(result).filter((line) => line === 'no command succeeded');
      if (nothing.length > 0 || (result.failures.length > 0 && result.phases.length === 0)) {
        process.stderr.write('rbench: no command succeeded\n');
        process.exitCode = ExitCode.runtime;
      }
      prepared.settle(outcome.interrupted);
      await prepared.cleanUp();
    } finally {
      await drill?.close();
      await prepared.close();
    }
  },
};

/** The failovers that need a kind of deployment: refused (exit 2) before any load when it is another. */
function checkDrillTarget(action: DrillAction, kind: Deployment['kind']): void {
  if (action === 'sentinel-failover' && kind !== 'sentinel') {
    throw new UsageError('sentinel-failover needs a sentinel:// target', 'start one with `rbench local up sentinel` and pass the URL it prints as --target');
  }
  if (action === 'cluster-failover' && kind !== 'cluster') {
    throw new UsageError('cluster-failover needs a Redis Cluster target', 'start one with `rbench local up cluster --replicas 1` and pass the URL it prints as --target');
  }
}

function drillOverrides(args: DrillArgs): DrillOverrides {
  const o: DrillOverrides = {};
  const duration = (name: string, text: string): number => unitFlagValue(name, () => parseDurationMs(text));
  if (args.action !== undefined) o.action = args.action as DrillAction;
  if (args.at !== undefined) o.atMs = duration('at', args.at);
  if (args.phase !== undefined) o.phase = args.phase;
  if (args.pause !== undefined) o.pauseMs = duration('pause', args.pause);
  if (args['wait-replicas'] !== undefined) {
    const n = args['wait-replicas'];
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--wait-replicas must be a whole number of at least 1, got ${n}`);
    o.waitReplicas = n;
  }
  if (args['wait-timeout'] !== undefined) o.waitTimeoutMs = duration('wait-timeout', args['wait-timeout']);
  if (args.writer === false) o.noWriter = true;
  return o;
}

/** Data-node processes recorded by `rbench local up`, for kill-master. */
async function localProcesses(): Promise<LocalProcess[]> {
  const deployments = await loadAllDeployments().catch(() => []);
  return deployments.flatMap((d) =>
    d.processes.filter((p) => p.role !== 'sentinel').map((p) => ({ port: p.port, kill: () => stopProcess(p, 'SIGKILL') })),
  );
}
