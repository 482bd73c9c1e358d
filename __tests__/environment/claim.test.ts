// Claims on a compose project (pure parts): which runs claim it, and which run replaces which.
import { claimIds, newerClaim } from '../../src/environment/claim.js';
import { RUN_ID, runId } from '../../src/environment/project.js';

const A = '20261202010203456-9f3a1c2b';
const B = '20261202010204957-00000000';
const C = '20261202010204957-ffffffff';

test('runId: UTC time to the millisecond, then the random part; the later run sorts after', () => {
  expect(runId(new Date('2026-12-02T01:02:03.456Z'), '9f3a1c2b')).toBe(A);
  expect(runId(new Date('2026-12-02T01:02:04.957Z'), '00000000') > A).toBe(true);
  expect(RUN_ID.test(A)).toBe(true);
  expect(RUN_ID.test('20261202010203456-9F3A1C2B')).toBe(false);
});

test('claimIds: the run ids of claim volumes, oldest first; other names are skipped', () => {
  expect(claimIds(`iqa-claim-${B}\niqa-claim-${A}\n\nsome-volume\niqa-claim-not-a-run\n`)).toEqual([A, B]);
  expect(claimIds('')).toEqual([]);
});

test.each<[string, string[], string, string | undefined]>([
  ['alone: not replaced', [A], A, undefined],
  ['a newer claim replaces this run', [A, B], A, B],
  ['the newest of several newer claims is named', [A, C, B], A, C],
  ['older claims do not replace the newer run', [A, B], B, undefined],
  ['same millisecond: the random part decides, the same way for both runs', [B, C], B, C],
  ['no claims (released meanwhile)', [], A, undefined],
])('newerClaim: %s', (_name, claims, run, expected) => {
  expect(newerClaim(claims, run)).toBe(expected);
});
