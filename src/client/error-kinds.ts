/**
 * Error kinds: the short labels under which failures are counted. A server error reply is
 * counted by its first word (ERR, WRONGTYPE, MOVED, ...); a command lost because the
 * connection failed is counted by a transport kind. Kinds are data, never thrown.
 */

export { TransportKind, isTransportKind } from '../shared/transport-kinds.js';
import type { TransportKind } from '../shared/transport-kinds.js';

/**
 * The kind of a server error reply: its first word when that word is an upper-case code
 * (the Redis convention: "WRONGTYPE Operation against...", "MOVED 3999 127.0.0.1:6381"),
 * otherwise 'ERR'. Kinds are capped in length so a misbehaving server cannot grow the
 * error-count table without bound with arbitrary words.
 */
export function errorKindOf(message: string): string {
  let end = 0;
  while (end < message.length && end < 32) {
    const c = message.charCodeAt(end);
    const isCode = (c >= 65 && c <= 90) || (c >= 48 && c <= 57 && end > 0) || (c === 95 && end > 0);
    if (!isCode) break;
    end++;
  }
  if (end === 0) return 'ERR';
  // A code is a whole word: "ERR" followed by a space or the end, not "Error: ...".
  if (end < message.length && message.charCodeAt(end) !== 32) return 'ERR';
  return message.slice(0, end);
}

const CODE_TO_KIND: Readonly<Record<string, TransportKind>> = {
  ECONNREFUSED: 'refused',
  ENOENT: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  ENOTFOUND: 'refused',
  EAI_AGAIN: 'refused',
  EADDRNOTAVAIL: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNABORTED: 'reset',
  ETIMEDOUT: 'timeout',
};

/** The transport kind of a socket error (a Node `Error` with a `code`, or anything else). */
export function transportKindOf(error: unknown): TransportKind {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const mapped = CODE_TO_KIND[code];
  if (mapped !== undefined) return mapped;
  // OpenSSL verification codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, CERT_HAS_EXPIRED, ...) and Node's TLS codes.
  if (/^(ERR_SSL|ERR_TLS|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|EPROTO$)|CERT/.test(code)) {
    return 'tls';
  }
  if (code === 'ERR_SOCKET_CLOSED' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END') {
    return 'closed';
  }
  return 'reset';
}
