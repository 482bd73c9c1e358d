// A run's private directory (the labels override compose reads, in <tmp>/iqa-run-<id>-XXXXXX) on
// the real engine, through the bundled CLI: every container names it (label io.immutable-qa.run-dir);
// a run that ends removes it, kept environment or not; a run that never ends (killed mid-check)
// leaves it with its environment, and whoever removes that environment removes the directory too:
// `teardown` (from another temp dir: the label, not the environment, says where), or the next run
// for the same PR when it replaces the environment. Nothing of the environment is left either.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspectContainers, leftovers, removeByLabel } from '../../src/environment/compose.js';
import { LABEL } from '../../src/environment/project.js';
import { configFor, DIST, makeRepo, runNode, type ProcResult, type Repo } from '../support/fixtures.js';
import { cleanEnv, runQa } from '../support/promotion.js';

const repos: Repo[] = [];
const temps: string[] = [];
const projects: string[] = [];
const holds: string[] = [];
const PREFIX = `iqa-rundir-${process.pid}-`;
afterAll(() => {
  // The local images the runs built (pr-<n>, qa-<sha> tags of image.repository).
  const refs = execFileSync('docker', ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((ref) => ref.startsWith(PREFIX));
  if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
});
afterEach(async () => {
  // A killed run's check (its own process group) may still sleep: end it by its pid.
  for (const hold of holds.splice(0)) {
    const pid = Number(existsSync(`${hold}.pid`) ? readFileSync(`${hold}.pid`, 'utf8').trim() : NaN);
    if (Number.isInteger(pid) && pid > 0)
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
  }
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
  for (const t of temps.splice(0)) rmSync(t, { recursive: true, force: true });
});

/** A check that, with IQA_HOLD set, says it started and then holds the run (as a slow test suite would). */
const HOLDING = `  - name: page
    run: '[ -z "$IQA_HOLD" ] || { echo $$ > "$IQA_HOLD.pid"; touch "$IQA_HOLD"; exec sleep 90; }; sh tests/smoke.sh'
`;

function repo(): Repo {
  const r = makeRepo(configFor(`${PREFIX}${Date.now().toString(36)}`, HOLDING));
  repos.push(r);
  return r;
}

/** A temp directory of its own, as TMPDIR of one process (what run-claim.ts makes the run directory in). */
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-rundir-tmp-'));
  temps.push(dir);
  return dir;
}

const runDirs = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('iqa-run-'));

function teardown(r: Repo, args: string[], env: NodeJS.ProcessEnv): Promise<ProcResult> {
  return runNode([join(DIST, 'cli/index.js'), 'teardown', '--config', r.config, ...args], {
    cwd: r.dir,
    env,
  });
}

