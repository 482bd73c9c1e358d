// A throwaway checkout that reports are collected in (collect.test, sarif-collect.test): made
// before the file's tests, removed after them; files written in it or copied from a fixtures folder.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ReportRepo {
  /** The checkout's root (set once the file's beforeAll hooks run). */
  readonly root: string;
  /** A file at `rel` below the root, its folders made. */
  write(rel: string, content?: string): void;
  /** The fixture `fixture` (in the fixtures folder) copied to `rel` below the root. */
  copy(fixture: string, rel: string): void;
}

/** Call at the top of a test file, before its own beforeAll (which may then fill the checkout). */
export function useReportRepo(prefix: string, fixtures: string): ReportRepo {
  let root = '';
  const place = (rel: string): string => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    return path.join(root, rel);
  };
  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), prefix));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return {
    get root() {
      return root;
    },
    write: (rel, content = 'x') => writeFileSync(place(rel), content),
    copy: (fixture, rel) => copyFileSync(path.join(fixtures, fixture), place(rel)),
  };
}
