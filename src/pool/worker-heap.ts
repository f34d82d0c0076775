/**
 * The worker threads' heap, set before they start: its sizes (old-generation floor, young
 * generation) and, where no CPU is spare, scavenges without V8's helper threads.
 *
 * Why: a busy load worker keeps about 10 MB alive and makes tens of MB of short-lived garbage a
 * second (Node's socket writes), so V8 grows its young generation to the 16 MB maximum. V8 sets
 * the old generation's limit at the live size plus a 16 MB minimum step, and starts a full
 * (mark-compact) collection as soon as the room left is no larger than the young generation:
 * with 16 = 16 that is always, so such a worker ran a 3-4 ms full GC about three times a second
 * (`--trace-gc`: "Start (task)", "GC in old space requested"), and those pauses were most of
 * rbench's p99.9 (GET P16 p99.9 8-12 ms against memtier's 2.6 ms). An initial old space of 64 MB
 * leaves that room: the same runs made about one full GC every 3-5 s and p99.9 fell to 3-5 ms.
 * Those few were still V8's limit check (`--trace-incremental-marking`: "Start (task)" at 12 MB of
 * 64, 52 MB of room): it wants more room than the 64 MB floor leaves, and each such collection
 * held the worker 4.7-5.7 ms. At 128 MB none came in a 5 s run: pinned SET P1, four alternating
 * pairs, the worker's longest GC 0.63-0.85 ms instead of 4.7-5.7, the max 3.7-7.1 ms instead of
 * 8.7-11.8. The next was "external memory pressure" about every 8 s, from the encoders' new slabs,
 * which load connections now reuse (ConnectionOptions.reuseSlabs).
 *
 * The size flags are V8's and process-wide; they are read when an isolate is created, so setting
 * them here touches only the worker isolates started after this call, not the main thread's heap. Memory
 * is not taken up front: the limit only says when V8 collects.
 */
import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';

/** Megabytes of old generation a worker may fill before its first full collection. */
export const WORKER_INITIAL_OLD_SPACE_MB = 128;

/**
 * The young generation's semi-space from the start, in MB (V8's maximum, which a busy worker
 * reached anyway). Starting small, V8 grew it only after many scavenges, and objects that
 * outlived a few of those were promoted, feeding the full collections: from the start at 16 MB,
 * pinned 5 s runs made half as many collections (GET P16: 58-61 vs 118-135), the longest fell
 * from 5.6-8.8 ms to 0.6 ms and p99.9 from 3.9-4.2 to 2.7-3.2 ms.
 */
export const WORKER_SEMI_SPACE_MB = 16;

/**
 * True when the workers should scavenge without V8's helper threads: every CPU this process may
 * use runs a load worker, so those helpers can only run on a worker's CPU.
 *
 * Why: there they gain nothing and take the CPU in slices the scheduler hands out. In a pinned
 * open-model run (20k/s GET, one CPU) `perf sched` showed the helper threads running 0.6-1.4 ms
 * at a time mid-phase while the worker waited with sends due. Five alternating pairs of 10 s runs
 * with and without node's `--single-threaded-gc` flag: send-lag p99 207-258 against 253-339 us,
 * p99.9 662-969 against 675-1,090 us; closed-loop GET P16 throughput unchanged (4 pairs,
 * x0.95-x1.04). Set at run time, only `--no-parallel-scavenge` of that flag's parts is safe: the
 * others also switched off the main isolate's concurrent marking under it, and V8 aborted
 * (SIGTRAP in cppgc's marker) at its next full collection. Scavenges are the collections a
 * worker makes many of (about 20 a second); its full ones are rare (the floor above), so their
 * concurrent marking stays. With a spare CPU V8's default stays: there the helpers shorten the
 * worker's pauses.
 */
export function collectsAlone(workers: number, cpus: number): boolean {
  return workers >= cpus;
}

let configured = false;
let helpersOff = false;

/**
 * Sets the heap for worker isolates created from now on: the sizes once, and scavenges without
 * helper threads once a pool of `workers` leaves no CPU spare (`cpus`: the CPUs this process may
 * run on). That flag is read at every scavenge, so it holds for the main thread too, and it stays
 * set: a later, smaller pool in the same process (a sweep) keeps scavenging alone, which costs it
 * only the helpers' share of a pause.
 */
export function configureWorkerHeap(workers: number, cpus: number = availableParallelism()): void {
  if (!configured) {
    configured = true;
    setFlagsFromString(`--initial-old-space-size=${WORKER_INITIAL_OLD_SPACE_MB}`);
    setFlagsFromString(`--min-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  }
  if (!helpersOff && collectsAlone(workers, cpus)) {
    helpersOff = true;
    setFlagsFromString('--no-parallel-scavenge');
  }
}
