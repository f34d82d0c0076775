/**
 * The worker thread's task (piscina runs the default export once per worker): connect, wait at
 * the start barrier of each stage, run it, send interval snapshots once a second and the stage
 * totals at its end. It only wires messages to functions; the loop is in stage-runner.ts and
 * the pub/sub and queue roles in roles/.
 */
import { ClientNoiseMonitor, initHistogramBackend, LatencyRecorder, NodeRecorder, type ClientNoise, type EncodedStageSnapshot, type StageAccounting } from '../metrics/index.js';
import { giveUpArrayBufferDetachingAssumption } from '../shared/array-buffer-detaching.js';
import { monotonicClock } from '../shared/clock.js';
import { attachControl, isAborted, isPhaseStopped, publishLive, waitForPhase } from './control.js';
import { CountingRecorder } from './counting-recorder.js';
import { createLoadConnections } from '../deployment/load-connections.js';
import type { WorkerMessage, WorkerResult, WorkerTask } from './messages.js';
import { startConsumers, type ConsumerGroup } from './roles/consumers.js';
import { startSubscribers } from './roles/subscribers.js';
import { runStage, type StageOutcome } from './stage-runner.js';
import { checkLayout, stageSlots, type StageSlots } from './workload-layout.js';
import { compileWorkload, PROMISED_COUNTER } from './workload-setup.js';

// Before any code here is optimized: see array-buffer-detaching.ts.
giveUpArrayBufferDetachingAssumption();

const INTERVAL_MS = 1000;
/** After a stage with subscribers, messages still on the wire get this long to arrive. */
const DELIVERY_SETTLE_MS = 200;

