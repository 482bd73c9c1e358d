// Issue 12, item 8: check ordering. `needs` runs a check after the ones it names (skipped when one
// of them did not succeed); load checks run by default after every other check, and alone, so
// the integration suite does not inflate their latencies. Real run checks and a real load check
// against a local server.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema, type Check } from '../../src/config/schema.js';
import { dependencies, runChecks } from '../../src/checks/runner.js';
import { checkContext } from '../support/check-context.js';
import { localServer, type LocalServer } from '../support/local-server.js';

let root: string;
let server: LocalServer;
let url: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'iqa-order-'));
  server = await localServer();
  url = server.url;
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

const check = (spec: Record<string, unknown>): Check => toCheck(checkSchema.parse(spec));
const order = (): string[] => readFileSync(join(root, 'order'), 'utf8').split('\n').filter(Boolean);

test('a check runs after what it needs; without needs the quick one would end first', async () => {
  rmSync(join(root, 'order'), { force: true });
  const results = await runChecks(
    [
      check({ name: 'migrate', run: 'sleep 0.4; echo migrate >> order' }),
      check({ name: 'suite', run: 'echo suite >> order', needs: ['migrate'] }),
      check({ name: 'lint', run: 'echo lint >> order' }),
    ],
    checkContext(root),
  );
  expect(results.map((r) => r.conclusion)).toEqual(['success', 'success', 'success']);
  expect(order()).toEqual(['lint', 'migrate', 'suite']);
});

test('a check whose need failed is skipped, saying which; a required skipped check is no success', async () => {
  const results = await runChecks(
    [
      check({ name: 'migrate', run: 'exit 1', required: false }),
      check({ name: 'suite', run: 'echo never >> never', needs: ['migrate'] }),
    ],
    checkContext(root),
  );
  expect(results[1]).toMatchObject({
    conclusion: 'skipped',
    summary: 'skipped: it needs migrate (failure)',
    required: true,
  });
});

test('load checks run after the others by default, and alone', async () => {
  const results = await runChecks(
    [
      check({ name: 'load', load: { url, duration: '1s', connections: 2 } }),
      check({ name: 'slow', run: 'sleep 0.5' }),
      check({ name: 'fast', run: 'true' }),
      check({ name: 'load-2', load: { url, duration: '1s', connections: 2 } }),
    ],
    checkContext(root),
  );
  expect(results.map((r) => [r.name, r.conclusion])).toEqual([
    ['load', 'success'],
    ['slow', 'success'],
    ['fast', 'success'],
    ['load-2', 'success'],
  ]);
  const at = Object.fromEntries(
    results.map((r) => [r.name, { start: Date.parse(r.startedAt), end: Date.parse(r.completedAt) }]),
  );
  // Both load checks start after the other checks ended, and never overlap each other.
  for (const load of ['load', 'load-2'])
    expect(at[load]!.start).toBeGreaterThanOrEqual(Math.max(at.slow!.end, at.fast!.end));
  expect(at['load-2']!.start >= at.load!.end || at.load!.start >= at['load-2']!.end).toBe(true);
});

test('explicit needs replace the default of a load check; needs outside the run do not hold it up', () => {
  const deps = dependencies([
    check({ name: 'suite', run: 'true', needs: ['not-in-this-run'] }),
    check({ name: 'load', load: { url, duration: '1s' }, needs: [] }),
    check({ name: 'load-after', load: { url, duration: '1s' } }),
  ]);
  expect(Object.fromEntries(deps)).toEqual({ suite: [], load: [], 'load-after': ['suite'] });
});
