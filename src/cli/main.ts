/**
 * The rbench command line. The only module that prints to stdout or calls process.exit.
 * Each subcommand lives in src/cli/commands/<name>.ts and exports a yargs CommandModule.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { reportFatal } from './fatal.js';
import { rbenchVersion } from './version.js';
import { ExitCode } from '../shared/errors.js';

export async function main(argv: string[]): Promise<void> {
  let parser = yargs(argv)
    .scriptName('rbench')
    .version(rbenchVersion())
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'name a command (rbench --help lists them)')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs validation problems are usage errors: one line, exit 2, no stack.
      if (err) throw err;
      process.stderr.write(`rbench: ${msg}\nrun \`rbench --help\` for usage\n`);
      process.exit(ExitCode.badInput);
    });
  for (const command of commands) parser = parser.command(command);
  await parser.parseAsync();
}

main(hideBin(process.argv)).catch((err: unknown) => {
  process.exit(reportFatal(err));
});
