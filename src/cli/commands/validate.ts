/** `rbench validate FILE...`: checks scenario files without a server; exit 0 when all are valid, 2 otherwise. */
import type { CommandModule } from 'yargs';
import { buildPlan, clusterKeyPlan } from '../../plan/index.js';
import { formatIssue, validateScenarioFile } from '../../scenario/index.js';
import { UsageError } from '../../shared/errors.js';

interface ValidateArgs {
  files: string[];
  cluster?: boolean;
}

/** Output sinks, so tests can run the command without a child process. */
export interface ValidateOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Validates every file, printing `ok FILE` or each issue; returns how many files were invalid. */
export async function runValidate(files: readonly string[], output: ValidateOutput, options: { cluster?: boolean } = {}): Promise<number> {
  let invalid = 0;
  for (const file of files) {
    const result = await validateScenarioFile(file);
    // --cluster: steps whose keys would cross hash slots on a Redis Cluster (see src/plan/cluster-keys.ts).
    const clusterProblems = result.ok && options.cluster === true ? clusterKeyPlan(buildPlan(result.scenario, { cpuCount: 1 })).problems : [];
    if (clusterProblems.length > 0) {
      invalid++;
      for (const problem of clusterProblems) output.err(`${file}: ${problem}`);
    } else if (result.ok) {
      output.out(`ok ${file}`);
    } else {
      invalid++;
      for (const issue of result.issues) output.err(formatIssue(issue));
    }
  }
  return invalid;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <files..>',
  describe: 'check scenario files (no server needed); exit 2 if any is invalid',
  builder: (y) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .option('cluster', { type: 'boolean', describe: 'also check that every multi-key command and MULTI block can run on a Redis Cluster' }) as never,
  handler: async (args) => {
    const invalid = await runValidate(
      args.files,
      {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      },
      { cluster: args.cluster === true },
    );
    if (invalid > 0) {
      throw new UsageError(
        invalid === 1 && args.files.length === 1 ? 'the scenario is invalid' : `${invalid} of ${args.files.length} scenarios are invalid`,
        'docs/scenario-format.md describes the format; `rbench schema` prints it as JSON Schema for editors',
      );
    }
  },
};
