import { describe, expect, it } from 'vitest';
import { defaultReportPath, runReportPath } from '../../../src/report/json-writer.js';

describe('report paths', () => {
  it('numbers the reports of --runs before the extension, and leaves a single run alone', () => {
    expect(runReportPath('out/base.json', 1, 1)).toBe('out/base.json');
    expect(runReportPath('out/base.json', 2, 3)).toBe('out/base-run2.json');
    expect(runReportPath('out/base', 1, 2)).toBe('out/base-run1');
  });

  it('defaults to reports/<scenario>-<timestamp>.json with a file-safe name', () => {
    expect(defaultReportPath('my scenario', new Date('2026-01-02T03:04:05.678Z'))).toBe('reports/my_scenario-2026-01-02T03-04-05Z.json');
  });
});
