// `immutable-qa qa` outside a git checkout, through the bundled CLI on the real engine (local
// mode): the run works, but without a commit checked out nothing earns the tested tag, with or
// without --sha, and the output says why. Issue 10, bug 2: it used to invent sha 000…0 and a
// clean tree, and tag qa-0000000000000000000000000000000000000000.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { cli, configFor, makeRepo, type Repo } from '../support/fixtures.js';

const REPOSITORY = 'hello-not-a-checkout';
const okChecks = `  - name: page\n    run: sh tests/smoke.sh\n`;
const repos: Repo[] = [];
const projects: string[] = [];
afterEach(async () => {
  for (const p of projects.splice(0)) await removeByLabel(p);
  for (const r of repos.splice(0)) r.cleanup();
});

/** examples/hello without its .git: a plain directory. */
function plainDir(): Repo {
  const r = makeRepo(configFor(REPOSITORY, okChecks));
  repos.push(r);
  rmSync(join(r.dir, '.git'), { recursive: true, force: true });
  return r;
}

async function qa(r: Repo, args: string[] = []) {
  const result = await cli(['qa', '--config', r.config, '--json', ...args], { cwd: r.dir });
  const record = result.stdout ? (JSON.parse(result.stdout) as QaRecord) : undefined;
  if (record) projects.push(record.environment.project);
  return { ...result, record };
}

function localTagExists(ref: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', ref], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('qa outside a git checkout', () => {
  test('passes, records no checkout and no tree, earns no tested tag and says so', async () => {
    const r = plainDir();
    const { code, record, stderr } = await qa(r);
    expect({ code, stderr: code === 0 ? '' : stderr }).toEqual({ code: 0, stderr: '' });
    expect(record!.verdict).toBe('passed');
    expect(record!.source).toMatchObject({ checkout_sha: null, tree: null });
    expect(stderr).toMatch(/no tested tag: not a git checkout/);
    expect(stderr).not.toMatch(/tested-tag:/);
    expect(localTagExists(`${REPOSITORY}:qa-${'0'.repeat(40)}`)).toBe(false);
    expect(localTagExists(`${REPOSITORY}:qa-${record!.source.sha}`)).toBe(false);
    expect(existsSync(join(r.dir, '.immutable-qa/records'))).toBe(false);
  }, 180_000);

  test('with --sha: the record names that commit, still without a tree, and earns no tested tag', async () => {
    const r = plainDir();
    const sha = 'c0ffee'.padEnd(40, '0');
    const { code, record, stderr } = await qa(r, ['--sha', sha]);
    expect(code).toBe(0);
    expect(record!.verdict).toBe('passed');
    expect(record!.source).toMatchObject({ sha, checkout_sha: null, tree: null });
    expect(stderr).toMatch(/no tested tag: not a git checkout/);
    expect(localTagExists(`${REPOSITORY}:qa-${sha}`)).toBe(false);
    expect(existsSync(join(r.dir, '.immutable-qa/records'))).toBe(false);
  }, 180_000);
});
