/**
 * Flags of a segmented run (run, sweep, drill): `--segment I/N`, or `--segments N` with I from
 * JOB_COMPLETION_INDEX (what Kubernetes sets in each pod of an Indexed Job), `--run-id` and
 * `--barrier-timeout`. Bad values are usage errors naming the flag and the value.
 */
import type { Argv } from 'yargs';
import type { Plan } from '../../plan/index.js';
import { UsageError } from '../../shared/errors.js';
import { parseDurationMs } from '../../shared/units.js';
import { unitFlagValue } from '../flag-values.js';

export interface SegmentArgs {
  segment?: string;
  segments?: number;
  'run-id'?: string;
  'barrier-timeout'?: string;
}

/** A validated segment request: which part this process runs, of which run. */
export interface SegmentRequest {
  index: number;
  count: number;
  runId: string;
  barrierTimeoutMs: number;
}

/** Where Kubernetes puts the pod's index in an Indexed Job. */
export const INDEX_ENV = 'JOB_COMPLETION_INDEX';
export const DEFAULT_BARRIER_TIMEOUT_MS = 300_000;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Adds --segment, --segments, --run-id and --barrier-timeout. */
export function withSegmentOptions<T>(y: Argv<T>): Argv<T & SegmentArgs> {
  return y
    .option('segment', { type: 'string', describe: 'run part I of N of the scenario (0-based), e.g. 2/8; the scenario keeps its totals' })
    .option('segments', { type: 'number', describe: `run one of N parts, the index taken from ${INDEX_ENV} (Kubernetes Indexed Job)` })
    .option('run-id', { type: 'string', describe: 'segmented runs: the id all segments share (the barrier key and the merge check)' })
    .option('barrier-timeout', { type: 'string', describe: 'segmented runs: how long to wait for the other segments at each phase start (default 5m)' })
    .conflicts('segment', 'segments') as Argv<T & SegmentArgs>;
}

/** The segment this process runs, or null for an ordinary run. */
export function segmentRequest(args: SegmentArgs, env: NodeJS.ProcessEnv = process.env): SegmentRequest | null {
  const segmented = args.segment !== undefined || args.segments !== undefined;
  if (!segmented) {
    if (args['run-id'] !== undefined) throw new UsageError('--run-id is only used with --segment I/N or --segments N');
    if (args['barrier-timeout'] !== undefined) throw new UsageError('--barrier-timeout is only used with --segment I/N or --segments N');
    return null;
  }
  const { index, count } = args.segment !== undefined ? parseSegmentFlag(args.segment) : indexFromEnv(args.segments!, env);
  const runId = args['run-id'];
  if (runId === undefined || runId === '') {
    throw new UsageError('a segmented run needs --run-id ID, the same in every segment', 'in a Kubernetes Job use its uid (see deploy/kubernetes/job.yaml)');
  }
  if (!RUN_ID.test(runId)) throw new UsageError(`--run-id must be 1-64 letters, digits, ".", "_" or "-", got "${runId}"`);
  let barrierTimeoutMs = DEFAULT_BARRIER_TIMEOUT_MS;
  if (args['barrier-timeout'] !== undefined) {
    const text = args['barrier-timeout'];
    barrierTimeoutMs = unitFlagValue('barrier-timeout', () => parseDurationMs(text));
    if (barrierTimeoutMs <= 0) throw new UsageError(`--barrier-timeout must be longer than 0, got "${args['barrier-timeout']}"`);
  }
  return { index, count, runId, barrierTimeoutMs };
}

/** `I/N` with 0 <= I < N. */
export function parseSegmentFlag(text: string): { index: number; count: number } {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index >= count) {
    throw new UsageError(`--segment must be I/N with 0 <= I < N (segments count from 0), got "${text}"`, 'e.g. --segment 0/3, --segment 1/3, --segment 2/3');
  }
  return { index, count };
}

function indexFromEnv(count: number, env: NodeJS.ProcessEnv): { index: number; count: number } {
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--segments must be a whole number of at least 1, got ${count}`);
  const raw = env[INDEX_ENV];
  if (raw === undefined || raw === '') {
    throw new UsageError(`--segments ${count} takes the segment index from ${INDEX_ENV}, which is not set`, 'outside an Indexed Job give --segment I/N');
  }
  const index = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(index) || index >= count) {
    throw new UsageError(`${INDEX_ENV}=${raw} is not a segment of --segments ${count} (0 to ${count - 1})`, "the Job's completions and parallelism must equal --segments");
  }
  return { index, count };
}

/** Checks that every phase has a connection for each segment (a segment without one would send nothing). */
export function checkSegmentable(plan: Plan, request: SegmentRequest): void {
  for (const phase of plan.phases) {
    if (phase.connections < request.count) {
      throw new UsageError(
        `phase ${phase.name} has ${phase.connections} connections, fewer than the ${request.count} segments`,
        `every segment needs at least one: give --connections ${request.count} or more (the figure is the total over all segments)`,
      );
    }
  }
}
