// Signed verdicts against the real registry and the bundled CLI (issue 15): QA signs its record
// with the fixtures' key (record.signing: key), and every forgery someone with push access to the
// registry could leave is refused with nothing tagged: an unsigned record, a record signed by an
// untrusted key, a valid attestation copied onto another digest, a tampered payload, relabelled
// annotations. Unsigned records of before are accepted only with record.signing: none, loudly.
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import {
  ANNOTATION,
  descriptorOf,
  pushRecordArtifact,
  SIGNED_RECORD_ARTIFACT_TYPE,
} from '../../src/store/artifact.js';
import { makeRepo, registry, TEST_SIGNING_KEY, type Repo } from '../support/fixtures.js';
import { keySigner } from '../../src/record/key-signer.js';
import { signStatement } from '../../src/record/sign.js';
import { qaStatement } from '../../src/record/statement.js';
import {
  attachByHand,
  client,
  commitOnBranch,
  git,
  promoteConfig,
  refusedPromotion,
  removeImages,
  runPromote,
  runQa,
  split,
  tagByHand,
  tagDigest,
  tree,
  type QaRun,
} from '../support/promotion.js';
import { pushBusyboxFixture, type PushedFixture } from '../support/registry-fixture.js';

const repos: Repo[] = [];
const projects: string[] = [];
const fixtures: PushedFixture[] = [];
afterAll(() => removeImages([registry()], /^iqa-signed\//));
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
  for (const f of fixtures.splice(0)) await f.cleanup();
});

let seq = 0;
function setup(promote?: string): { r: Repo; repository: string; path: string } {
  const repository = `${registry()}/iqa-signed/t${Date.now().toString(36)}${seq++}`;
  const r = makeRepo(promoteConfig(repository, promote));
  repos.push(r);
  return { r, repository, path: split(repository)[1] };
}

async function qa(r: Repo, args: string[] = []): Promise<QaRun> {
  const run = await runQa(r, args);
  if (run.record) projects.push(run.record.environment.project);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  return run;
}

/** A digest nobody ran QA on, in the same repository. */
async function untested(path: string): Promise<string> {
  const fixture = await pushBusyboxFixture(registry(), path, `untested-${seq++}`);
  fixtures.push(fixture);
  const digest = await tagDigest(`${registry()}/${path}`, fixture.tag);
  if (!digest) throw new Error('fixture not pushed');
  return digest;
}

/** The record QA would write for commit `sha` of `r` about `digest` (a real one, retargeted). */
function recordFor(
  r: Repo,
  base: QaRecord,
  sha: string,
  digest: string,
  verdict: QaRecord['verdict'] = 'passed',
): QaRecord {
  return {
    ...base,
    verdict,
    image: { ...base.image, digest },
    source: { ...base.source, sha, checkout_sha: sha, tree: tree(r, sha) },
    created_at: new Date().toISOString(),
  };
}

const stranger = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

