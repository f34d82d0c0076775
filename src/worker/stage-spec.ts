/**
 * What one worker runs in one stage (setup, warm-up, or a measured phase): plain data, already
 * split for this worker by the main thread.
 */

export type StageKind = 'setup' | 'warmup' | 'measure';

export interface StageSpec {
  /** Shown in reports, e.g. "pipeline=16". */
  name: string;
  kind: StageKind;
  /** Commands kept in flight per connection (closed loop), or the cap per connection (open model). */
  pipeline: number;
  /** This worker's connections for the stage. */
  connections: number;
  /** This worker's share of the target rate in commands/s; null = closed loop. */
  rate: number | null;
  /** Stage length; null when the stage is bounded by `requests`. */
  durationMs: number | null;
  /** This worker's share of the request count; null when bounded by duration. */
  requests: number | null;
  /** Id of the mix this stage sends, as the job's layout lists it (setup steps each have their own). */
  mix: number;
  /** The plan phase this stage serves (index into plan.phases); null for setup stages. */
  phase: number | null;
  /** Which round of its phase (0-based); setup stages carry the round they prepare. */
  round: number;
  /**
   * The main thread deletes the scenario's keys before releasing this stage (reset: setup), so
   * the setup after it and the phase after that start from the same data every time.
   */
  resetBefore: boolean;
}

/**
 * A StageSpec with its fields always in the same order. Why: an object's V8 map follows the order
 * its properties were added (structured cloning to the worker keeps it), and the send loop reads
 * `spec.pipeline` per command; a measured stage whose spec was spread together in another order
 * than the warm-up's met that read with a map its optimised code had not seen ("wrong map"
 * deopt in sendDue at the measured phase's first send, `--trace-deopt`).
 */
export function stageSpec(s: StageSpec): StageSpec {
  return {
    name: s.name,
    kind: s.kind,
    pipeline: s.pipeline,
    connections: s.connections,
    rate: s.rate,
    durationMs: s.durationMs,
    requests: s.requests,
    mix: s.mix,
    phase: s.phase,
    round: s.round,
    resetBefore: s.resetBefore,
  };
}
