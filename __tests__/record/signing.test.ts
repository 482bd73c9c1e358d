// Who signs a run's record (record/signing.ts): the mode's prerequisites are usage errors before
// anything starts, keyless picks its Sigstore by repository visibility, and what each signer
// writes verifies independently (support/independent-verify.ts, @sigstore/verify alone).
import { generateKeyPairSync } from 'node:crypto';
import { UsageError } from '../../src/model/errors.js';
import { recordSigner, sigstoreUrls } from '../../src/record/signing.js';
import { verifyKeyBundle, verifyKeylessBundle } from '../support/independent-verify.js';
import { qaRecordFixture, SHA } from '../support/records.js';
import { GITHUB_ISSUER, startMockSigstore } from '../support/sigstore.js';

const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PRIVATE = ec.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC = ec.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const context = {};

test('none signs nothing, even with a key exported for other repositories', async () => {
  const signer = recordSigner({ signing: 'none' }, { signingKey: PRIVATE, context, env: {} });
  expect(signer.mode).toBe('none');
  await expect(signer.sign(qaRecordFixture())).resolves.toBeUndefined();
});

test('key signs a statement about the digest that verifies with the public key alone', async () => {
  const signer = recordSigner({ signing: 'key' }, { signingKey: PRIVATE, context, env: {} });
  const bytes = await signer.sign(qaRecordFixture());
  expect(verifyKeyBundle(bytes!, PUBLIC).predicate).toEqual(qaRecordFixture());
  expect(signer.describe).toMatch(/^key [0-9a-f]{64}$/);
});

test.each<[string, Parameters<typeof recordSigner>, string]>([
  [
    'key without a key',
    [{ signing: 'key' }, { context, env: {} }],
    'no signing key was given: pass the PEM private key in the signing-key input',
  ],
  [
    'key with a non-key',
    [{ signing: 'key' }, { signingKey: 'hunter2', context, env: {} }],
    'the signing key cannot sign: the signing key is not a PEM private key',
  ],
  [
    'key with an RSA key',
    [
      { signing: 'key' },
      {
        signingKey: generateKeyPairSync('rsa', { modulusLength: 2048 })
          .privateKey.export({ type: 'pkcs8', format: 'pem' })
          .toString(),
        context,
        env: {},
      },
    ],
    'must be ECDSA P-256 or Ed25519 (got rsa)',
  ],
  [
    'keyless without an OIDC token',
    [{ signing: 'keyless' }, { context, env: {} }],
    'give the job `permissions: id-token: write`',
  ],
  [
    'keyless with a key',
    [
      { signing: 'keyless' },
      {
        signingKey: PRIVATE,
        context,
        env: { ACTIONS_ID_TOKEN_REQUEST_URL: 'u', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' },
      },
    ],
    'set record.signing: key to sign with the key',
  ],
])('%s is a usage error (exit 2) that says what to do', (_name, args, message) => {
  expect(() => recordSigner(...args)).toThrow(UsageError);
  expect(() => recordSigner(...args)).toThrow(message);
});

test('keyless: GitHub’s Sigstore for private and internal repositories, public good otherwise, or the configured URLs', () => {
  expect(sigstoreUrls(undefined, 'private')).toEqual({
    fulcio: 'https://fulcio.githubapp.com',
    tsa: 'https://timestamp.githubapp.com',
  });
  expect(sigstoreUrls(undefined, 'internal').fulcio).toBe('https://fulcio.githubapp.com');
  expect(sigstoreUrls(undefined, 'public')).toEqual({
    fulcio: 'https://fulcio.sigstore.dev',
    rekor: 'https://rekor.sigstore.dev',
  });
  expect(sigstoreUrls(undefined, undefined).rekor).toBe('https://rekor.sigstore.dev');
  expect(sigstoreUrls('github', 'public').tsa).toBe('https://timestamp.githubapp.com');
  expect(sigstoreUrls({ fulcio: 'http://f', tsa: 'http://t' }, 'public')).toEqual({
    fulcio: 'http://f',
    tsa: 'http://t',
  });
});

test('keyless signs with the job’s token: the certificate names the workflow, and it verifies independently', async () => {
  const workflow = 'acme/shop/.github/workflows/qa.yml@refs/pull/12/merge';
  const sigstore = await startMockSigstore({
    repository: 'acme/shop',
    ref: 'refs/pull/12/merge',
    sha: SHA,
    job_workflow_ref: workflow,
    workflow_ref: workflow,
  });
  const saved = { ...process.env };
  Object.assign(process.env, sigstore.runnerEnv);
  try {
    const signer = recordSigner(
      { signing: 'keyless', sigstore: { fulcio: sigstore.url, tsa: sigstore.url } },
      { context: { visibility: 'private' }, env: process.env },
    );
    expect(signer.describe).toBe(`keyless (Fulcio ${sigstore.url}, timestamps ${sigstore.url})`);
    const bytes = await signer.sign(qaRecordFixture());
    const statement = verifyKeylessBundle(
      bytes!,
      sigstore.trustedRoot,
      `https://github.com/${workflow}`,
      GITHUB_ISSUER,
    );
    expect(statement.predicate).toEqual(qaRecordFixture());
    expect(sigstore.requests).toEqual(
      expect.arrayContaining(['GET /_apis/token', 'POST /api/v2/signingCert', 'POST /api/v1/timestamp']),
    );
  } finally {
    for (const k of Object.keys(sigstore.runnerEnv)) delete process.env[k];
    Object.assign(process.env, saved);
    await sigstore.close();
  }
});
