// Issue 11, "validate catches what qa would fail on": each bad config is a ConfigurationError (exit 2)
// whose line starts with file:line:col and says what to fix. Table-driven: [name, config, extra files,
// expected line:col, message fragment]. Line numbers refer to BASE below unless a case says otherwise.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkEnv, shellArgv } from '../../src/checks/env.js';
import { firstInvalidUtf8 } from '../../src/config/encoding.js';
import { loadConfig } from '../../src/config/load.js';
import { composeProblems, type ComposeRender } from '../../src/config/rendered.js';
import type { Config } from '../../src/config/schema.js';
import { parsePort, servicesOf } from '../../src/environment/render.js';
import { exec } from '../../src/exec/exec.js';
import { ConfigurationError, ExitCode, exitCodeOf } from '../../src/model/errors.js';

const FILE = '.github/immutable-qa.yml';
// 1 version / 2 image: / 3 repository / 4 environment: / 5 compose / 6 endpoints: / 7 web / 8 checks: / 9 - name / 10 run
const BASE = `version: 1
image:
  repository: shop
environment:
  compose: compose.yml
  endpoints:
    web: { service: web, port: 8080 }
checks:
  - name: unit
    run: npm test
`;
const withImage = (lines: string): string =>
  BASE.replace('  repository: shop\n', `  repository: shop\n${lines}`);
const withCheck = (lines: string): string => `${BASE}${lines}`;
const checkWith = (lines: string): string =>
  BASE.replace('    run: npm test\n', `    run: npm test\n${lines}`);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A temp repository: compose.yml, the config (text or bytes) and the extra files ("dir/" = directory). */
function repo(config: string | Uint8Array, files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-hardening-')));
  dirs.push(dir);
  const all: Record<string, string | Uint8Array> = {
    'compose.yml': 'services: {}\n',
    ...files,
    [FILE]: config,
  };
  for (const [name, content] of Object.entries(all)) {
    const target = path.join(dir, name);
    if (name.endsWith('/')) {
      mkdirSync(target, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof content === 'string' && content.startsWith('symlink:')) symlinkSync(content.slice(8), target);
    else writeFileSync(target, content);
  }
  return dir;
}

async function errorOf(config: string | Uint8Array, files: Record<string, string> = {}): Promise<string> {
  const dir = repo(config, files);
  const error: unknown = await loadConfig(FILE, { cwd: dir }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ConfigurationError))
    throw new Error(`expected a ConfigurationError, got ${String(error)}`);
  expect(exitCodeOf(error)).toBe(ExitCode.Usage);
  return error.message;
}

async function loaded(config: string | Uint8Array, files: Record<string, string> = {}): Promise<Config> {
  return loadConfig(FILE, { cwd: repo(config, files) });
}

type Case = [
  name: string,
  config: string | Uint8Array,
  files: Record<string, string>,
  at: string,
  fragment: string,
];

/** The error has exactly one line: `FILE:<at>: …fragment…`. */
async function expectProblem(
  config: string | Uint8Array,
  files: Record<string, string>,
  at: string,
  fragment: string,
) {
  const message = await errorOf(config, files);
  expect(message.split('\n')).toHaveLength(1);
  expect(message.slice(0, `${FILE}:${at}: `.length)).toBe(`${FILE}:${at}: `);
  expect(message).toContain(fragment);
}

