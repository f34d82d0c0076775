/**
 * What `run`, `drill` and `sweep` do before and after their session, once: the report paths
 * checked, the deployment resolved, the live metrics started, the server inspected (command
 * table, maxclients, cluster detection), the segment's barrier opened, the cleaner made; after the
 * session, the result shown and saved, and the exit codes every command shares. Each command adds
 * only what is its own (the drill's action, the sweep's memory and early stop, run's repeats).
 */
import type { ReadFrom } from '../client/target-url.js';
import type { Deployment } from '../deployment/deployment.js';
import { resolveDeployment } from '../deployment/resolve-deployment.js';
import type { Plan } from '../plan/index.js';
import { runReportPath } from '../report/json-writer.js';
import type { RunResult } from '../report/run-result.js';
import type { Scenario } from '../scenario/index.js';
import { ExitCode } from '../shared/errors.js';
import { startLiveMetrics, type LiveMetricsHandle } from './live-metrics-endpoint.js';
import type { LoadCommandArgs } from './options/load-command-options.js';
import type { SegmentRequest } from './options/segment-options.js';
import { tlsFlags } from './options/target-options.js';
import { prepareReports, runInputs } from './output-target.js';
import { emitResult, reportedScenario } from './result-output.js';
import type { RunSessionOptions, SessionObserver } from './run-session.js';
import { runCleaner, type ScenarioCleaner } from './scenario-cleaner.js';
import { labelSegmentResult, openSegment, reportName, reportSegmentFailure, segmentRunOptions, sharedTargetCheck, type SegmentSession } from './segment-session.js';
import { inspectServer, type InspectedServer } from './server-inspection.js';
import { combineObservers } from './session-observers.js';
import { interruptedExitCode } from './signals.js';

export interface RunPreparation {
  /** The scenario file, or '--command' for an inline mix: named in messages. */
  source: string;
  /** The report's default name (a segment's gets its suffix). */
  name: string;
  segment: SegmentRequest | null;
  /** The scenario run (the report shows it, its target URL redacted). */
  scenario: Scenario;
  /** How many times the whole scenario runs (--runs); one report each. */
  runs?: number;
  /** --read-from; undefined keeps what the URL says. */
  readFrom?: ReadFrom | undefined;
}

export interface PreparedRun {
  /** Where the load goes: resolved, with the cluster detected and --read-from applied. */
  readonly deployment: Deployment;
  readonly inspected: InspectedServer;
  /** `--json -`: the JSON report is the only thing on stdout. */
  readonly jsonToStdout: boolean;
  /** --quiet, or the JSON on stdout: no progress line, no chatter. */
  readonly quiet: boolean;
  readonly live: LiveMetricsHandle | null;
  readonly session: SegmentSession | null;
  readonly cleaner: ScenarioCleaner | null;
  /** runSession's options as every command passes them; `observer` is called beside the live metrics. */
  sessionOptions(observer?: SessionObserver): RunSessionOptions;
  /**
   * Shows and saves run `run`'s result (the server's warnings first, the segment's label), and
   * sets exit 1 when every worker failed; returns the scrubbed result that was shown.
   */
  emit(result: RunResult, run?: number): Promise<RunResult>;
  /** After a result is out: a segment barrier's failure, then an interruption, set the exit code. */
  settle(interrupted: boolean): void;
  /** --cleanup: deletes the scenario's keys after the last run. */
  cleanUp(): Promise<void>;
  close(): Promise<void>;
}

/** Prepares a load command's run; on failure everything it started is stopped again. */
export async function prepareRun(args: LoadCommandArgs, plan: Plan, prep: RunPreparation): Promise<PreparedRun> {
  const runs = prep.runs ?? 1;
  const reports = await prepareReports(args, reportName(prep.name, prep.segment), runInputs(args.scenario, args), runs);
  const { jsonToStdout } = reports;
  const quiet = args.quiet === true || jsonToStdout;
  const resolved = await resolveDeployment({ target: args.target, scenarioTarget: plan.target, local: args.local, tls: tlsFlags(args) });
  if (resolved.note) process.stderr.write(`${resolved.note}\n`);
  let live: LiveMetricsHandle | null = null;
  let session: SegmentSession | null = null;
  const close = async (): Promise<void> => {
    await live?.endpoint.close();
    await session?.close();
    await resolved.local?.stop();
  };
  try {
    if (prep.segment !== null) sharedTargetCheck(resolved);
    live = await startLiveMetrics(args);
    const inspected = await inspectServer(resolved, plan, prep.source, { forcedCluster: args.cluster === true, serverCheck: args['server-check'] !== false });
    for (const warning of inspected.warnings) process.stderr.write(`rbench: warning: ${warning}\n`);
    const deployment = inspected.deployment.withReadFrom(prep.readFrom);
    const cleaner = runCleaner(plan, deployment, args.cleanup === true);
    if (prep.segment !== null) session = await openSegment(prep.segment, plan, deployment);
    const segment = session;
    const metrics = live?.metrics;
    return {
      deployment,
      inspected,
      jsonToStdout,
      quiet,
      live,
      session,
      cleaner,
      sessionOptions: (observer) => ({
        ...segmentRunOptions(segment, plan),
        scenario: reportedScenario(prep.scenario),
        deployment,
        serverVersion: inspected.probe.version,
        clientName: inspected.clientName,
        quiet,
        // Segments share one key space: a reset by each would delete the others' data (not coordinated yet).
        ...(segment === null && plan.reset === 'setup' && cleaner !== null ? { resetKeys: () => cleaner.deleteAll() } : {}),
        ...(observer === undefined && metrics === undefined ? {} : { observer: combineObservers(observer, metrics?.observer) }),
      }),
      emit: async (result, run = 1) => {
        result.warnings.unshift(...inspected.warnings);
        if (segment) labelSegmentResult(result, segment);
        const safe = await emitResult(result, {
          quiet: args.quiet === true,
          jsonToStdout,
          paths: reports.pathsFor(run, new Date(result.startedAt)),
          htmlPath: args.html === undefined ? undefined : runReportPath(args.html, run, runs),
          secrets: deployment.secrets(),
        });
        if (safe.failures.length > 0 && safe.phases.length === 0) process.exitCode = ExitCode.runtime;
        return safe;
      },
      settle: (interrupted) => {
        if (segment) process.exitCode = reportSegmentFailure(segment) ?? process.exitCode;
        if (interrupted) process.exitCode = interruptedExitCode();
      },
      cleanUp: async () => {
        if (args.cleanup === true && cleaner !== null) await cleanUp(cleaner, quiet);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** --cleanup: delete the scenario's keys after the run and say how many there were. */
async function cleanUp(cleaner: ScenarioCleaner, quiet: boolean): Promise<void> {
  try {
    const { keysDeleted } = await cleaner.deleteAll();
    if (!quiet) process.stderr.write(`cleanup: deleted ${keysDeleted} keys of the scenario\n`);
  } catch (err) {
    process.stderr.write(`rbench: cleanup failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = ExitCode.runtime;
  }
}
