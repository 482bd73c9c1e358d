// http checks through the bundled CLI against the example app on the real engine.
import { createServer, type AddressInfo } from 'node:net';
import { configFor } from '../support/fixtures.js';
import { cleanUp, cleanup, qa, repo } from './itg-support.js';

const c = cleanup();

/** A port nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
afterEach(() => cleanUp(c));

test('passing and failing http checks: status, body text, the last response in the summary', async () => {
  const closedPort = await freePort();
  const checks = `  - name: healthz
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz", status: 200, body-contains: ok }
    timeout: 20s
  - name: page-via-env
    http: { url: "\${HOME_URL}index.html", body-contains: hello from immutable-qa }
    env: { HOME_URL: "\${IMMUTABLE_QA_ENDPOINT_WEB}" }
    timeout: 20s
  - name: gone-is-fine
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}missing", status: [404, 410] }
    timeout: 20s
  - name: wrong-status
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}missing", interval: 500ms }
    timeout: 10m
  - name: missing-text
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz", body-contains: "all systems go", interval: 500ms }
    timeout: 10m
  - name: nothing-listens
    http: { url: "http://127.0.0.1:${closedPort}/", interval: 200ms, retry-for: 1s }
    timeout: 10m
`;
  const r = repo(c, configFor('hello-http-check', checks));
  const started = Date.now();
  const { code, record, checks: byName } = await qa(c, r);
  expect(code).toBe(1);
  expect(record.verdict).toBe('failed');
  const web = record.environment.endpoints.web!;

  expect(byName.healthz).toEqual({
    conclusion: 'success',
    summary: expect.stringMatching(new RegExp(`^GET ${web}healthz → 200 OK in \\d+ ms`)) as string,
  });
  expect(byName['page-via-env']!.conclusion).toBe('success');
  expect(byName['gone-is-fine']).toEqual({
    conclusion: 'success',
    summary: expect.stringMatching(/→ 404 Not Found in \d+ ms/) as string,
  });

  // A deterministic answer fails at once, whatever the timeout (10 minutes here): one attempt.
  expect(byName['wrong-status']!.conclusion).toBe('failure');
  expect(byName['wrong-status']!.summary).toBe(
    `expected status 200, got 404 Not Found (GET ${web}missing); a deterministic answer, not retried`,
  );
  expect(byName['missing-text']!.conclusion).toBe('failure');
  expect(byName['missing-text']!.summary).toBe(
    `the response body does not contain "all systems go" (GET ${web}healthz); a deterministic answer, not retried`,
  );
  // No response is retried, for retry-for only.
  expect(byName['nothing-listens']!.conclusion).toBe('failure');
  expect(byName['nothing-listens']!.summary).toMatch(
    /^no response: .*ECONNREFUSED.* \(GET http:\/\/127\.0\.0\.1:\d+\/; retried for [\d.]+m?s: \d+ attempts, retry-for 1s\)$/,
  );
  // The whole run took nowhere near a check timeout (the old loop retried each failure for 10 minutes).
  expect(Date.now() - started).toBeLessThan(120_000);
});
