/** `rbench schema`: prints the JSON Schema of the scenario format (the repository keeps a copy in schema/). */
import type { CommandModule } from 'yargs';
import { scenarioJsonSchemaText } from '../../scenario/index.js';

export const schemaCommand: CommandModule<object, object> = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files, for editor autocompletion',
  handler: () => {
    process.stdout.write(scenarioJsonSchemaText());
  },
};
