// Promotion's trust (record/trust.ts → record/verify.ts): the record artifacts on a digest become
// verdicts only when a trusted signer signed them. Real signatures (a generated key pair, the offline
// Sigstore of support/sigstore.ts), and the attacks: unsigned, untrusted, tampered, moved, relabelled.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { UsageError } from '../../src/model/errors.js';
import type { QaRecord } from '../../src/model/record.js';
import { sameWorkflow } from '../../src/record/attestation.js';
import { keySigner } from '../../src/record/key-signer.js';
import { keylessSigning, signStatement } from '../../src/record/sign.js';
import { qaStatement } from '../../src/record/statement.js';
import { checkBundle, loadTrust, openRecords, type TrustPolicy } from '../../src/record/trust.js';
import { verifyPromotion } from '../../src/record/verify.js';
import type { RecordArtifactFound, RecordArtifacts } from '../../src/store/artifact.js';
import { DIGEST, qaRecordFixture, refusalOf, SHA } from '../support/records.js';
import { GITHUB_ISSUER, startMockSigstore, type MockSigstore } from '../support/sigstore.js';

const OTHER = `sha256:${'b'.repeat(64)}`;
const SUBJECT = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: DIGEST, size: 500 };

function pair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
const ours = pair();
const stranger = pair();
const OUR_ID = keySigner(ours.privateKey).keyId;

const keyPolicy = (signing: TrustPolicy['signing'] = 'key'): TrustPolicy => ({
  signing,
  keys: [ours.publicKey],
  identities: [],
  trustedRoots: [],
});

async function signedArtifact(
  record: QaRecord,
  key = ours.privateKey,
  annotations: Record<string, string> = {},
): Promise<RecordArtifactFound> {
  return {
    artifactDigest: `sha256:${'9'.repeat(63)}${Math.floor(Math.random() * 10)}`,
    signed: true,
    payload: await signStatement(qaStatement(record), keySigner(key)),
    subject: SUBJECT,
    annotations: {
      'io.immutable-qa.sha': record.source.sha,
      'io.immutable-qa.verdict': record.verdict,
      ...annotations,
    },
  };
}

function unsignedArtifact(record: QaRecord): RecordArtifactFound {
  return {
    artifactDigest: `sha256:${'8'.repeat(64)}`,
    signed: false,
    payload: Buffer.from(JSON.stringify(record)),
    subject: SUBJECT,
    annotations: {},
  };
}

const on = (...found: RecordArtifactFound[]): RecordArtifacts => ({
  listed: found.map((f) => ({
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    digest: f.artifactDigest,
    size: 1,
  })),
  found,
  unreadable: [],
});

function promote(artifacts: RecordArtifacts, policy: TrustPolicy) {
  return verifyPromotion({
    image: 'ghcr.io/acme/shop',
    promotedSha: SHA,
    testedSha: SHA,
    digest: DIGEST,
    records: openRecords(artifacts, policy, DIGEST, SHA),
    policy: 'pr-head',
  });
}

const refusal = refusalOf;

