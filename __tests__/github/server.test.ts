// The GitHub API test server must be strict exactly where GitHub is: these tests prove it rejects
// what GitHub rejects, accepts what it accepts, and that a real Octokit can talk to it.
import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { openapiSubset, startGitHubServer, type GitHubServer } from '../support/github-server.js';

const HEAD = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);
const TREE = 'c'.repeat(40);

let server: GitHubServer;

interface RawResponse {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: 'token test-token',
      accept: 'application/vnd.github+json',
      ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

const annotation = (i: number): Record<string, unknown> => ({
  path: 'src/a.ts',
  start_line: i + 1,
  end_line: i + 1,
  annotation_level: 'failure',
  message: `problem ${i}`,
});

beforeEach(async () => {
  server = await startGitHubServer({
    commits: { [HEAD]: { tree: TREE, parents: [MERGE], message: 'feat: cart' } },
    refs: { main: MERGE },
    commitPulls: {
      [MERGE]: [{ number: 12, head: { sha: HEAD, ref: 'feature/cart' }, merged_at: '2025-03-14T10:00:00Z' }],
    },
  });
});
afterEach(async () => {
  await server.close();
});

describe('the OpenAPI subset', () => {
  it('records its source and holds every operation the action uses', () => {
    expect(openapiSubset.source).toMatchObject({
      package: '@octokit/openapi',
      file: 'generated/api.github.com.json',
    });
    expect(openapiSubset.source.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(openapiSubset.operations.map((o) => o.operationId).sort()).toEqual([
      'actions/download-artifact',
      'actions/list-workflow-run-artifacts',
      'checks/create',
      'checks/list-for-ref',
      'checks/update',
      'git/get-commit',
      'issues/create-comment',
      'issues/list-comments',
      'issues/update-comment',
      'pulls/list',
      'repos/create-attestation',
      'repos/create-deployment',
      'repos/create-deployment-status',
      'repos/get',
      'repos/get-commit',
      'repos/list-deployments',
      'repos/list-pull-requests-associated-with-commit',
    ]);
    expect(JSON.stringify(openapiSubset)).not.toContain('"$ref"');
    expect(JSON.stringify(openapiSubset)).not.toContain('"nullable"');
  });
});

describe('request validation', () => {
  it('accepts a valid check run and stores it', async () => {
    const res = await call('POST', '/repos/acme/shop/check-runs', {
      name: 'immutable-qa / build',
      head_sha: HEAD,
      status: 'in_progress',
      external_id: 'sha256:' + 'd'.repeat(64),
      started_at: '2025-03-14T09:00:00Z',
      output: { title: 'Building', summary: 'docker buildx build', annotations: [annotation(0)] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'immutable-qa / build',
      head_sha: HEAD,
      status: 'in_progress',
      conclusion: null,
      html_url: expect.stringMatching(/^https:\/\/github\.com\/acme\/shop\/runs\/\d+$/),
      output: { title: 'Building', annotations_count: 1 },
    });
    expect(server.state.checkRuns).toHaveLength(1);
    expect(server.violations).toEqual([]);
  });

  it('rejects a check run with status "done"', async () => {
    const res = await call('POST', '/repos/acme/shop/check-runs', {
      name: 'x',
      head_sha: HEAD,
      status: 'done',
    });
    expect(res.status).toBe(422);
    expect(String(res.body.message)).toMatch(
      /^Invalid request\.\n\nFor '\/status', must be one of "queued", "in_progress", "completed"/,
    );
    expect(res.body.documentation_url).toBe(
      'https://docs.github.com/rest/reference/checks#create-a-check-run',
    );
    expect(server.violations).toEqual([
      expect.stringContaining("POST /repos/acme/shop/check-runs (checks/create): For '/status'"),
    ]);
    expect(server.state.checkRuns).toEqual([]);
  });

  it('rejects 51 annotations in one request, and accepts 50', async () => {
    const annotations = Array.from({ length: 51 }, (_, i) => annotation(i));
    const output = (n: number) => ({ title: 't', summary: 's', annotations: annotations.slice(0, n) });
    const bad = await call('POST', '/repos/acme/shop/check-runs', {
      name: 'x',
      head_sha: HEAD,
      output: output(51),
    });
    expect(bad.status).toBe(422);
    expect(server.violations.some((v) => v.includes('output.annotations has 51 items'))).toBe(true);

    server.violations.length = 0;
    const ok = await call('POST', '/repos/acme/shop/check-runs', {
      name: 'x',
      head_sha: HEAD,
      output: output(50),
    });
    expect(ok.status).toBe(201);
    const id = Number(ok.body.id);
    const more = await call('PATCH', `/repos/acme/shop/check-runs/${id}`, {
      conclusion: 'failure',
      output: { title: 't', summary: 's', annotations: annotations.slice(50) },
    });
    expect(more.status).toBe(200);
    expect(more.body).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { annotations_count: 51 },
    });
    expect(server.state.checkRuns[0]?.annotations).toHaveLength(51);
    expect(server.violations).toEqual([]);
  });

  it('rejects a 70,000-character summary and a 65,536-character text', async () => {
    const run = await call('POST', '/repos/acme/shop/check-runs', { name: 'x', head_sha: HEAD });
    const long = await call('PATCH', `/repos/acme/shop/check-runs/${Number(run.body.id)}`, {
      status: 'in_progress',
      output: { title: 't', summary: 'x'.repeat(70_000), text: 'y'.repeat(65_536) },
    });
    expect(long.status).toBe(422);
    expect(
      server.violations.some((v) =>
        v.includes('output.summary is 70000 characters; GitHub allows at most 65535'),
      ),
    ).toBe(true);
    expect(server.violations.some((v) => v.includes('output.text is 65536 characters'))).toBe(true);
    const exact = await call('PATCH', `/repos/acme/shop/check-runs/${Number(run.body.id)}`, {
      output: { title: 't', summary: 'x'.repeat(65_535) },
    });
    expect(exact.status).toBe(200);
  });

  it('rejects annotation titles over 255 characters and malformed annotations', async () => {
    const res = await call('POST', '/repos/acme/shop/check-runs', {
      name: 'x',
      head_sha: HEAD,
      output: {
        title: 't',
        summary: 's',
        annotations: [
          { ...annotation(0), title: 'n'.repeat(256) },
          { ...annotation(1), annotation_level: 'error' },
          { path: 'a', start_line: 5, end_line: 3, annotation_level: 'notice', message: 'm' },
          {
            path: 'a',
            start_line: 1,
            end_line: 2,
            start_column: 1,
            annotation_level: 'notice',
            message: 'm',
          },
          { path: 'a', start_line: 1, annotation_level: 'notice', message: 'm' },
        ],
      },
    });
    expect(res.status).toBe(422);
    const joined = server.violations.join('\n');
    expect(joined).toContain('output.annotations[0].title is 256 characters; the maximum is 255');
    expect(joined).toContain(
      'For \'/output/annotations/1/annotation_level\', must be one of "notice", "warning", "failure"',
    );
    expect(joined).toContain('output.annotations[2].end_line is before start_line');
    expect(joined).toContain('output.annotations[3]: start_column/end_column are only allowed');
    expect(joined).toContain("For '/output/annotations/4', must have required property 'end_line'");
  });

  it('requires a conclusion to complete, and rejects unknown properties and bad dates', async () => {
    const res = await call('POST', '/repos/acme/shop/check-runs', {
      name: 'x',
      head_sha: HEAD,
      status: 'completed',
      started_at: 'yesterday',
      headSha: HEAD,
    });
    expect(res.status).toBe(422);
    const joined = server.violations.join('\n');
    expect(joined).toContain('conclusion is required when status is "completed"');
    expect(joined).toContain('For \'/started_at\', must match format "date-time"');
    expect(joined).toContain('unknown property "headSha"');
  });

  it('rejects a missing or unparsable body, a missing token and unknown routes', async () => {
    expect((await call('POST', '/repos/acme/shop/issues/12/comments')).status).toBe(422);
    expect((await call('POST', '/repos/acme/shop/issues/12/comments', '{"body": ')).status).toBe(400);
    expect((await call('GET', '/repos/acme/shop', undefined, { authorization: '' })).status).toBe(401);
    expect((await call('GET', '/repos/acme/shop/teams')).status).toBe(404);
    expect((await call('DELETE', '/repos/acme/shop/check-runs/1')).status).toBe(404);
    expect((await call('GET', '/repos/other/repo')).status).toBe(404);
    expect(server.violations).toEqual([
      expect.stringContaining('"body" wasn\'t supplied'),
      expect.stringContaining('Problems parsing JSON'),
      expect.stringContaining('Requires authentication'),
      'GET /repos/acme/shop/teams: Not Found (unknown route)',
      expect.stringContaining('DELETE /repos/acme/shop/check-runs/1: Not Found (no DELETE'),
      expect.stringContaining('serves acme/shop only'),
    ]);
  });

  it('validates query parameters and path parameter types', async () => {
    expect((await call('GET', `/repos/acme/shop/commits/${HEAD}/check-runs?filter=newest`)).status).toBe(422);
    expect((await call('GET', '/repos/acme/shop/issues/twelve/comments')).status).toBe(404);
    expect(server.violations).toHaveLength(2);
    expect((await call('GET', '/repos/acme/shop/issues/12/comments?per_page=100&page=2')).status).toBe(200);
    expect(server.violations).toHaveLength(2);
  });

  it('can allow unknown properties, as GitHub itself does', async () => {
    const lenient = await startGitHubServer({ allowUnknownProperties: true });
    try {
      const res = await fetch(`${lenient.url}/repos/acme/shop/issues/1/comments`, {
        method: 'POST',
        headers: { authorization: 'token t', 'content-type': 'application/json' },
        body: JSON.stringify({ body: 'hi', extra: true }),
      });
      expect(res.status).toBe(201);
      expect(lenient.violations).toEqual([]);
    } finally {
      await lenient.close();
    }
  });
});

describe('fault modes', () => {
  it('read-only: writes get 403 Resource not accessible by integration, reads still work', async () => {
    server.setMode('read-only');
    const write = await call('POST', '/repos/acme/shop/issues/12/comments', { body: 'x' });
    expect(write.status).toBe(403);
    expect(write.body.message).toBe('Resource not accessible by integration');
    expect((await call('GET', '/repos/acme/shop')).status).toBe(200);
    expect(server.violations).toEqual([]);
    expect(server.state.comments).toEqual([]);
  });

  it('5xx burst: the next N requests get 502, then normal service', async () => {
    server.setMode({ kind: '5xx', count: 2 });
    expect((await call('GET', '/repos/acme/shop')).status).toBe(502);
    expect((await call('GET', '/repos/acme/shop')).status).toBe(502);
    expect((await call('GET', '/repos/acme/shop')).status).toBe(200);
    expect(server.requests.map((r) => r.status)).toEqual([502, 502, 200]);
  });

  it('primary rate limit: 403 with x-ratelimit-remaining 0 and a reset time', async () => {
    server.setMode({ kind: 'rate-limit', type: 'primary', resetSeconds: 30 });
    const res = await call('GET', '/repos/acme/shop');
    expect(res.status).toBe(403);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 28);
    expect(String(res.body.message)).toContain('API rate limit exceeded');
    expect((await call('GET', '/repos/acme/shop')).status).toBe(200);
  });

  it('secondary rate limit: 403 with retry-after and "secondary rate limit"', async () => {
    server.setMode({ kind: 'rate-limit', type: 'secondary', count: 2 });
    const res = await call('POST', '/repos/acme/shop/issues/12/comments', { body: 'x' });
    expect(res.status).toBe(403);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(String(res.body.message)).toContain('secondary rate limit');
    expect((await call('GET', '/repos/acme/shop')).status).toBe(403);
    expect((await call('GET', '/repos/acme/shop')).status).toBe(200);
  });
});

