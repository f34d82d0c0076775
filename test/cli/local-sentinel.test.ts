/**
 * `rbench local up sentinel` / `rbench local down` from the outside, and a kill-master drill on
 * the deployment they manage: the processes outlive `local up`, the URL it prints works for ping
 * and drill, the master process is killed and Sentinel's promotion is followed, and `local down`
 * stops everything.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LocalDeployment } from '../../src/topology/local-deployments.js';
import { describeRun, readReport, requireBuiltCli, runCli, useTempDir } from '../helpers/cli.js';

requireBuiltCli();
const tmp = useTempDir();
const env = () => ({ RBENCH_STATE_DIR: join(tmp(), 'state') });

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return readFileSyncSafe(`/proc/${pid}/cmdline`).includes('redis-server');
  } catch {
    return false;
  }
};
function readFileSyncSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

describe('rbench local up sentinel / local down, with a kill-master drill', () => {
  afterAll(async () => {
    await runCli(['local', 'down'], { env: env() });
  });

  it('starts a deployment that outlives the command, drills it, and stops it', async () => {
    const up = await runCli(['local', 'up', 'sentinel'], { env: env(), timeoutMs: 40_000 });
    expect(up.code, describeRun(up)).toBe(0);
    const url = up.stdout.trim();
    expect(url).toMatch(/^sentinel:\/\/127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/mymaster$/);
    const record = JSON.parse(await readFile(join(tmp(), 'state', 'local-sentinel.json'), 'utf8')) as LocalDeployment;
    expect(record.processes.map((p) => p.role)).toEqual(['master', 'replica', 'replica', 'sentinel', 'sentinel', 'sentinel']);
    for (const p of record.processes) expect(alive(p.pid), `${p.role} ${p.port} runs`).toBe(true);

    const ping = await runCli(['ping', '--target', url, '--count', '1'], { env: env() });
    expect(ping.code, describeRun(ping)).toBe(0);
    expect(ping.stdout).toMatch(/role:\s+master/);

    const again = await runCli(['local', 'up', 'sentinel'], { env: env() });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already runs/);

    const scenario = join(tmp(), 'kill.yml');
    await writeFile(scenario, 'name: kill\nduration: 8s\nconnections: 4\nworkers: 1\nmix:\n  - { command: "SET {key} {value}" }\n');
    const out = join(tmp(), 'kill.json');
    const drill = await runCli(['drill', scenario, '--target', url, '--action', 'kill-master', '--at', '2s', '--quiet', '--out', out], { env: env(), timeoutMs: 40_000 });
    expect(drill.code, describeRun(drill)).toBe(0);
    const d = (await readReport(out)).drill!;
    const master = record.processes[0]!;
    expect(d.trigger).toBe(`killed the master process on 127.0.0.1:${master.port} (SIGKILL)`);
    expect(alive(master.pid)).toBe(false);
    expect(d.masterBefore).toBe(`127.0.0.1:${master.port}`);
    expect(record.processes.filter((p) => p.role === 'replica').map((p) => `127.0.0.1:${p.port}`)).toContain(d.masterAfter);
    expect(d.unavailability.windowMs).toBeGreaterThan(0);
    expect(d.unavailability.endAtS).not.toBeNull();
    expect(d.writes.acknowledged).toBeGreaterThan(0);

    const down = await runCli(['local', 'down'], { env: env() });
    expect(down.code, describeRun(down)).toBe(0);
    for (const p of record.processes) expect(alive(p.pid), `${p.role} ${p.port} stopped`).toBe(false);
    expect(existsSync(join(tmp(), 'state', 'local-sentinel.json'))).toBe(false);
    for (const p of record.processes) expect(existsSync(p.dir)).toBe(false);
  }, 90_000);
});