describe('item 12: promote.tags are valid tags at load time', () => {
  const tags = (list: string): string => withCheck(`promote:\n  tags: ${list}\n`);
  // promote: is line 11, tags: line 12; the first list item is at col 10 (`  tags: [` is 9 characters).
  const cases: Case[] = [
    [
      '129 characters',
      tags(`[${'a'.repeat(129)}]`),
      {},
      '12:10',
      'at most 128 characters (this one has 129)',
    ],
    [
      'too long once {sha} is a 40-character commit id',
      tags(`["release-{sha}-${'a'.repeat(80)}"]`),
      {},
      '12:10',
      'with {sha} as a 40-character commit id it is 129',
    ],
    ['a slash', tags('[feature/x]'), {}, '12:10', '"/" cannot appear in a tag'],
    ['a colon', tags('["v1:2"]'), {}, '12:10', '":" cannot appear in a tag'],
    ['leading dot', tags('[.hidden]'), {}, '12:10', 'cannot start with "." or "-"'],
    ['leading dash', tags('["-x"]'), {}, '12:10', 'cannot start with "." or "-"'],
    ['unknown placeholder', tags('["{branch}"]'), {}, '12:10', 'unknown placeholder {branch}'],
    ['reserved qa- prefix', tags('[main, "qa-{sha}"]'), {}, '12:16', 'prefix "qa-" is reserved'],
    ['reserved sha256- prefix', tags('[sha256-abc]'), {}, '12:10', 'prefix "sha256-" is reserved'],
  ];
  test.each(cases)('%s', async (_name, config, files, at, fragment) => {
    await expectProblem(config, files, at, `promote.tags[`);
    await expectProblem(config, files, at, fragment);
  });

  test('uppercase, dots, underscores and placeholders are valid (the OCI grammar allows uppercase)', async () => {
    const config = await loaded(tags('[Release-1, v1.2_rc, "{sha7}", "main-{sha}"]'));
    expect(config.promote.tags).toEqual(['Release-1', 'v1.2_rc', '{sha7}', 'main-{sha}']);
  });
});

describe('item 13: paths stay inside the repository', () => {
  const cases: Case[] = [
    [
      'dockerfile climbing out',
      withImage('  dockerfile: ../../etc/passwd\n'),
      {},
      '4:15',
      'image.dockerfile: "../../etc/passwd" leaves the repository',
    ],
    [
      'absolute dockerfile',
      withImage('  dockerfile: /etc/passwd\n'),
      {},
      '4:15',
      'no leading "/", no ".." above the root',
    ],
    [
      'dockerfile escaping through the context',
      withImage('  context: app\n  dockerfile: ../../Dockerfile\n'),
      { 'app/': '' },
      '5:15',
      '(it is relative to image.context "app")',
    ],
    [
      'dockerfile that is a link out of the repository',
      withImage('  dockerfile: Dockerfile\n'),
      { Dockerfile: 'symlink:/etc/passwd' },
      '4:15',
      'is a link to /etc/passwd',
    ],
    [
      'context climbing out',
      withImage('  context: ../..\n'),
      {},
      '4:12',
      'image.context: "../.." leaves the repository',
    ],
    [
      'context that is a file',
      withImage('  context: Dockerfile\n'),
      { Dockerfile: 'FROM scratch\n' },
      '4:12',
      'is a file, not a directory: context is the directory the image is built from (e.g. "."); name the file with image.dockerfile',
    ],
    [
      'context that does not exist',
      withImage('  context: app\n'),
      {},
      '4:12',
      'image.context: "app" does not exist',
    ],
    [
      'report glob climbing out',
      checkWith('    reports: { junit: "../../../etc/*" }\n'),
      {},
      '11:23',
      'checks[0].reports.junit: report pattern "../../../etc/*" leaves the repository',
    ],
    [
      'report glob that climbs out after normalising',
      checkWith('    reports: { sarif: ["ok/*.sarif", "out/../../x.sarif"] }\n'),
      {},
      '11:38',
      'checks[0].reports.sarif[1]: report pattern "out/../../x.sarif" leaves the repository',
    ],
    [
      'report directory that is a link out of the repository',
      checkWith('    reports: { junit: "reports/*.xml" }\n'),
      { reports: 'symlink:/etc' },
      '11:23',
      '("reports" is a link to /etc)',
    ],
    [
      'compose naming a directory',
      BASE.replace('compose: compose.yml', 'compose: deploy'),
      { 'deploy/': '' },
      '5:12',
      'compose file "deploy" is a directory: name the compose file in it, e.g. "deploy/compose.yml"',
    ],
    [
      'compose climbing out',
      BASE.replace('compose: compose.yml', 'compose: ../../etc/hosts'),
      {},
      '5:12',
      'compose file "../../etc/hosts" leaves the repository',
    ],
  ];
  test.each(cases)('%s', async (_name, config, files, at, fragment) => {
    await expectProblem(config, files, at, fragment);
  });

  test('paths inside the repository, with .. that stays inside, are fine', async () => {
    const config = await loaded(
      withImage('  context: app\n  dockerfile: ../docker/app.Dockerfile\n').replace(
        '    run: npm test\n',
        '    run: npm test\n    reports: { junit: ["reports/**/*.xml", "a/../b/*.xml"] }\n',
      ),
      { 'app/': '', 'docker/app.Dockerfile': 'FROM scratch\n' },
    );
    expect(config.image.dockerfile).toBe(path.join(config.root, 'docker/app.Dockerfile'));
  });
});

