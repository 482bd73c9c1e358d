// Issue 11 items 11 and 16 against the real tools: renderCompose with Compose v2 and docker-compose v1
// (what `compose config` really prints, ports in both syntaxes), and env values as written reaching a
// run check of a real qa run.
import { cli, configFor, engineCounts, makeRepo } from '../support/fixtures.js';
import { loadConfig } from '../../src/config/load.js';
import { composeProblems } from '../../src/config/rendered.js';
import { renderCompose } from '../../src/environment/render.js';
import type { ComposeVersion } from '../../src/environment/compose-args.js';

const ok = `  - name: page\n    run: exit 0\n`;
const COMPOSE = `services:
  web:
    image: \${IMMUTABLE_QA_IMAGE:?run through immutable-qa}
    ports: ["8080", "127.0.0.1:9000:9001", "7000-7001", "5353/udp"]
  worker:
    image: \${IMMUTABLE_QA_IMAGE:?run through immutable-qa}
    expose: ["8080"]
`;

// Issue 12, item 5: the usual dev compose file, whose app service builds the repository.
const BUILDS = `services:
  web:
    build: .
    ports: ["8080"]
  worker:
    build:
      context: ./worker
  cache:
    build: { context: ./cache }
    image: redis:7
`;

describe.each<ComposeVersion>(['v2', 'v1'])('renderCompose with compose %s', (version) => {
  test('build: services: the config’s own build is pinned; another build without image is a problem naming its line', async () => {
    const repo = makeRepo(configFor('x', ok), {
      'compose.yml': BUILDS,
      'worker/Dockerfile': 'FROM scratch\n',
      'cache/Dockerfile': 'FROM scratch\n',
    });
    try {
      const config = await loadConfig(repo.config);
      const rendered = await renderCompose(config, { version });
      if (rendered.kind !== 'rendered') throw new Error(`expected rendered, got ${JSON.stringify(rendered)}`);
      expect(rendered.services.web!.build).toMatchObject({
        context: config.image.context,
        dockerfile: config.image.dockerfile,
      });
      const problems = composeProblems(config, rendered);
      expect(problems.map((p) => p.message)).toEqual([
        expect.stringMatching(
          /^service "worker" \(compose\.yml:7\) has build: \(context \S+\/worker, \S+\/worker\/Dockerfile\) but no image:/,
        ),
      ]);
      expect(problems[0]!.message).toContain('add `image: <a prebuilt image>` under "worker"');
    } finally {
      repo.cleanup();
    }
  });

  test('services and the container ports they publish (short syntax, ranges, udp)', async () => {
    const repo = makeRepo(configFor('x', ok), { 'compose.yml': COMPOSE });
    try {
      const before = engineCounts();
      const config = await loadConfig(repo.config);
      const rendered = await renderCompose(config, { version });
      if (rendered.kind !== 'rendered') throw new Error(`expected rendered, got ${JSON.stringify(rendered)}`);
      const ports = (service: string) =>
        rendered.services[service]!.ports.map((p) => `${p.target}/${p.protocol}`).sort();
      expect(Object.keys(rendered.services).sort()).toEqual(['web', 'worker']);
      expect(ports('web')).toEqual(['5353/udp', '7000/tcp', '7001/tcp', '8080/tcp', '9001/tcp']);
      expect(ports('worker')).toEqual([]);
      expect(composeProblems(config, rendered)).toEqual([]);
      expect(engineCounts()).toEqual(before);
    } finally {
      repo.cleanup();
    }
  });

  test.each<[string, string, string]>([
    ['a published port', 'web: { service: web, port: 9001 }', ''],
    [
      'an exposed, unpublished port',
      'web: { service: worker, port: 8080 }',
      'service "worker" does not publish port 8080; it publishes no ports',
    ],
    [
      'the host side of a mapping',
      'web: { service: web, port: 9000 }',
      'does not publish port 9000; it publishes 8080, 9001, 7000, 7001',
    ],
    ['a udp port', 'web: { service: web, port: 5353 }', '(it publishes 5353 only as udp)'],
    [
      'a missing service',
      'web: { service: db, port: 5432 }',
      'service "db" is not in the compose definition (services: web, worker)',
    ],
  ])('endpoint on %s', async (_name, endpoint, fragment) => {
    const repo = makeRepo(configFor('x', ok).replace('web: { service: web, port: 8080 }', endpoint), {
      'compose.yml': COMPOSE,
    });
    try {
      const config = await loadConfig(repo.config);
      const problems = composeProblems(config, await renderCompose(config, { version }));
      expect(problems.map((p) => p.message).join('\n')).toContain(fragment);
      expect(problems).toHaveLength(fragment ? 1 : 0);
    } finally {
      repo.cleanup();
    }
  });

  test.each<[string, string]>([
    ['not YAML at all', 'FROM scratch\nCOPY a b\n'],
    ['a mapping without services', 'hello: world\n'],
    ['an empty file', ''],
    ['a bad port', 'services:\n  web:\n    image: x\n    ports: ["abc"]\n'],
  ])("a file compose rejects (%s) is invalid, naming compose's reason", async (_name, text) => {
    const repo = makeRepo(configFor('x', ok), { 'compose.yml': text });
    try {
      const rendered = await renderCompose(await loadConfig(repo.config), { version });
      expect(rendered.kind).toBe('invalid');
      expect(rendered.kind === 'invalid' && rendered.message.length).toBeGreaterThan(0);
    } finally {
      repo.cleanup();
    }
  });

  test('of two files, the one compose names is pointed at', async () => {
    const yaml = configFor('x', ok).replace('compose: compose.yml', 'compose: [compose.yml, qa.yml]');
    const repo = makeRepo(yaml, { 'qa.yml': 'services:\n  web:\n    ports: ["abc"]\n' });
    try {
      const rendered = await renderCompose(await loadConfig(repo.config), { version });
      // v2 names neither file for an invalid port; v1 names the file it read it from.
      if (rendered.kind !== 'invalid') throw new Error(`expected invalid, got ${rendered.kind}`);
      if (rendered.fileIndex !== undefined) expect(rendered.fileIndex).toBe(1);
    } finally {
      repo.cleanup();
    }
  });
});

