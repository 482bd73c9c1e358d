// A run's private directory, found from a container label or by name, and what may be removed: a
// label is a hint anyone with the engine can write, so only a directory of that run's form, holding
// only the files a run writes, ever goes.
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL } from '../../src/environment/project.js';
import {
  findRunDirs,
  isRunDir,
  labelledRunDir,
  removeRunDir,
  removeRunDirs,
  runDirPrefix,
} from '../../src/environment/run-dir.js';

const RUN = '20261202010203456-9f3a1c2b';
const OTHER = '20261202010203456-00000001';

let parent: string;
beforeEach(() => {
  parent = mkdtempSync(join(tmpdir(), 'iqa-run-dir-test-'));
});
afterEach(() => rmSync(parent, { recursive: true, force: true }));

/** As run-claim.ts makes it, with the labels override compose.ts writes in it. */
function runDir(run = RUN, files: string[] = ['iqa-shop-1a2b3c-pr7.immutable-qa.labels.yml']): string {
  const dir = mkdtempSync(join(parent, runDirPrefix(run)));
  for (const f of files) writeFileSync(join(dir, f), '{}');
  return dir;
}

test('isRunDir: absolute, normalized, iqa-run-<that run>-<6 characters>', () => {
  expect(isRunDir(RUN, `/tmp/iqa-run-${RUN}-AbC123`)).toBe(true);
  expect(isRunDir(RUN, `tmp/iqa-run-${RUN}-AbC123`)).toBe(false);
  expect(isRunDir(RUN, `/tmp/x/../iqa-run-${RUN}-AbC123`)).toBe(false);
  expect(isRunDir(OTHER, `/tmp/iqa-run-${RUN}-AbC123`)).toBe(false);
  expect(isRunDir(RUN, `/tmp/iqa-run-${RUN}-AbC12`)).toBe(false);
  expect(isRunDir(RUN, `/tmp/iqa-run-${RUN}-AbC12/`)).toBe(false);
  expect(isRunDir(RUN, `/tmp/iqa-run-${RUN}-AbC1.3`)).toBe(false);
  expect(isRunDir(RUN, '/home')).toBe(false);
});

test('labelledRunDir: both labels, a run id of ours, a path of that run', () => {
  const dir = `/tmp/iqa-run-${RUN}-AbC123`;
  expect(labelledRunDir({ [LABEL.run]: RUN, [LABEL.runDir]: dir })).toEqual({ run: RUN, dir });
  expect(labelledRunDir({ [LABEL.run]: RUN })).toBeUndefined();
  expect(labelledRunDir({ [LABEL.runDir]: dir })).toBeUndefined();
  expect(labelledRunDir({ [LABEL.run]: OTHER, [LABEL.runDir]: dir })).toBeUndefined();
  expect(labelledRunDir({ [LABEL.run]: 'x', [LABEL.runDir]: '/tmp/iqa-run-x-AbC123' })).toBeUndefined();
  expect(labelledRunDir({ [LABEL.run]: RUN, [LABEL.runDir]: '/' })).toBeUndefined();
  expect(labelledRunDir(null)).toBeUndefined();
});

test("findRunDirs: that run's directories in the parent, by name", async () => {
  const mine = runDir();
  runDir(OTHER);
  mkdirSync(join(parent, `iqa-run-${RUN}-toolong1`));
  expect(await findRunDirs(RUN, parent)).toEqual([mine]);
  expect(await findRunDirs('not-a-run', parent)).toEqual([]);
  expect(await findRunDirs(RUN, join(parent, 'missing'))).toEqual([]);
});

