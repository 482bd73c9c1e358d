// Issue 11, item 10: a revoked or invalid token (401 Bad credentials) is said to be that, once,
// not "the token is read-only" (which sends the user after workflow permissions that are fine).
import { createOctokit } from '../../src/github/octokit.js';
import { Permissions } from '../../src/github/target.js';
import { memoryLogger } from '../../src/model/log.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

let server: GitHubServer;
beforeEach(async () => {
  server = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 'the-valid-token' });
});
afterEach(() => server.close());

test('401 Bad credentials: one warning that the token is invalid or revoked, and no further writes', async () => {
  const logger = memoryLogger();
  const octokit = createOctokit({ token: 'a-revoked-token', baseUrl: server.url, logger });
  const permissions = new Permissions(logger);
  const create = () =>
    octokit.rest.checks.create({
      owner: 'acme',
      repo: 'hello',
      name: 'immutable-qa',
      head_sha: 'a'.repeat(40),
      status: 'queued',
    });
  expect(await permissions.write('checks: write', 'create check runs', create)).toBeUndefined();
  expect(
    await permissions.write('pull-requests: write', 'comment on the pull request', create),
  ).toBeUndefined();
  const warnings = logger.lines.filter((l) => l.startsWith('warning: '));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/GitHub rejected the token \(401 Bad credentials/);
  expect(warnings[0]).toMatch(/invalid, expired or revoked, not read-only/);
  expect(warnings[0]).not.toMatch(/the token is read-only/);
  expect(server.requests.filter((r) => r.status === 401)).toHaveLength(1);
  expect(permissions.canWrite('checks: write')).toBe(false);
});
