/** Every flag `run`, `drill` and `sweep` share, added in one place (each command words the phase flags its own way). */
import type { Argv } from 'yargs';
import { withMetricsOptions, type MetricsArgs } from './metrics-options.js';
import { withLoadSizeOptions, withPhaseRepeatOptions, withReportOutputOptions, type LoadSizeArgs, type PhaseRepeatArgs, type ReportOutputArgs } from './run-options.js';
import { withSegmentOptions, type SegmentArgs } from './segment-options.js';
import { withTargetOptions, type TargetArgs } from './target-options.js';

export type LoadCommandArgs = TargetArgs & LoadSizeArgs & ReportOutputArgs & PhaseRepeatArgs & SegmentArgs & MetricsArgs & PhaseShapeArgs & { scenario?: string };

export interface PhaseShapeArgs {
  duration?: string;
  pipeline?: string;
  rate?: string;
  warmup?: string;
  /** rbench's own PING warm-up before the first stage (plan/client-warmup.ts); --no-client-warmup turns it off. */
  'client-warmup'?: boolean;
}

/** How a command describes its phase flags in --help, where it says more than the plain words; --duration only where the command takes it. */
export interface PhaseShapeWords {
  duration?: string | false;
  pipeline?: string;
  rate?: string;
  warmup?: string;
}

/** Adds the target, sizing, output, repeat, segment and live-metrics flags, and --pipeline, --rate, --warmup, --client-warmup (and --duration). */
export function withLoadCommandOptions<T>(y: Argv<T>, own: PhaseShapeWords = {}): Argv<T & LoadCommandArgs> {
  const words = { ...PLAIN_WORDS, ...own };
  const all = withMetricsOptions(withSegmentOptions(withPhaseRepeatOptions(withReportOutputOptions(withLoadSizeOptions(withTargetOptions(y))))));
  const shaped = words.duration === false ? all : all.option('duration', { type: 'string', describe: words.duration });
  return shaped
    .option('pipeline', { type: 'string', describe: words.pipeline })
    .option('rate', { type: 'string', describe: words.rate })
    .option('warmup', { type: 'string', describe: words.warmup })
    .option('client-warmup', {
      type: 'boolean',
      default: true,
      describe: 'before the first stage, PING for a tenth of the first phase (its duration or request count, at most 0.5 s), unmeasured, so rbench\'s own start-up is not in the figures; --no-client-warmup sends nothing extra',
    }) as Argv<T & LoadCommandArgs>;
}

const PLAIN_WORDS = {
  duration: 'length of each phase: 30s',
  pipeline: 'commands in flight per connection',
  rate: 'open model: target rate, e.g. 5k/s',
  warmup: 'unmeasured load before each phase',
};
