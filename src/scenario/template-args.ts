/** Small questions about one parsed template argument, shared by the command checks. */
import type { TemplateArg } from './template-syntax.js';

/** The argument's text when it is plain literal text, else null. */
export function literalOf(arg: TemplateArg | undefined): string | null {
  if (!arg) return null;
  let text = '';
  for (const part of arg.parts) {
    if (part.kind !== 'literal') return null;
    text += part.text;
  }
  return text;
}

/** Whether the argument is (or always produces) a number: a numeric literal, {int}, {float}, {seq} or {now}. */
export function isNumeric(arg: TemplateArg | undefined): boolean {
  if (!arg) return false;
  const literal = literalOf(arg);
  if (literal !== null) return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(literal);
  const only = arg.parts.length === 1 ? arg.parts[0] : undefined;
  return only !== undefined && (only.kind === 'int' || only.kind === 'float' || only.kind === 'seq' || only.kind === 'now');
}

/** Whether the argument contains a {key} or {key:NAME} placeholder. */
export function hasKeyPlaceholder(arg: TemplateArg): boolean {
  return arg.parts.some((p) => p.kind === 'key');
}

/** The upper-cased literal, for matching option words like EX or WITHSCORES. */
export function optionWord(arg: TemplateArg | undefined): string | null {
  const literal = literalOf(arg);
  return literal === null ? null : literal.toUpperCase();
}
