// Loads .github/immutable-qa.yml: YAML (with line numbers) → zod validation → extra rules → Config.
// Every problem becomes one line `file:line:col: path: what to fix`, all of them in one ConfigurationError.
import { readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import path from 'node:path';
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
import { z } from 'zod';
import { ConfigurationError } from '../model/errors.js';
import { CHECK_KINDS } from '../model/results.js';
import { exec } from '../exec/exec.js';
import { parseDuration } from './duration.js';
import { validateCheckReferences, validateReferences } from './expand.js';
import { checkSchema, configSchema, type CheckSpec, type Config, type RawConfig } from './schema.js';

export interface LoadOptions {
  /** Directory the config path is relative to, and that messages show paths relative to. */
  cwd?: string;
}

type Path = ReadonlyArray<PropertyKey>;

/** Reads, parses and validates the config file; throws a ConfigurationError listing every problem. */
export async function loadConfig(file: string, options: LoadOptions = {}): Promise<Config> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const shown = displayPath(absolute, cwd);
    if (code === 'ENOENT') {
      throw new ConfigurationError(
        `${shown}: config file not found; create it (see DESIGN.md "Config") or point --config at it`,
      );
    }
    throw new ConfigurationError(`${shown}: cannot read the config file: ${(error as Error).message}`);
  }
  const root = await findRoot(absolute);
  return parseConfig(text, absolute, root, { cwd });
}

/**
 * The repository root for a config file: the parent of `.github` when the file sits in a `.github`
 * directory, else the git top level of the file's directory, else that directory.
 */
export async function findRoot(configFile: string): Promise<string> {
  const dir = path.dirname(path.resolve(configFile));
  if (path.basename(dir) === '.github') return path.dirname(dir);
  try {
    const result = await exec(['git', 'rev-parse', '--show-toplevel'], { cwd: dir, timeoutMs: 10_000 });
    const top = result.stdout.trim();
    if (result.code === 0 && top) return top;
  } catch {
    // no git: fall through
  }
  return dir;
}

/** `shop` → local; `ghcr.io/a/b`, `localhost:5000/shop`, `127.0.0.1:5000/x` → registry host (Docker's rule). */
export function registryOf(repository: string): string | undefined {
  const slash = repository.indexOf('/');
  if (slash < 0) return undefined;
  const first = repository.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

interface Problem {
  offset: number;
  message: string;
}

/** Parses and validates config text (no process is run; compose files are checked on disk against root). */
export function parseConfig(text: string, file: string, root: string, options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });

  const fail = (problems: Problem[]): never => {
    const lines = [...problems]
      .sort((a, b) => a.offset - b.offset)
      .map((p) => {
        const { line, col } = lineCounter.linePos(p.offset);
        return `${shown}:${line}:${col}: ${p.message}`;
      });
    throw new ConfigurationError([...new Set(lines)].join('\n'));
  };

  if (doc.errors.length) {
    fail(doc.errors.map((e) => ({ offset: e.pos[0], message: firstLine(e.message) })));
  }

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    fail([{ offset: 0, message: `cannot read the YAML: ${firstLine((error as Error).message)}` }]);
  }
  const locate = new Locator(doc);
  const problems: Problem[] = [];
  const at = (p: Path, message: string, key = false): void => {
    problems.push({ offset: key ? locate.key(p) : locate.value(p), message });
  };

  if (!isRecord(data)) {
    at([], `expected a mapping with version, image, environment and checks (got ${describe(data)})`);
    return fail(problems);
  }

  const parsed = configSchema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) reportIssue(issue, [], data, locate, problems);
  }
  structuralRules(data, root, at);
  if (!parsed.success) {
    // Still report unknown ${NAME}s in every check that is valid on its own.
    const environment = isRecord(data.environment) ? data.environment : {};
    const endpoints = isRecord(environment.endpoints) ? Object.keys(environment.endpoints) : [];
    const checks = Array.isArray(data.checks) ? (data.checks as unknown[]) : [];
    checks.forEach((raw, index) => {
      const check = checkSchema.safeParse(raw);
      if (!check.success) return;
      for (const problem of validateCheckReferences(check.data, index, endpoints)) {
        at(problem.path, `${formatPath(problem.path)}: ${problem.message}`);
      }
    });
  }
  if (!parsed.success || problems.length) return fail(problems);

  const config = build(parsed.data, absolute, root);
  for (const problem of validateReferences(config))
    at(problem.path, `${formatPath(problem.path)}: ${problem.message}`);
  if (problems.length) return fail(problems);
  return config;
}