describe('key mode', () => {
  test('a record signed by a trusted key is the verdict, with its signer', async () => {
    const found = promote(on(await signedArtifact(qaRecordFixture())), keyPolicy());
    expect(found.signer).toBe(`key ${OUR_ID}`);
    expect(found.record).toEqual(qaRecordFixture());
  });

  test('a forged record (valid JSON, no signature) is refused as unsigned, with how to migrate', () => {
    const error = refusal(() => promote(on(unsignedArtifact(qaRecordFixture())), keyPolicy()));
    expect(error.reason).toBe('unsigned');
    expect(error.message).toContain('anyone who can push to the registry could have written');
    expect(error.message).toContain('re-run QA on');
    expect(error.message).toContain('set record.signing: none');
  });

  test('with record.signing: none an unsigned record is accepted, without a signer', () => {
    const found = promote(on(unsignedArtifact(qaRecordFixture())), { ...keyPolicy('none'), keys: [] });
    expect(found.signer).toBeUndefined();
    expect(found.record.verdict).toBe('passed');
  });

  test('a record signed by an untrusted key is refused, naming both keys', async () => {
    const artifact = await signedArtifact(qaRecordFixture(), stranger.privateKey);
    const error = refusal(() => promote(on(artifact), keyPolicy()));
    expect(error.reason).toBe('untrusted-signer');
    expect(error.message).toContain(`trusted: key ${OUR_ID}`);
  });

  test('a valid attestation of digest B attached to digest A is refused (subject-mismatch)', async () => {
    const artifact = await signedArtifact(qaRecordFixture({ digest: OTHER }));
    const error = refusal(() => promote(on(artifact), keyPolicy()));
    expect(error.reason).toBe('subject-mismatch');
    expect(error.message).toContain(`about ${OTHER}`);
  });

  test('a tampered payload with the original signature is refused (bad-signature)', async () => {
    const artifact = await signedArtifact(qaRecordFixture({ verdict: 'failed' }));
    const bundle = JSON.parse(artifact.payload.toString('utf8')) as { dsseEnvelope: { payload: string } };
    const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
      predicate: QaRecord;
    };
    statement.predicate.verdict = 'passed';
    bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    const tampered = { ...artifact, payload: Buffer.from(JSON.stringify(bundle)), annotations: {} };
    const error = refusal(() => promote(on(tampered), keyPolicy()));
    expect(error.reason).toBe('bad-signature');
  });

  test('annotations that disagree with the signed record are refused (annotation-mismatch)', async () => {
    const artifact = await signedArtifact(qaRecordFixture({ verdict: 'failed' }), ours.privateKey, {
      'io.immutable-qa.verdict': 'passed',
    });
    const error = refusal(() => promote(on(artifact), keyPolicy()));
    expect(error.reason).toBe('annotation-mismatch');
    expect(error.message).toContain('io.immutable-qa.verdict is "passed", signed "failed"');
  });

  test('an unsigned "passed" does not outvote a later signed failure; only verified records count', async () => {
    const failed = await signedArtifact(
      qaRecordFixture({ verdict: 'failed', created_at: '2026-12-02T01:00:00.000Z' }),
    );
    const forged = unsignedArtifact(qaRecordFixture({ created_at: '2026-12-02T02:00:00.000Z' }));
    const error = refusal(() => promote(on(forged, failed), keyPolicy()));
    expect(error.reason).toBe('failed-verdict');
  });

  test('a signed record for another commit is not a verdict on this one', async () => {
    const records = openRecords(
      on(await signedArtifact(qaRecordFixture({ sha: 'e'.repeat(40) }))),
      keyPolicy(),
      DIGEST,
      SHA,
    );
    expect(records.matching).toEqual([]);
    expect(records.refused).toEqual([]);
  });
});

