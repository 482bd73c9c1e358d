// drift: the pure comparison of what runs with what was defined and tested.
import { compareEnvironment, parseDefinition } from '../../src/checks/drift.js';
import type { ContainerState } from '../../src/environment/backend.js';

const TESTED = 'sha256:' + 'a'.repeat(64);
const OTHER = 'sha256:' + 'b'.repeat(64);

function container(service: string, image: string, name = `p-${service}-1`): ContainerState {
  return { id: name, name, service, image, status: 'running', exitCode: 0, ports: {}, networks: [] };
}

const base = { services: ['web', 'db'], testedServices: ['web'], testedImageId: TESTED, digest: TESTED };

test('as defined: no findings (services not using the tested image may run anything)', () => {
  expect(
    compareEnvironment({ ...base, containers: [container('web', TESTED), container('db', OTHER)] }),
  ).toEqual([]);
});

test('a service running another image is named', () => {
  const findings = compareEnvironment({
    ...base,
    containers: [container('web', OTHER), container('db', OTHER)],
  });
  expect(findings).toEqual([
    {
      service: 'web',
      message: `service "web" runs image bbbbbbbbbbbb in container p-web-1, not the tested ${TESTED} (image aaaaaaaaaaaa)`,
    },
  ]);
});

test('a container outside the definition is named by its service label', () => {
  const findings = compareEnvironment({
    ...base,
    containers: [container('web', TESTED), container('db', OTHER), container('miner', TESTED, 'sneaky')],
  });
  expect(findings.map((f) => f.service)).toEqual(['miner']);
  expect(findings[0]!.message).toBe(
    'service "miner" is not in the compose definition, but container sneaky (image aaaaaaaaaaaa) carries the environment\'s project label',
  );
});

test('a tested service without a container', () => {
  expect(compareEnvironment({ ...base, containers: [container('db', OTHER)] })).toEqual([
    { service: 'web', message: 'service "web" uses the tested image but has no container' },
  ]);
});

test('a container another run for the project started is drift, named with both run ids', () => {
  const mine = { ...container('web', TESTED), run: '20261202010203456-aaaaaaaa' };
  const theirs = { ...container('web', TESTED, 'p-web-2'), run: '20261202010204000-bbbbbbbb' };
  const findings = compareEnvironment({
    ...base,
    run: '20261202010203456-aaaaaaaa',
    containers: [mine, container('db', OTHER), theirs],
  });
  expect(findings).toEqual([
    {
      service: 'web',
      message:
        'container p-web-2 of service "web" was started by run 20261202010204000-bbbbbbbb, not by this run (20261202010203456-aaaaaaaa): another run for this project changed the environment',
    },
  ]);
  // Without a run id (an environment of an older version), containers are judged as before.
  expect(compareEnvironment({ ...base, containers: [mine, container('db', OTHER), theirs] })).toEqual([]);
});

test('parseDefinition reads images and profiles from compose v1 and v2 output', () => {
  const v2 = `name: p\nservices:\n  web:\n    image: ${TESTED}\n    networks:\n      default: null\n  tools:\n    image: busybox\n    profiles:\n      - debug\n`;
  expect(parseDefinition(v2)).toEqual({
    web: { image: TESTED },
    tools: { image: 'busybox', profiles: ['debug'] },
  });
  const v1 = `services:\n  web:\n    build: .\nversion: '3.9'\n`;
  expect(parseDefinition(v1)).toEqual({ web: {} });
  expect(parseDefinition('')).toEqual({});
});
