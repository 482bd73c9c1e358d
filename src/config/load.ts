// Loads .github/immutable-qa.yml: YAML (with positions) → zod validation → extra rules → Config.
// Every problem becomes one line `file:line:col: path: what to fix`, all of them in one ConfigurationError
// (wording in issues.ts, positions in locate.ts, the extra rules in rules.ts, the root in root.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../model/errors.js';
import { toCheck } from './checks.js';
import { parseDuration } from './duration.js';
import { validateCheckReferences, validateReferences } from './expand.js';
import {
  configurationError,
  describe,
  displayPath,
  firstLine,
  formatPath,
  isRecord,
  problemLines,
  reportIssue,
  type Problem,
} from './issues.js';
import { decodeUtf8, withoutBom } from './encoding.js';
import { parseYaml, type ConfigPath, type Locator } from './locate.js';
import { composeProblems, composeWarnings, type ComposeProblem, type ComposeRenderer } from './rendered.js';
import { registryOf } from './repository.js';
import { findRoot } from './root.js';
import { structuralRules } from './rules.js';
import { checkSchema, configSchema, type Config, type RawConfig } from './schema.js';
import { aliasBomb, keepAsWritten, MAX_ALIAS_COUNT, syntaxProblems } from './yaml-problems.js';

/** The teardown surfaces find the repository root without loading a config. */
export { findRoot } from './root.js';

export interface LoadOptions {
  /** Directory the config path is relative to, and that messages show paths relative to. */
  cwd?: string;
}

export interface LoadConfigOptions extends LoadOptions {
  /**
   * Renders the compose files (src/environment/render.ts `renderCompose`): a file compose cannot
   * render, an endpoint whose service or port the rendered definition lacks, become config errors.
   * Without it nothing is run but `git rev-parse` (findRoot).
   */
  render?: ComposeRenderer;
  /** Told why the compose files could not be rendered (no compose on the machine): the render checks were skipped. */
  onUnrendered?: (reason: string) => void;
  /** Told each warning about the rendered compose files (composeWarnings), as a `file:line:col: …` line. */
  onWarning?: (message: string) => void;
}

/** Reads, parses and validates the config file; throws a ConfigurationError listing every problem. */
export async function loadConfig(file: string, options: LoadConfigOptions = {}): Promise<Config> {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  let bytes: Buffer;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const shown = displayPath(absolute, cwd);
    if (code === 'ENOENT') {
      throw new ConfigurationError(
        `${shown}: config file not found; create it (README "Config") or point --config at it`,
      );
    }
    throw new ConfigurationError(`${shown}: cannot read the config file: ${(error as Error).message}`);
  }
  const decoded = decodeUtf8(bytes);
  if ('badOffset' in decoded) throw notUtf8(bytes, decoded, displayPath(absolute, cwd));
  const root = await findRoot(absolute);
  const { config, locate, shown } = parse(decoded.text, absolute, root, { cwd });
  if (!options.render) return config;
  const rendered = await options.render(config);
  if (rendered.kind === 'unavailable') {
    options.onUnrendered?.(rendered.reason);
    return config;
  }
  const located = (problem: ComposeProblem): Problem => ({
    offset: problem.key ? locate.key(problem.path) : locate.value(problem.path, problem.needle),
    message: `${formatPath(problem.path)}: ${problem.message}`,
  });
  const warnings = composeWarnings(config, rendered).map(located);
  for (const line of problemLines(warnings, shown, locate)) options.onWarning?.(line);
  const problems = composeProblems(config, rendered).map(located);
  if (problems.length) throw configurationError(problems, shown, locate);
  return config;
}

/** `file:line:col: not UTF-8 …` for the first byte that is not UTF-8 (line and col of the text before it). */
function notUtf8(
  bytes: Uint8Array,
  bad: { badOffset: number; byte: number },
  shown: string,
): ConfigurationError {
  const before = withoutBom(new TextDecoder('utf-8').decode(bytes.subarray(0, bad.badOffset)));
  const lines = before.split('\n');
  const line = lines.length;
  const col = (lines[lines.length - 1] ?? '').length + 1;
  const hex = bad.byte.toString(16).toUpperCase().padStart(2, '0');
  return new ConfigurationError(
    `${shown}:${line}:${col}: the config file is not UTF-8: byte 0x${hex} at offset ${bad.badOffset} ` +
      '(a Latin-1 or UTF-16 file?); save it as UTF-8',
  );
}

