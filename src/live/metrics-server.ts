/**
 * The HTTP endpoint Prometheus scrapes while a run, drill or sweep goes: GET /metrics answers the
 * exposition text; anything else is 404. Listens on 127.0.0.1 unless told otherwise.
 */
import { createServer, type Server } from 'node:http';
import { UsageError } from '../shared/errors.js';
import type { LiveMetrics } from './live-metrics.js';

export interface MetricsEndpoint {
  /** http://HOST:PORT/metrics, with the port actually bound (for --metrics-port 0). */
  url: string;
  close(): Promise<void>;
}

/** Starts serving `metrics`; a port in use or a host that cannot be bound is a usage error. */
export async function serveMetrics(metrics: LiveMetrics, host: string, port: number): Promise<MetricsEndpoint> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('rbench serves GET /metrics\n');
      return;
    }
    metrics.text().then(
      (text) => response.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: unknown) => response.writeHead(500, { 'content-type': 'text/plain' }).end(`${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why = error.code === 'EADDRINUSE' ? 'the port is in use' : error.code === 'EADDRNOTAVAIL' ? 'no such address on this machine' : (error.code ?? error.message);
      reject(new UsageError(`--metrics-port ${port} --metrics-host ${host}: cannot listen (${why})`, 'pick a free port, or 0 for any'));
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A scraper keeps its connection open between scrapes; do not wait for it.
        server.closeAllConnections();
      }),
  };
}
