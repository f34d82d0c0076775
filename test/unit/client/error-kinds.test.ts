import { describe, expect, it } from 'vitest';
import { errorKindOf, isTransportKind, transportKindOf } from '../../../src/client/error-kinds.js';

describe('errorKindOf', () => {
  it.each([
    ['ERR unknown command', 'ERR'],
    ['WRONGTYPE Operation against a key holding the wrong kind of value', 'WRONGTYPE'],
    ['MOVED 3999 127.0.0.1:6381', 'MOVED'],
    ['ASK 3999 127.0.0.1:6381', 'ASK'],
    ['TRYAGAIN Multiple keys request during rehashing of slot', 'TRYAGAIN'],
    ['CLUSTERDOWN The cluster is down', 'CLUSTERDOWN'],
    ['LOADING Redis is loading the dataset in memory', 'LOADING'],
    ['READONLY You can\'t write against a read only replica.', 'READONLY'],
    ['NOAUTH Authentication required.', 'NOAUTH'],
    ['WRONGPASS invalid username-password pair or user is disabled.', 'WRONGPASS'],
    ['BUSY Redis is busy running a script.', 'BUSY'],
    ['OOM command not allowed when used memory > \'maxmemory\'.', 'OOM'],
    ['NOSCRIPT No matching script. Please use EVAL.', 'NOSCRIPT'],
    ['EXECABORT Transaction discarded because of previous errors.', 'EXECABORT'],
    ['NOPERM this user has no permissions', 'NOPERM'],
    ['MASTERDOWN Link with MASTER is down', 'MASTERDOWN'],
    ['NOREPLICAS Not enough good replicas to write.', 'NOREPLICAS'],
    ['ERR', 'ERR'],
    ['', 'ERR'],
    ['lowercase message', 'ERR'],
    ['Error: something', 'ERR'],
    ['ERR_X1 odd but upper', 'ERR_X1'],
    ['1ABC starts with digit', 'ERR'],
  ])('%s → %s', (message, kind) => {
    expect(errorKindOf(message)).toBe(kind);
  });

  it('caps absurdly long codes instead of growing the error table', () => {
    expect(errorKindOf('A'.repeat(100))).toBe('ERR');
  });
});

describe('transportKindOf', () => {
  const withCode = (code: string): Error => Object.assign(new Error(code), { code });
  it.each([
    ['ECONNREFUSED', 'refused'],
    ['ENOENT', 'refused'],
    ['EHOSTUNREACH', 'refused'],
    ['ENOTFOUND', 'refused'],
    ['ECONNRESET', 'reset'],
    ['EPIPE', 'reset'],
    ['ETIMEDOUT', 'timeout'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'tls'],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'tls'],
    ['CERT_HAS_EXPIRED', 'tls'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls'],
    ['EPROTO', 'tls'],
    ['ERR_STREAM_DESTROYED', 'closed'],
  ])('%s → %s', (code, kind) => {
    expect(transportKindOf(withCode(code))).toBe(kind);
  });

  it('anything without a code is a reset', () => {
    expect(transportKindOf(new Error('x'))).toBe('reset');
    expect(transportKindOf('weird')).toBe('reset');
  });
});

describe('isTransportKind', () => {
  it('tells transport kinds from server kinds', () => {
    for (const k of ['refused', 'reset', 'timeout', 'protocol', 'closed', 'tls']) expect(isTransportKind(k)).toBe(true);
    for (const k of ['ERR', 'MOVED', 'NOAUTH', 'refused2']) expect(isTransportKind(k)).toBe(false);
  });
});
