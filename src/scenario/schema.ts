/**
 * The scenario format as one zod schema. The TypeScript types (Scenario, and the parts below) are
 * inferred from it, so the format, its validation and the code that reads it cannot drift; the
 * JSON Schema for editors is generated from it too (json-schema.ts).
 */
import * as z from 'zod';
import { countAtLeast, durationField, positiveDuration, rateField } from './unit-fields.js';
import { templateField } from './template-field.js';
import { sizeSpecField } from './size-spec.js';
import { errorRateField, sloField, sweepField } from './capacity-spec.js';
import { drillSchema } from './drill-schema.js';
import { MAX_CONNECTIONS, MAX_LIST_ENTRIES, MAX_PIPELINE, MAX_WORKERS } from './limits.js';

const fraction = z.number().min(0).max(1);
/** A share that must leave something to pick from: (0, 1]. */
const positiveFraction = z.number().gt(0, 'must be above 0 (and at most 1)').max(1);
/** Connections of one kind: at least 1, at most MAX_CONNECTIONS. */
const connectionCount = countAtLeast(1).refine((n) => n <= MAX_CONNECTIONS, {
  message: `must be at most ${MAX_CONNECTIONS} (each connection costs rbench memory; spread larger loads over several rbench processes)`,
});
const pipelineDepth = z.number().int().min(1).max(MAX_PIPELINE, `a pipeline depth is at most ${MAX_PIPELINE}`);
/** A list a person writes by hand; thousands of entries is a generated file gone wrong. */
function entries<T extends z.ZodType>(item: T) {
  return z.array(item).max(MAX_LIST_ENTRIES, `at most ${MAX_LIST_ENTRIES} entries`);
}

const distributionName = z.enum(['uniform', 'sequential', 'zipf', 'gaussian', 'hotspot']);

const distributionObject = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('uniform') }),
  z.strictObject({ type: z.literal('sequential') }),
  z.strictObject({
    type: z.literal('zipf'),
    exponent: z.number().positive().optional().meta({ description: 'Skew; 0.99 when omitted. Higher is hotter.' }),
  }),
  z.strictObject({
    type: z.literal('gaussian'),
    mean: fraction.optional().meta({ description: 'Centre as a fraction of the key range; 0.5 when omitted.' }),
    stddev: z.number().positive().optional().meta({ description: 'Spread as a fraction of the key range; 0.1 when omitted.' }),
  }),
  z.strictObject({
    type: z.literal('hotspot'),
    hotKeys: positiveFraction.optional().meta({ description: 'Fraction of keys that are hot, above 0 and at most 1; 0.2 when omitted.' }),
    hotTraffic: fraction.optional().meta({ description: 'Fraction of requests that go to hot keys; 0.8 when omitted.' }),
  }),
]);

const keyspaceSchema = z
  .strictObject({
    prefix: z.string().optional().meta({ description: 'Prepended to every key; "rbench:" when omitted. A {tag} in it pins all keys to one cluster slot.' }),
    keys: countAtLeast(1).meta({ description: 'How many distinct keys: "10k", 1000.' }),
    distribution: z.union([distributionName, distributionObject]).optional().meta({ description: 'How keys are picked; uniform when omitted.' }),
    hashtag: z.boolean().optional().meta({ description: 'Wrap the prefix in {} so every key of this keyspace lands in one cluster slot.' }),
  })
  .meta({ description: 'A set of keys: prefix + number.' });

const stepFields = {
  name: z.string().min(1).optional().meta({ description: 'Label in the report; the command name (or MULTI[...]) when omitted.' }),
  command: templateField('mix', 'One command template, e.g. "ZADD {key} {float:0..1000} member:{int:1..10000}".').optional(),
  multi: z
    .array(templateField('multi', 'A command inside the transaction.'))
    .min(1)
    .optional()
    .meta({ description: 'Commands sent as one MULTI ... EXEC block.' }),
};

// A step is either one command or one transaction; both or neither is a mistake worth naming.
function exactlyOneCommand(step: { command?: string | undefined; multi?: string[] | undefined }, ctx: z.RefinementCtx): void {
  if (step.command !== undefined && step.multi !== undefined) {
    ctx.addIssue({ code: 'custom', message: 'give either `command` or `multi`, not both', path: ['multi'] });
  } else if (step.command === undefined && step.multi === undefined) {
    ctx.addIssue({ code: 'custom', message: 'needs a `command` (or `multi` for a transaction)', path: [] });
  }
}

const mixEntrySchema = z
  .strictObject({
    ...stepFields,
    weight: z.number().positive().optional().meta({ description: 'Relative share of the mix; 1 when omitted.' }),
    hitRatio: z.boolean().optional().meta({ description: 'Report hits and misses (a nil reply is a miss); on by default for GET, HGET, LINDEX, ZSCORE.' }),
  })
  .superRefine(exactlyOneCommand)
  .meta({ description: 'One entry of the command mix: `command` or `multi`.' });

const setupStepSchema = z
  .strictObject({
    ...stepFields,
    command: templateField('setup', 'One command template run before the measured phases.').optional(),
    count: countAtLeast(1).optional().meta({ description: 'How many times to send it; the number of keys when omitted ({key} walks the keys in order).' }),
  })
  .superRefine(exactlyOneCommand)
  .meta({ description: 'A step run once before load: `command` or `multi`, `count` times.' });

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)], { error: 'expected a string or a list of strings' });

