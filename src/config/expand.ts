// `${NAME}` expansion in config values. Pure string substitution: no shell, no recursion, `$$` is a
// literal `$`. Only a fixed set of names exists (DESIGN.md "Config"); validateReferences() rejects
// anything else at load time, so expansion at run time cannot meet an unknown name.
//
// Expanded fields: check `env` values, `http.url`, `http.headers` values, `http.body`, `load.url`,
// and `image.build-args` and `image.labels` values and `image.cache-from` / `cache-to` entries (with
// BUILD_VARIABLES only: nothing else exists before the build).
// `run` is not expanded by us: the shell sees the same names as environment variables.
import type { CheckSpec } from './schema.js';
import { PASSABLE } from '../model/secrets.js';

/** Variables every check gets, besides BUILD_VARIABLES and one IMMUTABLE_QA_ENDPOINT_<NAME> per declared endpoint. */
export const BUILTIN_VARIABLES = [
  'IMMUTABLE_QA_IMAGE',
  'IMMUTABLE_QA_DIGEST',
  'IMMUTABLE_QA_PROJECT',
  'IMMUTABLE_QA_NETWORK',
] as const;

/**
 * Variables image.build-args may use, and checks and the compose file see too: the commit the
 * results are for, its PR and ref ('' when none).
 */
export const BUILD_VARIABLES = ['IMMUTABLE_QA_SHA', 'IMMUTABLE_QA_PR', 'IMMUTABLE_QA_REF'] as const;

/** BUILD_VARIABLES' values for a run. */
export function buildVariables(run: {
  sha: string;
  pr?: number | undefined;
  ref?: string | undefined;
}): Record<(typeof BUILD_VARIABLES)[number], string> {
  return {
    IMMUTABLE_QA_SHA: run.sha,
    IMMUTABLE_QA_PR: run.pr === undefined ? '' : String(run.pr),
    IMMUTABLE_QA_REF: run.ref ?? '',
  };
}

const ENDPOINT_PREFIX = 'IMMUTABLE_QA_ENDPOINT_';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `web` → `IMMUTABLE_QA_ENDPOINT_WEB`, `api-v2` → `IMMUTABLE_QA_ENDPOINT_API_V2`. */
export function endpointVariable(endpoint: string): string {
  return ENDPOINT_PREFIX + endpoint.toUpperCase().replace(/-/g, '_');
}

type Token = { kind: 'text'; text: string } | { kind: 'ref'; name: string; raw: string } | { kind: 'open' };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      literal += '$';
      i += 2;
    } else if (c === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close < 0) {
        if (literal) tokens.push({ kind: 'text', text: literal });
        tokens.push({ kind: 'open' });
        literal = text.slice(i);
        break;
      }
      if (literal) tokens.push({ kind: 'text', text: literal });
      literal = '';
      tokens.push({ kind: 'ref', name: text.slice(i + 2, close), raw: text.slice(i, close + 1) });
      i = close + 1;
    } else {
      literal += c;
      i += 1;
    }
  }
  if (literal) tokens.push({ kind: 'text', text: literal });
  return tokens;
}

/** The names referenced as `${NAME}` in text (in order, with repeats; `$${X}` is not a reference). */
export function references(text: string): string[] {
  return tokenize(text).flatMap((t) => (t.kind === 'ref' ? [t.name] : []));
}

/**
 * Substitutes `${NAME}` from vars; `$$` becomes `$`; a `$` before anything else stays as is. The result
 * is not scanned again. Throws when a referenced name is not in vars (validateReferences prevents that).
 */
export function expand(text: string, vars: Readonly<Record<string, string>>): string {
  let out = '';
  for (const token of tokenize(text)) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'ref') {
      const value = Object.hasOwn(vars, token.name) ? vars[token.name] : undefined;
      if (value === undefined) throw new Error(`no value for ${token.raw}`);
      out += value;
    }
  }
  return out;
}

/** The variables of one check: base (built-ins and endpoints) plus the check's env, expanded against base. */
export function checkVariables(
  check: Pick<CheckSpec, 'env'>,
  base: Readonly<Record<string, string>>,
): Record<string, string> {
  const vars: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(check.env)) vars[key] = expand(value, base);
  return vars;
}

/**
 * A copy of the check with every expanded field substituted: env values against base, then
 * http.url, http.headers values, http.body and load.url against base plus the expanded env.
 */
