// Throwaway git repositories built from examples/hello, and ways to run the bundle and the CLI.
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectName } from '../../src/environment/project.js';

/** The project root: the nearest folder up with action.yml (this file also runs compiled, from build/). */
export const ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'action.yml')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const EXAMPLE = join(ROOT, 'examples/hello');
/** The bundle under test: dist/ (IQA_TEST_DIST points at another build of it, e.g. a scratch bundle). */
export const DIST = process.env.IQA_TEST_DIST ?? join(ROOT, 'dist');

export function registry(): string {
  const r = process.env.IQA_TEST_REGISTRY;
  if (!r) throw new Error('IQA_TEST_REGISTRY is not set: run through jest.itg.config.js');
  return r;
}

export interface Repo {
  dir: string;
  sha: string;
  config: string;
  cleanup(): void;
}

/** A git repo holding the example app and the given config (YAML text), committed. */
/** The test-only signing key pair (__tests__/fixtures/signing): record.signing: key in registry mode. */
export const TEST_SIGNING_KEY = readFileSync(join(ROOT, '__tests__/fixtures/signing/qa-test.key'), 'utf8');
export const TEST_PUBLIC_KEY = readFileSync(join(ROOT, '__tests__/fixtures/signing/qa-test.pub'), 'utf8');
/** Where every fixture repository keeps the public key its promote.trust names. */
export const TRUSTED_KEY_PATH = '.github/qa-signing.pub';

/** Builds `tag` locally: busybox FROM scratch that sleeps (containers tests label by hand). */
export function localBusyboxImage(tag: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-busybox-'));
  try {
    copyFileSync('/bin/busybox', join(dir, 'busybox'));
    writeFileSync(
      join(dir, 'Dockerfile'),
      'FROM scratch\nCOPY busybox /bin/busybox\nCMD ["/bin/busybox", "sleep", "600"]\n',
    );
    execFileSync('docker', ['build', '-q', '-t', tag, dir], { stdio: 'ignore' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A compose `db` service (indented under services:) as a database behaves: not built from the
 * repository (localBusyboxImage(image) makes it) and healthy only ~2 s after it starts.
 */
export function slowDbService(image: string, interval = '500ms'): string {
  return `  db:
    image: ${image}
    command: ["/bin/busybox", "sh", "-c", "/bin/busybox sleep 2; /bin/busybox touch /ready; exec /bin/busybox sleep 600"]
    healthcheck:
      test: ["CMD", "/bin/busybox", "test", "-f", "/ready"]
      interval: ${interval}
      timeout: 2s
      retries: 60
`;
}

/** The compose project of a run for PR `pr` of acme/hello (the repository runnerEnv names). */
export function helloProject(pr: number): string {
  return projectName('acme/hello', pr, '');
}

/** Whether a repository name has a registry host (registry mode), as config/repository.ts decides. */
export function isRegistryRepository(repository: string): boolean {
  const first = repository.split('/')[0] ?? '';
  return repository.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** The promote.trust lines of a registry-mode fixture: the test public key (indented under promote:). */
export function trustFor(repository: string): string {
  return isRegistryRepository(repository) ? `  trust:\n    keys: [${TRUSTED_KEY_PATH}]\n` : '';
}

export function makeRepo(configYaml: string, extra: Record<string, string> = {}): Repo {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-repo-'));
  for (const entry of ['Dockerfile', '.dockerignore', 'compose.yml', 'www', 'tests'])
    cpSync(join(EXAMPLE, entry), join(dir, entry), { recursive: true });
  copyFileSync('/bin/busybox', join(dir, 'busybox'));
  mkdirSync(join(dir, '.github'), { recursive: true });
  writeFileSync(join(dir, '.github/immutable-qa.yml'), configYaml);
  writeFileSync(join(dir, TRUSTED_KEY_PATH), TEST_PUBLIC_KEY);
  writeFileSync(join(dir, '.gitignore'), 'busybox\n.immutable-qa/\n');
  for (const [path, text] of Object.entries(extra)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return commitRepo(dir, 'fixture');
}

/** `dir` as a one-commit git repository on main, its config at .github/immutable-qa.yml. */
export function commitRepo(dir: string, message: string): Repo {
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      encoding: 'utf8',
    }).trim();
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-qm', message);
  return {
    dir,
    sha: git('rev-parse', 'HEAD'),
    config: join(dir, '.github/immutable-qa.yml'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ProcResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runNode(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; node?: string[] } = {},
): Promise<ProcResult> & { pid?: number; kill(sig: NodeJS.Signals): void } {
  const [cmd, ...pre] = options.node ?? [process.execPath];
  const child = spawn(cmd!, [...pre, ...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const promise = new Promise<ProcResult>((res) =>
    child.on('close', (code, signal) => res({ code, signal, stdout, stderr })),
  );
  return Object.assign(promise, { pid: child.pid, kill: (sig: NodeJS.Signals) => void child.kill(sig) });
}

export function cli(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ProcResult> {
  // Registry-mode fixtures sign with the test key (record.signing: key); '' in env means no key.
  const env = options.env ?? process.env;
  return runNode([join(DIST, 'cli/index.js'), ...args], {
    ...options,
    env: 'IMMUTABLE_QA_SIGNING_KEY' in env ? env : { ...env, IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY },
  });
}

/** Count of containers/networks/volumes on the engine (all of them, to prove nothing was created). */
export function engineCounts(): { containers: number; networks: number; volumes: number } {
  const count = (args: string[]): number =>
    execFileSync('docker', [...args, '-q'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean).length;
  return {
    containers: count(['ps', '-a']),
    networks: count(['network', 'ls']),
    volumes: count(['volume', 'ls']),
  };
}

/** GITHUB_OUTPUT file → { name: value } (handles the heredoc form core.setOutput writes). */
export function readOutputs(file: string): Record<string, string> {
  const text = readFileSync(file, 'utf8');
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (m) {
      const values: string[] = [];
      while (++i < lines.length && lines[i] !== m[2]) values.push(lines[i]!);
      out[m[1]!] = values.join('\n');
    } else if (lines[i]!.includes('=')) {
      const [k, ...v] = lines[i]!.split('=');
      out[k!] = v.join('=');
    }
  }
  return out;
}

export function configFor(repository: string, checks: string, environment = ''): string {
  return `version: 1
image:
  repository: ${repository}
${isRegistryRepository(repository) ? 'record:\n  signing: key\n' : ''}environment:
  compose: compose.yml
  ready-timeout: 30s
  endpoints:
    web: { service: web, port: 8080 }
${environment}checks:
${checks}`;
}
