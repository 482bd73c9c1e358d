// The trust chain end to end through the bundled CLI, on the real engine and the real registry:
// QA records the verdict on the digest, promote retags exactly that digest (byte-identical, no
// layer moved) or refuses, exit 1, with nothing tagged.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import {
  PROMOTION_ARTIFACT_TYPE,
  RECORD_ARTIFACT_TYPE,
  SIGNED_RECORD_ARTIFACT_TYPE,
} from '../../src/store/artifact.js';
import { keyIdOf, verifyKeyBundle } from '../support/independent-verify.js';
import { mergeGroupEvent, mergedPullRequestEvent as mergedPayload, writeEvent } from '../support/events.js';
import { makeRepo, registry, TEST_PUBLIC_KEY, type Repo } from '../support/fixtures.js';
import {
  attachByHand,
  client,
  commitOnBranch,
  git,
  imageBlobs,
  manifestBytes,
  mergedPullRequestEvent,
  mergeIntoMain,
  promoteConfig,
  pushEvent,
  refusedPromotion,
  removeImages,
  runPromote,
  runQa,
  split,
  tagByHand,
  tagDigest,
  tags,
  testMerge,
  tree,
  type QaRun,
} from '../support/promotion.js';
import { startFaultProxy, type FaultProxy } from '../support/registry-proxy.js';
import { pushBusyboxFixture, skopeoDigest, type PushedFixture } from '../support/registry-fixture.js';

const repos: Repo[] = [];
const projects: string[] = [];
const fixtures: PushedFixture[] = [];
const localImages: string[] = [];
let proxy: FaultProxy;
let events: string;

beforeAll(async () => {
  // A pass-through proxy in front of the registry: its log is the registry's view of every request.
  proxy = await startFaultProxy(`http://${registry()}`, () => undefined);
  events = mkdtempSync(join(tmpdir(), 'iqa-events-'));
});
afterAll(async () => {
  removeImages([registry(), proxy.host], /^iqa-(promote|teardown)\//);
  await proxy?.stop();
  rmSync(events, { recursive: true, force: true });
});
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
  for (const f of fixtures.splice(0)) await f.cleanup();
  for (const image of localImages.splice(0)) {
    const refs = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', image], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
  }
});

let seq = 0;
function setup(promote?: string, checks?: string): { r: Repo; repository: string } {
  const repository = `${registry()}/iqa-promote/t${Date.now().toString(36)}${seq++}`;
  const r = makeRepo(promoteConfig(repository, promote, checks));
  repos.push(r);
  return { r, repository };
}

async function qa(r: Repo, args: string[]): Promise<QaRun> {
  const run = await runQa(r, args);
  if (run.record) projects.push(run.record.environment.project);
  return run;
}

function passed(run: QaRun): string {
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  expect(run.record?.verdict).toBe('passed');
  return run.record!.image.digest!;
}

