// Helpers for the promotion tests: git history in a fixture repo (PR branch, test merge, merge
// commit), real webhook payloads, the QA / promote CLI, and registry reads that bypass our client.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  ANNOTATION,
  descriptorOf,
  pushRecordArtifact,
  RECORD_ARTIFACT_TYPE,
  recordTag,
  SIGNED_RECORD_ARTIFACT_TYPE,
} from '../../src/store/artifact.js';
import { keySigner } from '../../src/record/key-signer.js';
import { signStatement } from '../../src/record/sign.js';
import { qaStatement } from '../../src/record/statement.js';
import { testedTag } from '../../src/model/record.js';
import type { QaRecord } from '../../src/model/record.js';
import { RegistryClient } from '../../src/registry/client.js';
import { mergedPullRequestEvent as mergedEvent, pushEvent as pushPayload, writeEvent } from './events.js';
import { cli, configFor, TEST_SIGNING_KEY, trustFor, type ProcResult, type Repo } from './fixtures.js';

export const okChecks = `  - name: page
    run: sh tests/smoke.sh
`;

/** The fixture config plus a promote block. */
export function promoteConfig(
  repository: string,
  promote = 'tags: [main, "sha-{sha7}"]',
  checks = okChecks,
): string {
  return `${configFor(repository, checks)}promote:\n  ${promote}\n${trustFor(repository)}`;
}

export function git(r: Repo, ...args: string[]): string {
  return execFileSync('git', ['-C', r.dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    encoding: 'utf8',
  }).trim();
}

/** A commit on `branch` (created from HEAD) changing www/index.html; leaves the branch checked out; returns the sha. */
export function commitOnBranch(r: Repo, branch: string, text: string): string {
  git(r, 'checkout', '-q', '-B', branch);
  // The smoke check wants "hello from immutable-qa" on the page.
  writeFileSync(join(r.dir, 'www/index.html'), `<h1>hello from immutable-qa</h1><p>${text}</p>\n`);
  git(r, 'commit', '-qam', `change on ${branch}`);
  return git(r, 'rev-parse', 'HEAD');
}

/**
 * What GitHub's runner checks out for a pull_request: a merge of the head into the base, detached.
 * Returns its sha (HEAD stays there).
 */
export function testMerge(r: Repo, base: string, head: string): string {
  git(r, 'checkout', '-q', '--detach', base);
  git(r, 'merge', '-q', '--no-ff', '-m', `Merge ${head} into ${base}`, head);
  return git(r, 'rev-parse', 'HEAD');
}

/** Merges a branch into main with a merge commit (main checked out afterwards); returns the merge sha. */
export function mergeIntoMain(r: Repo, branch: string, message = `Merge ${branch}`): string {
  git(r, 'checkout', '-q', 'main');
  git(r, 'merge', '-q', '--no-ff', '-m', message, branch);
  return git(r, 'rev-parse', 'HEAD');
}

export const tree = (r: Repo, sha: string): string => git(r, 'rev-parse', `${sha}^{tree}`);

/**
 * A `pull_request` `closed` payload: merged (events.ts, from the real example, schema-checked), or
 * the real unmerged `closed` example pointed at `head`.
 */
