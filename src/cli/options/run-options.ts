/** Flags shared by the commands that run load (run, drill, sweep): sizing and output. */
import type { Argv } from 'yargs';

export interface LoadSizeArgs {
  connections?: number;
  workers?: string;
  seed?: number;
  /** False with --no-server-check. */
  'server-check'?: boolean;
}

/** How phases are repeated, reset and judged. */
export interface PhaseRepeatArgs {
  reset?: string;
  rounds?: number;
  'max-error-rate'?: string;
  cleanup?: boolean;
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

/** Adds --reset, --rounds, --max-error-rate and --cleanup. */
export function withPhaseRepeatOptions<T>(y: Argv<T>): Argv<T & PhaseRepeatArgs> {
  return y
    .option('reset', {
      type: 'string',
      choices: ['setup', 'none'],
      describe: "before every measured phase: setup = delete the scenario's keys and run the setup again (default when the mix writes); none = keep the data",
    })
    .option('rounds', { type: 'number', describe: 'run the compared phases N times, interleaved (A B A B); reports the median and the spread' })
    .option('max-error-rate', { type: 'string', describe: 'share of failed or never-completed commands above which the run fails (exit 1): 1% (default), 0.001, 100%' })
    .option('cleanup', { type: 'boolean', describe: "delete the scenario's keys when the run ends (as rbench clean does)" }) as Argv<T & PhaseRepeatArgs>;
}
