// Which Docker engine a call goes to. The runner's own engine (DOCKER_HOST / the Docker context, as
// the docker CLI picks it) builds the image; an environment may run on another one
// (`environment.engine.host`). The pipeline runs its environment's phases inside onEngine(), and
// every docker call made there (docker(), engineExec(): compose, events, inspect, claims) goes to
// that engine; the build runs in onRunnerEngine(). One scope, not an engine argument threaded
// through every function that happens to call docker.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Engine {
  /** A DOCKER_HOST value: tcp://host:2375, ssh://user@host, unix:///path. */
  host: string;
}

const scope = new AsyncLocalStorage<Engine | undefined>();

/** Runs `fn` with its docker calls sent to `engine` (undefined: the runner's engine). */
export function onEngine<T>(engine: Engine | undefined, fn: () => T): T {
  return scope.run(engine, fn);
}

/** Runs `fn` on the runner's engine, whatever engine the caller's scope chose (the build). */
export function onRunnerEngine<T>(fn: () => T): T {
  return scope.run(undefined, fn);
}

/** The engine of the current scope; undefined: the runner's own. */
export function currentEngine(): Engine | undefined {
  return scope.getStore();
}

/**
 * The environment a docker process gets: `base` with DOCKER_HOST set to the scope's engine (and
 * DOCKER_CONTEXT dropped, which would otherwise win over it), or `base` unchanged.
 */
export function engineEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const engine = currentEngine();
  if (!engine) return base;
  const env: NodeJS.ProcessEnv = { ...base, DOCKER_HOST: engine.host };
  delete env.DOCKER_CONTEXT;
  return env;
}

/** DOCKER_HOST as docker would use it here: the scope's engine, else the process's DOCKER_HOST. */
export function effectiveDockerHost(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return currentEngine()?.host ?? (env.DOCKER_HOST || undefined);
}

/**
 * The address where the runner reaches ports the engine publishes: the engine host's name or
 * address for tcp:// and ssh://, the loopback address for a local socket (unix://, npipe://).
 * (A Docker context other than the default one is not read: set DOCKER_HOST or environment.engine.)
 */
export function engineAddress(host: string | undefined = effectiveDockerHost()): string {
  if (!host) return '127.0.0.1';
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return '127.0.0.1';
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'ssh:') return '127.0.0.1';
  // IPv6 literals come bracketed; a host:port needs them kept.
  return url.hostname || '127.0.0.1';
}

/** The engine host as logs may show it: no user name or password, whatever the config says. */
export function engineLabel(host: string): string {
  try {
    const url = new URL(host);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return '(unparsable engine host)';
  }
}
