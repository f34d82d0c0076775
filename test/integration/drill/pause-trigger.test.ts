/** The pause-master action's two ways: CLIENT PAUSE and DEBUG SLEEP (refused clearly where DEBUG is disabled). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withConnection } from '../../../src/client/sentinel/sentinel-lookup.js';
import { trigger, type TriggerContext } from '../../../src/drill/triggers.js';
import { startLocalServer, targetFor, type LocalServer } from '../../helpers/redis.js';

const ctx = (server: LocalServer, pauseWith: TriggerContext['pauseWith']): TriggerContext => ({
  master: targetFor(server),
  failover: null,
  pauseMs: 600,
  pauseWith,
  localProcesses: [],
});

/** How long a PING on a fresh connection takes right after the action (ms). */
async function pingDelayAfter(server: LocalServer, action: () => Promise<string>): Promise<number> {
  await action();
  const start = performance.now();
  await withConnection(targetFor(server), (c) => c.call(['PING']), 5000);
  return performance.now() - start;
}

describe('pause-master action', () => {
  let debugOn: LocalServer;
  let debugOff: LocalServer;
  beforeAll(async () => {
    [debugOn, debugOff] = await Promise.all([startLocalServer({ extraArgs: ['--enable-debug-command', 'local'] }), startLocalServer()]);
  });
  afterAll(async () => {
    await Promise.all([debugOn?.stop(), debugOff?.stop()]);
  });

  it('DEBUG SLEEP returns at once and blocks the server for the pause', async () => {
    // Had the action waited for DEBUG SLEEP's reply, the server would be awake again by the PING.
    const delay = await pingDelayAfter(debugOn, () => trigger('pause-master', ctx(debugOn, 'debug-sleep')));
    expect(delay).toBeGreaterThan(300);
  });

  it('CLIENT PAUSE holds other clients for the pause', async () => {
    const delay = await pingDelayAfter(debugOff, () => trigger('pause-master', ctx(debugOff, 'client-pause')));
    expect(delay).toBeGreaterThan(400);
  });

  it('DEBUG SLEEP where DEBUG is disabled fails with a hint', async () => {
    const error = await trigger('pause-master', ctx(debugOff, 'debug-sleep')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/DEBUG SLEEP refused/);
    expect((error as { hint?: string }).hint).toMatch(/enable-debug-command/);
  });
});
