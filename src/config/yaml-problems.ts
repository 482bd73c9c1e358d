// YAML-level problems with what to do about them: a value with ": " in it that needs quotes, the
// name of a duplicate key, where an alias bomb is; and the source text of scalars that must stay
// strings (env values written as 8080, yes or 1.50 reach the check exactly as written).
import { isAlias, isMap, isPair, isScalar, visit, type Document, type Node, type Pair } from 'yaml';
import { firstLine, isRecord, type Problem } from './issues.js';
import type { ConfigPath } from './locate.js';

/** How many alias expansions a config may hold (yaml's maxAliasCount); a real config needs a handful. */
export const MAX_ALIAS_COUNT = 100;

/** The document's syntax errors as problems, with a hint where one helps. */
export function syntaxProblems(doc: Document, text: string): Problem[] {
  return doc.errors.map((error) => {
    const offset = error.pos[0];
    const message = firstLine(error.message);
    if (error.code === 'DUPLICATE_KEY') return { offset, message: duplicateKeyMessage(doc, text, offset) };
    if (error.code === 'BLOCK_AS_IMPLICIT_KEY') return { offset, message: quoteHint(text, offset, message) };
    return { offset, message };
  });
}

function duplicateKeyMessage(doc: Document, text: string, offset: number): string {
  let found: { key: string; first?: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const pairs = map.items.filter(isPair) as Array<Pair<unknown, unknown>>;
      const index = pairs.findIndex((pair) => rangeStart(pair.key) === offset);
      if (index < 0) return undefined;
      const key = keyText(pairs[index]!.key);
      const first = pairs.slice(0, index).find((pair) => keyText(pair.key) === key);
      found = { key, ...(first ? { first: rangeStart(first.key) } : {}) };
      return visit.BREAK;
    },
  });
  if (!found) return 'duplicate key: every key of a mapping must be unique; remove or rename one';
  const where = found.first !== undefined ? ` (first set on line ${lineOf(text, found.first)})` : '';
  return `duplicate key "${found.key}"${where}: a key can appear once in a mapping; remove or merge one of them`;
}

/** `run: echo status: ok` → say to quote the value, showing the quoted line. */
function quoteHint(text: string, offset: number, message: string): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
  const match = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(\S.*?)\s*$/.exec(line);
  if (!match) return `${message}: a value that contains ": " must be quoted`;
  const [, , key, value] = match;
  return (
    `${message}: the value of "${key}" contains ": ", which YAML reads as a nested mapping; ` +
    `quote the value: ${key}: ${JSON.stringify(value)}`
  );
}

/** Where an alias bomb is: the first alias whose expansion alone exceeds the limit, else the largest. */
export function aliasBomb(doc: Document): Problem {
  const expansions = new Map<Node, number>();
  const aliases: Array<{ name: string; offset: number; size: number }> = [];
  // The number of alias expansions a node holds, aliases within aliases counted each time.
  const inside = (node: unknown, depth: number): number => {
    if (depth > 64 || !node || typeof node !== 'object') return 0;
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return 1;
      let size = expansions.get(target);
      if (size === undefined) {
        size = inside(target, depth + 1);
        expansions.set(target, size);
      }
      return Math.min(Number.MAX_SAFE_INTEGER, 1 + size);
    }
    let total = 0;
    if (isPair(node)) total = inside(node.key, depth + 1) + inside(node.value, depth + 1);
    else if ('items' in node && Array.isArray(node.items))
      for (const item of node.items as unknown[]) total += inside(item, depth + 1);
    return Math.min(Number.MAX_SAFE_INTEGER, total);
  };
  visit(doc, {
    Alias(_, alias) {
      aliases.push({ name: alias.source, offset: rangeStart(alias) ?? 0, size: inside(alias, 0) });
    },
  });
  const largest = aliases.reduce<(typeof aliases)[number] | undefined>(
    (best, a) => (best === undefined || a.size > best.size ? a : best),
    undefined,
  );
  const culprit = aliases.find((a) => a.size > MAX_ALIAS_COUNT) ?? largest;
  const size = culprit ? ` *${culprit.name} expands to ${culprit.size.toLocaleString('en-US')} aliases;` : '';
  return {
    offset: culprit?.offset ?? 0,
    message:
      `too many alias expansions (a YAML "alias bomb"):${size} a config may expand at most ${MAX_ALIAS_COUNT} ` +
      'aliases in total: write the values out instead of nesting aliases',
  };
}

/**
 * Replaces the values of the string maps at paths (env, build-args, headers) that YAML read as
 * numbers, booleans or null with their source text: `PORT: 8080` → "8080", `RATIO: 1.50` → "1.50",
 * `DEBUG: yes` stays "yes", `EMPTY:` → "".
 */
export function keepAsWritten(doc: Document, data: unknown, paths: readonly ConfigPath[]): void {
  for (const p of paths) {
    const target = valueAt(data, p);
    const node = doc.getIn(p as unknown[], true);
    if (!isRecord(target) || !isMap(node)) continue;
    for (const pair of node.items) {
      if (!isScalar(pair.value) || typeof pair.value.value === 'string') continue;
      const key = keyText(pair.key);
      if (!Object.hasOwn(target, key)) continue;
      const value = pair.value.value;
      if (
        value === null ||
        typeof value === 'number' ||
        typeof value === 'boolean' ||
        typeof value === 'bigint'
      )
        target[key] = pair.value.source ?? (value === null ? '' : String(value));
    }
  }
}

function valueAt(data: unknown, p: ConfigPath): unknown {
  let current = data;
  for (const segment of p) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current)) current = current[String(segment)];
    else return undefined;
  }
  return current;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node) return (node as Node).range?.[0];
  return undefined;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}
