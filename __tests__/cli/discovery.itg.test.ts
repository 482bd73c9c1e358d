// Issue 12, item 9: the CLI finds its config like git and compose do, from any subdirectory of the
// repository. `teardown --pr 5` from src/ used to print "no environment to remove" and exit 0
// while the environment ran; without a config anywhere, every command is a usage error (exit 2).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import { LABEL } from '../../src/environment/project.js';
import { cli, configFor, localBusyboxImage, makeRepo, type Repo } from '../support/fixtures.js';

const image = `iqa-discovery-${Date.now().toString(36)}`;
const repos: Repo[] = [];
const containers: string[] = [];
beforeAll(() => localBusyboxImage(image));
afterAll(() => {
  for (const id of containers) execFileSync('docker', ['rm', '--force', id], { stdio: 'ignore' });
  execFileSync('docker', ['image', 'rm', '--force', image], { stdio: 'ignore' });
  for (const r of repos) r.cleanup();
});

test('validate and teardown from a subdirectory use the repository’s config', async () => {
  const r = makeRepo(configFor('iqa-discovery', '  - name: page\n    run: exit 0\n'));
  repos.push(r);
  const src = join(r.dir, 'src', 'deep');
  mkdirSync(src, { recursive: true });
  expect(await cli(['validate'], { cwd: src })).toMatchObject({ code: 0 });

  // An environment of PR 5 of this repository (outside GitHub: identified by the checkout's path).
  const project = 'iqa-discovery-pr5';
  const id = execFileSync(
    'docker',
    [
      'create',
      ...['--label', `${LABEL.project}=${project}`, '--label', `${LABEL.managed}=true`],
      ...['--label', `${LABEL.repository}=${realpathSync(r.dir)}`, '--label', `${LABEL.pr}=5`],
      image,
    ],
    { encoding: 'utf8' },
  ).trim();
  containers.push(id);
  const removed = await cli(['teardown', '--pr', '5'], { cwd: src });
  expect({ code: removed.code, stderr: removed.stderr }).toMatchObject({
    code: 0,
    stderr: expect.stringContaining('removed: 1'),
  });
  expect(execFileSync('docker', ['ps', '-aq', '--filter', `id=${id}`], { encoding: 'utf8' }).trim()).toBe('');
});

test('without a config in the directory or above it: exit 2, saying where it looked', async () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'iqa-no-config-')));
  try {
    for (const command of [['validate'], ['qa'], ['teardown', '--pr', '5'], ['promote']]) {
      const result = await cli(command, { cwd: dir });
      expect({ command, code: result.code }).toEqual({ command, code: 2 });
      expect(result.stderr).toContain(`no .github/immutable-qa.yml in ${dir}`);
      expect(result.stderr).toContain('README "Config"');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('qa --check NAME (repeatable, or a comma list) runs only those checks; an unknown name is exit 2', async () => {
  const r = makeRepo(
    configFor(
      'iqa-check-flag',
      '  - name: page\n    run: exit 0\n  - name: slow\n    run: exit 1\n  - name: other\n    run: exit 0\n',
    ),
  );
  repos.push(r);
  const run = await cli(['qa', '--json', '--check', 'page', '--check', 'other'], { cwd: r.dir });
  const record = JSON.parse(run.stdout) as {
    checks: Array<{ name: string }>;
    environment: { project: string };
  };
  await removeByLabel(record.environment.project);
  expect(record.checks.map((c) => c.name)).toEqual(['page', 'other']);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('no tested tag: a partial run (checks input) left out slow');
  const unknown = await cli(['qa', '--check', 'page,nope'], { cwd: r.dir });
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('names unknown checks: nope (the config has: page, slow, other)');
});
