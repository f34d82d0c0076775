/** The plan module's public surface: Scenario → Plan, and Plan → per-worker shares. */
export { buildPlan } from './build-plan.js';
export { CLIENT_WARMUP_COMMANDS, CLIENT_WARMUP_KEY_ARG, CLIENT_WARMUP_MAX_MS, clientWarmupMs, clientWarmupParts, clientWarmupRequests } from './client-warmup.js';
export { firstKeySpace } from './steps.js';
export { scheduleSlot, splitPlan, splitEvenly, workerSeed, type WorkerShare, type PhaseShare, type SetupShare } from './split-plan.js';
export { PLAN_DEFAULTS } from './defaults.js';
export type * from './types.js';
export { SLO_PERCENTILES } from './types.js';
export { applySweep, rangeValues, sloPlan, stepName, sweepPlan } from './sweep-plan.js';
export { clusterKeyPlan, type ClusterKeyPlan } from './cluster-keys.js';
export { segmentPlan, totalPlan, type SegmentChoice } from './segment.js';
