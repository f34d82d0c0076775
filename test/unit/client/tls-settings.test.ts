import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasTlsFlags, tlsConnectOptions, tlsSettingsFrom } from '../../../src/client/tls-settings.js';
import { UsageError } from '../../../src/shared/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'rbench-tls-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TLS settings', () => {
  it('hasTlsFlags is false for nothing or empty strings', () => {
    expect(hasTlsFlags(undefined)).toBe(false);
    expect(hasTlsFlags({ ca: '', insecure: false })).toBe(false);
    expect(hasTlsFlags({ insecure: true })).toBe(true);
  });

  it('verifies by default and uses the host as SNI, but not an IP address', () => {
    const s = tlsSettingsFrom({}, 'rediss://h');
    expect(tlsConnectOptions(s, 'redis.example.com')).toEqual({ rejectUnauthorized: true, servername: 'redis.example.com' });
    expect(tlsConnectOptions(s, '127.0.0.1')).toEqual({ rejectUnauthorized: true });
    expect(tlsConnectOptions(s, '::1')).toEqual({ rejectUnauthorized: true });
  });

  it('insecure turns verification off; servername overrides SNI', () => {
    const s = tlsSettingsFrom({ insecure: true, servername: 'x' }, 'rediss://h');
    expect(tlsConnectOptions(s, 'h')).toEqual({ rejectUnauthorized: false, servername: 'x' });
  });

  it('reads the PEM files', () => {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, 'CA-PEM');
    const opts = tlsConnectOptions(tlsSettingsFrom({ ca }, 'rediss://h'), 'h');
    expect(String(opts.ca)).toBe('CA-PEM');
  });

  it('a missing file is a UsageError naming the flag and the path', () => {
    const missing = join(dir, 'nope.pem');
    expect(() => tlsConnectOptions(tlsSettingsFrom({ ca: missing }, 'rediss://h'), 'h')).toThrow(UsageError);
    expect(() => tlsConnectOptions(tlsSettingsFrom({ ca: missing }, 'rediss://h'), 'h')).toThrow(/--tls-ca file .*nope\.pem \(ENOENT\)/);
  });
});