describe('item 14: bounds', () => {
  const many = (n: number): string =>
    Array.from({ length: n }, (_, i) => `  - name: c${i}\n    run: exit 0\n`).join('');
  const cases: Case[] = [
    [
      'checks: []',
      BASE.replace(/checks:\n[\s\S]*$/, 'checks: []\n'),
      {},
      '8:9',
      'checks: list at least one check: a run that checks nothing must not earn the tested tag',
    ],
    [
      'no checks key',
      BASE.replace(/checks:\n[\s\S]*$/, ''),
      {},
      '1:1',
      'checks: required key "checks" is missing; add it at the top level: list the checks that decide the verdict',
    ],
    [
      '51 checks',
      `${BASE.replace(/checks:\n[\s\S]*$/, 'checks:\n')}${many(51)}`,
      {},
      '9:3',
      'checks: at most 50 checks (each is a GitHub check run and about three API writes)',
    ],
    [
      'ready-timeout: 0s',
      BASE.replace('  compose: compose.yml\n', '  compose: compose.yml\n  ready-timeout: 0s\n'),
      {},
      '6:18',
      'environment.ready-timeout: expected a ready-timeout longer than 0',
    ],
    [
      'timeout: 600h',
      checkWith('    timeout: 600h\n'),
      {},
      '11:14',
      'checks[0].timeout: a duration can be at most 596h',
    ],
    [
      'timeout one ms past 2^31-1',
      checkWith('    timeout: 2147483648ms\n'),
      {},
      '11:14',
      '2^31-1 ms, about 24.8 days: longer ones overflow the timers',
    ],
    [
      'ready-timeout: 597h',
      BASE.replace('  compose: compose.yml\n', '  compose: compose.yml\n  ready-timeout: 597h\n'),
      {},
      '6:18',
      'environment.ready-timeout: a duration can be at most 596h',
    ],
    [
      'http interval',
      withCheck('  - name: h\n    http: { url: "${IMMUTABLE_QA_ENDPOINT_WEB}", interval: 9999999s }\n'),
      {},
      '12:60',
      'checks[1].http.interval: a duration can be at most 596h',
    ],
    [
      'http retry-for',
      withCheck('  - name: h\n    http: { url: "${IMMUTABLE_QA_ENDPOINT_WEB}", retry-for: 700h }\n'),
      {},
      '12:61',
      'checks[1].http.retry-for: a duration can be at most 596h',
    ],
    [
      'load duration',
      withCheck(
        '  - name: l\n    load: { url: "${IMMUTABLE_QA_ENDPOINT_WEB}", duration: 36000000m }\n    timeout: 1m\n',
      ),
      {},
      '12:60',
      'checks[1].load.duration: a duration can be at most 596h',
    ],
  ];
  test.each(cases)('%s', async (_name, config, files, at, fragment) => {
    await expectProblem(config, files, at, fragment);
  });

  test('50 checks and 596h (2^31-1 ms fits) are accepted', async () => {
    const config = await loaded(
      `${BASE.replace(/checks:\n[\s\S]*$/, 'checks:\n')}${many(49)}  - name: long\n    run: exit 0\n    timeout: 596h\n`,
    );
    expect(config.checks).toHaveLength(50);
    expect(config.checks[49]!.timeoutMs).toBe(596 * 3_600_000);
    expect(config.checks[49]!.timeoutMs).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});

describe('item 15: input encoding', () => {
  const latin1 = Buffer.concat([
    Buffer.from('version: 1\n# caf'),
    Buffer.from([0xe9]),
    Buffer.from(`\n${BASE.slice(11)}`),
  ]);
  const cases: Case[] = [
    ['Latin-1 é in a comment', latin1, {}, '2:6', 'the config file is not UTF-8: byte 0xE9 at offset 16'],
    [
      'UTF-16 with its BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BASE, 'utf16le')]),
      {},
      '1:1',
      'byte 0xFF at offset 0',
    ],
    [
      'a truncated sequence at the end',
      Buffer.concat([Buffer.from(BASE), Buffer.from([0xe2, 0x82])]),
      {},
      '11:1',
      `byte 0xE2 at offset ${Buffer.byteLength(BASE)}`,
    ],
    [
      'an overlong encoding of "/"',
      Buffer.concat([Buffer.from('version: 1\nx: '), Buffer.from([0xc0, 0xaf]), Buffer.from('\n')]),
      {},
      '2:4',
      'byte 0xC0 at offset 14',
    ],
  ];
  test.each(cases)('%s', async (_name, config, files, at, fragment) => {
    await expectProblem(config, files, at, fragment);
    await expectProblem(config, files, at, 'save it as UTF-8');
  });

  test('firstInvalidUtf8 agrees with the strict TextDecoder', () => {
    const samples = [
      [0x61],
      [0xc3, 0xa9],
      [0xe2, 0x82, 0xac],
      [0xf0, 0x9f, 0x98, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0x80],
      [0xc3, 0x28],
    ];
    for (const sample of samples) {
      const bytes = Uint8Array.from(sample);
      let strict = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        strict = false;
      }
      expect({ sample, valid: firstInvalidUtf8(bytes) < 0 }).toEqual({ sample, valid: strict });
    }
  });

  test('a UTF-8 BOM is accepted, and é in UTF-8 is fine', async () => {
    const config = await loaded(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${BASE}# café\n`)]),
    );
    expect(config.checks.map((c) => c.name)).toEqual(['unit']);
  });

  test('a BOM does not shift positions', async () => {
    await expectProblem(`\uFEFF${checkWith('    timeout: soon\n')}`, {}, '11:14', 'expected a duration');
    await expectProblem(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(checkWith('    timeout: soon\n'))]),
      {},
      '11:14',
      'expected a duration',
    );
  });

  test('CRLF line endings are accepted, values carry no \\r, and positions are the same as with LF', async () => {
    const config = await loaded(checkWith('    env: { A: "x" }\n').replace(/\n/g, '\r\n'));
    expect(config.checks[0]!.run).toBe('npm test');
    expect(config.checks[0]!.env).toEqual({ A: 'x' });
    await expectProblem(
      checkWith('    timeout: soon\n').replace(/\n/g, '\r\n'),
      {},
      '11:14',
      'expected a duration',
    );
  });
});

