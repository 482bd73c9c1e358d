// What would make two environments on one engine collide or share state, read from what compose
// renders (pure; the real compose files through v2 and v1 are compose-isolation.itg.test.ts):
// a fixed container_name or a volume/network with a fixed name: are config errors, a fixed host port
// is a warning (an error when a load baseline runs beside the environment), external volumes and
// networks are warnings.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import {
  composeProblems,
  composeWarnings,
  type ComposeRender,
  type SharedResource,
} from '../../src/config/rendered.js';
import type { Config } from '../../src/config/schema.js';
import { parsePort, servicesOf, sharedResources } from '../../src/environment/render.js';
import { ConfigurationError } from '../../src/model/errors.js';

const FILE = '.github/immutable-qa.yml';
const CONFIG = `version: 1
image:
  repository: shop
environment:
  compose: compose.yml
  endpoints:
    web: { service: web, port: 3000 }
checks:
  - name: unit
    run: npm test
`;
const LOAD_BASELINE = `  - name: load
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}", duration: 2s, baseline: last-promoted }
`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function config(text = CONFIG): Promise<Config> {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-isolation-')));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, 'compose.yml'), 'services: {}\n');
  writeFileSync(path.join(dir, FILE), text);
  return loadConfig(FILE, { cwd: dir });
}

const rendered = (services: Record<string, unknown>, shared: SharedResource[] = []): ComposeRender => ({
  kind: 'rendered',
  services: servicesOf({ services }),
  ...(shared.length ? { shared } : {}),
});

describe('parsePort: the fixed host port of an entry', () => {
  test.each<[unknown, Array<[number, number | undefined]>]>([
    ['3000', [[3000, undefined]]],
    [3000, [[3000, undefined]]],
    ['3000:3000', [[3000, 3000]]],
    ['8080:3000/tcp', [[3000, 8080]]],
    ['127.0.0.1:5000:5000', [[5000, 5000]]],
    ['127.0.0.1::9000', [[9000, undefined]]],
    ['[::1]:3000:3000', [[3000, 3000]]],
    ['0:6000', [[6000, undefined]]],
    [
      '7000-7001:7000-7001',
      [
        [7000, 7000],
        [7001, 7001],
      ],
    ],
    ['9000-9100:80', [[80, undefined]]],
    ['${WEB_PORT:-3000}:3000', [[3000, undefined]]],
    [{ target: 5432, published: '5432', protocol: 'tcp' }, [[5432, 5432]]],
    [{ target: 5432, published: 5432 }, [[5432, 5432]]],
    [{ target: 8080, published: '0' }, [[8080, undefined]]],
    [{ target: 8080, published: '9000-9100' }, [[8080, undefined]]],
    [{ target: 8080, protocol: 'tcp', mode: 'ingress' }, [[8080, undefined]]],
  ])('%j', (entry, expected) => {
    expect(parsePort(entry).map((p) => [p.target, p.published])).toEqual(expected);
  });
});

describe('what compose renders', () => {
  // `docker compose -p iqa-validate config` (v2.26) of a file with every case.
  const V2 = parse(`name: iqa-validate
services:
  db:
    container_name: orders-db
    image: postgres
  web:
    container_name: iqa-validate-web
    image: shop
networks:
  default: { name: iqa-validate_default }
  named: { name: orders-net }
  shared: { name: shared, external: true }
volumes:
  cache: { name: iqa-validate_cache }
  ext: { name: ext, external: true }
  pgdata: { name: orders-data }
  own: { name: iqa-validate-own }
`) as unknown;
  // docker-compose v1 (1.29) renders only the names the files give, and external as in the file.
  const V1 = parse(`services:
  db: { image: postgres }
volumes:
  cache: {}
  ext: { external: true, name: ext }
  legacy: { external: { name: old-data } }
  pgdata: { name: orders-data }
networks:
  named: { name: orders-net }
  off: { external: false }
`) as unknown;

  test('container_name: only one that does not name the project', () => {
    const services = servicesOf(V2);
    expect(services.db!.containerName).toEqual({ name: 'orders-db' });
    expect(services.web!.containerName).toBeUndefined();
  });

  test('v2: fixed names and externals; the project-scoped names v2 gives every resource are not', () => {
    expect(sharedResources(V2)).toEqual([
      { kind: 'volume', key: 'ext', name: 'ext', external: true },
      { kind: 'volume', key: 'pgdata', name: 'orders-data', external: false },
      { kind: 'network', key: 'named', name: 'orders-net', external: false },
      { kind: 'network', key: 'shared', name: 'shared', external: true },
    ]);
  });

  test("v1: the files' names, and the legacy external: { name }", () => {
    expect(sharedResources(V1)).toEqual([
      { kind: 'volume', key: 'ext', name: 'ext', external: true },
      { kind: 'volume', key: 'legacy', name: 'old-data', external: true },
      { kind: 'volume', key: 'pgdata', name: 'orders-data', external: false },
      { kind: 'network', key: 'named', name: 'orders-net', external: false },
    ]);
  });
});

