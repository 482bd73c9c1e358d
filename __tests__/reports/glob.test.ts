import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expandBraces, glob, globToRegExp, matchesGlob } from '../../src/reports/glob.js';

describe('globToRegExp / matchesGlob', () => {
  it.each([
    ['reports/*.xml', 'reports/a.xml', true],
    ['reports/*.xml', 'reports/sub/a.xml', false],
    ['reports/*.xml', 'reports/.hidden.xml', false],
    ['reports/*.xml', 'reports/a.xml.bak', false],
    ['reports/.*.xml', 'reports/.hidden.xml', true],
    ['**/*.xml', 'a.xml', true],
    ['**/*.xml', 'x/y/z/a.xml', true],
    ['**/*.xml', '.git/a.xml', false],
    ['**/*.xml', 'x/.cache/a.xml', false],
    ['reports/**', 'reports/a', true],
    ['reports/**', 'reports/x/y', true],
    ['reports/**', 'reports', false],
    ['a/**/b.xml', 'a/b.xml', true],
    ['a/**/b.xml', 'a/x/y/b.xml', true],
    ['a/**/b.xml', 'ab.xml', false],
    ['test-?.xml', 'test-1.xml', true],
    ['test-?.xml', 'test-10.xml', false],
    ['test-?.xml', 'test-/.xml', false],
    ['[ab].xml', 'a.xml', true],
    ['[ab].xml', 'c.xml', false],
    ['[!ab].xml', 'c.xml', true],
    ['[a-c].xml', 'b.xml', true],
    ['report(1)+.xml', 'report(1)+.xml', true],
    ['report(1)+.xml', 'report1.xml', false],
    ['a.b', 'axb', false],
    ['*.{xml,sarif}', 'r.sarif', true],
    ['*.{xml,sarif}', 'r.json', false],
    ['./reports/*.xml', 'reports/a.xml', true],
    ['reports//*.xml', 'reports/a.xml', true],
    ['\\*.xml', '*.xml', true],
    ['\\*.xml', 'a.xml', false],
    ['**', 'a/b/c', true],
  ])('%s ~ %s → %s', (pattern, file, expected) => {
    expect(matchesGlob(file, pattern)).toBe(expected);
  });

  it('anchors the whole path', () => {
    expect(globToRegExp('*.xml').test('dir/a.xml')).toBe(false);
    expect(globToRegExp('a.xml').source).toBe('^(?!\\.)a\\.xml$');
  });

  it('expands braces, nested and repeated', () => {
    expect(expandBraces('a/{b,c}/*.{xml,json}')).toEqual([
      'a/b/*.xml',
      'a/b/*.json',
      'a/c/*.xml',
      'a/c/*.json',
    ]);
    expect(expandBraces('{a,{b,c}}.x')).toEqual(['a.x', 'b.x', 'c.x']);
    expect(expandBraces('{single}.x')).toEqual(['{single}.x']);
    expect(expandBraces('no-braces')).toEqual(['no-braces']);
    expect(expandBraces('{open')).toEqual(['{open']);
  });
});

describe('glob (file system)', () => {
  let root: string;
  const touch = (rel: string): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), 'x');
  };

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'iqa-glob-'));
    for (const f of [
      'reports/a.xml',
      'reports/b.xml',
      'reports/c.json',
      'reports/nested/d.xml',
      'reports/nested/deeper/e.xml',
      'reports/.hidden/f.xml',
      'node_modules/pkg/junit.xml',
      'packages/api/reports/junit.xml',
      'packages/web/reports/junit.xml',
    ]) {
      touch(f);
    }
    symlinkSync(path.join(root, 'reports'), path.join(root, 'loop'));
    symlinkSync(path.join(root, 'reports/a.xml'), path.join(root, 'linked.xml'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const rel = async (pattern: string): Promise<string[]> =>
    (await glob(root, pattern)).map((f) => path.relative(root, f).split(path.sep).join('/'));

  it('matches one level with *', async () => {
    expect(await rel('reports/*.xml')).toEqual(['reports/a.xml', 'reports/b.xml']);
  });

  it('matches any depth with **, skipping dot directories, node_modules and symlinked directories', async () => {
    expect(await rel('**/*.xml')).toEqual([
      'linked.xml',
      'packages/api/reports/junit.xml',
      'packages/web/reports/junit.xml',
      'reports/a.xml',
      'reports/b.xml',
      'reports/nested/d.xml',
      'reports/nested/deeper/e.xml',
    ]);
    expect(await rel('node_modules/**/*.xml')).toEqual(['node_modules/pkg/junit.xml']);
    expect(await rel('reports/.hidden/*.xml')).toEqual(['reports/.hidden/f.xml']);
  });

  it('supports wildcards in the middle, braces and literal paths', async () => {
    expect(await rel('packages/*/reports/junit.xml')).toEqual([
      'packages/api/reports/junit.xml',
      'packages/web/reports/junit.xml',
    ]);
    expect(await rel('reports/*.{xml,json}')).toEqual(['reports/a.xml', 'reports/b.xml', 'reports/c.json']);
    expect(await rel('reports/a.xml')).toEqual(['reports/a.xml']);
    expect(await rel('reports/missing.xml')).toEqual([]);
    expect(await rel('reports')).toEqual([]);
  });

  it('accepts absolute patterns and reports nothing for a missing base', async () => {
    expect(await glob(root, path.join(root, 'reports', '*.json'))).toEqual([
      path.join(root, 'reports', 'c.json'),
    ]);
    expect(await rel('nope/**/*.xml')).toEqual([]);
  });
});