describe('promotion end to end', () => {
  test('QA on a PR head passes → promote on the merge commit (same tree) tags main byte-identical, moving zero layer bytes', async () => {
    const repository = `${proxy.host}/iqa-promote/e2e${Date.now().toString(36)}`;
    const r = makeRepo(promoteConfig(repository));
    repos.push(r);
    const head = commitOnBranch(r, 'feature', '<h1>version 2</h1>\n');
    // On pull_request the runner builds GitHub's test merge; the result belongs to the head sha.
    const checkout = testMerge(r, 'main', 'feature');
    const run = await qa(r, ['--sha', head, '--pr', '12']);
    const digest = passed(run);
    expect(run.record!.source).toMatchObject({ sha: head, checkout_sha: checkout, pr: 12, dirty: false });
    expect(run.stderr).toContain(`tested-tag: ${repository}:qa-${head}`);

    // Recorded on the digest: the tested tag (registry API and skopeo agree) and the QA record.
    expect(await tagDigest(repository, `qa-${head}`)).toBe(digest);
    expect(await skopeoDigest(`${repository}:qa-${head}`)).toBe(digest);
    const [host, path] = split(repository);
    const referrers = await client(host).getReferrers(path, digest, SIGNED_RECORD_ARTIFACT_TYPE);
    expect(referrers).toHaveLength(1);
    expect(referrers[0]!.annotations).toMatchObject({
      'io.immutable-qa.sha': head,
      'io.immutable-qa.verdict': 'passed',
      'dev.sigstore.bundle.content': 'dsse-envelope',
      'dev.sigstore.bundle.predicateType': 'https://immutable-qa.dev/qa-record/v1',
    });
    const artifact = await client(host).getArtifact(path, referrers[0]!.digest);
    expect(artifact.subject?.digest).toBe(digest);
    expect(artifact.payloadMediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json');
    // The signed statement, verified with @sigstore/verify and the public key alone: it is the record.
    const statement = verifyKeyBundle(artifact.payload, TEST_PUBLIC_KEY);
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name: repository, digest: { sha256: digest.slice('sha256:'.length) } }],
      predicateType: 'https://immutable-qa.dev/qa-record/v1',
      predicate: run.record,
    });
    // No unsigned copy of the record and no record tag: the referrer is the only record.
    expect(await client(host).getReferrers(path, digest, RECORD_ARTIFACT_TYPE)).toEqual([]);
    expect(await tagDigest(repository, `sha256-${digest.slice(7)}.qa`)).toBeNull();

    // GitHub merges the PR with a merge commit; the base did not move, so the tree is the tested one.
    const merge = mergeIntoMain(r, 'feature', 'Merge pull request #12 from acme/feature');
    expect(merge).not.toBe(checkout);
    expect(tree(r, merge)).toBe(run.record!.source.tree);
    const event = mergedPullRequestEvent(events, { number: 12, head, merge, merged: true });

    proxy.reset();
    const promoted = await runPromote(r, ['--event', event]);
    const requests = [...proxy.log];
    expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(promoted.json).toMatchObject({
      promoted: true,
      digest,
      'image-ref': `${repository}@${digest}`,
      'promoted-tags': ['main', `sha-${merge.slice(0, 7)}`],
      'source-sha': head,
      pr: 12,
      moved: ['main', `sha-${merge.slice(0, 7)}`],
    });
    expect(promoted.json!.record).toMatchObject({
      kind: 'promotion',
      promoted: { sha: merge, tree: run.record!.source.tree, event: 'pull_request' },
      source: {
        sha: head,
        pr: 12,
        resolved_by: 'pull-request',
        qa_signer: `key ${keyIdOf(TEST_PUBLIC_KEY)}`,
      },
      previous: { main: null },
    });
    expect(promoted.stderr).toContain(`signed by key ${keyIdOf(TEST_PUBLIC_KEY)}`);
    expect(promoted.stderr).not.toContain('UNSIGNED');

    // main is the tested manifest, byte for byte; skopeo sees the same digest.
    expect(await tagDigest(repository, 'main')).toBe(digest);
    expect(await skopeoDigest(`${repository}:main`)).toBe(digest);
    expect(await skopeoDigest(`${repository}:sha-${merge.slice(0, 7)}`)).toBe(digest);
    const tested = await manifestBytes(repository, digest);
    expect((await manifestBytes(repository, 'main')).equals(tested)).toBe(true);

    // Zero layer bytes: no blob was downloaded, and no layer or config of the image was uploaded
    // (the only uploads are the promotion record's own small blob).
    const layersAndConfig = imageBlobs(tested);
    expect(requests.filter((q) => q.method === 'GET' && /\/blobs\/sha256:/.test(q.url))).toEqual([]);
    const uploaded = requests
      .filter((q) => q.method === 'PUT' && /\/blobs\/uploads\//.test(q.url))
      .map((q) => new URL(q.url, 'http://x').searchParams.get('digest'));
    expect(uploaded.length).toBeLessThanOrEqual(2);
    for (const d of uploaded) expect(layersAndConfig).not.toContain(d);
    expect(requests.filter((q) => q.method === 'PATCH')).toEqual([]);

    // The promotion record is another referrer of the digest.
    const promotions = await client(host).getReferrers(path, digest, PROMOTION_ARTIFACT_TYPE);
    expect(promotions).toHaveLength(1);
    const promotion = JSON.parse(
      (await client(host).getArtifact(path, promotions[0]!.digest)).payload.toString('utf8'),
    );
    expect(promotion).toEqual(promoted.json!.record);

    process.stderr.write(
      `promotion metrics: ${requests.length} registry requests (${requests.map((q) => q.method).join(' ')}); ` +
        `${String(promoted.json!['duration-ms'])} ms inside promote, ${promoted.wallMs} ms wall for the CLI process\n`,
    );

    // Promoting again is idempotent: nothing moves, exit 0.
    const again = await runPromote(r, ['--event', event]);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ digest, moved: [] });
  });

  test('fast-forward: qa-<sha> of the pushed commit itself; {sha} expands; --tags replaces promote.tags', async () => {
    const { r, repository } = setup();
    const digest = passed(await qa(r, []));
    const promoted = await runPromote(r, ['--sha', r.sha, '--tags', 'stable,build-{sha}']);
    expect(promoted.code).toBe(0);
    expect(promoted.json).toMatchObject({
      'promoted-tags': ['stable', `build-${r.sha}`],
      'source-sha': r.sha,
    });
    expect(promoted.json!.record).toMatchObject({ source: { resolved_by: 'tag' } });
    expect(await skopeoDigest(`${repository}:stable`)).toBe(digest);
    expect(await skopeoDigest(`${repository}:build-${r.sha}`)).toBe(digest);
    expect(await tags(repository)).not.toContain('main');
  });

  test('merge queue (how a fork PR is promoted): QA on the merge_group head, in this repository, is promoted on the push of that very commit', async () => {
    const { r, repository } = setup();
    const group = writeEvent(
      join(events, `merge-group-${r.sha.slice(0, 8)}`),
      mergeGroupEvent({
        headSha: r.sha,
        baseSha: 'b'.repeat(40),
        headRef: `refs/heads/gh-readonly-queue/main/pr-11-${r.sha}`,
      }),
    );
    const digest = passed(await qa(r, ['--event', group]));
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBe(digest);
    const promoted = await runPromote(r, ['--event', pushEvent(events, r.sha)]);
    expect(promoted.code).toBe(0);
    expect(promoted.json).toMatchObject({ 'source-sha': r.sha, digest });
    expect(promoted.json!.record).toMatchObject({
      source: { resolved_by: 'tag' },
      promoted: { event: 'push' },
    });
    for (const tag of promoted.json!['promoted-tags'] as string[])
      expect(await skopeoDigest(`${repository}:${tag}`)).toBe(digest);
  });

  test('a reserved or invalid tag is a usage error (exit 2) before anything is read', async () => {
    const { r } = setup();
    const promoted = await runPromote(r, ['--sha', r.sha, '--tags', `main,qa-${r.sha}`]);
    expect(promoted.code).toBe(2);
    expect(promoted.stderr).toContain('reserved prefix');
  });
});

