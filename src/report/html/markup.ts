/**
 * A small HTML builder for the report page: a tagged template that escapes every interpolated
 * value unless it is already markup, so report data (command labels, error messages, URLs) can
 * never inject tags into the page.
 */

/** Markup that is already safe to insert as is. */
export class Markup {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Markup | string | number | boolean | null | undefined | Part[];

/** Escapes text for element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof Markup) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** html`<td>${value}</td>`: values are escaped, Markup and arrays of it are inserted whole. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Markup {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(out);
}

/** Trusted markup from a string (SVG built from numbers, the bundled script). */
export function raw(text: string): Markup {
  return new Markup(text);
}

/**
 * JSON for a `<script type="application/json">` element: `<` is written as \u003c so no value
 * can close the element; JSON.parse gives back the same data.
 */
export function scriptJson(value: unknown, indent?: number): Markup {
  return new Markup(JSON.stringify(value, null, indent).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
}
