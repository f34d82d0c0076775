/**
 * The tags the cluster router enqueues on its node connections, as named values. A node
 * connection hands each reply back with its tag: a unit id (>= 0) for the reply that finishes
 * that unit, an inner tag for a command whose reply only matters when it is a redirect (a
 * command inside MULTI ... EXEC, the ASKING before a redirected unit), or NO_UNIT for the
 * router's own commands (READONLY), whose replies are ignored. A command written straight to its
 * node has no unit: its tag is DIRECT_TAG_BASE or above (direct-commands.ts), checked first.
 */

/** A command of the router's own: its reply belongs to no unit. */
export const NO_UNIT = -1;

/** The tag of a command inside unit `id` that does not finish it. */
export function innerTag(id: number): number {
  return -2 - id;
}

/** The unit an inner tag belongs to, or -1 for NO_UNIT. */
export function unitOfInnerTag(tag: number): number {
  return tag <= -2 ? -2 - tag : -1;
}

/** True when the reply finishes a unit (its tag is the unit's id). */
export function isFinalTag(tag: number): boolean {
  return tag >= 0;
}