test('a machine without compose: the render checks are skipped, with the reason', async () => {
  const repo = makeRepo(configFor('x', ok));
  const saved = process.env.IMMUTABLE_QA_DOCKER;
  try {
    process.env.IMMUTABLE_QA_DOCKER = '/nonexistent/docker';
    const rendered = await renderCompose(await loadConfig(repo.config), { version: 'v2' });
    expect(rendered).toEqual({ kind: 'unavailable', reason: expect.stringContaining('/nonexistent/docker') });
  } finally {
    if (saved === undefined) delete process.env.IMMUTABLE_QA_DOCKER;
    else process.env.IMMUTABLE_QA_DOCKER = saved;
    repo.cleanup();
  }
});

test('item 16: env values YAML reads as numbers or booleans reach a qa run check as written', async () => {
  const check = `  - name: env
    run: test "$PORT|$DEBUG|$RATIO|$ON|$HEX|$EMPTY|" = "8080|yes|1.50|true|0x1F||"
    env:
      PORT: 8080
      DEBUG: yes
      RATIO: 1.50
      ON: true
      HEX: 0x1F
      EMPTY:
`;
  const repo = makeRepo(configFor(`iqa-env-${process.pid}`, check));
  try {
    const result = await cli(['qa', '--config', repo.config], { cwd: repo.dir });
    expect({ code: result.code, tail: result.stderr.slice(-2000) }).toEqual({
      code: 0,
      tail: expect.stringContaining('verdict: passed'),
    });
  } finally {
    repo.cleanup();
  }
});
