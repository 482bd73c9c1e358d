// Issue 11, item 3: a stale pass must not promote. QA passes on a commit, a re-run on the same
// commit and digest fails, and promote refuses (later-failure) naming the failed run's URL, with
// nothing tagged, on the real registry and in local mode. On the old code only passed records
// reached the digest, so the failed re-run was invisible and promote tagged the earlier pass.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import { SIGNED_RECORD_ARTIFACT_TYPE } from '../../src/store/artifact.js';
import { makeRepo, registry, type Repo } from '../support/fixtures.js';
import {
  cleanEnv,
  client,
  promoteConfig,
  runPromote,
  runQa,
  split,
  tagDigest,
  type QaRun,
} from '../support/promotion.js';

const repos: Repo[] = [];
const projects: string[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A check that passes until `marker` exists: a flaky test, outside the repository (the tree stays clean). */
function flaky(): { checks: string; breakIt: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-flaky-'));
  dirs.push(dir);
  const marker = join(dir, 'broken');
  return {
    checks: `  - name: page\n    run: sh tests/smoke.sh\n  - name: flaky\n    run: test ! -e ${marker}\n`,
    breakIt: () => writeFileSync(marker, 'now it fails'),
  };
}

/** A CLI environment that looks like workflow run `id` of acme/hello (so the record has a run URL). */
function workflowRun(id: number, attempt = 1): NodeJS.ProcessEnv {
  return cleanEnv({
    GITHUB_REPOSITORY: 'acme/hello',
    GITHUB_RUN_ID: String(id),
    GITHUB_RUN_ATTEMPT: String(attempt),
    GITHUB_SERVER_URL: 'https://github.example',
  });
}

async function qa(r: Repo, env: NodeJS.ProcessEnv): Promise<QaRun> {
  const run = await runQa(r, ['--pr', '5'], env);
  if (run.record) projects.push(run.record.environment.project);
  return run;
}

describe('the latest verdict for a commit decides', () => {
  test('registry: pass, then a failed re-run on the same digest → promote refused naming the run URL, nothing tagged', async () => {
    const repository = `${registry()}/iqa-promote/stale${Date.now().toString(36)}`;
    const { checks, breakIt } = flaky();
    const r = makeRepo(promoteConfig(repository, 'tags: [main]', checks));
    repos.push(r);

    const pass = await qa(r, workflowRun(1001));
    expect({ code: pass.code, stderr: pass.code === 0 ? '' : pass.stderr }).toEqual({ code: 0, stderr: '' });
    const digest = pass.record!.image.digest!;
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBe(digest);

    breakIt();
    const fail = await qa(r, workflowRun(1002));
    expect(fail.code).toBe(1);
    expect(fail.record!.verdict).toBe('failed');
    // The same commit built again is the same digest (the build is cached): a re-run of it.
    expect(fail.record!.image.digest).toBe(digest);
    // The failed verdict is on the digest, as a record; the tested tag still points where it did.
    const [host, path] = split(repository);
    const referrers = await client(host).getReferrers(path, digest, SIGNED_RECORD_ARTIFACT_TYPE);
    expect(referrers.map((d) => d.annotations?.['io.immutable-qa.verdict']).sort()).toEqual([
      'failed',
      'passed',
    ]);
    expect(await tagDigest(repository, `qa-${r.sha}`)).toBe(digest);

    const promoted = await runPromote(r, ['--sha', r.sha], cleanEnv());
    expect(promoted.code).toBe(1);
    expect(promoted.json).toMatchObject({ promoted: false, reason: 'later-failure' });
    expect(promoted.stderr).toContain('https://github.example/acme/hello/actions/runs/1002');
    expect(promoted.stderr).toContain('flaky: failure');
    expect(await tagDigest(repository, 'main')).toBeNull();

    // A passing re-run after that is the latest verdict again: it promotes.
    rmSync(dirs.at(-1)!, { recursive: true, force: true });
    const again = await qa(r, workflowRun(1003));
    expect(again.code).toBe(0);
    const ok = await runPromote(r, ['--sha', r.sha], cleanEnv());
    expect({ code: ok.code, stderr: ok.code === 0 ? '' : ok.stderr }).toEqual({ code: 0, stderr: '' });
    expect(await tagDigest(repository, 'main')).toBe(digest);
  });

  test('local mode: pass, then a failed re-run → promote refused naming the run URL, nothing tagged', async () => {
    const repository = `iqa-stale-local-${Date.now().toString(36)}`;
    const { checks, breakIt } = flaky();
    const r = makeRepo(promoteConfig(repository, 'tags: [main]', checks));
    repos.push(r);
    try {
      const pass = await qa(r, workflowRun(2001));
      expect(pass.code).toBe(0);
      breakIt();
      const fail = await qa(r, workflowRun(2002));
      expect(fail.code).toBe(1);
      expect(fail.record!.image.digest).toBe(pass.record!.image.digest);

      const promoted = await runPromote(r, ['--sha', r.sha], cleanEnv());
      expect(promoted.code).toBe(1);
      expect(promoted.json).toMatchObject({ promoted: false, reason: 'later-failure' });
      expect(promoted.stderr).toContain('https://github.example/acme/hello/actions/runs/2002');
      const main = execFileSync('docker', ['image', 'ls', '-q', `${repository}:main`], { encoding: 'utf8' });
      expect(main.trim()).toBe('');
    } finally {
      const refs = execFileSync(
        'docker',
        ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', repository],
        {
          encoding: 'utf8',
        },
      )
        .split('\n')
        .filter(Boolean);
      if (refs.length) execFileSync('docker', ['image', 'rm', '--force', ...refs], { stdio: 'ignore' });
    }
  });
});
