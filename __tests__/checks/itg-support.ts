// Shared by the built-in check integration tests: run `immutable-qa qa` (the bundle) on a repo made
// from examples/hello, remember what to clean up, and read checks from the QA record.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { cli, makeRepo, type Repo } from '../support/fixtures.js';

export interface Cleanup {
  repos: Repo[];
  projects: string[];
  images: string[];
  files: string[];
}

export function cleanup(): Cleanup {
  return { repos: [], projects: [], images: [], files: [] };
}

/** For afterEach: every container, network and volume of each project, temp repos, files, images. */
export async function cleanUp(c: Cleanup): Promise<void> {
  for (const p of c.projects.splice(0)) await removeByLabel(p);
  for (const r of c.repos.splice(0)) r.cleanup();
  for (const f of c.files.splice(0)) rmSync(f, { force: true });
  const images = c.images.splice(0);
  if (images.length) {
    try {
      execFileSync('docker', ['image', 'rm', '--force', ...images], { stdio: 'pipe' });
    } catch {
      // already gone
    }
  }
}

export function repo(c: Cleanup, config: string, extra?: Record<string, string>): Repo {
  const r = makeRepo(config, extra);
  c.repos.push(r);
  return r;
}

export interface QaRun {
  code: number | null;
  stderr: string;
  record: QaRecord;
  /** name → { conclusion, summary }. */
  checks: Record<string, { conclusion: string; summary: string }>;
}

export async function qa(c: Cleanup, r: Repo, args: string[] = []): Promise<QaRun> {
  const result = await cli(['qa', '--config', r.config, '--json', ...args], { cwd: r.dir });
  if (!result.stdout) throw new Error(`qa printed no record (exit ${result.code}):\n${result.stderr}`);
  const record = JSON.parse(result.stdout) as QaRecord;
  c.projects.push(record.environment.project);
  const checks = Object.fromEntries(
    record.checks.map((check) => [check.name, { conclusion: check.conclusion, summary: check.summary }]),
  );
  return { code: result.code, stderr: result.stderr, record, checks };
}
