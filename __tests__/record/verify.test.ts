// Promotion's pure parts: tag expansion, event → target, PR choice, record parsing, and every
// refusal of verifyPromotion with a message that says what happened and how to fix it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RefusalError, UsageError } from '../../src/model/errors.js';
import { expandTags } from '../../src/pipeline/promote.js';
import {
  ANNOTATION,
  parseQaRecord,
  RECORD_ARTIFACT_TYPE,
  RecordFormatError,
  recordTag,
  type FoundRecord,
  type RecordsOnDigest,
} from '../../src/store/artifact.js';
import { testedTag } from '../../src/model/record.js';
import { choosePull } from '../../src/github/commits.js';
import { earnsTestedTag, whyNoTestedTag } from '../../src/record/publish.js';
import type { QaRecord } from '../../src/model/record.js';
import { promoteTarget } from '../../src/github/event.js';
import type { PullRequestRef } from '../../src/model/run-context.js';
import { refusalOf } from '../support/records.js';
import { verifyPromotion, type PromotionEvidence } from '../../src/record/verify.js';

const HEAD = 'a'.repeat(40);
const MERGE = 'b'.repeat(40);
const TREE = 'c'.repeat(40);
const DIGEST = `sha256:${'d'.repeat(64)}`;
const OTHER = `sha256:${'e'.repeat(64)}`;

function qaRecord(
  overrides: {
    verdict?: 'passed' | 'failed';
    dirty?: boolean;
    sha?: string;
    digest?: string;
    tree?: string | null;
  } = {},
): QaRecord {
  return {
    schema: 1,
    verdict: overrides.verdict ?? 'passed',
    image: { repository: 'ghcr.io/acme/shop', digest: overrides.digest ?? DIGEST },
    source: {
      repository: 'acme/shop',
      sha: overrides.sha ?? HEAD,
      checkout_sha: 'f'.repeat(40),
      tree: overrides.tree === undefined ? TREE : overrides.tree,
      ref: 'refs/pull/12/head',
      pr: 12,
      dirty: overrides.dirty ?? false,
    },
    environment: { definition_sha256: '0'.repeat(64), project: 'iqa-shop-pr12', endpoints: {} },
    phases: [{ name: 'build', conclusion: 'success', started_at: 't', completed_at: 't', summary: 'ok' }],
    checks: [
      {
        name: 'integration',
        required: true,
        conclusion: overrides.verdict === 'failed' ? 'failure' : 'success',
        started_at: 't',
        completed_at: 't',
        summary: 's',
      },
    ],
    run: { id: '1', attempt: 1, url: 'https://github.com/acme/shop/actions/runs/1' },
    tool: { name: 'immutable-qa', version: '0.1.0' },
    created_at: '2026-01-01T00:00:00.000Z',
  };
}

function found(record: QaRecord, subject = record.image.digest ?? DIGEST): FoundRecord {
  return {
    record,
    artifactDigest: `sha256:${'1'.repeat(64)}`,
    subject: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: subject, size: 500 },
  };
}

function onDigest(matching: FoundRecord[], otherShas: string[] = []): RecordsOnDigest {
  return {
    matching,
    listed: [
      ...matching.map((m) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: m.artifactDigest,
        size: 1,
        artifactType: RECORD_ARTIFACT_TYPE,
        annotations: { [ANNOTATION.sha]: m.record.source.sha },
      })),
      ...otherShas.map((sha) => ({
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        digest: `sha256:${'2'.repeat(64)}`,
        size: 1,
        artifactType: RECORD_ARTIFACT_TYPE,
        annotations: { [ANNOTATION.sha]: sha },
      })),
    ],
    unreadable: [],
  };
}

function evidence(records: RecordsOnDigest, extra: Partial<PromotionEvidence> = {}): PromotionEvidence {
  return {
    image: 'ghcr.io/acme/shop',
    promotedSha: MERGE,
    testedSha: HEAD,
    digest: DIGEST,
    pr: 12,
    records,
    policy: 'same-tree',
    promotedTree: TREE,
    ...extra,
  };
}

const refusal = refusalOf;

