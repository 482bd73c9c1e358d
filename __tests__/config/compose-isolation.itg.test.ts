// A compose file as teams write it for `docker compose up` on a laptop, against the real Compose v2
// and docker-compose v1: a fixed container_name and a named volume with `name:` (shared by every
// environment on the engine) are config errors naming compose.yml:line; a fixed host port and
// external volumes and networks are warnings naming theirs. When a fixed host port is taken anyway,
// the environment phase says what the engine said ("Bind for 0.0.0.0:N failed: port is already
// allocated") and what to write instead, not compose's last progress line.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { leftovers } from '../../src/environment/compose.js';
import { loadConfig } from '../../src/config/load.js';
import { composeProblems, composeWarnings } from '../../src/config/rendered.js';
import type { ComposeVersion } from '../../src/environment/compose-args.js';
import { renderCompose } from '../../src/environment/render.js';
import { cli, configFor, engineCounts, localBusyboxImage, makeRepo, type Repo } from '../support/fixtures.js';
import { cleanEnv, runQa } from '../support/promotion.js';

const ok = `  - name: page\n    run: sh tests/smoke.sh\n`;
const repos: Repo[] = [];
const TAKEN = `iqa-taken-port-${process.pid}-`;
afterAll(() => {
  for (const r of repos) r.cleanup();
  // The local images the qa runs built.
  const refs = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((ref) => ref.startsWith(TAKEN));
  if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
});

// The orders app's dev compose file.
const ORDERS = `services:
  web:
    image: \${IMMUTABLE_QA_IMAGE:?run through immutable-qa}
    container_name: orders-web
    ports:
      - "3000:3000"
      - "9229"
    depends_on: [db]
    networks: [default, proxy]
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: orders
    volumes:
      - pgdata:/var/lib/postgresql/data
      - fixtures:/fixtures:ro
    ports:
      - target: 5432
        published: 5432
volumes:
  pgdata:
    name: orders-data
  fixtures:
    external: true
networks:
  proxy:
    external: true
    name: traefik
`;
/** 1-based line of the first line of `text` that contains `needle` (after line `after`). */
function line(text: string, needle: string, after = 0): number {
  const index = text.split('\n').findIndex((l, i) => i >= after && l.includes(needle));
  if (index < 0) throw new Error(`no line with ${needle}`);
  return index + 1;
}
const L = {
  containerName: line(ORDERS, 'container_name: orders-web'),
  port3000: line(ORDERS, '"3000:3000"'),
  port5432: line(ORDERS, 'target: 5432'),
  pgdataName: line(ORDERS, 'name: orders-data'),
  fixturesExternal: line(ORDERS, 'external: true'),
  proxyExternal: line(ORDERS, 'external: true', line(ORDERS, 'proxy:', line(ORDERS, 'networks:', 20))),
};

function orders(compose = ORDERS, checks = ok): Repo {
  const r = makeRepo(configFor('orders-immutable-qa', checks).replace('port: 8080', 'port: 3000'), {
    'compose.yml': compose,
  });
  repos.push(r);
  return r;
}

describe.each<ComposeVersion>(['v2', 'v1'])('compose %s', (version) => {
  test('container_name and a volume name: are errors, a fixed host port and externals warnings, each at its line', async () => {
    const r = orders();
    const before = engineCounts();
    const config = await loadConfig(r.config);
    const rendered = await renderCompose(config, { version });
    if (rendered.kind !== 'rendered') throw new Error(`expected rendered, got ${JSON.stringify(rendered)}`);
    expect(composeProblems(config, rendered).map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^service "web" \\(compose\\.yml:${L.containerName}\\) has container_name: orders-web: .*drop container_name:`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^volume "pgdata" \\(compose\\.yml:${L.pgdataName}\\) has name: orders-data: every environment on the engine would share that one volume and its data, and teardown leaves it behind; drop name:`,
        ),
      ),
    ]);
    const warnings = composeWarnings(config, rendered).map((p) => p.message);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^service "web" \\(compose\\.yml:${L.port3000}\\) publishes the fixed host port 3000 \\(for 3000\\): .*write "3000" instead`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^service "db" \\(compose\\.yml:${L.port5432}\\) publishes the fixed host port 5432 \\(for 5432\\): .*write "5432" instead`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^volume "fixtures" \\(compose\\.yml:${L.fixturesExternal}\\) is external \\(fixtures\\): `,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^network "proxy" \\(compose\\.yml:${L.proxyExternal}\\) is external \\(traefik\\): `),
        ),
      ]),
    );
    expect(warnings).toHaveLength(4);
    expect(engineCounts()).toEqual(before);
  });

  test('the same file without what collides: no problem, no warning', async () => {
    const fixed = ORDERS.replace('    container_name: orders-web\n', '')
      .replace('"3000:3000"', '"3000"')
      .replace('        published: 5432\n', '')
      .replace('    name: orders-data\n', '    labels: { app: orders }\n')
      .replace(/ {2}fixtures:\n {4}external: true\n/, '  fixtures: {}\n')
      .replace('    networks: [default, proxy]\n', '')
      .replace(/networks:\n {2}proxy:\n {4}external: true\n {4}name: traefik\n/, '');
    const config = await loadConfig(orders(fixed).config);
    const rendered = await renderCompose(config, { version });
    expect(composeProblems(config, rendered)).toEqual([]);
    expect(composeWarnings(config, rendered)).toEqual([]);
  });
});

