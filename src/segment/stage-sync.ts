/**
 * Keeps the stages of a segmented run in step: before every warm-up and measured phase each
 * segment waits at the barrier and starts at the instant they agreed on, so the measured phases
 * of all segments begin together and every later boundary is on the same (the target's) clock.
 * Setup stages need no wait: each segment fills its own keys, and the next barrier waits for all.
 */
import type { StageKind } from '../worker/stage-spec.js';
import { BarrierCancelled, type SegmentBarrier } from './barrier.js';

/** What runSession asks of a segmented run between stages. */
export interface StageSync {
  /** Before stage `index`: resolves 'go' once every segment is there, or 'stop' (the run ends here). */
  beforeStage(stage: { index: number; kind: StageKind; name: string }, cancelled: () => boolean): Promise<'go' | 'stop'>;
  /**
   * The last step before the stage's workers are released: sleeps until the instant agreed in
   * beforeStage (the time between is for work of the run's own, such as reading the server's latency).
   */
  waitForStart(index: number, cancelled: () => boolean): Promise<void>;
  /** Now on the clock the segments share, in ms since the epoch (phase `startedAt`). */
  nowMs(): number;
}

export class SegmentStageSync implements StageSync {
  /** Why the run stopped at a barrier (the missing segments, say); null while all is well. */
  failure: Error | null = null;
  private readonly startMs = new Map<number, number>();

  constructor(private readonly barrier: SegmentBarrier) {}

  async beforeStage(stage: { index: number; kind: StageKind; name: string }, cancelled: () => boolean): Promise<'go' | 'stop'> {
    if (stage.kind === 'setup') return 'go';
    try {
      this.startMs.set(stage.index, await this.barrier.arrive(stagePoint(stage.index), cancelled));
      return 'go';
    } catch (err) {
      if (err instanceof BarrierCancelled) return 'stop';
      // Keep the error's class (its exit code and hint); say where it happened.
      this.failure = err instanceof Error ? Object.assign(err, { message: `before ${stage.name}: ${err.message}` }) : new Error(String(err));
      return 'stop';
    }
  }

  async waitForStart(index: number, cancelled: () => boolean): Promise<void> {
    const startMs = this.startMs.get(index);
    if (startMs !== undefined) await this.barrier.waitUntil(startMs, cancelled);
  }

  nowMs(): number {
    return this.barrier.targetNowMs();
  }
}

/** The barrier point before stage `index` (every segment lists the same stages in the same order). */
export function stagePoint(index: number): string {
  return `stage-${index}`;
}
