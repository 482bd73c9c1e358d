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
  reportIssue,
  type Problem,
} from './issues.js';
import { parseYaml, type ConfigPath } from './locate.js';
import { registryOf } from './repository.js';
import { findRoot } from './root.js';
import { structuralRules } from './rules.js';
import { checkSchema, configSchema, type Config, type RawConfig } from './schema.js';

/** The teardown surfaces find the repository root without loading a config. */
export { findRoot } from './root.js';

export interface LoadOptions {
  /** Directory the config path is relative to, and that messages show paths relative to. */
  cwd?: string;
}

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

/** Parses and validates config text (no process is run; compose files are checked on disk against root). */
export function parseConfig(text: string, file: string, root: string, options: LoadOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const shown = displayPath(absolute, cwd);
  const { doc, locate } = parseYaml(text);
  const fail = (problems: Problem[]): never => {
    throw configurationError(problems, shown, locate);
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
  const problems: Problem[] = [];
  const at = (p: ConfigPath, message: string, key = false): void => {
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
    checks: raw.checks.map((check) => toCheck(check, fromRoot)),
    promote: raw.promote,
  };
}
