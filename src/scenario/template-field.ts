/** The zod field type of a command template: a string checked by template-check.ts where it is declared. */
import * as z from 'zod';
import { checkTemplateText, type TemplateRole } from './template-check.js';

/** Issue params carrying the 1-based column inside the template, so the message points at the argument. */
export interface TemplateIssueParams {
  templateColumn?: number;
}

/** A command template checked for syntax and against the command table in its role. */
export function templateField(role: TemplateRole, description: string) {
  return z
    .string({ error: 'expected a command template string, like "GET {key}"' })
    .superRefine((text, ctx) => {
      for (const problem of checkTemplateText(text, role)) {
        // Without a column the message is about the whole command: point at its first character.
        const params: TemplateIssueParams = { templateColumn: problem.column ?? 1 };
        ctx.addIssue({ code: 'custom', message: problem.message, params });
      }
    })
    .meta({ description });
}