describe('keyless', () => {
  let sigstore: MockSigstore;
  const saved = { ...process.env };
  const WORKFLOW = 'acme/shop/.github/workflows/qa.yml';
  beforeAll(async () => {
    sigstore = await startMockSigstore({
      repository: 'acme/shop',
      ref: 'refs/pull/12/merge',
      sha: SHA,
      job_workflow_ref: `${WORKFLOW}@refs/pull/12/merge`,
      workflow_ref: `${WORKFLOW}@refs/pull/12/merge`,
    });
    Object.assign(process.env, sigstore.runnerEnv);
  });
  afterAll(async () => {
    await sigstore.close();
    for (const k of Object.keys(sigstore.runnerEnv)) delete process.env[k];
    Object.assign(process.env, saved);
  });
  const keyless = async (): Promise<Buffer> => {
    const { signer, witnesses } = keylessSigning({ fulcio: sigstore.url, rekor: sigstore.url });
    return signStatement(qaStatement(qaRecordFixture()), signer, witnesses);
  };
  const identityPolicy = (workflow: string, roots: unknown[]): TrustPolicy => ({
    signing: 'keyless',
    keys: [],
    identities: [
      { workflow: `https://github.com/${workflow}`, issuer: GITHUB_ISSUER, sourceRepository: 'acme/shop' },
    ],
    trustedRoots: roots,
  });

  test('a workflow trusted without @ref accepts any ref of that file, and only that file', async () => {
    const bytes = await keyless();
    const check = checkBundle(bytes, identityPolicy(WORKFLOW, [sigstore.trustedRoot]), DIGEST);
    expect(check).toMatchObject({ ok: true, signer: `https://github.com/${WORKFLOW}@refs/pull/12/merge` });
    const exact = checkBundle(
      bytes,
      identityPolicy(`${WORKFLOW}@refs/heads/main`, [sigstore.trustedRoot]),
      DIGEST,
    );
    expect(exact).toMatchObject({ ok: false, problem: 'untrusted-identity' });
    expect(
      sameWorkflow(
        `https://github.com/${WORKFLOW}-evil.yml@refs/heads/main`,
        `https://github.com/${WORKFLOW}`,
      ),
    ).toBe(false);
    expect(
      sameWorkflow(`https://github.com/${WORKFLOW}@refs/heads/main`, `https://github.com/${WORKFLOW}`),
    ).toBe(true);
  });

  test('a certificate that expired before it signed is refused (bad-signature), whoever it names', async () => {
    const expired = await startMockSigstore(sigstore.claims, { caClock: new Date(Date.now() - 3_600_000) });
    const saved = { ...process.env };
    Object.assign(process.env, expired.runnerEnv);
    try {
      const { signer, witnesses } = keylessSigning({ fulcio: expired.url, rekor: expired.url });
      const bytes = await signStatement(qaStatement(qaRecordFixture()), signer, witnesses);
      const check = checkBundle(bytes, identityPolicy(WORKFLOW, [expired.trustedRoot]), DIGEST);
      expect(check).toMatchObject({ ok: false, problem: 'bad-signature' });
      expect(!check.ok && check.message).toMatch(/certificate/i);
    } finally {
      Object.assign(process.env, saved);
      await expired.close();
    }
  });

  test('of several trusted roots (JSON lines), the one that issued the certificate verifies it', async () => {
    const bytes = await keyless();
    const foreign = await startMockSigstore(sigstore.claims);
    try {
      const policy = identityPolicy(WORKFLOW, [foreign.trustedRoot, sigstore.trustedRoot]);
      expect(checkBundle(bytes, policy, DIGEST)).toMatchObject({ ok: true });
      // Only a root that did not issue it: an untrusted chain is a bad signature, not a verdict.
      const wrong = checkBundle(bytes, identityPolicy(WORKFLOW, [foreign.trustedRoot]), DIGEST);
      expect(wrong).toMatchObject({ ok: false, problem: 'bad-signature' });
    } finally {
      await foreign.close();
    }
  });
});

describe('loadTrust', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-trust-'));
  const config = (signing: Config['record']['signing'], trust: Partial<Config['promote']['trust']>) =>
    ({
      record: { signing },
      promote: { tags: ['main'], policy: 'same-tree', trust: { keys: [], identities: [], ...trust } },
    }) satisfies Pick<Config, 'record' | 'promote'>;

  test('signing without anyone to trust is a usage error that says what to add', async () => {
    await expect(loadTrust(config('key', {}))).rejects.toThrow(UsageError);
    await expect(loadTrust(config('key', {}))).rejects.toThrow('promote.trust.keys');
    await expect(loadTrust(config('keyless', {}))).rejects.toThrow('promote.trust.identities');
    await expect(loadTrust(config('none', {}))).resolves.toMatchObject({ signing: 'none', keys: [] });
  });

  test('a key file that is not a public key names the file', async () => {
    const file = join(dir, 'qa.pub');
    writeFileSync(file, 'not a key\n');
    await expect(loadTrust(config('key', { keys: [file] }))).rejects.toThrow(
      `promote.trust.keys: ${file} is not a PEM public key`,
    );
  });

  test('a trusted root file may hold one root or JSON lines (gh attestation trusted-root)', async () => {
    const one = join(dir, 'root.json');
    writeFileSync(one, JSON.stringify({ mediaType: 'a', tlogs: [] }, null, 2));
    const lines = join(dir, 'roots.jsonl');
    writeFileSync(lines, `${JSON.stringify({ mediaType: 'a' })}\n${JSON.stringify({ mediaType: 'b' })}\n`);
    const identities = [
      { workflow: 'https://github.com/a/b/.github/workflows/qa.yml', issuer: GITHUB_ISSUER },
    ];
    expect((await loadTrust(config('keyless', { identities, trustedRoot: one }))).trustedRoots).toHaveLength(
      1,
    );
    expect((await loadTrust(config('keyless', { identities, trustedRoot: lines }))).trustedRoots).toEqual([
      { mediaType: 'a' },
      { mediaType: 'b' },
    ]);
  });
});
