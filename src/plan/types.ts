/**
 * The Plan: what the workers execute. Plain, serialisable data with every default resolved and
 * every unit parsed; nothing here refers back to YAML or to the zod schema.
 */
import type { ParsedTemplate } from '../scenario/template-syntax.js';
import type { DataSizeSpec } from '../scenario/size-spec.js';
import type { DistributionOptions } from '../workload/distributions.js';
import type { SweepVariable } from '../scenario/capacity-spec.js';

/**
 * How keys are drawn, every parameter filled in (PLAN_DEFAULTS); the workers build their
 * distributions from it as it is, so there is one name and one default for each setting.
 */
export type DistributionPlan = Exclude<DistributionOptions, { kind: 'sequential' }> | { kind: 'sequential' };

export interface KeyspacePlan {
  /** null for the main keyspace (`{key}`), else the name used in `{key:NAME}`. */
  name: string | null;
  /** The prefix as written (or defaulted). */
  prefix: string;
  /** The literal text before the key number: the prefix, wrapped in {} when hashtag is on. */
  keyPrefix: string;
  keys: number;
  distribution: DistributionPlan;
  hashtag: boolean;
  /** The cluster hash tag every key of this keyspace shares, or null when keys spread over slots. */
  slotTag: string | null;
}

/** The data size, in bytes: the scenario's parsed `data.size` as it is, which the workers use as it is. */
export type DataSizePlan = DataSizeSpec;

export interface CommandPlan {
  /** The template as written, for reports and error messages. */
  text: string;
  template: ParsedTemplate;
}

/** One command, or several sent as one MULTI ... EXEC block. */
export interface StepPlan {
  kind: 'command' | 'multi';
  /** The report label: the user's `name`, the command name, or `MULTI[INCR,EXPIRE]`. */
  label: string;
  commands: CommandPlan[];
  /** Every command is read-only (useful for replica routing). */
  readOnly: boolean;
}

export interface MixEntryPlan extends StepPlan {
  weight: number;
  /** weight / total weight: the probability of this entry. */
  share: number;
  /** Count nil replies as misses and report the hit ratio. */
  trackHits: boolean;
  /**
   * The engine writes the send time into `{value}` so the receiver can time delivery: PUBLISH when
   * there are subscribers, pushes when there are consumers.
   */
  stampsValue: boolean;
}

export interface SetupStepPlan extends StepPlan {
  /** How many times the step is sent in total; `{key}` walks the keys in order (key = i mod keys). */
  count: number;
}

export interface SubscribersPlan {
  connections: number;
  /** Expanded channel names to SUBSCRIBE on every subscriber connection. */
  channels: string[];
  /** Glob patterns to PSUBSCRIBE. */
  patterns: string[];
}

export interface ConsumerGroupPlan {
  label: string;
  connections: number;
  command: CommandPlan;
}

export interface RolesPlan {
  subscribers: SubscribersPlan | null;
  consumers: ConsumerGroupPlan[];
}

export interface PhasePlan {
  /** `pipeline=16`; the report's column name. */
  name: string;
  pipeline: number;
  connections: number;
  /** Total target rate in commands per second (open model), or null for closed loop. */
  rate: number | null;
  /** Exactly one of durationMs and requests is set. */
  durationMs: number | null;
  requests: number | null;
  /** Unmeasured load before the phase. */
  warmupMs: number;
  /** Size of `{value}` in this phase when it differs from plan.data (a value-size sweep). */
  data?: DataSizePlan;
}

export type ResetMode = 'setup' | 'none';

export interface Plan {
  version: 1;
  name: string;
  description: string | null;
  /** The server URL from the scenario or --target; null means the CLI default. */
  target: string | null;
  seed: number;
  workers: number;
  phases: PhasePlan[];
  keyspace: KeyspacePlan;
  keyspaces: Record<string, KeyspacePlan>;
  /** Cardinalities of {field} and {member}. */
  fields: number;
  members: number;
  data: DataSizePlan;
  setup: SetupStepPlan[];
  mix: MixEntryPlan[];
  roles: RolesPlan;
  /**
   * Before every measured phase: 'setup' deletes the scenario's keys and runs the setup again
   * (every phase starts from the same data); 'none' runs the setup once and keeps the data.
   */
  reset: ResetMode;
  /** How many times each phase runs; the report gives each round and their median. */
  rounds: number;
  /** 'interleaved': A B A B (run, compared phases); 'consecutive': A A B B (sweep steps). */
  roundOrder: 'interleaved' | 'consecutive';
  /** Share of failed or never-completed commands above which the run fails (exit 1). */
  maxErrorRate: number;
  /** `rbench sweep`: the variable stepped over the phases (see sweep-plan.ts). */
  sweep?: SweepPlan;
  /** The service-level objective sweep steps are judged by. */
  slo?: SloPlan;
  /** A segmented run (--segment I/N): this process's part; the figures above are already its share. */
  segment?: SegmentPlan;
  /**
   * rbench's own warm-up before its first stage (see client-warmup.ts): PING on the load
   * connections, not measured. Absent or 0: none.
   */
  clientWarmupMs?: number;
}

/** Which part of a segmented run this process is. */
export interface SegmentPlan {
  index: number;
  count: number;
  /** Per setup step: index of this segment's first send, so each key is filled once over all segments. */
  setupStarts: number[];
}

/** CLI flags that override the scenario; undefined leaves the scenario's value. */
export interface PlanOverrides {
  target?: string;
  durationMs?: number;
  requests?: number;
  connections?: number;
  pipeline?: number[];
  /** Commands per second; null forces the closed loop. */
  rate?: number | null;
  workers?: number | 'auto';
  seed?: number;
  warmupMs?: number;
  reset?: ResetMode;
  rounds?: number;
  maxErrorRate?: number;
  /** Warm rbench's own code up before the first stage (client-warmup.ts); off when omitted. */
  clientWarmup?: boolean;
  /** Cores to assume for `workers: auto`; the machine's when omitted (tests pass it). */
  cpuCount?: number;
}

/** A capacity sweep resolved into plan terms (see sweep-plan.ts, which builds it). */
export interface SweepPlan {
  over: SweepVariable;
  /** One value per step, in the order they run (commands/s, connections, depth, or bytes). */
  values: number[];
  stepDurationMs: number;
  warmupMs: number;
  earlyStop: boolean;
  /** Rate sweeps: achieved below this fraction of the target means saturated. */
  achievedBelow: number;
  /** Saturated once throughput has not grown by `minGain` over the best step for this many steps. */
  flatSteps: number;
  minGain: number;
}

/** Latency limits in microseconds (response time in the open model) and the highest error share. */
export interface SloPlan {
  latencyUs: Partial<Record<SloPercentile, number>>;
  /** Failed plus dropped commands over all attempted; null when the SLO says nothing about errors. */
  errorRate: number | null;
}

export const SLO_PERCENTILES = ['p50', 'p90', 'p99', 'p999', 'max'] as const;
export type SloPercentile = (typeof SLO_PERCENTILES)[number];
