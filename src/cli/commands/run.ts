/**
 * `rbench run [SCENARIO.yml]`: validate, connect, run setup, warm-up and the measured phases,
 * print the report and write the JSON. Without a file, --command (repeatable, with --weight)
 * runs an inline mix.
 */
import type { CommandModule } from 'yargs';
import { buildPlan, type PlanOverrides } from '../../plan/index.js';
import { loadScenarioFile, validateScenarioText, ScenarioError, type Scenario } from '../../scenario/index.js';
import { ExitCode, UsageError } from '../../shared/errors.js';
import { wholeNumberFlag } from '../flag-values.js';
import { ignoredFlagWarnings } from '../ignored-flags.js';
import { checkLoadLimits, machineLimits } from '../load-limits.js';
import { prepareReports, runInputs } from '../output-target.js';
import { runReportPath } from '../../report/json-writer.js';
import { interruptedExitCode } from '../signals.js';
import { availableParallelism } from 'node:os';
import { parseCount, parseDurationMs, parseRatePerSec, parseSizeBytes, UnitError } from '../../shared/units.js';
import {
  withLoadSizeOptions,
  withPhaseRepeatOptions,
  withReportOutputOptions,
  type LoadSizeArgs,
  type PhaseRepeatArgs,
  type ReportOutputArgs,
} from '../options/run-options.js';
import { applyRunVerdict } from '../run-verdict.js';
import { runCleaner, type ScenarioCleaner } from '../scenario-cleaner.js';
import { withMetricsOptions, type MetricsArgs } from '../options/metrics-options.js';
import { startLiveMetrics, type LiveMetricsHandle } from '../live-metrics-endpoint.js';
import { tlsFlags, withTargetOptions, type TargetArgs } from '../options/target-options.js';
import { emitResult, reportedScenario } from '../result-output.js';
import { runSession } from '../run-session.js';
import { inspectServer } from '../server-inspection.js';
import { resolveTarget, targetSecrets } from '../target-resolution.js';
import { checkSegmentable, segmentRequest, withSegmentOptions, type SegmentArgs } from '../options/segment-options.js';
import { labelSegmentResult, openSegment, segmentRunOptions, reportSegmentFailure, reportName, sharedTargetCheck, type SegmentSession } from '../segment-session.js';