describe('item 16: env values reach the check exactly as written', () => {
  const env = `    env:
      PORT: 8080
      DEBUG: yes
      RATIO: 1.50
      ON: true
      HEX: 0x1F
      SCI: 1e3
      BIG: 12345678901234567890
      OCTAL: 0o17
      NOTHING: null
      TILDE: ~
      EMPTY:
      QUOTED: "1.50"
`;
  const expected = {
    PORT: '8080',
    DEBUG: 'yes',
    RATIO: '1.50',
    ON: 'true',
    HEX: '0x1F',
    SCI: '1e3',
    BIG: '12345678901234567890',
    OCTAL: '0o17',
    NOTHING: 'null',
    TILDE: '~',
    EMPTY: '',
    QUOTED: '1.50',
  };

  test('numbers, booleans and null keep their source text', async () => {
    const config = await loaded(checkWith(env));
    expect(config.checks[0]!.env).toEqual(expected);
  });

  test('build-args and http headers too', async () => {
    const config = await loaded(
      withImage('  build-args: { PORT: 08080, FLAG: false }\n').replace(
        'run: npm test\n',
        'run: npm test\n  - name: h\n    http: { url: "${IMMUTABLE_QA_ENDPOINT_WEB}", headers: { X-Retries: 3, X-Ratio: 2.50 } }\n',
      ),
    );
    expect(config.image.buildArgs).toEqual({ PORT: '08080', FLAG: 'false' });
    const http = config.checks[1];
    expect(http?.kind === 'http' && http.http.headers).toEqual({
      'X-Retries': '3',
      'X-Ratio': '2.50',
    });
  });

  test('a run check sees them as written in its environment', async () => {
    const config = await loaded(
      checkWith(env).replace(
        'run: npm test',
        'run: printf "%s|%s|%s|%s|%s" "$PORT" "$DEBUG" "$RATIO" "$ON" "$EMPTY"',
      ),
    );
    const check = config.checks[0]!;
    if (check.kind !== 'run') throw new Error('expected a run check');
    const result = await exec(shellArgv(check.run), {
      env: checkEnv(check, {}, { base: { PATH: process.env.PATH } }),
    });
    expect(result.stdout).toBe('8080|yes|1.50|true|');
  });
});

