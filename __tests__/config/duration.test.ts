import { formatDuration, parseDuration } from '../../src/config/duration.js';

test.each([
  ['500ms', 500],
  ['90s', 90_000],
  ['2m', 120_000],
  ['1h', 3_600_000],
  ['0s', 0],
])('parseDuration(%s) = %d', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});

test.each(['', '10', '10 minutes', '1.5s', '2d', '-1s', '1m30s'])('parseDuration rejects %j', (text) => {
  expect(() => parseDuration(text)).toThrow('expected a duration like 90s, 2m or 1h');
});

test.each([
  [0, '0ms'],
  [500, '500ms'],
  [1500, '1.5s'],
  [42_000, '42s'],
  [120_000, '2m'],
  [90_000, '1m30s'],
  [3_900_000, '1h5m'],
  [3_600_000, '1h'],
  [59_990, '1m'],
])('formatDuration(%d) = %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
