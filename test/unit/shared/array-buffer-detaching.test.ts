/**
 * The worker and the main thread give up V8's "no ArrayBuffer was ever detached" assumption as
 * they start, so the first WebAssembly memory growth in a measured phase does not throw away
 * their optimized code. V8 says when it drops the assumption (--trace-protector-invalidation).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built module (npm test builds first), run in a plain node process with the trace on.
const MODULE = fileURLToPath(new URL('../../../dist/src/shared/array-buffer-detaching.js', import.meta.url));
const TRACE_LINE = 'Invalidating protector cell ArrayBufferDetaching';

/** What node prints for `script` (an ES module) with the protector trace on. */
function traced(script: string): string {
  return execFileSync(process.execPath, ['--trace-protector-invalidation', '--input-type=module', '-e', script], { encoding: 'utf8' });
}

describe('giveUpArrayBufferDetachingAssumption', () => {
  it('makes V8 drop its ArrayBufferDetaching assumption at once', () => {
    const out = traced(`const m = await import(${JSON.stringify(MODULE)}); console.log('before'); m.giveUpArrayBufferDetachingAssumption(); console.log('after');`);
    const lines = out.split('\n');
    expect(lines.indexOf(TRACE_LINE)).toBeGreaterThan(lines.indexOf('before'));
    expect(lines.indexOf(TRACE_LINE)).toBeLessThan(lines.indexOf('after'));
  });

  it('leaves it in place when not called (so the test above is not satisfied by start-up alone)', () => {
    expect(traced(`await import(${JSON.stringify(MODULE)}); console.log('loaded');`)).not.toContain(TRACE_LINE);
  });
});
