/**
 * `rbench ping`: connect, print server version, role, mode and round-trip latency, and what the
 * server would not tell (a proxy refusing INFO, a managed service refusing CONFIG).
 */
import type { CommandModule } from 'yargs';
import { Connection } from '../../client/connection.js';
import { loadClientName, probeServer } from '../../client/server-probe.js';
import { monotonicClock } from '../../shared/clock.js';
import { resolveDeployment } from '../../deployment/resolve-deployment.js';
import { tlsFlags, withTargetOptions, type TargetArgs } from '../options/target-options.js';

interface PingArgs extends TargetArgs {
  count: number;
}

const ROUND_TRIPS = 5;

export const pingCommand: CommandModule<object, PingArgs> = {
  command: 'ping',
  describe: 'connect and print server version, role, mode and round-trip latency',
  builder: (y) =>
    withTargetOptions(y).option('count', {
      type: 'number',
      default: ROUND_TRIPS,
      describe: 'PINGs to time (the best and median are shown)',
    }) as never,
  handler: async (args) => {
    const resolved = await resolveDeployment({ target: args.target, local: args.local, tls: tlsFlags(args) });
    if (resolved.note) process.stderr.write(`${resolved.note}\n`);
    let conn: Connection | null = null;
    try {
      // On its own connections: a proxy that closes the connection on INFO must not cost the PINGs.
      const probe = await probeServer(resolved.control, []);
      conn = new Connection({ target: resolved.control, reconnect: false, clientName: loadClientName(probe) });
      await conn.connect();
      const times: number[] = [];
      for (let i = 0; i < Math.max(1, args.count); i++) {
        const start = monotonicClock.nowUs();
        await conn.call(['PING']);
        times.push(monotonicClock.nowUs() - start);
      }
      times.sort((a, b) => a - b);
      const median = times[Math.floor(times.length / 2)]!;
      const out = [
        `target:   ${resolved.control.display}`,
        `server:   ${probe.version === null ? 'unknown' : `redis ${probe.version}`}`,
        `role:     ${probe.role ?? 'unknown'}`,
        `mode:     ${probe.mode ?? 'unknown'}`,
        `latency:  ${formatUs(median)} median, ${formatUs(times[0]!)} best (${times.length} PINGs)`,
        ...probe.unknown.map((what, i) => `${i === 0 ? 'unknown: ' : '          '}${what}`),
      ];
      process.stdout.write(`${out.join('\n')}\n`);
    } finally {
      await conn?.close().catch(() => {});
      await resolved.local?.stop();
    }
  },
};

function formatUs(us: number): string {
  return us < 1000 ? `${us.toFixed(0)} us` : `${(us / 1000).toFixed(2)} ms`;
}