describe('refusals: exit 1 with a message that says what to do, and nothing tagged', () => {
  const refused = refusedPromotion;

  test('no record: a commit QA never ran on, and a qa-<sha> tag set by hand on an unrecorded digest', async () => {
    const { r, repository } = setup();
    const [, path] = split(repository);
    const fixture = await pushBusyboxFixture(registry(), path, 'unrecorded');
    fixtures.push(fixture);
    const stderr = await refused(r, repository, ['--sha', r.sha], 'no-record');
    expect(stderr).toContain(`has no tag qa-${r.sha}`);
    expect(stderr).toContain('run QA on the pull request');
    // A hand-written push payload whose pull_request lacks the head: the refusal names the gap.
    const event = join(mkdtempSync(join(tmpdir(), 'iqa-event-')), 'partial.json');
    writeFileSync(event, JSON.stringify({ after: r.sha, pull_request: { number: 4, merged: true } }));
    const partial = await refused(r, repository, ['--event', event, '--sha', r.sha], 'no-record');
    expect(partial).toContain("the event's pull_request lacks pull_request.head.sha");

    await tagByHand(repository, `qa-${r.sha}`, (await tagDigest(repository, 'unrecorded'))!);
    const byHand = await refused(r, repository, ['--sha', r.sha], 'no-record');
    expect(byHand).toContain('no QA record');
    expect(byHand).toContain('Re-run QA');
  });

  test('failed verdict: QA sets no tag but records the failure on the digest; a tag set by hand is refused', async () => {
    const { r, repository } = setup(
      undefined,
      '  - name: red\n    run: echo "expected 200, got 500"; exit 1\n',
    );
    const run = await qa(r, ['--pr', '3']);
    expect(run.code).toBe(1);
    expect(run.record!.verdict).toBe('failed');
    const digest = run.record!.image.digest!;
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBeNull();
    const [host, path] = split(repository);
    // Issue 11, item 3: the failure is on the digest (the latest verdict decides), never a tag.
    const referrers = await client(host).getReferrers(path, digest);
    expect(referrers.map((d) => d.annotations?.['io.immutable-qa.verdict'])).toEqual(['failed']);
    expect(await refused(r, repository, ['--sha', r.sha], 'no-record')).toContain('was never tested');

    await tagByHand(repository, `qa-${r.sha}`, digest);
    const stderr = await refused(r, repository, ['--sha', r.sha], 'failed-verdict');
    expect(stderr).toContain('red: failure');
    expect(stderr).toContain('Fix the failing checks');
  });

  test('record subject ≠ tag digest: qa-<sha> moved by hand to another tested digest', async () => {
    const { r, repository } = setup();
    const a = commitOnBranch(r, 'a', 'version a\n');
    const digestA = passed(await qa(r, ['--pr', '21']));
    const b = commitOnBranch(r, 'b', 'version b\n');
    const digestB = passed(await qa(r, ['--pr', '22']));
    expect(digestA).not.toBe(digestB);
    await tagByHand(repository, `qa-${a}`, digestB);
    git(r, 'checkout', '-q', 'a');
    const stderr = await refused(r, repository, ['--sha', a], 'subject-mismatch');
    expect(stderr).toContain(`points to ${digestB}`);
    expect(stderr).toContain(b.slice(0, 12));
    expect(stderr).toContain('moved or overwritten');
  });

  test('tree mismatch under same-tree: the base moved between QA and the merge', async () => {
    const { r, repository } = setup();
    const head = commitOnBranch(r, 'feature', 'feature\n');
    testMerge(r, 'main', 'feature');
    passed(await qa(r, ['--sha', head, '--pr', '7']));
    git(r, 'checkout', '-q', 'main');
    writeFileSync(join(r.dir, 'www/healthz'), 'ok\n\n');
    git(r, 'commit', '-qam', 'someone else merged first');
    const merge = mergeIntoMain(r, 'feature', 'Merge pull request #7');
    const event = mergedPullRequestEvent(events, { number: 7, head, merge, merged: true });
    const stderr = await refused(r, repository, ['--event', event], 'tree-mismatch');
    expect(stderr).toContain('the base branch moved after QA ran');
    expect(stderr).toContain('merge queue');
    expect(stderr).toContain('up to date before merging');
  });

  test('dirty source: QA passes but earns no tag; a dirty record attached by hand is refused', async () => {
    const { r, repository } = setup();
    writeFileSync(join(r.dir, 'www/index.html'), '<h1>hello from immutable-qa</h1> uncommitted\n');
    const run = await qa(r, ['--pr', '5']);
    const digest = passed(run);
    expect(run.record!.source.dirty).toBe(true);
    expect(run.stderr).toContain('no tested tag: the working tree was dirty');
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBeNull();
    const [host, path] = split(repository);
    expect(await client(host).getReferrers(path, digest)).toEqual([]);

    git(r, 'checkout', '-q', '--', 'www/index.html');
    await attachByHand(repository, run.record!, digest);
    const stderr = await refused(r, repository, ['--sha', r.sha], 'dirty');
    expect(stderr).toContain('dirty working tree');
  });

  test('a fork PR merged directly (its QA ran unprivileged and recorded nothing) is refused, pointing at the merge queue', async () => {
    const { r, repository } = setup();
    const head = commitOnBranch(r, 'feature', 'from a fork\n');
    const merge = mergeIntoMain(r, 'feature', 'Merge pull request #11 from contributor/feature');
    const payload = mergedPayload({ number: 11, headSha: head, mergeSha: merge });
    payload.pull_request.head.repo!.full_name = 'contributor/hello';
    const event = writeEvent(join(events, 'fork-merged'), payload);
    const stderr = await refused(r, repository, ['--event', event], 'no-record');
    expect(stderr).toContain(`came from PR #11 (event payload), but its head ${head} was never tested`);
    expect(stderr).toContain('it came from a fork, so its QA ran unprivileged');
    expect(stderr).toContain('through the merge queue (on: merge_group)');
  });

  test('a PR closed without merging is refused', async () => {
    const { r, repository } = setup();
    const event = mergedPullRequestEvent(events, { number: 9, head: r.sha, merge: null, merged: false });
    const stderr = await refused(r, repository, ['--event', event], 'not-merged');
    expect(stderr).toContain('closed without being merged');
  });
});