describe('composeProblems and composeWarnings', () => {
  test('container_name is an error that says to drop it', async () => {
    const render = rendered({ web: { ports: ['3000'] }, db: { container_name: 'orders-db' } });
    if (render.kind === 'rendered') render.services.db!.containerName!.at = 'compose.yml:9';
    const problems = composeProblems(await config(), render);
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^service "db" \(compose\.yml:9\) has container_name: orders-db: a container name exists once per engine, .*"Conflict\. The container name "\/orders-db" is already in use"; drop container_name:/,
      ),
    ]);
    expect(problems[0]!.path).toEqual(['environment', 'compose']);
    expect(composeWarnings(await config(), render)).toEqual([]);
  });

  test('a volume or network with a fixed name: is an error; external ones are warnings', async () => {
    const render = rendered({ web: { ports: ['3000'] } }, [
      { kind: 'volume', key: 'pgdata', name: 'orders-data', external: false, at: 'compose.yml:14' },
      { kind: 'network', key: 'backend', name: 'orders-net', external: false },
      { kind: 'volume', key: 'fixtures', name: 'fixtures', external: true, at: 'compose.qa.yml:3' },
      { kind: 'network', key: 'proxy', name: 'traefik', external: true },
    ]);
    const cfg = await config();
    expect(composeProblems(cfg, render).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^volume "pgdata" \(compose\.yml:14\) has name: orders-data: every environment on the engine would share that one volume and its data, and teardown leaves it behind; drop name: \(compose then makes a volume per environment, <project>_pgdata/,
      ),
      expect.stringMatching(/^network "backend" has name: orders-net: .*drop name:/),
    ]);
    expect(composeWarnings(cfg, render).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^volume "fixtures" \(compose\.qa\.yml:3\) is external \(fixtures\): every environment on the engine shares it and its data, and teardown never removes it/,
      ),
      expect.stringMatching(
        /^network "proxy" is external \(traefik\): every environment on the engine joins it/,
      ),
    ]);
  });

  test('a fixed host port is a warning that says to write the container port alone', async () => {
    const render = rendered({ web: { ports: ['3000:3000', '127.0.0.1::9229', '8080'] } });
    if (render.kind === 'rendered') render.services.web!.ports[0]!.at = 'compose.yml:5';
    const cfg = await config();
    expect(composeProblems(cfg, render)).toEqual([]);
    expect(composeWarnings(cfg, render).map((p) => p.message)).toEqual([
      'service "web" (compose.yml:5) publishes the fixed host port 3000 (for 3000): two environments on one engine ' +
        '(two pull requests at once, a kept environment) cannot both bind it ("port is already allocated"); ' +
        'write "3000" instead: the engine picks a free host port, and endpoints are found from it',
    ]);
  });

  test('with a load baseline beside the environment, a fixed host port is an error', async () => {
    const render = rendered({ web: { ports: ['3000:3000'] } });
    const cfg = await config(`${CONFIG}${LOAD_BASELINE}`);
    expect(composeWarnings(cfg, render)).toEqual([]);
    expect(composeProblems(cfg, render).map((p) => p.message)).toEqual([
      expect.stringMatching(
        /publishes the fixed host port 3000 .*write "3000" instead.*Here always: the load check "load" \(baseline: last-promoted\) starts a second environment from these files beside this one, which cannot bind it too$/,
      ),
    ]);
  });

  test('loadConfig: warnings are told as file:line:col lines; errors are one ConfigurationError', async () => {
    const cfg = await config();
    const warnings: string[] = [];
    const render = async (): Promise<ComposeRender> =>
      rendered({ web: { ports: ['3000:3000'], container_name: 'shop-web' } });
    const error: unknown = await loadConfig(cfg.file, { render, onWarning: (m) => warnings.push(m) }).catch(
      (e: unknown) => e,
    );
    const shown = cfg.file; // outside the working directory: shown absolute
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${shown.replace(/[.]/g, '\\.')}:5:12: environment\\.compose: service "web" publishes the fixed host port 3000`,
        ),
      ),
    ]);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      /:5:12: environment\.compose: service "web" has container_name: shop-web: /,
    );
  });
});
