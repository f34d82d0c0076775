/**
 * Keys on a Redis Cluster. A command with several keys, and every command of a MULTI block,
 * must stay in one hash slot. Key spaces with a `{tag}` (or `hashtag: true`) are in one slot by
 * themselves. For key spaces without a tag, rbench tags keys itself in cluster mode: key i
 * becomes `prefix{g}:i` with g = i mod G, and the keys of one command (or block) share g
 * (src/workload/keyspace.ts), so keys stay spread over many slots while related keys stay
 * together. What cannot work is a command or block that mixes key spaces with different tags,
 * or a tagged with an untagged one: those are reported, naming the step and what to change.
 */
import type { KeyspacePlan, Plan, StepPlan } from './types.js';

export interface ClusterKeyPlan {
  /** Key spaces (null = main) that get rbench's own per-group hash tags in cluster mode. */
  autoTag: (string | null)[];
  /** One line per step whose keys would cross slots; empty when the plan can run on a cluster. */
  problems: string[];
}

/** Decides the automatic tags and finds steps that would cross slots. */
export function clusterKeyPlan(plan: Plan): ClusterKeyPlan {
  const autoTag = new Set<string | null>();
  const problems: string[] = [];
  const spaceOf = (name: string | null): KeyspacePlan | undefined => (name === null ? plan.keyspace : plan.keyspaces[name]);
  const visit = (step: StepPlan, where: string): void => {
    const groups = step.kind === 'multi' ? [step.commands] : step.commands.map((c) => [c]);
    for (const group of groups) {
      const spaces: (string | null)[] = [];
      for (const c of group) for (const a of c.template.args) for (const p of a.parts) if (p.kind === 'key') spaces.push(p.space);
      if (spaces.length < 2) continue;
      const distinct = [...new Set(spaces)];
      const tags = distinct.map((s) => spaceOf(s)?.slotTag ?? null);
      if (tags.every((t) => t === null)) {
        for (const s of distinct) autoTag.add(s);
        continue;
      }
      if (tags.every((t) => t !== null && t === tags[0])) continue;
      const described = distinct.map((s, i) => `${s === null ? 'the main keyspace' : `keyspace "${s}"`} (${tags[i] === null ? 'no hash tag' : `tag {${tags[i]}}`})`);
      problems.push(
        `${where} "${step.label}": its keys come from ${described.join(' and ')}, which land in different slots on a Redis Cluster; ` +
          'give these keyspaces one {tag} in their prefixes (e.g. prefix: "app:{cart}:"), or remove the tags (and hashtag: true) so rbench keeps related keys together itself',
      );
    }
  };
  plan.setup.forEach((s, i) => visit(s, `setup[${i}]`));
  plan.mix.forEach((m, i) => visit(m, `mix[${i}]`));
  plan.roles.consumers.forEach((g, i) =>
    visit({ kind: 'command', label: g.label, commands: [g.command], readOnly: false }, `consumers[${i}]`),
  );
  return { autoTag: [...autoTag], problems };
}
