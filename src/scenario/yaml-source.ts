/**
 * A scenario's YAML text parsed with node positions kept, so every problem found later (by the
 * schema or by the cross-field rules) can be reported at the line and column it comes from.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node } from 'yaml';
import { MAX_YAML_ALIASES } from './limits.js';

/** A path into the document, as zod reports it: keys and list indexes. */
export type DocPath = readonly PropertyKey[];

export interface Position {
  line: number;
  column: number;
}

/** Where in the document a problem points: a key itself, or its value (optionally a column inside a scalar). */
export interface Target {
  path: DocPath;
  at?: 'key' | 'value';
  /** 1-based column inside the scalar's text, e.g. the argument of a command template. */
  innerColumn?: number;
}

export interface SyntaxProblem {
  position: Position;
  message: string;
}

/** A parsed YAML document that can say where a path is. */
export class YamlSource {
  private constructor(
    private readonly doc: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly text: string,
    /** The plain data, or undefined when the YAML did not parse. */
    readonly data: unknown,
    readonly syntaxProblems: SyntaxProblem[],
  ) {}

  /** Parses `text`; syntax problems are collected, not thrown. */
  static parse(text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
    const problems = doc.errors.map((e) => ({
      position: e.linePos ? { line: e.linePos[0].line, column: e.linePos[0].col } : { line: 1, column: 1 },
      // The yaml package appends a code excerpt after the first line; the first line is the message.
      message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    }));
    let data: unknown;
    if (problems.length === 0) {
      try {
        data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
      } catch (err) {
        // An alias bomb (aliases of aliases, expanding to millions of nodes): refuse, with a place.
        if (!(err instanceof ReferenceError) || !/alias/i.test(err.message)) throw err;
        const offset = firstAliasOffset(doc);
        const pos = lines.linePos(offset);
        problems.push({
          position: { line: pos.line, column: pos.col },
          message: `too many aliases: expanding them goes past the limit of ${MAX_YAML_ALIASES} (an alias bomb?); write the entries out instead`,
        });
      }
    }
    return new YamlSource(doc, lines, text, problems.length === 0 ? data : undefined, problems);
  }

  /** The position of `target`, or of its nearest existing ancestor when the path does not exist. */
  locate(target: Target): Position {
    let node: Node | null = this.doc.contents;
    let keyNode: Node | null = null;
    for (const segment of target.path) {
      const next = childOf(node, segment);
      if (!next) return this.position(node);
      node = next.value;
      keyNode = next.key;
    }
    if (target.at === 'key' && keyNode) return this.position(keyNode);
    if (target.innerColumn !== undefined && node && isScalar(node)) return this.insideScalar(node, target.innerColumn);
    return this.position(node ?? keyNode);
  }

  private position(node: Node | null): Position {
    const offset = node?.range?.[0] ?? 0;
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }

  // Plain and quoted one-line scalars map text columns straight to source columns; for block
  // scalars or escapes the mapping is not 1:1, so the scalar's start is the honest answer.
  private insideScalar(node: Scalar, innerColumn: number): Position {
    const [start = 0, end = start] = node.range ?? [];
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? 1 : 0;
    const raw = this.text.slice(start + quoted, end - quoted);
    if ((node.type === Scalar.PLAIN || quoted) && raw === String(node.value)) {
      return this.positionAt(start + quoted + innerColumn - 1);
    }
    return this.positionAt(start);
  }

  private positionAt(offset: number): Position {
    const pos = this.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  }
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

function childOf(node: Node | null, segment: PropertyKey): { key: Node | null; value: Node | null } | null {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) {
        return { key: pair.key as Node | null, value: pair.value as Node | null };
      }
    }
    return null;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment];
    return item === undefined ? null : { key: null, value: item as Node | null };
  }
  return null;
}
