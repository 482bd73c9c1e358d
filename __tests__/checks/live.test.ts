// Issue 12, item 10: running checks' output in the terminal as it comes, each line prefixed with
// its check's name (like `docker compose up`), and a heartbeat when everything has been quiet.
import { liveOutput } from '../../src/checks/live.js';

function sink(quietMs = 60_000): { lines: string[]; live: ReturnType<typeof liveOutput> } {
  const lines: string[] = [];
  return { lines, live: liveOutput(['unit', 'integration'], { write: (l) => lines.push(l), quietMs }) };
}

test('whole lines, prefixed with the name padded to the longest, split chunks joined', () => {
  const { lines, live } = sink();
  const unit = live.start('unit');
  const suite = live.start('integration');
  unit.output('PASS a.test');
  expect(lines).toEqual([]); // not a line yet
  suite.output('FAIL b.test\n  ✕ adds');
  unit.output('.js\n');
  // "é" split between two chunks.
  const e = Buffer.from('café\n');
  suite.output(Buffer.concat([Buffer.from(' an item '), e.subarray(0, 4)]));
  suite.output(e.subarray(4));
  suite.end();
  unit.output('no newline at the end');
  unit.end();
  live.close();
  expect(lines).toEqual([
    'integration | FAIL b.test',
    'unit        | PASS a.test.js',
    'integration |   ✕ adds an item café',
    'unit        | no newline at the end',
  ]);
});

test('escapes, progress redraws and over-long lines are tamed', () => {
  const { lines, live } = sink();
  const unit = live.start('unit');
  unit.output('\u001b]0;owned\u0007\u001b[32mgreen\u001b[0m\n10%\r50%\r100%\n');
  unit.output(`${'x'.repeat(5000)}\n`);
  unit.end();
  live.close();
  expect(lines.slice(0, 2)).toEqual(['unit        | green', 'unit        | 100%']);
  expect(lines[2]).toBe(`unit        | ${'x'.repeat(2000)}…`);
});

test('a heartbeat names what still runs once all were quiet, and none when nothing runs', async () => {
  const { lines, live } = sink(40);
  const suite = live.start('integration');
  await new Promise((r) => setTimeout(r, 200));
  expect(lines.some((l) => /^… still running: integration \(\d+ s\)$/.test(l))).toBe(true);
  suite.end();
  const before = lines.length;
  await new Promise((r) => setTimeout(r, 200));
  live.close();
  expect(lines.length).toBe(before);
});