function build(raw: RawConfig, file: string, root: string): Config {
  const context = path.resolve(root, raw.image.context);
  const registry = registryOf(raw.image.repository);
  const fromRoot = (p: string): string => path.resolve(root, p);
  return {
    file,
    root,
    image: {
      repository: raw.image.repository,
      local: registry === undefined,
      ...(registry !== undefined ? { registry } : {}),
      context,
      dockerfile: path.resolve(context, raw.image.dockerfile),
      ...(raw.image.target !== undefined ? { target: raw.image.target } : {}),
      buildArgs: raw.image['build-args'],
      provenance: raw.image.provenance,
    },
    environment: {
      composeFiles: raw.environment.compose.map(fromRoot),
      readyTimeoutMs: parseDuration(raw.environment['ready-timeout']),
      endpoints: raw.environment.endpoints,
    },
    checks: raw.checks.map((check: CheckSpec) => ({
      ...check,
      kind: CHECK_KINDS.find((k) => check[k] !== undefined) ?? 'run',
      timeoutMs: parseDuration(check.timeout),
      reports: {
        ...check.reports,
        junit: check.reports.junit.map(fromRoot),
        sarif: check.reports.sarif.map(fromRoot),
      },
    })),
    promote: raw.promote,
  };
}

/** Rules zod cannot express; they run on the raw data so they are reported along with schema issues. */
function structuralRules(
  data: Record<string, unknown>,
  root: string,
  at: (p: Path, message: string, key?: boolean) => void,
): void {
  const checks = data.checks;
  if (Array.isArray(checks)) {
    const seen = new Map<string, number>();
    checks.forEach((check: unknown, index) => {
      if (!isRecord(check)) return;
      const name = typeof check.name === 'string' ? check.name : undefined;
      const label = name !== undefined ? `check "${name}"` : `check #${index + 1}`;
      if (name !== undefined) {
        const first = seen.get(name);
        if (first !== undefined) {
          at(
            ['checks', index, 'name'],
            `checks[${index}].name: duplicate check name "${name}" (already used by checks[${first}]); give every check a unique name`,
          );
        } else seen.set(name, index);
      }
      const kinds = CHECK_KINDS.filter((k) => k in check);
      if (kinds.length !== 1) {
        const has = kinds.length === 0 ? 'it has none' : `it has ${kinds.join(' and ')}`;
        const where: Path = kinds.length === 0 ? ['checks', index] : ['checks', index, kinds[1]!];
        at(
          where,
          `${formatPath(where)}: ${label} must have exactly one of run, http, load, drift (${has})`,
          kinds.length > 1,
        );
      }
    });
  }

  const environment = data.environment;
  if (isRecord(environment)) {
    const compose = environment.compose;
    const files: Array<{ file: string; where: Path }> =
      typeof compose === 'string'
        ? [{ file: compose, where: ['environment', 'compose'] }]
        : Array.isArray(compose)
          ? compose.flatMap((f: unknown, i) =>
              typeof f === 'string' ? [{ file: f, where: ['environment', 'compose', i] }] : [],
            )
          : [];
    for (const { file, where } of files) {
      if (!file) continue;
      const resolved = path.resolve(root, file);
      let problem: string | undefined;
      try {
        if (!statSync(resolved).isFile()) problem = 'is not a file';
      } catch {
        problem = 'does not exist';
      }
      if (problem) {
        at(
          where,
          `${formatPath(where)}: compose file "${file}" ${problem} (looked for ${resolved}; paths are relative to the repository root ${root})`,
        );
      }
    }
  }
}

// ---- zod issues → messages ----------------------------------------------------------------------

type Issue = z.core.$ZodIssue;

