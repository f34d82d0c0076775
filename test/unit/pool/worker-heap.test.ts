/**
 * The worker isolates' heap sizes (src/pool/worker-heap.ts): set once in the main thread before
 * the workers start, read by V8 when each worker's isolate is created.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { configureWorkerHeap, WORKER_SEMI_SPACE_MB } from '../../../src/pool/worker-heap.js';

/** The young generation's size in a fresh worker thread, in bytes. */
function workerNewSpaceBytes(): Promise<number> {
  const code = `
    const { getHeapSpaceStatistics } = require('node:v8');
    const { parentPort } = require('node:worker_threads');
    parentPort.postMessage(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true });
    w.once('message', (n: number) => {
      resolve(n);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

describe('configureWorkerHeap', () => {
  it('starts each worker created afterwards with the full young generation, and leaves this thread\'s heap alone', async () => {
    const mainBefore = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size;
    const before = await workerNewSpaceBytes();
    expect(before).toBeLessThan(WORKER_SEMI_SPACE_MB * 1024 * 1024);
    configureWorkerHeap();
    const after = await workerNewSpaceBytes();
    expect(after).toBeGreaterThanOrEqual(WORKER_SEMI_SPACE_MB * 1024 * 1024);
    expect(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')!.space_size).toBeLessThanOrEqual(Math.max(mainBefore, 8 * 1024 * 1024));
  });
});
