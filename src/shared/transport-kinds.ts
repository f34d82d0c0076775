/**
 * The transport kinds: labels for commands lost to a connection failure rather than answered by
 * the server. Shared, because the client assigns them and the report tells them apart from
 * server error replies.
 */

/** Kinds given to commands lost to a connection failure rather than answered by the server. */
export const TransportKind = {
  /** Nothing listens there (ECONNREFUSED, missing unix socket, unreachable host, unknown name). */
  refused: 'refused',
  /** The peer reset the connection or the pipe broke mid-write. */
  reset: 'reset',
  /** No connection, or no reply, within the configured timeout. */
  timeout: 'timeout',
  /** The server sent bytes that are not valid RESP, or a reply nobody asked for. */
  protocol: 'protocol',
  /** The connection was closed: by the server (EOF) or by us. */
  closed: 'closed',
  /** The TLS handshake failed (certificate, protocol version). */
  tls: 'tls',
} as const;
export type TransportKind = (typeof TransportKind)[keyof typeof TransportKind];

const TRANSPORT_KINDS: ReadonlySet<string> = new Set(Object.values(TransportKind));

/** True when `kind` is a transport kind rather than a server error reply kind. */
export function isTransportKind(kind: string): kind is TransportKind {
  return TRANSPORT_KINDS.has(kind);
}