export interface RunArgs extends TargetArgs, LoadSizeArgs, ReportOutputArgs, PhaseRepeatArgs, SegmentArgs, MetricsArgs {
  scenario?: string;
  duration?: string;
  requests?: string;
  pipeline?: string;
  rate?: string;
  warmup?: string;
  command?: string[];
  weight?: number[];
  'data-size'?: string;
  keys?: string;
  name?: string;
  runs?: number;
  'read-from'?: string;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario]',
  describe: 'run a scenario file, or an inline mix given with --command',
  builder: (y) =>
    withMetricsOptions(withSegmentOptions(withPhaseRepeatOptions(withReportOutputOptions(withLoadSizeOptions(withTargetOptions(y))))))
      .positional('scenario', { type: 'string', describe: 'scenario YAML file' })
      .option('duration', { type: 'string', describe: 'length of each phase: 30s, 5m' })
      .option('requests', { type: 'string', describe: 'requests per phase instead of a duration: 100k, 1M' })
      .option('pipeline', { type: 'string', describe: 'commands in flight per connection; a list runs phases back to back: 1,16' })
      .option('rate', { type: 'string', describe: 'open model: target rate, e.g. 20k/s (latency measured from the intended start)' })
      .option('warmup', { type: 'string', describe: 'unmeasured load before each phase: 5s' })
      .option('runs', { type: 'number', describe: 'run the whole scenario N times, one report each (FILE-run1.json ...), for rbench compare' })
      .option('command', { type: 'string', array: true, describe: 'inline mix: a command template, e.g. "SET {key} {value}" (repeatable)' })
      .option('weight', { type: 'number', array: true, describe: 'weights of the --command templates, in order' })
      .option('data-size', { type: 'string', describe: 'inline mix: size of {value} (64, 1kb, 32..512)' })
      .option('keys', { type: 'string', describe: 'inline mix: number of keys' })
      .option('name', { type: 'string', describe: 'inline mix: name used in reports' })
      .option('read-from', {
        type: 'string',
        choices: ['master', 'replica'],
        describe: 'cluster and sentinel targets: send read-only commands to replicas, the rest to the master(s); same as ?readFrom= in the URL',
      })
      .conflicts('duration', 'requests') as never,
  handler: async (args) => {
    const scenario = args.scenario ? await loadScenarioFile(args.scenario) : inlineScenario(args);
    if (args.scenario && args.command) throw new UsageError('give either a scenario file or --command, not both');
    const plan = buildPlan(scenario, overridesFrom(args));
    const notes = [...(args.scenario ? ignoredFlagWarnings(args, scenario, args.scenario) : []), ...checkLoadLimits(plan, machineLimits(availableParallelism()))];
    if (scenario.drill && !args.quiet) process.stderr.write('rbench: this scenario has a drill: section; `rbench run` ignores it (use `rbench drill`)\n');
    const runs = args.runs === undefined ? 1 : wholeNumberFlag('runs', args.runs, 1);
    const segment = segmentRequest(args);
    if (segment !== null) {
      if (runs > 1) throw new UsageError('--runs cannot be combined with segments', 'start the segmented run again with a new --run-id instead');
      checkSegmentable(plan, segment);
    }
    const reports = await prepareReports(args, reportName(plan.name, segment), runInputs(args.scenario, args), runs);
    const { jsonToStdout } = reports;
    if (runs > 1 && jsonToStdout) throw new UsageError('--runs writes one report per run; give --out FILE instead of --json -');
    if (scenario.sweep && !args.quiet && !jsonToStdout) process.stderr.write('note: `rbench run` ignores the sweep: section; `rbench sweep FILE` runs it\n');
    for (const note of notes) process.stderr.write(`rbench: warning: ${note}\n`);
    const resolved = await resolveTarget({ target: args.target, scenarioTarget: plan.target, local: args.local, tls: tlsFlags(args) });
    if (resolved.note) process.stderr.write(`${resolved.note}\n`);
    let session: SegmentSession | null = null;
    let live: LiveMetricsHandle | null = null;
    try {
      if (segment !== null) sharedTargetCheck(resolved);
      live = await startLiveMetrics(args);
      const inspected = await inspectServer(resolved, plan, args.scenario ?? '--command', { forcedCluster: args.cluster === true, serverCheck: args['server-check'] !== false });
      for (const warning of inspected.warnings) process.stderr.write(`rbench: warning: ${warning}\n`);
      const serverVersion = inspected.probe.version;
      const cluster = inspected.cluster;
      if (cluster === null && resolved.sentinel === null && args['read-from'] === 'replica') {
        throw new UsageError('--read-from replica needs a cluster or sentinel target', 'pass a cluster:// or sentinel:// URL, or a cluster node with --cluster');
      }
      const secrets = targetSecrets(resolved);
      const cleaner = runCleaner(plan, resolved, cluster, args.cleanup === true);
      // The flag wins over the URL's ?readFrom= (runSession falls back to the URL).
      const readFrom = args['read-from'] === 'replica' || args['read-from'] === 'master' ? args['read-from'] : undefined;
      if (segment !== null) session = await openSegment(segment, plan, resolved.target, cluster);
      for (let run = 1; run <= runs; run++) {
        if (runs > 1 && !args.quiet) process.stderr.write(`run ${run} of ${runs}\n`);
        live?.metrics.reset();
        const outcome = await runSession({
          ...segmentRunOptions(session, plan),
          scenario: reportedScenario(scenario),
          target: cluster ?? resolved.target,
          serverVersion,
          clientName: inspected.clientName,
          ...(readFrom === undefined ? {} : { readFrom }),
          quiet: args.quiet === true || jsonToStdout,
          sentinel: resolved.sentinel ?? null,
          // Segments share one key space: a reset by each would delete the others' data (not coordinated yet).
          ...(session ? {} : resetOption(plan, cleaner)),
          ...(live === null ? {} : { observer: live.metrics.observer }),
        });
        outcome.result.warnings.unshift(...inspected.warnings);
        if (session) labelSegmentResult(outcome.result, session);
        const safe = await emitResult(outcome.result, {
          quiet: args.quiet === true,
          jsonToStdout,
          paths: reports.pathsFor(run, new Date(outcome.result.startedAt)),
          htmlPath: args.html === undefined ? undefined : runReportPath(args.html, run, runs),
          secrets,
        });
        if (safe.failures.length > 0 && safe.phases.length === 0) process.exitCode = ExitCode.runtime;
        applyRunVerdict(safe);
        if (session) process.exitCode = reportSegmentFailure(session) ?? process.exitCode;
        if (outcome.interrupted) {
          process.exitCode = interruptedExitCode();
          break;
        }
      }
      if (args.cleanup === true && cleaner !== null) await cleanUp(cleaner, args.quiet === true || jsonToStdout);
    } finally {
      await live?.endpoint.close();
      await session?.close();
      await resolved.local?.stop();
    }
  },
};

/** runSession's reset hook when the plan resets before every phase. */
export function resetOption(plan: { reset: string }, cleaner: ScenarioCleaner | null): { resetKeys?: () => Promise<{ keysDeleted: number }> } {
  return plan.reset === 'setup' && cleaner !== null ? { resetKeys: () => cleaner.deleteAll() } : {};
}

