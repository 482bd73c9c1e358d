// The compose backend's commands as data: pure argv builders, run by compose.ts through exec()/docker().
// Compose itself (`docker compose` v2 or `docker-compose` v1) starts the environment and renders its
// definition; everything found or removed afterwards goes through the engine by label.
import { join } from 'node:path';
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
  /** Images are never built here: the tested digest is what runs. */
  up: (): string[] => ['up', '--detach', '--remove-orphans', '--no-build'],
  /** The rendered definition (hashed into the QA record). */
  config: (): string[] => ['config'],
  port: (service: string, port: number): string[] => ['port', service, String(port)],
  logs: (lines: number): string[] => ['logs', '--no-color', '--tail', String(lines)],
};

/** Where the labels override of a project is written (`dir` is the OS temp directory). */
export function labelsFilePath(dir: string, project: string): string {
  return join(dir, `${project}.immutable-qa.labels.yml`);
}

/**
 * The labels override: every service gets the labels. JSON is YAML with every string quoted, so
 * v1's YAML 1.1 cannot read an ISO date as a datetime.
 */
export function labelsOverride(services: readonly string[], labels: Record<string, string>): string {
  return JSON.stringify({ services: Object.fromEntries(services.map((s) => [s, { labels }])) }, null, 2);
}

/** `<compose project label>=<project>`: the label compose puts on everything of a project. */
export function projectLabel(project: string): string {
  return `${LABEL.project}=${project}`;
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
  /** The networks a container is attached to, as a JSON object keyed by network name. */
  containerNetworks: (id: string): string[] => [
    'inspect',
    '--format',
    '{{json .NetworkSettings.Networks}}',
    id,
  ],
  removeContainers: (ids: readonly string[]): string[] => ['rm', '--force', '--volumes', ...ids],
  listNetworks: (project: string): string[] => [
    'network',
    'ls',
    '--quiet',
    '--filter',
    `label=${projectLabel(project)}`,
  ],
  removeNetworks: (ids: readonly string[]): string[] => ['network', 'rm', ...ids],
  listVolumes: (project: string): string[] => [
    'volume',
    'ls',
    '--quiet',
    '--filter',
    `label=${projectLabel(project)}`,
  ],
  removeVolumes: (ids: readonly string[]): string[] => ['volume', 'rm', '--force', ...ids],
  /** What `leftovers` counts: containers (short IDs suffice for a count), networks, volumes. */
  leftovers: (project: string): { containers: string[]; networks: string[]; volumes: string[] } => ({
    containers: ['ps', '--all', '--quiet', '--filter', `label=${projectLabel(project)}`],
    networks: engineCommand.listNetworks(project),
    volumes: engineCommand.listVolumes(project),
  }),
};
