// Bad config through the bundled CLI: exit 2, the message names file:line:col, and the engine is untouched.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cli, configFor, engineCounts, makeRepo } from '../support/fixtures.js';

const ok = `  - name: page\n    run: sh tests/smoke.sh\n`;
const images = (): number =>
  execFileSync('docker', ['images', '-aq'], { encoding: 'utf8' }).split('\n').filter(Boolean).length;

const cases: Array<[string, string, RegExp]> = [
  ['YAML syntax error', 'version: 1\nimage: [unclosed\n', /immutable-qa\.yml:\d+:\d+: /],
  [
    'unknown key',
    configFor('x', ok).replace('  ready-timeout', '  ready-timout: 1m\n  ready-timeout'),
    /immutable-qa\.yml:6:3: .*ready-timout/,
  ],
  [
    'wrong type',
    configFor('x', `  - name: page\n    run: exit 0\n    required: "yes"\n`),
    /immutable-qa\.yml:12:15: checks\[0\]\.required/,
  ],
  [
    'bad duration',
    configFor('x', `  - name: page\n    run: exit 0\n    timeout: 10 minutes\n`),
    /immutable-qa\.yml:12:14: .*duration/,
  ],
  [
    'missing image.repository',
    configFor('x', ok).replace('  repository: x\n', '  context: .\n'),
    /immutable-qa\.yml:3:\d+: image\.repository/,
  ],
  [
    'invalid check name',
    configFor('x', `  - name: Page One\n    run: exit 0\n`),
    /immutable-qa\.yml:10:\d+: checks\[0\]\.name/,
  ],
  ['duplicate check name', configFor('x', `${ok}${ok}`), /immutable-qa\.yml:12:\d+: .*page/],
  [
    'no kind',
    configFor('x', `  - name: page\n    timeout: 1m\n`),
    /immutable-qa\.yml:10:\d+: .*exactly one of run, http, load, drift/,
  ],
  [
    'two kinds',
    configFor('x', `  - name: page\n    run: exit 0\n    drift: {}\n`),
    /immutable-qa\.yml:12:\d+: .*exactly one of run, http, load, drift/,
  ],
  [
    'unknown ${NAME}',
    configFor('x', `  - name: page\n    run: exit 0\n    env: { U: "\${IMMUTABLE_QA_ENDPOINT_API}" }\n`),
    /immutable-qa\.yml:12:\d+: .*IMMUTABLE_QA_ENDPOINT_API/,
  ],
  [
    'missing compose file',
    configFor('x', ok).replace('compose: compose.yml', 'compose: compose.qa.yml'),
    /immutable-qa\.yml:5:\d+: .*compose\.qa\.yml/,
  ],
];

// Issue 11 "validate catches what qa would fail on": load-time checks (items 12–17), so qa stops too.
const withImage = (lines: string): string =>
  configFor('x', ok).replace('  repository: x\n', `  repository: x\n${lines}`);
const latin1 = Buffer.concat([
  Buffer.from(configFor('x', '').replace('checks:\n', '# caf')),
  Buffer.from([0xe9]),
  Buffer.from('\nchecks:\n' + ok),
]);
const hardening: Array<[string, string | Buffer, RegExp]> = [
  [
    'promote tag with a slash (item 12)',
    `${configFor('x', ok)}promote:\n  tags: [feature/x]\n`,
    /immutable-qa\.yml:13:10: promote\.tags\[0\]: "\/" cannot appear in a tag/,
  ],
  [
    'promote tag of 129 characters (item 12)',
    `${configFor('x', ok)}promote:\n  tags: [${'a'.repeat(129)}]\n`,
    /immutable-qa\.yml:13:10: promote\.tags\[0\]: a tag has at most 128 characters/,
  ],
  [
    'dockerfile outside the repository (item 13)',
    withImage('  dockerfile: ../../etc/passwd\n'),
    /immutable-qa\.yml:4:15: image\.dockerfile: "\.\.\/\.\.\/etc\/passwd" leaves the repository/,
  ],
  [
    'report glob outside the repository (item 13)',
    configFor('x', `${ok}    reports: { junit: "../../../etc/*" }\n`),
    /immutable-qa\.yml:12:23: checks\[0\]\.reports\.junit: report pattern .* leaves the repository/,
  ],
  [
    'context that is a file (item 13)',
    withImage('  context: Dockerfile\n'),
    /immutable-qa\.yml:4:12: image\.context: "Dockerfile" is a file, not a directory/,
  ],
  [
    'compose naming a directory (item 13)',
    configFor('x', ok).replace('compose: compose.yml', 'compose: www'),
    /immutable-qa\.yml:5:12: .*compose file "www" is a directory/,
  ],
  [
    'checks: [] (item 14)',
    configFor('x', '').replace('checks:\n', 'checks: []\n'),
    /immutable-qa\.yml:9:9: checks: list at least one check/,
  ],
  [
    'ready-timeout: 0s (item 14)',
    configFor('x', ok).replace('ready-timeout: 30s', 'ready-timeout: 0s'),
    /immutable-qa\.yml:6:18: environment\.ready-timeout: expected a ready-timeout longer than 0/,
  ],
  [
    'timeout: 600h overflows a timer (item 14)',
    configFor('x', `${ok}    timeout: 600h\n`),
    /immutable-qa\.yml:12:14: checks\[0\]\.timeout: a duration can be at most 596h/,
  ],
  [
    'Latin-1 config (item 15)',
    latin1,
    /immutable-qa\.yml:9:6: the config file is not UTF-8: byte 0xE9 at offset \d+/,
  ],
  [
    'a value with ": " (item 17)',
    configFor('x', `  - name: page\n    run: echo status: ok\n`),
    /immutable-qa\.yml:11:10: .*quote the value: run: "echo status: ok"/,
  ],
  [
    'duplicate key (item 17)',
    configFor('x', `${ok}    run: exit 1\n`),
    /immutable-qa\.yml:12:5: duplicate key "run" \(first set on line 11\)/,
  ],
  [
    'alias bomb (item 17)',
    `${configFor('x', ok)}x:\n  a: &a [l, l, l, l, l, l, l, l, l, l, l]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`,
    /immutable-qa\.yml:15:7: too many alias expansions \(a YAML "alias bomb"\): \*b expands to 12 aliases/,
  ],
  [
    'a run script using an endpoint that does not exist (item 11)',
    configFor('x', `  - name: page\n    run: wget -qO- $IMMUTABLE_QA_ENDPOINT_API\n`),
    /immutable-qa\.yml:11:20: checks\[0\]\.run: unknown variable \$IMMUTABLE_QA_ENDPOINT_API: no such endpoint/,
  ],
];