/** --cleanup: delete the scenario's keys after the run and say how many there were. */
export async function cleanUp(cleaner: ScenarioCleaner, quiet: boolean): Promise<void> {
  try {
    const { keysDeleted } = await cleaner.deleteAll();
    if (!quiet) process.stderr.write(`cleanup: deleted ${keysDeleted} keys of the scenario\n`);
  } catch (err) {
    process.stderr.write(`rbench: cleanup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = ExitCode.runtime;
  }
}

/** The CLI flags that override the scenario, with units parsed the same way as in YAML. */
export function overridesFrom(args: RunArgs): PlanOverrides {
  const o: PlanOverrides = {};
  if (args.target) o.target = args.target;
  if (args.duration !== undefined) o.durationMs = unitFlag('duration', args.duration, parseDurationMs, true);
  if (args.requests !== undefined) o.requests = unitFlag('requests', args.requests, parseCount, true);
  if (args.connections !== undefined) o.connections = wholeNumberFlag('connections', args.connections, 1);
  if (args.pipeline !== undefined) {
    o.pipeline = args.pipeline.split(',').map((p) => wholeNumberFlag('pipeline', p.trim(), 1));
  }
  if (args.rate !== undefined) o.rate = unitFlag('rate', args.rate, parseRatePerSec, true);
  if (args.workers !== undefined) o.workers = args.workers === 'auto' ? 'auto' : wholeNumberFlag('workers', args.workers, 1);
  if (args.seed !== undefined) o.seed = wholeNumberFlag('seed', args.seed, 0);
  if (args.warmup !== undefined) o.warmupMs = unitFlag('warmup', args.warmup, parseDurationMs, false);
  if (args.reset === 'setup' || args.reset === 'none') o.reset = args.reset;
  if (args.rounds !== undefined) {
    o.rounds = wholeNumberFlag('rounds', args.rounds, 1);
    if (o.rounds > MAX_ROUNDS) throw new UsageError(`--rounds ${o.rounds} is more than ${MAX_ROUNDS}`, 'use fewer, longer rounds');
  }
  if (args['max-error-rate'] !== undefined) o.maxErrorRate = parseShare('max-error-rate', args['max-error-rate']);
  return o;
}

/** The most rounds a run takes (the scenario key has the same bound). */
const MAX_ROUNDS = 100;

/** A share given as a fraction (0.01) or a percentage (1%), for --max-error-rate. */
function parseShare(name: string, raw: string): number {
  const text = String(raw).trim();
  const value = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
  if (text === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`--${name} must be a fraction (0.01) or a percentage (1%) between 0 and 100%, got "${text}"`);
  }
  return value;
}

/** A flag with a unit ("30s", "10k"), parsed as in YAML; the message names the flag and echoes the value. */
function unitFlag(name: string, given: string | string[], parse: (text: string) => number, aboveZero: boolean): number {
  // A flag repeated (a script appending an override) arrives as a list: the last one wins.
  const raw = Array.isArray(given) ? String(given[given.length - 1]) : given;
  if (/^\s*-/.test(raw)) throw new UsageError(`--${name} cannot be negative, got "${raw}"`);
  let n: number;
  try {
    n = parse(raw);
  } catch (err) {
    if (err instanceof UnitError) throw new UsageError(`--${name}: ${err.message}`);
    throw err;
  }
  if (aboveZero && !(n > 0)) throw new UsageError(`--${name} must be above zero, got "${raw}"`);
  return n;
}

/** Builds and validates a scenario from --command/--weight/--keys/--data-size. */
function inlineScenario(args: RunArgs): Scenario {
  const commands = args.command ?? [];
  if (commands.length === 0) {
    throw new UsageError('nothing to run', 'give a scenario file (rbench run scenarios/zset.yml) or --command "SET {key} {value}"');
  }
  const weights = args.weight ?? [];
  if (weights.length > commands.length) throw new UsageError(`${weights.length} --weight values for ${commands.length} --command templates`);
  const doc: Record<string, unknown> = {
    name: args.name ?? 'inline',
    mix: commands.map((command, i) => ({ command, weight: weights[i] ?? 1 })),
  };
  if (args.keys !== undefined) doc.keyspace = { keys: args.keys };
  if (args['data-size'] !== undefined) {
    const size = args['data-size'];
    doc.data = { size: /^\d+$/.test(size) ? Number(size) : size };
    if (!size.includes('..')) parseSizeBytesOrUsage(size);
  }
  // Inline runs have no warm-up unless asked for (a scenario file may set its own).
  const result = validateScenarioText(JSON.stringify(doc, null, 1), '--command');
  if (!result.ok) {
    throw new ScenarioError(result.issues);
  }
  return result.scenario;
}

function parseSizeBytesOrUsage(size: string): void {
  try {
    parseSizeBytes(size);
  } catch (err) {
    if (err instanceof UnitError) throw new UsageError(`--data-size: ${err.message}`);
    throw err;
  }
}

