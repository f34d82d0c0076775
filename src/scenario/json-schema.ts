/** The JSON Schema editors use to autocomplete scenario files, generated from the zod schema. */
import * as z from 'zod';
import { scenarioSchema } from './schema.js';

/** Where the committed copy lives, relative to the repository root. */
export const JSON_SCHEMA_PATH = 'schema/scenario.schema.json';

/** The JSON Schema of the input format (what a file may contain, before units are parsed). */
export function scenarioJsonSchema(): Record<string, unknown> {
  // draft-7 is the dialect the YAML language server understands best.
  return z.toJSONSchema(scenarioSchema, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
}

/** The exact text `rbench schema` prints and the repository keeps. */
export function scenarioJsonSchemaText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}
