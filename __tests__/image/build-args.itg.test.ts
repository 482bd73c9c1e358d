// Issue 12, item 6: `${IMMUTABLE_QA_SHA}`, `${IMMUTABLE_QA_PR}` and `${IMMUTABLE_QA_REF}` in
// image.build-args reach the build expanded (the app answered {"sha":"${GITHUB_SHA}"} before);
// any other name is a config error at file:line, before anything is built.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import { configFor, EXAMPLE, makeRepo, type Repo } from '../support/fixtures.js';
import { runQa } from '../support/promotion.js';

const repos: Repo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

const dockerfile = `${readFileSync(join(EXAMPLE, 'Dockerfile'), 'utf8')}ARG REVISION\nARG PULL\nLABEL org.example.revision=$REVISION org.example.pull=$PULL\n`;
const withArgs = (args: string): string =>
  configFor(
    `iqa-build-args-${Date.now().toString(36)}`,
    '  - name: page\n    run: sh tests/smoke.sh\n',
  ).replace('environment:', `  build-args: ${args}\nenvironment:`);

test('the run’s sha and PR expand in build args; the image carries them', async () => {
  const r = makeRepo(withArgs('{ REVISION: "${IMMUTABLE_QA_SHA}", PULL: "pr-${IMMUTABLE_QA_PR}$$" }'), {
    Dockerfile: dockerfile,
  });
  repos.push(r);
  const run = await runQa(r, ['--pr', '31']);
  if (run.record) await removeByLabel(run.record.environment.project);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  const labels = JSON.parse(
    execFileSync(
      'docker',
      ['image', 'inspect', '--format', '{{json .Config.Labels}}', run.record!.image.digest!],
      {
        encoding: 'utf8',
      },
    ),
  ) as Record<string, string>;
  expect(labels).toMatchObject({ 'org.example.revision': r.sha, 'org.example.pull': 'pr-31$' });
});

test('${GITHUB_SHA} in build args is a config error naming the line and the variables there are', async () => {
  const r = makeRepo(withArgs('{ REVISION: "${GITHUB_SHA}" }'), { Dockerfile: dockerfile });
  repos.push(r);
  const run = await runQa(r, []);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    '.github/immutable-qa.yml:4:28: image.build-args.REVISION: unknown variable ${GITHUB_SHA}: build args may use ${IMMUTABLE_QA_SHA}, ${IMMUTABLE_QA_PR}, ${IMMUTABLE_QA_REF}',
  );
});
