/**
 * `rbench run [SCENARIO.yml]`: validate, connect, run setup, warm-up and the measured phases,
 * print the report and write the JSON. Without a file, --command (repeatable, with --weight)
 * runs an inline mix.
 */
import type { CommandModule } from 'yargs';
import { buildPlan, type PlanOverrides } from '../../plan/index.js';
import { loadScenarioFile, validateScenarioText, ScenarioError, type Scenario } from '../../scenario/index.js';
import { UsageError } from '../../shared/errors.js';
import { unitFlagValue, wholeNumberFlag } from '../flag-values.js';
import { ignoredFlagWarnings } from '../ignored-flags.js';
import { checkLoadLimits, machineLimits } from '../load-limits.js';
import { reportDestinations } from '../output-target.js';
import { availableParallelism } from 'node:os';
import { parseCount, parseDurationMs, parseRatePerSec, parseSizeBytes } from '../../shared/units.js';
import { applyRunVerdict } from '../run-verdict.js';
import { withLoadCommandOptions, type PhaseShapeWords, type LoadCommandArgs } from '../options/load-command-options.js';
import { prepareRun } from '../run-preparation.js';
import { runSession } from '../run-session.js';
import { checkSegmentable, segmentRequest } from '../options/segment-options.js';

export interface RunArgs extends LoadCommandArgs {
  requests?: string;
  command?: string[];
  weight?: number[];
  'data-size'?: string;
  keys?: string;
  name?: string;
  runs?: number;
  'read-from'?: string;
}

/** How --help words the phase flags for this command. */
const RUN_PHASE_WORDS: PhaseShapeWords = {
  duration: 'length of each phase: 30s, 5m',
  pipeline: 'commands in flight per connection; a list runs phases back to back: 1,16',
  rate: 'open model: target rate, e.g. 20k/s (latency measured from the intended start)',
  warmup: 'unmeasured load before each phase: 5s',
};

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run [scenario]',
  describe: 'run a scenario file, or an inline mix given with --command',
  builder: (y) =>
    withLoadCommandOptions(y, RUN_PHASE_WORDS)
      .positional('scenario', { type: 'string', describe: 'scenario YAML file' })
      .options({
        requests: { type: 'string', describe: 'requests per phase instead of a duration: 100k, 1M' },
        runs: { type: 'number', describe: 'run the whole scenario N times, one report each (FILE-run1.json ...), for rbench compare' },
        command: { type: 'string', array: true, describe: 'inline mix: a command template, e.g. "SET {key} {value}" (repeatable)' },
        weight: { type: 'number', array: true, describe: 'weights of the --command templates, in order' },
        'data-size': { type: 'string', describe: 'inline mix: size of {value} (64, 1kb, 32..512)' },
        keys: { type: 'string', describe: 'inline mix: number of keys' },
        name: { type: 'string', describe: 'inline mix: name used in reports' },
      })
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
    if (runs > 1 && reportDestinations(args).jsonToStdout) throw new UsageError('--runs writes one report per run; give --out FILE instead of --json -');
    for (const note of notes) process.stderr.write(`rbench: warning: ${note}\n`);
    // The flag wins over the URL's ?readFrom=.
    const readFrom = args['read-from'] === 'replica' || args['read-from'] === 'master' ? args['read-from'] : undefined;
    const prepared = await prepareRun(args, plan, { source: args.scenario ?? '--command', name: plan.name, segment, scenario, runs, readFrom });
    try {
      if (scenario.sweep && !args.quiet && !prepared.jsonToStdout) process.stderr.write('note: `rbench run` ignores the sweep: section; `rbench sweep FILE` runs it\n');
      for (let run = 1; run <= runs; run++) {
        if (runs > 1 && !args.quiet) process.stderr.write(`run ${run} of ${runs}\n`);
        prepared.live?.metrics.reset();
        const outcome = await runSession(prepared.sessionOptions());
        applyRunVerdict(await prepared.emit(outcome.result, run));
        prepared.settle(outcome.interrupted);
        if (outcome.interrupted) break;
      }
      await prepared.cleanUp();
    } finally {
      await prepared.close();
    }
  },
};

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
  o.clientWarmup = args['client-warmup'] !== false;
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
  const n = unitFlagValue(name, () => parse(raw));
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
    if (!size.includes('..')) unitFlagValue('data-size', () => parseSizeBytes(size));
  }
  // Inline runs have no warm-up unless asked for (a scenario file may set its own).
  const result = validateScenarioText(JSON.stringify(doc, null, 1), '--command');
  if (!result.ok) {
    throw new ScenarioError(result.issues);
  }
  return result.scenario;
}
