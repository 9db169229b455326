/**
 * Where a value sits in a YAML file: a path (as zod reports it) → the node's range → line:column,
 * through the yaml package's `doc.getIn(path, true)` and a LineCounter.
 */
import { isMap, isNode, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import { diag, type Diagnostic } from '../diagnostics/message.js';

export type YamlPath = readonly PropertyKey[];

export class YamlLocator {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The deepest node on `path` that exists (a missing key points at its parent mapping). */
  private node(path: YamlPath): Node | null {
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n).map((k) => (typeof k === 'symbol' ? String(k) : k));
      const node = n === 0 ? this.doc.contents : this.doc.getIn(p as unknown[], true);
      if (isNode(node)) return node;
    }
    return null;
  }

  private where(range: [number, number] | null): { range: [number, number] | null; loc: { line: number; column: number } | null } {
    if (!range) return { range: null, loc: { line: 1, column: 1 } };
    const lp = this.lines.linePos(range[0]);
    return { range, loc: { line: lp.line, column: lp.col } };
  }

  /** Range of the value at `path`. */
  rangeOf(path: YamlPath): [number, number] | null {
    const node = this.node(path);
    return node?.range ? [node.range[0], node.range[1]] : null;
  }

  /** Range of the KEY `key` of the mapping at `path` (for unknown keys). */
  keyRangeOf(path: YamlPath, key: string): [number, number] | null {
    const node = this.node(path);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isScalar(pair.key) && String(pair.key.value) === key && pair.key.range) return [pair.key.range[0], pair.key.range[1]];
      }
    }
    return node?.range ? [node.range[0], node.range[1]] : null;
  }

  error(path: YamlPath, code: string, reason: string, note: string | null = null): Diagnostic {
    return diag(this.file, code, reason, { ...this.where(this.rangeOf(path)), note });
  }

  keyError(path: YamlPath, key: string, code: string, reason: string, note: string | null = null): Diagnostic {
    return diag(this.file, code, reason, { ...this.where(this.keyRangeOf(path, key)), note });
  }

  /** 1-based line of the value at `path`. */
  lineOf(path: YamlPath): number {
    return this.where(this.rangeOf(path)).loc?.line ?? 1;
  }
}

/** "rules[3].examples.match[0]" */
export function formatPath(path: YamlPath): string {
  let s = '';
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : s ? `.${String(k)}` : String(k);
  return s || '(file)';
}
