/**
 * Before load: checks every template of the plan against the connected server's COMMAND INFO
 * (arity and key positions as this server version has them), so a mistake is reported before
 * anything is sent rather than as a million error replies.
 */
import type { Connection } from '../client/connection.js';
import type { Plan } from '../plan/index.js';
import { asString, type RespValue } from '../resp/values.js';
import { checkAgainstServer, type ServerCommandInfo } from '../scenario/index.js';
import { UsageError } from '../shared/errors.js';

/** Throws a UsageError listing every template the server would reject. */
export async function checkPlanAgainstServer(conn: Connection, plan: Plan, source: string): Promise<void> {
  const templates = [
    ...plan.setup.flatMap((s, i) => s.commands.map((c) => ({ where: `setup[${i}]`, c }))),
    ...plan.mix.flatMap((m, i) => m.commands.map((c) => ({ where: `mix[${i}]`, c }))),
    ...plan.roles.consumers.map((g, i) => ({ where: `consumers[${i}]`, c: g.command })),
  ];
  const names = [...new Set(templates.map((t) => t.c.template.command))];
  let reply: RespValue;
  try {
    reply = await conn.call(['COMMAND', 'INFO', ...names]);
  } catch {
    return; // Servers or proxies that refuse COMMAND: the offline checks already ran.
  }
  if (!Array.isArray(reply)) return;
  const table = new Map<string, ServerCommandInfo>();
  for (const entry of reply) {
    if (!Array.isArray(entry) || entry.length < 6) continue; // null: the server does not know it
    const name = asString(entry[0]!)?.toUpperCase();
    const flags = Array.isArray(entry[2]) ? entry[2].map((f) => asString(f)) : [];
    if (!name) continue;
    table.set(name, {
      name,
      arity: Number(entry[1]),
      firstKey: Number(entry[3]),
      lastKey: Number(entry[4]),
      step: Number(entry[5]),
      movableKeys: flags.includes('movablekeys'),
    });
  }
  const problems = templates.flatMap(({ where, c }) =>
    checkAgainstServer(c.template, table).map((p) => `${source}: ${where}: "${c.text}": ${p.message}`),
  );
  if (problems.length > 0) {
    throw new UsageError(
      `the server would reject ${problems.length === 1 ? 'a command' : `${problems.length} commands`} of the scenario:\n${problems.join('\n')}`,
      'fix the templates (rbench validate checks them offline), or point --target at a server that has these commands',
    );
  }
}
