/** Every subcommand, in the order `rbench --help` lists them. */
import type { CommandModule } from 'yargs';
import { cleanCommand } from './clean.js';
import { compareCommand } from './compare.js';
import { drillCommand } from './drill.js';
import { localCommand } from './local.js';
import { mergeCommand } from './merge.js';
import { pingCommand } from './ping.js';
import { reportCommand } from './report.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { sweepCommand } from './sweep.js';
import { validateCommand } from './validate.js';

// yargs' CommandModule is generic over each command's own arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [
  runCommand,
  reportCommand,
  compareCommand,
  mergeCommand,
  sweepCommand,
  drillCommand,
  validateCommand,
  cleanCommand,
  schemaCommand,
  pingCommand,
  localCommand,
];
