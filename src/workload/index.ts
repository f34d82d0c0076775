/** The workload module's public surface: what a worker needs to turn a Plan into command bytes. */
export type { ArgSink } from './arg-sink.js';
export { AliasTable } from './alias-table.js';
export { CommandMix, compileMix, type MixEntry } from './command-mix.js';
export { createWorkloadContext, SeqCounter, WorkloadContext, type WorkloadOptions } from './context.js';
export { createDistribution, type DistributionKind, type DistributionOptions, type IndexDistribution } from './distributions.js';
export { Keyspace, TagScope, type KeyspaceOptions } from './keyspace.js';
export { MemberSpace, type MemberSpaceOptions } from './member-space.js';
export { deriveSeed, Rng } from './rng.js';
export { compileTemplate, FLOAT_DECIMALS, type Emitter } from './template-compiler.js';
export {
  readEmbeddedTimestamp,
  TIMESTAMP_HEADER_BYTES,
  ValueGenerator,
  wallClockUs,
  type ValueOptions,
  type ValueSizeOptions,
} from './values.js';
