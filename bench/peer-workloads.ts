/**
 * The rows bench:peers measures, by group: `base` (SET and GET of 3-byte values on one server),
 * `values` (4 KB and 64 KB values on one server) and `cluster` (3-byte values on a local
 * 3-master Redis Cluster), each at pipeline 1 and 16. Every row: 50 connections, one client
 * thread, 10,000 keys. Rows run in blocks of one target and one value size: the SET rows first,
 * then a pre-fill, then the GET rows, so every tool's GETs hit.
 */

export const GROUPS = ['base', 'values', 'cluster'] as const;
export type Group = (typeof GROUPS)[number];
export type Command = 'SET' | 'GET';
export type TargetKind = 'standalone' | 'cluster';

export const CONNECTIONS = 50;
export const KEYS = 10_000;
export const CLUSTER_MASTERS = 3;
export const BASE_VALUE_SIZE = 3;
export const LARGE_VALUE_SIZES = [4096, 65_536] as const;
export const PIPELINES = [1, 16] as const;
const COMMANDS: readonly Command[] = ['SET', 'GET'];

export interface Row {
  group: Group;
  target: TargetKind;
  command: Command;
  pipeline: number;
  /** Value size in bytes. */
  dataSize: number;
  /** Printed name, e.g. "SET P=16", "GET 64KB P=1", "cluster SET P=16". */
  label: string;
}

/** Rows that share a target and a value size: SET rows, then (after a pre-fill) GET rows. */
export interface Block {
  target: TargetKind;
  dataSize: number;
  rows: Row[];
}

/** "3B", "4KB", "64KB". */
export function fmtSize(bytes: number): string {
  return bytes >= 1024 && bytes % 1024 === 0 ? `${bytes / 1024}KB` : `${bytes}B`;
}

function rowLabel(group: Group, command: Command, dataSize: number, pipeline: number): string {
  if (group === 'base') return `${command} P=${pipeline}`;
  if (group === 'values') return `${command} ${fmtSize(dataSize)} P=${pipeline}`;
  return `cluster ${command} P=${pipeline}`;
}

/** The blocks to run for the chosen groups, in order: base, values (4 KB, then 64 KB), cluster. */
export function blocksFor(groups: readonly Group[]): Block[] {
  const blocks: Block[] = [];
  const add = (group: Group, target: TargetKind, dataSize: number): void => {
    const rows = COMMANDS.flatMap((command) =>
      PIPELINES.map((pipeline) => ({ group, target, command, pipeline, dataSize, label: rowLabel(group, command, dataSize, pipeline) })),
    );
    blocks.push({ target, dataSize, rows });
  };
  for (const group of GROUPS) {
    if (!groups.includes(group)) continue;
    if (group === 'base') add(group, 'standalone', BASE_VALUE_SIZE);
    else if (group === 'values') for (const size of LARGE_VALUE_SIZES) add(group, 'standalone', size);
    else add(group, 'cluster', BASE_VALUE_SIZE);
  }
  return blocks;
}
