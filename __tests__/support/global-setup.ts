// Integration tier: check the real components and start one real registry for the whole run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// (globalSetup cannot import relative .js modules through jest's mapper, so this file stands alone.)
const checks: Array<[string, () => void]> = [
  [
    'Docker engine (docker info)',
    () => execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'pipe' }),
  ],
  ['buildx CLI plugin', () => execFileSync('docker', ['buildx', 'version'], { stdio: 'pipe' })],
  ['Compose v2 CLI plugin', () => execFileSync('docker', ['compose', 'version'], { stdio: 'pipe' })],
  ['docker-compose v1', () => execFileSync('docker-compose', ['version'], { stdio: 'pipe' })],
  ['docker-registry', () => execFileSync('sh', ['-c', 'command -v docker-registry'], { stdio: 'pipe' })],
  ['skopeo', () => execFileSync('skopeo', ['--version'], { stdio: 'pipe' })],
  ['static busybox at /bin/busybox', () => void statSync('/bin/busybox')],
];

export function assertComponents(): void {
  const missing = checks.filter(([, probe]) => {
    try {
      probe();
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length)
    throw new Error(
      `integration tests need: ${missing.map(([n]) => n).join(', ')}. Run: sudo bash scripts/setup.sh`,
    );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export default async function globalSetup(): Promise<void> {
  assertComponents();
  const dir = mkdtempSync(join(tmpdir(), 'iqa-itg-registry-'));
  const port = await freePort();
  writeFileSync(
    join(dir, 'config.yml'),
    `version: 0.1\nlog: { level: warn }\nstorage: { filesystem: { rootdirectory: ${dir}/data }, delete: { enabled: true } }\nhttp: { addr: 127.0.0.1:${port} }\n`,
  );
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`${url}/v2/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i === 99) throw new Error(`docker-registry did not answer on ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  process.env.IQA_TEST_REGISTRY = `127.0.0.1:${port}`;
  process.env.IQA_TEST_REGISTRY_PID = String(child.pid);
}
