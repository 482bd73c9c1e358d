// Results on the pull request, end to end: the bundle driven with real event payloads against the
// GitHub API test server (every body validated against @octokit/openapi), on the real engine.
// The GitHub fault scenarios run in-process (the reporter and the action's Octokit) in report.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listContainers, removeByLabel } from '../../src/environment/compose.js';
import { COMMENT_MARKER } from '../../src/github/render.js';
import {
  dependabotPullRequestEvent,
  forkPullRequestEvent,
  mergeGroupEvent,
  pullRequestEvent,
  workflowRunEvent,
  writeEvent,
} from '../support/events.js';
import { startArtifactService, type ArtifactService } from '../support/artifact-service.js';
import { validateWebhook } from '../support/webhook-schema.js';
import {
  configFor,
  DIST,
  helloProject,
  makeRepo,
  registry,
  ROOT,
  runNode,
  type Repo,
} from '../support/fixtures.js';
import {
  startGitHubServer,
  type CheckRunRecord,
  type GitHubServer,
  type ServerMode,
} from '../support/github-server.js';
import { outputs, runMain, runnerEnv, runPost, summary } from '../support/runner.js';

const fixture = (name: string): string =>
  readFileSync(join(import.meta.dirname, '../fixtures/reports', name), 'utf8');

const repos: Repo[] = [];
const servers: GitHubServer[] = [];
const services: ArtifactService[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
  for (const s of services.splice(0)) await s.close();
  for (const r of repos.splice(0)) r.cleanup();
  for (const pr of [7, 8, 9]) await removeByLabel(`iqa-hello-pr${pr}`);
});

async function server(mode?: ServerMode): Promise<GitHubServer> {
  const s = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_test', mode });
  servers.push(s);
  return s;
}

/** A repo whose checks produce a JUnit report with failures and a SARIF report with 120 findings. */
function reportingRepo(checks = 'all'): Repo {
  const all = {
    page: `  - name: page\n    run: sh tests/smoke.sh\n`,
    junit: `  - name: unit\n    run: mkdir -p reports && cp fixtures/jest-junit.xml reports/junit.xml && exit 1\n    required: false\n    reports: { junit: [reports/junit.xml] }\n`,
    scan: `  - name: scan\n    run: mkdir -p reports && cp fixtures/trivy-image.sarif reports/trivy.sarif\n    required: false\n    reports: { sarif: [reports/trivy.sarif] }\n`,
  };
  const yaml = checks === 'all' ? Object.values(all).join('') : all.page;
  const r = makeRepo(configFor(`${registry()}/hello-report`, yaml), {
    'fixtures/jest-junit.xml': fixture('jest-junit.xml'),
    'fixtures/trivy-image.sarif': fixture('trivy-image.sarif'),
  });
  repos.push(r);
  return r;
}

/** The check runs of reportingRepo(): both phases, its three checks and the overall run. */
const REPORTING_RUNS = [
  'immutable-qa',
  'immutable-qa / build',
  'immutable-qa / environment',
  'immutable-qa / page',
  'immutable-qa / scan',
  'immutable-qa / unit',
].sort();

const checkRunRequests = (s: GitHubServer): number =>
  s.requests.filter((q) => /\/check-runs/.test(q.path)).length;
const byName = (s: GitHubServer): Record<string, CheckRunRecord> =>
  Object.fromEntries(s.state.checkRuns.map((c) => [c.name, c]));

