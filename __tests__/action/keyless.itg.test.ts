// Keyless signing end to end, offline (issue 15): the action bundle as the runner runs it, with the
// job's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN) and Fulcio, Rekor and a timestamp
// authority from support/sigstore.ts. The signed record lands on the digest and in GitHub's
// attestations API (the test server validates the request against the OpenAPI description);
// promotion verifies the certificate's identity against promote.trust before it tags anything.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { SIGNED_RECORD_ARTIFACT_TYPE } from '../../src/store/artifact.js';
import { pullRequestEvent, writeEvent } from '../support/events.js';
import { configFor, makeRepo, readOutputs, registry, type Repo } from '../support/fixtures.js';
import { startGitHubServer } from '../support/github-server.js';
import { verifyKeylessBundle } from '../support/independent-verify.js';
import {
  cleanEnv,
  client,
  removeImages,
  runPromote,
  runQa,
  split,
  tagDigest,
  tags,
} from '../support/promotion.js';
import { runMain, runnerEnv, runPost } from '../support/runner.js';
import { GITHUB_ISSUER, startMockSigstore } from '../support/sigstore.js';

const repos: Repo[] = [];
afterAll(() => removeImages([registry()], /^iqa-keyless\//));
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

// The reusable workflow the caller's job runs: the identity a pull request cannot change.
const REUSABLE = 'immutable-qa/immutable-qa/.github/workflows/qa.yml';
const SAN = `https://github.com/${REUSABLE}@refs/tags/v1`;

const checks = `  - name: page
    run: sh tests/smoke.sh
  - name: no-oidc
    # The code under test never holds the job's OIDC token: it could sign verdicts with it.
    run: test -z "$ACTIONS_ID_TOKEN_REQUEST_TOKEN" && test -z "$ACTIONS_ID_TOKEN_REQUEST_URL"
`;

function config(repository: string, sigstore: string, workflow: string): string {
  return (
    configFor(repository, checks).replace('record:\n  signing: key\n', '') +
    `record:
  signing: keyless
  sigstore: { fulcio: "${sigstore}", rekor: "${sigstore}", tsa: "${sigstore}" }
promote:
  tags: [main]
  trust:
    identities:
      - workflow: ${workflow}
        repository: acme/hello
    trusted-root: .github/sigstore-trusted-root.jsonl
`
  );
}

test('QA signs keylessly as the reusable workflow; GitHub stores the attestation; promote verifies the identity', async () => {
  const sigstore = await startMockSigstore({
    repository: 'acme/hello',
    ref: 'refs/pull/7/merge',
    sha: 'f'.repeat(40),
    job_workflow_ref: `${REUSABLE}@refs/tags/v1`,
    workflow_ref: 'acme/hello/.github/workflows/ci.yml@refs/pull/7/merge',
  });
  const github = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_keyless' });
  const repository = `${registry()}/iqa-keyless/hello${Date.now().toString(36)}`;
  // `gh attestation trusted-root` writes JSON lines, one root per Sigstore instance.
  const roots = `${JSON.stringify({ mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1', tlogs: [], certificateAuthorities: [], ctlogs: [], timestampAuthorities: [] })}\n${JSON.stringify(sigstore.trustedRoot)}\n`;
  const r = makeRepo(config(repository, sigstore.url, `${REUSABLE}@refs/tags/v1`), {
    '.github/sigstore-trusted-root.jsonl': roots,
  });
  repos.push(r);
  // The runner's files and the event live beside the checkout, not in its tree: the tree stays clean.
  appendFileSync(join(r.dir, '.git/info/exclude'), 'output.txt\nstate.txt\nsummary.txt\n.event/\n');
  let project: string | undefined;
  try {
    const event = writeEvent(
      join(r.dir, '.event'),
      pullRequestEvent({ action: 'opened', number: 7, headSha: r.sha, owner: 'acme', repo: 'hello' }),
    );
    const env: NodeJS.ProcessEnv = {
      ...runnerEnv(r, {
        event,
        apiUrl: github.url,
        inputs: { 'github-token': 'ghs_keyless', 'signing-key': '' },
      }),
      ...sigstore.runnerEnv,
    };
    const result = await runMain(r, env);
    const outputs = readOutputs(env.GITHUB_OUTPUT!);
    project = (JSON.parse(readFileSync(outputs.record!, 'utf8')) as QaRecord).environment.project;
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({
      code: 0,
      out: '',
    });
    expect(outputs.verdict).toBe('passed');
    const digest = outputs.digest!;
    expect(result.stdout).toContain(`QA record signed: keyless (Fulcio ${sigstore.url}`);
    expect(sigstore.requests).toEqual(
      expect.arrayContaining([
        'GET /_apis/token',
        'POST /api/v2/signingCert',
        'POST /api/v1/log/entries',
        'POST /api/v1/timestamp',
      ]),
    );

    // On the digest: one signed record, whose certificate names the reusable workflow (checked with
    // @sigstore/verify alone); GitHub got the same bundle through its attestations API.
    const [host, path] = split(repository);
    const referrers = await client(host).getReferrers(path, digest, SIGNED_RECORD_ARTIFACT_TYPE);
    expect(referrers).toHaveLength(1);
    const bundle = (await client(host).getArtifact(path, referrers[0]!.digest)).payload;
    const statement = verifyKeylessBundle(bundle, sigstore.trustedRoot, SAN, GITHUB_ISSUER);
    expect(statement.subject).toEqual([{ name: repository, digest: { sha256: digest.slice(7) } }]);
    expect(github.state.attestations.map((a) => a.bundle)).toEqual([JSON.parse(bundle.toString('utf8'))]);
    expect(github.violations).toEqual([]);

    // Promotion with the reviewed trust: the identity verifies, main is the tested digest.
    const promoted = await runPromote(r, ['--sha', r.sha], cleanEnv());
    expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(promoted.stderr).toContain(`signed by ${SAN}`);
    expect(promoted.json).toMatchObject({ digest, record: { source: { qa_signer: SAN } } });
    expect(await tagDigest(repository, 'main')).toBe(digest);

    // Trusting another workflow (the repository's own qa.yml, which a PR can edit) refuses this verdict.
    const other = join(r.dir, '.github/other.yml');
    writeFileSync(
      other,
      config(repository, sigstore.url, 'acme/hello/.github/workflows/qa.yml').replace(
        'tags: [main]',
        'tags: [stable]',
      ),
    );
    const before = (await tags(repository)).sort();
    const refused = await runPromote(r, ['--sha', r.sha], cleanEnv(), other);
    expect({ code: refused.code, reason: refused.json?.reason }).toEqual({
      code: 1,
      reason: 'untrusted-signer',
    });
    expect(refused.stderr).toContain(
      `signed by ${SAN}; trusted: https://github.com/acme/hello/.github/workflows/qa.yml`,
    );
    expect((await tags(repository)).sort()).toEqual(before);

    const post = await runPost(r, env);
    expect(post.code).toBe(0);
  } finally {
    if (project) await removeByLabel(project);
    await github.close();
    await sigstore.close();
  }
});

test('without id-token: write the run stops before anything starts, saying what to grant (exit 2 → failed step)', async () => {
  const repository = `${registry()}/iqa-keyless/noid${Date.now().toString(36)}`;
  const r = makeRepo(config(repository, 'http://127.0.0.1:9', `${REUSABLE}@refs/tags/v1`), {
    '.github/sigstore-trusted-root.jsonl': '{}\n',
  });
  repos.push(r);
  const event = writeEvent(
    join(r.dir, '.event'),
    pullRequestEvent({ action: 'opened', number: 9, headSha: r.sha, owner: 'acme', repo: 'hello' }),
  );
  const env = runnerEnv(r, { event, inputs: { 'signing-key': '' } });
  const result = await runMain(r, env);
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('::error::record.signing is keyless');
  expect(result.stdout).toContain('permissions: id-token: write');
  // Nothing was built or pushed.
  expect(await tags(repository)).toEqual([]);
});

test('Fulcio unreachable: the verdict stands in the local record, but nothing is recorded on the digest (exit 3)', async () => {
  const sigstore = await startMockSigstore({
    repository: 'acme/hello',
    ref: 'refs/heads/main',
    sha: 'f'.repeat(40),
    job_workflow_ref: `${REUSABLE}@refs/tags/v1`,
    workflow_ref: `${REUSABLE}@refs/tags/v1`,
  });
  const repository = `${registry()}/iqa-keyless/down${Date.now().toString(36)}`;
  // The token endpoint answers (id-token: write), the signing services do not.
  const r = makeRepo(config(repository, 'http://127.0.0.1:9', `${REUSABLE}@refs/tags/v1`), {
    '.github/sigstore-trusted-root.jsonl': `${JSON.stringify(sigstore.trustedRoot)}\n`,
  });
  repos.push(r);
  try {
    const run = await runQa(
      r,
      ['--pr', '3'],
      cleanEnv({ IMMUTABLE_QA_SIGNING_KEY: '', ...sigstore.runnerEnv }),
    );
    if (run.record) await removeByLabel(run.record.environment.project);
    expect({ code: run.code, verdict: run.record?.verdict }).toEqual({ code: 3, verdict: 'passed' });
    expect(run.stderr).toContain('signing the QA record failed (keyless (Fulcio http://127.0.0.1:9');
    expect(run.stderr).toContain('nothing was recorded on the digest');
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBeNull();
    const [host, path] = split(repository);
    expect(await client(host).getReferrers(path, run.record!.image.digest!)).toEqual([]);
  } finally {
    await sigstore.close();
  }
});
