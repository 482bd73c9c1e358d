// Compose project names (DESIGN.md step 3): repository-scoped, valid compose/DNS names, stable.
// Issue 12, item 3: two repositories named `api` (a shared self-hosted runner) shared environments.
import { createHash } from 'node:crypto';
import { projectName } from '../../src/environment/project.js';

const SHA = 'ABCDEF0123456789abcdef0123456789abcdef01';
const hash6 = (identity: string): string => createHash('sha256').update(identity).digest('hex').slice(0, 6);

test('iqa-<repo>-<hash6>-pr<n>, else -<sha7>, the hash of the whole repository identity', () => {
  expect(projectName('acme/api', 77, SHA)).toBe(`iqa-api-${hash6('acme/api')}-pr77`);
  expect(projectName('acme/api', undefined, SHA)).toBe(`iqa-api-${hash6('acme/api')}-abcdef0`);
  expect(projectName('/home/runner/work/api/api', 1, SHA)).toBe(
    `iqa-api-${hash6('/home/runner/work/api/api')}-pr1`,
  );
});

test('two repositories with the same name never share a project; the same one always does', () => {
  expect(projectName('acme/api', 77, SHA)).not.toBe(projectName('other/api', 77, SHA));
  expect(projectName('acme/api', 77, SHA)).toBe(projectName('acme/api', 77, 'f'.repeat(40)));
});

test('at most 63 characters of [a-z0-9-], whatever the name', () => {
  for (const repo of ['Acme/My_Service.API', `acme/${'x'.repeat(200)}`, 'acme/---', '/', 'acme/Ünïcode']) {
    const name = projectName(repo, 123456789, SHA);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^iqa-[a-z0-9]([a-z0-9-]*[a-z0-9])?-[0-9a-f]{6}-pr123456789$/);
  }
  expect(projectName('acme/---', 1, SHA)).toBe(`iqa-repo-${hash6('acme/---')}-pr1`);
});