test('validate: exit 2 with the errors at compose.yml:line; a file with only warnings is valid, and says them', async () => {
  const bad = await cli(['validate', '--config', orders().config]);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(
    new RegExp(
      `immutable-qa\\.yml:5:\\d+: environment\\.compose: service "web" \\(compose\\.yml:${L.containerName}\\) has container_name: orders-web`,
    ),
  );
  expect(bad.stderr).toContain(`volume "pgdata" (compose.yml:${L.pgdataName}) has name: orders-data`);

  const portsOnly = ORDERS.replace('    container_name: orders-web\n', '').replace(
    '    name: orders-data\n',
    '',
  );
  const warned = await cli(['validate', '--config', orders(portsOnly).config]);
  expect({ code: warned.code, stderr: warned.stderr }).toMatchObject({ code: 0 });
  expect(warned.stderr).toMatch(
    /immutable-qa\.yml:5:\d+: environment\.compose: service "web" \(compose\.yml:\d+\) publishes the fixed host port 3000/,
  );
  expect(warned.stderr).toContain('valid (');
});

/** A free TCP port on the host, and a container of the fixture image holding it. */
async function takenPort(image: string, name: string): Promise<number> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
  execFileSync('docker', ['run', '--detach', '--name', name, '--publish', `${port}:8080`, image], {
    stdio: 'ignore',
  });
  return port;
}

describe.each<ComposeVersion>(['v2', 'v1'])('qa with compose %s', (version) => {
  const holder = `iqa-port-holder-${version}-${process.pid}`;
  const image = `iqa-port-holder:${process.pid}`;
  beforeAll(() => localBusyboxImage(image));
  afterAll(() => {
    execFileSync('docker', ['rm', '--force', holder], { stdio: 'ignore' });
    execFileSync('docker', ['image', 'rm', '--force', image], { stdio: 'ignore' });
  });

  test("a fixed host port that is taken: the environment phase says the engine's line and what to write", async () => {
    const port = await takenPort(image, holder);
    const compose = `services:
  web:
    image: \${IMMUTABLE_QA_IMAGE:?run through immutable-qa}
    ports: ["${port}:8080"]
`;
    const r = makeRepo(configFor(`${TAKEN}${version}-${Date.now().toString(36)}`, ok), {
      'compose.yml': compose,
    });
    repos.push(r);
    const run = await runQa(r, ['--pr', '71'], cleanEnv({ IMMUTABLE_QA_COMPOSE: version }));
    expect({ code: run.code, verdict: run.record?.verdict }).toEqual({ code: 1, verdict: 'failed' });
    // validate's warning came first, at the line.
    expect(run.stderr).toMatch(
      new RegExp(`service "web" \\(compose\\.yml:4\\) publishes the fixed host port ${port} \\(for 8080\\)`),
    );
    const environment = run.record!.phases.find((p) => p.name === 'environment')!;
    expect(environment.conclusion).toBe('failure');
    expect(environment.summary).toMatch(
      new RegExp(
        `^compose up failed \\(exit 1\\): .*Bind for 0\\.0\\.0\\.0:${port} failed: port is already allocated\\. The fixed host port ${port} in the compose file is taken`,
      ),
    );
    expect(environment.summary).toContain('publish the container port alone');
    expect(environment.summary).not.toMatch(/\b(Creating|Starting|Container \S+ {2})/);
    expect(await leftovers(run.record!.environment.project)).toEqual({
      containers: 0,
      networks: 0,
      volumes: 0,
    });
  });
});
