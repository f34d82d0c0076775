/** The metrics module's public surface. */
export {
  createHistogram,
  decodeHistogram,
  encodeHistogram,
  HIGHEST_TRACKABLE_US,
  histogramBackend,
  histogramBackendInitialised,
  initHistogramBackend,
  SIGNIFICANT_DIGITS,
  type HistogramBackend,
} from './histogram-backend.js';
export { summarise, summariseEncoded, type LatencySummary } from './histogram-summary.js';
export { LatencyRecorder, type RecorderOptions } from './latency-recorder.js';
export { addEncoded, decodeSnapshot, destroyDecoded, mergeSnapshots, type DecodedCommand, type DecodedSnapshot } from './snapshot.js';
export type { CommandSnapshot, EncodedStageSnapshot, RecorderSnapshot, StageAccounting } from './stage-snapshot.js';
export { NodeRecorder } from './node-recorder.js';
export {
  addServerHistograms,
  fromCumulative,
  parseLatencyHistogram,
  subtractServerHistogram,
  summariseServerHistogram,
  type ServerHistogram,
  type ServerHistograms,
  type ServerLatencySummary,
} from './server-latency.js';
export { ClientNoiseMonitor, combineClientNoise, combineRoundsClientNoise, mergeClientNoise, type ClientNoise, type PhaseClientNoise } from './client-noise.js';
