/**
 * The broken-scenario corpus: each test/fixtures/scenarios/broken/NAME.yml has a NAME.expected
 * holding exactly the `file:line:col: path: message` lines `rbench validate` must print.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runValidate } from '../../../src/cli/commands/validate.js';
import { formatIssue, validateScenarioFile } from '../../../src/scenario/index.js';

const dir = 'test/fixtures/scenarios/broken';
const files = readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();

describe('broken scenario corpus', () => {
  test('holds at least 30 files, each with its expected output', () => {
    expect(files.length).toBeGreaterThanOrEqual(30);
    const expected = readdirSync(dir).filter((f) => f.endsWith('.expected'));
    expect(expected.sort()).toEqual(files.map((f) => f.replace(/\.yml$/, '.expected')));
  });

  test.each(files)('%s reports the expected message, line and column', async (file) => {
    const result = await validateScenarioFile(join(dir, file));
    expect(result.ok).toBe(false);
    const lines = result.ok ? [] : result.issues.map((issue) => formatIssue({ ...issue, file }));
    const expected = readFileSync(join(dir, file.replace(/\.yml$/, '.expected')), 'utf8').trimEnd().split('\n');
    expect(lines).toEqual(expected);
  });

  test.each(files)('%s makes validate fail (exit code 2)', async (file) => {
    const err: string[] = [];
    const invalid = await runValidate([join(dir, file)], { out: () => {}, err: (line) => err.push(line) });
    expect(invalid).toBe(1);
    expect(err.length).toBeGreaterThan(0);
    const { validateCommand } = await import('../../../src/cli/commands/validate.js');
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      await expect(Promise.resolve(validateCommand.handler({ files: [join(dir, file)], _: [], $0: 'rbench' }))).rejects.toMatchObject({ exitCode: 2 });
    } finally {
      process.stderr.write = stderr;
    }
  });
});
