// The publish decision (step "Record"): which records earn the tested tag qa-<sha>. A run outside a
// git checkout, with or without --sha, never does (issue 10, bug 2: it used to earn qa-000…0).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceState } from '../../src/exec/git.js';
import type { QaRecord } from '../../src/model/record.js';
import type { RunContext } from '../../src/model/run-context.js';
import { recordSource } from '../../src/pipeline/qa-record.js';
import {
  attachFailure,
  earnsTestedTag,
  publishVerdict,
  recordsFailure,
  whyNoTestedTag,
} from '../../src/record/publish.js';
import type { ImageStore } from '../../src/store/image-store.js';

const SHA = 'a'.repeat(40);
const DIGEST = `sha256:${'d'.repeat(64)}`;

function passed(source: QaRecord['source']): QaRecord {
  return {
    schema: 1,
    verdict: 'passed',
    image: { repository: 'shop', digest: DIGEST },
    source,
    environment: { definition_sha256: null, project: 'iqa-shop', endpoints: {} },
    phases: [],
    checks: [],
    run: null,
    tool: { name: 'immutable-qa', version: '0.0.0' },
    created_at: '2030-01-01T00:00:00.000Z',
  };
}

const context = (sha: string): RunContext => ({ sha, apiUrl: 'https://api.github.com' });

describe('the source of a run outside a git checkout', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'iqa-not-a-checkout-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('is not-a-checkout: no sha, no tree, no claim about a clean tree', async () => {
    expect(await sourceState(dir)).toEqual({ kind: 'not-a-checkout' });
  });

  test('its passed record earns no tested tag, and says why', async () => {
    const record = passed(recordSource(context('0'.repeat(40)), await sourceState(dir)));
    expect(record.source).toMatchObject({ checkout_sha: null, tree: null });
    expect(earnsTestedTag(record)).toBe(false);
    expect(whyNoTestedTag(record)).toMatch(/^not a git checkout/);
  });

  test('with --sha: the record names that commit, but without a checkout it earns no tag either', async () => {
    const record = passed(recordSource(context(SHA), await sourceState(dir)));
    expect(record.source).toMatchObject({ sha: SHA, checkout_sha: null, tree: null });
    expect(earnsTestedTag(record)).toBe(false);
    expect(whyNoTestedTag(record)).toMatch(/not a git checkout/);
  });

  test('publishVerdict refuses it before the store is touched', async () => {
    const touched: string[] = [];
    const store = new Proxy({} as ImageStore, {
      get: (_t, key) => {
        touched.push(String(key));
        return () => Promise.reject(new Error('the store must not be used'));
      },
    });
    const record = passed(recordSource(context(SHA), { kind: 'not-a-checkout' }));
    const logger = { group: <T>(_name: string, fn: () => Promise<T>) => fn() };
    await expect(publishVerdict(store, record, logger)).rejects.toThrow(
      /earns no tested tag \(not a git checkout/,
    );
    expect(touched).toEqual([]);
  });
});

describe('the source of a checkout', () => {
  test('a clean checkout of a commit earns the tag; a dirty one does not', () => {
    const clean = passed(
      recordSource(context(SHA), { kind: 'commit', sha: SHA, tree: 'b'.repeat(40), dirty: false }),
    );
    expect(clean.source).toMatchObject({ sha: SHA, checkout_sha: SHA, tree: 'b'.repeat(40), dirty: false });
    expect(earnsTestedTag(clean)).toBe(true);
    const dirty = passed(
      recordSource(context(SHA), { kind: 'commit', sha: SHA, tree: 'b'.repeat(40), dirty: true }),
    );
    expect(whyNoTestedTag(dirty)).toContain('dirty');
  });
});

// Issue 11, item 3: a failed verdict about a clean commit's digest goes on the digest too (never
// a tag), so promote sees the latest verdict; before, only passed records reached the store.
describe('failed verdicts', () => {
  const commit = { kind: 'commit', sha: SHA, tree: 'b'.repeat(40), dirty: false } as const;
  const failed = (source: QaRecord['source']): QaRecord => ({ ...passed(source), verdict: 'failed' });

  test('a failed verdict on a clean commit is attached to the digest, through attach(), never tagged', async () => {
    const record = failed(recordSource(context(SHA), commit));
    expect(recordsFailure(record)).toBe(true);
    expect(earnsTestedTag(record)).toBe(false);
    const calls: string[] = [];
    const store = {
      attach: (r: QaRecord, digest: string) => {
        calls.push(`attach ${r.verdict} ${digest}`);
        return Promise.resolve({ recordDigest: 'sha256:record' });
      },
      publish: () => Promise.reject(new Error('a failed verdict must not be tagged')),
    } as unknown as ImageStore;
    const logger = { group: <T>(_name: string, fn: () => Promise<T>) => fn() };
    await expect(attachFailure(store, record, logger)).resolves.toEqual({ recordDigest: 'sha256:record' });
    expect(calls).toEqual([`attach failed ${DIGEST}`]);
  });

  test('a failure that says nothing about a commit is not attached: dirty, no checkout, no image, or passed', () => {
    expect(recordsFailure(failed(recordSource(context(SHA), { ...commit, dirty: true })))).toBe(false);
    expect(recordsFailure(failed(recordSource(context(SHA), { kind: 'not-a-checkout' })))).toBe(false);
    const noImage = failed(recordSource(context(SHA), commit));
    expect(recordsFailure({ ...noImage, image: { ...noImage.image, digest: null } })).toBe(false);
    expect(recordsFailure(passed(recordSource(context(SHA), commit)))).toBe(false);
  });
});
