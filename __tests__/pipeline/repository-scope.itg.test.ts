// Issue 12, item 3: environments are scoped to their repository. A container of the same compose
// project that another repository labelled (a hash collision, a hand edit) is never removed by the
// replace step: the run's environment phase fails saying whose it is, and that container stays.
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { LABEL, projectName } from '../../src/environment/project.js';
import { configFor, localBusyboxImage, makeRepo, type Repo } from '../support/fixtures.js';
import { runQa } from '../support/promotion.js';

const repos: Repo[] = [];
const containers: string[] = [];
const image = `iqa-foreign-${Date.now().toString(36)}`;
beforeAll(() => localBusyboxImage(image));
afterAll(() => {
  for (const id of containers) execFileSync('docker', ['rm', '--force', id], { stdio: 'ignore' });
  execFileSync('docker', ['image', 'rm', '--force', image], { stdio: 'ignore' });
  for (const r of repos) r.cleanup();
});

test('another repository’s container in the same project is not replaced: the environment fails, naming it', async () => {
  const r = makeRepo(
    configFor(`iqa-scope-${Date.now().toString(36)}`, '  - name: page\n    run: sh tests/smoke.sh\n'),
  );
  repos.push(r);
  // Outside GitHub the repository identity is the checkout's path.
  const project = projectName(realpathSync(r.dir), 77, r.sha);
  const foreign = execFileSync(
    'docker',
    [
      'create',
      '--label',
      `${LABEL.project}=${project}`,
      '--label',
      `${LABEL.repository}=other/api`,
      '--label',
      `${LABEL.managed}=true`,
      image,
    ],
    { encoding: 'utf8' },
  ).trim();
  containers.push(foreign);

  const run = await runQa(r, ['--pr', '77']);
  expect(run.record?.environment.project).toBe(project);
  expect(run.code).toBe(1);
  expect(run.record?.phases.find((p) => p.name === 'environment')?.conclusion).toBe('failure');
  expect(run.stderr).toContain(`the environment ${project} on this engine belongs to repository other/api`);
  // Still there, untouched.
  expect(
    execFileSync('docker', ['inspect', '--format', '{{.Id}}', foreign], { encoding: 'utf8' }).trim(),
  ).toBe(foreign);
});
