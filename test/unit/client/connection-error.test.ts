import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { ConnectionError } from '../../../src/client/connection-error.js';
import { TransportKind } from '../../../src/client/error-kinds.js';
import { withTargetOptions } from '../../../src/cli/options/target-options.js';

describe('ConnectionError hints', () => {
  it('name only flags that exist', () => {
    // The TLS hint once said --tls-insecure while the flag is --insecure.
    // getOptions() is yargs' (untyped) list of the options it was given.
    const parser = withTargetOptions(yargs([])) as unknown as { getOptions(): { key: Record<string, unknown> } };
    const flags = new Set(Object.keys(parser.getOptions().key));
    expect(flags).toContain('insecure');
    for (const kind of Object.values(TransportKind)) {
      const hint = new ConnectionError(kind, 'x').hint ?? '';
      for (const [, flag] of hint.matchAll(/--([a-z][a-z-]*)/g)) expect(flags, `${kind}: --${flag}`).toContain(flag);
    }
  });

  it('tells how to skip verification for a self-signed server', () => {
    expect(new ConnectionError('tls', 'x').hint).toMatch(/--tls-ca .*pass --insecure for a self-signed/);
  });
});
