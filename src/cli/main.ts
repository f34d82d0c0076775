/**
 * The rbench command line. The only module that prints to stdout or calls process.exit.
 * Each subcommand lives in src/cli/commands/<name>.ts and exports a yargs CommandModule.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commands } from './commands/index.js';
import { reportFatal } from './fatal.js';
import { checkNumberFlags, joinDashValues } from './flag-values.js';
import { installStopSignals } from './signals.js';
import { rbenchVersion } from './version.js';
import { giveUpArrayBufferDetachingAssumption } from '../shared/array-buffer-detaching.js';
import { ExitCode } from '../shared/errors.js';

/** Parses the command line and runs the command it names. */
export async function main(rawArgv: string[]): Promise<void> {
  // The main thread merges histograms in WebAssembly too: see array-buffer-detaching.ts.
  giveUpArrayBufferDetachingAssumption();
  // A stop signal before a run has started (connecting, loading the scenario) ends at once; a
  // running session takes the signal over, stops the load and keeps what was measured.
  installStopSignals((line) => process.stderr.write(`${line}\n`));
  const argv = joinDashValues(rawArgv);
  let parser = yargs(argv)
    .scriptName('rbench')
    .version(rbenchVersion())
    .help()
    .alias('h', 'help')
    .strict()
    .demandCommand(1, 'name a command (rbench --help lists them)')
    .middleware((parsed) => checkNumberFlags(parsed, argv))
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      // yargs validation problems are usage errors: one line, exit 2, no stack.
      if (err) throw err;
      process.stderr.write(`rbench: ${readableUsageMessage(msg, argv)}\nrun \`rbench --help\` for usage\n`);
      process.exit(ExitCode.badInput);
    });
  for (const command of commands) parser = parser.command(command);
  await parser.parseAsync();
}

/**
 * yargs lists an unknown flag twice (kebab and camelCase: "bogus-flag, bogusFlag") and strips a
 * `--no-` prefix; name it once, as the user typed it.
 */
export function readableUsageMessage(msg: string, argv: string[]): string {
  const match = /^Unknown arguments?: (.*)$/s.exec(msg);
  if (!match) return msg;
  const names = match[1]!.split(', ');
  const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const shown = names
    .filter((name) => !(/[A-Z]/.test(name) && names.includes(kebab(name))))
    .map((name) => argv.find((arg) => arg.split('=')[0] === `--${name}` || arg.split('=')[0] === `--no-${name}`)?.split('=')[0] ?? name);
  return `${shown.length === 1 ? 'Unknown argument' : 'Unknown arguments'}: ${shown.join(', ')}`;
}

main(hideBin(process.argv)).catch((err: unknown) => {
  process.exit(reportFatal(err));
});
