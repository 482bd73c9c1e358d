// Issue 12, item 5, end to end: a compose file whose app service says `build: .` (the usual dev
// file) runs the tested digest with no edit: the override pins the service to the tested image,
// nothing is built in the environment, and drift sees the tested image running.
import { execFileSync } from 'node:child_process';
import { removeByLabel } from '../../src/environment/compose.js';
import { configFor, makeRepo, registry, type Repo } from '../support/fixtures.js';
import { runQa } from '../support/promotion.js';

const repos: Repo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

test('a build: . service runs the tested digest (registry mode), drift included', async () => {
  const repository = `${registry()}/iqa-build-service/a${Date.now().toString(36)}`;
  const r = makeRepo(
    configFor(repository, '  - name: page\n    run: sh tests/smoke.sh\n  - name: drift\n    drift: {}\n'),
    {
      'compose.yml': `services:\n  web:\n    build: .\n    ports: ["8080"]\n`,
    },
  );
  repos.push(r);
  const run = await runQa(r, ['--pr', '51', '--keep']);
  const project = run.record?.environment.project;
  try {
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    const ids = execFileSync(
      'docker',
      ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`],
      {
        encoding: 'utf8',
      },
    ).trim();
    // What the container was created from, as compose passed it: the tested digest, not a build.
    const image = execFileSync('docker', ['inspect', '--format', '{{.Config.Image}}', ids], {
      encoding: 'utf8',
    }).trim();
    expect(image).toBe(`${repository}@${run.record!.image.digest}`);
    expect(run.record!.checks.map((c) => c.conclusion)).toEqual(['success', 'success']);
  } finally {
    if (project) await removeByLabel(project);
  }
});