describe('item 17: YAML errors with a hint', () => {
  const cases: Case[] = [
    [
      'a plain value with ": " in it',
      BASE.replace('run: npm test', 'run: echo status: ok'),
      {},
      '10:10',
      'the value of "run" contains ": ", which YAML reads as a nested mapping; quote the value: run: "echo status: ok"',
    ],
    [
      'the same in a list item key',
      BASE.replace('  - name: unit', '  - name: unit: tests'),
      {},
      '9:11',
      'quote the value: name: "unit: tests"',
    ],
    [
      'duplicate key in a check',
      checkWith('    run: npm run other\n'),
      {},
      '11:5',
      'duplicate key "run" (first set on line 10): a key can appear once in a mapping',
    ],
    [
      'duplicate top-level key',
      `${BASE}checks: []\n`,
      {},
      '11:1',
      'duplicate key "checks" (first set on line 8)',
    ],
    [
      'an alias bomb (billion laughs)',
      `${BASE}x-bomb:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
`,
      {},
      '16:7',
      'too many alias expansions (a YAML "alias bomb"): *d expands to 820 aliases; a config may expand at most 100 aliases in total',
    ],
  ];
  test.each(cases)('%s', async (_name, config, files, at, fragment) => {
    await expectProblem(config, files, at, fragment);
  });

  test('a few aliases are fine', async () => {
    const config = await loaded(
      BASE.replace(
        '    run: npm test\n',
        '    run: npm test\n    env: &shared { A: "1" }\n  - name: other\n    run: exit 0\n    env: *shared\n',
      ),
    );
    expect(config.checks[1]!.env).toEqual({ A: '1' });
  });
});

