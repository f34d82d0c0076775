/** The plan module's public surface: Scenario → Plan, and Plan → per-worker shares. */
export { buildPlan } from './build-plan.js';
export { splitPlan, splitEvenly, workerSeed, type WorkerShare, type PhaseShare, type SetupShare } from './split-plan.js';
export { PLAN_DEFAULTS } from './defaults.js';
export type * from './types.js';
export { clusterKeyPlan, type ClusterKeyPlan } from './cluster-keys.js';
