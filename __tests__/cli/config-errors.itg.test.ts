// Bad config through the bundled CLI: exit 2, the message names file:line:col, and the engine is untouched.
import { execFileSync } from 'node:child_process';
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

test.each(cases)('%s: exit 2, file:line:col, nothing built or started', async (_name, yaml, message) => {
  const repo = makeRepo(yaml);
  try {
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
});

test('usage errors exit 2 too', async () => {
  expect((await cli(['frobnicate'])).code).toBe(2);
  expect((await cli(['qa', '--pr', 'abc'])).code).toBe(2);
  expect((await cli(['qa', '--nope'])).code).toBe(2);
});
