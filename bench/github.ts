// 3. GitHub API requests per run, from the test server's log, against the bound 3R + ⌈A/50⌉.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pullRequestEvent, writeEvent } from '../__tests__/support/events.js';
import { configFor, makeRepo, ROOT } from '../__tests__/support/fixtures.js';
import { startGitHubServer } from '../__tests__/support/github-server.js';
import { runMain, runnerEnv } from '../__tests__/support/runner.js';
import { removeByLabel } from '../src/environment/compose.js';

export async function githubRequests(): Promise<string> {
  const sarif = readFileSync(join(ROOT, '__tests__/fixtures/reports/trivy-image.sarif'), 'utf8');
  const checks = `  - name: page\n    run: sh tests/smoke.sh\n  - name: healthz\n    run: wget -q -O /dev/null "$IMMUTABLE_QA_ENDPOINT_WEB"healthz\n  - name: scan\n    run: mkdir -p reports && cp fixtures/trivy.sarif reports/\n    required: false\n    reports: { sarif: [reports/trivy.sarif] }\n`;
  const repo = makeRepo(configFor('bench-github', checks), { 'fixtures/trivy.sarif': sarif });
  const gh = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_bench' });
  try {
    const event = writeEvent(repo.dir, pullRequestEvent({ action: 'opened', number: 77, headSha: repo.sha }));
    const env = runnerEnv(repo, {
      event,
      apiUrl: gh.url,
      inputs: { 'github-token': 'ghs_bench', 'keep-environment': 'true' },
    });
    const run = await runMain(repo, env);
    if (run.code !== 0) throw new Error(`run failed: ${run.stdout}`);
    if (gh.violations.length) throw new Error(`schema violations: ${gh.violations.join('; ')}`);
    const count = (re: RegExp, method?: string): number =>
      gh.requests.filter((q) => re.test(q.path) && (!method || q.method === method)).length;
    const R = gh.state.checkRuns.length;
    const A = gh.state.checkRuns.reduce((n, c) => n + c.annotations.length, 0);
    const checkRuns = count(/\/check-runs/);
    const bound = 3 * R + Math.ceil(A / 50);
    return [
      '## 3. GitHub API requests per run',
      'One `pull_request` run of the bundle against the GitHub API test server (every body validated against',
      '@octokit/openapi): 3 checks, one of them with a 120-finding SARIF report; `keep-environment: true`.',
      '',
      '| | requests |',
      '|---|---|',
      `| check runs (R = ${R}, A = ${A} annotations) | **${checkRuns}** — bound 3R + ⌈A/50⌉ = ${bound}: ${checkRuns <= bound ? 'within' : 'over'} |`,
      `| — creates (queued) | ${count(/\/check-runs$/, 'POST')} |`,
      `| — updates (start, complete, annotation batches) | ${count(/\/check-runs\/\d+$/, 'PATCH')} |`,
      `| sticky comment (list + create/update) | ${count(/\/issues\/(\d+\/)?comments/)} |`,
      `| deployment + status | ${count(/\/deployments/)} |`,
      `| **total** | **${gh.requests.length}** (schema violations: ${gh.violations.length}) |`,
    ].join('\n');
  } finally {
    await gh.close();
    await removeByLabel('iqa-hello-pr77');
    repo.cleanup();
  }
}
