/**
 * Walking the scenario schema along a document path, to list the keys an object accepts there
 * (for "did you mean" on unknown keys). Unions contribute the keys of every branch.
 */
import * as z from 'zod';
import type { DocPath } from './yaml-source.js';

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return unwrap(schema.unwrap() as AnySchema);
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema.in as AnySchema);
  if (schema instanceof z.ZodUnion) return (schema.options as readonly AnySchema[]).flatMap(unwrap);
  return [schema];
}

function step(schema: AnySchema, segment: PropertyKey): AnySchema[] {
  return unwrap(schema).flatMap((s): AnySchema[] => {
    if (s instanceof z.ZodObject && typeof segment === 'string') {
      const child = (s.shape as Record<string, AnySchema>)[segment];
      return child ? [child] : [];
    }
    if (s instanceof z.ZodArray && typeof segment === 'number') return [s.element as AnySchema];
    if (s instanceof z.ZodRecord && typeof segment === 'string') return [s.valueType as AnySchema];
    return [];
  });
}

/** The keys that objects at `path` accept, in schema order. */
export function knownKeysAt(root: AnySchema, path: DocPath): string[] {
  let schemas: AnySchema[] = [root];
  for (const segment of path) schemas = schemas.flatMap((s) => step(s, segment));
  const keys = new Set<string>();
  for (const s of schemas.flatMap(unwrap)) {
    if (s instanceof z.ZodObject) for (const key of Object.keys(s.shape as object)) keys.add(key);
  }
  return [...keys];
}
