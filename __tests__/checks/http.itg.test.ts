// http checks through the bundled CLI against the example app on the real engine.
import { configFor } from '../support/fixtures.js';
import { cleanUp, cleanup, qa, repo } from './itg-support.js';

const c = cleanup();
afterEach(() => cleanUp(c));

test('passing and failing http checks: status, body text, the last response in the summary', async () => {
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
    timeout: 3s
  - name: missing-text
    http: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz", body-contains: "all systems go", interval: 500ms }
    timeout: 3s
`;
  const r = repo(c, configFor('hello-http-check', checks));
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

  // Failing checks retry until their timeout, then report the last response.
  expect(byName['wrong-status']!.conclusion).toBe('failure');
  expect(byName['wrong-status']!.summary).toMatch(
    new RegExp(
      `^expected status 200, got 404 Not Found \\(GET ${web}missing; [2-9] attempts over [23](\\.\\d)?s\\)$`,
    ),
  );
  expect(byName['missing-text']!.conclusion).toBe('failure');
  expect(byName['missing-text']!.summary).toMatch(
    /^the response body does not contain "all systems go" \(GET \S+\/healthz; [2-9] attempts over /,
  );
});
