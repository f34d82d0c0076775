/**
 * The main thread steps back while the workers run load.
 *
 * Why: the main thread mostly waits, so V8's memory reducer gives it full collections once it
 * looks idle (8 s into a run, then again at about 17 s: 11-23 ms each on its 14 MB heap). Where
 * the main thread and a worker share a CPU (a pinned benchmark, or more threads than cores) the
 * scheduler ran that collection in one slice and the worker's replies waited 11-13 ms (seen as
 * stalls in a 20 s GET P16 run). At a lower priority the main thread's work is cut into short
 * slices between the worker's, and those stalls went away; the worker threads keep the default
 * priority. The main thread needs well under 1% of a CPU during load, which it still gets.
 *
 * On Linux the nice value is per thread, so this lowers only the calling (main) thread; threads
 * it starts later inherit it, so call it after the workers exist. Raising it back needs
 * privileges, so it stays until the process ends.
 */
import { getPriority, setPriority } from 'node:os';

/** The main thread's nice value during load (0 is the default, 19 the lowest priority). */
export const COORDINATOR_NICE = 10;

/** Lowers the calling thread's priority to COORDINATOR_NICE, unless it is already that low. */
export function lowerCoordinatorPriority(): void {
  try {
    if (getPriority(0) < COORDINATOR_NICE) setPriority(0, COORDINATOR_NICE);
  } catch {
    // Not permitted here (some containers): the run goes on at the priority it has.
  }
}
