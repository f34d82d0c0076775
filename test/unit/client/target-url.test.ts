import { describe, expect, it } from 'vitest';
import { parseTarget, type StandaloneTarget } from '../../../src/client/target-url.js';
import { UsageError } from '../../../src/shared/errors.js';

function standalone(url: string, options = {}): StandaloneTarget {
  const t = parseTarget(url, options);
  if (t.kind !== 'standalone') throw new Error(`expected standalone, got ${t.kind}`);
  return t;
}

function usageError(url: string, options = {}): UsageError {
  try {
    parseTarget(url, options);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`expected "${url}" to be rejected`);
}

describe('parseTarget: redis://', () => {
  it.each([
    ['redis://localhost', 'localhost', 6379, 0],
    ['redis://10.0.0.5:7000', '10.0.0.5', 7000, 0],
    ['redis://host.example.com:6380/4', 'host.example.com', 6380, 4],
    ['redis://[::1]', '::1', 6379, 0],
    ['redis://[::1]:6380/2', '::1', 6380, 2],
    ['redis://[fe80::1%eth0]:6380', 'fe80::1%eth0', 6380, 0],
    ['REDIS://h:1/', 'h', 1, 0],
    ['redis://h:6379?db=7', 'h', 6379, 7],
  ])('%s → %s:%d db %d', (url, host, port, db) => {
    const t = standalone(url);
    expect(t.endpoint).toEqual({ transport: 'tcp', host, port });
    expect(t.db).toBe(db);
    expect(t.tls).toBeNull();
    expect(t.username).toBeNull();
    expect(t.password).toBeNull();
  });

  it('reads user and password, percent-decoded, and hides the password in display', () => {
    const t = standalone('redis://alice:s%40cret%2Fx@h:6379/1');
    expect(t.username).toBe('alice');
    expect(t.password).toBe('s@cret/x');
    expect(t.display).toBe('redis://alice:***@h:6379/1');
  });

  it('takes the last "@" as the end of the user info (unescaped @ and / in a password)', () => {
    const t = standalone('redis://:p@ss/w@rd@h:6379');
    expect(t.username).toBeNull();
    expect(t.password).toBe('p@ss/w@rd');
    expect(t.display).toBe('redis://:***@h:6379');
  });

  it('a lone user name is a user, shown as such', () => {
    const t = standalone('redis://bob@h');
    expect(t.username).toBe('bob');
    expect(t.password).toBeNull();
    expect(t.display).toBe('redis://bob@h:6379');
  });

  it('accepts user and password as query parameters', () => {
    const t = standalone('redis://h?user=u&password=p%26q');
    expect(t.username).toBe('u');
    expect(t.password).toBe('p&q');
    expect(t.display).not.toContain('p&q');
  });

  it('shows IPv6 hosts with brackets', () => {
    expect(standalone('redis://[::1]:7000').display).toBe('redis://[::1]:7000');
  });
});

