/**
 * `rbench sweep SCENARIO.yml`: step one variable (target rate, connections, pipeline depth or
 * value size) over a list or a range, one measured phase per step after one setup, stop early
 * once the server is saturated, then report the highest throughput within the SLO, the knee of
 * the latency curve, memory per key and (with --plan-ops / --plan-keys) the shards needed.
 */
import type { CommandModule } from 'yargs';
import { analyseSweep, SweepTracker } from '../../capacity/capacity-analysis.js';
import { keyspaceSizes, memoryResult, readMemory, sampleKeyspaces, type MemorySnapshot } from '../../capacity/memory-probe.js';
import { clusterMasters, singleNode, type MemoryNodes } from '../../capacity/memory-nodes.js';
import { projectShards } from '../../capacity/projection.js';
import { Connection } from '../../client/connection.js';
import { applySweep, buildPlan, clusterKeyPlan, sloPlan, sweepPlan, type Plan } from '../../plan/index.js';
import type { MemoryResult } from '../../report/capacity-result.js';
import type { RunResult } from '../../report/run-result.js';
import { loadScenarioFile } from '../../scenario/index.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { withLoadSizeOptions, withPhaseRepeatOptions, withReportOutputOptions } from '../options/run-options.js';
import { applyRunVerdict } from '../run-verdict.js';
import { runCleaner } from '../scenario-cleaner.js';
import { withMetricsOptions } from '../options/metrics-options.js';
import { startLiveMetrics, type LiveMetricsHandle } from '../live-metrics-endpoint.js';
import { tlsFlags, withTargetOptions } from '../options/target-options.js';
import { emitResult, reportedScenario } from '../result-output.js';
import { prepareReports, runInputs } from '../output-target.js';
import { interruptedExitCode } from '../signals.js';
import { checkLoadLimits, machineLimits } from '../load-limits.js';
import { availableParallelism } from 'node:os';
import { runSession } from '../run-session.js';
import { inspectServer } from '../server-inspection.js';
import { projectionFlags, resolveSloSpec, resolveSweepSpec, type SweepFlags } from '../sweep-options.js';
import { resolveTarget, targetSecrets } from '../target-resolution.js';
import { checkSegmentable, segmentRequest, withSegmentOptions } from '../options/segment-options.js';
import { labelSegmentResult, openSegment, segmentRunOptions, reportName, reportSegmentFailure, sharedTargetCheck, type SegmentSession } from '../segment-session.js';
import { cleanUp, overridesFrom, resetOption, type RunArgs } from './run.js';

