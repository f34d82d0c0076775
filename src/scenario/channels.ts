/**
 * Subscriber channel names. A channel may hold `{int:A..B}`, which expands to every number in the
 * range so the subscribers listen on each channel the publishers can pick.
 */
import { parseTemplate, TemplateSyntaxError } from './template-syntax.js';

/** More channels than this per subscriber connection is almost surely a typo in the range. */
export const MAX_CHANNELS = 10_000;

/** Every channel name `text` stands for; throws TemplateSyntaxError (column within `text`). */
export function expandChannel(text: string): string[] {
  // Parsed as the argument of a command so the placeholder syntax is the template syntax.
  const offset = 'X '.length;
  let parsed;
  try {
    parsed = parseTemplate(`X ${text}`);
  } catch (err) {
    if (err instanceof TemplateSyntaxError) throw new TemplateSyntaxError(err.message, Math.max(1, err.column - offset));
    throw err;
  }
  if (parsed.args.length !== 2) throw new TemplateSyntaxError('a channel name has no spaces', 1);
  let names = [''];
  for (const part of parsed.args[1]!.parts) {
    if (part.kind === 'literal') {
      names = names.map((n) => n + part.text);
    } else if (part.kind === 'int') {
      const count = part.max - part.min + 1;
      if (names.length * count > MAX_CHANNELS) {
        throw new TemplateSyntaxError(`expands to more than ${MAX_CHANNELS} channels`, 1);
      }
      const next: string[] = [];
      for (const n of names) for (let i = part.min; i <= part.max; i++) next.push(n + i);
      names = next;
    } else {
      throw new TemplateSyntaxError(`a channel may only use {int:A..B}, not {${part.kind}}`, 1);
    }
  }
  return names;
}
