/**
 * The worker thread's task (piscina runs the default export once per worker): connect, wait at
 * the start barrier of each stage, run it, send interval snapshots once a second and the stage
 * totals at its end. It only wires messages to functions; the loop is in stage-runner.ts and
 * the pub/sub and queue roles in roles/.
 */
import { Connection } from '../client/connection.js';
import { SentinelFollower } from '../client/sentinel/sentinel-follower.js';
import { initHistogramBackend, LatencyRecorder, type EncodedStageSnapshot } from '../metrics/index.js';
import { monotonicClock } from '../shared/clock.js';
import { attachControl, isAborted, isPhaseStopped, publishLive, waitForPhase } from './control.js';
import { CountingRecorder } from './counting-recorder.js';
import type { WorkerMessage, WorkerResult, WorkerTask } from './messages.js';
import { startConsumers, type ConsumerGroup } from './roles/consumers.js';
import { startSubscribers } from './roles/subscribers.js';
import { runStage } from './stage-runner.js';
import { compileWorkload, PROMISED_COUNTER, roleLabels } from './workload-setup.js';

const INTERVAL_MS = 1000;
/** After a stage with subscribers, messages still on the wire get this long to arrive. */
const DELIVERY_SETTLE_MS = 200;

/** Connection options that make a connection follow the master, or spread over the replicas. */
function resolverOptions(follower: SentinelFollower, readFrom: 'master' | 'replica') {
  return readFrom === 'replica' ? { resolveEndpoint: follower.resolveReplica, rerouteOnReadonly: false } : { resolveEndpoint: follower.resolve };
}

export default async function runWorker(task: WorkerTask): Promise<WorkerResult> {
  const { job, port, workerIndex } = task;
  const post = (message: WorkerMessage) => port.postMessage(message);
  const control = attachControl(task.control, task.workers);
  await initHistogramBackend('wasm');
  const workload = compileWorkload(job.plan, job.share);
  const extraLabels = roleLabels(job.plan);

  // Roles record into whichever stage is running; `roleBase` is the index of their first label.
  let current: CountingRecorder | null = null;
  let currentLatency: LatencyRecorder | null = null;
  let roleBase = 0;

  // A sentinel:// target: every (re)connect asks where the master is, and a +switch-master moves
  // the connections at once, so load continues on the new master without a restart.
  const follower = job.sentinel ? new SentinelFollower(job.sentinel) : null;
  const closers: (() => Promise<void>)[] = [];
  if (follower) {
    await follower.start();
    closers.push(() => follower.close());
  }
  const connectionCount = Math.max(1, ...job.stages.map((s) => s.connections));
  const connections: Connection[] = [];
  for (let i = 0; i < connectionCount; i++) {
    const conn = new Connection({
      target: job.target,
      protocol: job.protocol,
      ...(follower ? resolverOptions(follower, job.sentinel!.readFrom) : {}),
      onStateChange: (state, info) => {
        if (state === 'down' && info.message) post({ type: 'warning', worker: workerIndex, message: info.message });
      },
    });
    follower?.follow(conn, job.sentinel?.readFrom);
    connections.push(conn);
  }
  const consumerGroups: ConsumerGroup[] = [];
  try {
    await Promise.all(connections.map((c) => c.connect()));
    const subscribers = job.plan.roles.subscribers;
    if (subscribers && job.share.subscriberConnections > 0) {
      const subs = await startSubscribers({
        target: job.target,
        connections: job.share.subscriberConnections,
        channels: subscribers.channels,
        patterns: subscribers.patterns,
        onDelivery: (latencyUs) => {
          if (current && latencyUs >= 0) current.record(roleBase, latencyUs, latencyUs, false);
        },
      });
      closers.push(subs.close);
    }
    const deliveryOffset = subscribers ? 1 : 0;
    for (let g = 0; g < job.plan.roles.consumers.length; g++) {
      const count = job.share.consumerConnections[g] ?? 0;
      if (count === 0) continue;
      const group = await startConsumers({
        target: job.target,
        connections: count,
        emitter: workload.consumerEmitters[g]!,
        onItem: (waitUs) => {
          if (current && waitUs >= 0) current.record(roleBase + deliveryOffset + g, waitUs, waitUs, false);
        },
        onEmpty: () => currentLatency?.recordNull(roleBase + deliveryOffset + g),
        onError: (kind) => current?.recordError(roleBase + deliveryOffset + g, kind, 0),
      });
      consumerGroups.push(group);
      closers.push(group.close);
    }
    post({ type: 'ready', worker: workerIndex });

    const stages: (EncodedStageSnapshot | null)[] = job.stages.map(() => null);
    for (let s = 0; s < job.stages.length; s++) {
      await waitForPhase(control, s);
      if (isAborted(control)) break;
      const spec = job.stages[s]!;
      const mixLabels = workload.labels[spec.mix]!;
      const recorder = new LatencyRecorder({
        phase: spec.name,
        labels: [...mixLabels, ...extraLabels],
        separateServiceTime: spec.rate !== null,
      });
      const counting = new CountingRecorder(recorder);
      roleBase = mixLabels.length;
      current = counting;
      currentLatency = recorder;
      const started = monotonicClock.nowUs();
      const sendInterval = () => {
        publishLive(control, workerIndex, counting.ops, counting.errors, 0);
        post({
          type: 'interval',
          worker: workerIndex,
          stage: s,
          elapsedMs: (monotonicClock.nowUs() - started) / 1000,
          snapshot: recorder.snapshotInterval(),
        });
      };
      const timer = setInterval(sendInterval, INTERVAL_MS);
      try {
        await runStage({
          spec,
          connections,
          source: workload.mixes[spec.mix]!,
          recorder: counting,
          clock: monotonicClock,
          workerIndex,
          workers: task.workers,
          shouldStop: () => isPhaseStopped(control, s),
          integerEntries: spec.kind === 'setup' ? [] : workload.integerEntries,
          onInteger: (_entry, receivers) => recorder.count(PROMISED_COUNTER, receivers),
        });
        if (subscribers) await new Promise((resolve) => setTimeout(resolve, DELIVERY_SETTLE_MS));
      } finally {
        clearInterval(timer);
      }
      // The last, partial interval goes out before the totals, so the timeline adds up to them.
      sendInterval();
      current = null;
      currentLatency = null;
      const totals = recorder.snapshotTotals();
      recorder.destroy();
      stages[s] = totals;
      post({ type: 'stage-done', worker: workerIndex, stage: s, totals });
    }
    return { worker: workerIndex, stages };
  } finally {
    for (const group of consumerGroups) group.stop();
    await Promise.all(closers.map((close) => close().catch(() => {})));
    await Promise.all(connections.map((c) => c.close().catch(() => {})));
  }
}
