/** Flags shared by the commands that run load (run, drill, sweep): sizing and output. */
import type { Argv } from 'yargs';

export interface LoadSizeArgs {
  connections?: number;
  workers?: string;
  seed?: number;
  /** False with --no-server-check. */
  'server-check'?: boolean;
}

export interface ReportOutputArgs {
  out?: string;
  json?: string;
  quiet?: boolean;
  html?: string;
}

/** Adds --connections, --workers and --seed. */
export function withLoadSizeOptions<T>(y: Argv<T>): Argv<T & LoadSizeArgs> {
  return y
    .option('connections', { type: 'number', describe: 'connections (split over workers)' })
    .option('workers', { type: 'string', describe: 'worker threads, or auto (cores - 1)' })
    .option('seed', { type: 'number', describe: 'random seed' })
    .option('server-check', {
      type: 'boolean',
      describe: "check the scenario against the server's COMMAND INFO before load (default on; --no-server-check trusts rbench's own table)",
    }) as Argv<T & LoadSizeArgs>;
}

/** Adds --out, --json, --html and --quiet. */
export function withReportOutputOptions<T>(y: Argv<T>): Argv<T & ReportOutputArgs> {
  return y
    .option('out', { type: 'string', describe: 'JSON report path (default reports/<scenario>-<time>.json)' })
    .option('json', { type: 'string', describe: 'write the JSON report here; "-" writes it to stdout and nothing else' })
    .option('html', { type: 'string', describe: 'also write the report as one self-contained HTML page here (opens offline)' })
    .option('quiet', { type: 'boolean', describe: 'no progress line and no terminal report' }) as Argv<T & ReportOutputArgs>;
}
