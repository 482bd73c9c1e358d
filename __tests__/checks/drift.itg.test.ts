// drift checks on the real engine: pass through the bundled CLI; then, on an environment kept with
// --keep, change things behind the tool's back and run the same inspection the drift check runs.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inspectDrift, type DriftExpectation } from '../../src/checks/drift.js';
import type { EnvironmentSpec } from '../../src/environment/backend.js';
import { ComposeBackend, inspectContainers, listContainers } from '../../src/environment/compose.js';
import { labelsFilePath, labelsOverride, projectLabel } from '../../src/environment/compose-args.js';
import { LABEL } from '../../src/environment/project.js';
import { configFor, registry } from '../support/fixtures.js';
import { cleanUp, cleanup, qa, repo } from './itg-support.js';

const c = cleanup();
afterEach(() => cleanUp(c));

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

const drift = `  - name: drift
    drift: {}
    timeout: 1m
`;

test('registry mode: every service of the definition, and only those, runs the tested digest', async () => {
  // A second service that runs the tested image but publishes no endpoint: drift must know it too.
  const compose = `services:
  web:
    image: \${IMMUTABLE_QA_IMAGE}
    ports: ["8080"]
  worker:
    image: \${IMMUTABLE_QA_IMAGE}
    command: ["sh", "-c", "sleep 3600"]
`;
  const r = repo(c, configFor(`${registry()}/hello-drift`, drift), { 'compose.yml': compose });
  const { code, checks, stderr } = await qa(c, r, ['--pr', '51']);
  expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
  expect(checks.drift).toEqual({
    conclusion: 'success',
    summary: '2 containers as defined; 2 service(s) run the tested digest; definition unchanged',
  });
});

test('local mode: a replaced container, an extra container and a changed definition are named', async () => {
  const r = repo(c, configFor('hello-drift-local', drift));
  const { code, record, checks } = await qa(c, r, ['--keep']);
  expect(code).toBe(0);
  expect(checks.drift!.conclusion).toBe('success');

  const project = record.environment.project;
  const digest = record.image.digest!;
  // The environment as the pipeline described it to the drift check (local mode: the digest is the image ID).
  // The run's labels override went with its private dir: write it again, from the labels the run
  // put on its container, into a dir of our own.
  const backend = new ComposeBackend('v2');
  const [started] = await inspectContainers(projectLabel(project));
  const runLabels = Object.fromEntries(
    Object.entries(started!.Config.Labels ?? {}).filter(([k]) => k.startsWith('io.immutable-qa.')),
  );
  const dir = mkdtempSync(join(r.dir, '.iqa-run-')); // goes with the repo
  writeFileSync(labelsFilePath(dir, project), labelsOverride(['web'], runLabels, { networks: ['default'] }));
  const spec: EnvironmentSpec = {
    project,
    root: r.dir,
    composeFiles: [join(r.dir, 'compose.yml')],
    variables: { IMMUTABLE_QA_IMAGE: digest, IMMUTABLE_QA_DIGEST: digest, IMMUTABLE_QA_PROJECT: project },
    labels: runLabels,
    run: { id: runLabels[LABEL.run]!, dir },
  };
  const expected: DriftExpectation = {
    project,
    image: digest,
    digest,
    local: true,
    services: await backend.services(spec),
    definitionSha256: record.environment.definition_sha256!,
    definition: () => backend.definition(spec),
  };
  const services = async () => (await inspectDrift(expected)).findings.map((f) => f.service);
  expect(await services()).toEqual([]);

  // A container with the project's labels that the definition does not have.
  const labels = (service: string) => [
    '--label',
    `${LABEL.project}=${project}`,
    '--label',
    `${LABEL.service}=${service}`,
  ];
  const intruder = docker('run', '-d', ...labels('miner'), digest, 'sleep', '3600');
  let report = await inspectDrift(expected);
  expect(report.findings).toEqual([
    {
      service: 'miner',
      message: expect.stringMatching(
        /^service "miner" is not in the compose definition, but container \S+ \(image [0-9a-f]{12}\) carries the environment's project label$/,
      ) as string,
    },
  ]);
  docker('rm', '--force', intruder);

  // The web container replaced by one from another image (same content, different image ID).
  const [web] = await listContainers(project);
  const impostor = `iqa-drift-impostor:${project}`;
  c.images.push(impostor);
  docker('commit', web!.id, impostor);
  docker('rm', '--force', web!.id);
  docker('run', '-d', ...labels('web'), impostor);
  report = await inspectDrift(expected);
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0]!.service).toBe('web');
  expect(report.findings[0]!.message).toMatch(
    new RegExp(`^service "web" runs image [0-9a-f]{12} in container \\S+, not the tested ${digest}`),
  );

  // The compose definition edited after the environment started.
  appendFileSync(join(r.dir, 'compose.yml'), '    environment: { FEATURE_FLAG: "on" }\n');
  report = await inspectDrift(expected);
  expect(report.findings.map((f) => f.service)).toEqual(['', 'web']);
  expect(report.findings[0]!.message).toMatch(
    /^the rendered compose definition changed since the environment started: sha256 [0-9a-f]{12}, recorded [0-9a-f]{12}$/,
  );
});