export function expandCheck<T extends CheckSpec>(check: T, base: Readonly<Record<string, string>>): T {
  const vars = checkVariables(check, base);
  const env = Object.fromEntries(Object.keys(check.env).map((key) => [key, vars[key] ?? '']));
  const out: T = { ...check, env };
  if (check.http) {
    out.http = {
      ...check.http,
      url: expand(check.http.url, vars),
      headers: Object.fromEntries(Object.entries(check.http.headers).map(([k, v]) => [k, expand(v, vars)])),
      body: check.http.body === undefined ? undefined : expand(check.http.body, vars),
    };
  }
  if (check.load) out.load = { ...check.load, url: expand(check.load.url, vars) };
  return out;
}

/** An unknown or malformed reference; path is the config path of the string (e.g. checks[0].http.url). */
export interface ReferenceProblem {
  path: Array<string | number>;
  message: string;
  /** The reference as written, to point at it inside the value. */
  needle?: string;
}

/** Checks every `${NAME}` in the expanded fields against the names that will exist at run time. */
export function validateReferences(config: {
  image?: BuildFields;
  environment: { endpoints: Readonly<Record<string, unknown>> };
  checks: ReadonlyArray<Pick<CheckSpec, 'env' | 'http' | 'load'> & { run?: string | undefined }>;
}): ReferenceProblem[] {
  const endpoints = Object.keys(config.environment.endpoints);
  return [
    ...buildReferences(config.image ?? { buildArgs: {} }),
    ...config.checks.flatMap((check, index) => validateCheckReferences(check, index, endpoints)),
  ];
}

/** The image fields that expand BUILD_VARIABLES (Config['image']'s names). */
export interface BuildFields {
  buildArgs: Readonly<Record<string, string>>;
  labels?: Readonly<Record<string, string>> | undefined;
  cacheFrom?: readonly string[] | undefined;
  cacheTo?: readonly string[] | undefined;
}

/** The build fields with BUILD_VARIABLES substituted (validateReferences has checked every name). */
export function expandBuildFields<T extends BuildFields>(
  image: T,
  vars: Readonly<Record<string, string>>,
): T {
  const map = (m: Readonly<Record<string, string>>): Record<string, string> =>
    Object.fromEntries(Object.entries(m).map(([k, v]) => [k, expand(v, vars)]));
  return {
    ...image,
    buildArgs: map(image.buildArgs),
    ...(image.labels ? { labels: map(image.labels) } : {}),
    ...(image.cacheFrom ? { cacheFrom: image.cacheFrom.map((s) => expand(s, vars)) } : {}),
    ...(image.cacheTo ? { cacheTo: image.cacheTo.map((s) => expand(s, vars)) } : {}),
  };
}

/**
 * `${NAME}` in image.build-args, labels, cache-from and cache-to: only BUILD_VARIABLES (GITHUB_SHA
 * & co. are not passed through).
 */
function buildReferences(image: BuildFields): ReferenceProblem[] {
  const allowed: readonly string[] = BUILD_VARIABLES;
  const problems: ReferenceProblem[] = [];
  const fields: Array<{ path: Array<string | number>; value: string; what: string }> = [
    ...Object.entries(image.buildArgs).map(([key, value]) => ({
      path: ['image', 'build-args', key],
      value,
      what: 'build args',
    })),
    ...Object.entries(image.labels ?? {}).map(([key, value]) => ({
      path: ['image', 'labels', key],
      value,
      what: 'labels',
    })),
    ...(image.cacheFrom ?? []).map((value, i) => ({
      path: ['image', 'cache-from', i],
      value,
      what: 'caches',
    })),
    ...(image.cacheTo ?? []).map((value, i) => ({ path: ['image', 'cache-to', i], value, what: 'caches' })),
  ];
  for (const { path, value, what } of fields) {
    for (const token of tokenize(value)) {
      if (token.kind === 'open')
        problems.push({
          path,
          message: 'unterminated "${": close it with "}" or write "$$" for a literal "$"',
        });
      else if (token.kind === 'ref' && !allowed.includes(token.name))
        problems.push({
          path,
          message: `unknown variable ${token.raw}: ${what} may use ${allowed.map((n) => `\${${n}}`).join(', ')} (the commit, PR and ref of the run); write "$$" for a literal "$"`,
          needle: token.raw,
        });
    }
  }
  return problems;
}

