// The published package (issue 12, item 12): what `npm pack` puts in the tarball, engines that
// hold for everything the bundle contains, and `npm install -g <tarball>` then `immutable-qa qa`
// on a repository far from this source tree, on the real engine (local mode).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { configFor, makeRepo, ROOT, runNode, type Repo } from '../support/fixtures.js';

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  files?: string[];
}

const readJson = (path: string): PackageJson => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;
const ours = readJson(join(ROOT, 'package.json'));

let work: string;
let tarball: string;
let files: string[];
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'iqa-pack-'));
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--pack-destination', work, '--json'], { cwd: ROOT, encoding: 'utf8' }),
  ) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
}, 60_000);
const repos: Repo[] = [];
const projects: string[] = [];
afterAll(async () => {
  for (const p of projects) await removeByLabel(p);
  for (const r of repos) r.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** A static import/export statement or a dynamic import() of a package (not a relative path). */
const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+'([^'.][^']*)'|\bimport\('([^'.][^']*)'\)/gm;

/**
 * Packages whose engines field is about how Node loads them, which a bundle does not do: ncc inlines
 * their code, which uses nothing newer than Node 20 has.
 */
const LOADER_ONLY_ENGINES: Record<string, string> = {
  // ESM-only since 2.x; ">=22" is for require(esm). dist/index.js is plain ES2020 string scanning.
  'content-type': '>=22',
};

/** The packages src/ imports: what ncc puts into dist/cli. */
function importedPackages(): string[] {
  const names = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts'))
        for (const [, a, b] of readFileSync(path, 'utf8').matchAll(IMPORT)) {
          const spec = (a ?? b)!;
          if (!spec.startsWith('node:'))
            names.add(
              spec
                .split('/')
                .slice(0, spec.startsWith('@') ? 2 : 1)
                .join('/'),
            );
        }
    }
  };
  walk(join(ROOT, 'src'));
  return [...names].sort();
}

/** Each package and everything it depends on, as Node resolves them (the nearest node_modules up). */
function closure(roots: string[]): Map<string, PackageJson> {
  const seen = new Map<string, PackageJson>();
  const visit = (name: string, from: string): void => {
    for (let dir = from; ; dir = dirname(dir)) {
      const path = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(path)) {
        const key = join(dir, 'node_modules', name);
        if (seen.has(key)) return;
        const pkg = readJson(path);
        seen.set(key, pkg);
        for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, key);
        return;
      }
      if (dir === dirname(dir)) throw new Error(`${name} (needed from ${from}) is not installed`);
    }
  };
  for (const name of roots) visit(name, ROOT);
  return seen;
}

describe('the npm package', () => {
  test('the tarball holds the CLI, its bundle, the schema and the docs; not sources, tests or CI', () => {
    expect(ours.private).toBeUndefined();
    for (const needed of ['bin/immutable-qa.js', 'dist/cli/index.js', 'schema/immutable-qa.schema.json'])
      expect(files).toContain(needed);
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json']));
    const outside = files.filter(
      (f) => !/^(bin|dist\/cli|schema|docs)\/|^[A-Z]+\.md$|^LICENSE$|^package\.json$/.test(f),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => /^(src|__tests__|bench|\.ci|examples|scripts)\//.test(f))).toEqual([]);
  });

  test('no runtime dependencies (all of it is in dist/cli); engines hold for every bundled package', () => {
    expect(ours.dependencies ?? {}).toEqual({});
    const range = ours.engines?.node;
    expect(range).toBeDefined();
    const bundled = closure(importedPackages());
    expect(bundled.size).toBeGreaterThan(20);
    const tooNarrow = [...bundled.values()]
      .filter((p) => LOADER_ONLY_ENGINES[p.name] !== p.engines?.node)
      .filter((p) => p.engines?.node && !semver.subset(range!, p.engines.node))
      .map((p) => `${p.name} needs node ${p.engines!.node}`);
    expect(tooNarrow).toEqual([]);
  });

  test('npm install -g <tarball> fetches nothing, warns of nothing, and `immutable-qa qa` passes in a repository far from here', async () => {
    const prefix = join(work, 'prefix');
    const installed = await runNode([], {
      node: ['npm', 'install', '-g', '--prefix', prefix, tarball, '--offline', '--no-audit', '--no-fund'],
    });
    expect({ code: installed.code, warnings: installed.stderr.match(/^npm warn.*$/gim) ?? [] }).toEqual({
      code: 0,
      warnings: [],
    });
    expect(installed.stdout).toMatch(/added 1 package/);
    expect(existsSync(join(prefix, 'lib/node_modules/immutable-qa/node_modules'))).toBe(false);

    const bin = join(prefix, 'bin/immutable-qa');
    const version = await runNode(['--version'], { node: [bin] });
    expect(version.stdout.trim()).toBe(ours.version);

    const r = makeRepo(configFor('hello-npm-package', '  - name: page\n    run: sh tests/smoke.sh\n'));
    repos.push(r);
    // From a subdirectory, as a user would: the config is found like git finds .git.
    const run = await runNode(['qa', '--json'], { node: [bin], cwd: join(r.dir, 'tests') });
    const record = run.stdout ? (JSON.parse(run.stdout) as QaRecord) : undefined;
    if (record) projects.push(record.environment.project);
    expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(record!.verdict).toBe('passed');
    expect(record!.tool.version).toBe(ours.version);
  }, 180_000);
});
