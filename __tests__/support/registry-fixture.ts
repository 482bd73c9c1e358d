// Fixture images for registry tests: FROM scratch + Debian's static busybox, built by the local
// Docker engine and pushed with `docker push` (a loopback registry needs no TLS).
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exec, execChecked } from '../../src/exec/exec.js';

export interface PushedFixture {
  /** `127.0.0.1:<port>/<repo>:<tag>` */
  ref: string;
  repo: string;
  tag: string;
  /** Removes the local image tag (the registry copy goes with the registry). */
  cleanup(): Promise<void>;
}

export async function pushBusyboxFixture(
  registryHost: string,
  repo: string,
  tag = 'v1',
): Promise<PushedFixture> {
  const dir = await mkdtemp(join(tmpdir(), 'iqa-fixture-'));
  const ref = `${registryHost}/${repo}:${tag}`;
  try {
    await copyFile('/bin/busybox', join(dir, 'busybox'));
    // A unique label keeps this image's ID apart from anyone else's busybox fixture.
    const marker = randomBytes(6).toString('hex');
    await writeFile(
      join(dir, 'Dockerfile'),
      `FROM scratch\nCOPY busybox /bin/busybox\nLABEL org.immutable-qa.test=registry-${marker}\nCMD ["/bin/busybox", "sh"]\n`,
    );
    await execChecked(['docker', 'build', '-q', '-t', ref, dir], { timeoutMs: 120_000 });
    await execChecked(['docker', 'push', ref], { timeoutMs: 120_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return {
    ref,
    repo,
    tag,
    cleanup: async () => {
      await exec(['docker', 'image', 'rm', '--force', ref], { timeoutMs: 60_000 });
    },
  };
}

/** `skopeo inspect` of a tag on a plain-http registry: the digest an independent client sees. */
export async function skopeoDigest(ref: string, creds?: { user: string; pass: string }): Promise<string> {
  const argv = ['skopeo', 'inspect', '--tls-verify=false', '--format', '{{.Digest}}'];
  if (creds) argv.push('--creds', `${creds.user}:${creds.pass}`);
  const result = await execChecked([...argv, `docker://${ref}`], { timeoutMs: 60_000 });
  return result.stdout.trim();
}

/** `skopeo inspect --raw`: the manifest bytes as the registry serves them. */
export async function skopeoRaw(ref: string): Promise<Buffer> {
  const result = await execChecked(['skopeo', 'inspect', '--tls-verify=false', '--raw', `docker://${ref}`], {
    timeoutMs: 60_000,
  });
  return Buffer.from(result.stdout, 'utf8');
}
