// Report paths → repository paths, so annotations land on files GitHub knows. Reports name files
// in many ways: absolute runner paths (jest, pytest), paths from inside a container (/app/src/…),
// package-relative JVM paths (com/acme/CartTest.java) and bare Go file names (cart_test.go).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { normalizeFile, normalizeRelative } from './location.js';

const SKIP_DIRS = new Set(['node_modules', '__pycache__']);
const MAX_INDEXED_FILES = 200_000;

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** Length of the common tail of two segment lists. */
function commonSuffix(a: string[], b: string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

export class RepoPaths {
  private readonly root: string;
  private index: Promise<Map<string, string[]>> | undefined;
  private readonly exists = new Map<string, Promise<boolean>>();

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** `file` relative to the root when inside it (posix), else the absolute path. */
  display(file: string): string {
    const rel = path.relative(this.root, file);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? toPosix(rel) : toPosix(file);
  }

  /**
   * The repository-relative path for `file` when one can be found, else `file` normalized.
   * `hints` (class or package names, suite names) break ties between equally named files.
   */
  async resolve(file: string, hints: Array<string | undefined> = []): Promise<string> {
    const f = normalizeRelative(file);
    if (!f) return f;
    if (path.isAbsolute(f)) {
      const rel = path.relative(this.root, f);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) return toPosix(rel);
      // Outside the repository (a container path, another checkout): find a tail that exists.
      return (await this.existingTail(f.split('/').filter(Boolean), 2)) ?? f;
    }
    if (!f.startsWith('../') && (await this.fileExists(f))) return f;
    const segments = f.split('/').filter((s) => s && s !== '..');
    return (await this.existingTail(segments.slice(1), 2)) ?? (await this.bySuffix(segments, hints)) ?? f;
  }

  private async existingTail(segments: string[], minSegments: number): Promise<string | undefined> {
    for (let i = 0; segments.length - i >= minSegments; i++) {
      const candidate = segments.slice(i).join('/');
      if (await this.fileExists(candidate)) return candidate;
    }
    return undefined;
  }

  private async bySuffix(segments: string[], hints: Array<string | undefined>): Promise<string | undefined> {
    const base = segments[segments.length - 1];
    if (!base) return undefined;
    const candidates = (await this.buildIndex()).get(base) ?? [];
    if (candidates.length === 0) return undefined;
    const suffix = segments.join('/');
    const exact = candidates.filter((c) => c === suffix || c.endsWith(`/${suffix}`));
    const pool = exact.length > 0 ? exact : segments.length === 1 ? candidates : [];
    if (pool.length <= 1) return pool[0];
    // Several files share the name: take the one whose directory best matches a hint
    // (a Go package path, a dotted class name, a suite path).
    const hintSegments = hints
      .filter((h): h is string => !!h)
      .map((h) =>
        normalizeFile(h)
          .replace(/\.[^./]+$/, '')
          .split(/[/.]/)
          .filter(Boolean),
      );
    let best: string | undefined;
    let bestScore = 0;
    let tie = false;
    for (const c of pool) {
      const dir = c.split('/').slice(0, -1);
      const score = Math.max(0, ...hintSegments.map((h) => commonSuffix(dir, h)));
      if (score > bestScore) {
        best = c;
        bestScore = score;
        tie = false;
      } else if (score === bestScore) tie = true;
    }
    return bestScore > 0 && !tie ? best : undefined;
  }

  private fileExists(rel: string): Promise<boolean> {
    let cached = this.exists.get(rel);
    if (!cached) {
      cached = fs.stat(path.join(this.root, rel)).then(
        (st) => st.isFile(),
        () => false,
      );
      this.exists.set(rel, cached);
    }
    return cached;
  }

  private buildIndex(): Promise<Map<string, string[]>> {
    this.index ??= (async () => {
      const byName = new Map<string, string[]>();
      let count = 0;
      const walk = async (dir: string, rel: string): Promise<void> => {
        if (count >= MAX_INDEXED_FILES) return;
        let entries: import('node:fs').Dirent[];
        try {
          entries = await fs.readdir(dir, { withFileTypes: true });
        } catch {
          return;
        }
        entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const entry of entries) {
          const relPath = rel ? `${rel}/${entry.name}` : entry.name;
          if (entry.isDirectory()) {
            if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
            await walk(path.join(dir, entry.name), relPath);
          } else if (entry.isFile()) {
            if (++count > MAX_INDEXED_FILES) return;
            const list = byName.get(entry.name) ?? [];
            list.push(relPath);
            byName.set(entry.name, list);
          }
        }
      };
      await walk(this.root, '');
      return byName;
    })();
    return this.index;
  }
}
