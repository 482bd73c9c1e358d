// `teardown` through the bundled CLI and the teardown sub-action, on the real engine: by PR, --all,
// --older-than; idempotent; scoped to the repository; never touches an image, tag or digest.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, listContainers, removeByLabel } from '../../src/environment/compose.js';
import { LABEL } from '../../src/environment/project.js';
import { DIST, makeRepo, registry, runNode, type ProcResult, type Repo } from '../support/fixtures.js';
import {
  cleanEnv,
  mergedPullRequestEvent,
  promoteConfig,
  removeImages,
  runQa,
  tagDigest,
} from '../support/promotion.js';
import { pushBusyboxFixture, type PushedFixture } from '../support/registry-fixture.js';
import { outputs, runnerEnv } from '../support/runner.js';

let image: PushedFixture;
const projects: string[] = [];
const repos: Repo[] = [];
let events: string;

beforeAll(async () => {
  image = await pushBusyboxFixture(registry(), 'iqa-teardown/sleeper', 'v1');
  events = mkdtempSync(join(tmpdir(), 'iqa-teardown-events-'));
});
afterAll(async () => {
  removeImages([registry()], /^iqa-(promote|teardown)\//);
  await image?.cleanup();
  rmSync(events, { recursive: true, force: true });
});
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
});

/** An environment as QA labels it: a container and a network of compose project `project`. */
function environment(project: string, labels: { repository: string; pr?: number; created?: Date }): void {
  projects.push(project);
  const l = {
    [LABEL.project]: project,
    [LABEL.service]: 'web',
    [LABEL.managed]: 'true',
    [LABEL.sha]: 'a'.repeat(40),
    [LABEL.digest]: `sha256:${'b'.repeat(64)}`,
    [LABEL.created]: (labels.created ?? new Date()).toISOString(),
    [LABEL.repository]: labels.repository,
    ...(labels.pr !== undefined ? { [LABEL.pr]: String(labels.pr) } : {}),
  };
  execFileSync(
    'docker',
    ['network', 'create', '--label', `${LABEL.project}=${project}`, `${project}_default`],
    {
      stdio: 'ignore',
    },
  );
  execFileSync(
    'docker',
    [
      'run',
      '--detach',
      '--network',
      `${project}_default`,
      ...Object.entries(l).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
      image.ref,
      '/bin/busybox',
      'sleep',
      '600',
    ],
    { stdio: 'ignore' },
  );
}

function teardown(r: Repo, args: string[]): Promise<ProcResult> {
  return runNode([join(DIST, 'cli/index.js'), 'teardown', '--config', r.config, ...args], {
    cwd: r.dir,
    env: cleanEnv(),
  });
}

const alive = async (project: string): Promise<number> => (await listContainers(project)).length;
const days = (n: number): Date => new Date(Date.now() - n * 86_400_000);

describe('teardown', () => {
  test('by PR: only that PR of this repository; idempotent; the tested image and its tags stay', async () => {
    const repository = `${registry()}/iqa-teardown/app${Date.now().toString(36)}`;
    const r = makeRepo(promoteConfig(repository));
    repos.push(r);
    const run = await runQa(r, ['--pr', '31', '--keep']);
    const project = run.record!.environment.project;
    projects.push(project);
    expect(run.code).toBe(0);
    expect(await alive(project)).toBe(1);
    environment(`${project}-sibling`, { repository: r.dir, pr: 32 });
    environment('iqa-elsewhere-pr31', { repository: '/some/other/checkout', pr: 31 });

    const first = await teardown(r, ['--pr', '31']);
    expect({ code: first.code, stderr: first.stderr }).toMatchObject({ code: 0 });
    expect(first.stderr).toContain(`removed ${project}`);
    expect(first.stderr).toContain('removed: 1');
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await alive(`${project}-sibling`)).toBe(1);
    expect(await alive('iqa-elsewhere-pr31')).toBe(1);

    // Never touches a digest or a tag: the image, pr-31 and qa-<sha> are where they were.
    const digest = run.record!.image.digest!;
    expect(await tagDigest(repository, 'pr-31')).toBe(digest);
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBe(digest);
    expect(
      execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', `${repository}:pr-31`]).length,
    ).toBeGreaterThan(0);

    const again = await teardown(r, ['--pr', '31']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('removed: 0');
  });

  test('--older-than removes only stale environments; --all removes the rest of this repository only', async () => {
    const r = makeRepo(promoteConfig('iqa-teardown-local'));
    repos.push(r);
    const name = `iqa-td${Date.now().toString(36)}`;
    environment(`${name}-pr40`, { repository: r.dir, pr: 40, created: days(2) });
    environment(`${name}-abc1234`, { repository: r.dir, created: days(3) });
    environment(`${name}-pr41`, { repository: r.dir, pr: 41, created: new Date() });
    environment(`${name}-other`, { repository: 'acme/other', pr: 40, created: days(5) });

    const stale = await teardown(r, ['--older-than', '24h', '--json']);
    expect(stale.code).toBe(0);
    const result = JSON.parse(stale.stdout) as {
      removed: Array<{ project: string }>;
      kept: Array<{ project: string }>;
    };
    expect(result.removed.map((e) => e.project).sort()).toEqual([`${name}-abc1234`, `${name}-pr40`]);
    expect(result.kept.map((e) => e.project)).toEqual([`${name}-pr41`]);
    expect(await alive(`${name}-pr40`)).toBe(0);
    expect(await leftovers(`${name}-abc1234`)).toEqual({ containers: 0, networks: 0, volumes: 0 });
    expect(await alive(`${name}-pr41`)).toBe(1);

    const all = await teardown(r, ['--all']);
    expect(all.code).toBe(0);
    expect(all.stderr).toContain('removed: 1');
    expect(await alive(`${name}-pr41`)).toBe(0);
    expect(await alive(`${name}-other`)).toBe(1);
  });

  test('usage errors exit 2 and remove nothing', async () => {
    const r = makeRepo(promoteConfig('iqa-teardown-usage'));
    repos.push(r);
    environment('iqa-td-usage-pr1', { repository: r.dir, pr: 1, created: days(9) });
    for (const args of [[], ['--pr', '1', '--all'], ['--older-than', '1 day']]) {
      const result = await teardown(r, args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
    }
    expect(await alive('iqa-td-usage-pr1')).toBe(1);
  });

  test('the teardown action on pull_request closed removes that PR environment and outputs the count', async () => {
    const r = makeRepo(promoteConfig('iqa-teardown-action'));
    repos.push(r);
    // A repository of its own: other suites' runs of acme/hello (and their PR numbers) are not this test's.
    const repository = `acme/td${Date.now().toString(36)}`;
    environment('iqa-hello-pr77', { repository, pr: 77 });
    environment('iqa-hello-pr78', { repository, pr: 78 });
    const event = mergedPullRequestEvent(events, { number: 77, head: r.sha, merge: null, merged: false });
    const env = runnerEnv(r, { event, eventName: 'pull_request', repository });
    const result = await runNode([join(DIST, 'teardown/index.js')], { cwd: r.dir, env });
    expect({ code: result.code, out: result.code === 0 ? '' : result.stdout }).toEqual({ code: 0, out: '' });
    expect(outputs(r).removed).toBe('1');
    expect(await alive('iqa-hello-pr77')).toBe(0);
    expect(await alive('iqa-hello-pr78')).toBe(1);
  });
});
