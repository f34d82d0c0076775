/**
 * Before load: checks every template of the plan against the server's COMMAND INFO (arity and key
 * positions as this server version has them), so a mistake is reported before anything is sent
 * rather than as a million error replies. The reply comes from the server probe; a server that
 * refused COMMAND, or whose table is implausible (some Redis-compatible servers answer null for
 * commands they do support), gets one warning and only the offline check, which already ran.
 */
import type { Plan } from '../plan/index.js';
import { asString, type RespValue } from '../resp/values.js';
import { checkAgainstServer, type ServerCommandInfo } from '../scenario/index.js';
import { UsageError } from '../shared/errors.js';

/** Commands every Redis-compatible server has: a table that knows none of them is wrong. */
const ALWAYS_THERE = ['GET', 'SET', 'DEL'] as const;

/** The command names to ask COMMAND INFO about for `plan`. */
export function serverCheckNames(plan: Plan): string[] {
  return [...new Set([...templatesOf(plan).map((t) => t.c.template.command), ...ALWAYS_THERE])];
}

export interface ServerCheckOptions {
  /** False with --no-server-check. */
  enabled: boolean;
  /** Why COMMAND INFO is missing, when it is (from the probe). */
  missingReason?: string | undefined;
}

/**
 * Throws a UsageError listing every template the server would reject; returns the warnings
 * (check skipped, and why). `commandInfo` is the COMMAND INFO reply for serverCheckNames(plan).
 */
export function checkPlanAgainstServer(commandInfo: RespValue[] | null, plan: Plan, source: string, options: ServerCheckOptions): string[] {
  if (!options.enabled) return [];
  if (commandInfo === null) {
    return [`server-side command check skipped: ${options.missingReason ?? 'the server did not answer COMMAND INFO'}; the scenario was checked against rbench's own command table`];
  }
  const table = commandTable(commandInfo);
  if (!ALWAYS_THERE.some((name) => table.has(name))) {
    return [
      `the server's COMMAND INFO looks wrong (it knows none of ${ALWAYS_THERE.join(', ')}); checked the scenario against rbench's own command table instead (--no-server-check skips the question)`,
    ];
  }
  const problems = templatesOf(plan).flatMap(({ where, c }) =>
    checkAgainstServer(c.template, table).map((p) => `${source}: ${where}: "${c.text}": ${p.message}`),
  );
  if (problems.length > 0) {
    throw new UsageError(
      `the server would reject ${problems.length === 1 ? 'a command' : `${problems.length} commands`} of the scenario:\n${problems.join('\n')}`,
      'fix the templates (rbench validate checks them offline), point --target at a server that has these commands, or pass --no-server-check if the server is wrong about itself',
    );
  }
  return [];
}

/** The COMMAND INFO reply as a table; null entries (unknown commands) are left out. */
export function commandTable(reply: RespValue[]): Map<string, ServerCommandInfo> {
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
  return table;
}

function templatesOf(plan: Plan) {
  return [
    ...plan.setup.flatMap((s, i) => s.commands.map((c) => ({ where: `setup[${i}]`, c }))),
    ...plan.mix.flatMap((m, i) => m.commands.map((c) => ({ where: `mix[${i}]`, c }))),
    ...plan.roles.consumers.map((g, i) => ({ where: `consumers[${i}]`, c: g.command })),
  ];
}
