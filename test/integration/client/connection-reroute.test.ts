/**
 * A connection with an endpoint resolver (what a Sentinel target gives it): reroute() lets the
 * replies in flight arrive before the socket goes and reconnects where the resolver says; a
 * READONLY reply moves it on its own; a resolver failure is a failed attempt that is retried.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../../helpers/wait.js';
import { Connection } from '../../../src/client/connection.js';
import { describeEndpoint, type Endpoint } from '../../../src/client/target-url.js';
import { startLocalServer, targetFor, type LocalServer } from '../../helpers/redis.js';

const endpointOf = (s: LocalServer): Endpoint => ({ transport: 'tcp', host: s.host, port: s.port });

describe('Connection with resolveEndpoint', () => {
  let a: LocalServer;
  let b: LocalServer;
  let replica: LocalServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([startLocalServer(), startLocalServer()]);
    replica = await startLocalServer({ extraArgs: ['--replicaof', a.host, String(a.port)] });
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop(), replica?.stop()]);
  });

  it('reroute() waits for the replies in flight, then reconnects where the resolver points', async () => {
    let where = endpointOf(a);
    const conn = new Connection({ target: targetFor(a), resolveEndpoint: async () => where, reconnect: { initialMs: 10, maxMs: 50 } });
    await conn.connect();
    const kinds: (string | null)[] = [];
    conn.setReplyHandler((_tag, _i, _s, _n, kind) => kinds.push(kind));
    // 200 SETs are in flight when reroute() is called: their replies come on a later turn.
    for (let i = 0; i < 200; i++) {
      conn.encoder.command(3).arg('SET').arg(`k${i}`).arg('v');
      conn.enqueue(i, 0);
    }
    conn.flush();
    where = endpointOf(b);
    conn.reroute('test: the master moved');
    expect(conn.canSend).toBe(false);
    await until(() => kinds.length === 200);
    expect(kinds.every((k) => k === null)).toBe(true); // answered by A, not failed
    await until(() => conn.state === 'ready' && describeEndpoint(conn.endpoint) === describeEndpoint(endpointOf(b)));
    expect(String(await conn.call(['SET', 'moved', '1']))).toBe('OK');
    await conn.close();
  });

  it('a READONLY reply moves the connection off a replica', async () => {
    let where = endpointOf(replica);
    const conn = new Connection({ target: targetFor(replica), resolveEndpoint: async () => where, reconnect: { initialMs: 10, maxMs: 50 } });
    await conn.connect();
    const kinds: (string | null)[] = [];
    conn.setReplyHandler((_tag, _i, _s, _n, kind) => kinds.push(kind));
    where = endpointOf(a);
    conn.encoder.command(3).arg('SET').arg('x').arg('1');
    conn.enqueue(0, 0);
    conn.flush();
    await until(() => kinds.length === 1);
    expect(kinds[0]).toBe('READONLY');
    await until(() => conn.state === 'ready' && describeEndpoint(conn.endpoint) === describeEndpoint(endpointOf(a)));
    expect(String(await conn.call(['SET', 'x', '1']))).toBe('OK');
    await conn.close();
  });

  it('a failing resolver is a failed attempt, retried with back-off until it answers', async () => {
    let fail = true;
    let asked = 0;
    const conn = new Connection({
      target: targetFor(a),
      resolveEndpoint: async () => {
        asked++;
        if (fail) throw new Error('no master known');
        return endpointOf(b);
      },
      reconnect: { initialMs: 10, maxMs: 40 },
    });
    await expect(conn.connect()).rejects.toThrow(/no master known/);
    expect(conn.state).toBe('down');
    // Never ready yet, so no automatic retry: a first connect that fails is the caller's to handle.
    fail = false;
    await conn.connect();
    expect(describeEndpoint(conn.endpoint)).toBe(describeEndpoint(endpointOf(b)));
    // Once it was ready, a failing resolver is retried on its own.
    fail = true;
    conn.reroute('test');
    await until(() => asked >= 4);
    expect(conn.state).not.toBe('ready');
    fail = false;
    await until(() => conn.state === 'ready');
    await conn.close();
  });
});
