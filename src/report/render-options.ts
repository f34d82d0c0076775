/**
 * How the terminal report is drawn. The renderer takes these as a parameter instead of reading
 * the terminal, so `rbench report FILE.json` draws exactly what the run drew under the same rules.
 */

export interface RenderOptions {
  /** Columns available; charts and tables are fitted to it. */
  width: number;
  /** ANSI colour (only on a TTY and without NO_COLOR; the CLI decides). */
  color: boolean;
}

/** Width used when stdout is not a terminal (a file, a pipe, CI logs). */
export const DEFAULT_WIDTH = 100;
/** Narrower than this and charts become unreadable; they are drawn at this width anyway. */
export const MIN_WIDTH = 40;

export const PLAIN: RenderOptions = { width: DEFAULT_WIDTH, color: false };

const BOLD = '\x1b[1m';
const RESET = '\x1b[0m';

/** Bold on a colour terminal, unchanged otherwise. */
export function bold(text: string, options: RenderOptions): string {
  return options.color ? `${BOLD}${text}${RESET}` : text;
}

/**
 * The options the CLI uses for a stream: its width on a TTY (else 100), colour only on a TTY
 * and when NO_COLOR is unset or empty (https://no-color.org).
 */
export function renderOptionsFor(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): RenderOptions {
  const tty = stream.isTTY === true;
  const width = tty && stream.columns !== undefined && stream.columns > 0 ? stream.columns : DEFAULT_WIDTH;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { width: Math.max(MIN_WIDTH, width), color: tty && !noColor };
}
