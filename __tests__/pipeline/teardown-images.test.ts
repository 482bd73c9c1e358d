// Which local tags `teardown --images` removes (the engine side is teardown-images.itg.test.ts).
import { selectConvenienceTags } from '../../src/pipeline/teardown-images.js';

test('only convenience tags: pr-<n> with --pr, pr-*/sha-<sha12> with --all, nothing without either', () => {
  const tags = ['pr-5', 'pr-50', 'sha-0123456789ab', `qa-${'c'.repeat(40)}`, 'main', 'sha-xyz', 'pr-5-old'];
  expect(selectConvenienceTags(tags, { pr: 5 })).toEqual(['pr-5']);
  expect(selectConvenienceTags(tags, { all: true })).toEqual(['pr-5', 'pr-50', 'sha-0123456789ab']);
  expect(selectConvenienceTags(tags, {})).toEqual([]);
});