test.each([...cases, ...hardening])(
  '%s: exit 2, file:line:col, nothing built or started',
  async (_name, yaml, message) => {
    const repo = makeRepo(typeof yaml === 'string' ? yaml : '');
    try {
      if (typeof yaml !== 'string') writeFileSync(repo.config, yaml);
      const before = { ...engineCounts(), images: images() };
      for (const command of ['validate', 'qa']) {
        const result = await cli([command, '--config', repo.config], { cwd: repo.dir });
        expect({ command, code: result.code }).toEqual({ command, code: 2 });
        expect(result.stderr).toMatch(message);
        expect(result.stdout).toBe('');
      }
      expect({ ...engineCounts(), images: images() }).toEqual(before);
    } finally {
      repo.cleanup();
    }
  },
);

// Item 11: what only rendering the compose files shows, with Compose v2 and docker-compose v1.
const rendered: Array<[string, string, Record<string, string>, RegExp]> = [
  [
    'endpoint naming a service that does not exist',
    configFor('x', ok).replace('service: web', 'service: api'),
    {},
    /immutable-qa\.yml:8:21: environment\.endpoints\.web\.service: endpoint "web": service "api" is not in the compose definition \(services: web\)/,
  ],
  [
    'endpoint on a port the service does not publish',
    configFor('x', ok).replace('port: 8080', 'port: 9090'),
    {},
    /immutable-qa\.yml:8:32: environment\.endpoints\.web\.port: endpoint "web": service "web" does not publish port 9090; it publishes 8080/,
  ],
  [
    'a compose file that is not a compose file',
    configFor('x', ok),
    { 'compose.yml': 'hello: world\n' },
    /immutable-qa\.yml:5:12: environment\.compose: compose cannot render the compose files: .*hello/,
  ],
];

describe.each(['v2', 'v1'])('validate and qa render the compose files (compose %s)', (compose) => {
  test.each(rendered)('%s: exit 2, file:line:col, nothing started', async (_name, yaml, extra, message) => {
    const repo = makeRepo(yaml, extra);
    try {
      const before = { ...engineCounts(), images: images() };
      const env = { ...process.env, IMMUTABLE_QA_COMPOSE: compose };
      for (const command of ['validate', 'qa']) {
        const result = await cli([command, '--config', repo.config], { cwd: repo.dir, env });
        expect({ command, code: result.code }).toEqual({ command, code: 2 });
        expect(result.stderr).toMatch(message);
      }
      expect({ ...engineCounts(), images: images() }).toEqual(before);
    } finally {
      repo.cleanup();
    }
  });

  test('the example config is valid', async () => {
    const repo = makeRepo(configFor('x', ok));
    try {
      const env = { ...process.env, IMMUTABLE_QA_COMPOSE: compose };
      const result = await cli(['validate', '--config', repo.config], { cwd: repo.dir, env });
      expect({ code: result.code, stderr: result.stderr }).toEqual({
        code: 0,
        stderr: expect.stringContaining('valid (1 checks'),
      });
    } finally {
      repo.cleanup();
    }
  });
});

test('usage errors exit 2 too', async () => {
  expect((await cli(['frobnicate'])).code).toBe(2);
  expect((await cli(['qa', '--pr', 'abc'])).code).toBe(2);
  expect((await cli(['qa', '--nope'])).code).toBe(2);
});
