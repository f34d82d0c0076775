/**
 * `rbench sweep SCENARIO.yml`: step one variable (target rate, connections, pipeline depth or
 * value size) over a list or a range, one measured phase per step after one setup, stop early
 * once the server is saturated, then report the highest throughput within the SLO, the knee of
 * the latency curve, memory per key and (with --plan-ops / --plan-keys) the shards needed.
 */
import type { CommandModule } from 'yargs';
import { analyseSweep, SweepTracker } from '../../capacity/capacity-analysis.js';
import { keyspaceSizes, memoryResult, readMemory, sampleKeyspaces } from '../../capacity/memory-probe.js';
import { projectShards } from '../../capacity/projection.js';
import type { MemoryNodes } from '../../deployment/memory-nodes.js';
import { applySweep, buildPlan, clusterKeyPlan, sloPlan, sweepPlan, type Plan } from '../../plan/index.js';
import type { MemoryResult } from '../../report/capacity-result.js';
import type { RunResult } from '../../report/run-result.js';
import { loadScenarioFile } from '../../scenario/index.js';
import { UsageError } from '../../shared/errors.js';
import { withLoadCommandOptions, type PhaseShapeWords } from '../options/load-command-options.js';
import { applyRunVerdict } from '../run-verdict.js';
import { checkLoadLimits, machineLimits } from '../load-limits.js';
import { availableParallelism } from 'node:os';
import { prepareRun } from '../run-preparation.js';
import { runSession } from '../run-session.js';
import { projectionFlags, resolveSloSpec, resolveSweepSpec, type SweepFlags } from '../sweep-options.js';
import { checkSegmentable, segmentRequest } from '../options/segment-options.js';
import { overridesFrom, type RunArgs } from './run.js';

type SweepArgs = RunArgs & SweepFlags;

/** How --help words the phase flags for this command. */
const SWEEP_PHASE_WORDS: PhaseShapeWords = {
  duration: false,
  pipeline: 'commands in flight per connection (one depth)',
  rate: 'open model for sweeps over other variables: target rate',
  warmup: 'unmeasured load before each step (default: the sweep or scenario warm-up)',
};

export const sweepCommand: CommandModule<object, SweepArgs> = {
  command: 'sweep <scenario>',
  describe: 'capacity sweep: step rate, connections, pipeline or value size; find the knee and the max within the SLO',
  builder: (y) =>
    withLoadCommandOptions(y, SWEEP_PHASE_WORDS)
      .positional('scenario', { type: 'string', describe: 'scenario YAML file (its sweep: and slo: sections are used)' })
      .options({
        over: { type: 'string', describe: 'variable to step: rate, connections, pipeline or valueSize' },
        values: { type: 'string', describe: 'the steps, comma-separated: 5k,10k,20k' },
        from: { type: 'string', describe: 'first value of a range' },
        to: { type: 'string', describe: 'last value of a range' },
        steps: { type: 'number', describe: 'values in the range, both ends included (default 8)' },
        spacing: { type: 'string', describe: 'range spacing: linear (default) or geometric' },
        'step-duration': { type: 'string', describe: 'measured length of each step (default 5s)' },
        'early-stop': { type: 'boolean', describe: 'stop once saturated (default on; --no-early-stop runs every step)' },
      })
      .option('slo-p99', { type: 'string', describe: 'SLO: highest acceptable p99, e.g. 2ms (replaces the scenario slo.p99)' })
      .options({
        'slo-error-rate': { type: 'string', describe: 'SLO: highest acceptable error share: 0, 0.001, 0.1%' },
        'plan-ops': { type: 'string', describe: 'projection: planned load, e.g. 1M/s' },
        'plan-keys': { type: 'string', describe: 'projection: planned number of keys, e.g. 1e9' },
        headroom: { type: 'number', describe: 'projection: spare factor on load and memory (default 1.5)' },
        'shard-memory': { type: 'string', describe: "projection: memory per shard, e.g. 25gb (default: the server's maxmemory)" },
      }) as never,
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
    const prepared = await prepareRun(args, plan, { source: args.scenario!, name: plan.name, segment, scenario });
    let memoryNodes: (MemoryNodes & { close(): Promise<void> }) | null = null;
    try {
      // A cluster: the load routes by slot, and memory is read from every master.
      const { deployment } = prepared;
      const nodes = await deployment.memoryNodes();
      memoryNodes = nodes;
      const before = await readMemory(nodes);
      const tracker = new SweepTracker(sweep, slo ?? null);
      let stoppedEarly: string | null = null;
      let memory: MemoryResult | null = null;
      const measureMemory = async (measured: MemoryResult['measured']) => {
        const after = await readMemory(nodes);
        const autoTag = deployment.routesBySlot ? clusterKeyPlan(plan).autoTag : [];
        memory = memoryResult(before, after, await sampleKeyspaces(nodes, plan, autoTag), measured, keyspaceSizes(plan));
      };
      const outcome = await runSession({
        ...prepared.sessionOptions(),
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
      const result = withCapacity(outcome.result, prepared.session?.plan ?? plan, stoppedEarly, memory, projection);
      const shown = await prepared.emit(result);
      // A sweep pushes the server past its limits on purpose: failed steps are findings, not a failed run.
      if (shown.phases.every((p) => p.totals.ops === 0)) applyRunVerdict(shown);
      prepared.settle(outcome.interrupted);
      await prepared.cleanUp();
    } finally {
      await memoryNodes?.close();
      await prepared.close();
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
