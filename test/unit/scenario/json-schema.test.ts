import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { JSON_SCHEMA_PATH, scenarioJsonSchema, scenarioJsonSchemaText } from '../../../src/scenario/index.js';

test('the committed schema/scenario.schema.json equals what `rbench schema` prints', () => {
  // Regenerate with: npm run build && node bin/rbench schema > schema/scenario.schema.json
  expect(readFileSync(JSON_SCHEMA_PATH, 'utf8')).toBe(scenarioJsonSchemaText());
});

test('the JSON Schema rejects unknown keys and lists the mix', () => {
  const schema = scenarioJsonSchema() as { additionalProperties?: boolean; required?: string[]; properties?: Record<string, unknown> };
  expect(schema.additionalProperties).toBe(false);
  expect(schema.required).toEqual(['name', 'mix']);
  expect(Object.keys(schema.properties ?? {})).toContain('pipeline');
});
