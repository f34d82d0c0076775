/**
 * Finds the command templates in a scenario's raw data, defensively (the data may not match the
 * schema yet), so the cross-field rules can run in the same pass as the schema and the user sees
 * every problem at once.
 */
import type { TemplateRole } from './template-check.js';
import type { DocPath } from './yaml-source.js';

export interface TemplateSite {
  path: DocPath;
  text: string;
  role: TemplateRole;
}

/** A plain object's entries, or an empty list for anything else. */
export function entriesOf(value: unknown): [string, unknown][] {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : [];
}

/** A property of a plain object, or undefined. */
export function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stepTemplates(steps: unknown, section: string, role: TemplateRole): TemplateSite[] {
  const sites: TemplateSite[] = [];
  listOf(steps).forEach((step, i) => {
    const command = field(step, 'command');
    if (typeof command === 'string') sites.push({ path: [section, i, 'command'], text: command, role });
    listOf(field(step, 'multi')).forEach((text, j) => {
      if (typeof text === 'string') sites.push({ path: [section, i, 'multi', j], text, role: 'multi' });
    });
  });
  return sites;
}

/** Every command template in the scenario with its path and role. */
export function templateSites(data: unknown): TemplateSite[] {
  const sites = [...stepTemplates(field(data, 'setup'), 'setup', 'setup'), ...stepTemplates(field(data, 'mix'), 'mix', 'mix')];
  const consumers = field(data, 'consumers');
  if (Array.isArray(consumers)) {
    consumers.forEach((group, i) => {
      const command = field(group, 'command');
      if (typeof command === 'string') sites.push({ path: ['consumers', i, 'command'], text: command, role: 'consumer' });
    });
  } else {
    const command = field(consumers, 'command');
    if (typeof command === 'string') sites.push({ path: ['consumers', 'command'], text: command, role: 'consumer' });
  }
  return sites;
}
