import { describe, expect, it } from 'vitest';
import { SentinelFollower, type MasterSwitch } from '../../../../src/client/sentinel/sentinel-follower.js';
import { parseTarget, type Endpoint, type SentinelTarget } from '../../../../src/client/target-url.js';
import { ManualClock } from '../../../../src/shared/clock.js';

const target = parseTarget('sentinel://127.0.0.1:1/mymaster') as SentinelTarget;
const at = (port: number): Endpoint => ({ transport: 'tcp', host: '10.0.0.1', port });

describe('SentinelFollower (no sockets: lookup injected)', () => {
  it('shares one lookup among concurrent resolves and reuses a fresh answer', async () => {
    const clock = new ManualClock(0);
    let lookups = 0;
    const follower = new SentinelFollower(target, {
      clock,
      lookup: async () => {
        lookups++;
        await new Promise((r) => setTimeout(r, 5));
        return at(6379);
      },
    });
    const answers = await Promise.all(Array.from({ length: 20 }, () => follower.resolve()));
    expect(lookups).toBe(1);
    expect(answers.every((e) => e.transport === 'tcp' && e.port === 6379)).toBe(true);
    clock.advance(50_000); // 50 ms later: still fresh
    await follower.resolve();
    expect(lookups).toBe(1);
    clock.advance(1_000_000);
    await follower.resolve();
    expect(lookups).toBe(2);
  });

  it('reports a changed answer as a switch (not the first answer), and a failing lookup as a refused connection', async () => {
    const clock = new ManualClock(0);
    const switches: MasterSwitch[] = [];
    let next: Endpoint | null = at(7000);
    const follower = new SentinelFollower(target, {
      clock,
      onSwitch: (c) => switches.push(c),
      lookup: async () => {
        if (next === null) throw new Error('no sentinel answered');
        return next;
      },
    });
    await follower.refresh();
    expect(switches).toEqual([]);
    next = at(7001);
    clock.advance(10_000_000);
    await follower.refresh();
    expect(switches).toHaveLength(1);
    expect(switches[0]).toMatchObject({ from: at(7000), to: at(7001), via: 'lookup', atUs: 10_000_000 });
    next = null;
    clock.advance(10_000_000);
    await expect(follower.resolve()).rejects.toMatchObject({ kind: 'refused' });
    expect(follower.current).toEqual(at(7001));
  });
});