describe('item 11: endpoints against the rendered compose definition', () => {
  async function problemsFor(render: ComposeRender, endpoints = '    web: { service: web, port: 8080 }\n') {
    const config = await loaded(BASE.replace('    web: { service: web, port: 8080 }\n', endpoints));
    return composeProblems(config, render);
  }
  const rendered = (services: Record<string, unknown>): ComposeRender => ({
    kind: 'rendered',
    services: servicesOf({ services }),
  });

  test('a published port (short, long, range) matches; none is a problem', async () => {
    expect(await problemsFor(rendered({ web: { ports: ['8080'] } }))).toEqual([]);
    expect(
      await problemsFor(
        rendered({ web: { ports: [{ target: 8080, published: '49000', protocol: 'tcp' }] } }),
      ),
    ).toEqual([]);
    expect(await problemsFor(rendered({ web: { ports: ['127.0.0.1:9000-9001:8079-8080'] } }))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string, string]>([
    [
      'service missing',
      { api: { ports: ['8080'] } },
      'service',
      'service "web" is not in the compose definition (services: api); name one of them',
    ],
    [
      'port not published',
      { web: { ports: ['9000:3000'] } },
      'port',
      'service "web" does not publish port 8080; it publishes 3000: add `ports: ["8080"]`',
    ],
    [
      'no ports at all (expose is not publishing)',
      { web: { expose: ['8080'] } },
      'port',
      'it publishes no ports',
    ],
    ['only udp', { web: { ports: ['8080/udp'] } }, 'port', '(it publishes 8080 only as udp)'],
  ])('%s', async (_name, services, key, fragment) => {
    const problems = await problemsFor(rendered(services));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toEqual(['environment', 'endpoints', 'web', key]);
    expect(problems[0]!.message).toContain(fragment);
  });

  test('a file compose rejects points at that file when compose names it', async () => {
    const config = await loaded(BASE.replace('compose: compose.yml', 'compose: [compose.yml, qa.yml]'), {
      'qa.yml': 'x: 1\n',
    });
    expect(composeProblems(config, { kind: 'invalid', message: 'bad', fileIndex: 1 })).toEqual([
      {
        path: ['environment', 'compose', 1],
        message: expect.stringContaining('compose cannot render compose file 2 of 2: bad'),
      },
    ]);
  });

  test.each<[unknown, Array<[number, string]>]>([
    [8080, [[8080, 'tcp']]],
    ['8080', [[8080, 'tcp']]],
    ['9000:8080', [[8080, 'tcp']]],
    ['127.0.0.1:9000:8080/udp', [[8080, 'udp']]],
    ['[::1]:9000:8080', [[8080, 'tcp']]],
    [
      '3000-3002',
      [
        [3000, 'tcp'],
        [3001, 'tcp'],
        [3002, 'tcp'],
      ],
    ],
    [{ target: 53, protocol: 'UDP' }, [[53, 'udp']]],
    ['${PORT}', []],
  ])('parsePort(%j)', (entry, expected) => {
    expect(parsePort(entry).map((p) => [p.target, p.protocol])).toEqual(expected);
  });

  test.each<[string, string, string]>([
    [
      '$IMMUTABLE_QA_ENDPOINT_API',
      '10:20',
      'unknown variable $IMMUTABLE_QA_ENDPOINT_API: no such endpoint in environment.endpoints (declared: "web" (${IMMUTABLE_QA_ENDPOINT_WEB}))',
    ],
    ['"${IMMUTABLE_QA_ENDPOINT_WEBX:-x}"', '10:21', 'unknown variable $IMMUTABLE_QA_ENDPOINT_WEBX'],
    ['$IMMUTABLE_QA_ENDPOINT_WEBhealthz', '10:20', 'unknown variable $IMMUTABLE_QA_ENDPOINT_WEBhealthz'],
  ])('a run script that uses %s points at it', async (reference, at, fragment) => {
    await expectProblem(
      BASE.replace('run: npm test', `run: wget -qO- ${reference}`),
      {},
      at,
      `checks[0].run: ${fragment}`,
    );
  });

  test.each<[string, string, string]>([
    [
      'an endpoint variable',
      'url: ${IMMUTABLE_QA_ENDPOINT_WEB}\n',
      'uses ${IMMUTABLE_QA_ENDPOINT_WEB}, which compose never gets',
    ],
    [
      'a network variable',
      'n: "$IMMUTABLE_QA_NETWORK"\n',
      'uses ${IMMUTABLE_QA_NETWORK}, which compose never gets',
    ],
  ])('a compose file that interpolates %s points at the compose entry', async (_name, text, fragment) => {
    await expectProblem(BASE, { 'compose.yml': `services: {}\nx-env:\n  ${text}` }, '5:12', fragment);
  });

  test('a compose file may use the image variables, and $$ is a literal $', async () => {
    const compose =
      'services:\n  web:\n    image: ${IMMUTABLE_QA_IMAGE:?x}\n    command: echo $${IMMUTABLE_QA_ENDPOINT_WEB} $IMMUTABLE_QA_DIGEST\n' +
      '    environment: { REVISION: "${IMMUTABLE_QA_SHA}", PR: "${IMMUTABLE_QA_PR:-none}" }\n';
    expect((await loaded(BASE, { 'compose.yml': compose })).environment.composeFiles).toHaveLength(1);
  });

  test('a run script may use declared endpoints and its own env', async () => {
    const config = await loaded(
      BASE.replace(
        'run: npm test',
        'run: wget "$IMMUTABLE_QA_ENDPOINT_WEB" "${IMMUTABLE_QA_ENDPOINT_X}"\n    env: { IMMUTABLE_QA_ENDPOINT_X: "${IMMUTABLE_QA_ENDPOINT_WEB}x" }',
      ),
    );
    expect(config.checks).toHaveLength(1);
  });
});
