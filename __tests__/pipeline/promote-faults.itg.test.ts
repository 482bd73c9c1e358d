// Promotion against a faulty registry (a fault-injecting proxy in front of the real one): 5xx
// bursts and 429 are retried; a registry that stays down ends with exit 3 and nothing half-tagged;
// the recording step of QA fails with exit 3 while the verdict in the local record stands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeByLabel } from '../../src/environment/compose.js';
import type { QaRecord } from '../../src/model/record.js';
import { EMPTY_JSON_DIGEST } from '../../src/registry/client.js';
import { makeRepo, registry, type Repo } from '../support/fixtures.js';
import {
  promoteConfig,
  removeImages,
  runPromote,
  runQa,
  tagByHand,
  tagDigest,
} from '../support/promotion.js';
import {
  startFaultProxy,
  type Fault,
  type FaultProxy,
  type ProxiedRequest,
} from '../support/registry-proxy.js';
import { pushBusyboxFixture, type PushedFixture } from '../support/registry-fixture.js';

let proxy: FaultProxy;
let decide: (request: ProxiedRequest) => Fault | undefined = () => undefined;
let r: Repo;
let repository: string;
/** Same repository, read directly (not through the proxy). */
let direct: string;
let digest: string;
let old: PushedFixture;
let oldDigest: string;
const projects: string[] = [];

const down: Fault = { status: 503 };
const isTagPut = (q: ProxiedRequest, tag: string): boolean =>
  q.method === 'PUT' && q.url.endsWith(`/manifests/${tag}`);

beforeAll(async () => {
  proxy = await startFaultProxy(`http://${registry()}`, (q) => decide(q));
  const path = `iqa-promote/faults${Date.now().toString(36)}`;
  repository = `${proxy.host}/${path}`;
  direct = `${registry()}/${path}`;
  r = makeRepo(promoteConfig(repository));
  const run = await runQa(r, []);
  if (run.record) projects.push(run.record.environment.project);
  expect({ code: run.code, stderr: run.code === 0 ? '' : run.stderr }).toEqual({ code: 0, stderr: '' });
  digest = run.record!.image.digest!;
  old = await pushBusyboxFixture(registry(), path, 'old');
  oldDigest = (await tagDigest(direct, 'old'))!;
});
afterAll(async () => {
  removeImages([registry(), proxy.host], /^iqa-(promote|teardown)\//);
  for (const p of projects) await removeByLabel(p);
  await old?.cleanup();
  await proxy?.stop();
  r?.cleanup();
});
beforeEach(() => {
  decide = () => undefined;
  proxy.reset();
});

const statuses = (): Array<number | 'reset'> => proxy.log.map((q) => q.outcome);

describe('promotion against a faulty registry', () => {
  test('5xx bursts on every first write and 429 with Retry-After are retried: promoted, every tag verified', async () => {
    const seen = new Map<string, number>();
    let limited = 0;
    decide = (q) => {
      const key = `${q.method} ${q.url}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      if (q.method === 'HEAD' && n === 1 && limited < 2) {
        limited++;
        return { status: 429, headers: { 'Retry-After': '1' } };
      }
      if (q.method === 'GET' && n === 1) return { status: 502 };
      if (q.method === 'PUT' && n <= 2) return { status: n === 1 ? 503 : 500 };
      return undefined;
    };
    const promoted = await runPromote(r, ['--sha', r.sha, '--tags', 'burst-a,burst-b']);
    expect({ code: promoted.code, stderr: promoted.code === 0 ? '' : promoted.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(statuses()).toEqual(expect.arrayContaining([429, 502, 503, 500]));
    expect(statuses().filter((s) => s === 429)).toHaveLength(2);
    expect(await tagDigest(direct, 'burst-a')).toBe(digest);
    expect(await tagDigest(direct, 'burst-b')).toBe(digest);
  });

  test('a registry that is down from the start: exit 3, nothing tagged', async () => {
    decide = () => down;
    const promoted = await runPromote(r, ['--sha', r.sha, '--tags', 'never']);
    expect(promoted.code).toBe(3);
    expect(promoted.stderr).toMatch(/answered 503 .*4 times: the registry is failing; try again later/);
    expect(proxy.log.length).toBe(4);
    expect(await tagDigest(direct, 'never')).toBeNull();
  });

  test('the registry stays down for the second tag: the first is put back, nothing half-tagged, exit 3', async () => {
    await tagByHand(direct, 'stable', oldDigest);
    await tagByHand(direct, 'live', oldDigest);
    decide = (q) => (isTagPut(q, 'live') ? down : undefined);
    const promoted = await runPromote(r, ['--sha', r.sha, '--tags', 'stable,live']);
    expect(promoted.code).toBe(3);
    expect(promoted.stderr).toContain('the tags already moved were restored (stable)');
    expect(promoted.stderr).toContain('Re-run the promotion');
    // stable was moved, then restored; live never moved.
    expect(proxy.log.filter((q) => isTagPut(q, 'stable')).map((q) => q.outcome)).toEqual([201, 201]);
    expect(await tagDigest(direct, 'stable')).toBe(oldDigest);
    expect(await tagDigest(direct, 'live')).toBe(oldDigest);
  });

  test('the registry goes down mid-promotion and stays down: exit 3 naming what still points where; a re-run completes it', async () => {
    let broken = false;
    decide = (q) => {
      if (broken) return down;
      if (isTagPut(q, 'half-a')) broken = true; // this PUT goes through, then the registry dies
      return undefined;
    };
    const promoted = await runPromote(r, ['--sha', r.sha, '--tags', 'half-a,half-b']);
    expect(promoted.code).toBe(3);
    expect(promoted.stderr).toContain(`these tags still point to ${digest}: half-a (new tag`);
    decide = () => undefined;
    const again = await runPromote(r, ['--sha', r.sha, '--tags', 'half-a,half-b']);
    expect(again.code).toBe(0);
    expect(again.json).toMatchObject({ moved: ['half-b'] });
    expect(await tagDigest(direct, 'half-a')).toBe(digest);
    expect(await tagDigest(direct, 'half-b')).toBe(digest);
  });
});

describe('recording the verdict against a faulty registry', () => {
  test('registry down after the image push: exit 3, no tested tag, the local record keeps the passed verdict', async () => {
    const path = `iqa-promote/record-down${Date.now().toString(36)}`;
    const q = makeRepo(promoteConfig(`${proxy.host}/${path}`));
    try {
      // The build pushes and reads back its image; the registry is gone for good from the moment
      // the record step starts uploading the artifact (its empty config blob, which no image has).
      let broken = false;
      decide = (req) => {
        if (req.url.includes(EMPTY_JSON_DIGEST)) broken = true;
        return broken ? down : undefined;
      };
      const run = await runQa(q, []);
      if (run.record) projects.push(run.record.environment.project);
      expect({ code: run.code, stderr: run.code === 3 ? '' : run.stderr }).toEqual({ code: 3, stderr: '' });
      expect(run.stderr).toContain('recording the verdict');
      expect(run.record?.verdict).toBe('passed');
      const saved = JSON.parse(readFileSync(join(q.dir, '.immutable-qa/qa-record.json'), 'utf8')) as QaRecord;
      expect(saved.verdict).toBe('passed');
      decide = () => undefined;
      expect(await tagDigest(`${registry()}/${path}`, `qa-${q.sha}`)).toBeNull();
    } finally {
      q.cleanup();
    }
  });
});
