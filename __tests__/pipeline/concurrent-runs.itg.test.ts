// Two `qa` runs for the same PR at once, on one checkout, through the bundled CLI on the real
// engine, registry and Compose: the newer run replaces the older one, which ends cancelled saying
// "replaced by run <newer id>"; the newer one passes; and nothing of either is left afterwards.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leftovers, removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { cli, configFor, makeRepo, registry, type ProcResult, type Repo } from '../support/fixtures.js';

const repos: Repo[] = [];
const projects: string[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
});

// A check long enough that the older run is still at work when the newer one claims the project,
// and a drift check: the newer run's labels file and containers must be its own.
const checks = `  - name: page
    run: sh tests/smoke.sh && sleep 4 && sh tests/smoke.sh
  - name: drift
    drift: {}
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Run extends ProcResult {
  record?: QaRecord;
  /** The run id it announced ("run <id> claims <project>"). */
  id?: string;
}

async function finished(result: Promise<ProcResult>): Promise<Run> {
  const r = await result;
  const record = r.stdout ? (JSON.parse(r.stdout) as QaRecord) : undefined;
  if (record) projects.push(record.environment.project);
  const id = /run (\d{17}-[0-9a-f]{8}) claims /.exec(r.stderr)?.[1];
  return { ...r, ...(record ? { record } : {}), ...(id ? { id } : {}) };
}

function start(r: Repo, args: string[], env?: NodeJS.ProcessEnv): Promise<ProcResult> {
  return cli(['qa', '--config', r.config, '--json', '--pr', '12', ...args], {
    cwd: r.dir,
    ...(env ? { env } : {}),
  });
}

function labelled(kind: 'ps' | 'network' | 'volume', filter: string): string[] {
  const argv = kind === 'ps' ? ['ps', '-aq'] : [kind, 'ls', '-q'];
  return execFileSync('docker', [...argv, '--filter', `label=${filter}`], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

/** Nothing of the project on the engine: no container, network or volume, and no claim. */
function nothingLeftOf(project: string): Record<string, string[]> {
  return {
    containers: labelled('ps', `com.docker.compose.project=${project}`),
    networks: labelled('network', `com.docker.compose.project=${project}`),
    volumes: labelled('volume', `com.docker.compose.project=${project}`),
    claims: labelled('volume', `io.immutable-qa.claim=${project}`),
  };
}

const EMPTY = { containers: [], networks: [], volumes: [], claims: [] };

/** The steps of a record that were cancelled, with their summaries. */
function cancelled(record: QaRecord): string[] {
  return [...record.phases, ...record.checks]
    .filter((s) => s.conclusion === 'cancelled')
    .map((s) => `${s.name}: ${s.summary}`);
}

describe('the same PR twice at once', () => {
  test('started 1.5 s apart: the newer run passes, the older ends cancelled "replaced by run <newer>", nothing left', async () => {
    const r = makeRepo(configFor(`${registry()}/hello-concurrent`, checks));
    repos.push(r);
    const older = start(r, []);
    await sleep(1500);
    const newer = start(r, []);
    const [a, b] = await Promise.all([finished(older), finished(newer)]);

    expect({ code: b.code, verdict: b.record?.verdict, stderr: b.code === 0 ? '' : b.stderr }).toEqual({
      code: 0,
      verdict: 'passed',
      stderr: '',
    });
    expect(b.record!.checks.map((c) => [c.name, c.conclusion])).toEqual([
      ['page', 'success'],
      ['drift', 'success'],
    ]);
    expect(a.id).toBeDefined();
    expect(b.id).toBeDefined();
    expect(b.id! > a.id!).toBe(true);
    // The older run: exit 1 (its verdict is not passed), cancelled steps naming the newer run.
    expect(a.code).toBe(1);
    expect(a.record!.verdict).toBe('failed');
    expect(a.stderr).toContain(`replaced by run ${b.id!}`);
    // The newer run names the run it replaces.
    expect(b.stderr).toContain(`run ${b.id!} replaces run ${a.id!}`);
    const steps = cancelled(a.record!);
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(s).toContain(`replaced by run ${b.id!}`);
    expect([...a.record!.phases, ...a.record!.checks].map((s) => s.conclusion)).not.toContain('failure');

    const project = b.record!.environment.project;
    expect(a.record!.environment.project).toBe(project);
    expect(nothingLeftOf(project)).toEqual(EMPTY);
    expect(await leftovers(project)).toEqual({ containers: 0, networks: 0, volumes: 0 });
  });

  test('the newer run starts while the older one checks: the older is cancelled mid-check, tears down only its own, the newer labels all it creates with its run id', async () => {
    const r = makeRepo(configFor(`${registry()}/hello-concurrent`, checks));
    repos.push(r);
    const older = start(r, []);
    // Wait until the older run's check is running (its log file exists; checks start once the
    // environment phase is done), then read its run id off its container.
    const deadline = Date.now() + 60_000;
    let olderRun: string | undefined;
    while (!olderRun && Date.now() < deadline) {
      await sleep(250);
      if (!existsSync(join(r.dir, '.immutable-qa/checks/page.log'))) continue;
      const ids = execFileSync(
        'docker',
        [
          'ps',
          '-q',
          '--filter',
          'label=io.immutable-qa.pr=12',
          '--filter',
          `label=io.immutable-qa.repository=${r.dir}`,
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter(Boolean);
      if (ids.length)
        olderRun = execFileSync(
          'docker',
          ['inspect', '--format', '{{index .Config.Labels "io.immutable-qa.run"}}', ids[0]!],
          {
            encoding: 'utf8',
          },
        ).trim();
    }
    expect(olderRun).toMatch(/^\d{17}-[0-9a-f]{8}$/);
    const newer = start(r, ['--keep']);
    const [a, b] = await Promise.all([finished(older), finished(newer)]);

    expect({ code: b.code, verdict: b.record?.verdict, stderr: b.code === 0 ? '' : b.stderr }).toEqual({
      code: 0,
      verdict: 'passed',
      stderr: '',
    });
    expect(a.id).toBe(olderRun);
    expect(a.code).toBe(1);
    expect(a.record!.phases.map((p) => p.conclusion)).toEqual(['success', 'success']);
    expect(a.record!.checks.find((c) => c.name === 'page')).toMatchObject({
      conclusion: 'cancelled',
      summary: `cancelled: replaced by run ${b.id!}`,
    });

    // The newer run's environment was kept: every container, network and volume of the project is
    // its own, labelled with its run id; the older run's teardown did not touch it.
    const project = b.record!.environment.project;
    const containers = labelled('ps', `com.docker.compose.project=${project}`);
    const networks = labelled('network', `com.docker.compose.project=${project}`);
    expect(containers).toHaveLength(1);
    expect(networks).toHaveLength(1);
    expect(labelled('ps', `io.immutable-qa.run=${b.id!}`)).toEqual(containers);
    expect(labelled('network', `io.immutable-qa.run=${b.id!}`)).toEqual(networks);
    expect(labelled('ps', `io.immutable-qa.run=${a.id!}`)).toEqual([]);
    expect(labelled('volume', `io.immutable-qa.claim=${project}`)).toEqual([]);

    await removeByLabel(project);
    expect(nothingLeftOf(project)).toEqual(EMPTY);
  });

  test('two machines sharing an engine (two checkouts, two temp dirs, one repository): the claim on the engine decides', async () => {
    const env = (dir: string): NodeJS.ProcessEnv => ({
      ...process.env,
      GITHUB_REPOSITORY: 'acme/shared-engine',
      TMPDIR: dir,
    });
    const machines = [
      mkdtempSync(join(tmpdir(), 'iqa-machine-a-')),
      mkdtempSync(join(tmpdir(), 'iqa-machine-b-')),
    ];
    try {
      const [ra, rb] = [
        makeRepo(configFor(`${registry()}/hello-shared`, checks)),
        makeRepo(configFor(`${registry()}/hello-shared`, checks)),
      ];
      repos.push(ra!, rb!);
      const older = start(ra!, [], env(machines[0]!));
      await sleep(1500);
      const newer = start(rb!, [], env(machines[1]!));
      const [a, b] = await Promise.all([finished(older), finished(newer)]);

      expect({ code: b.code, verdict: b.record?.verdict, stderr: b.code === 0 ? '' : b.stderr }).toEqual({
        code: 0,
        verdict: 'passed',
        stderr: '',
      });
      expect(a.record!.environment.project).toBe(b.record!.environment.project);
      expect(a.code).toBe(1);
      expect(a.stderr).toContain(`replaced by run ${b.id!}`);
      for (const s of cancelled(a.record!)) expect(s).toContain(`replaced by run ${b.id!}`);
      expect(nothingLeftOf(b.record!.environment.project)).toEqual(EMPTY);
      // Each run's private directory went with it.
      for (const dir of machines)
        expect(readdirSync(dir).filter((f) => f.startsWith('iqa-run-'))).toEqual([]);
    } finally {
      for (const dir of machines) rmSync(dir, { recursive: true, force: true });
    }
  });
});
