// What the config is checked against once compose has rendered its files (`compose config`, run by
// src/environment/render.ts): a definition compose cannot render, and endpoints whose service or
// port is not in it, are config errors at the config line that names them. So is what would make
// two environments on one engine collide or share state (a fixed container_name, a volume or
// network with a fixed name:); a fixed host port and an external volume or network are warnings
// (composeWarnings), each naming the compose file and line that says it.
import type { ConfigPath } from './locate.js';
import type { Config } from './schema.js';

/** A port a rendered service publishes: the container port (compose's `target`) and its protocol. */
export interface RenderedPort {
  target: number;
  protocol: string;
  /** The fixed host port (3000 of "3000:3000"); absent when the engine picks one ("3000", "127.0.0.1::3000"). */
  published?: number;
  /** compose.yml:12: the `ports` entry that says it (with published). */
  at?: string;
}

/** The result of rendering the compose files of a config. */
/** A rendered service: what it publishes, and what it builds when it has `build:` and no `image:`. */
export interface RenderedService {
  ports: RenderedPort[];
  /** Absolute context and Dockerfile of a `build:` section; `at`: file:line of that section. */
  build?: { context: string; dockerfile: string; image?: string; at?: string };
  /** A container_name that is the same for every environment (it does not name the project); at: file:line. */
  containerName?: { name: string; at?: string };
}

/**
 * A volume or network every environment on the engine would share: `external: true` (made
 * elsewhere, never removed by teardown), or a fixed `name:` (not per project, e.g. `name: orders-data`).
 */
export interface SharedResource {
  kind: 'volume' | 'network';
  /** Its key under volumes: / networks:. */
  key: string;
  /** The engine's name for it. */
  name: string;
  external: boolean;
  /** compose.yml:20: where its `name:` (or `external:`) is written. */
  at?: string;
}

export type ComposeRender =
  | { kind: 'rendered'; services: Record<string, RenderedService>; shared?: SharedResource[] }
  /** Compose refused the files: its message, and which of environment.compose it names when it does. */
  | { kind: 'invalid'; message: string; fileIndex?: number }
  /** Compose could not run here (not installed): nothing was checked. */
  | { kind: 'unavailable'; reason: string };

export type ComposeRenderer = (config: Config) => Promise<ComposeRender>;

export interface ComposeProblem {
  path: ConfigPath;
  message: string;
  /** Point at the key of path rather than its value. */
  key?: boolean;
  /** Point at this text inside the value. */
  needle?: string;
}

/** The config's problems against a rendered definition (none when it could not be rendered). */
export function composeProblems(config: Config, render: ComposeRender): ComposeProblem[] {
  if (render.kind === 'unavailable') return [];
  const files = config.environment.composeFiles;
  if (render.kind === 'invalid') {
    const index = render.fileIndex;
    const one = index !== undefined && files.length > 1;
    const path: ConfigPath = one ? ['environment', 'compose', index] : ['environment', 'compose'];
    const which = one ? `compose file ${index + 1} of ${files.length}` : 'the compose files';
    return [
      {
        path,
        message:
          `compose cannot render ${which}: ${render.message}; ` +
          'fix the file (a compose file is a YAML mapping with a "services:" key; `docker compose config` shows the same error)',
      },
    ];
  }
  const problems: ComposeProblem[] = [];
  const services = Object.keys(render.services);
  // The environment never builds (compose up --no-build): a service that builds something else
  // than the config's image, with no image to run instead, could never start.
  for (const [name, service] of Object.entries(render.services)) {
    const build = service.build;
    if (!build || build.image !== undefined) continue;
    if (build.context === config.image.context && build.dockerfile === config.image.dockerfile) continue;
    problems.push({
      path: ['environment', 'compose'],
      message:
        `service "${name}"${build.at ? ` (${build.at})` : ''} has build: (context ${build.context}, ${build.dockerfile}) but no image:, and the environment never builds: ` +
        `a service that builds image.context and image.dockerfile runs the tested image by itself; for this one add \`image: <a prebuilt image>\` under "${name}", ` +
        'or point image.context/dockerfile at what it builds (README "Config")',
    });
  }
  problems.push(...isolationProblems(config, render.services, render.shared ?? []));
  for (const [name, endpoint] of Object.entries(config.environment.endpoints)) {
    const at = ['environment', 'endpoints', name];
    const service = Object.hasOwn(render.services, endpoint.service)
      ? render.services[endpoint.service]
      : undefined;
    if (!service) {
      problems.push({
        path: [...at, 'service'],
        message:
          `endpoint "${name}": service "${endpoint.service}" is not in the compose definition ` +
          `(services: ${services.length ? services.join(', ') : 'none'}); name one of them`,
      });
      continue;
    }
    const tcp = service.ports.filter((p) => p.protocol === 'tcp').map((p) => p.target);
    if (tcp.includes(endpoint.port)) continue;
    const other = service.ports.some((p) => p.target === endpoint.port)
      ? ` (it publishes ${endpoint.port} only as ${service.ports.find((p) => p.target === endpoint.port)?.protocol})`
      : '';
    const published = tcp.length ? `it publishes ${[...new Set(tcp)].join(', ')}` : 'it publishes no ports';
    problems.push({
      path: [...at, 'port'],
      message:
        `endpoint "${name}": service "${endpoint.service}" does not publish port ${endpoint.port}${other}; ${published}: ` +
        `add \`ports: ["${endpoint.port}"]\` to the service or use one of its ports`,
    });
  }
  return problems;
}

