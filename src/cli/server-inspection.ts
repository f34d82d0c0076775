/**
 * Before load, for run, sweep and drill: what the server says about itself (server-probe.ts),
 * the scenario checked against its command table, the connections checked against its
 * maxclients, and whether it is a cluster node. Nothing here needs the server to answer INFO,
 * COMMAND or CONFIG: what it refuses becomes one warning instead of a failed run.
 */
import { loadClientName, probeServer, type ServerProbe } from '../client/server-probe.js';
import type { Plan } from '../plan/index.js';
import { UsageError } from '../shared/errors.js';
import type { Deployment } from '../deployment/deployment.js';
import { detectCluster } from '../deployment/resolve-deployment.js';
import { checkClusterKeys } from './cluster-key-check.js';
import { socketsNeeded } from './load-limits.js';
import { checkPlanAgainstServer, serverCheckNames } from './server-command-check.js';

export interface InspectedServer {
  probe: ServerProbe;
  /** The deployment the load goes to: the resolved one, or the cluster its node belongs to. */
  deployment: Deployment;
  /** CLIENT SETNAME value for load connections; null when the server refuses it. */
  clientName: string | null;
  /** For stderr at start and for the report's warnings. */
  warnings: string[];
}

export interface InspectionOptions {
  /** --cluster. */
  forcedCluster: boolean;
  /** False with --no-server-check. */
  serverCheck: boolean;
}

/** Probes the server and applies every server-side check; throws a UsageError when the run cannot work. */
export async function inspectServer(
  resolved: Deployment,
  plan: Plan,
  source: string,
  options: InspectionOptions,
): Promise<InspectedServer> {
  const probe = await probeServer(resolved.control, options.serverCheck ? serverCheckNames(plan) : []);
  const warnings: string[] = [];
  // The command table has its own warning (below), in words about the check it skips.
  const notLearnt = probe.unknown.filter((u) => !u.includes('command table'));
  if (notLearnt.length > 0) warnings.push(`${resolved.control.display} did not tell: ${notLearnt.join('; ')}`);
  const commandReason = probe.unknown.find((u) => u.includes('command table'));
  warnings.push(...checkPlanAgainstServer(probe.commandInfo, plan, source, { enabled: options.serverCheck, missingReason: commandReason }));
  warnings.push(...checkMaxClients(probe, plan, resolved.control.display));
  const deployment = detectCluster(resolved, probe.clusterEnabled === true || options.forcedCluster);
  // A cluster's key layout and slot map are checked here, before any load.
  if (deployment.routesBySlot) checkClusterKeys(plan, source);
  await deployment.checkReachable();
  return { probe, deployment, clientName: loadClientName(probe), warnings };
}

/**
 * More connections than maxclients cannot all be held: refuse. More than the slots free right
 * now (other clients hold some) may work or not: warn.
 */
export function checkMaxClients(probe: Pick<ServerProbe, 'maxClients' | 'connectedClients'>, plan: Plan, display: string): string[] {
  const max = probe.maxClients;
  if (max === null) return [];
  const needed = socketsNeeded(plan);
  if (needed > max) {
    throw new UsageError(
      `the run needs ${needed} connections, but ${display} allows ${max} (maxclients)`,
      `raise it (CONFIG SET maxclients ${needed + 16}, or maxclients in redis.conf), or use fewer --connections`,
    );
  }
  // The probe's own connection is counted in connected_clients and is gone before the load starts.
  const others = Math.max(0, (probe.connectedClients ?? 1) - 1);
  if (needed > max - others) {
    return [`the run needs ${needed} connections; ${display} allows ${max} (maxclients) and ${others} are taken by other clients, so some may be refused`];
  }
  return [];
}
