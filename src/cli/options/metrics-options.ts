/** --metrics-port and --metrics-host, for the commands that run load (run, drill, sweep). */
import type { Argv } from 'yargs';

export interface MetricsArgs {
  'metrics-port'?: number;
  'metrics-host'?: string;
}

/** Adds --metrics-port and --metrics-host. */
export function withMetricsOptions<T>(y: Argv<T>): Argv<T & MetricsArgs> {
  return y
    .option('metrics-port', { type: 'number', describe: 'serve live Prometheus metrics on this port while running (0: any free port)' })
    .option('metrics-host', { type: 'string', describe: 'address the metrics endpoint listens on (default 127.0.0.1)' }) as Argv<T & MetricsArgs>;
}