describe('with Octokit from @actions/github', () => {
  const octokit = () => getOctokit('test-token', { baseUrl: server.url });

  it('reads the repository, commits and the pulls of a commit', async () => {
    const gh = octokit();
    const repo = await gh.rest.repos.get({ owner: 'acme', repo: 'shop' });
    expect(repo.data.default_branch).toBe('main');
    const commit = await gh.rest.git.getCommit({ owner: 'acme', repo: 'shop', commit_sha: HEAD });
    expect(commit.data.tree.sha).toBe(TREE);
    const byRef = await gh.rest.repos
      .getCommit({ owner: 'acme', repo: 'shop', ref: 'main' })
      .catch((e: unknown) => e);
    expect(byRef).toMatchObject({ status: 422 });
    const pulls = await gh.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: 'acme',
      repo: 'shop',
      commit_sha: MERGE,
    });
    expect(pulls.data.map((p) => [p.number, p.head.sha])).toEqual([[12, HEAD]]);
    await expect(
      gh.rest.git.getCommit({ owner: 'acme', repo: 'shop', commit_sha: MERGE }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(server.violations).toEqual([]);
  });

  it('creates, completes and lists check runs', async () => {
    const gh = octokit();
    const created = await gh.rest.checks.create({
      owner: 'acme',
      repo: 'shop',
      name: 'immutable-qa / integration',
      head_sha: HEAD,
      status: 'queued',
    });
    await gh.rest.checks.update({
      owner: 'acme',
      repo: 'shop',
      check_run_id: created.data.id,
      conclusion: 'success',
      completed_at: new Date().toISOString(),
      output: { title: 'passed', summary: '3 passed' },
    });
    const list = await gh.rest.checks.listForRef({ owner: 'acme', repo: 'shop', ref: HEAD });
    expect(list.data.total_count).toBe(1);
    expect(list.data.check_runs[0]).toMatchObject({
      status: 'completed',
      conclusion: 'success',
      output: { title: 'passed' },
    });
    expect(server.requests.map((r) => r.operationId)).toEqual([
      'checks/create',
      'checks/update',
      'checks/list-for-ref',
    ]);
    expect(server.violations).toEqual([]);
  });

  it('creates, finds (paginating) and updates a comment', async () => {
    const gh = octokit();
    for (let i = 0; i < 3; i++)
      await gh.rest.issues.createComment({ owner: 'acme', repo: 'shop', issue_number: 12, body: `c${i}` });
    const all = await gh.paginate(gh.rest.issues.listComments, {
      owner: 'acme',
      repo: 'shop',
      issue_number: 12,
      per_page: 2,
    });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2']);
    expect(all[0]?.html_url).toMatch(/\/acme\/shop\/pull\/12#issuecomment-\d+$/);
    const first = all[0];
    if (!first) throw new Error('no comment');
    await gh.rest.issues.updateComment({ owner: 'acme', repo: 'shop', comment_id: first.id, body: 'edited' });
    expect(server.state.comments.map((c) => c.body)).toEqual(['edited', 'c1', 'c2']);
    await expect(
      gh.rest.issues.updateComment({ owner: 'acme', repo: 'shop', comment_id: 1, body: 'x' }),
    ).rejects.toMatchObject({ status: 404 });
    expect(server.violations).toEqual([]);
  });

  it('creates deployments and statuses, marking older ones inactive', async () => {
    const gh = octokit();
    const deploy = async (ref: string) => {
      const d = await gh.rest.repos.createDeployment({
        owner: 'acme',
        repo: 'shop',
        ref,
        environment: 'pr-12',
        auto_merge: false,
        required_contexts: [],
        transient_environment: false,
        production_environment: false,
        description: null,
      });
      if (d.status !== 201) throw new Error('expected 201');
      await gh.rest.repos.createDeploymentStatus({
        owner: 'acme',
        repo: 'shop',
        deployment_id: d.data.id,
        state: 'success',
        environment_url: 'http://127.0.0.1:8080/',
      });
      return d.data;
    };
    const one = await deploy(HEAD);
    const two = await deploy('main');
    expect(two.sha).toBe(MERGE);
    const list = await gh.rest.repos.listDeployments({ owner: 'acme', repo: 'shop', environment: 'pr-12' });
    expect(list.data.map((d) => d.id)).toEqual([two.id, one.id]);
    expect(server.state.deployments[0]?.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
    expect(server.violations).toEqual([]);
  });

  it('surfaces read-only as a RequestError with GitHub message', async () => {
    server.setMode('read-only');
    await expect(
      octokit().rest.checks.create({ owner: 'acme', repo: 'shop', name: 'x', head_sha: HEAD }),
    ).rejects.toMatchObject({
      status: 403,
      message: expect.stringContaining('Resource not accessible by integration'),
    });
  });

  it('drives the retry and throttling plugins: 5xx retried, both rate limits waited out', async () => {
    const seen: string[] = [];
    const gh = getOctokit(
      'test-token',
      {
        baseUrl: server.url,
        retry: { retryAfterBaseValue: 10 },
        throttle: {
          onRateLimit: (retryAfter: number) => {
            seen.push(`primary ${retryAfter}`);
            return true;
          },
          onSecondaryRateLimit: (retryAfter: number) => {
            seen.push(`secondary ${retryAfter}`);
            return true;
          },
        },
      },
      retry,
      throttling,
    );
    server.setMode({ kind: '5xx', count: 2 });
    expect((await gh.rest.repos.get({ owner: 'acme', repo: 'shop' })).status).toBe(200);
    server.setMode({ kind: 'rate-limit', type: 'secondary' });
    expect((await gh.rest.repos.get({ owner: 'acme', repo: 'shop' })).status).toBe(200);
    server.setMode({ kind: 'rate-limit', type: 'primary', resetSeconds: 1 });
    expect((await gh.rest.repos.get({ owner: 'acme', repo: 'shop' })).status).toBe(200);
    expect(seen).toEqual(['secondary 1', expect.stringMatching(/^primary [0-2]$/)]);
    expect(server.requests.map((r) => r.status)).toEqual([502, 502, 200, 403, 200, 403, 200]);
  });
});