/** Parses and validates config text (no process is run; compose files are checked on disk against root). */
export function parseConfig(text: string, file: string, root: string, options: LoadOptions = {}): Config {
  return parse(text, file, root, options).config;
}

function parse(
  source: string,
  file: string,
  root: string,
  options: LoadOptions,
): { config: Config; locate: Locator; shown: string } {
  const text = withoutBom(source);
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  const { doc, locate } = parseYaml(text);
  const fail = (problems: Problem[]): never => {
    throw configurationError(problems, shown, locate);
  };

  if (doc.errors.length) fail(syntaxProblems(doc, text));

  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message;
    if (/alias count/i.test(message)) fail([aliasBomb(doc)]);
    fail([{ offset: 0, message: `cannot read the YAML: ${firstLine(message)}` }]);
  }
  keepAsWritten(doc, data, stringMapPaths(data));
  const problems: Problem[] = [];
  const at = (p: ConfigPath, message: string, key = false, needle?: string): void => {
    problems.push({ offset: key ? locate.key(p) : locate.value(p, needle), message });
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
        at(problem.path, `${formatPath(problem.path)}: ${problem.message}`, false, problem.needle);
      }
    });
  }
  if (!parsed.success || problems.length) return fail(problems);

  const config = build(parsed.data, absolute, root);
  for (const problem of validateReferences(config))
    at(problem.path, `${formatPath(problem.path)}: ${problem.message}`, false, problem.needle);
  if (problems.length) return fail(problems);
  return { config, locate, shown };
}

/**
 * A `type=local` cache's relative src= / dest= made absolute from the repository root, as every
 * path of the config (buildx would resolve it from wherever the CLI was started). A spec with
 * quotes (buildx's CSV quoting) is left as written.
 */
function localCachePath(spec: string, root: string): string {
  if (spec.includes('"')) return spec;
  const fields = spec.split(',');
  if (!fields.includes('type=local')) return spec;
  return fields
    .map((field) => {
      const match = /^(src|dest)=(.+)$/.exec(field);
      return match && !path.isAbsolute(match[2]!) ? `${match[1]}=${path.resolve(root, match[2]!)}` : field;
    })
    .join(',');
}

/** The string maps whose values are read as written: image.build-args and labels, each check's env and http.headers. */
function stringMapPaths(data: unknown): ConfigPath[] {
  const checks = isRecord(data) && Array.isArray(data.checks) ? (data.checks as unknown[]) : [];
  return [
    ['image', 'build-args'],
    ['image', 'labels'],
    ...checks.flatMap((_, i): ConfigPath[] => [
      ['checks', i, 'env'],
      ['checks', i, 'http', 'headers'],
    ]),
  ];
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
      platforms: raw.image.platforms,
      cacheFrom: raw.image['cache-from'].map((spec) => localCachePath(spec, root)),
      cacheTo: raw.image['cache-to'].map((spec) => localCachePath(spec, root)),
      labels: raw.image.labels,
      secrets: raw.image.secrets,
    },
    environment: {
      backend: raw.environment.backend,
      ...(raw.environment.engine !== undefined ? { engine: { host: raw.environment.engine.host } } : {}),
      composeFiles: raw.environment.compose.map(fromRoot),
      readyTimeoutMs: parseDuration(raw.environment['ready-timeout']),
      endpoints: raw.environment.endpoints,
    },
    checks: raw.checks.map((check) => toCheck(check, fromRoot)),
    record: {
      // Local mode keeps records as files in the checkout, beside the engine they describe: whoever
      // can write them can `docker tag` too, so a signature would prove nothing there.
      signing: raw.record.signing ?? (registry === undefined ? 'none' : 'keyless'),
      ...(raw.record.sigstore !== undefined ? { sigstore: raw.record.sigstore } : {}),
    },
    promote: {
      tags: raw.promote.tags,
      policy: raw.promote.policy,
      trust: {
        keys: raw.promote.trust.keys.map(fromRoot),
        identities: raw.promote.trust.identities.map((i) => ({
          workflow: i.workflow.startsWith('https://') ? i.workflow : `https://github.com/${i.workflow}`,
          issuer: i.issuer,
          ...(i.repository !== undefined ? { repository: i.repository } : {}),
        })),
        ...(raw.promote.trust['trusted-root'] !== undefined
          ? { trustedRoot: fromRoot(raw.promote.trust['trusted-root']) }
          : {}),
      },
    },
  };
}
