// The Octokit the action uses: 5xx retried within bounds, client errors never retried.
import { createOctokit } from '../../src/github/octokit.js';
import { memoryLogger } from '../../src/model/log.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.js';

let server: GitHubServer;
beforeEach(async () => {
  server = await startGitHubServer({ owner: 'acme', repo: 'hello', token: 't' });
});
afterEach(() => server.close());

const create = (octokit: ReturnType<typeof createOctokit>, repo = 'hello') =>
  octokit.rest.checks.create({
    owner: 'acme',
    repo,
    name: 'immutable-qa',
    head_sha: 'a'.repeat(40),
    status: 'queued',
  });

test('a 404 is not retried', async () => {
  const octokit = createOctokit({ token: 't', baseUrl: server.url, logger: memoryLogger() });
  await expect(create(octokit, 'other')).rejects.toMatchObject({ status: 404 });
  expect(server.requests).toHaveLength(1);
});

test('a 502 burst is retried and the request succeeds', async () => {
  server.setMode({ kind: '5xx', count: 1 });
  const octokit = createOctokit({ token: 't', baseUrl: server.url, logger: memoryLogger() });
  await expect(create(octokit)).resolves.toMatchObject({ status: 201 });
  expect(server.requests.map((r) => r.status)).toEqual([502, 201]);
  expect(server.violations.filter((v) => !/other/.test(v))).toEqual([]);
});

test('retries are bounded: a server that keeps failing ends in an error after 1 + 2 attempts', async () => {
  server.setMode({ kind: '5xx', count: 10 });
  const octokit = createOctokit({ token: 't', baseUrl: server.url, logger: memoryLogger(), retries: 2 });
  await expect(create(octokit)).rejects.toMatchObject({ status: 502 });
  expect(server.requests).toHaveLength(3);
}, 20_000);
