/**
 * Starts the live metrics endpoint when --metrics-port is given: the metrics, the HTTP server and
 * the line on stderr that says where to scrape.
 */
import { LiveMetrics } from '../live/live-metrics.js';
import { serveMetrics, type MetricsEndpoint } from '../live/metrics-server.js';
import { UsageError } from '../shared/errors.js';
import type { MetricsArgs } from './options/metrics-options.js';

export interface LiveMetricsHandle {
  metrics: LiveMetrics;
  endpoint: MetricsEndpoint;
}

/** The endpoint, or null without --metrics-port. */
export async function startLiveMetrics(args: MetricsArgs): Promise<LiveMetricsHandle | null> {
  const port = args['metrics-port'];
  const host = args['metrics-host'] ?? '127.0.0.1';
  if (port === undefined) {
    if (args['metrics-host'] !== undefined) throw new UsageError('--metrics-host needs --metrics-port');
    return null;
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--metrics-port must be a port number 0..65535, got ${port}`);
  const metrics = new LiveMetrics();
  const endpoint = await serveMetrics(metrics, host, port);
  process.stderr.write(`rbench: live metrics at ${endpoint.url}\n`);
  return { metrics, endpoint };
}
