// The compose backend's commands as data: pure argv builders, run by compose.ts through exec()/docker().
// Compose itself (`docker compose` v2 or `docker-compose` v1) starts the environment and renders its
// definition; everything found or removed afterwards goes through the engine by label.
import path, { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LABEL } from './project.js';

export type ComposeVersion = 'v1' | 'v2';

/** One compose invocation's fixed part: which compose, which project, which files. */
export interface ComposeInvocation {
  version: ComposeVersion;
  /** The Docker CLI (`docker`, or IMMUTABLE_QA_DOCKER): v2 runs as its `compose` plugin. */
  dockerBin: string;
  project: string;
  /** --project-directory: the repository root the user's relative paths resolve against. */
  root: string;
  /** The user's compose files, in their order. */
  files: readonly string[];
  /** The generated labels override, last so it wins; absent when the services are not known yet. */
  override?: string;
}

/** The full argv (binary first) of `compose <args>` for one project. */
export function composeArgv(invocation: ComposeInvocation, args: readonly string[]): string[] {
  const files = [...invocation.files, ...(invocation.override ? [invocation.override] : [])].flatMap((f) => [
    '-f',
    f,
  ]);
  const base = ['-p', invocation.project, '--project-directory', invocation.root, ...files, ...args];
  return invocation.version === 'v2'
    ? [invocation.dockerBin, 'compose', ...base]
    : ['docker-compose', ...base];
}

/** The compose subcommands the backend runs (the part after the project and files). */
export const composeCommand = {
  /** The services of the user's files, one per line. */
  services: (): string[] => ['config', '--services'],
  /** Images are never built here: the tested digest is what runs. Without services: all of them. */
  up: (services: readonly string[] = []): string[] => [
    'up',
    '--detach',
    '--remove-orphans',
    '--no-build',
    ...services,
  ],
  /** The rendered definition (hashed into the QA record). */
  config: (): string[] => ['config'],
  logs: (lines: number): string[] => ['logs', '--no-color', '--tail', String(lines)],
};

/**
 * Where the labels override of a project is written: `dir` is the run's private directory
 * (pipeline/run-claim.ts), so two runs for one project never share the file.
 */
export function labelsFilePath(dir: string, project: string): string {
  return join(dir, `${project}.immutable-qa.labels.yml`);
}

/** What compose creates for a definition: its services, and the networks and volumes it owns. */
export interface DefinedResources {
  services: string[];
  /** Networks compose creates (declared and not `external`, plus `default` when a service uses it). */
  networks: string[];
  /** Named volumes compose creates (declared and not `external`). */
  volumes: string[];
  /**
   * One-shot services (migrations, seeders): another service depends on them with
   * `condition: service_completed_successfully`, or they say `restart: "no"`. Exiting 0 is their
   * success, as for `docker compose up --wait`.
   */
  oneShot: string[];
  /** Services with a `build:` section: the context and Dockerfile they build (absolute). */
  builds: Record<string, { context: string; dockerfile: string }>;
  /** Each service's `depends_on` services. */
  dependsOn: Record<string, string[]>;
  /** Each service's rendered definition as JSON text (what imageServices searches). */
  rendered: Record<string, string>;
}