function reportIssue(issue: Issue, prefix: Path, data: unknown, locate: Locator, problems: Problem[]): void {
  const p: Path = [...prefix, ...issue.path];
  const value = valueAt(data, p);
  const where = formatPath(p);
  const push = (message: string, key = false, at: Path = p): void => {
    problems.push({ offset: key ? locate.key(at) : locate.value(at), message });
  };
  const custom = isCustomMessage(issue.message) ? issue.message : undefined;

  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeys(p);
    for (const key of issue.keys) {
      const suggestion = closest(key, allowed);
      push(
        `${formatPath([...p, key])}: unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ` +
          `allowed keys ${p.length ? `in ${where}` : 'at the top level'}: ${allowed.join(', ')}`,
        true,
        [...p, key],
      );
    }
    return;
  }

  if (value === undefined && p.length > 0 && isRecord(valueAt(data, p.slice(0, -1)))) {
    const parent = p.slice(0, -1);
    const key = String(p[p.length - 1]);
    const where2 = parent.length ? `under ${formatPath(parent)}` : 'at the top level';
    push(
      `${where}: required key "${key}" is missing; add it ${where2}${custom ? `: ${custom}` : ''}`,
      false,
      parent,
    );
    return;
  }

  switch (issue.code) {
    case 'invalid_type':
      push(`${where}: ${custom ?? `expected ${typeName(issue.expected)}`} (got ${describe(value)})`);
      return;
    case 'invalid_union': {
      // A branch whose issues are all deeper than the union itself matched the shape: report those.
      const matched = issue.errors.find(
        (branch) => branch.length > 0 && branch.every((i) => i.path.length > 0),
      );
      if (matched) {
        for (const inner of matched) reportIssue(inner, p, data, locate, problems);
        return;
      }
      const expected = [
        ...new Set(
          issue.errors.flat().flatMap((i) => (i.code === 'invalid_type' ? [typeName(i.expected)] : [])),
        ),
      ];
      const what = custom ?? (expected.length ? `expected ${expected.join(' or ')}` : 'invalid value');
      push(`${where}: ${what} (got ${describe(value)})`);
      return;
    }
    case 'invalid_value':
      push(
        `${where}: ${custom ?? `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`} (got ${describe(value)})`,
      );
      return;
    case 'invalid_format':
      push(`${where}: ${custom ?? issue.message.replace(/^Invalid string: /, '')} (got ${describe(value)})`);
      return;
    case 'too_small':
    case 'too_big':
      push(`${where}: ${custom ?? sizeMessage(issue)} (got ${describe(value)})`);
      return;
    case 'invalid_key': {
      const reasons = issue.issues
        .map((i) => (isCustomMessage(i.message) ? i.message : 'invalid key'))
        .join('; ');
      push(`${where}: invalid key "${String(p[p.length - 1])}": ${reasons}`, true);
      return;
    }
    default:
      push(`${where}: ${issue.message}`);
  }
}

function sizeMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig): string {
  const small = issue.code === 'too_small';
  const bound = small
    ? (issue as z.core.$ZodIssueTooSmall).minimum
    : (issue as z.core.$ZodIssueTooBig).maximum;
  const inclusive = issue.inclusive !== false;
  switch (issue.origin) {
    case 'array':
    case 'set':
      return small ? `needs at least ${bound} item(s)` : `allows at most ${bound} item(s)`;
    case 'string':
      return small
        ? Number(bound) <= 1
          ? 'must not be empty'
          : `needs at least ${bound} characters`
        : `allows at most ${bound} characters`;
    default:
      return `expected a number ${small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<'} ${bound}`;
  }
}

function isCustomMessage(message: string): boolean {
  return !/^(Invalid|Too (small|big)|Unrecognized|Expected)/.test(message);
}

function typeName(expected: string): string {
  const names: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    int: 'an integer',
    boolean: 'true or false',
    null: 'an empty value',
  };
  return names[expected] ?? expected;
}

function describe(value: unknown): string {
  if (value === undefined || value === null) return 'an empty value';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** Keys allowed by the schema at a config path (for unknown-key messages). */
function allowedKeys(p: Path): string[] {
  let schema: z.core.$ZodType | undefined = configSchema;
  for (const segment of p) {
    schema = schema && unwrap(schema);
    if (schema instanceof z.ZodObject)
      schema = (schema.shape as Record<string, z.core.$ZodType>)[String(segment)];
    else if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType;
    else schema = undefined;
  }
  schema = schema && unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  for (;;) {
    if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap();
    else if (schema instanceof z.ZodPipe) schema = schema.in;
    else if (schema instanceof z.ZodUnion) {
      const options: readonly z.core.$ZodType[] = schema.options;
      const shaped = options.find((o) => o instanceof z.ZodObject || o instanceof z.ZodArray);
      if (!shaped) return schema;
      schema = shaped;
    } else return schema;
  }
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = levenshtein(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

// ---- paths and positions -------------------------------------------------------------------------

/** `checks[1].timeout`, `environment.endpoints["my endpoint"]`; the empty path is `(top level)`. */
export function formatPath(p: Path): string {
  let out = '';
  for (const segment of p) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else {
      const key = String(segment);
      out += /^[A-Za-z_][\w-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
    }
  }
  return out || '(top level)';
}

function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, p: Path): unknown {
  let current = data;
  for (const segment of p) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current))
      current = Object.hasOwn(current, String(segment)) ? current[String(segment)] : undefined;
    else return undefined;
  }
  return current;
}

/** Maps config paths onto offsets in the YAML source. */
class Locator {
  constructor(private readonly doc: Document) {}

  /** Offset of the value at p, or of the deepest existing ancestor. */
  value(p: Path): number {
    return this.walk(p).value;
  }

  /** Offset of the key of the last segment of p (falls back to the value). */
  key(p: Path): number {
    return this.walk(p).key;
  }

  private walk(p: Path): { value: number; key: number } {
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
    return { value, key };
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