describe('verifyPromotion', () => {
  test('a passed, clean record on the digest with the same tree allows the promotion', () => {
    const ok = found(qaRecord());
    expect(verifyPromotion(evidence(onDigest([ok])))).toBe(ok);
  });

  test('no record on the digest: no-record, says the tag was set by hand and to re-run QA', () => {
    const r = refusal(() => verifyPromotion(evidence(onDigest([]))));
    expect(r.reason).toBe('no-record');
    expect(r.message).toContain(`ghcr.io/acme/shop:qa-${HEAD} points to ${DIGEST}`);
    expect(r.message).toMatch(/Re-run QA on a{40} \(PR #12\)/);
  });

  test('the digest carries records for other commits only: the tag was moved (subject-mismatch)', () => {
    const r = refusal(() => verifyPromotion(evidence(onDigest([], ['9'.repeat(40)]))));
    expect(r.reason).toBe('subject-mismatch');
    expect(r.message).toContain('moved or overwritten');
    expect(r.message).toContain('999999999999');
  });

  test('a record whose subject is another digest is refused', () => {
    const r = refusal(() => verifyPromotion(evidence(onDigest([found(qaRecord(), OTHER)]))));
    expect(r.reason).toBe('subject-mismatch');
    const r2 = refusal(() =>
      verifyPromotion(evidence(onDigest([found(qaRecord({ digest: OTHER }), DIGEST)]))),
    );
    expect(r2.reason).toBe('subject-mismatch');
  });

  test('failed verdict: names the failing steps and the run', () => {
    const r = refusal(() => verifyPromotion(evidence(onDigest([found(qaRecord({ verdict: 'failed' }))]))));
    expect(r.reason).toBe('failed-verdict');
    expect(r.message).toContain('integration: failure');
    expect(r.message).toContain('https://github.com/acme/shop/actions/runs/1');
  });

  test('dirty source: refused with the fix', () => {
    const r = refusal(() => verifyPromotion(evidence(onDigest([found(qaRecord({ dirty: true }))]))));
    expect(r.reason).toBe('dirty');
    expect(r.message).toContain('clean checkout');
  });

  test('tree mismatch under same-tree: says the base moved and how to fix it', () => {
    const r = refusal(() =>
      verifyPromotion(evidence(onDigest([found(qaRecord())]), { promotedTree: '7'.repeat(40) })),
    );
    expect(r.reason).toBe('tree-mismatch');
    expect(r.message).toContain('the base branch moved after QA ran');
    expect(r.message).toContain('merge queue');
    expect(r.message).toContain('up to date before merging');
    expect(r.message).toContain('promote.policy: pr-head');
  });

  test('pr-head policy ignores the tree; same-tree without a known tree refuses', () => {
    const ok = found(qaRecord());
    expect(
      verifyPromotion(evidence(onDigest([ok]), { policy: 'pr-head', promotedTree: '7'.repeat(40) })),
    ).toBe(ok);
    const unknownTree = evidence(onDigest([ok]), { treeSources: 'the checkout /x' });
    delete unknownTree.promotedTree;
    const r = refusal(() => verifyPromotion(unknownTree));
    expect(r.reason).toBe('tree-unknown');
    expect(r.message).toContain('looked in the checkout /x');
    expect(refusal(() => verifyPromotion(evidence(onDigest([found(qaRecord({ tree: null }))])))).reason).toBe(
      'tree-unknown',
    );
  });

  // Issue 11, item 3: the old loop took the first usable record, so a stale pass outvoted a failed
  // re-run of the same commit on the same digest.
  function at(record: QaRecord, created: string, run = { id: '1', attempt: 1 }): QaRecord {
    const url = `https://github.com/acme/shop/actions/runs/${run.id}/attempts/${run.attempt}`;
    return { ...record, created_at: created, run: { ...run, url } };
  }

  test('a pass followed by a failed re-run is refused, naming the run that failed and its URL', () => {
    const pass = found(at(qaRecord(), '2026-01-01T00:00:00.000Z', { id: '7', attempt: 1 }));
    const fail = found(
      at(qaRecord({ verdict: 'failed' }), '2026-01-01T01:00:00.000Z', { id: '7', attempt: 2 }),
    );
    for (const order of [
      [pass, fail],
      [fail, pass],
    ]) {
      const error = refusal(() => verifyPromotion(evidence(onDigest(order))));
      expect(error.reason).toBe('later-failure');
      expect(error.message).toContain('https://github.com/acme/shop/actions/runs/7/attempts/2');
      expect(error.message).toContain('integration: failure');
      expect(error.message).toMatch(/latest verdict for a commit decides/);
    }
  });

  test('a failure followed by a passing re-run promotes the pass', () => {
    const fail = found(at(qaRecord({ verdict: 'failed' }), '2026-01-01T00:00:00.000Z'));
    const pass = found(at(qaRecord(), '2026-01-01T01:00:00.000Z', { id: '2', attempt: 1 }));
    expect(verifyPromotion(evidence(onDigest([fail, pass])))).toBe(pass);
  });

  test('records made at the same instant: the later run attempt decides', () => {
    const when = '2026-01-01T00:00:00.000Z';
    const pass = found(at(qaRecord(), when, { id: '7', attempt: 1 }));
    const fail = found(at(qaRecord({ verdict: 'failed' }), when, { id: '7', attempt: 2 }));
    expect(refusal(() => verifyPromotion(evidence(onDigest([pass, fail])))).reason).toBe('later-failure');
  });

  test('a failed record about another digest does not outvote the pass on this one', () => {
    const pass = found(at(qaRecord(), '2026-01-01T00:00:00.000Z'));
    const elsewhere = found(at(qaRecord({ verdict: 'failed', digest: OTHER }), '2026-01-01T01:00:00.000Z'));
    expect(verifyPromotion(evidence(onDigest([elsewhere, pass])))).toBe(pass);
  });
});

describe('expandTags', () => {
  test('{sha} and {sha7} expand to the promoted commit; duplicates collapse', () => {
    expect(expandTags(['main', 'sha-{sha}', 'v-{sha7}', 'main'], MERGE)).toEqual([
      'main',
      `sha-${MERGE}`,
      'v-bbbbbbb',
    ]);
  });

  test.each([
    [['{branch}'], /unknown placeholder \{branch\}/],
    [['bad tag'], /not a valid tag/],
    [['-x'], /not a valid tag/],
    [[`qa-${HEAD}`], /reserved prefix/],
    [['sha256-abc'], /reserved prefix/],
    [[], /no tags to promote/],
  ])('%j is a usage error', (tags, message) => {
    expect(() => expandTags(tags, MERGE)).toThrow(UsageError);
    expect(() => expandTags(tags, MERGE)).toThrow(message);
  });
});

describe('choosePull', () => {
  const pull = (number: number, merged: boolean, mergeCommitSha: string | null): PullRequestRef => ({
    number,
    headSha: HEAD,
    merged,
    mergeCommitSha,
    source: 'api',
  });
  test('prefers the merged PR whose merge commit is the commit, else the first merged one', () => {
    expect(choosePull([pull(1, true, 'x'), pull(2, true, MERGE)], MERGE)?.number).toBe(2);
    expect(choosePull([pull(3, false, null), pull(4, true, 'y')], MERGE)?.number).toBe(4);
    expect(choosePull([pull(5, false, null)], MERGE)).toBeUndefined();
    expect(choosePull([], MERGE)).toBeUndefined();
  });
});

describe('promoteTarget', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iqa-target-'));
  const event = (name: string, payload: unknown): string => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, JSON.stringify(payload));
    return path;
  };

  test('push: the pushed sha', async () => {
    const path = event('push', {
      after: MERGE,
      ref: 'refs/heads/main',
      repository: { full_name: 'acme/shop' },
    });
    expect(await promoteTarget({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: path })).toEqual({
      eventName: 'push',
      sha: MERGE,
      ref: 'refs/heads/main',
      repository: 'acme/shop',
    });
  });

  test('pull_request closed and merged: the merge commit, with the PR and its head', async () => {
    const path = event('merged', {
      action: 'closed',
      pull_request: {
        number: 12,
        merged: true,
        merge_commit_sha: MERGE,
        head: { sha: HEAD },
        base: { ref: 'main' },
      },
    });
    const target = await promoteTarget({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path });
    expect(target).toMatchObject({ sha: MERGE, ref: 'refs/heads/main' });
    expect(target.pr).toEqual({
      number: 12,
      headSha: HEAD,
      merged: true,
      mergeCommitSha: MERGE,
      source: 'event',
    });
  });

  test('pull_request closed without merge: refused, with the `if:` that avoids it', async () => {
    const path = event('unmerged', {
      action: 'closed',
      pull_request: { number: 13, merged: false, merge_commit_sha: MERGE, head: { sha: HEAD } },
    });
    const error = await promoteTarget({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RefusalError);
    expect((error as RefusalError).message).toContain('github.event.pull_request.merged == true');
  });

  test('a hand-written pull_request payload that lacks fields: exit 2 naming each one; elsewhere the refusal names them', async () => {
    const path = event('partial', { action: 'closed', pull_request: { number: 14, merged: true } });
    const error = await promoteTarget({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(
      /^the pull_request event payload lacks pull_request\.head\.sha, pull_request\.merge_commit_sha: .*--pr <number>/,
    );
    // --sha names the commit itself; the gaps stay on the target for the no-record refusal.
    const target = await promoteTarget(
      { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: path },
      { sha: MERGE },
    );
    expect(target).toMatchObject({
      sha: MERGE,
      eventGaps: ['pull_request.head.sha', 'pull_request.merge_commit_sha'],
    });
    expect(target.pr).toBeUndefined();
  });

  test('merge_group: the group head; workflow_dispatch: inputs.sha; --sha wins over everything', async () => {
    const mg = event('mg', {
      merge_group: { head_sha: MERGE, head_ref: 'refs/heads/gh-readonly-queue/main/x' },
    });
    expect((await promoteTarget({ GITHUB_EVENT_NAME: 'merge_group', GITHUB_EVENT_PATH: mg })).sha).toBe(
      MERGE,
    );
    const wd = event('wd', { inputs: { sha: HEAD.toUpperCase() } });
    expect((await promoteTarget({ GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_EVENT_PATH: wd })).sha).toBe(
      HEAD,
    );
    expect((await promoteTarget({ GITHUB_EVENT_PATH: wd }, { sha: MERGE })).sha).toBe(MERGE);
    expect((await promoteTarget({}, { headSha: HEAD })).sha).toBe(HEAD);
  });

  test('a short or missing sha is a usage error', async () => {
    await expect(promoteTarget({}, { sha: 'abc123' })).rejects.toThrow(/full 40-hex commit sha/);
    await expect(promoteTarget({})).rejects.toThrow(UsageError);
    const deleted = event('deleted', { after: '0'.repeat(40) });
    await expect(promoteTarget({ GITHUB_EVENT_PATH: deleted })).rejects.toThrow(/deleted the branch/);
  });
});

describe('records', () => {
  test('parseQaRecord accepts a record and rejects what is not one', () => {
    const record = qaRecord();
    expect(parseQaRecord(JSON.stringify(record))).toEqual(record);
    expect(() => parseQaRecord('not json')).toThrow(RecordFormatError);
    expect(() => parseQaRecord(JSON.stringify({ ...record, verdict: 'maybe' }))).toThrow(/verdict/);
    expect(() => parseQaRecord(JSON.stringify({ ...record, schema: 2 }))).toThrow(/schema/);
  });

  test('only a passed verdict on a clean tree earns the tested tag', () => {
    expect(earnsTestedTag(qaRecord())).toBe(true);
    expect(earnsTestedTag(qaRecord({ verdict: 'failed' }))).toBe(false);
    expect(earnsTestedTag(qaRecord({ dirty: true }))).toBe(false);
    expect(whyNoTestedTag(qaRecord({ dirty: true }))).toContain('dirty');
  });

  test('tag names', () => {
    expect(testedTag(HEAD)).toBe(`qa-${HEAD}`);
    expect(recordTag(DIGEST)).toBe(`sha256-${'d'.repeat(64)}.qa`);
  });
});
