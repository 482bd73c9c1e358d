// Teardown's selection: by PR, all, older-than (and combinations); usage errors before Docker.
import { UsageError } from '../../src/model/errors.js';
import { selectEnvironments, type Environment } from '../../src/pipeline/teardown.js';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const env = (project: string, pr: number | null, created: string | null): Environment => ({
  project,
  pr,
  sha: null,
  digest: null,
  created,
  containers: 1,
});
const all = [
  env('iqa-shop-pr1', 1, '2026-03-10T11:00:00Z'),
  env('iqa-shop-pr2', 2, '2026-03-08T11:00:00Z'),
  env('iqa-shop-abc1234', null, '2026-03-01T00:00:00Z'),
  env('iqa-shop-pr3', 3, null),
];
const names = (list: Environment[]): string[] => list.map((e) => e.project);

describe('selectEnvironments', () => {
  test('--pr picks that PR only', () => {
    expect(names(selectEnvironments(all, { pr: 2 }, NOW).removed)).toEqual(['iqa-shop-pr2']);
  });

  test('--all picks every environment, --older-than only stale ones (unknown age is never stale)', () => {
    expect(names(selectEnvironments(all, { all: true }, NOW).removed)).toHaveLength(4);
    const stale = selectEnvironments(all, { olderThanMs: 24 * 3_600_000 }, NOW);
    expect(names(stale.removed)).toEqual(['iqa-shop-pr2', 'iqa-shop-abc1234']);
    expect(names(stale.kept)).toEqual(['iqa-shop-pr1', 'iqa-shop-pr3']);
    expect(names(selectEnvironments(all, { all: true, olderThanMs: 3_600_000 }, NOW).removed)).toEqual([
      'iqa-shop-pr2',
      'iqa-shop-abc1234',
    ]);
    expect(names(selectEnvironments(all, { pr: 1, olderThanMs: 24 * 3_600_000 }, NOW).removed)).toEqual([]);
  });

  test('no selection, or --pr with --all, is a usage error', () => {
    expect(() => selectEnvironments(all, {}, NOW)).toThrow(UsageError);
    expect(() => selectEnvironments(all, { pr: 1, all: true }, NOW)).toThrow(/exclude each other/);
  });
});