describe('parseTarget: rediss:// and TLS options', () => {
  it('turns on TLS with verification by default', () => {
    const t = standalone('rediss://h:6380');
    expect(t.tls).toEqual({ caPath: null, certPath: null, keyPath: null, insecure: false, servername: null });
    expect(t.display).toBe('rediss://h:6380');
  });

  it('carries CA, client certificate and insecure from the options', () => {
    const t = standalone('rediss://h', { tls: { ca: '/ca.pem', cert: '/c.pem', key: '/k.pem', insecure: true, servername: 'redis.local' } });
    expect(t.tls).toEqual({ caPath: '/ca.pem', certPath: '/c.pem', keyPath: '/k.pem', insecure: true, servername: 'redis.local' });
  });

  it('rejects a certificate without its key, and the other way round', () => {
    expect(usageError('rediss://h', { tls: { cert: '/c.pem' } }).message).toMatch(/needs both --tls-cert and --tls-key/);
    expect(usageError('rediss://h', { tls: { key: '/k.pem' } }).message).toMatch(/got only --tls-key/);
  });

  it('rejects TLS options on a plain scheme', () => {
    const e = usageError('redis://h', { tls: { insecure: true } });
    expect(e.message).toMatch(/not a TLS scheme/);
    expect(e.hint).toMatch(/rediss:\/\//);
  });

  it('ignores an empty TLS options object on a plain scheme', () => {
    expect(standalone('redis://h', { tls: {} }).tls).toBeNull();
  });
});

describe('parseTarget: unix://', () => {
  it('reads the path, db and password', () => {
    const t = standalone('unix:///var/run/redis/redis.sock?db=3&password=sec');
    expect(t.endpoint).toEqual({ transport: 'unix', path: '/var/run/redis/redis.sock' });
    expect(t.db).toBe(3);
    expect(t.password).toBe('sec');
    expect(t.display).toBe('unix://:***@/var/run/redis/redis.sock?db=3');
  });

  it('accepts user info before the path', () => {
    const t = standalone('unix://u:sec@/tmp/r.sock');
    expect(t.username).toBe('u');
    expect(t.password).toBe('sec');
    expect(t.endpoint).toEqual({ transport: 'unix', path: '/tmp/r.sock' });
  });

  it('rejects a host or a missing path', () => {
    expect(usageError('unix://host/tmp/r.sock').message).toMatch(/has no host/);
    expect(usageError('unix://').message).toMatch(/socket path is missing/);
  });
});

describe('parseTarget: cluster:// and sentinel://', () => {
  it('cluster: a list of seeds', () => {
    const t = parseTarget('cluster://:pw@10.0.0.1:7000,10.0.0.2,[::1]:7002');
    expect(t.kind).toBe('cluster');
    if (t.kind !== 'cluster') return;
    expect(t.seeds).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: '10.0.0.2', port: 6379 },
      { host: '::1', port: 7002 },
    ]);
    expect(t.password).toBe('pw');
    expect(t.display).toBe('cluster://:***@10.0.0.1:7000,10.0.0.2:6379,[::1]:7002');
  });

  it('cluster has only db 0', () => {
    expect(usageError('cluster://h:7000/2').message).toMatch(/only db 0/);
  });

  it('sentinel: sentinels, master name and db', () => {
    const t = parseTarget('sentinel://s1,s2:26380/mymaster/2');
    expect(t.kind).toBe('sentinel');
    if (t.kind !== 'sentinel') return;
    expect(t.sentinels).toEqual([
      { host: 's1', port: 26379 },
      { host: 's2', port: 26380 },
    ]);
    expect(t.masterName).toBe('mymaster');
    expect(t.db).toBe(2);
    expect(t.display).toBe('sentinel://s1:26379,s2:26380/mymaster/2');
  });

  it('sentinel: the data nodes and the sentinels have separate credentials, both redacted', () => {
    const t = parseTarget('sentinel://app:DATApw@s1:26379,s2/mymaster?sentinelUser=watch&sentinelPassword=SENTpw');
    if (t.kind !== 'sentinel') throw new Error('expected sentinel');
    expect(t.username).toBe('app');
    expect(t.password).toBe('DATApw');
    expect(t.sentinelUsername).toBe('watch');
    expect(t.sentinelPassword).toBe('SENTpw');
    expect(t.display).toBe('sentinel://app:***@s1:26379,s2:26379/mymaster?sentinelUser=watch&sentinelPassword=***');
    const plain = parseTarget('sentinel://s1/mymaster?password=DATApw');
    if (plain.kind !== 'sentinel') throw new Error('expected sentinel');
    expect(plain.password).toBe('DATApw');
    expect(plain.sentinelPassword).toBeNull();
    expect(plain.display).not.toContain('DATApw');
  });

  it('cluster: readFrom=replica, shown in the display; master by default', () => {
    const t = parseTarget('cluster://h1:7000,h2:7001?readFrom=replica');
    if (t.kind !== 'cluster') throw new Error('expected a cluster target');
    expect(t.readFrom).toBe('replica');
    expect(t.display).toBe('cluster://h1:7000,h2:7001?readFrom=replica');
    const m = parseTarget('cluster://h1:7000');
    expect(m.kind === 'cluster' && m.readFrom).toBe('master');
    expect(usageError('cluster://h1:7000?readFrom=nearest').message).toMatch(/readFrom must be master or replica/);
    expect(usageError('redis://h1:6379?readFrom=replica').hint).toMatch(/db, user and password/);
  });

  it('sentinel: readFrom=replica, shown in the display; master by default', () => {
    const t = parseTarget('sentinel://s1/m?readFrom=replica');
    if (t.kind !== 'sentinel') throw new Error('expected sentinel');
    expect(t.readFrom).toBe('replica');
    expect(t.display).toBe('sentinel://s1:26379/m?readFrom=replica');
    const m = parseTarget('sentinel://s1/m');
    expect(m.kind === 'sentinel' && m.readFrom).toBe('master');
    expect(usageError('sentinel://s1/m?readFrom=any').message).toMatch(/readFrom must be master or replica/);
  });

  it('sentinelPassword is only for sentinel:// and may not be empty', () => {
    expect(usageError('redis://h?sentinelPassword=x').message).toMatch(/unknown parameter "sentinelpassword"/);
    expect(usageError('redis://h?sentinelPassword=x').message).not.toContain('=x');
    expect(usageError('sentinel://s1/m?sentinelPassword=').message).toMatch(/sentinel password is empty/);
  });

  it('sentinel needs a master name', () => {
    expect(usageError('sentinel://s1:26379').message).toMatch(/master name is missing/);
  });
});

