/** Every subcommand, in the order `rbench --help` lists them. */
import type { CommandModule } from 'yargs';
import { localCommand } from './local.js';
import { pingCommand } from './ping.js';
import { runCommand } from './run.js';
import { schemaCommand } from './schema.js';
import { validateCommand } from './validate.js';

// yargs' CommandModule is generic over each command's own arguments.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [runCommand, validateCommand, schemaCommand, pingCommand, localCommand];
