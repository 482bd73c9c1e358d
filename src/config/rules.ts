// Rules zod cannot express: unique and unreserved check names, exactly one kind per check, compose
// files that exist, paths (context, dockerfile, compose, report globs) that stay inside the repository. They run on the raw data, so they are reported together with the schema's issues.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { CHECK_KINDS } from '../model/results.js';
import { isPassable, isWithheld } from '../model/secrets.js';
import { BUILD_VARIABLES } from './expand.js';
import { formatPath, isRecord, type Report } from './issues.js';
import type { ConfigPath } from './locate.js';
import { registryOf } from './repository.js';
import { RESERVED_CHECK_NAMES } from './schema.js';

type Path = ConfigPath;

/** Rules zod cannot express; they run on the raw data so they are reported along with schema issues. */
export function structuralRules(data: Record<string, unknown>, root: string, at: Report): void {
  const checks = data.checks;
  if (Array.isArray(checks)) {
    const seen = new Map<string, number>();
    checks.forEach((check: unknown, index) => {
      if (!isRecord(check)) return;
      const name = typeof check.name === 'string' ? check.name : undefined;
      const label = name !== undefined ? `check "${name}"` : `check #${index + 1}`;
      if (name !== undefined && (RESERVED_CHECK_NAMES as readonly string[]).includes(name)) {
        at(
          ['checks', index, 'name'],
          `checks[${index}].name: "${name}" is a reserved name (${RESERVED_CHECK_NAMES.join(', ')} are the phase and overall check runs); rename the check, e.g. "${name}-check"`,
        );
      } else if (name !== undefined) {
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
      const escape = escapes(root, file);
      if (escape) {
        at(where, `${formatPath(where)}: compose file "${file}" ${escape}`);
        continue;
      }
      let problem: string | undefined;
      try {
        const stat = statSync(resolved);
        if (stat.isDirectory())
          problem = `is a directory: name the compose file in it, e.g. "${path.posix.join(file.replace(/\/+$/, ''), 'compose.yml')}"`;
        else if (!stat.isFile()) problem = 'is not a file';
      } catch {
        problem = 'does not exist';
      }
      if (problem) {
        at(
          where,
          `${formatPath(where)}: compose file "${file}" ${problem} (looked for ${resolved}; paths are relative to the repository root ${root})`,
        );
        continue;
      }
      const unknown = composeVariables(resolved).filter((name) => !COMPOSE_VARIABLES.includes(name));
      if (unknown.length)
        at(
          where,
          `${formatPath(where)}: compose file "${file}" uses ${unknown.map((n) => `\${${n}}`).join(', ')}, which compose never gets: ` +
            `it interpolates only ${COMPOSE_VARIABLES.map((n) => `\${${n}}`).join(', ')} of ours (endpoints exist only after the environment started; checks get them)`,
        );
    }
  }

  imagePaths(data.image, root, at);
  buildRules(data.image, at);
  engineRules(data, at);
  signingRules(data, root, at);
  if (Array.isArray(checks)) needsRules(checks, at);
  if (Array.isArray(checks)) {
    checks.forEach((check: unknown, index) => {
      const reports = isRecord(check) ? check.reports : undefined;
      if (!isRecord(reports)) return;
      for (const kind of ['junit', 'sarif'] as const) {
        const value = reports[kind];
        const patterns: Array<{ pattern: string; where: Path }> =
          typeof value === 'string'
            ? [{ pattern: value, where: ['checks', index, 'reports', kind] }]
            : Array.isArray(value)
              ? value.flatMap((v: unknown, i) =>
                  typeof v === 'string' ? [{ pattern: v, where: ['checks', index, 'reports', kind, i] }] : [],
                )
              : [];
        for (const { pattern, where } of patterns) {
          const escape = escapes(root, pattern);
          if (escape) at(where, `${formatPath(where)}: report pattern "${pattern}" ${escape}`);
        }
      }
    });
  }
}

/** checks[].needs: names of other checks, and no cycle (a check that waits for itself never runs). */
function needsRules(checks: unknown[], at: Report): void {
  const names = checks.map((c) => (isRecord(c) && typeof c.name === 'string' ? c.name : undefined));
  const edges = new Map<string, string[]>();
  checks.forEach((check, index) => {
    if (!isRecord(check) || !Array.isArray(check.needs)) return;
    const name = names[index];
    const needs: string[] = [];
    check.needs.forEach((need: unknown, j) => {
      if (typeof need !== 'string') return;
      const where: Path = ['checks', index, 'needs', j];
      if (need === name) at(where, `${formatPath(where)}: check "${name}" cannot need itself`);
      else if (!names.includes(need))
        at(
          where,
          `${formatPath(where)}: no check is named "${need}" (checks: ${names.filter(Boolean).join(', ')})`,
        );
      else needs.push(need);
    });
    if (name !== undefined) edges.set(name, needs);
  });
  // A cycle: follow needs depth-first; meeting a check on the current path closes one.
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    for (const need of edges.get(name) ?? []) {
      const cycle = visit(need, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, 'done');
    return undefined;
  };
  for (const name of edges.keys()) {
    const cycle = visit(name, []);
    if (cycle) {
      const index = names.indexOf(cycle[0]);
      at(
        ['checks', index, 'needs'],
        `checks[${index}].needs: a cycle, ${cycle.join(' → ')}: none of these checks could ever start; remove one of the needs`,
      );
      return;
    }
  }
}

/**
 * environment.engine: another engine cannot see the image the runner built into its own, so the
 * tested digest reaches it through a registry.
 */
function engineRules(data: Record<string, unknown>, at: Report): void {
  const image = isRecord(data.image) ? data.image : undefined;
  const environment = isRecord(data.environment) ? data.environment : undefined;
  if (typeof image?.repository !== 'string' || registryOf(image.repository) !== undefined) return;
  if (environment?.backend === 'swarm')
    at(
      ['environment', 'backend'],
      `environment.backend swarm needs a registry: every node of the swarm pulls the tested image, and in local mode ("${image.repository}" has no registry host) ` +
        "it exists on the runner's engine only. Set image.repository to a registry the nodes reach (e.g. ghcr.io/acme/shop), or use backend: compose",
    );
  if (!isRecord(environment?.engine)) return;
  at(
    ['environment', 'engine'],
    `environment.engine needs a registry: the image is built on the runner's engine, and in local mode ("${image.repository}" has no registry host) ` +
      'it stays there, where the engine at environment.engine.host cannot pull it. Set image.repository to a registry both reach (e.g. ghcr.io/acme/shop), ' +
      'or remove environment.engine (DOCKER_HOST alone builds and runs on that one engine)',
  );
}

/**
 * record.signing and promote.trust: signing needs a registry (local records are files), trust files
 * exist inside the repository, and keyless identities come with the trusted root that checks them.
 */
function signingRules(data: Record<string, unknown>, root: string, at: Report): void {
  const image = isRecord(data.image) ? data.image : undefined;
  const record = isRecord(data.record) ? data.record : undefined;
  const signing = record?.signing;
  if (
    (signing === 'key' || signing === 'keyless') &&
    typeof image?.repository === 'string' &&
    registryOf(image.repository) === undefined
  )
    at(
      ['record', 'signing'],
      `record.signing: ${signing} needs a registry: in local mode ("${image.repository}" has no registry host) records are files in the checkout, ` +
        'which whoever could forge them could also `docker tag` around. Set image.repository to a registry (e.g. ghcr.io/acme/shop) or remove record.signing',
    );
  // Keyless signing uses the job's OIDC token: a check holding it could sign verdicts as this workflow.
  const registryMode = typeof image?.repository === 'string' && registryOf(image.repository) !== undefined;
  if (signing === 'keyless' || (signing === undefined && registryMode)) {
    const checks = Array.isArray(data.checks) ? data.checks : [];
    checks.forEach((check: unknown, index) => {
      const env = isRecord(check) && isRecord(check.env) ? check.env : {};
      for (const [name, value] of Object.entries(env)) {
        const asked = /\$\{(ACTIONS_ID_TOKEN_REQUEST_(?:TOKEN|URL))\}/.exec(String(value))?.[1];
        if (asked)
          at(
            ['checks', index, 'env', name],
            `checks[${index}].env.${name}: a check cannot have \${${asked}} when record.signing is keyless (the default in registry mode): ` +
              "with the job's OIDC token the code under test could sign a verdict as this workflow. Remove it, or sign with record.signing: key",
          );
      }
    });
  }
  const promote = isRecord(data.promote) ? data.promote : undefined;
  const trust = isRecord(promote?.trust) ? promote.trust : undefined;
  if (!trust) return;
  const files: Array<{ file: string; where: Path; what: string }> = [];
  if (Array.isArray(trust.keys))
    trust.keys.forEach((key: unknown, i) => {
      if (typeof key === 'string' && key)
        files.push({ file: key, where: ['promote', 'trust', 'keys', i], what: 'public key' });
    });
  const trustedRoot = trust['trusted-root'];
  if (typeof trustedRoot === 'string' && trustedRoot)
    files.push({ file: trustedRoot, where: ['promote', 'trust', 'trusted-root'], what: 'trusted root' });
  for (const { file, where, what } of files) {
    const escape = escapes(root, file);
    if (escape) {
      at(where, `${formatPath(where)}: ${what} "${file}" ${escape}`);
      continue;
    }
    let isFile = false;
    try {
      isFile = statSync(path.resolve(root, file)).isFile();
    } catch {
      isFile = false;
    }
    if (!isFile)
      at(
        where,
        `${formatPath(where)}: ${what} "${file}" is not a file (looked for ${path.resolve(root, file)}; paths are relative to the repository root ${root})`,
      );
  }
  if (Array.isArray(trust.identities) && trust.identities.length > 0 && trustedRoot === undefined)
    at(
      ['promote', 'trust', 'identities'],
      'promote.trust.identities: keyless verdicts are checked against a Sigstore trusted root: add promote.trust.trusted-root ' +
        '(e.g. `gh attestation trusted-root > .github/sigstore-trusted-root.jsonl`, committed and reviewed like this file)',
    );
}

/** The IMMUTABLE_QA_* variables compose interpolates (pipeline/environment.ts environmentSpec). */
const COMPOSE_VARIABLES: readonly string[] = [
  ...BUILD_VARIABLES,
  'IMMUTABLE_QA_IMAGE',
  'IMMUTABLE_QA_DIGEST',
  'IMMUTABLE_QA_PROJECT',
];

/** The IMMUTABLE_QA_* names a compose file interpolates (`$NAME`, `${NAME…}`; `$$` is a literal `$`). */
function composeVariables(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const match of text.matchAll(/(\$+)\{?(IMMUTABLE_QA_[A-Za-z0-9_]+)/g))
    if (match[1]!.length % 2 === 1) names.add(match[2]!);
  return [...names];
}

/**
 * image.platforms and image.secrets: several platforms need a registry (the local engine loads
 * one image of one platform: `--load` cannot take a multi-platform build); a secret cannot come
 * from what the action withholds from the code under test (its inputs, the runner's tokens, the
 * signing key), except the names a check may ask for too (model/secrets.ts PASSABLE).
 */
function buildRules(image: unknown, at: Report): void {
  if (!isRecord(image)) return;
  const platforms = image.platforms;
  if (
    Array.isArray(platforms) &&
    platforms.length > 1 &&
    typeof image.repository === 'string' &&
    registryOf(image.repository) === undefined
  )
    at(
      ['image', 'platforms'],
      `image.platforms: ${platforms.length} platforms need a registry: in local mode ("${image.repository}" has no registry host) ` +
        'the image is loaded into the local engine, which takes one platform per build (`docker buildx build --load`). ' +
        'List one platform, or set image.repository to a registry (e.g. ghcr.io/acme/shop) to push a multi-platform image',
    );
  if (!isRecord(image.secrets)) return;
  for (const [id, source] of Object.entries(image.secrets)) {
    if (typeof source !== 'string' || !isWithheld(source) || isPassable(source)) continue;
    at(
      ['image', 'secrets', id],
      `${formatPath(['image', 'secrets', id])}: ${source} is withheld from the code under test (the action's inputs, ACTIONS_* runner tokens, ` +
        'registry credentials, the signing key): a build cannot have it either. Put the value in a variable of its own (env: on the step)',
    );
  }
}

/** image.context must be a directory inside the repository, image.dockerfile a file inside it. */
function imagePaths(image: unknown, root: string, at: Report): void {
  if (!isRecord(image)) return;
  const context = typeof image.context === 'string' ? image.context : '.';
  const contextEscape = escapes(root, context);
  if (contextEscape) at(['image', 'context'], `image.context: "${context}" ${contextEscape}`);
  else if (typeof image.context === 'string') {
    const resolved = path.resolve(root, context);
    let problem: string | undefined;
    try {
      if (!statSync(resolved).isDirectory())
        problem = `is a file, not a directory: context is the directory the image is built from (e.g. "${path.posix.dirname(context)}"); name the file with image.dockerfile`;
    } catch {
      problem = `does not exist (looked for ${resolved}; paths are relative to the repository root ${root})`;
    }
    if (problem) at(['image', 'context'], `image.context: "${context}" ${problem}`);
  }
  if (typeof image.dockerfile === 'string' && !contextEscape) {
    // The dockerfile is relative to the context; it must stay inside the repository too.
    const relative = path.relative(root, path.resolve(root, context, image.dockerfile));
    const escape = escapes(root, relative);
    if (escape)
      at(
        ['image', 'dockerfile'],
        `image.dockerfile: "${image.dockerfile}" ${escape} (it is relative to image.context "${context}")`,
      );
  }
}

/**
 * Why a config path or glob leaves the repository, or undefined: absolute paths and `..` that climb
 * above the root are refused (QA would read a host file into the build or the record), and so are
 * existing paths whose symbolic links lead outside it.
 */
export function escapes(root: string, p: string): string | undefined {
  const hint =
    'leaves the repository: paths in the config are relative to the repository root and must stay inside it; ' +
    'use a path like "reports/junit.xml" (no leading "/", no ".." above the root)';
  if (path.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p)) return hint;
  const normalized = path.posix.normalize(p.replace(/\\/g, '/'));
  if (normalized === '..' || normalized.startsWith('../')) return hint;
  // The part before the first glob character exists on disk: follow its links.
  const fixed = normalized.split('/');
  const globAt = fixed.findIndex((segment) => /[*?[\]{}!]/.test(segment));
  const prefix = (globAt < 0 ? fixed : fixed.slice(0, globAt)).join('/');
  if (!prefix) return undefined;
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(path.resolve(root, prefix));
    realRoot = realpathSync(root);
  } catch {
    return undefined;
  }
  const inside = path.relative(realRoot, real);
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside))
    return `${hint} ("${prefix}" is a link to ${real})`;
  return undefined;
}
