/** Several watchers of one session (a drill and the live metrics), called in turn. */
import type { SessionObserver } from './run-session.js';

/** One observer that calls each given one; undefined entries are skipped. */
export function combineObservers(...observers: (SessionObserver | undefined)[]): SessionObserver {
  const list = observers.filter((o): o is SessionObserver => o !== undefined);
  return {
    onStageStart: (stage, name, kind) => list.forEach((o) => o.onStageStart?.(stage, name, kind)),
    onInterval: (stage, worker, snapshot) => list.forEach((o) => o.onInterval?.(stage, worker, snapshot)),
    onStageDone: (stage, totals) => list.forEach((o) => o.onStageDone?.(stage, totals)),
    onTick: (live) => list.forEach((o) => o.onTick?.(live)),
  };
}