type SweepArgs = RunArgs & SweepFlags;

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <scenario>',
  describe: 'capacity sweep: step rate, connections, pipeline or value size; find the knee and the max within the SLO',
  builder: (y) =>
    withMetricsOptions(withSegmentOptions(withPhaseRepeatOptions(withReportOutputOptions(withLoadSizeOptions(withTargetOptions(y))))))
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (its sweep: and slo: sections are used)' })
      .option('over', { type: 'string', describe: 'variable to step: rate, connections, pipeline or valueSize' })
      .option('values', { type: 'string', describe: 'the steps, comma-separated: 5k,10k,20k' })
      .option('from', { type: 'string', describe: 'first value of a range' })
      .option('to', { type: 'string', describe: 'last value of a range' })
      .option('steps', { type: 'number', describe: 'values in the range, both ends included (default 8)' })
      .option('spacing', { type: 'string', describe: 'range spacing: linear (default) or geometric' })
      .option('step-duration', { type: 'string', describe: 'measured length of each step (default 5s)' })
      .option('early-stop', { type: 'boolean', describe: 'stop once saturated (default on; --no-early-stop runs every step)' })
      .option('slo-p99', { type: 'string', describe: 'SLO: highest acceptable p99, e.g. 2ms (replaces the scenario slo.p99)' })
      .option('slo-error-rate', { type: 'string', describe: 'SLO: highest acceptable error share: 0, 0.001, 0.1%' })
      .option('plan-ops', { type: 'string', describe: 'projection: planned load, e.g. 1M/s' })
      .option('plan-keys', { type: 'string', describe: 'projection: planned number of keys, e.g. 1e9' })
      .option('headroom', { type: 'number', describe: 'projection: spare factor on load and memory (default 1.5)' })
      .option('shard-memory', { type: 'string', describe: "projection: memory per shard, e.g. 25gb (default: the server's maxmemory)" })
      .option('pipeline', { type: 'string', describe: 'commands in flight per connection (one depth)' })
      .option('rate', { type: 'string', describe: 'open model for sweeps over other variables: target rate' })
      .option('warmup', { type: 'string', describe: 'unmeasured load before each step (default: the sweep or scenario warm-up)' }) as never,
  handler: async (args) => {
    const scenario = await loadScenarioFile(args.scenario!);
    const spec = resolveSweepSpec(scenario, args);
    const sloSpec = resolveSloSpec(scenario, args);
    const projection = projectionFlags(args);
    const base = buildPlan(scenario, overridesFrom(args));
    if (base.phases.length > 1 && spec.over !== 'pipeline') {
      throw new UsageError(`the scenario lists ${base.phases.length} pipeline depths; a sweep over ${spec.over} runs one`, 'give one depth with --pipeline N');
    }
    const sweep = sweepPlan(spec, base.phases[0]!.warmupMs);
    if (args.warmup !== undefined) sweep.warmupMs = base.phases[0]!.warmupMs;
    const slo = sloSpec === null ? undefined : sloPlan(sloSpec);
    const segment = segmentRequest(args);
    if (segment !== null) {
      // An early stop judges a step on what one segment saw; the merged report judges every step.
      if (sweep.earlyStop && !args.quiet) process.stderr.write('note: a segmented sweep runs every step (no early stop); rbench merge judges the steps\n');
      sweep.earlyStop = false;
    }
    const plan = applySweep(base, sweep, slo);
    for (const note of checkLoadLimits(plan, machineLimits(availableParallelism()))) process.stderr.write(`rbench: warning: ${note}\n`);
    if (segment !== null) checkSegmentable(plan, segment);
    const reports = await prepareReports(args, reportName(plan.name, segment), runInputs(args.scenario, args));
    const { jsonToStdout } = reports;
    const quiet = args.quiet === true || jsonToStdout;
    const resolved = await resolveTarget({ target: args.target, scenarioTarget: plan.target, local: args.local, tls: tlsFlags(args) });
    if (resolved.note) process.stderr.write(`${resolved.note}\n`);
    const control = new Connection({ target: resolved.target, reconnect: false, clientName: null });
    let masters: (MemoryNodes & { close(): Promise<void> }) | null = null;
    let session: SegmentSession | null = null;
    let live: LiveMetricsHandle | null = null;
    try {
      if (segment !== null) sharedTargetCheck(resolved);
      live = await startLiveMetrics(args);
      const inspected = await inspectServer(resolved, plan, args.scenario!, { forcedCluster: args.cluster === true, serverCheck: args['server-check'] !== false });
      for (const warning of inspected.warnings) process.stderr.write(`rbench: warning: ${warning}\n`);
      const serverVersion = inspected.probe.version;
      await control.connect();
      // A cluster: the load routes by slot, and memory is read from every master.
      const cluster = inspected.cluster;
      if (cluster !== null) masters = await clusterMasters(cluster);
      const memoryNodes = masters ?? singleNode(control);
      const before = await readMemory(memoryNodes);
      const tracker = new SweepTracker(sweep, slo ?? null);
      let stoppedEarly: string | null = null;
      let memory: MemoryResult | null = null;
      const measureMemory = async (measured: MemoryResult['measured']) => {
        const after = await readMemory(memoryNodes);
        const autoTag = cluster === null ? [] : clusterKeyPlan(plan).autoTag;
        memory = memoryResult(before, after, await sampleKeyspaces(memoryNodes, plan, autoTag), measured, keyspaceSizes(plan));
      };
      const cleaner = runCleaner(plan, resolved, cluster, args.cleanup === true);
      if (segment !== null) session = await openSegment(segment, plan, resolved.target, cluster);
      const outcome = await runSession({
        ...segmentRunOptions(session, plan),
        scenario: reportedScenario(scenario),
        target: cluster ?? resolved.target,
        sentinel: resolved.sentinel ?? null,
        serverVersion,
        clientName: inspected.clientName,
        quiet,
        // Segments share one key space: a reset by each would delete the others' data (not coordinated yet).
        ...(session ? {} : resetOption(plan, cleaner)),
        ...(live === null ? {} : { observer: live.metrics.observer }),
        afterStage: async (stage) => {
          if (stage.lastSetup) await measureMemory('after setup');
          if (stage.phase === null) return 'continue';
          const reason = tracker.add(stage.phase);
          const last = stage.phase.name === plan.phases[plan.phases.length - 1]!.name;
          if (reason !== null && sweep.earlyStop && !last) {
            stoppedEarly = `after ${stage.phase.name}: ${reason}`;
            return 'stop';
          }
          return 'continue';
        },
      });
      if (memory === null && !outcome.interrupted) {
        await measureMemory(plan.setup.length > 0 ? 'after setup' : 'after the sweep').catch((err: unknown) => {
          outcome.result.warnings.push(`memory per key not measured: ${err instanceof Error ? err.message : String(err)}`);
        });
      }
      outcome.result.warnings.unshift(...inspected.warnings);
      const result = withCapacity(outcome.result, session?.plan ?? plan, stoppedEarly, memory, projection);
      if (session) labelSegmentResult(result, session);
      await emitResult(result, {
        quiet: args.quiet === true,
        jsonToStdout,
        paths: reports.pathsFor(1, new Date(result.startedAt)),
        htmlPath: args.html,
        secrets: targetSecrets(resolved),
      });
      if (result.failures.length > 0 && result.phases.length === 0) process.exitCode = ExitCode.runtime;
      // A sweep pushes the server past its limits on purpose: failed steps are findings, not a failed run.
      if (result.phases.every((p) => p.totals.ops === 0)) applyRunVerdict(result);
      if (session) process.exitCode = reportSegmentFailure(session) ?? process.exitCode;
      if (outcome.interrupted) process.exitCode = interruptedExitCode();
      if (args.cleanup === true && cleaner !== null) await cleanUp(cleaner, quiet);
    } finally {
      await live?.endpoint.close();
      await session?.close();
      await control.close().catch(() => {});
      await masters?.close();
      await resolved.local?.stop();
    }
  },
};

/** The RunResult with its capacity section: steps rebuilt from the phases that ran, in order (also for `rbench merge`). */
export function withCapacity(
  result: RunResult,
  plan: Plan,
  stoppedEarly: string | null,
  memory: MemoryResult | null,
  projection: ReturnType<typeof projectionFlags>,
): RunResult {
  const sweep = plan.sweep!;
  const tracker = new SweepTracker(sweep, plan.slo ?? null);
  for (const phase of result.phases) tracker.add(phase);
  const capacity = analyseSweep(tracker.steps, sweep, plan.slo ?? null, stoppedEarly);
  capacity.memory = memory;
  if (projection !== null) capacity.projection = projectShards(capacity, projection);
  return { ...result, capacity };
}
