/**
 * Children that must not outlive rbench. A redis-server left running after a crashed test or
 * an interrupted run holds its port and its memory; the 'exit' handler SIGKILLs whatever is
 * still registered (only synchronous work is possible there, and kill() is synchronous).
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let installed = false;

/** Registers `child` to be SIGKILLed if the Node process exits while it still runs. */
export function reapOnExit(child: ChildProcess): void {
  if (!installed) {
    installed = true;
    process.once('exit', () => {
      for (const c of live) {
        try {
          c.kill('SIGKILL');
        } catch {
          // Already gone; nothing to do at exit time.
        }
      }
    });
  }
  live.add(child);
  child.once('exit', () => live.delete(child));
}
