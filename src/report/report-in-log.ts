/**
 * A report inside a pod's log. A segment in Kubernetes writes its report with `--json -` to
 * stdout, and `kubectl logs` mixes stderr in (notes, a barrier failure); the report is the block
 * from a line that is just "{" to the last line that is just "}" (resultJson's layout).
 */

/** The JSON text of the report in `log`, or null when there is none. */
export function reportTextInLog(log: string): string | null {
  const lines = log.split(/\r?\n/);
  const first = lines.indexOf('{');
  const last = lines.lastIndexOf('}');
  if (first < 0 || last <= first) return null;
  return lines.slice(first, last + 1).join('\n');
}