describe('forgeries on a digest that never ran QA are refused, nothing tagged', () => {
  test('an unsigned record (valid JSON, no signature), then one signed by an untrusted key', async () => {
    const { r, repository, path } = setup();
    const real = await qa(r);
    const sha = commitOnBranch(r, 'evil', 'never tested\n');
    const digest = await untested(path);
    await attachByHand(repository, recordFor(r, real.record!, sha, digest), digest, 'unsigned');
    const unsigned = await refusedPromotion(r, repository, ['--sha', sha], 'unsigned');
    expect(unsigned).toContain('anyone who can push to the registry could have written');
    expect(unsigned).toContain('set record.signing: none');

    await attachByHand(repository, recordFor(r, real.record!, sha, digest), digest, stranger);
    const untrusted = await refusedPromotion(r, repository, ['--sha', sha], 'untrusted-signer');
    expect(untrusted).toMatch(/signed by key [0-9a-f]{64}; trusted: key [0-9a-f]{64}/);
  });

  test('a valid signed record of digest A copied onto digest B, with qa-<sha> moved to B', async () => {
    const { r, repository, path } = setup();
    const run = await qa(r);
    const digestA = run.record!.image.digest!;
    const digestB = await untested(path);
    // The attacker copies A's signed bundle, byte for byte, as a referrer of B and moves the tag.
    const c = client(registry());
    const [bundle] = await c.getReferrers(path, digestA, SIGNED_RECORD_ARTIFACT_TYPE);
    const artifact = await c.getArtifact(path, bundle!.digest);
    await attach(c, path, digestB, artifact.payload, artifact.annotations);
    await tagByHand(repository, `qa-${r.sha}`, digestB);
    const stderr = await refusedPromotion(r, repository, ['--sha', r.sha], 'subject-mismatch');
    expect(stderr).toContain(`the attestation is about ${digestA}`);
    expect(stderr).toContain(`not ${digestB}`);
  });

  test('a tampered payload with the original signature, and annotations changed after signing', async () => {
    const { r, repository, path } = setup();
    const real = await qa(r);
    const c = client(registry());
    const sha = commitOnBranch(r, 'failing', 'failed in QA\n');
    const digest = await untested(path);
    // A genuinely signed failed verdict for the commit, and a copy whose payload says passed.
    const failed = recordFor(r, real.record!, sha, digest, 'failed');
    const bundle = JSON.parse((await signed(failed)).toString('utf8')) as {
      dsseEnvelope: { payload: string };
    };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
      predicate: QaRecord;
    };
    statement.predicate.verdict = 'passed';
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const tampered = Buffer.from(JSON.stringify(bundle));
    await attach(c, path, digest, tampered, { [ANNOTATION.sha]: sha, [ANNOTATION.verdict]: 'passed' });
    await tagByHand(repository, `qa-${sha}`, digest);
    expect(await refusedPromotion(r, repository, ['--sha', sha], 'bad-signature')).toContain(
      'does not verify',
    );

    // With the genuine failure beside it, the failure decides: the tampered pass is no verdict.
    await attach(c, path, digest, await signed(failed), {
      [ANNOTATION.sha]: sha,
      [ANNOTATION.verdict]: 'failed',
    });
    expect(await refusedPromotion(r, repository, ['--sha', sha], 'failed-verdict')).toContain('is failed');

    // A genuinely signed failure relabelled "passed" in its (unsigned) annotations, alone on a digest.
    const sha2 = commitOnBranch(r, 'relabelled', 'also failed\n');
    const relabelled = await untested(path);
    await attach(c, path, relabelled, await signed(recordFor(r, real.record!, sha2, relabelled, 'failed')), {
      [ANNOTATION.sha]: sha2,
      [ANNOTATION.verdict]: 'passed',
    });
    await tagByHand(repository, `qa-${sha2}`, relabelled);
    expect(await refusedPromotion(r, repository, ['--sha', sha2], 'annotation-mismatch')).toContain(
      'io.immutable-qa.verdict is "passed", signed "failed"',
    );
  });
});

/** The record signed with the fixtures' trusted key, as QA signs it. */
function signed(record: QaRecord): Promise<Buffer> {
  return signStatement(qaStatement(record), keySigner(TEST_SIGNING_KEY));
}

/** A bundle pushed as a referrer of `digest`, with whatever annotations the writer chose. */
async function attach(
  c: ReturnType<typeof client>,
  path: string,
  digest: string,
  bundle: Buffer,
  annotations: Record<string, string>,
): Promise<void> {
  await pushRecordArtifact(c, {
    repo: path,
    subject: descriptorOf(await c.getManifest(path, digest)),
    artifactType: SIGNED_RECORD_ARTIFACT_TYPE,
    payload: bundle,
    annotations,
  });
}

describe('migrating from unsigned records', () => {
  test('an unsigned record of before is refused with how to migrate; accepted, loudly, under record.signing: none', async () => {
    const { r, repository, path } = setup();
    const real = await qa(r);
    const sha = commitOnBranch(r, 'old', 'recorded before signing\n');
    const digest = await untested(path);
    await attachByHand(repository, recordFor(r, real.record!, sha, digest), digest, 'unsigned');
    const stderr = await refusedPromotion(r, repository, ['--sha', sha, '--tags', 'main'], 'unsigned');
    expect(stderr).toContain('To migrate: re-run QA on');

    // The team opts out explicitly: the unsigned verdict is promoted, with a warning that says so.
    writeFileSync(r.config, `${promoteConfig(repository).replace('signing: key', 'signing: none')}`);
    git(r, 'commit', '-qam', 'record.signing: none');
    const promoted = await runPromote(r, ['--sha', sha, '--tags', 'main']);
    expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(promoted.stderr).toContain('is UNSIGNED (record.signing: none)');
    expect(promoted.json).toMatchObject({ digest, record: { source: { qa_signer: null } } });
    expect(await tagDigest(repository, 'main')).toBe(digest);
  });
});
