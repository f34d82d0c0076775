/** Opening the raw socket of an endpoint: TCP, TLS over TCP, or a unix socket. */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsConnectOptions } from 'node:tls';
import type { Endpoint } from './target-url.js';

/** A connecting socket and the event that says it is usable ('secureConnect' for TLS). */
export function openSocket(endpoint: Endpoint, tls: TlsConnectOptions | null): { socket: Socket; readyEvent: 'connect' | 'secureConnect' } {
  if (endpoint.transport === 'unix') return { socket: netConnect({ path: endpoint.path }), readyEvent: 'connect' };
  if (tls !== null) return { socket: tlsConnect({ ...tls, host: endpoint.host, port: endpoint.port }), readyEvent: 'secureConnect' };
  return { socket: netConnect({ host: endpoint.host, port: endpoint.port }), readyEvent: 'connect' };
}
