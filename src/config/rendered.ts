// What the config is checked against once compose has rendered its files (`compose config`, run by
// src/environment/render.ts): a definition compose cannot render, and endpoints whose service or
// port is not in it, are config errors at the config line that names them.
import type { ConfigPath } from './locate.js';
import type { Config } from './schema.js';

/** A port a rendered service publishes: the container port (compose's `target`) and its protocol. */
export interface RenderedPort {
  target: number;
  protocol: string;
}

/** The result of rendering the compose files of a config. */
/** A rendered service: what it publishes, and what it builds when it has `build:` and no `image:`. */
export interface RenderedService {
  ports: RenderedPort[];
  /** Absolute context and Dockerfile of a `build:` section; `at`: file:line of that section. */
  build?: { context: string; dockerfile: string; image?: string; at?: string };
}

export type ComposeRender =
  | { kind: 'rendered'; services: Record<string, RenderedService> }
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