async function until(what: string, done: () => boolean, timeoutMs = 150_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `qa --pr N` killed with SIGKILL once its check runs: the environment and the run directory stay. */
async function killedRun(r: Repo, pr: number, tmp: string): Promise<{ project: string; dir: string }> {
  const hold = join(temp(), 'started');
  holds.push(hold);
  const run = runNode([join(DIST, 'cli/index.js'), 'qa', '--config', r.config, '--pr', String(pr)], {
    cwd: r.dir,
    env: cleanEnv({ TMPDIR: tmp, IQA_HOLD: hold }),
  });
  let ended: ProcResult | undefined;
  void run.then((result) => (ended = result));
  await until('the check to start', () => existsSync(hold) || ended !== undefined);
  expect({ ended: ended?.code, stderr: ended?.stderr.slice(-2000) }).toEqual({
    ended: undefined,
    stderr: undefined,
  });
  run.kill('SIGKILL');
  await run;
  const containers = await inspectContainers(`${LABEL.pr}=${pr}`, `${LABEL.repository}=${r.dir}`);
  expect(containers.length).toBeGreaterThan(0);
  const project = containers[0]!.Config.Labels![LABEL.project]!;
  projects.push(project);
  const dirs = runDirs(tmp);
  expect(dirs).toHaveLength(1);
  const dir = join(tmp, dirs[0]!);
  // The labels override compose reads, and the checks' Docker config (checks/env.ts).
  expect(readdirSync(dir).sort()).toEqual([`${project}.immutable-qa.labels.yml`, 'docker-config'].sort());
  for (const c of containers) expect(c.Config.Labels?.[LABEL.runDir]).toBe(dir);
  return { project, dir };
}

const claims = (project: string): string[] =>
  execFileSync('docker', ['volume', 'ls', '--quiet', '--filter', `label=${LABEL.claim}=${project}`], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean);

const NOTHING = { containers: 0, networks: 0, volumes: 0 };

test('qa --keep: the kept environment names its run directory, which the run removed; teardown leaves nothing', async () => {
  const r = repo();
  const tmp = temp();
  const run = await runQa(r, ['--pr', '61', '--keep'], cleanEnv({ TMPDIR: tmp }));
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr.slice(-3000) }).toEqual({
    code: 0,
    stderr: '',
  });
  const project = run.record!.environment.project;
  projects.push(project);
  const containers = await inspectContainers(`${LABEL.project}=${project}`);
  expect(containers.length).toBeGreaterThan(0);
  for (const c of containers) expect(c.Config.Labels?.[LABEL.runDir]).toMatch(new RegExp(`^${tmp}/iqa-run-`));
  // Nothing reads it once the environment is up: the run removed it at its end.
  expect(runDirs(tmp)).toEqual([]);

  const removed = await teardown(r, ['--pr', '61'], cleanEnv({ TMPDIR: temp() }));
  expect({ code: removed.code, stderr: removed.code === 0 ? '' : removed.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(removed.stderr).toContain(`removed ${project}`);
  expect(await leftovers(project)).toEqual(NOTHING);
  expect(claims(project)).toEqual([]);
  expect(runDirs(tmp)).toEqual([]);
});

test('a run killed mid-check leaves its environment and directory; teardown removes both, found by the label', async () => {
  const r = repo();
  const tmp = temp();
  const { project, dir } = await killedRun(r, 62, tmp);
  expect(claims(project)).toHaveLength(1);

  // Another TMPDIR: teardown finds the directory from the containers' label, not its own temp dir.
  const removed = await teardown(r, ['--pr', '62'], cleanEnv({ TMPDIR: temp() }));
  expect({ code: removed.code, stderr: removed.code === 0 ? '' : removed.stderr }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(removed.stderr).toMatch(
    new RegExp(`removed ${project} \\(1 container\\(s\\), PR #62, created [^)]*, 1 run directory\\)`),
  );
  expect(existsSync(dir)).toBe(false);
  expect(runDirs(tmp)).toEqual([]);
  expect(await leftovers(project)).toEqual(NOTHING);
  expect(claims(project)).toEqual([]);

  const again = await teardown(r, ['--pr', '62'], cleanEnv({ TMPDIR: tmp }));
  expect(again.code).toBe(0);
  expect(again.stderr).toContain('removed: 0');
});

test("the next run for the PR replaces a killed run's environment and removes its directory", async () => {
  const r = repo();
  const tmp = temp();
  const { project, dir } = await killedRun(r, 63, tmp);
  // The killed run's claim is given up after OLDER_RUN_GRACE_MS; then its environment is replaced.
  const next = await runQa(r, ['--pr', '63'], cleanEnv({ TMPDIR: tmp }));
  expect({ code: next.code, stderr: next.code === 0 ? '' : next.stderr.slice(-3000) }).toEqual({
    code: 0,
    stderr: '',
  });
  expect(next.record!.environment.project).toBe(project);
  expect(existsSync(dir)).toBe(false);
  expect(runDirs(tmp)).toEqual([]);
  expect(await leftovers(project)).toEqual(NOTHING);
  expect(claims(project)).toEqual([]);
});
