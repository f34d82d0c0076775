/** The segment flags: which part this process runs, and every bad value refused with the flag named. */
import { describe, expect, test } from 'vitest';
import { parseSegmentFlag, segmentRequest } from '../../../src/cli/options/segment-options.js';
import { usageMessage as usage } from '../../helpers/usage-error.js';

describe('segment flags', () => {
  test('--segment I/N and --segments N with JOB_COMPLETION_INDEX', () => {
    expect(segmentRequest({ segment: '2/3', 'run-id': 'r1' })).toEqual({ index: 2, count: 3, runId: 'r1', barrierTimeoutMs: 300_000 });
    expect(segmentRequest({ segments: 4, 'run-id': 'job-uid', 'barrier-timeout': '90s' }, { JOB_COMPLETION_INDEX: '3' })).toEqual({
      index: 3,
      count: 4,
      runId: 'job-uid',
      barrierTimeoutMs: 90_000,
    });
    expect(segmentRequest({})).toBeNull();
  });

  test('bad values name the flag and the value', () => {
    expect(usage(() => parseSegmentFlag('3/3'))).toMatch(/--segment .*got "3\/3"/);
    expect(usage(() => parseSegmentFlag('1/0'))).toMatch(/got "1\/0"/);
    expect(usage(() => parseSegmentFlag('a/b'))).toMatch(/got "a\/b"/);
    expect(usage(() => segmentRequest({ segment: '0/2' }))).toMatch(/--run-id/);
    expect(usage(() => segmentRequest({ segment: '0/2', 'run-id': 'has space' }))).toMatch(/--run-id .*"has space"/);
    expect(usage(() => segmentRequest({ segment: '0/2', 'run-id': 'r', 'barrier-timeout': 'soon' }))).toMatch(/--barrier-timeout/);
    expect(usage(() => segmentRequest({ segments: 3, 'run-id': 'r' }, {}))).toMatch(/JOB_COMPLETION_INDEX, which is not set/);
    expect(usage(() => segmentRequest({ segments: 3, 'run-id': 'r' }, { JOB_COMPLETION_INDEX: '3' }))).toMatch(/JOB_COMPLETION_INDEX=3 .*--segments 3/);
    expect(usage(() => segmentRequest({ segments: 0, 'run-id': 'r' }, { JOB_COMPLETION_INDEX: '0' }))).toMatch(/--segments must be .* got 0/);
    expect(usage(() => segmentRequest({ 'run-id': 'r' }))).toMatch(/--run-id is only used with/);
  });
});