const subscribersSchema = z
  .strictObject({
    connections: connectionCount.optional().meta({ description: 'Subscriber connections; 1 when omitted. Each subscribes to every channel.' }),
    channels: stringOrList.optional().meta({ description: 'Channels to SUBSCRIBE; {int:A..B} expands to every number in the range.' }),
    patterns: stringOrList.optional().meta({ description: 'Glob patterns to PSUBSCRIBE.' }),
  })
  .meta({ description: 'Pub/sub receivers. The mix PUBLISHes; rbench stamps each payload with its send time.' });

const consumerGroupSchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    connections: connectionCount.optional().meta({ description: 'Consumer connections; 1 when omitted.' }),
    command: templateField('consumer', 'A blocking pop, e.g. "BRPOP {key} 1".'),
  })
  .meta({ description: 'Connections that loop on a blocking pop; the mix produces with LPUSH/RPUSH.' });

const keyspaceName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'a keyspace name is letters, digits, _ and -, starting with a letter');

/** The whole scenario file. */
export const scenarioSchema = z
  .strictObject({
    name: z.string().min(1).regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'a name is letters, digits, ".", "_" and "-"').meta({ description: 'Short identifier, shown in reports.' }),
    description: z.string().optional().meta({ description: 'What the scenario models.' }),
    target: z.string().min(1).optional().meta({ description: 'Server URL, e.g. redis://127.0.0.1:6379; --target overrides it.' }),
    duration: positiveDuration.optional().meta({ description: 'Length of each phase: "30s", "5m". 10s when neither duration nor requests is set.' }),
    requests: countAtLeast(1).optional().meta({ description: 'Requests per phase instead of a duration: "1M".' }),
    warmup: durationField.optional().meta({ description: 'Unmeasured load before each phase; 0 when omitted.' }),
    connections: connectionCount.optional().meta({ description: 'Connections sending the mix; 50 when omitted.' }),
    workers: z.union([z.literal('auto'), z.number().int().min(1).max(MAX_WORKERS, `at most ${MAX_WORKERS} workers`)], { error: 'expected "auto" or a whole number of at least 1' }).optional().meta({ description: 'Worker threads; auto = cores - 1, at least 1.' }),
    pipeline: z
      .union([pipelineDepth, z.array(pipelineDepth).min(1)], { error: 'expected a pipeline depth or a list of depths, like 1 or [1, 16]' })
      .optional()
      .meta({ description: 'Commands in flight per connection; a list runs one phase per depth, back to back.' }),
    rate: rateField.optional().meta({ description: 'Open model: total target rate, e.g. "20k/s". Closed loop when omitted.' }),
    reset: z
      .enum(['setup', 'none'])
      .optional()
      .meta({
        description:
          "Before every measured phase: `setup` deletes the scenario's own keys and runs the setup again, so every phase starts from the same data; `none` keeps the data of the phase before. Default: setup when the mix writes, else none.",
      }),
    rounds: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'Run the compared phases N times, interleaved (A B A B ...); the report gives the median and the min-max spread. 1 when omitted.' }),
    maxErrorRate: errorRateField
      .optional()
      .meta({ description: 'Highest share of failed or never-completed commands before the run fails (exit 1): 0.01 or "1%" (the default); "100%" accepts any.' }),
    seed: z.number().int().min(0).optional().meta({ description: 'Random seed; the same seed sends the same command sequence.' }),
    keyspace: keyspaceSchema.optional(),
    keyspaces: z.record(keyspaceName, keyspaceSchema).optional().meta({ description: 'Named keyspaces used as {key:NAME}.' }),
    fields: countAtLeast(1).optional().meta({ description: 'Cardinality of {field}; 100 when omitted.' }),
    members: countAtLeast(1).optional().meta({ description: 'Cardinality of {member}; 1000 when omitted.' }),
    data: z.strictObject({ size: sizeSpecField }).optional().meta({ description: 'Size of {value}; 64 bytes when omitted.' }),
    setup: entries(setupStepSchema).optional().meta({ description: 'Steps run once before the measured phases.' }),
    mix: entries(mixEntrySchema).min(1).meta({ description: 'The weighted command mix every connection draws from.' }),
    subscribers: subscribersSchema.optional(),
    consumers: z
      .union([consumerGroupSchema, z.array(consumerGroupSchema).min(1)], { error: 'expected a consumer group or a list of them' })
      .optional(),
    drill: drillSchema.optional(),
    sweep: sweepField.optional(),
    slo: sloField.optional(),
  })
  .meta({ title: 'rbench scenario', description: 'A Redis workload for rbench; see docs/scenario-format.md.' });

/** A validated scenario: units parsed to numbers (durations in ms, rates per second, sizes in bytes). */
export type Scenario = z.output<typeof scenarioSchema>;
/** What a scenario file may contain, before units are parsed. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type KeyspaceSpec = z.output<typeof keyspaceSchema>;
export type DistributionSpec = NonNullable<KeyspaceSpec['distribution']>;
export type MixEntrySpec = z.output<typeof mixEntrySchema>;
export type SetupStepSpec = z.output<typeof setupStepSchema>;
export type SubscribersSpec = z.output<typeof subscribersSchema>;
export type ConsumerGroupSpec = z.output<typeof consumerGroupSchema>;
