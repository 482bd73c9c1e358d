// Storing the signed verdict as a GitHub artifact attestation, in-process against the validating
// GitHub API test server: a real keyless bundle (offline Sigstore, support/sigstore.ts) goes through
// the action's Octokit, the server checks the body against GitHub's OpenAPI description, keeps it,
// and answers 201 with an id; bodies the description rejects, and missing permissions, fail.
import { createOctokit, type Octokit } from '../../src/github/octokit.js';
import { storeAttestation } from '../../src/github/attestations.js';
import type { GitHubTarget } from '../../src/github/target.js';
import { memoryLogger } from '../../src/model/log.js';
import type { QaRecord } from '../../src/model/record.js';
import { BUNDLE_MEDIA_TYPE, qaStatement } from '../../src/record/statement.js';
import { keylessSigning, signStatement } from '../../src/record/sign.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';
import { startMockSigstore, type TokenClaims } from '../support/sigstore.js';
import { settle, useVirtualClock } from '../support/virtual-clock.js';

const WORKFLOW = 'acme/shop/.github/workflows/qa.yml@refs/heads/main';
const CLAIMS: TokenClaims = {
  repository: 'acme/shop',
  ref: 'refs/heads/main',
  sha: 'c'.repeat(40),
  job_workflow_ref: WORKFLOW,
  workflow_ref: WORKFLOW,
};

const record: QaRecord = {
  schema: 1,
  verdict: 'passed',
  image: { repository: 'ghcr.io/acme/shop', digest: `sha256:${'a'.repeat(64)}` },
  source: {
    repository: 'acme/shop',
    sha: 'c'.repeat(40),
    checkout_sha: 'c'.repeat(40),
    tree: 'd'.repeat(40),
    ref: 'refs/heads/main',
    pr: null,
    dirty: false,
  },
  environment: { definition_sha256: '0'.repeat(64), project: 'iqa-shop-main', endpoints: {} },
  phases: [],
  checks: [],
  run: { id: '1234', attempt: 1, url: 'https://github.com/acme/shop/actions/runs/1234' },
  tool: { name: 'immutable-qa', version: '0.0.0' },
  created_at: '2026-12-02T00:00:00.000Z',
};

type Bundle = {
  mediaType: string;
  verificationMaterial: Record<string, unknown>;
  dsseEnvelope: Record<string, unknown>;
};

/** Signed once, before the virtual clock: Fulcio certificate, Rekor entry, TSA timestamp. */
let bundle: Bundle;
beforeAll(async () => {
  const sigstore = await startMockSigstore(CLAIMS);
  const saved = { ...process.env };
  Object.assign(process.env, sigstore.runnerEnv);
  try {
    const { signer, witnesses } = keylessSigning({
      fulcio: sigstore.url,
      rekor: sigstore.url,
      tsa: sigstore.url,
    });
    bundle = JSON.parse(
      (await signStatement(qaStatement(record), signer, witnesses)).toString('utf8'),
    ) as Bundle;
  } finally {
    for (const k of Object.keys(sigstore.runnerEnv)) delete process.env[k];
    Object.assign(process.env, saved);
    await sigstore.close();
  }
});

// The throttling's 1 s between writes runs on the virtual clock.
useVirtualClock();
let gh: GitHubServer;
let octokit: Octokit;
beforeEach(async () => {
  gh = await startGitHubServer({ owner: 'acme', repo: 'shop', token: 'ghs_test' });
  octokit = createOctokit({ token: 'ghs_test', baseUrl: gh.url, logger: memoryLogger() });
});
afterEach(async () => {
  await gh.close();
});

/** The error `work` rejects with (caught at once: a rejection left pending fails the test). */
const failure = (work: Promise<unknown>): Promise<unknown> =>
  settle(
    work.then(
      () => new Error('expected a rejection'),
      (error: unknown) => error,
    ),
  );

const target = (repo = 'shop'): GitHubTarget => ({ octokit, owner: 'acme', repo, headSha: 'c'.repeat(40) });

test('a real keyless bundle is stored as sent; GitHub answers 201 with an integer id', async () => {
  expect(bundle.mediaType).toBe(BUNDLE_MEDIA_TYPE);
  expect(bundle.verificationMaterial).toHaveProperty('certificate');
  expect(bundle.verificationMaterial).toHaveProperty('tlogEntries');

  const id = await settle(storeAttestation(target(), bundle));
  const again = await settle(storeAttestation(target(), bundle));

  expect(Number.isInteger(id)).toBe(true);
  expect(again).toBe(id + 1);
  expect(gh.violations).toEqual([]);
  expect(gh.state.attestations.map((a) => a.id)).toEqual([id, again]);
  expect(gh.state.attestations[0]?.bundle).toEqual(bundle);
  const [request] = gh.requests;
  expect(request).toMatchObject({
    method: 'POST',
    path: '/repos/acme/shop/attestations',
    operationId: 'repos/create-attestation',
    status: 201,
  });
  expect(request?.body).toEqual({ bundle });
});

test('a body the OpenAPI description rejects is refused with 422 and not stored', async () => {
  const raw = octokit.request('POST /repos/{owner}/{repo}/attestations', {
    owner: 'acme',
    repo: 'shop',
    bundle: 'x' as never, // what the types forbid: the server must refuse it too
  });
  expect(await failure(raw)).toMatchObject({ status: 422 });
  expect(gh.violations).toEqual([
    "POST /repos/acme/shop/attestations (repos/create-attestation): For '/bundle', must be object.",
  ]);

  expect(await failure(storeAttestation(target(), 'x'))).toMatchObject({
    message: expect.stringMatching(/^cannot store the attestation in acme\/shop: Invalid request/),
  });
  expect(gh.state.attestations).toEqual([]);
});

test('a token without attestations: write gets a message that says what to grant', async () => {
  gh.setMode('read-only');
  expect(await failure(storeAttestation(target(), bundle))).toMatchObject({
    message:
      'cannot store the attestation in acme/shop (403 Resource not accessible by integration): ' +
      'grant the job `permissions: attestations: write`; ' +
      'artifact attestations in private repositories need GitHub Enterprise Cloud.',
  });
  expect(gh.state.attestations).toEqual([]);
});

test('a repository the token cannot see (404) gets the same advice', async () => {
  expect(await failure(storeAttestation(target('private'), bundle))).toMatchObject({
    message: expect.stringMatching(
      /^cannot store the attestation in acme\/private \(404 .*\): grant the job `permissions: attestations: write`/,
    ),
  });
});
