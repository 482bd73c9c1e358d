// examples/orders end to end: the real CLI, in local mode, on a throwaway git copy of the example
// (API + PostgreSQL + Redis + a one-shot migration, built offline from the debootstrap base image).
// It must pass, its JUnit suite must be read, the migration must have seeded the database, and the
// teardown must leave nothing of the environment behind, the named data volume included.
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { removeByLabel } from '../../src/environment/compose.js';
import { LABEL } from '../../src/environment/project.js';
import type { QaRecord } from '../../src/model/record.js';
import { cli, commitRepo, ROOT, type Repo } from '../support/fixtures.js';
import { cleanEnv, runQa, type QaRun } from '../support/promotion.js';

const EXAMPLE = join(ROOT, 'examples/orders');
/** The integration suite's test count (examples/orders/test/orders.test.js). */
const SUITE_TESTS = 8;

/** A committed copy of examples/orders (with its host-installed node_modules, which git ignores). */
function ordersRepo(extraChecks: string, edit?: (dir: string) => void): Repo {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-orders-'));
  cpSync(EXAMPLE, dir, {
    recursive: true,
    verbatimSymlinks: true, // node_modules/.bin links stay relative
    filter: (src) => !['reports', '.immutable-qa'].includes(basename(src)),
  });
  appendFileSync(join(dir, '.github/immutable-qa.yml'), extraChecks);
  edit?.(dir);
  return commitRepo(dir, 'orders fixture');
}

/** Names of the engine's `kind` objects carrying every one of the labels. */
function labelled(kind: 'container' | 'network' | 'volume', labels: Record<string, string>): string[] {
  const filters = Object.entries(labels).flatMap(([k, v]) => ['--filter', `label=${k}=${v}`]);
  const args =
    kind === 'container'
      ? ['ps', '-a', ...filters, '--format', '{{.Names}}']
      : [kind, 'ls', ...filters, '--format', '{{.Name}}'];
  return execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
}

// Proves, from inside the run, that the named volume exists and is ours (so its absence afterwards
// means the teardown removed it, not that it never was).
const VOLUME_CHECK = `  - name: volume-labelled
    run: docker volume ls -q --filter label=${LABEL.managed}=true --filter label=${LABEL.project}="$IMMUTABLE_QA_PROJECT" | grep -qx "\${IMMUTABLE_QA_PROJECT}_pgdata"
    timeout: 30s
`;

let repo: Repo | undefined;
let run: QaRun | undefined;
let wallMs = 0;

beforeAll(async () => {
  // The base image (debootstrap, about a minute the first time) and the host-side npm install.
  execFileSync('bash', [join(ROOT, 'scripts/prepare-orders.sh')], { stdio: 'inherit', timeout: 600_000 });
  repo = ordersRepo(VOLUME_CHECK);
  const started = Date.now();
  run = await runQa(repo, [], cleanEnv());
  wallMs = Date.now() - started;
}, 900_000);

afterAll(async () => {
  if (run?.record) await removeByLabel(run.record.environment.project); // only if an assertion failed mid-way
  repo?.cleanup();
});

function record(): QaRecord {
  if (!run?.record) throw new Error(`no QA record (exit ${run?.code}):\n${run?.stderr.slice(-3000)}`);
  return run.record;
}

