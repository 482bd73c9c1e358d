// Keyless signing of the QA statement, offline: the real FulcioSigner, RekorWitness and TSAWitness
// of @sigstore/sign against @sigstore/mock's services (support/sigstore.ts) with a token endpoint
// shaped like the runner's; verification by identity against the mock's trusted root.
import { verifyWithIdentity, type TrustedIdentity } from '../../src/record/attestation.js';
import { qaStatement } from '../../src/record/statement.js';
import { keylessSigning, signStatement } from '../../src/record/sign.js';
import type { QaRecord } from '../../src/model/record.js';
import {
  GITHUB_ISSUER,
  startMockSigstore,
  type MockSigstore,
  type TokenClaims,
} from '../support/sigstore.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const WORKFLOW = 'acme/shop/.github/workflows/qa.yml@refs/heads/main';
const CLAIMS: TokenClaims = {
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  sha: 'c'.repeat(40),
  job_workflow_ref: WORKFLOW,
  workflow_ref: WORKFLOW,
};
const TRUST: TrustedIdentity = {
  workflow: `https://github.com/${WORKFLOW}`,
  issuer: GITHUB_ISSUER,
  sourceRepository: 'acme/shop',
};

const record = (digest = DIGEST): QaRecord =>
  ({
    schema: 1,
    verdict: 'passed',
    image: { repository: 'ghcr.io/acme/shop', digest },
    source: {
      repository: 'acme/shop',
      sha: 'c'.repeat(40),
      checkout_sha: null,
      tree: null,
      ref: null,
      pr: 12,
      dirty: false,
    },
    environment: { definition_sha256: null, project: 'iqa-shop-pr12', endpoints: {} },
    phases: [],
    checks: [],
    run: null,
    tool: { name: 'immutable-qa', version: '0.0.0' },
    created_at: '2026-12-02T00:00:00.000Z',
  }) satisfies QaRecord;

let sigstore: MockSigstore;
const saved = { ...process.env };
beforeAll(async () => {
  sigstore = await startMockSigstore({ ...CLAIMS });
  Object.assign(process.env, sigstore.runnerEnv);
});
afterAll(async () => {
  await sigstore.close();
  for (const k of Object.keys(sigstore.runnerEnv)) delete process.env[k];
  Object.assign(process.env, saved);
});

async function signed(claims: Partial<TokenClaims> = {}, digest = DIGEST): Promise<Buffer> {
  sigstore.claims = { ...CLAIMS, ...claims };
  const { signer, witnesses } = keylessSigning({
    fulcio: sigstore.url,
    rekor: sigstore.url,
    tsa: sigstore.url,
  });
  return signStatement(qaStatement(record(digest)), signer, witnesses);
}

test('the job token buys a certificate naming the workflow; Rekor and the TSA witness; it verifies', async () => {
  const bytes = await signed();
  expect(sigstore.requests).toEqual(
    expect.arrayContaining([
      'GET /_apis/token',
      'POST /api/v2/signingCert',
      'POST /api/v1/log/entries',
      'POST /api/v1/timestamp',
    ]),
  );
  expect(verifyWithIdentity(bytes, sigstore.trustedRoot, TRUST, DIGEST)).toEqual({
    ok: true,
    record: record(),
    signer: TRUST.workflow,
  });
});

test.each<[string, Partial<TokenClaims>, Partial<TrustedIdentity>, RegExp]>([
  [
    'another workflow of the repository',
    { job_workflow_ref: 'acme/shop/.github/workflows/evil.yml@refs/heads/main' },
    {},
    /^signed by https:\/\/github\.com\/acme\/shop\/\.github\/workflows\/evil\.yml@refs\/heads\/main; trusted: /,
  ],
  [
    'a branch whose name starts like the trusted one (main-evil)',
    { job_workflow_ref: `${WORKFLOW}-evil` },
    {},
    /main-evil; trusted: /,
  ],
  [
    'another repository',
    { repository: 'acme/other' },
    {},
    /for https:\/\/github\.com\/acme\/other, not for https:\/\/github\.com\/acme\/shop$/,
  ],
  ['another issuer than the trusted one', {}, { issuer: 'https://issuer.example' }, /not trusted/],
])('a verdict signed by %s is refused as untrusted-identity', async (_name, claims, trust, message) => {
  const checked = verifyWithIdentity(
    await signed(claims),
    sigstore.trustedRoot,
    { ...TRUST, ...trust },
    DIGEST,
  );
  expect(checked).toMatchObject({ ok: false, problem: 'untrusted-identity' });
  expect(!checked.ok && checked.message).toMatch(message);
});

test('a tampered payload is refused', async () => {
  const bundle = JSON.parse((await signed()).toString('utf8')) as { dsseEnvelope: { payload: string } };
  const statement = JSON.parse(Buffer.from(bundle.dsseEnvelope.payload, 'base64').toString('utf8')) as {
    predicate: QaRecord;
  };
  statement.predicate.source.sha = 'e'.repeat(40);
  bundle.dsseEnvelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
  const checked = verifyWithIdentity(
    Buffer.from(JSON.stringify(bundle)),
    sigstore.trustedRoot,
    TRUST,
    DIGEST,
  );
  expect(checked).toMatchObject({ ok: false, problem: 'bad-signature' });
});

test("a certificate from another Sigstore instance's CA is refused", async () => {
  const other = await startMockSigstore({ ...CLAIMS });
  try {
    const checked = verifyWithIdentity(await signed(), other.trustedRoot, TRUST, DIGEST);
    expect(checked).toMatchObject({ ok: false, problem: 'bad-signature' });
  } finally {
    await other.close();
  }
});

test('a valid attestation of another digest is refused', async () => {
  const checked = verifyWithIdentity(
    await signed({}, `sha256:${'b'.repeat(64)}`),
    sigstore.trustedRoot,
    TRUST,
    DIGEST,
  );
  expect(checked).toMatchObject({ ok: false, problem: 'subject-mismatch' });
});
