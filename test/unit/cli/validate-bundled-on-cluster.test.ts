/** Every bundled scenario can run on a Redis Cluster: no step's keys cross hash slots. */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runValidate } from '../../../src/cli/commands/validate.js';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yml')).sort();

describe('bundled scenarios on a cluster', () => {
  test.each(files)('%s passes validate --cluster', async (file) => {
    const errors: string[] = [];
    const invalid = await runValidate([`scenarios/${file}`], { out: () => undefined, err: (l) => errors.push(l) }, { cluster: true });
    expect(errors).toEqual([]);
    expect(invalid).toBe(0);
  });
});
