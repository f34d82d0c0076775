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

export async function main(rawArgv: string[]): Promise<void> {
  // Ctrl-C before a run has started (connecting, loading the scenario) ends at once with 130; a
  // running session installs its own handler, which stops the load and keeps what was measured.
  process.on('SIGINT', () => {
    if (process.listenerCount('SIGINT') > 1) return;
    process.stderr.write('\nrbench: interrupted before anything was measured\n');
    process.exit(ExitCode.interrupted);
  });
  const argv = joinDashValues(rawArgv);
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
/**
 * yargs reads a lone `-` after an option as a stray positional (`--json -` failed with
 * "Unknown argument: -"); `--json=-` is what we mean, so join them before parsing.
 */
export function joinDashValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--') && !arg.includes('=') && argv[i + 1] === '-') {
      out.push(`${arg}=-`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

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
