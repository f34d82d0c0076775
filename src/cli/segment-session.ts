/**
 * What `run`, `sweep` and `drill` do differently as one segment of a segmented run: run the
 * segment's share of the plan, keep the stages in step with the other segments through the
 * target (a barrier before each phase), and label the report so `rbench merge` can put the N
 * reports together.
 */
import type { Deployment } from '../deployment/deployment.js';
import { segmentPlan, type Plan } from '../plan/index.js';
import type { RunResult } from '../report/run-result.js';
import { BarrierLink } from '../segment/barrier-link.js';
import { SegmentBarrier } from '../segment/barrier.js';
import { SegmentStageSync } from '../segment/stage-sync.js';
import { ExitCode, RbenchError, UsageError } from '../shared/errors.js';
import type { SegmentRequest } from './options/segment-options.js';

export interface SegmentSession {
  request: SegmentRequest;
  /** The segment's share of the plan. */
  plan: Plan;
  sync: SegmentStageSync;
  /** The target's clock minus ours, in ms (0 when the target has no TIME). */
  clockOffsetMs(): number;
  /** Closes the barrier's connection. */
  close(): Promise<void>;
}

/** Connects the barrier and reads the target's clock once (the offset the report records). */
export async function openSegment(request: SegmentRequest, plan: Plan, deployment: Deployment): Promise<SegmentSession> {
  const link = new BarrierLink(deployment.control, deployment.redirectTarget);
  const barrier = new SegmentBarrier({ link, runId: request.runId, index: request.index, count: request.count, timeoutMs: request.barrierTimeoutMs });
  try {
    await barrier.syncClock();
  } catch (err) {
    await link.close();
    throw err;
  }
  const sync = new SegmentStageSync(barrier);
  return {
    request,
    plan: segmentPlan(plan, request),
    sync,
    clockOffsetMs: () => barrier.clock.offsetMs,
    close: () => link.close(),
  };
}

/** The runSession options of a run that may be a segment: its share of the plan, and the barrier. */
export function segmentRunOptions(session: SegmentSession | null, plan: Plan): { plan: Plan; sync?: SegmentStageSync } {
  return session === null ? { plan } : { plan: session.plan, sync: session.sync };
}

/** Labels the result with its segment, and records a barrier failure in its warnings. */
export function labelSegmentResult(result: RunResult, session: SegmentSession): void {
  const { index, count, runId } = session.request;
  result.segment = { index, count, runId, clockOffsetMs: Math.round(session.clockOffsetMs() * 1000) / 1000 };
  const failure = session.sync.failure;
  if (failure !== null) result.warnings.push(`segment barrier: ${failure.message}`);
}

/** After the report is written: a barrier failure ends the command with its message and exit code. */
export function reportSegmentFailure(session: SegmentSession): ExitCode | null {
  const failure = session.sync.failure;
  if (failure === null) return null;
  process.stderr.write(`rbench: ${failure.message}\n`);
  if (failure instanceof RbenchError) {
    if (failure.hint) process.stderr.write(`hint: ${failure.hint}\n`);
    return failure.exitCode;
  }
  return ExitCode.runtime;
}

/** Segments must share one target: a throwaway local server per process would not be one run. */
export function sharedTargetCheck(deployment: Deployment): void {
  if (deployment.local !== null) {
    throw new UsageError('a segmented run needs a target every segment reaches; --local (or no target) starts a server per process', 'give --target redis://HOST:PORT (or REDIS_URL)');
  }
}

/** The report's default file name: a segment's carries its index, so N segments on one disk do not collide. */
export function reportName(name: string, request: SegmentRequest | null): string {
  return request === null ? name : `${name}-segment${request.index}of${request.count}`;
}