/** A rendered service's `build:` as absolute context and Dockerfile (compose renders the context absolute). */
export function buildOf(service: unknown, root: string): { context: string; dockerfile: string } | undefined {
  if (!isRecord(service) || service.build === undefined) return undefined;
  const build = service.build;
  const context = path.resolve(
    root,
    typeof build === 'string'
      ? build
      : isRecord(build) && typeof build.context === 'string'
        ? build.context
        : '.',
  );
  const file = isRecord(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
  return { context, dockerfile: path.resolve(context, file) };
}

/** The services that build what the config builds: they run the tested image instead. */
export function pinnedServices(
  builds: DefinedResources['builds'],
  image: { context: string; dockerfile: string } | undefined,
): string[] {
  if (!image) return [];
  return Object.entries(builds)
    .filter(([, b]) => b.context === image.context && b.dockerfile === image.dockerfile)
    .map(([name]) => name);
}

/**
 * The resources of a rendered definition (`compose config` output, v1 or v2): v2 lists the
 * default network it creates, v1 does not, so `default` is added when a service joins it.
 */
export function definedResources(rendered: string, root = '/'): DefinedResources {
  const doc: unknown = parseYaml(rendered);
  const top = isRecord(doc) ? doc : {};
  const section = (key: string): Record<string, unknown> => {
    const value = top[key];
    return isRecord(value) ? value : {};
  };
  const owned = (key: string): string[] =>
    Object.entries(section(key))
      .filter(([, v]) => !(isRecord(v) && v.external !== undefined && v.external !== false))
      .map(([name]) => name);
  const services = section('services');
  const networks = owned('networks');
  const joinsDefault = Object.values(services).some((raw) => {
    const service = isRecord(raw) ? raw : {};
    if (service.network_mode !== undefined) return false;
    const nets = service.networks;
    if (nets === undefined) return true;
    return Array.isArray(nets) ? nets.includes('default') : isRecord(nets) && 'default' in nets;
  });
  const declaredDefault = 'default' in section('networks');
  if (joinsDefault && !declaredDefault) networks.push('default');
  const oneShot = new Set<string>();
  for (const [name, raw] of Object.entries(services)) {
    const service = isRecord(raw) ? raw : {};
    if (service.restart === 'no') oneShot.add(name);
    // Rendered, depends_on is a map; as written it may be a list (no condition: not a job).
    const deps = isRecord(service.depends_on) ? service.depends_on : {};
    for (const [dep, spec] of Object.entries(deps))
      if (isRecord(spec) && spec.condition === 'service_completed_successfully') oneShot.add(dep);
  }
  const builds: DefinedResources['builds'] = {};
  const dependsOn: DefinedResources['dependsOn'] = {};
  const text: DefinedResources['rendered'] = {};
  for (const [name, raw] of Object.entries(services)) {
    const build = buildOf(raw, root);
    if (build) builds[name] = build;
    const deps = isRecord(raw) ? raw.depends_on : undefined;
    dependsOn[name] = Array.isArray(deps)
      ? deps.filter((d): d is string => typeof d === 'string')
      : isRecord(deps)
        ? Object.keys(deps)
        : [];
    text[name] = JSON.stringify(raw);
  }
  return {
    services: Object.keys(services),
    networks,
    volumes: owned('volumes'),
    oneShot: [...oneShot].filter((s) => s in services),
    builds,
    dependsOn,
    rendered: text,
  };
}

/**
 * The services that need the tested image: those pinned to it, those whose rendered definition
 * names it (any of `markers`: its ref or digest, in `image:`, the environment, anywhere), and
 * every service that depends on one of those. The others can start before it is built.
 */
export function imageServices(
  resources: Pick<DefinedResources, 'services' | 'dependsOn' | 'rendered'>,
  pinned: readonly string[],
  markers: readonly string[],
): string[] {
  const needs = new Set(
    resources.services.filter(
      (s) => pinned.includes(s) || markers.some((m) => m && (resources.rendered[s] ?? '').includes(m)),
    ),
  );
  // Until nothing changes: a dependent of a dependent waits too (depends_on is acyclic for compose).
  for (let grew = true; grew;) {
    grew = false;
    for (const s of resources.services)
      if (!needs.has(s) && (resources.dependsOn[s] ?? []).some((d) => needs.has(d))) {
        needs.add(s);
        grew = true;
      }
  }
  return resources.services.filter((s) => needs.has(s));
}

/**
 * The labels override: every service, and every network and volume compose creates, gets the
 * labels. JSON is YAML with every string quoted, so v1's YAML 1.1 cannot read an ISO date as a
 * datetime.
 */
export function labelsOverride(
  services: readonly string[],
  labels: Record<string, string>,
  owned: { networks?: readonly string[]; volumes?: readonly string[] } = {},
  /** Services that build the config's image: they get `image:` (the tested ref), so nothing builds. */
  pinned: { services: readonly string[]; image: string } = { services: [], image: '' },
  /** Labels only these services get besides `labels` (the digest on those that run the tested image). */
  extra: { services: readonly string[]; labels: Record<string, string> } = { services: [], labels: {} },
): string {
  const each = (names: readonly string[] | undefined): Record<string, { labels: Record<string, string> }> =>
    Object.fromEntries((names ?? []).map((n) => [n, { labels }]));
  const labelsOf = (n: string): Record<string, string> =>
    extra.services.includes(n) ? { ...labels, ...extra.labels } : labels;
  return JSON.stringify(
    {
      services: Object.fromEntries(
        services.map((n) => [
          n,
          pinned.services.includes(n)
            ? { labels: labelsOf(n), image: pinned.image }
            : { labels: labelsOf(n) },
        ]),
      ),
      ...(owned.networks?.length ? { networks: each(owned.networks) } : {}),
      ...(owned.volumes?.length ? { volumes: each(owned.volumes) } : {}),
    },
    null,
    2,
  );
}

/** `<compose project label>=<project>`: the label compose puts on everything of a project. */
export function projectLabel(project: string): string {
  return `${LABEL.project}=${project}`;
}

/** `io.immutable-qa.run=<id>`: what one run created (every container, network and volume of it). */
export function runLabel(run: string): string {
  return `${LABEL.run}=${run}`;
}

/** The name of a run's claim volume (environment/claim.ts). */
export function claimVolume(run: string): string {
  return `iqa-claim-${run}`;
}

/** `--filter label=…` for the project and, when given, one run. */
function scope(project: string, run?: string): string[] {
  return [
    '--filter',
    `label=${projectLabel(project)}`,
    ...(run !== undefined ? ['--filter', `label=${runLabel(run)}`] : []),
  ];
}

/** The engine commands (after the docker binary) that find and remove a project's resources. */
export const engineCommand = {
  /** Full IDs of the containers, running or not, that carry every one of the `key=value` labels. */
  containerIds: (labels: readonly string[]): string[] => [
    'ps',
    '--all',
    '--quiet',
    '--no-trunc',
    ...labels.flatMap((label) => ['--filter', `label=${label}`]),
  ],
  inspect: (ids: readonly string[]): string[] => ['inspect', ...ids],
  removeContainers: (ids: readonly string[]): string[] => ['rm', '--force', '--volumes', ...ids],
  /** A project's networks; with `run`, only those that run created. */
  listNetworks: (project: string, run?: string): string[] => [
    'network',
    'ls',
    '--quiet',
    ...scope(project, run),
  ],
  removeNetworks: (ids: readonly string[]): string[] => ['network', 'rm', ...ids],
  /** A project's volumes; with `run`, only those that run created. */
  listVolumes: (project: string, run?: string): string[] => [
    'volume',
    'ls',
    '--quiet',
    ...scope(project, run),
  ],
  removeVolumes: (ids: readonly string[]): string[] => ['volume', 'rm', '--force', ...ids],
  /**
   * A run's claim on a project: an empty volume the engine keeps for every client of it (two CLI
   * runs on one machine, or runners on two machines sharing an engine). Not labelled with the
   * project's compose label, so replacing the project's environment never removes a claim.
   */
  createClaim: (run: string, labels: Record<string, string>): string[] => [
    'volume',
    'create',
    ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
    claimVolume(run),
  ],
  /** The claim volumes on a project, one name per line. */
  listClaims: (project: string): string[] => [
    'volume',
    'ls',
    '--quiet',
    '--filter',
    `label=${LABEL.claim}=${project}`,
  ],
  /** What `leftovers` counts: containers (short IDs suffice for a count), networks, volumes. */
  leftovers: (project: string): { containers: string[]; networks: string[]; volumes: string[] } => ({
    containers: ['ps', '--all', '--quiet', '--filter', `label=${projectLabel(project)}`],
    networks: engineCommand.listNetworks(project),
    volumes: engineCommand.listVolumes(project),
  }),
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
