/** Opening the raw socket of an endpoint: TCP, TLS over TCP, or a unix socket. */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions as TlsConnectOptions } from 'node:tls';
import type { Endpoint } from './target-url.js';

/**
 * Receives each read: the first `length` bytes of `bytes`, valid only until the callback returns
 * (the buffer is reused). Passing the length, not a view, saves a Buffer object per read.
 */
export type ReadCallback = (bytes: Buffer, length: number) => void;

/**
 * One read buffer per thread, shared by every socket: reads run one at a time on the thread and
 * each is consumed before the next, so nothing allocates per read and no stream machinery runs.
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * A connecting socket and the event that says it is usable ('secureConnect' for TLS). Incoming
 * bytes go to `onRead` (Node's `onread` option for TCP and unix sockets) instead of 'data' events.
 */
export function openSocket(endpoint: Endpoint, tls: TlsConnectOptions | null, onRead: ReadCallback): { socket: Socket; readyEvent: 'connect' | 'secureConnect' } {
  const onread = {
    buffer: READ_BUFFER,
    callback: (n: number, buf: Uint8Array): boolean => {
      onRead(buf as Buffer, n);
      return true;
    },
  };
  if (endpoint.transport === 'unix') return { socket: netConnect({ path: endpoint.path, onread }), readyEvent: 'connect' };
  if (tls !== null) {
    // TLS decrypts into its own buffers: 'data' events as usual.
    const socket = tlsConnect({ ...tls, host: endpoint.host, port: endpoint.port });
    socket.on('data', (bytes: Buffer) => onRead(bytes, bytes.length));
    return { socket, readyEvent: 'secureConnect' };
  }
  return { socket: netConnect({ host: endpoint.host, port: endpoint.port, onread }), readyEvent: 'connect' };
}