/** validateReferences for one check (checks[index]), given the declared endpoint names. */
export function validateCheckReferences(
  check: Pick<CheckSpec, 'env' | 'http' | 'load'> & { run?: string | undefined },
  index: number,
  endpoints: readonly string[],
): ReferenceProblem[] {
  const base = [...BUILTIN_VARIABLES, ...BUILD_VARIABLES, ...endpoints.map(endpointVariable)];
  const problems: ReferenceProblem[] = [];
  if (check.run !== undefined)
    problems.push(...runReferences(check.run, index, endpoints, Object.keys(check.env)));
  {
    const envKeys = Object.keys(check.env);
    const inCheck = [...base, ...envKeys.filter((k) => !base.includes(k))];
    const fields: Array<{ path: Array<string | number>; text: string; allowed: string[]; inEnv: boolean }> =
      [];
    for (const [key, value] of Object.entries(check.env)) {
      // An env value may also ask for a withheld runner variable by name (model/secrets.ts).
      fields.push({
        path: ['checks', index, 'env', key],
        text: value,
        allowed: [...base, ...PASSABLE],
        inEnv: true,
      });
    }
    if (check.http) {
      const http = ['checks', index, 'http'];
      fields.push({ path: [...http, 'url'], text: check.http.url, allowed: inCheck, inEnv: false });
      for (const [key, value] of Object.entries(check.http.headers)) {
        fields.push({ path: [...http, 'headers', key], text: value, allowed: inCheck, inEnv: false });
      }
      if (check.http.body !== undefined) {
        fields.push({ path: [...http, 'body'], text: check.http.body, allowed: inCheck, inEnv: false });
      }
    }
    if (check.load) {
      fields.push({
        path: ['checks', index, 'load', 'url'],
        text: check.load.url,
        allowed: inCheck,
        inEnv: false,
      });
    }

    for (const field of fields) {
      for (const token of tokenize(field.text)) {
        if (token.kind === 'open') {
          problems.push({
            path: field.path,
            message: 'unterminated "${": close it with "}" or write "$$" for a literal "$"',
          });
          continue;
        }
        if (token.kind !== 'ref' || field.allowed.includes(token.name)) continue;
        problems.push({
          path: field.path,
          message: unknownMessage(token.name, token.raw, field, endpoints, envKeys),
        });
      }
    }
  }
  return problems;
}

function unknownMessage(
  name: string,
  raw: string,
  field: { allowed: string[]; inEnv: boolean },
  endpoints: readonly string[],
  envKeys: string[],
): string {
  const available = `available: ${field.allowed.map((n) => `\${${n}}`).join(', ')}`;
  if (!NAME.test(name)) {
    return `${raw} is not a variable name (letters, digits and _); write "$$" for a literal "$" (${available})`;
  }
  if (field.inEnv && envKeys.includes(name)) {
    return `${raw}: env values cannot refer to other env keys, only to IMMUTABLE_QA_* variables (${available})`;
  }
  if (name.startsWith(ENDPOINT_PREFIX)) {
    const declared = endpoints.length ? endpoints.map((e) => `"${e}"`).join(', ') : 'none';
    return `unknown variable ${raw}: no such endpoint in environment.endpoints (declared: ${declared})`;
  }
  return `unknown variable ${raw} (${available}); write "$$" for a literal "$"`;
}

/**
 * `$IMMUTABLE_QA_ENDPOINT_X` / `${IMMUTABLE_QA_ENDPOINT_X…}` in a run script for an endpoint X that
 * is not declared: the shell would expand it to nothing. (The shell reads the longest name, as here.)
 */
function runReferences(
  run: string,
  index: number,
  endpoints: readonly string[],
  envKeys: readonly string[],
): ReferenceProblem[] {
  const known = new Set([...endpoints.map(endpointVariable), ...envKeys]);
  const problems: ReferenceProblem[] = [];
  const seen = new Set<string>();
  for (const match of run.matchAll(/\$\{?(IMMUTABLE_QA_ENDPOINT_[A-Za-z0-9_]*)/g)) {
    const name = match[1]!;
    if (known.has(name) || seen.has(name)) continue;
    seen.add(name);
    const declared = endpoints.length
      ? endpoints.map((e) => `"${e}" (\${${endpointVariable(e)}})`).join(', ')
      : 'none';
    problems.push({
      path: ['checks', index, 'run'],
      message: `unknown variable $${name}: no such endpoint in environment.endpoints (declared: ${declared}); the shell would expand it to an empty string`,
      needle: match[0],
    });
  }
  return problems;
}
