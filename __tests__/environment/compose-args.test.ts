// The compose backend's argv as data: each row is one invocation and the exact argv it must run.
import {
  claimVolume,
  composeArgv,
  composeCommand,
  definedResources,
  engineCommand,
  labelsFilePath,
  imageServices,
  labelsOverride,
  pinnedServices,
  projectLabel,
  runLabel,
  type ComposeInvocation,
} from '../../src/environment/compose-args.js';

const PROJECT = 'iqa-shop-pr12';
const ROOT = '/work/shop';
const OVERRIDE = `/tmp/${PROJECT}.immutable-qa.labels.yml`;
const LABEL = `com.docker.compose.project=${PROJECT}`;
const RUN = '20261202010203456-9f3a1c2b';

function invocation(overrides: Partial<ComposeInvocation> = {}): ComposeInvocation {
  return {
    version: 'v2',
    dockerBin: 'docker',
    project: PROJECT,
    root: ROOT,
    files: ['compose.yml'],
    override: OVERRIDE,
    ...overrides,
  };
}

const head = (version: 'v1' | 'v2', bin = 'docker'): string[] =>
  version === 'v2' ? [bin, 'compose'] : ['docker-compose'];

describe('composeArgv: which compose, project, files, override', () => {
  test.each<[string, Partial<ComposeInvocation>, string[], string[]]>([
    [
      'v2 runs the compose plugin of the Docker CLI',
      {},
      ['ps'],
      [
        'docker',
        'compose',
        '-p',
        PROJECT,
        '--project-directory',
        ROOT,
        '-f',
        'compose.yml',
        '-f',
        OVERRIDE,
        'ps',
      ],
    ],
    [
      'v1 runs docker-compose, whatever the Docker CLI is',
      { version: 'v1', dockerBin: '/opt/docker' },
      ['ps'],
      [
        'docker-compose',
        '-p',
        PROJECT,
        '--project-directory',
        ROOT,
        '-f',
        'compose.yml',
        '-f',
        OVERRIDE,
        'ps',
      ],
    ],
    [
      'v2 with IMMUTABLE_QA_DOCKER: that binary runs compose',
      { dockerBin: '/opt/docker' },
      ['ps'],
      [
        '/opt/docker',
        'compose',
        '-p',
        PROJECT,
        '--project-directory',
        ROOT,
        '-f',
        'compose.yml',
        '-f',
        OVERRIDE,
        'ps',
      ],
    ],
    [
      'several user files keep their order; the override comes last so it wins',
      { files: ['compose.yml', 'compose.ci.yml', 'deploy/extra.yaml'] },
      ['config'],
      [
        'docker',
        'compose',
        '-p',
        PROJECT,
        '--project-directory',
        ROOT,
        '-f',
        'compose.yml',
        '-f',
        'compose.ci.yml',
        '-f',
        'deploy/extra.yaml',
        '-f',
        OVERRIDE,
        'config',
      ],
    ],
    [
      'without the override (config --services, before the labels file exists)',
      { override: undefined },
      ['config', '--services'],
      [
        'docker',
        'compose',
        '-p',
        PROJECT,
        '--project-directory',
        ROOT,
        '-f',
        'compose.yml',
        'config',
        '--services',
      ],
    ],
    [
      'no user files: only the override',
      { files: [] },
      ['up'],
      ['docker', 'compose', '-p', PROJECT, '--project-directory', ROOT, '-f', OVERRIDE, 'up'],
    ],
    [
      'no files at all',
      { files: [], override: undefined, version: 'v1' },
      ['logs'],
      ['docker-compose', '-p', PROJECT, '--project-directory', ROOT, 'logs'],
    ],
    [
      'paths with spaces stay one argument each',
      { root: '/work/my shop', files: ['my compose.yml'] },
      ['config'],
      [
        'docker',
        'compose',
        '-p',
        PROJECT,
        '--project-directory',
        '/work/my shop',
        '-f',
        'my compose.yml',
        '-f',
        OVERRIDE,
        'config',
      ],
    ],
  ])('%s', (_name, overrides, args, expected) => {
    expect(composeArgv(invocation(overrides), args)).toEqual(expected);
  });

  test('the invocation is not mutated and argv is a fresh array each call', () => {
    const inv = invocation({ files: ['a.yml'] });
    const args = ['config'];
    const first = composeArgv(inv, args);
    first.push('--junk');
    expect(composeArgv(inv, args)).not.toContain('--junk');
    expect(inv.files).toEqual(['a.yml']);
    expect(args).toEqual(['config']);
  });
});

