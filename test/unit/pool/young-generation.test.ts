/**
 * The worker threads' young generation: after sizeWorkerYoungGeneration a new worker's new space
 * starts at the configured semi-space size instead of V8's small default (fewer scavenges under
 * load, see src/pool/young-generation.ts). Runs the built module in a child process: V8 flags
 * are process-wide.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_SEMI_SPACE_MB } from '../../../src/pool/young-generation.js';

const BUILT = fileURLToPath(new URL('../../../dist/src/pool/young-generation.js', import.meta.url));

const SCRIPT = `
  import { Worker } from 'node:worker_threads';
  const { sizeWorkerYoungGeneration } = await import(${JSON.stringify(BUILT)});
  sizeWorkerYoungGeneration();
  const code = "import v8 from 'node:v8'; import { parentPort } from 'node:worker_threads'; parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size)";
  const w = new Worker(code, { eval: true });
  w.once('message', (size) => { process.stdout.write(String(size)); w.terminate(); });
`;

function workerNewSpaceBytes(env: Record<string, string> = {}): number {
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { env: { ...process.env, ...env }, encoding: 'utf8' }));
}

describe.skipIf(!existsSync(BUILT))('sizeWorkerYoungGeneration (needs npm run build)', () => {
  it('starts new workers with the configured semi-space', () => {
    expect(workerNewSpaceBytes()).toBe(MIN_SEMI_SPACE_MB * 1024 * 1024);
  });

  it("keeps V8's default with RBENCH_MIN_SEMI_SPACE_MB=0", () => {
    expect(workerNewSpaceBytes({ RBENCH_MIN_SEMI_SPACE_MB: '0' })).toBeLessThan(MIN_SEMI_SPACE_MB * 1024 * 1024);
  });
});
