/**
 * `rbench drill SCENARIO.yml [--action ...] [--at 5s]`: runs the scenario like `rbench run` and,
 * during the drilled phase, triggers a failover (or a pause, or a kill) at the set time; the
 * report gets a `drill` section: unavailability window, time to find the new master, load around
 * the event, and acknowledged writes lost.
 */
import type { CommandModule } from 'yargs';
import { Connection } from '../../client/connection.js';
import { readServerInfo } from '../../client/server-info.js';
import type { ClusterTarget } from '../../client/target-url.js';
import { resolveDrillSpec, type DrillOverrides } from '../../drill/drill-spec.js';
import { DrillSession } from '../../drill/drill-session.js';
import type { LocalProcess } from '../../drill/triggers.js';
import { buildPlan } from '../../plan/index.js';
import type { DrillAction } from '../../report/drill-result.js';
import { loadScenarioFile } from '../../scenario/index.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { parseDurationMs, UnitError } from '../../shared/units.js';
import { loadAllDeployments, stopProcess } from '../../topology/local-deployments.js';
import { withLoadSizeOptions, withPhaseRepeatOptions, withReportOutputOptions } from '../options/run-options.js';
import { runFailureLines } from '../run-verdict.js';
import { runCleaner } from '../scenario-cleaner.js';
import { withMetricsOptions } from '../options/metrics-options.js';
import { startLiveMetrics, type LiveMetricsHandle } from '../live-metrics-endpoint.js';
import { combineObservers } from '../session-observers.js';
import { tlsFlags, withTargetOptions } from '../options/target-options.js';
import { emitResult, reportedScenario } from '../result-output.js';
import { prepareReports, runInputs } from '../output-target.js';
import { interruptedExitCode } from '../signals.js';
import { checkLoadLimits, machineLimits } from '../load-limits.js';
import { availableParallelism } from 'node:os';
import { runSession } from '../run-session.js';
import { inspectServer } from '../server-inspection.js';
import { resolveTarget, targetSecrets } from '../target-resolution.js';
import { checkSegmentable, segmentRequest, withSegmentOptions } from '../options/segment-options.js';
import { labelSegmentResult, openSegment, segmentRunOptions, reportName, reportSegmentFailure, sharedTargetCheck, type SegmentSession } from '../segment-session.js';
import { cleanUp, overridesFrom, resetOption, type RunArgs } from './run.js';

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
    withMetricsOptions(withSegmentOptions(withPhaseRepeatOptions(withReportOutputOptions(withLoadSizeOptions(withTargetOptions(y))))))
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (its drill: section, if any, is the default)', demandOption: true })
      .option('action', { type: 'string', choices: ACTIONS, describe: 'what to trigger' })
      .option('at', { type: 'string', describe: 'when, after the drilled phase starts: 5s' })
      .option('phase', { type: 'string', describe: 'the measured phase to drill (default: the first)' })
      .option('pause', { type: 'string', describe: 'pause-master: how long (default 2s)' })
      .option('wait-replicas', { type: 'number', describe: 'send WAIT N after each verifying write' })
      .option('wait-timeout', { type: 'string', describe: 'the WAIT timeout (default 100ms)' })
      .option('writer', { type: 'boolean', describe: 'run the verifying writer (lost writes, unavailability window); --no-writer turns it off' })
      .option('duration', { type: 'string', describe: 'length of each phase: 30s' })
      .option('pipeline', { type: 'string', describe: 'commands in flight per connection' })
      .option('rate', { type: 'string', describe: 'open model: target rate, e.g. 5k/s' })
      .option('warmup', { type: 'string', describe: 'unmeasured load before each phase' }) as never,
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
    const reports = await prepareReports(args, reportName(`${plan.name}-drill`, segment), runInputs(args.scenario, args));
    const { jsonToStdout } = reports;
    const resolved = await resolveTarget({ target: args.target, scenarioTarget: plan.target, local: args.local, tls: tlsFlags(args) });
    if (resolved.note) process.stderr.write(`${resolved.note}\n`);
    const sentinel = resolved.sentinel ?? null;
    if (spec.action === 'sentinel-failover' && sentinel === null) {
      throw new UsageError('sentinel-failover needs a sentinel:// target', 'start one with `rbench local up sentinel` and pass the URL it prints as --target');
    }
    let drill: DrillSession | null = null;
    let session: SegmentSession | null = null;
    let live: LiveMetricsHandle | null = null;
    try {
      if (segment !== null) sharedTargetCheck(resolved);
      live = await startLiveMetrics(args);
      // A cluster (cluster:// URL, or a node that says so): the load routes by slot and follows
      // MOVED after the failover; the drilled master is the node the URL names.
      const inspected = await inspectServer(resolved, plan, args.scenario, { forcedCluster: args.cluster === true, serverCheck: args['server-check'] !== false });
      for (const warning of inspected.warnings) process.stderr.write(`rbench: warning: ${warning}\n`);
      const serverVersion = inspected.probe.version;
      const cluster = inspected.cluster;
      if (spec.action === 'cluster-failover' && cluster === null) {
        throw new UsageError('cluster-failover needs a Redis Cluster target', 'start one with `rbench local up cluster --replicas 1` and pass the URL it prints as --target');
      }
      const metrics = live?.metrics;
      if (drills) {
        metrics?.drillPlannedAt(spec.action, spec.phase, spec.atMs / 1000);
        drill = new DrillSession({
          spec,
          target: resolved.target,
          sentinel,
          cluster,
          localProcesses: await localProcesses(),
          ...(metrics ? { onEvent: () => metrics.drillFired(spec.action, spec.phase, Date.now() / 1000) } : {}),
        });
        await drill.prepare();
      }
      if (segment !== null) session = await openSegment(segment, plan, resolved.target, cluster);
      const quiet = args.quiet === true || jsonToStdout;
      const cleaner = runCleaner(plan, resolved, cluster, args.cleanup === true);
      const outcome = await runSession({
        ...segmentRunOptions(session, plan),
        scenario: reportedScenario(scenario),
        target: cluster ?? resolved.target,
        serverVersion,
        clientName: inspected.clientName,
        quiet,
        sentinel,
        observer: combineObservers(drill?.observer, live?.metrics.observer),
        // Segments share one key space: a reset by each would delete the others' data (not coordinated yet).
        ...(session ? {} : resetOption(plan, cleaner)),
      });
      const result = outcome.result;
      result.warnings.unshift(...inspected.warnings);
      if (drill) result.drill = await drill.finish(result.phases.find((p) => p.name === spec.phase));
      if (session) labelSegmentResult(result, session);
      await emitResult(result, {
        quiet: args.quiet === true,
        jsonToStdout,
        paths: reports.pathsFor(1, new Date(result.startedAt)),
        htmlPath: args.html,
        secrets: targetSecrets(resolved),
      });
      if (result.drill && result.drill.triggerError !== null) process.exitCode = ExitCode.runtime;
      // Errors around the event are what a drill measures; a drill fails on its figures only when
      // nothing succeeded at all (every worker failed, or the server never answered).
      const nothing = runFailureLines(result).filter((line) => line === 'no command succeeded');
      if (nothing.length > 0 || (result.failures.length > 0 && result.phases.length === 0)) {
        process.stderr.write('rbench: no command succeeded\n');
        process.exitCode = ExitCode.runtime;
      }
      if (session) process.exitCode = reportSegmentFailure(session) ?? process.exitCode;
      if (outcome.interrupted) process.exitCode = interruptedExitCode();
      if (args.cleanup === true && cleaner !== null) await cleanUp(cleaner, quiet);
    } finally {
      await live?.endpoint.close();
      await session?.close();
      await drill?.close();
      await resolved.local?.stop();
    }
  },
};

function drillOverrides(args: DrillArgs): DrillOverrides {
  const o: DrillOverrides = {};
  const duration = (name: string, text: string): number => {
    try {
      return parseDurationMs(text);
    } catch (err) {
      if (err instanceof UnitError) throw new UsageError(`--${name}: ${err.message}`);
      throw err;
    }
  };
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
