/** Scenario steps (setup, mix, consumers) into plan steps: parsed templates, labels, flags. */
import { commandSpec } from '../scenario/command-table.js';
import { parseTemplate } from '../scenario/template-syntax.js';
import type { CommandPlan, StepPlan } from './types.js';

/** A template that already passed validation, parsed for the workers. */
export function commandPlan(text: string): CommandPlan {
  return { text, template: parseTemplate(text) };
}

/** The common part of a setup step or mix entry. */
export function stepPlan(step: { name?: string | undefined; command?: string | undefined; multi?: string[] | undefined }): StepPlan {
  const texts = step.multi ?? (step.command === undefined ? [] : [step.command]);
  const commands = texts.map(commandPlan);
  const kind = step.multi ? 'multi' : 'command';
  const names = commands.map((c) => c.template.command);
  const label = step.name ?? (kind === 'multi' ? `MULTI[${names.join(',')}]` : (names[0] ?? '?'));
  const readOnly = commands.every((c) => commandSpec(c.template.command)?.readOnly === true);
  return { kind, label, commands, readOnly };
}

/**
 * The key space of a step's first `{key}`: null for the main one, a name for `{key:NAME}`,
 * undefined when the step names no key. Setup steps walk this key space in order.
 */
export function firstKeySpace(step: StepPlan): string | null | undefined {
  for (const c of step.commands) {
    for (const a of c.template.args) {
      for (const p of a.parts) if (p.kind === 'key') return p.space;
    }
  }
  return undefined;
}

/** Makes labels unique by numbering repeats (`GET`, `GET#2`), so report rows never merge by accident. */
export function uniqueLabels<T extends { label: string }>(steps: T[]): T[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    const n = (seen.get(step.label) ?? 0) + 1;
    seen.set(step.label, n);
    return n === 1 ? step : { ...step, label: `${step.label}#${n}` };
  });
}
