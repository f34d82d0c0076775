import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionState, type StateInfo } from '../../../src/client/connection.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { RuntimeError } from '../../../src/shared/errors.js';
import { asString } from '../../../src/resp/values.js';
import { connectTo, targetFor, useRedis } from '../../helpers/redis.js';

const PASSWORD = 'p@ss/w0rd-SECRET-default';
const ALICE_PASSWORD = 'alice-SECRET-9f3';
const server = useRedis({ password: PASSWORD, aclUsers: [{ name: 'alice', password: ALICE_PASSWORD }], unixSocket: true });

/** Everything a connection said: state messages and error messages, to search for secrets. */
function recorder(): { log: string[]; onStateChange: (s: ConnectionState, i: StateInfo) => void } {
  const log: string[] = [];
  return { log, onStateChange: (s, i) => log.push(`${s} ${i.kind ?? ''} ${i.message ?? ''}`) };
}

function everything(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return `${error.name} ${error.message} ${(error as RuntimeError).hint ?? ''} ${error.stack ?? ''} ${JSON.stringify(error)}`;
}

describe('authentication', () => {
  it('authenticates the default user with requirepass (RESP2 and RESP3)', async () => {
    for (const protocol of [2, 3] as const) {
      const conn = await connectTo(server(), { auth: { password: PASSWORD }, protocol });
      expect(asString(await conn.call(['PING']))).toBe('PONG');
      expect(asString(await conn.call(['ACL', 'WHOAMI']))).toBe('default');
      await conn.close();
    }
  });

  it('authenticates an ACL user (RESP2 and RESP3)', async () => {
    for (const protocol of [2, 3] as const) {
      const conn = await connectTo(server(), { auth: { user: 'alice', password: ALICE_PASSWORD }, protocol });
      expect(asString(await conn.call(['ACL', 'WHOAMI']))).toBe('alice');
      await conn.close();
    }
  });

  it('a wrong password gives a clear RuntimeError that never contains the password', async () => {
    const wrong = 'wrong-SECRET-pw';
    for (const protocol of [2, 3] as const) {
      for (const auth of [{ password: wrong }, { user: 'alice', password: wrong }]) {
        const rec = recorder();
        const error = await connectTo(server(), { auth, protocol, onStateChange: rec.onStateChange }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(RuntimeError);
        const text = everything(error);
        expect((error as Error).message).toMatch(/authentication failed at redis:\/\/.*:\*\*\*@127\.0\.0\.1:\d+/);
        expect(text).not.toContain(wrong);
        expect(rec.log.join('\n')).not.toContain(wrong);
      }
    }
  });

  it('no password against a server that needs one says so', async () => {
    const error = await connectTo(server()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeError);
    expect((error as RuntimeError).message).toMatch(/authentication failed/);
    expect((error as RuntimeError).hint).toMatch(/needs a password/);
  });
});

describe('SELECT', () => {
  it('writes to the database named in the URL', async () => {
    const in3 = await connectTo(server(), { auth: { password: PASSWORD, db: 3 } });
    const in0 = await connectTo(server(), { auth: { password: PASSWORD } });
    try {
      await in3.call(['SET', 'only-in-3', 'yes']);
      expect(asString(await in3.call(['GET', 'only-in-3']))).toBe('yes');
      expect(await in0.call(['EXISTS', 'only-in-3'])).toBe(0);
      await in0.call(['SELECT', '3']);
      expect(asString(await in0.call(['GET', 'only-in-3']))).toBe('yes');
    } finally {
      await in3.close();
      await in0.close();
    }
  });

  it('a database out of range is a clear error', async () => {
    const error = await connectTo(server(), { auth: { password: PASSWORD, db: 999 } }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/refused SELECT 999/);
  });
});

describe('unix socket', () => {
  it('connects through unix:// with password and db', async () => {
    const path = server().unixSocketPath!;
    const target = parseTarget(`unix://${path}?db=2&password=${encodeURIComponent(PASSWORD)}`) as StandaloneTarget;
    expect(target.display).not.toContain(PASSWORD);
    const conn = await Connection.open({ target });
    try {
      await conn.call(['SET', 'via-unix', '1']);
      const tcp = await connectTo(server(), { auth: { password: PASSWORD, db: 2 } });
      expect(asString(await tcp.call(['GET', 'via-unix']))).toBe('1');
      await tcp.close();
    } finally {
      await conn.close();
    }
  });

  it('a missing socket is "refused"', async () => {
    const target = parseTarget('unix:///tmp/rbench-no-such-dir/none.sock') as StandaloneTarget;
    await expect(Connection.open({ target })).rejects.toMatchObject({ kind: 'refused' });
  });
});

describe('targetFor helper', () => {
  it('keeps the password out of display', () => {
    expect(targetFor(server(), { password: PASSWORD }).display).not.toContain('SECRET');
  });
});
