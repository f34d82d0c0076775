/** A sentinel:// target whose sentinels do not answer: one clear message per sentinel, exit 1, no secret, no stack. */
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/topology/free-port.js';
import { hasStackTrace, requireBuiltCli, runCli } from '../helpers/cli.js';

requireBuiltCli();

describe('sentinel:// with no sentinel answering', () => {
  it('names every sentinel tried and what to check', async () => {
    const [p1, p2] = [await findFreePort(), await findFreePort()];
    const result = await runCli(['ping', '--target', `sentinel://:dataPW77@127.0.0.1:${p1},127.0.0.1:${p2}/orders?sentinelPassword=sentPW88`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no master "orders" found through Sentinel/);
    expect(result.stderr).toContain(`127.0.0.1:${p1}: cannot connect`);
    expect(result.stderr).toContain(`127.0.0.1:${p2}: cannot connect`);
    expect(result.stderr).toMatch(/hint: check the sentinel addresses/);
    expect(result.stderr + result.stdout).not.toMatch(/dataPW77|sentPW88/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });
});