describe('promote --pr N (issue 12, item 11): no webhook payload needed', () => {
  test('the merge commit’s second parent is the PR head whose tested digest is promoted; a squash merge without a token is exit 2', async () => {
    const { r, repository } = setup();
    const head = commitOnBranch(r, 'feature', 'via --pr\n');
    testMerge(r, 'main', 'feature');
    const digest = passed(await qa(r, ['--sha', head, '--pr', '12']));
    const merge = mergeIntoMain(r, 'feature', 'Merge pull request #12');
    const promoted = await runPromote(r, ['--sha', merge, '--pr', '12']);
    expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(promoted.json).toMatchObject({ digest, 'source-sha': head, pr: 12 });
    expect(await tagDigest(repository, 'main')).toBe(digest);

    // A squash merge has one parent: without GitHub to ask, the PR head is unknown.
    git(r, 'checkout', '-q', '--detach', 'main');
    git(r, 'commit', '-q', '--allow-empty', '-m', 'Squashed PR #13');
    const squash = await runPromote(r, ['--sha', git(r, 'rev-parse', 'HEAD'), '--pr', '13']);
    expect(squash.code).toBe(2);
    expect(squash.stderr).toContain('--pr 13: ');
    expect(squash.stderr).toContain('is not a merge commit');
  });
});