describe('reporting on GitHub', () => {
  test('pull_request opened then synchronize: check runs on the head sha, all annotations batched, one sticky comment', async () => {
    const gh = await server();
    const r = reportingRepo();
    const event = writeEvent(r.dir, pullRequestEvent({ action: 'opened', number: 7, headSha: r.sha }));
    const env = runnerEnv(r, { event, apiUrl: gh.url, inputs: { 'github-token': 'ghs_test' } });
    const run = await runMain(r, env);
    expect(gh.violations).toEqual([]);
    expect(run.code).toBe(0); // the failing checks are optional
    const digest = outputs(r).digest!;

    const runs = byName(gh);
    expect(Object.keys(runs).sort()).toEqual(REPORTING_RUNS);
    for (const c of Object.values(runs)) {
      expect(c).toMatchObject({
        head_sha: r.sha,
        status: 'completed',
        external_id: digest,
        details_url: 'https://github.com/acme/hello/actions/runs/1234',
      });
    }
    expect(runs['immutable-qa / page']!.conclusion).toBe('success');
    expect(runs['immutable-qa / unit']!.conclusion).toBe('failure');
    expect(runs['immutable-qa / scan']!.conclusion).toBe('failure'); // 33 error-level findings, sarif-fail-on: error
    expect(runs['immutable-qa']!.conclusion).toBe('success');
    expect(runs['immutable-qa / scan']!.annotations).toHaveLength(120);
    // The completion carries the first 50 and two updates the rest. Whether the create and the
    // start are writes of their own depends on how far the queue was when the check began and
    // ended (a run that ended before its create went out is created completed): 3 to 5 writes.
    expect(runs['immutable-qa / scan']!.annotationBatches).toEqual([50, 50, 20]);
    expect(runs['immutable-qa / scan']!.writes).toBeLessThanOrEqual(5);
    expect(runs['immutable-qa / unit']!.annotations.length).toBeGreaterThan(0);
    expect(runs['immutable-qa / unit']!.output.summary).toContain('Tests: **');

    const R = Object.keys(runs).length;
    const A = Object.values(runs).reduce((n, c) => n + c.annotations.length, 0);
    expect(checkRunRequests(gh)).toBeLessThanOrEqual(3 * R + Math.ceil(A / 50));

    expect(summary(r)).toContain('```mermaid');
    expect(gh.state.comments).toHaveLength(1);
    expect(gh.state.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
    const firstComment = gh.state.comments[0]!;

    // synchronize: the same PR again updates the comment in place.
    const again = runnerEnv(r, {
      event: writeEvent(r.dir, pullRequestEvent({ action: 'synchronize', number: 7, headSha: r.sha })),
      apiUrl: gh.url,
      inputs: { 'github-token': 'ghs_test' },
    });
    expect((await runMain(r, again)).code).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.state.comments).toHaveLength(1);
    expect(gh.state.comments[0]!.id).toBe(firstComment.id);
    expect(gh.requests.some((q) => q.method === 'PATCH' && q.path.includes('/issues/comments/'))).toBe(true);
  });

  test('merge_group: check runs on merge_group.head_sha, no PR comment', async () => {
    const gh = await server();
    const r = reportingRepo('page');
    const event = writeEvent(
      r.dir,
      mergeGroupEvent({
        headSha: r.sha,
        baseSha: 'b'.repeat(40),
        headRef: 'refs/heads/gh-readonly-queue/main/pr-7-' + r.sha,
      }),
    );
    const env = runnerEnv(r, {
      event,
      eventName: 'merge_group',
      apiUrl: gh.url,
      inputs: { 'github-token': 'ghs_test' },
    });
    const run = await runMain(r, env);
    expect(run.code).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.state.checkRuns.length).toBe(4);
    for (const c of gh.state.checkRuns)
      expect(c).toMatchObject({ head_sha: r.sha, status: 'completed', conclusion: 'success' });
    expect(gh.state.comments).toHaveLength(0);
  });

  test.each([
    ['fork PR', (sha: string) => forkPullRequestEvent({ number: 8, headSha: sha })],
    ['Dependabot PR', (sha: string) => dependabotPullRequestEvent({ number: 8, headSha: sha })],
  ])(
    '%s with a read-only token: runs locally, the verdict stands, results go to the summary, the annotations and an artifact; the report action on workflow_run publishes them',
    async (name, eventFor) => {
      const gh = await server('read-only');
      const artifacts = await startArtifactService();
      services.push(artifacts);
      const r = reportingRepo();
      const event = writeEvent(r.dir, eventFor(r.sha));
      const env = {
        ...runnerEnv(r, { event, apiUrl: gh.url, inputs: { 'github-token': 'ghs_test' } }),
        ACTIONS_RUNTIME_TOKEN: artifacts.runtimeToken,
        ACTIONS_RESULTS_URL: artifacts.url,
      };
      const run = await runMain(r, env);
      expect(gh.violations).toEqual([]);
      expect(run.code).toBe(0);
      expect(outputs(r).verdict).toBe('passed');
      expect(gh.state.checkRuns).toHaveLength(0);
      // Unprivileged: local mode, nothing pushed (a registry-mode config), unsigned.
      expect(run.stdout).toContain('runs unprivileged');
      expect(outputs(r).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      // Local mode's identity is the image ID, not repository@digest.
      expect(outputs(r)['image-ref']).toBe(outputs(r).digest);
      const tags = (await (await fetch(`http://${registry()}/v2/hello-report/tags/list`)).json()) as {
        tags?: string[] | null;
      };
      expect(tags.tags ?? []).not.toContain('pr-8');
      const warnings = run.stdout.split('\n').filter((l) => l.startsWith('::warning::immutable-qa cannot'));
      // One warning for both missing permissions, within the step's 10 warnings and 10 errors.
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('`permissions: checks: write` and `permissions: pull-requests: write`');
      expect(run.stdout.split('\n').filter((l) => l.startsWith('::warning')).length).toBeLessThanOrEqual(10);
      const errors = run.stdout.split('\n').filter((l) => l.startsWith('::error '));
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.length).toBeLessThanOrEqual(10);
      expect(summary(r)).toContain('immutable-qa: passed');
      // GitHub's side of the unprivileged run: what it tried before its token was refused.
      // One refused check-run create stops the check runs; the comment is looked for twice, then refused.
      expect(gh.requests.map((q) => `${q.method} ${q.status}`)).toEqual([
        'POST 403',
        'GET 200',
        'GET 200',
        'POST 403',
      ]);
      // The artifact: one unarchived file, through the real @actions/artifact client.
      expect(artifacts.violations).toEqual([]);
      expect(artifacts.artifacts).toHaveLength(1);
      const [uploaded] = artifacts.artifacts;
      expect(uploaded).toMatchObject({ name: 'immutable-qa-report.json', finalized: true });

      // The base repository's report workflow, on workflow_run, with a token that can write.
      const base = await startGitHubServer({
        owner: 'acme',
        repo: 'hello',
        token: 'ghs_base',
        pulls: [
          {
            number: 8,
            head: {
              sha: r.sha,
              ref: name === 'fork PR' ? 'changes' : 'dependabot/npm_and_yarn/lodash-4.17.21',
              ...(name === 'fork PR' ? { repo: 'contributor/hello' } : {}),
            },
          },
        ],
        artifacts: [
          {
            id: uploaded!.id,
            name: uploaded!.name,
            workflowRunId: 1234,
            sizeInBytes: uploaded!.size!,
            downloadUrl: uploaded!.downloadUrl,
          },
        ],
      });
      servers.push(base);
      const workflowRun =
        name === 'fork PR'
          ? workflowRunEvent({ runId: 1234, headSha: r.sha, headBranch: 'changes', forkOwner: 'contributor' })
          : workflowRunEvent({
              runId: 1234,
              headSha: r.sha,
              headBranch: 'dependabot/npm_and_yarn/lodash-4.17.21',
              pulls: [{ number: 8 }],
            });
      expect(validateWebhook('workflow-run-completed', workflowRun)).toEqual([]);
      const reportEnv = runnerEnv(r, {
        event: writeEvent(join(r.dir, 'report-event'), workflowRun),
        eventName: 'workflow_run',
        apiUrl: base.url,
        inputs: { 'github-token': 'ghs_base' },
      });
      const published = await runNode([join(DIST, 'report/index.js')], { cwd: r.dir, env: reportEnv });
      expect(base.violations).toEqual([]);
      expect(published.code).toBe(0);
      expect(outputs(r)).toMatchObject({ published: 'true', pr: '8', verdict: 'passed' });
      const runs = byName(base);
      expect(Object.keys(runs).sort()).toEqual(REPORTING_RUNS);
      for (const c of Object.values(runs))
        expect(c).toMatchObject({
          head_sha: r.sha,
          status: 'completed',
          details_url: 'https://github.com/acme/hello/actions/runs/1234',
        });
      expect(runs['immutable-qa']!.conclusion).toBe('success');
      expect(runs['immutable-qa / unit']!.conclusion).toBe('failure');
      expect(runs['immutable-qa / scan']!.annotations).toHaveLength(120);
      expect(runs['immutable-qa / scan']!.annotationBatches).toEqual([50, 50, 20]);
      expect(base.state.comments).toHaveLength(1);
      expect(base.state.comments[0]).toMatchObject({ issue_number: 8 });
      expect(base.state.comments[0]!.body.startsWith(COMMENT_MARKER)).toBe(true);
      // Nothing of the PR's run is printed as a workflow command by the publisher.
      expect(
        published.stdout.split('\n').filter((l) => /^::(error|warning|notice|set-output)/.test(l)),
      ).toEqual([]);
    },
  );

  // One fault through the whole bundle; every fault scenario runs in-process in report.test.ts.
  test.each<[string, ServerMode]>([
    ['a 5xx burst', { kind: '5xx', count: 2 }],
    // The primary and the secondary rate limit: in-process only (report.test.ts).
  ])('%s is retried: correct verdict, no check run left in_progress', async (_name, mode) => {
    const gh = await server(mode);
    const r = reportingRepo('page');
    const event = writeEvent(r.dir, pullRequestEvent({ action: 'opened', number: 9, headSha: r.sha }));
    const run = await runMain(
      r,
      runnerEnv(r, { event, apiUrl: gh.url, inputs: { 'github-token': 'ghs_test' } }),
    );
    expect(run.code).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.state.checkRuns).toHaveLength(4);
    for (const c of gh.state.checkRuns)
      expect(c).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(gh.requests.filter((q) => q.status >= 400).length).toBeGreaterThan(0);
  });

  test('SIGTERM during checks: after the post step every check run is completed, the unfinished ones cancelled', async () => {
    const gh = await server();
    const r = makeRepo(
      configFor(
        'hello-cancel-gh',
        `  - name: slow\n    run: until [ -f quick.done ]; do sleep 0.1; done; touch started; sleep 120\n  - name: quick\n    run: touch quick.done\n`,
      ),
    );
    repos.push(r);
    const event = writeEvent(r.dir, pullRequestEvent({ action: 'opened', number: 7, headSha: r.sha }));
    const env = runnerEnv(r, { event, apiUrl: gh.url, inputs: { 'github-token': 'ghs_test' } });
    const main = runMain(r, env);
    for (let i = 0; i < 1200 && !hasStarted(r); i++) await new Promise((res) => setTimeout(res, 100));
    main.kill('SIGTERM');
    const ended = await main;
    expect({ started: hasStarted(r), log: hasStarted(r) ? '' : ended.stdout }).toEqual({
      started: true,
      log: '',
    });
    expect((await runPost(r, env)).code).toBe(0);
    expect(gh.violations).toEqual([]);
    const runs = byName(gh);
    for (const c of Object.values(runs)) expect(c.status).toBe('completed');
    expect(runs['immutable-qa / slow']!.conclusion).toBe('cancelled');
    expect(runs['immutable-qa']!.conclusion).toBe('cancelled');
    expect(runs['immutable-qa / quick']!.conclusion).toBe('success');
    expect(await listContainers(helloProject(7))).toEqual([]);
  });

  test('keep-environment: a deployment pr-<n> points at the running environment', async () => {
    const gh = await server();
    const r = reportingRepo('page');
    const event = writeEvent(r.dir, pullRequestEvent({ action: 'opened', number: 7, headSha: r.sha }));
    const env = runnerEnv(r, {
      event,
      apiUrl: gh.url,
      inputs: { 'github-token': 'ghs_test', 'keep-environment': 'true' },
    });
    expect((await runMain(r, env)).code).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(gh.state.deployments).toHaveLength(1);
    const [deployment] = gh.state.deployments;
    expect(deployment).toMatchObject({ environment: 'pr-7', sha: r.sha, transient_environment: true });
    expect(deployment!.statuses.map((s) => [s.state, s.environment_url])).toEqual([
      ['success', outputs(r)['environment-url']],
    ]);
    expect((await listContainers(helloProject(7))).length).toBe(1);

    // The teardown action removes it and marks the deployment inactive.
    const down = await runNode([join(ROOT, 'dist/teardown/index.js')], {
      cwd: r.dir,
      env: { ...env, INPUT_PR: '7', 'INPUT_GITHUB-TOKEN': 'ghs_test' },
    });
    expect(down.code).toBe(0);
    expect(gh.violations).toEqual([]);
    expect(await listContainers(helloProject(7))).toEqual([]);
    expect(gh.state.deployments[0]!.statuses.map((s) => s.state)).toEqual(['success', 'inactive']);
  });
});

function hasStarted(r: Repo): boolean {
  try {
    readFileSync(join(r.dir, 'started'));
    return true;
  } catch {
    return false;
  }
}