describe('compose subcommands (v1 and v2 take the same ones)', () => {
  const cases: Array<[string, string[], string[], boolean]> = [
    ['services', composeCommand.services(), ['config', '--services'], false],
    ['up', composeCommand.up(), ['up', '--detach', '--remove-orphans', '--no-build'], true],
    ['config', composeCommand.config(), ['config'], true],
    [
      'up of some services (those that start before the build)',
      composeCommand.up(['db', 'cache']),
      ['up', '--detach', '--remove-orphans', '--no-build', 'db', 'cache'],
      true,
    ],
    ['logs 200', composeCommand.logs(200), ['logs', '--no-color', '--tail', '200'], true],
    ['logs 0', composeCommand.logs(0), ['logs', '--no-color', '--tail', '0'], true],
  ];
  test.each(
    cases.flatMap(([name, args, expected, withOverride]) =>
      (['v1', 'v2'] as const).map(
        (version) => [`${version} ${name}`, version, args, expected, withOverride] as const,
      ),
    ),
  )('%s', (_name, version, args, expected, withOverride) => {
    expect(args).toEqual(expected);
    const files = withOverride ? ['-f', 'compose.yml', '-f', OVERRIDE] : ['-f', 'compose.yml'];
    expect(
      composeArgv(invocation({ version, ...(withOverride ? {} : { override: undefined }) }), args),
    ).toEqual([...head(version), '-p', PROJECT, '--project-directory', ROOT, ...files, ...expected]);
  });
});