describe('parseTarget: bad URLs', () => {
  it.each([
    ['127.0.0.1:6379', /has no scheme/],
    ['http://h:6379', /unknown scheme "http:\/\/"/],
    ['redis://h:0', /out of range/],
    ['redis://h:65536', /out of range/],
    ['redis://h:abc', /port "abc" is not a number/],
    ['redis://h:6379/x', /database "x"/],
    ['redis://h:6379/-1', /database "-1"/],
    ['redis://h:6379/1/2', /unexpected path/],
    ['redis://h/1?db=2', /given twice/],
    ['redis://h?foo=1', /unknown parameter "foo"/],
    ['redis://h#frag', /fragment/],
    ['redis://::1:6379', /IPv6 address without brackets/],
    ['redis://[::1:6379', /not closed/],
    ['redis://[zz]:1', /not an IPv6 address/],
    ['redis://ho st:1', /not a valid host name/],
    ['redis://u:%zz@h', /bad %-escape/],
    ['redis://u:@h', /password is empty/],
    ['cluster://a:1,,b:2', /empty host/],
    // An empty host is a mistake (an unset variable), not 127.0.0.1.
    ['redis://', /the host is missing/],
    ['redis://:6379', /the host is missing before ":6379"/],
    ['rediss://:pw@:6380', /the host is missing/],
    ['cluster://', /the host list is empty/],
    ['sentinel:///mymaster', /the host list is empty/],
  ])('%s', (url, pattern) => {
    expect(usageError(url).message).toMatch(pattern);
  });

  it('names the URL in the message with the password redacted', () => {
    const e = usageError('redis://user:TOPSECRET@h:99999');
    expect(e.message).toContain('redis://user:***@h:99999');
    expect(e.message).not.toContain('TOPSECRET');
    expect(e.exitCode).toBe(2);
    expect(e.hint).toMatch(/redis:\/\/\[user:password@\]host:port/);
  });

  it('never leaks a password from a query parameter of a bad URL', () => {
    const e = usageError('redis://h:0?password=TOPSECRET');
    expect(e.message).not.toContain('TOPSECRET');
  });
});
