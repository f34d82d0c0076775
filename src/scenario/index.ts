/** The scenario module's public surface: load and validate scenario files, and the types they produce. */
export { loadScenarioFile, validateScenarioFile, validateScenarioText, type ValidationResult } from './load.js';
export { formatIssue, ScenarioError, type ScenarioIssue } from './issues.js';
export { scenarioSchema, type Scenario, type ScenarioInput } from './schema.js';
export { scenarioJsonSchema, scenarioJsonSchemaText, JSON_SCHEMA_PATH } from './json-schema.js';
export { commandSpec, type CommandSpec } from './command-table.js';
export { checkTemplateText, type TemplateRole } from './template-check.js';
export { checkAgainstServer, type ServerCommandInfo } from './server-commands.js';
export type { TemplateProblem } from './command-check.js';
export type { DataSizeSpec } from './size-spec.js';
export { firstKeyPositions, readOnlyCommands } from './key-positions.js';
