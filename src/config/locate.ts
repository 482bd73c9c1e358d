// Where a config path sits in the YAML source: yaml's CST ranges give offsets, its LineCounter turns
// them into the 1-based line:col every config message starts with.
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';

/** A path into the config data: keys and list indexes, e.g. `['checks', 1, 'timeout']`. */
export type ConfigPath = ReadonlyArray<PropertyKey>;

/** Parses YAML text keeping positions (duplicate keys are errors); the document and its locator. */
export function parseYaml(text: string): { doc: Document; locate: Locator } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  return { doc, locate: new Locator(doc, lineCounter, text) };
}

/** Maps config paths onto offsets in the YAML source. */
export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
    private readonly text = '',
  ) {}

  /** 1-based line and column of a source offset. */
  position(offset: number): { line: number; col: number } {
    return this.lines.linePos(offset);
  }

  /**
   * Offset of the value at p, or of the deepest existing ancestor; with needle, of the first place
   * needle appears in that value's source text (e.g. one `${NAME}` inside a run script).
   */
  value(p: ConfigPath, needle?: string): number {
    const { value, end } = this.walk(p);
    if (needle === undefined || end === undefined) return value;
    const index = this.text.slice(value, end).indexOf(needle);
    return index < 0 ? value : value + index;
  }

  /** Offset of the key of the last segment of p (falls back to the value). */
  key(p: ConfigPath): number {
    return this.walk(p).key;
  }

  private walk(p: ConfigPath): { value: number; key: number; end?: number } {
    let node: unknown = this.doc.contents;
    let value = start(node) ?? 0;
    let key = value;
    for (const segment of p) {
      node = this.resolve(node);
      let next: unknown;
      let keyNode: unknown;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && keyString(item.key) === String(segment));
        if (pair) {
          keyNode = pair.key;
          next = pair.value;
        }
      } else if (isSeq(node) && typeof segment === 'number') {
        next = node.items[segment];
        keyNode = next;
      }
      if (keyNode === undefined) break;
      key = start(keyNode) ?? value;
      const nextStart = start(next);
      // An empty value (`key:` with nothing after it) has no useful position: point at the key.
      value =
        nextStart !== undefined && !(isScalar(next) && next.value === null && next.source === '')
          ? nextStart
          : key;
      node = next;
    }
    const end = node && typeof node === 'object' && 'range' in node ? (node as Node).range?.[1] : undefined;
    return { value, key, ...(end !== undefined ? { end } : {}) };
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }
}

function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function start(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) {
    const range = (node as Node).range;
    if (range) return range[0];
  }
  return undefined;
}
