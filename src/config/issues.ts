// The wording of config problems: zod issues become `path: what to fix (got …)` with "did you mean"
// for unknown keys; problems become the `file:line:col: …` lines of one ConfigurationError.
import path from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../model/errors.js';
import { closest } from '../model/suggest.js';
import type { ConfigPath, Locator } from './locate.js';
import { configSchema } from './schema.js';

type Path = ConfigPath;

/** One problem: where in the source (an offset) and the message after `file:line:col: `. */
export interface Problem {
  offset: number;
  message: string;
}

/** Records a problem at the value (or, with key, the key) of a config path. */
export type Report = (p: Path, message: string, key?: boolean) => void;

/** One line per problem, in source order, duplicates dropped: the ConfigurationError to throw. */
export function configurationError(
  problems: readonly Problem[],
  shown: string,
  locate: Locator,
): ConfigurationError {
  return new ConfigurationError(problemLines(problems, shown, locate).join('\n'));
}

/** `file:line:col: message` per problem (or warning), in source order, duplicates dropped. */
export function problemLines(problems: readonly Problem[], shown: string, locate: Locator): string[] {
  const lines = [...problems]
    .sort((a, b) => a.offset - b.offset)
    .map((p) => {
      const { line, col } = locate.position(p.offset);
      return `${shown}:${line}:${col}: ${p.message}`;
    });
  return [...new Set(lines)];
}

type Issue = z.core.$ZodIssue;

/** The zod issue as problems (an invalid union reports the branch that matched the shape). */
export function reportIssue(
  issue: Issue,
  prefix: Path,
  data: unknown,
  locate: Locator,
  problems: Problem[],
): void {
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

export function describe(value: unknown): string {
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

/** The config file as messages show it: relative to cwd when inside it. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

export function isRecord(value: unknown): value is Record<string, unknown> {
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
