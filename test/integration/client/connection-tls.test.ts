import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '../../../src/client/connection.js';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { findFreePort, startLocalServer, type LocalServer } from '../../../src/topology/local-server.js';
import { asString } from '../../../src/resp/values.js';

/** Whether this redis-server build has TLS, and openssl is there to make certificates. */
function tlsUnavailable(): string | null {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return 'openssl is not on PATH';
  }
  try {
    // A build without TLS rejects the option itself; a build with TLS complains about the missing cert.
    execFileSync('redis-server', ['--port', '0', '--tls-port', '1', '--save', ''], { stdio: 'pipe', timeout: 5000 });
  } catch (error) {
    const text = String((error as { stdout?: Buffer }).stdout ?? '') + String((error as { stderr?: Buffer }).stderr ?? '');
    if (/tls-cert-file|Failed to configure TLS/i.test(text)) return null;
    return 'redis-server was built without TLS support';
  }
  return null;
}

const skipReason = tlsUnavailable();
if (skipReason !== null) console.warn(`skipping TLS integration tests: ${skipReason}`);

describe.skipIf(skipReason !== null)('TLS (rediss://)', () => {
  let dir = '';
  const file = (name: string): string => join(dir, name);
  let server: LocalServer | undefined;
  let tlsPort: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'rbench-tls-'));
    const openssl = (...args: string[]): void => void execFileSync('openssl', args, { stdio: 'ignore' });
    openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.crt'), '-subj', '/CN=rbench-test-ca', '-days', '2');
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=localhost');
    writeFileSync(file('san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    openssl('x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('server.crt'), '-days', '2', '-extfile', file('san.ext'));
    tlsPort = await findFreePort();
    server = await startLocalServer({
      extraArgs: ['--tls-port', String(tlsPort), '--tls-cert-file', file('server.crt'), '--tls-key-file', file('server.key'), '--tls-ca-cert-file', file('ca.crt'), '--tls-auth-clients', 'no'],
    });
  });
  afterAll(async () => {
    await server?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const target = (tls: object): StandaloneTarget => parseTarget(`rediss://127.0.0.1:${tlsPort}`, { tls }) as StandaloneTarget;

  it('connects with the CA that signed the server certificate', async () => {
    const conn = await Connection.open({ target: target({ ca: file('ca.crt') }) });
    try {
      expect(asString(await conn.call(['PING']))).toBe('PONG');
      const info = asString(await conn.call(['CLIENT', 'INFO']));
      expect(info).toMatch(/name=rbench/);
    } finally {
      await conn.close();
    }
  });

  it('sends large values held by reference (one writev) over TLS byte for byte', async () => {
    const conn = await Connection.open({ target: target({ insecure: true }) });
    try {
      const value = Buffer.alloc(256 * 1024, 0x61);
      value.write('head', 0);
      value.write('tail', value.length - 4);
      let replies = 0;
      const done = new Promise<void>((resolve) => conn.setReplyHandler(() => ++replies === 4 && resolve()));
      for (let i = 0; i < 4; i++) {
        conn.encoder.command(3).arg('SET').arg(`tls:big:${i}`).argShared(value);
        conn.enqueue(i, 0);
      }
      expect(conn.encoder.hasParts).toBe(true);
      conn.flush();
      await done;
      const got = await conn.call(['GET', 'tls:big:3']);
      expect(Buffer.isBuffer(got) && got.equals(value)).toBe(true);
    } finally {
      await conn.close();
    }
  });

  it('insecure skips verification', async () => {
    const conn = await Connection.open({ target: target({ insecure: true }) });
    expect(asString(await conn.call(['PING']))).toBe('PONG');
    await conn.close();
  });

  it('an unknown CA fails with kind "tls" and a hint', async () => {
    const error = await Connection.open({ target: target({}) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ConnectionError', kind: 'tls' });
    expect((error as { hint?: string }).hint).toMatch(/--tls-ca .*--insecure/);
  });
});
