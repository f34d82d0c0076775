import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../../src/client/connection-error.js';
import { handshakeCommands, runHandshake } from '../../../src/client/handshake.js';
import { ServerReplyError } from '../../../src/client/server-reply-error.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { RuntimeError } from '../../../src/shared/errors.js';
import type { RespValue } from '../../../src/resp/values.js';

const t = (url: string): StandaloneTarget => parseTarget(url) as StandaloneTarget;

describe('handshakeCommands', () => {
  it('RESP2: AUTH, SELECT, CLIENT SETNAME', () => {
    expect(handshakeCommands(t('redis://u:pw@h/2'), { protocol: 2, clientName: 'rbench' }).map((s) => s.args)).toEqual([
      ['AUTH', 'u', 'pw'],
      ['SELECT', '2'],
      ['CLIENT', 'SETNAME', 'rbench'],
    ]);
    expect(handshakeCommands(t('redis://:pw@h'), { protocol: 2, clientName: null }).map((s) => s.args)).toEqual([['AUTH', 'pw']]);
    expect(handshakeCommands(t('redis://h'), { protocol: 2, clientName: null })).toEqual([]);
  });

  it('RESP3: AUTH inside HELLO, the default user named when none is given', () => {
    expect(handshakeCommands(t('redis://:pw@h'), { protocol: 3, clientName: null }).map((s) => s.args)).toEqual([['HELLO', '3', 'AUTH', 'default', 'pw']]);
    expect(handshakeCommands(t('redis://h'), { protocol: 3, clientName: null }).map((s) => s.args)).toEqual([['HELLO', '3']]);
  });
});

describe('runHandshake', () => {
  const answer = (replies: Record<string, string | null>) => (args: string[]): Promise<RespValue> => {
    const error = replies[args[0]!];
    return error ? Promise.reject(new ServerReplyError(error, args[0]!)) : Promise.resolve(Buffer.from('OK'));
  };

  it('tolerates a server that refuses CLIENT SETNAME', async () => {
    await expect(runHandshake(answer({ CLIENT: 'ERR unknown command' }), t('redis://h'), { protocol: 2, clientName: 'rbench' })).resolves.toBeUndefined();
  });

  it('turns NOAUTH on SETNAME into an authentication error', async () => {
    const e = await runHandshake(answer({ CLIENT: 'NOAUTH Authentication required.' }), t('redis://h'), { protocol: 2, clientName: 'rbench' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(RuntimeError);
    expect((e as RuntimeError).message).toMatch(/authentication failed at redis:\/\/h:6379/);
  });

  it('an AUTH failure never shows the password, even if the server echoes it', async () => {
    const e = await runHandshake(answer({ AUTH: 'WRONGPASS bad pw-ECHO' }), t('redis://:pw-ECHO@h'), { protocol: 2, clientName: null }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/authentication failed/);
    expect((e as Error).message).not.toContain('pw-ECHO');
  });

  it('HELLO refused without an auth reason means no RESP3', async () => {
    const e = await runHandshake(answer({ HELLO: 'ERR unknown command \'HELLO\'' }), t('redis://h'), { protocol: 3, clientName: null }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(/refused RESP3/);
  });
});

describe('a server at its maxclients', () => {
  const full = (args: string[]): Promise<RespValue> =>
    args[0] === 'AUTH' ? Promise.reject(new ServerReplyError('ERR max number of clients reached', 'AUTH')) : Promise.reject(new Error('connection lost'));

  it("is a refused connection in the server's words, whatever step got the reply (not an auth failure)", async () => {
    const e = await runHandshake(full, t('redis://:pw@h'), { protocol: 2, clientName: 'rbench' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionError);
    expect((e as ConnectionError).kind).toBe('refused');
    expect((e as Error).message).toBe('redis://:***@h:6379 refused the connection: ERR max number of clients reached');
    expect((e as ConnectionError).hint).toMatch(/maxclients/);
  });

  it('is not tolerated on CLIENT SETNAME either (it used to make the connection "ready")', async () => {
    const setnameFull = (args: string[]): Promise<RespValue> =>
      args[0] === 'CLIENT' ? Promise.reject(new ServerReplyError('ERR max number of clients reached', 'CLIENT')) : Promise.resolve(Buffer.from('OK'));
    const e = await runHandshake(setnameFull, t('redis://h'), { protocol: 2, clientName: 'rbench' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConnectionError);
  });
});
