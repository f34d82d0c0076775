/**
 * The largest values rbench accepts, in one place so validation, the CLI and the docs agree.
 * Each keeps a run from growing memory without bound (a 1e9-deep pipeline, a billion sockets)
 * or from failing only at run time for a reason the server states up front (512 MB values).
 */

/** Commands in flight per connection: deeper pipelines only queue in rbench's memory. */
export const MAX_PIPELINE = 10_000;
/** Connections of one kind (mix, subscribers, a consumer group); each costs ~70 KB in rbench. */
export const MAX_CONNECTIONS = 50_000;
/** Worker threads; the CLI also refuses more than WORKERS_PER_CPU per core. */
export const MAX_WORKERS = 256;
/** Redis' own limit on a string value (proto-max-bulk-len's default). */
export const MAX_VALUE_BYTES = 512 * 1024 * 1024;
/** Scenario files are hand-written: a larger file is a mistake, and would take minutes to check. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Entries of one list (mix, setup, the commands of a MULTI block, consumer groups). */
export const MAX_LIST_ENTRIES = 1000;
/** Expanding more aliases than this is refused (the yaml package's "billion laughs" guard). */
export const MAX_YAML_ALIASES = 100;