function check(name: string): QaRecord['checks'][number] {
  const found = record().checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check ${name} in the record`);
  return found;
}

test('qa passes on the tested, clean commit', () => {
  expect({ code: run?.code, stderr: run?.code === 0 ? '' : run?.stderr.slice(-3000) }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(record()).toMatchObject({ verdict: 'passed', source: { sha: repo!.sha, dirty: false } });
  expect(record().phases.map((p) => [p.name, p.conclusion])).toEqual([
    ['build', 'success'],
    ['environment', 'success'],
  ]);
  // db, cache, the exited migrate job and the api.
  expect(record().phases[1]!.summary).toContain('4 container(s) ready');
  expect(
    record()
      .checks.map((c) => [c.name, c.conclusion])
      .sort(),
  ).toEqual(
    [
      ['drift', 'success'],
      ['integration', 'success'],
      ['seeded', 'success'],
      ['smoke', 'success'],
      ['volume-labelled', 'success'],
    ].sort(),
  );
  process.stderr.write(`examples/orders qa: ${(wallMs / 1000).toFixed(1)}s\n`);
});

test('the JUnit report of the integration suite was read: all its tests', () => {
  expect(check('integration').summary).toBe(`exited with 0; ${SUITE_TESTS} test(s) passed`);
  // The file the check wrote agrees (jest-junit's <testsuites> totals).
  const xml = readFileSync(join(repo!.dir, 'reports/junit.xml'), 'utf8');
  const suites = new XMLParser({ ignoreAttributes: false }).parse(xml) as {
    testsuites: { '@_tests': string; '@_failures': string };
  };
  expect(suites.testsuites).toMatchObject({ '@_tests': String(SUITE_TESTS), '@_failures': '0' });
});

test('the one-shot migration ran before the api served: the seed rows are listed', () => {
  expect(check('seeded').summary).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/orders → 200 OK/);
  expect(readFileSync(join(repo!.dir, '.immutable-qa/checks/integration.log'), 'utf8')).toContain(
    '✓ the migration seeded three orders',
  );
});

test('the teardown left nothing labelled for the environment: containers, networks, volumes', () => {
  const project = record().environment.project;
  const ours = { [LABEL.managed]: 'true', [LABEL.project]: project };
  expect({
    containers: labelled('container', ours),
    networks: labelled('network', ours),
    volumes: labelled('volume', ours),
    claims: labelled('volume', { [LABEL.managed]: 'true', [LABEL.claim]: project }),
    // Compose's own label, in case something escaped ours.
    composeVolumes: labelled('volume', { [LABEL.project]: project }),
  }).toEqual({ containers: [], networks: [], volumes: [], claims: [], composeVolumes: [] });
});

// Issue 12, item 10: what a user sees in the terminal when a test fails and they keep the
// environment to look at it. A check that prints terminal escapes (as the code under test may)
// stands in for jest's colours and compose's cursor moves.
describe('a failing test, the environment kept for a look', () => {
  const ESCAPES = `  - name: escapes
    run: printf '\\033]0;owned title\\007\\033[2K\\033[31mcoloured\\033[0m line\\n'; sleep 1; echo second line
    timeout: 30s
`;
  let failing: Repo | undefined;
  let kept: QaRun | undefined;
  let reportDir = '';

  beforeAll(async () => {
    failing = ordersRepo(ESCAPES, (dir) => {
      const file = join(dir, 'test/orders.test.js');
      const source = readFileSync(file, 'utf8');
      const broken = source.replace(
        "test('an unknown id is 404', async () => {",
        "test('an unknown id is 404', async () => {\n  expect(await call('GET', 'orders/999999')).toMatchObject({ status: 418 });",
      );
      if (broken === source) throw new Error('the example test changed: update this edit');
      writeFileSync(file, broken);
    });
    reportDir = mkdtempSync(join(tmpdir(), 'iqa-orders-report-'));
    kept = await runQa(failing, ['--keep', '--pr', '5', '--report-dir', reportDir], cleanEnv());
  }, 900_000);

  afterAll(async () => {
    if (kept?.record) await removeByLabel(kept.record.environment.project);
    failing?.cleanup();
  });

  test('the check output came line by line, prefixed, before its result line', () => {
    expect(kept?.code).toBe(1);
    const lines = kept!.stderr.split('\n');
    const first = lines.findIndex((l) => /^integration +\| /.test(l));
    const result = lines.findIndex((l) => l.startsWith('── ✗ integration:'));
    expect(first).toBeGreaterThan(-1);
    expect(result).toBeGreaterThan(first);
    expect(lines.filter((l) => /^integration +\| .*✕ an unknown id is 404/.test(l))).toHaveLength(1);
    // Printed once: live, not again at the end.
    expect(kept!.stderr.split('Tests:       1 failed').length - 1).toBe(1);
    expect(lines).toContain('escapes     | coloured line');
  });

  test('no terminal escape from the code under test reaches the terminal', () => {
    expect(kept!.stderr).not.toContain('\u001b');
    expect(kept!.stderr).not.toContain('\u0007');
    expect(kept!.stderr).not.toContain('owned title');
  });

  test('after the run: the failed test where it is, the kept environment and how to remove it', () => {
    const line = kept!.stderr.split('\n').find((l) => l.includes('an unknown id is 404:'));
    expect(line).toMatch(/^ {2}test\/orders\.test\.js:\d+: .*an unknown id is 404: /);
    const project = kept!.record!.environment.project;
    const endpoint = kept!.record!.environment.endpoints.api;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(kept!.stderr).toContain(`environment kept: ${project}`);
    expect(kept!.stderr).toContain(`  api: ${endpoint}`);
    expect(kept!.stderr).toContain('  remove it: immutable-qa teardown --pr 5');
    expect(labelled('container', { [LABEL.project]: project }).length).toBeGreaterThan(0);
  });

  test('the report dir holds the Markdown summary and a log for every check, built-in ones too', () => {
    const summary = readFileSync(join(reportDir, 'summary.md'), 'utf8');
    expect(summary).toContain('## ❌ immutable-qa: failed');
    expect(summary).toContain('an unknown id is 404');
    const logs = ['drift', 'escapes', 'integration', 'seeded', 'smoke'].map((n) => `${n}.log`);
    // Only results: the checks' private Docker config (plugin links) lives in the run's own dir.
    expect(readdirSync(reportDir).sort()).toEqual(['checks', 'qa-record.json', 'summary.md']);
    expect(readdirSync(join(reportDir, 'checks')).sort()).toEqual(logs);
    expect(readFileSync(join(reportDir, 'checks/smoke.log'), 'utf8')).toMatch(/^GET http:\/\/.*200 OK/);
  });

  test('the printed teardown command removes it', async () => {
    const project = kept!.record!.environment.project;
    const down = await cli(['teardown', '--config', failing!.config, '--pr', '5'], {
      cwd: failing!.dir,
      env: cleanEnv(),
    });
    expect(down.code).toBe(0);
    expect(labelled('container', { [LABEL.project]: project })).toEqual([]);
    expect(labelled('volume', { [LABEL.project]: project })).toEqual([]);
  });
});
