// checks[].needs in the config (issue 12, item 8): names of other checks and no cycle, each mistake
// at file:line:col (src/config/rules.ts needsRules).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';

const FILE = '.github/immutable-qa.yml';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function load(checks: string) {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-needs-')));
  dirs.push(dir);
  mkdirSync(path.join(dir, '.github'));
  writeFileSync(path.join(dir, 'compose.yml'), 'services: {}\n');
  writeFileSync(
    path.join(dir, FILE),
    `version: 1\nimage:\n  repository: shop\nenvironment:\n  compose: compose.yml\nchecks:\n${checks}`,
  );
  return loadConfig(FILE, { cwd: dir });
}

test('needs are kept on the loaded checks', async () => {
  const config = await load(
    '  - name: migrate\n    run: "true"\n  - name: suite\n    run: "true"\n    needs: [migrate]\n',
  );
  expect(config.checks.map((c) => [c.name, c.needs])).toEqual([
    ['migrate', undefined],
    ['suite', ['migrate']],
  ]);
});

test.each<[string, string, string]>([
  [
    'an unknown name',
    '  - name: suite\n    run: "true"\n    needs: [migrat]\n',
    `${FILE}:9:13: checks[0].needs[0]: no check is named "migrat" (checks: suite)`,
  ],
  [
    'itself',
    '  - name: suite\n    run: "true"\n    needs: [suite]\n',
    `${FILE}:9:13: checks[0].needs[0]: check "suite" cannot need itself`,
  ],
  [
    'a cycle',
    '  - name: a\n    run: "true"\n    needs: [b]\n  - name: b\n    run: "true"\n    needs: [a]\n',
    `${FILE}:9:12: checks[0].needs: a cycle, a → b → a: none of these checks could ever start`,
  ],
])('needing %s is a config error', async (_name, checks, message) => {
  await expect(load(checks)).rejects.toThrow(message);
});
