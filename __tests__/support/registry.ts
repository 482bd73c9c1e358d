// A real distribution v2 registry (Debian's `docker-registry`) on 127.0.0.1:<free port>, with
// filesystem storage in a temp dir, deletes enabled and optional htpasswd or token auth.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from '../../src/registry/errors.js';

export interface TokenAuthConfig {
  /** Token endpoint URL the registry sends clients to. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM file with the certificate(s) that sign the tokens. */
  rootCertBundle: string;
}

export interface RegistryOptions {
  htpasswd?: { user: string; pass: string };
  tokenAuth?: TokenAuthConfig;
}

export interface RunningRegistry {
  /** `127.0.0.1:<port>` */
  host: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  dir: string;
  /** What the registry wrote to stdout/stderr so far. */
  logs(): string;
  stop(): Promise<void>;
}

export function hasCommand(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * True when the commands exist. Missing ones fail in CI (CI=true: never skip), else the caller
 * skips with a note on stderr.
 */
export function requireCommands(...commands: string[]): boolean {
  const missing = commands.filter((c) => !hasCommand(c));
  if (missing.length === 0) return true;
  const message = `missing ${missing.join(', ')}: run scripts/setup.sh`;
  if (process.env.CI === 'true') throw new Error(message);
  process.stderr.write(`skipping registry integration tests: ${message}\n`);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function startRegistry(options: RegistryOptions = {}): Promise<RunningRegistry> {
  const dir = await mkdtemp(join(tmpdir(), 'iqa-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config: Record<string, unknown> = {
    version: '0.1',
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: {
      filesystem: { rootdirectory: join(dir, 'data') },
      delete: { enabled: true },
      maintenance: { uploadpurging: { enabled: false } },
    },
    http: { addr: host, secret: randomBytes(16).toString('hex') },
  };
  if (options.htpasswd) {
    const path = join(dir, 'htpasswd');
    const result = spawnSync('htpasswd', ['-Bbn', options.htpasswd.user, options.htpasswd.pass], {
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`htpasswd failed: ${result.stderr}`);
    await writeFile(path, result.stdout);
    config.auth = { htpasswd: { realm: 'iqa-test', path } };
  } else if (options.tokenAuth) {
    const { realm, service, issuer, rootCertBundle } = options.tokenAuth;
    config.auth = { token: { realm, service, issuer, rootcertbundle: rootCertBundle } };
  }
  const configPath = join(dir, 'config.yml');
  // JSON is YAML: no YAML writer needed.
  await writeFile(configPath, JSON.stringify(config, null, 2));

  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('REGISTRY_')));
  const child: ChildProcess = spawn('docker-registry', ['serve', configPath], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', () => {
      exited = true;
      resolve();
    }),
  );

  const stop = async (): Promise<void> => {
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`docker-registry exited at start:\n${output}`);
    }
    try {
      const res = await fetch(`http://${host}/v2/`);
      await res.body?.cancel();
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`docker-registry did not answer on ${host}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host, url: `http://${host}`, dir, logs: () => output, stop };
}

/** The RegistryError a promise rejects with; anything else (or success) fails the test. */
export async function registryFailure(promise: Promise<unknown>): Promise<RegistryError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RegistryError)) throw new Error(`expected a RegistryError, got ${String(error)}`);
  return error;
}