describe('removeRunDir', () => {
  test('a run directory holding the labels override: removed; again: absent', async () => {
    const dir = runDir(RUN, [
      'a.immutable-qa.labels.yml',
      'iqa-shop-1a2b3c-pr7-baseline.immutable-qa.labels.yml',
    ]);
    expect(await removeRunDir(RUN, dir)).toBe('removed');
    expect(existsSync(dir)).toBe(false);
    expect(await removeRunDir(RUN, dir)).toBe('absent');
  });

  test("the checks' Docker config in it: its links unlinked, never followed; removed", async () => {
    const dir = runDir();
    const plugins = mkdtempSync(join(parent, 'cli-plugins-'));
    writeFileSync(join(plugins, 'docker-compose'), 'plugin');
    mkdirSync(join(dir, 'docker-config'));
    writeFileSync(join(dir, 'docker-config/config.json'), '{}');
    symlinkSync(plugins, join(dir, 'docker-config/cli-plugins'));
    symlinkSync(join(parent, 'missing'), join(dir, 'docker-config/contexts'));
    expect(await removeRunDir(RUN, dir)).toBe('removed');
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(plugins, 'docker-compose'))).toBe(true);
  });

  test('anything else in its Docker config: kept, with why', async () => {
    const dir = runDir();
    mkdirSync(join(dir, 'docker-config'));
    writeFileSync(join(dir, 'docker-config/config.json'), '{}');
    mkdirSync(join(dir, 'docker-config/cli-plugins'));
    expect(await removeRunDir(RUN, dir)).toEqual({
      kept: 'it holds docker-config/cli-plugins, which immutable-qa did not write',
    });
    expect(existsSync(join(dir, 'docker-config/config.json'))).toBe(true);
  });

  test('an empty run directory: removed', async () => {
    const dir = runDir(RUN, []);
    expect(await removeRunDir(RUN, dir)).toBe('removed');
    expect(existsSync(dir)).toBe(false);
  });

  test('a file immutable-qa did not write, or a directory in it: kept, with why', async () => {
    const notes = runDir(RUN, ['x.immutable-qa.labels.yml', 'notes.txt']);
    expect(await removeRunDir(RUN, notes)).toEqual({
      kept: 'it holds notes.txt, which immutable-qa did not write',
    });
    expect(existsSync(join(notes, 'x.immutable-qa.labels.yml'))).toBe(true);
    const nested = runDir(RUN, []);
    mkdirSync(join(nested, 'sub.immutable-qa.labels.yml'));
    expect(await removeRunDir(RUN, nested)).toEqual({
      kept: 'it holds sub.immutable-qa.labels.yml, which immutable-qa did not write',
    });
    expect(existsSync(nested)).toBe(true);
  });

  test('a link named like a run directory: kept, and what it points at untouched', async () => {
    const target = mkdtempSync(join(parent, 'precious-'));
    writeFileSync(join(target, 'a.immutable-qa.labels.yml'), 'mine');
    const link = join(parent, `${runDirPrefix(RUN)}Link01`);
    symlinkSync(target, link);
    expect(await removeRunDir(RUN, link)).toEqual({ kept: 'not a directory' });
    expect(existsSync(join(target, 'a.immutable-qa.labels.yml'))).toBe(true);
  });

  test('a path that is not the directory of that run: kept, nothing read', async () => {
    const dir = runDir(OTHER);
    expect(await removeRunDir(RUN, dir)).toEqual({ kept: 'not the directory of a run' });
    expect(await removeRunDir('x', dir)).toEqual({ kept: 'not the directory of a run' });
    expect(existsSync(dir)).toBe(true);
  });
});

test('removeRunDirs: each directory once; what stays is reported, never thrown', async () => {
  const a = runDir();
  const b = runDir(OTHER, ['keep.txt']);
  const result = await removeRunDirs([
    { run: RUN, dir: a },
    { run: RUN, dir: a },
    { run: OTHER, dir: b },
    { run: RUN, dir: join(parent, `${runDirPrefix(RUN)}gone00`) },
  ]);
  expect(result).toEqual({
    removed: [a],
    kept: [{ dir: b, reason: 'it holds keep.txt, which immutable-qa did not write' }],
  });
});
