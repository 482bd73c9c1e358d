// Issue 12, item 2: the tested tag names what was built. With main checked out and a sha (the
// event's PR head, --sha) of another commit, QA would build main's code and tag it qa-<PR head>;
// under promote.policy pr-head that digest would be promoted as the PR's. The run refuses before
// anything starts (exit 2, both shas named), in the CLI and in the action (no check run created).
// The test merge GitHub checks out for a pull_request (second parent = the head) is that commit.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import { pullRequestEvent, writeEvent } from '../support/events.js';
import { configFor, engineCounts, makeRepo, registry, type Repo } from '../support/fixtures.js';
import { startGitHubServer } from '../support/github-server.js';
import { cleanEnv, commitOnBranch, git, runQa, tags, testMerge } from '../support/promotion.js';
import { runMain, runnerEnv } from '../support/runner.js';

const okChecks = `  - name: page\n    run: sh tests/smoke.sh\n`;
const repos: Repo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function setup(repository: string): { r: Repo; head: string } {
  const r = makeRepo(configFor(repository, okChecks));
  repos.push(r);
  const head = commitOnBranch(r, 'feature', 'the PR\n');
  git(r, 'checkout', '-q', 'main');
  return { r, head };
}

test('CLI: --sha of a commit that is not checked out is refused, naming both; nothing starts', async () => {
  const { r, head } = setup(`iqa-tested-commit-${Date.now().toString(36)}`);
  const before = engineCounts();
  const run = await runQa(r, ['--sha', head, '--pr', '4']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    `the checkout is ${r.sha}, but this run's results and tested tag would be for ${head}`,
  );
  expect(run.stderr).toContain(`Check out ${head}`);
  expect(engineCounts()).toEqual(before);

  // GitHub's test merge of the head (second parent = head) is what a pull_request checks out: allowed.
  testMerge(r, 'main', 'feature');
  const merged = await runQa(r, ['--sha', head, '--pr', '4'], cleanEnv());
  if (merged.record) await removeByLabel(merged.record.environment.project);
  expect({ code: merged.code, stderr: merged.code === 0 ? '' : merged.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(merged.record!.source).toMatchObject({ sha: head, checkout_sha: git(r, 'rev-parse', 'HEAD') });

  // actions/checkout fetches depth 1: the test merge's parents are not in the clone, yet it names them.
  const shallow = mkdtempSync(join(tmpdir(), 'iqa-shallow-'));
  try {
    git(r, 'branch', 'pull-4-merge', 'HEAD'); // what refs/pull/4/merge is on GitHub
    execFileSync('git', [
      'clone',
      '-q',
      '--depth',
      '1',
      '--branch',
      'pull-4-merge',
      `file://${r.dir}`,
      shallow,
    ]);
    copyFileSync(join(r.dir, 'busybox'), join(shallow, 'busybox')); // the fixture's ignored build input
    expect(() =>
      execFileSync('git', ['-C', shallow, 'rev-parse', '--verify', '-q', 'HEAD^2'], { stdio: 'ignore' }),
    ).toThrow();
    const clone = { ...r, dir: shallow, config: join(shallow, '.github/immutable-qa.yml') };
    const fromShallow = await runQa(clone, ['--sha', head, '--pr', '4'], cleanEnv());
    if (fromShallow.record) await removeByLabel(fromShallow.record.environment.project);
    expect({ code: fromShallow.code, stderr: fromShallow.code === 0 ? '' : fromShallow.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
  } finally {
    rmSync(shallow, { recursive: true, force: true });
  }
});

test('action: a pull_request event whose head is not what is checked out creates no check run and no tag', async () => {
  const repository = `${registry()}/iqa-tested-commit/a${Date.now().toString(36)}`;
  const { r, head } = setup(repository);
  const github = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'ghs_t' });
  try {
    const event = writeEvent(
      join(r.dir, '.event'),
      pullRequestEvent({ action: 'opened', number: 5, headSha: head, owner: 'acme', repo: 'hello' }),
    );
    const env = runnerEnv(r, { event, apiUrl: github.url, inputs: { 'github-token': 'ghs_t' } });
    const result = await runMain(r, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `::error::the checkout is ${r.sha}, but this run's results and tested tag would be for ${head}`,
    );
    expect(github.state.checkRuns).toEqual([]);
    expect(await tags(repository)).toEqual([]);
    expect(github.violations).toEqual([]);
  } finally {
    await github.close();
  }
});