describe('the labels override', () => {
  test.each<[string, string, string]>([
    ['/tmp', PROJECT, OVERRIDE],
    ['/var/tmp/runner', 'iqa-hello-abc1234', '/var/tmp/runner/iqa-hello-abc1234.immutable-qa.labels.yml'],
    ['/tmp/', 'p', '/tmp/p.immutable-qa.labels.yml'],
  ])('labelsFilePath(%s, %s)', (dir, project, expected) => {
    expect(labelsFilePath(dir, project)).toBe(expected);
  });

  test.each<[string, string[], Record<string, string>, string]>([
    ['no services', [], { a: 'b' }, '{\n  "services": {}\n}'],
    [
      'every service gets every label, as quoted JSON (an ISO date stays a string for YAML 1.1)',
      ['web', 'db'],
      { 'io.immutable-qa.created': '2026-11-26T10:00:00.000Z', 'io.immutable-qa.pr': '12' },
      [
        '{',
        '  "services": {',
        '    "web": {',
        '      "labels": {',
        '        "io.immutable-qa.created": "2026-11-26T10:00:00.000Z",',
        '        "io.immutable-qa.pr": "12"',
        '      }',
        '    },',
        '    "db": {',
        '      "labels": {',
        '        "io.immutable-qa.created": "2026-11-26T10:00:00.000Z",',
        '        "io.immutable-qa.pr": "12"',
        '      }',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    ],
    ['no labels', ['web'], {}, '{\n  "services": {\n    "web": {\n      "labels": {}\n    }\n  }\n}'],
  ])('%s', (_name, services, labels, expected) => {
    const text = labelsOverride(services, labels);
    expect(text).toBe(expected);
    expect(JSON.parse(text)).toEqual({
      services: Object.fromEntries(services.map((s) => [s, { labels }])),
    });
  });
});

describe('engine commands by label (teardown, readiness, drift, leftovers)', () => {
  test.each<[string, string[], string[]]>([
    ['projectLabel', [projectLabel(PROJECT)], [LABEL]],
    [
      'containerIds of a project: all states, full IDs',
      engineCommand.containerIds([LABEL]),
      ['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${LABEL}`],
    ],
    [
      'containerIds with several labels: one --filter each (all must match)',
      engineCommand.containerIds(['io.immutable-qa.managed=true', 'io.immutable-qa.repository=acme/shop']),
      [
        'ps',
        '--all',
        '--quiet',
        '--no-trunc',
        '--filter',
        'label=io.immutable-qa.managed=true',
        '--filter',
        'label=io.immutable-qa.repository=acme/shop',
      ],
    ],
    ['containerIds with no label', engineCommand.containerIds([]), ['ps', '--all', '--quiet', '--no-trunc']],
    ['inspect', engineCommand.inspect(['c1', 'c2']), ['inspect', 'c1', 'c2']],
    [
      'down: containers with their anonymous volumes',
      engineCommand.removeContainers(['c1', 'c2']),
      ['rm', '--force', '--volumes', 'c1', 'c2'],
    ],
    [
      'down: the project networks',
      engineCommand.listNetworks(PROJECT),
      ['network', 'ls', '--quiet', '--filter', `label=${LABEL}`],
    ],
    ['down: remove networks', engineCommand.removeNetworks(['n1', 'n2']), ['network', 'rm', 'n1', 'n2']],
    [
      'down: the project volumes',
      engineCommand.listVolumes(PROJECT),
      ['volume', 'ls', '--quiet', '--filter', `label=${LABEL}`],
    ],
    ['down: remove volumes', engineCommand.removeVolumes(['v1']), ['volume', 'rm', '--force', 'v1']],
    [
      'leftovers: containers in any state',
      engineCommand.leftovers(PROJECT).containers,
      ['ps', '--all', '--quiet', '--filter', `label=${LABEL}`],
    ],
    [
      'leftovers: networks',
      engineCommand.leftovers(PROJECT).networks,
      ['network', 'ls', '--quiet', '--filter', `label=${LABEL}`],
    ],
    [
      'leftovers: volumes',
      engineCommand.leftovers(PROJECT).volumes,
      ['volume', 'ls', '--quiet', '--filter', `label=${LABEL}`],
    ],
    [
      "a run's teardown: only the networks its run created",
      engineCommand.listNetworks(PROJECT, RUN),
      [
        'network',
        'ls',
        '--quiet',
        '--filter',
        `label=${LABEL}`,
        '--filter',
        `label=io.immutable-qa.run=${RUN}`,
      ],
    ],
    [
      "a run's teardown: only the volumes its run created",
      engineCommand.listVolumes(PROJECT, RUN),
      [
        'volume',
        'ls',
        '--quiet',
        '--filter',
        `label=${LABEL}`,
        '--filter',
        `label=io.immutable-qa.run=${RUN}`,
      ],
    ],
    ['runLabel', [runLabel(RUN)], [`io.immutable-qa.run=${RUN}`]],
    [
      'a claim: an empty volume named by the run, labelled with the project (not its compose label)',
      engineCommand.createClaim(RUN, { 'io.immutable-qa.claim': PROJECT, 'io.immutable-qa.run': RUN }),
      [
        'volume',
        'create',
        '--label',
        `io.immutable-qa.claim=${PROJECT}`,
        '--label',
        `io.immutable-qa.run=${RUN}`,
        `iqa-claim-${RUN}`,
      ],
    ],
    [
      'the claims on a project',
      engineCommand.listClaims(PROJECT),
      ['volume', 'ls', '--quiet', '--filter', `label=io.immutable-qa.claim=${PROJECT}`],
    ],
    ['claimVolume', [claimVolume(RUN)], [`iqa-claim-${RUN}`]],
    [
      'a baseline sibling is its own project',
      engineCommand.listVolumes(`${PROJECT}-baseline`),
      ['volume', 'ls', '--quiet', '--filter', `label=com.docker.compose.project=${PROJECT}-baseline`],
    ],
  ])('%s', (_name, argv, expected) => {
    expect(argv).toEqual(expected);
  });
});

describe('the labels override: networks and volumes compose creates get the labels too', () => {
  test('services, then networks and volumes when there are any', () => {
    expect(
      JSON.parse(
        labelsOverride(['web'], { 'io.immutable-qa.run': RUN }, { networks: ['default'], volumes: ['data'] }),
      ),
    ).toEqual({
      services: { web: { labels: { 'io.immutable-qa.run': RUN } } },
      networks: { default: { labels: { 'io.immutable-qa.run': RUN } } },
      volumes: { data: { labels: { 'io.immutable-qa.run': RUN } } },
    });
    expect(JSON.parse(labelsOverride(['web'], {}, { networks: [], volumes: [] }))).toEqual({
      services: { web: { labels: {} } },
    });
  });

  test.each<[string, string, Omit<ReturnType<typeof definedResources>, 'dependsOn' | 'rendered'>]>([
    [
      'v2 lists the default network it creates',
      'name: p\nservices:\n  web:\n    image: x\n    networks:\n      default: null\nnetworks:\n  default:\n    name: p_default\n',
      { services: ['web'], networks: ['default'], volumes: [], oneShot: [], builds: {} },
    ],
    [
      'v1 does not: a service without networks joins the default one',
      "services:\n  web:\n    image: x\nversion: '3.9'\n",
      { services: ['web'], networks: ['default'], volumes: [], oneShot: [], builds: {} },
    ],
    [
      'external networks and volumes are not ours to label; named ones are',
      [
        'services:',
        '  web: { image: x, networks: [front] }',
        '  db: { image: y, network_mode: host }',
        'networks:',
        '  front: {}',
        '  shared: { external: true }',
        'volumes:',
        '  data: {}',
        '  cache: { external: true, name: cache }',
      ].join('\n'),
      { services: ['web', 'db'], networks: ['front'], volumes: ['data'], oneShot: [], builds: {} },
    ],
    [
      'one-shot jobs: depended on with service_completed_successfully, or restart "no" (issue 12, item 1)',
      [
        'services:',
        '  api:',
        '    image: x',
        '    depends_on:',
        '      migrate: { condition: service_completed_successfully, required: true }',
        '      db: { condition: service_healthy, required: true }',
        '  migrate: { image: x }',
        '  seed: { image: x, restart: "no" }',
        '  db: { image: postgres, restart: always }',
      ].join('\n'),
      {
        services: ['api', 'migrate', 'seed', 'db'],
        networks: ['default'],
        volumes: [],
        oneShot: ['migrate', 'seed'],
        builds: {},
      },
    ],
    ['not a definition', '', { services: [], networks: [], volumes: [], oneShot: [], builds: {} }],
  ])('definedResources: %s', (_name, rendered, expected) => {
    expect(definedResources(rendered)).toMatchObject(expected);
  });
});

describe('which services wait for the tested image (issue 14: the rest start while it builds)', () => {
  const IMAGE = 'immutable-qa.invalid/pending-build:pending';
  const DIGEST = `sha256:${'0'.repeat(64)}`;
  const rendered = [
    'services:',
    `  api: { image: "${IMAGE}", depends_on: { db: { condition: service_healthy }, migrate: { condition: service_completed_successfully } } }`,
    `  migrate: { image: postgres, environment: { APP_DIGEST: "${DIGEST}" }, depends_on: [db] }`,
    '  db: { image: postgres }',
    '  cache: { image: redis }',
    '  proxy: { image: nginx, depends_on: { api: { condition: service_started } } }',
    '  web: { build: { context: /repo, dockerfile: Dockerfile } }',
    '  edge: { image: nginx, depends_on: [proxy] }',
  ].join('\n');

  test('named anywhere in a service, pinned (build: the same), or depending on one of those', () => {
    const resources = definedResources(rendered, '/repo');
    expect(resources.dependsOn).toEqual({
      api: ['db', 'migrate'],
      migrate: ['db'],
      db: [],
      cache: [],
      proxy: ['api'],
      web: [],
      edge: ['proxy'],
    });
    expect(imageServices(resources, ['web'], [IMAGE, DIGEST])).toEqual([
      'api',
      'migrate',
      'proxy',
      'web',
      'edge',
    ]);
    // Without the markers nothing names it: only the pinned service and what depends on it wait.
    expect(imageServices(resources, [], [])).toEqual([]);
  });

  test('the digest label goes only on those: the others are labelled the same before and after the build', () => {
    const override = JSON.parse(
      labelsOverride(['api', 'db'], { run: 'r1' }, { networks: ['default'] }, undefined, {
        services: ['api'],
        labels: { 'io.immutable-qa.digest': DIGEST },
      }),
    ) as Record<string, Record<string, { labels: Record<string, string> }>>;
    expect(override.services!.api!.labels).toEqual({ run: 'r1', 'io.immutable-qa.digest': DIGEST });
    expect(override.services!.db!.labels).toEqual({ run: 'r1' });
    expect(override.networks!.default!.labels).toEqual({ run: 'r1' });
  });
});

describe('build: services (issue 12, item 5)', () => {
  const rendered = [
    'services:',
    '  web: { build: { context: /repo, dockerfile: Dockerfile }, ports: ["8080"] }',
    '  api: { build: /repo }',
    '  worker: { build: { context: /repo/worker, dockerfile: Dockerfile.dev } }',
    '  db: { image: postgres }',
  ].join('\n');

  test('what each builds, absolute; the ones building the config’s image are pinned', () => {
    const { builds } = definedResources(rendered, '/repo');
    expect(builds).toEqual({
      web: { context: '/repo', dockerfile: '/repo/Dockerfile' },
      api: { context: '/repo', dockerfile: '/repo/Dockerfile' },
      worker: { context: '/repo/worker', dockerfile: '/repo/worker/Dockerfile.dev' },
    });
    expect(pinnedServices(builds, { context: '/repo', dockerfile: '/repo/Dockerfile' })).toEqual([
      'web',
      'api',
    ]);
    expect(pinnedServices(builds, undefined)).toEqual([]);
  });

  test('the override gives pinned services the tested image, the others only labels', () => {
    const override = JSON.parse(
      labelsOverride(
        ['web', 'db'],
        { a: 'b' },
        {},
        { services: ['web'], image: 'ghcr.io/acme/shop@sha256:abc' },
      ),
    );
    expect(override.services).toEqual({
      web: { labels: { a: 'b' }, image: 'ghcr.io/acme/shop@sha256:abc' },
      db: { labels: { a: 'b' } },
    });
  });
});
