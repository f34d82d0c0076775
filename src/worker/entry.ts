/**
 * The worker thread's task (piscina runs the default export once per worker): connect, wait at
 * the start barrier of each stage, run it, send interval snapshots once a second and the stage
 * totals at its end. It only wires messages to functions; the loop is in stage-runner.ts.
 */
import { Connection } from '../client/connection.js';
import { initHistogramBackend, LatencyRecorder } from '../metrics/index.js';
import { monotonicClock } from '../shared/clock.js';
import { attachControl, isAborted, isPhaseStopped, publishLive, waitForPhase } from './control.js';
import { CountingRecorder } from './counting-recorder.js';
import type { WorkerMessage, WorkerResult, WorkerTask } from './messages.js';
import { runStage } from './stage-runner.js';
import { compileWorkload } from './workload-setup.js';
import type { EncodedStageSnapshot } from '../metrics/index.js';

const INTERVAL_MS = 1000;

export default async function runWorker(task: WorkerTask): Promise<WorkerResult> {
  const { job, port, workerIndex } = task;
  const post = (message: WorkerMessage) => port.postMessage(message);
  const control = attachControl(task.control, task.workers);
  await initHistogramBackend('wasm');
  const workload = compileWorkload(job.plan, job.share);

  const connectionCount = Math.max(1, ...job.stages.map((s) => s.connections));
  const connections: Connection[] = [];
  for (let i = 0; i < connectionCount; i++) {
    connections.push(
      new Connection({
        target: job.target,
        protocol: job.protocol,
        onStateChange: (state, info) => {
          if (state === 'down' && info.message) post({ type: 'warning', worker: workerIndex, message: info.message });
        },
      }),
    );
  }
  try {
    await Promise.all(connections.map((c) => c.connect()));
    post({ type: 'ready', worker: workerIndex });

    const stages: (EncodedStageSnapshot | null)[] = job.stages.map(() => null);
    for (let s = 0; s < job.stages.length; s++) {
      await waitForPhase(control, s);
      if (isAborted(control)) break;
      const spec = job.stages[s]!;
      const recorder = new LatencyRecorder({
        phase: spec.name,
        labels: workload.labels[spec.mix]!,
        separateServiceTime: spec.rate !== null,
      });
      const counting = new CountingRecorder(recorder);
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
        });
      } finally {
        clearInterval(timer);
      }
      // The last, partial interval goes out before the totals, so the timeline adds up to them.
      sendInterval();
      const totals = recorder.snapshotTotals();
      recorder.destroy();
      stages[s] = totals;
      post({ type: 'stage-done', worker: workerIndex, stage: s, totals });
    }
    return { worker: workerIndex, stages };
  } finally {
    await Promise.all(connections.map((c) => c.close().catch(() => {})));
  }
}
