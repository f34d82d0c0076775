/**
 * Drives one stage on one worker's connections: the closed loop (each connection keeps
 * `pipeline` commands in flight) or the open model (commands due on a fixed schedule).
 *
 * Open model, after wrk2: command j of this worker is due at t0 + (workerIndex + j * workers) / rate,
 * so the workers interleave on one global grid and never burst together. A command that cannot
 * leave on time (every connection full, or down) waits and keeps its intended time; latency is
 * measured from that time, so a server stall shows up in every command that queued behind it
 * instead of being hidden (coordinated omission). The schedule never resets after a stall.
 *
 * Commands due together leave together: a tick puts everything due on one connection (while it
 * has pipeline room) and the next tick starts on the next connection, so every connection gets
 * its share over time but a burst costs one write, not one per command. At high rates a command
 * also waits up to COALESCE_US for the commands due right after it. That wait is the tool's own
 * and shows in the send lag and the response time (tens of µs at p50); in exchange one write
 * carries several commands, and the CPU it saves keeps the tail of the send lag out of the
 * millisecond range on a busy machine (p99 ~0.25 ms instead of 1-3 ms at 50k/s here).
 *
 * The running half (sending, replies, the schedule) is StageLoop in stage-loop.ts; this file adds
 * how a stage ends: the stop, the drain, the backlog still due, what is abandoned, the outcome.
 */
import { afterCurrentWork } from '../shared/job-queue.js';
import { GAP_MIN_US, keepGap, type StageOutcome } from './stage-outcome.js';
import { StageLoop, type StageRunnerOptions } from './stage-loop.js';

export { COALESCE_US, DRAIN_TIMEOUT_MS, type StageRunnerOptions } from './stage-loop.js';
export { GAP_MIN_US, type StageOutcome } from './stage-outcome.js';

/** Runs one stage to its end (duration, request count, or stop) and resolves with its counts. */
export function runStage(options: StageRunnerOptions): Promise<StageOutcome> {
  return new StageRunner(options).run();
}

/** A stage with its ending: stop, drain (open model: the backlog due before the end), abandon, outcome. */
class StageRunner extends StageLoop {
  protected beginStop(): void {
    if (this.stopping) return;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.open) {
      // The stage ends now (its deadline, or the main thread's stop at the duration): commands
      // due before now are still sent during the drain, as connections free up (a healthy run's
      // last milliseconds of queue clear at once). An interrupted run gives them up at once.
      this.deadlineUs = Math.min(this.deadlineUs, this.clock.nowUs());
      if (this.options.isAborted?.() === true) this.countUnsent();
      else if (this.backlogDue()) this.catchingUp = true;
    }
    if (this.totalInFlight() === 0 && !this.catchingUp) return this.finish();
    this.drainTimer = setTimeout(() => this.abandon(), this.drainTimeoutMs);
    if (this.catchingUp) this.catchUp();
  }

  /** Open model: commands due before the deadline and not sent yet remain. */
  private backlogDue(): boolean {
    return this.nextDueUs <= this.deadlineUs - 1e-3 && this.requestsLeft > 0;
  }

  protected scheduleCatchUp(): void {
    if (this.refillScheduled) return;
    this.refillScheduled = true;
    afterCurrentWork(this.onRefill);
  }

  /** During the drain: send what was due before the deadline as connections free up, then finish. */
  protected catchUp(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.finished) return;
    if (this.backlogDue()) {
      const now = this.clock.nowUs();
      this.sendDue(now, Math.min(now, this.deadlineUs - 1e-3));
    }
    if (this.backlogDue()) {
      this.timer = setTimeout(this.onCatchUp, 1); // replies also call back; this bounds the wait
      return;
    }
    this.catchingUp = false;
    if (this.totalInFlight() === 0) this.finish();
  }

  /**
   * Open model: the commands due before the stage ended that never left. Each is recorded with
   * the wait it had when the stage gave up on it, so a server that stopped answering shows in
   * the response time instead of leaving the schedule silently short.
   */
  private countUnsent(): void {
    const nowUs = this.clock.nowUs();
    const endUs = Math.min(nowUs, this.deadlineUs);
    if (this.nextDueUs >= endUs || this.requestsLeft <= 0) return;
    const due = Math.min(Math.ceil((endUs - this.nextDueUs) / this.workerPeriodUs), this.requestsLeft);
    for (let k = 0; k < due; k++) this.recorder.recordNeverSent(nowUs - (this.nextDueUs + k * this.workerPeriodUs));
    this.unsent = due;
    this.missesSinceReply += due;
    this.recorder.recordUnsent(due);
    this.nextDueUs += due * this.workerPeriodUs;
    this.requestsLeft -= due;
  }

  /** The drain wait is over: what is still in flight is abandoned (recorded with its wait so far). */
  private abandon(): void {
    this.drainTimer = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.catchingUp) {
      this.catchingUp = false;
      this.countUnsent();
    }
    this.abandoning = true;
    for (const conn of this.conns) conn.abandonInFlight();
    this.abandoning = false;
    this.finish();
  }

  protected finish(): void {
    if (this.finished) return;
    const endedUs = this.clock.nowUs();
    // Still waiting at the end (a server that never came back): the stretch up to now counts.
    const outstanding = this.totalInFlight() > 0 || this.abandoned > 0 || this.missesSinceReply > 0;
    if (outstanding && endedUs - this.lastReplyUs >= GAP_MIN_US) keepGap(this.gaps, this.lastReplyUs, endedUs);
    this.finished = true;
    if (this.drainTimer) clearTimeout(this.drainTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    this.resolve({
      sent: this.sent,
      completed: this.completed,
      dropped: this.dropped,
      unsent: this.unsent,
      abandoned: this.abandoned + this.totalInFlight(),
      startedUs: this.t0,
      endedUs,
      gaps: this.gaps,
    });
  }
}