export function mergedPullRequestEvent(
  dir: string,
  pr: { number: number; head: string; merge: string | null; merged: boolean },
): string {
  const at = join(dir, `pull_request-${pr.number}-${pr.merged ? 'merged' : 'closed'}`);
  if (pr.merged && pr.merge)
    return writeEvent(at, mergedEvent({ number: pr.number, headSha: pr.head, mergeSha: pr.merge }));
  const all = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve('@octokit/webhooks-examples'), 'utf8'),
  ) as Array<{ name: string; examples: Array<Record<string, unknown>> }>;
  const closed = all.find((e) => e.name === 'pull_request')?.examples.find((e) => e.action === 'closed') as
    { number: number; pull_request: { number: number; merged: boolean; head: { sha: string } } } | undefined;
  if (!closed) throw new Error('no pull_request closed example');
  const payload = structuredClone(closed);
  payload.number = pr.number;
  payload.pull_request.number = pr.number;
  payload.pull_request.merged = false;
  payload.pull_request.head.sha = pr.head;
  mkdirSync(at, { recursive: true });
  const path = join(at, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

/** A `push` of `sha` to main (events.ts, from the real example). */
export function pushEvent(dir: string, sha: string, before = '1'.repeat(40)): string {
  return writeEvent(
    join(dir, `push-${sha.slice(0, 7)}`),
    pushPayload({ before, after: sha, commits: [{ id: sha, message: 'Merge pull request' }] }),
  );
}

export interface QaRun extends ProcResult {
  record?: QaRecord;
}

/** CLI env without anything GitHub-ish from the outer environment, with the test signing key. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(GITHUB_|GH_|INPUT_|RUNNER_)/.test(k)),
  );
  return { IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY, ...env, ...extra };
}

export async function runQa(r: Repo, args: string[], env = cleanEnv()): Promise<QaRun> {
  const result = await cli(['qa', '--config', r.config, '--json', ...args], { cwd: r.dir, env });
  const record = result.stdout ? (JSON.parse(result.stdout) as QaRecord) : undefined;
  return { ...result, ...(record ? { record } : {}) };
}

export interface PromoteRun extends ProcResult {
  json?: Record<string, unknown> & { reason?: string; digest?: string };
  wallMs: number;
}

export async function runPromote(
  r: Repo,
  args: string[],
  env = cleanEnv(),
  config = r.config,
): Promise<PromoteRun> {
  const started = Date.now();
  const result = await cli(['promote', '--config', config, '--json', ...args], { cwd: r.dir, env });
  const wallMs = Date.now() - started;
  let json: PromoteRun['json'];
  try {
    json = result.stdout ? (JSON.parse(result.stdout) as PromoteRun['json']) : undefined;
  } catch {
    json = undefined;
  }
  return { ...result, ...(json ? { json } : {}), wallMs };
}

/** Promote refused with `reason` (exit 1), and not one tag of the repository changed (no main either); its stderr. */
export async function refusedPromotion(
  r: Repo,
  repository: string,
  args: string[],
  reason: string,
): Promise<string> {
  const before = (await tags(repository)).sort();
  const promoted = await runPromote(r, args);
  expect({ code: promoted.code, reason: promoted.json?.reason }).toEqual({ code: 1, reason });
  expect(promoted.stderr).toContain('promotion refused: ');
  expect((await tags(repository)).sort()).toEqual(before);
  expect(before).not.toContain('main');
  return promoted.stderr;
}

export function client(host: string): RegistryClient {
  return new RegistryClient({
    registry: host,
    credentials: { dockerConfigDir: false },
    retry: { baseDelayMs: 20 },
  });
}

/** `host/path` → [host, path] */
export function split(repository: string): [string, string] {
  const slash = repository.indexOf('/');
  return [repository.slice(0, slash), repository.slice(slash + 1)];
}

/** Where a tag points, asked with a plain fetch (no immutable-qa code involved). */
export async function tagDigest(repository: string, tag: string): Promise<string | null> {
  const [host, path] = split(repository);
  const res = await fetch(`http://${host}/v2/${path}/manifests/${tag}`, {
    method: 'HEAD',
    headers: {
      Accept: [
        'application/vnd.oci.image.index.v1+json',
        'application/vnd.oci.image.manifest.v1+json',
        'application/vnd.docker.distribution.manifest.list.v2+json',
        'application/vnd.docker.distribution.manifest.v2+json',
      ].join(', '),
    },
  });
  return res.status === 200 ? res.headers.get('docker-content-digest') : null;
}

/** The raw manifest bytes of a tag or digest, with a plain fetch. */
export async function manifestBytes(repository: string, ref: string): Promise<Buffer> {
  const [host, path] = split(repository);
  const res = await fetch(`http://${host}/v2/${path}/manifests/${ref}`, {
    headers: {
      Accept:
        'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
    },
  });
  if (res.status !== 200) throw new Error(`GET ${repository}:${ref} → ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

/** Every tag of a repository (plain fetch). */
export async function tags(repository: string): Promise<string[]> {
  const [host, path] = split(repository);
  const res = await fetch(`http://${host}/v2/${path}/tags/list`);
  if (res.status === 404) return [];
  return ((await res.json()) as { tags: string[] | null }).tags ?? [];
}

/**
 * Attaches any record to a digest the way publishVerdict does, and points qa-<sha> at the digest:
 * what a hand edit, an old tool or an attacker could leave in the registry. `sign`: the PEM key
 * that signs it (default: the fixtures' trusted test key, i.e. the record is as QA would sign it),
 * or 'unsigned' for a plain record as before signing existed.
 */
export async function attachByHand(
  repository: string,
  record: QaRecord,
  digest: string,
  sign: string | 'unsigned' = TEST_SIGNING_KEY,
): Promise<void> {
  const [host, repo] = split(repository);
  const c = client(host);
  const manifest = await c.getManifest(repo, digest);
  const annotations = { [ANNOTATION.sha]: record.source.sha, [ANNOTATION.verdict]: record.verdict };
  await pushRecordArtifact(
    c,
    sign === 'unsigned'
      ? {
          repo,
          subject: descriptorOf(manifest),
          artifactType: RECORD_ARTIFACT_TYPE,
          payload: Buffer.from(JSON.stringify(record)),
          annotations,
          tag: recordTag(digest),
        }
      : {
          repo,
          subject: descriptorOf(manifest),
          artifactType: SIGNED_RECORD_ARTIFACT_TYPE,
          payload: await signStatement(qaStatement(record), keySigner(sign)),
          annotations,
        },
  );
  await c.putManifest(repo, testedTag(record.source.sha), manifest.bytes, manifest.mediaType);
}

/** Points a tag at a digest by hand (manifest copy). */
export async function tagByHand(repository: string, tag: string, digest: string): Promise<void> {
  const [host, repo] = split(repository);
  const c = client(host);
  const manifest = await c.getManifest(repo, digest);
  await c.putManifest(repo, tag, manifest.bytes, manifest.mediaType);
}

/** Layer and config digests of an image manifest. */
export function imageBlobs(manifest: Buffer): string[] {
  const body = JSON.parse(manifest.toString('utf8')) as {
    config: { digest: string };
    layers: Array<{ digest: string }>;
  };
  return [body.config.digest, ...body.layers.map((l) => l.digest)];
}

/** Removes the local images of the given registry hosts whose path matches (what a test run built). */
export function removeImages(hosts: string[], path: RegExp): void {
  const lines = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}} {{.Tag}} {{.ID}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);
  const refs = new Set<string>();
  for (const line of lines) {
    const [repository = '', tag = '', id = ''] = line.split(' ');
    const slash = repository.indexOf('/');
    if (slash < 0 || !hosts.includes(repository.slice(0, slash)) || !path.test(repository.slice(slash + 1)))
      continue;
    refs.add(tag === '<none>' ? id : `${repository}:${tag}`);
  }
  if (refs.size) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
}