export default async function runWorker(task: WorkerTask): Promise<WorkerResult> {
  const { job, port, workerIndex } = task;
  const post = (message: WorkerMessage) => port.postMessage(message);
  const control = attachControl(task.control, task.workers);
  await initHistogramBackend('wasm');
  // The layout comes from the main thread; a stage or role it does not cover fails here, before 'ready'.
  checkLayout(job.layout, job.plan, job.stages);
  const workload = compileWorkload(job.plan, job.share, job.layout, job.autoTagKeyspaces);
  const consumerGroups = job.plan.roles.consumers.length;

  // Roles record into whichever stage is running, at the slots the layout gives them in it.
  let current: CountingRecorder | null = null;
  let currentLatency: LatencyRecorder | null = null;
  let slots: StageSlots = stageSlots([], job.layout.roles, consumerGroups);

  let currentNodes: NodeRecorder | null = null;
  const connectionCount = Math.max(1, ...job.stages.map((s) => s.connections));
  const load = await createLoadConnections(job.load, connectionCount, {
    onWarning: (message) => post({ type: 'warning', worker: workerIndex, message }),
    onCount: (name, n) => currentLatency?.count(name, n),
    onNodeReply: (node, responseUs, errorKind) => currentNodes?.record(node, responseUs, errorKind),
  });
  const connections = load.connections;
  const closers: (() => Promise<void>)[] = [];
  const groups: ConsumerGroup[] = [];
  try {
    await load.connect();
    const subscribers = job.plan.roles.subscribers;
    if (subscribers && job.share.subscriberConnections > 0) {
      const subs = await startSubscribers({
        openConnection: load.openRoleConnection,
        connections: job.share.subscriberConnections,
        channels: subscribers.channels,
        patterns: subscribers.patterns,
        onDelivery: (latencyUs) => {
          if (current && latencyUs >= 0 && slots.delivery !== null) current.record(slots.delivery, latencyUs, latencyUs, false);
        },
      });
      closers.push(subs.close);
    }
    for (let g = 0; g < consumerGroups; g++) {
      const count = job.share.consumerConnections[g] ?? 0;
      if (count === 0) continue;
      const group = await startConsumers({
        connections: count,
        createConnection: load.createRoleConnection ?? (() => load.openRoleConnection({ commandTimeoutMs: 0 })),
        emitter: workload.consumerEmitters[g]!,
        onItem: (waitUs) => {
          const slot = slots.queues[g] ?? null;
          if (current && waitUs >= 0 && slot !== null) current.record(slot, waitUs, waitUs, false);
        },
        onEmpty: () => {
          const slot = slots.queues[g] ?? null;
          if (slot !== null) currentLatency?.recordNull(slot);
        },
        onError: (kind) => {
          const slot = slots.queues[g] ?? null;
          if (slot !== null) current?.recordError(slot, kind, 0, 0);
        },
      });
      groups.push(group);
      closers.push(group.close);
    }
    post({ type: 'ready', worker: workerIndex });

    const stages: (EncodedStageSnapshot | null)[] = job.stages.map(() => null);
    for (let s = 0; s < job.stages.length; s++) {
      await waitForPhase(control, s);
      if (isAborted(control)) break;
      const spec = job.stages[s]!;
      const mix = workload.mix(spec.mix);
      const stageRecording = stageSlots(mix.labels, job.layout.roles, consumerGroups);
      const recorder = new LatencyRecorder({
        phase: spec.name,
        labels: stageRecording.labels,
        separateServiceTime: spec.rate !== null,
      });
      const counting = new CountingRecorder(recorder);
      const nodes = load.addressOf === null ? null : new NodeRecorder(load.addressOf);
      currentNodes = nodes;
      slots = stageRecording;
      current = counting;
      currentLatency = recorder;
      const started = monotonicClock.nowUs();
      const sendInterval = () => {
        let inFlight = 0;
        for (const c of connections) inFlight += c.inFlight;
        publishLive(control, workerIndex, counting.ops, counting.errors, inFlight);
        post({
          type: 'interval',
          worker: workerIndex,
          stage: s,
          elapsedMs: (monotonicClock.nowUs() - started) / 1000,
          snapshot: recorder.snapshotInterval(),
        });
      };
      const timer = setInterval(sendInterval, INTERVAL_MS);
      let outcome: StageOutcome;
      // rbench's own pauses during a measured phase, reported beside the latencies they may inflate.
      // Watched in every stage, kept for measured ones: the watching (a 1 ms timer, GC callbacks)
      // must not start at a measured phase's first command, or it is a change V8 meets there.
      const noise = new ClientNoiseMonitor();
      let client: ClientNoise | null = null;
      try {
        outcome = await runStage({
          spec,
          connections,
          source: mix.mix,
          recorder: counting,
          clock: monotonicClock,
          // Its slot on the open-model grid, which spans every segment of a segmented run.
          workerIndex: job.share.scheduleIndex,
          workers: job.share.scheduleCount,
          shouldStop: () => isPhaseStopped(control, s),
          isAborted: () => isAborted(control),
          integerEntries: mix.integerEntries,
          onInteger: (_entry, receivers) => recorder.count(PROMISED_COUNTER, receivers),
        });
        if (subscribers) await new Promise((resolve) => setTimeout(resolve, DELIVERY_SETTLE_MS));
      } finally {
        clearInterval(timer);
        const watched = noise.stop();
        client = spec.kind === 'measure' ? watched : null;
      }
      // The last, partial interval goes out before the totals, so the timeline adds up to them.
      sendInterval();
      current = null;
      currentLatency = null;
      currentNodes = null;
      const totals = recorder.snapshotTotals();
      totals.accounting = stageAccounting(outcome, spec.connections);
      if (nodes !== null) totals.nodes = nodes.snapshot();
      if (client !== null) totals.client = client;
      recorder.destroy();
      nodes?.destroy();
      stages[s] = totals;
      post({ type: 'stage-done', worker: workerIndex, stage: s, totals });
    }
    return { worker: workerIndex, stages };
  } finally {
    for (const group of groups) group.stop();
    await Promise.all(closers.map((close) => close().catch(() => {})));
    await load.close();
  }
}

/** The load loop's outcome in wall-clock terms, so the main thread can line workers up. */
function stageAccounting(outcome: StageOutcome, connections: number): StageAccounting {
  // performance.now() counts from this thread's own origin: add it to get epoch milliseconds.
  const epochMs = (us: number) => performance.timeOrigin + us / 1000;
  const gaps: [number, number][] = [];
  for (let k = 0; k < outcome.gaps.length; k += 2) gaps.push([epochMs(outcome.gaps[k]!), epochMs(outcome.gaps[k + 1]!)]);
  return {
    sent: outcome.sent,
    abandoned: outcome.abandoned,
    startEpochMs: epochMs(outcome.startedUs),
    endEpochMs: epochMs(outcome.endedUs),
    gaps,
    connections,
  };
}