describe('local mode', () => {
  test('QA tags <repo>:qa-<sha> and writes the record file; promote docker-tags the image ID; a moved tag is refused', async () => {
    const image = `iqa-promote-local-${Date.now().toString(36)}`;
    localImages.push(image);
    const r = makeRepo(promoteConfig(image));
    repos.push(r);
    const run = await qa(r, []);
    const id = passed(run);
    const inspect = (ref: string): string =>
      execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', ref], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      }).trim();
    expect(inspect(`${image}:qa-${r.sha}`)).toBe(id);

    const promoted = await runPromote(r, ['--sha', r.sha]);
    expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(promoted.json).toMatchObject({
      digest: id,
      'promoted-tags': ['main', `sha-${r.sha.slice(0, 7)}`],
    });
    expect(inspect(`${image}:main`)).toBe(id);
    expect(promoted.json!['record-path']).toBe(join(r.dir, '.immutable-qa/promotions', `${r.sha}.json`));

    // Another image moved onto qa-<sha> by hand: its ID is not what the record names.
    const fixture = await pushBusyboxFixture(registry(), 'iqa-promote/other-local', 'v1');
    fixtures.push(fixture);
    const other = inspect(fixture.ref);
    expect(other).not.toBe(id);
    execFileSync('docker', ['tag', other, `${image}:qa-${r.sha}`]);
    const moved = await runPromote(r, ['--sha', r.sha, '--tags', 'stable']);
    expect({ code: moved.code, reason: moved.json?.reason }).toEqual({ code: 1, reason: 'subject-mismatch' });
    expect(() => inspect(`${image}:stable`)).toThrow();
  });
});
