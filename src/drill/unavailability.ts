/**
 * The unavailability window of a drill, from the verifying writer's writes: it opens at the
 * first write after the event that failed or stalled, and closes at the first write after that
 * which the master standing at the end of the drill acknowledged. A write acknowledged by the old
 * master in between does not close it: that master is about to be demoted, and the write may be
 * lost.
 */

/** One write as the tracker sees it. Times are clock microseconds. */
export interface WriteObservation {
  sentUs: number;
  doneUs: number;
  /** null = acknowledged; otherwise the error kind. */
  errorKind: string | null;
  /** "host:port" of the node that answered (or that the connection pointed at). */
  endpoint: string;
}

export interface UnavailabilityWindow {
  startUs: number | null;
  endUs: number | null;
  windowUs: number;
  /** Error kind of the opening write, or "stall". */
  firstFailure: string | null;
}

/** Feeds on writes; see the file comment. */
export class UnavailabilityTracker {
  private eventUs: number | null = null;
  private startUs: number | null = null;
  private firstFailure: string | null = null;
  /** First acknowledgement per endpoint once the window opened. */
  private readonly firstAckAfterStart = new Map<string, number>();

  constructor(private readonly stallUs: number) {}

  /** The moment the action was sent; writes that ended earlier are ignored. */
  markEvent(atUs: number): void {
    this.eventUs = atUs;
  }

  observe(w: WriteObservation): void {
    if (this.eventUs === null || w.doneUs < this.eventUs) return;
    const failed = w.errorKind !== null;
    const stalled = w.doneUs - w.sentUs > this.stallUs;
    if ((failed || stalled) && this.startUs === null) {
      // Unavailability cannot begin before the event: a write sent just before it is cut there.
      this.startUs = Math.max(w.sentUs, this.eventUs);
      this.firstFailure = failed ? w.errorKind : 'stall';
    }
    if (!failed && this.startUs !== null && !this.firstAckAfterStart.has(w.endpoint)) this.firstAckAfterStart.set(w.endpoint, w.doneUs);
  }

  /** The window, given the master at the end of the drill. Open (endUs null) when that master never acknowledged a write. */
  result(finalMaster: string | null): UnavailabilityWindow {
    if (this.startUs === null) return { startUs: null, endUs: null, windowUs: 0, firstFailure: null };
    const endUs = finalMaster === null ? null : (this.firstAckAfterStart.get(finalMaster) ?? null);
    return { startUs: this.startUs, endUs, windowUs: endUs === null ? 0 : endUs - this.startUs, firstFailure: this.firstFailure };
  }
}
