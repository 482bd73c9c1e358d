// `baseline: last-promoted` through the bundled CLI on the real engine (and the real registry): two
// digests of the example app whose load target, www/cgi-bin/page, answers at once in one and sleeps
// 300 ms in the other. QA + promote one so `main` points at it, then QA the other: a slower tested
// digest fails with the regression named, a faster one passes, and no promoted tag is a note.
// Every run leaves no `-baseline` container, network or volume behind.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { baselineProject, leftovers, listContainers } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { pullRequestEvent, writeEvent } from '../support/events.js';
import {
  configFor,
  helloProject,
  registry,
  ROOT,
  runNode,
  TEST_SIGNING_KEY,
  trustFor,
  type Repo,
} from '../support/fixtures.js';
import { git, removeImages, runPromote, tagDigest } from '../support/promotion.js';
import { runMain, runnerEnv, runPost } from '../support/runner.js';
import { cleanUp, cleanup, qa, repo, type QaRun } from './itg-support.js';

const c = cleanup();
const localRepositories: string[] = [];
afterEach(async () => {
  await cleanUp(c);
  removeImages([registry()], /^iqa-load-baseline\//);
  for (const repository of localRepositories.splice(0)) {
    const refs = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
  }
});

const checksFor = (duration: string): string => `  - name: load
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}cgi-bin/page", duration: ${duration}, connections: 2, baseline: last-promoted }
    timeout: 2m
`;

// {sha7} tags are skipped: the baseline is the first promote tag without a sha, `main`.
function config(repository: string, duration = '2s'): string {
  return `${configFor(repository, checksFor(duration))}promote:\n  tags: ["sha-{sha7}", main]\n${trustFor(repository)}`;
}

/** Commits a version of www/cgi-bin/page (a CGI script, so executable); returns the sha. */
function commitPage(r: Repo, speed: 'fast' | 'slow'): string {
  const path = join(r.dir, 'www/cgi-bin/page');
  mkdirSync(join(r.dir, 'www/cgi-bin'), { recursive: true });
  writeFileSync(
    path,
    `#!/bin/sh\n# ${speed}\n${speed === 'slow' ? 'usleep 300000\n' : ''}` +
      `printf 'Content-Type: text/plain\\r\\nContent-Length: 5\\r\\nConnection: close\\r\\n\\r\\n${speed}\\n'\n`,
  );
  chmodSync(path, 0o755);
  git(r, 'add', '-A');
  git(r, 'commit', '-qm', `${speed} page`);
  return git(r, 'rev-parse', 'HEAD');
}

async function expectNoBaselineLeft(run: QaRun): Promise<void> {
  const project = run.record.environment.project;
  expect(await leftovers(baselineProject(project))).toEqual({ containers: 0, networks: 0, volumes: 0 });
  const labelled = execFileSync(
    'docker',
    ['ps', '--all', '--quiet', '--filter', `label=io.immutable-qa.baseline-of=${project}`],
    { encoding: 'utf8' },
  );
  expect(labelled.trim()).toBe('');
}

async function promoteHead(r: Repo): Promise<string> {
  const promoted = await runPromote(r, ['--sha', git(r, 'rev-parse', 'HEAD')]);
  expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  return promoted.json!.digest!;
}

const figures = (summary: string, pattern: RegExp): [number, number] => {
  const m = pattern.exec(summary);
  if (!m) throw new Error(`summary does not match ${pattern}: ${summary}`);
  return [Number(m[1]), Number(m[2])];
};

const PASSED = /p95 vs the promoted baseline: ([\d.]+) ms vs ([\d.]+) ms \(×[\d.]+ ≤ ×1\.20\)$/;
const REGRESSED =
  /^p95 regressed against the promoted baseline: ([\d.]+) ms vs ([\d.]+) ms \(×[\d.]+ > ×1\.20, max-regression 20%\) \(p95 /;

test('registry mode: no baseline → note; slower baseline passes; slower tested digest fails naming the regression', async () => {
  const repository = `${registry()}/iqa-load-baseline/r${Date.now().toString(36)}`;
  const r = repo(c, config(repository));

  // 1. Nothing promoted yet: the slow version passes with a note (and earns its tested tag).
  commitPage(r, 'slow');
  const first = await qa(c, r);
  expect({ code: first.code, load: first.checks.load }).toEqual({
    code: 0,
    load: expect.objectContaining({ conclusion: 'success' }),
  });
  expect(first.checks.load!.summary).toMatch(
    new RegExp(`; no promoted baseline yet \\(${repository.replace(/[.]/g, '\\.')}:main does not exist\\)$`),
  );
  await expectNoBaselineLeft(first);
  const slowDigest = await promoteHead(r);
  expect(await tagDigest(repository, 'main')).toBe(slowDigest);

  // 2. The fast version against the promoted slow one: faster than the baseline passes.
  commitPage(r, 'fast');
  const second = await qa(c, r);
  expect(second.stderr).toContain(
    `load baseline: ${repository}:main → ${slowDigest}; starting the sibling environment ${baselineProject(second.record.environment.project)}`,
  );
  expect({ code: second.code, conclusion: second.checks.load!.conclusion }).toEqual({
    code: 0,
    conclusion: 'success',
  });
  const [fastTested, slowBaseline] = figures(second.checks.load!.summary, PASSED);
  expect(slowBaseline).toBeGreaterThanOrEqual(300); // the baseline's page sleeps 300 ms
  expect(fastTested).toBeLessThan(150);
  await expectNoBaselineLeft(second);
  const fastDigest = await promoteHead(r);
  expect(fastDigest).not.toBe(slowDigest);

  // 3. Slow again against the promoted fast one: the regression fails the check and the verdict.
  commitPage(r, 'slow');
  const third = await qa(c, r);
  expect(third.stderr).toContain(`load baseline: ${repository}:main → ${fastDigest}`);
  expect({
    code: third.code,
    verdict: third.record.verdict,
    conclusion: third.checks.load!.conclusion,
  }).toEqual({
    code: 1,
    verdict: 'failed',
    conclusion: 'failure',
  });
  const [slowTested, fastBaseline] = figures(third.checks.load!.summary, REGRESSED);
  expect(slowTested).toBeGreaterThanOrEqual(300);
  expect(fastBaseline).toBeLessThan(150);
  await expectNoBaselineLeft(third);
  process.stderr.write(
    `load baseline (registry): fast ${fastTested} ms vs slow baseline ${slowBaseline} ms; slow ${slowTested} ms vs fast baseline ${fastBaseline} ms\n`,
  );
});

test('local mode: promoted by `docker tag`; the same digest is only a note; a slower one fails', async () => {
  const repository = `hello-load-baseline-${Date.now().toString(36)}`;
  localRepositories.push(repository);
  const r = repo(c, config(repository));

  commitPage(r, 'fast');
  const first = await qa(c, r);
  expect(first.code).toBe(0);
  expect(first.checks.load!.summary).toMatch(
    new RegExp(`; no promoted baseline yet \\(${repository}:main does not exist\\)$`),
  );
  const promoted = await promoteHead(r);
  expect(promoted).toBe(first.record.image.digest);

  // The same commit again builds the same image ID: that is the promoted digest, nothing to compare.
  const again = await qa(c, r);
  expect(again.record.image.digest).toBe(promoted);
  expect({ code: again.code, conclusion: again.checks.load!.conclusion }).toEqual({
    code: 0,
    conclusion: 'success',
  });
  expect(again.checks.load!.summary).toMatch(
    new RegExp(`; the tested digest is the promoted one \\(${repository}:main\\)$`),
  );
  expect(again.stderr).not.toContain('starting the sibling environment');

  commitPage(r, 'slow');
  const slow = await qa(c, r);
  expect(slow.stderr).toContain(`load baseline: ${repository}:main → ${promoted}`);
  expect({ code: slow.code, conclusion: slow.checks.load!.conclusion }).toEqual({
    code: 1,
    conclusion: 'failure',
  });
  const [slowTested, fastBaseline] = figures(slow.checks.load!.summary, REGRESSED);
  expect(slowTested).toBeGreaterThanOrEqual(300);
  expect(fastBaseline).toBeLessThan(150);
  await expectNoBaselineLeft(slow);
  process.stderr.write(`load baseline (local): slow ${slowTested} ms vs fast baseline ${fastBaseline} ms\n`);
});

/** Waits until the baseline sibling of the run for `sha` is healthy (its load run starts right after). */
async function baselineRunning(sha: string): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const projects = execFileSync(
      'docker',
      [
        'ps',
        '--filter',
        `label=io.immutable-qa.sha=${sha}`,
        '--filter',
        'label=io.immutable-qa.baseline-of',
        '--filter',
        'health=healthy',
        '--format',
        '{{.Label "com.docker.compose.project"}}',
      ],
      { encoding: 'utf8' },
    )
      .split('\n')
      .filter(Boolean);
    if (projects[0]) {
      await new Promise((res) => setTimeout(res, 7000)); // past the 2 × 2.5 s warm-up, into the interleaved runs
      return projects[0];
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`no healthy baseline sibling for ${sha}`);
}

test('cancelled during the baseline run (SIGTERM), or killed (SIGKILL) and then the post step: no sibling is left', async () => {
  const repository = `hello-load-baseline-${Date.now().toString(36)}`;
  localRepositories.push(repository);
  const r = repo(c, config(repository, '1s'));
  commitPage(r, 'fast');
  expect((await qa(c, r)).code).toBe(0);
  await promoteHead(r);

  // A long load profile, so the signal lands while the baseline is being loaded.
  writeFileSync(r.config, config(repository, '30s'));
  const sha = commitPage(r, 'slow');

  // CLI, SIGTERM: the check is cancelled, its finally removes the sibling, the pipeline the rest.
  const cli = runNode([join(ROOT, 'dist/cli/index.js'), 'qa', '--config', r.config, '--json'], {
    cwd: r.dir,
    env: { ...process.env, IMMUTABLE_QA_SIGNING_KEY: TEST_SIGNING_KEY },
  });
  const sibling = await baselineRunning(sha);
  expect(sibling).toMatch(/-baseline$/);
  cli.kill('SIGTERM');
  const ended = await cli;
  expect(ended.code).toBe(143); // DESIGN: 130/143 after teardown
  const record = JSON.parse(ended.stdout) as QaRecord;
  c.projects.push(record.environment.project);
  expect(sibling).toBe(baselineProject(record.environment.project));
  expect(record.checks[0]).toMatchObject({ name: 'load', conclusion: 'cancelled' });
  expect(record.checks[0]!.summary).toBe('cancelled while measuring against the promoted baseline');
  expect(await leftovers(sibling)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  expect(await leftovers(record.environment.project)).toEqual({ containers: 0, networks: 0, volumes: 0 });

  // The action, SIGKILL: nothing in the process can clean up; the post step removes the sibling too.
  const events = mkdtempSync(join(tmpdir(), 'iqa-events-'));
  try {
    const event = writeEvent(
      events,
      pullRequestEvent({ action: 'opened', number: 58, headSha: sha, owner: 'acme', repo: 'hello' }),
    );
    const env = runnerEnv(r, { event });
    c.projects.push(helloProject(58));
    const main = runMain(r, env);
    const actionSibling = await baselineRunning(sha);
    expect(actionSibling).toBe(`${helloProject(58)}-baseline`);
    main.kill('SIGKILL');
    await main;
    expect((await listContainers(actionSibling)).length).toBe(1); // left behind by the killed process
    expect(readFileSync(join(r.dir, 'state.txt'), 'utf8')).toContain(helloProject(58));
    const post = await runPost(r, env);
    expect(post.code).toBe(0);
    expect(await leftovers(actionSibling)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await leftovers(helloProject(58))).toEqual({ containers: 0, networks: 0, volumes: 0 });
  } finally {
    rmSync(events, { recursive: true, force: true });
  }
});
