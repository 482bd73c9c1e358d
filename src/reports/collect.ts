// Find a check's report files (globs relative to the repository root), parse each with its
// format's parser and map the paths inside them onto repository paths. Never throws for a bad
// report: a missing, unreadable or invalid file becomes one line in `errors`.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { errorMessage } from '../model/errors.js';
import { glob } from './glob.js';
import { parseJUnit } from './junit.js';
import type { FindingReport, TestReport } from './model.js';
import { RepoPaths } from './paths.js';
import { keepInRepository, parseSarif } from './sarif.js';

export interface ReportSpec {
  junit: string[];
  sarif: string[];
}

export interface CollectedReports {
  tests: TestReport[];
  findings: FindingReport[];
  /** One line per problem, naming the pattern or file: for a warning, never a crash. */
  errors: string[];
}

/** Larger files are refused rather than read into memory. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

export interface CollectOptions {
  /** Refuse report files larger than this (default MAX_REPORT_BYTES). */
  maxBytes?: number;
  /**
   * When the check started (ms since the epoch): a file last written before then is an earlier
   * run's report, named in `errors` and not read. Compared to the second, for file systems that
   * keep whole seconds.
   */
  notBefore?: number;
}

/** Why a matched file is not this run's report (written before `notBefore`), or undefined. */
async function staleness(
  file: string,
  shown: string,
  notBefore: number | undefined,
): Promise<string | undefined> {
  if (notBefore === undefined) return undefined;
  const written = await fs.stat(file).then(
    (s) => s.mtimeMs,
    () => undefined,
  );
  if (written === undefined || written >= Math.floor(notBefore / 1000) * 1000) return undefined;
  return `${shown}: last written ${new Date(written).toISOString()}, before the check started (${new Date(notBefore).toISOString()}): a report of an earlier run, not read (the check wrote no new one)`;
}

async function matchFiles(
  root: string,
  kind: string,
  patterns: string[],
  errors: string[],
): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (pattern.trim() === '') continue;
    try {
      const matched = await glob(root, pattern);
      if (matched.length === 0) errors.push(`${kind}: no file matches "${pattern}"`);
      for (const file of matched) files.add(file);
    } catch (error) {
      errors.push(`${kind}: cannot search "${pattern}": ${errorMessage(error)}`);
    }
  }
  return [...files].sort();
}

/**
 * Reads a report inside the repository. The check wrote it and may have made it a link (to
 * /etc/passwd, to a credentials file): what is read is where the link leads, and only inside root.
 */
async function readReport(file: string, shown: string, maxBytes: number, root: string): Promise<string> {
  let size: number;
  try {
    const real = await fs.realpath(file);
    const rel = path.relative(root, real);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new Error(`it leads outside the repository (to ${real}); reports are read only from inside it`);
    file = real;
    size = (await fs.stat(file)).size;
  } catch (error) {
    throw new Error(`${shown}: cannot read: ${errorMessage(error)}`);
  }
  if (size > maxBytes) {
    throw new Error(`${shown}: ${size} bytes is larger than the ${maxBytes}-byte limit for a report`);
  }
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${shown}: cannot read: ${errorMessage(error)}`);
  }
}

async function relocateTests(report: TestReport, paths: RepoPaths): Promise<void> {
  for (const suite of report.suites) {
    for (const c of suite.cases) {
      if (c.file) c.file = await paths.resolve(c.file, [c.classname, suite.name]);
    }
  }
}

async function relocateFindings(report: FindingReport, paths: RepoPaths): Promise<void> {
  for (const f of report.findings) {
    if (f.path) f.path = await paths.resolve(f.path);
    keepInRepository(f);
  }
}

/** Collect and parse every JUnit and SARIF report that `spec` matches under `root`. */
export async function collectReports(
  root: string,
  spec: ReportSpec,
  options: CollectOptions = {},
): Promise<CollectedReports> {
  const maxBytes = options.maxBytes ?? MAX_REPORT_BYTES;
  const rootDir = path.resolve(root);
  const paths = new RepoPaths(rootDir);
  const realRoot = await fs.realpath(rootDir).catch(() => rootDir);
  const result: CollectedReports = { tests: [], findings: [], errors: [] };

  for (const file of await matchFiles(rootDir, 'junit', spec.junit, result.errors)) {
    const shown = paths.display(file);
    const stale = await staleness(file, shown, options.notBefore);
    if (stale) {
      result.errors.push(stale);
      continue;
    }
    try {
      const report = parseJUnit(shown, await readReport(file, shown, maxBytes, realRoot));
      await relocateTests(report, paths);
      result.tests.push(report);
    } catch (error) {
      result.errors.push(errorMessage(error));
    }
  }
  for (const file of await matchFiles(rootDir, 'sarif', spec.sarif, result.errors)) {
    const shown = paths.display(file);
    const stale = await staleness(file, shown, options.notBefore);
    if (stale) {
      result.errors.push(stale);
      continue;
    }
    try {
      const report = parseSarif(shown, await readReport(file, shown, maxBytes, realRoot));
      await relocateFindings(report, paths);
      result.findings.push(report);
    } catch (error) {
      result.errors.push(errorMessage(error));
    }
  }
  return result;
}