const COMPOSE: ConfigPath = ['environment', 'compose'];
const where = (at: string | undefined): string => (at ? ` (${at})` : '');

/** A load check that starts its baseline beside the environment, on the same engine at the same time. */
function baselineCheck(config: Config): string | undefined {
  return config.checks.find((c) => c.kind === 'load' && c.load.baseline === 'last-promoted')?.name;
}

/** Fixed host ports of the rendered services, one per service and host port. */
function fixedPorts(
  services: Record<string, RenderedService>,
): Array<{ service: string; port: RenderedPort & { published: number } }> {
  const out: Array<{ service: string; port: RenderedPort & { published: number } }> = [];
  for (const [service, rendered] of Object.entries(services)) {
    const seen = new Set<number>();
    for (const port of rendered.ports) {
      if (port.published === undefined || seen.has(port.published)) continue;
      seen.add(port.published);
      out.push({ service, port: { ...port, published: port.published } });
    }
  }
  return out;
}

function fixedPortMessage(service: string, port: RenderedPort & { published: number }): string {
  return (
    `service "${service}"${where(port.at)} publishes the fixed host port ${port.published} (for ${port.target}): ` +
    'two environments on one engine (two pull requests at once, a kept environment) cannot both bind it ' +
    `("port is already allocated"); write "${port.target}" instead: the engine picks a free host port, and endpoints are found from it`
  );
}

/**
 * Errors: what two environments on one engine cannot both have (the second fails to start, or
 * both share one volume's data and teardown leaves it): a fixed container_name, a volume or network
 * with a fixed name:, and a fixed host port when a load check's baseline runs beside the environment.
 */
function isolationProblems(
  config: Config,
  services: Record<string, RenderedService>,
  shared: readonly SharedResource[],
): ComposeProblem[] {
  const problems: ComposeProblem[] = [];
  for (const [name, service] of Object.entries(services)) {
    const fixed = service.containerName;
    if (!fixed) continue;
    problems.push({
      path: COMPOSE,
      message:
        `service "${name}"${where(fixed.at)} has container_name: ${fixed.name}: a container name exists once per engine, so a second environment ` +
        `(two pull requests at once, a kept one) fails with "Conflict. The container name "/${fixed.name}" is already in use"; ` +
        `drop container_name: (compose names the container per environment, and services reach it by its service name "${name}")`,
    });
  }
  for (const resource of shared) {
    if (resource.external) continue;
    const per = `${resource.kind === 'volume' ? 'a volume' : 'a network'} per environment`;
    problems.push({
      path: COMPOSE,
      message:
        `${resource.kind} "${resource.key}"${where(resource.at)} has name: ${resource.name}: every environment on the engine would ` +
        (resource.kind === 'volume'
          ? 'share that one volume and its data, and teardown leaves it behind; '
          : 'join that one network, so services of different pull requests reach each other by name; ') +
        `drop name: (compose then makes ${per}, <project>_${resource.key}, and teardown removes it with the environment)`,
    });
  }
  const baseline = baselineCheck(config);
  if (baseline !== undefined)
    for (const { service, port } of fixedPorts(services))
      problems.push({
        path: COMPOSE,
        message: `${fixedPortMessage(service, port)}. Here always: the load check "${baseline}" (baseline: last-promoted) starts a second environment from these files beside this one, which cannot bind it too`,
      });
  return problems;
}

/**
 * Warnings: what works for one environment at a time on an engine but not for two: a fixed host
 * port (a GitHub-hosted runner has one engine per job, so it works there, and a dev compose file
 * usually wants it; the collision, when it comes, is the environment phase's own message), and
 * external volumes and networks, which every environment shares and teardown never removes.
 */
export function composeWarnings(config: Config, render: ComposeRender): ComposeProblem[] {
  if (render.kind !== 'rendered') return [];
  const warnings: ComposeProblem[] = [];
  if (baselineCheck(config) === undefined)
    for (const { service, port } of fixedPorts(render.services))
      warnings.push({ path: COMPOSE, message: fixedPortMessage(service, port) });
  for (const resource of render.shared ?? []) {
    if (!resource.external) continue;
    warnings.push({
      path: COMPOSE,
      message:
        `${resource.kind} "${resource.key}"${where(resource.at)} is external (${resource.name}): every environment on the engine ` +
        (resource.kind === 'volume'
          ? 'shares it and its data, and teardown never removes it; '
          : 'joins it, so services of different pull requests reach each other by name; ') +
        'fine for something made once for all of them, else declare it without external: so each environment gets its own',
    });
  }
  return warnings;
}
