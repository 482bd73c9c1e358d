// A QA record as the pipeline writes it (model/record.ts), for tests of what is done with one, and
// the refusal a promotion check throws.
import { RefusalError } from '../../src/model/errors.js';
import type { QaRecord } from '../../src/model/record.js';

export const DIGEST = `sha256:${'a'.repeat(64)}`;
export const SHA = 'c'.repeat(40);

export function qaRecordFixture(
  overrides: { digest?: string; sha?: string; verdict?: QaRecord['verdict']; created_at?: string } = {},
): QaRecord {
  return {
    schema: 1,
    verdict: overrides.verdict ?? 'passed',
    image: { repository: 'ghcr.io/acme/shop', digest: overrides.digest ?? DIGEST },
    source: {
      repository: 'acme/shop',
      sha: overrides.sha ?? SHA,
      checkout_sha: overrides.sha ?? SHA,
      tree: 'd'.repeat(40),
      ref: 'refs/pull/12/head',
      pr: 12,
      dirty: false,
    },
    environment: { definition_sha256: '0'.repeat(64), project: 'iqa-shop-pr12', endpoints: {} },
    phases: [],
    checks: [],
    run: { id: '1234', attempt: 1, url: 'https://github.com/acme/shop/actions/runs/1234' },
    tool: { name: 'immutable-qa', version: '0.0.0' },
    created_at: overrides.created_at ?? '2026-12-02T00:00:00.000Z',
  };
}

/** The RefusalError `fn` throws (any other outcome fails the test). */
export function refusalOf(fn: () => unknown): RefusalError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RefusalError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
