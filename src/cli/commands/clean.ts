/**
 * `rbench clean SCENARIO.yml [--target URL]`: deletes exactly the keys the scenario writes (its
 * key patterns, in every database it writes to, on every master of a cluster) with SCAN and
 * UNLINK, and says how many. Never FLUSHDB or FLUSHALL, never another key.
 */
import type { CommandModule } from 'yargs';
import { buildPlan } from '../../plan/index.js';
import { loadScenarioFile } from '../../scenario/index.js';
import { UsageError } from '../../shared/errors.js';
import { inspectServer } from '../server-inspection.js';
import { tlsFlags, withTargetOptions, type TargetArgs } from '../options/target-options.js';
import { scenarioCleaner } from '../scenario-cleaner.js';
import { resolveDeployment } from '../../deployment/resolve-deployment.js';

interface CleanArgs extends TargetArgs {
  scenario: string;
}

export const cleanCommand: CommandModule<object, CleanArgs> = {
  command: 'clean <scenario>',
  describe: "delete the keys a scenario wrote (SCAN + UNLINK of its own key patterns, every database it writes to, every master)",
  builder: (y) => withTargetOptions(y).positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' }) as never,
  handler: async (args) => {
    const scenario = await loadScenarioFile(args.scenario);
    const plan = buildPlan(scenario, args.target ? { target: args.target } : {});
    if (args.local) throw new UsageError('rbench clean works on an existing server: --local would start an empty one', 'pass --target URL');
    // Deleting keys is not something to do on whatever happens to answer at the default address.
    if (!args.target && plan.target === null && !process.env.REDIS_URL) {
      throw new UsageError('rbench clean needs the server to clean named', 'pass --target URL (or set REDIS_URL, or a target: in the scenario)');
    }
    const resolved = await resolveDeployment({ target: args.target, scenarioTarget: plan.target, tls: tlsFlags(args) });
    // Only to learn whether the server is a cluster node: the scenario is not checked against it.
    const { deployment } = await inspectServer(resolved, plan, args.scenario, { forcedCluster: args.cluster === true, serverCheck: false });
    const cleaner = scenarioCleaner(plan, deployment, 'rbench clean');
    const { keysDeleted } = await cleaner.deleteAll();
    const patterns = cleaner.keys.patterns.map((p) => p.match).join(', ');
    const dbs = cleaner.keys.extraDbs.length > 0 ? ` (and database ${cleaner.keys.extraDbs.join(', ')})` : '';
    process.stdout.write(`deleted ${keysDeleted} keys matching ${patterns || 'nothing'}${dbs} on ${resolved.control.display}\n`);
  },
};
