// load checks through the bundled CLI: the same thresholds pass on the example's static page and
// fail on its deliberately slow CGI endpoint (www/cgi-bin/slow sleeps 300 ms per request).
import { configFor } from '../support/fixtures.js';
import { cleanUp, cleanup, qa, repo } from './itg-support.js';

const c = cleanup();
afterEach(() => cleanUp(c));

const thresholds = 'max-p95-ms: 100, max-error-rate: 0.01';

test('thresholds pass on the fast endpoint and max-p95-ms fails on the slow one', async () => {
  const checks = `  - name: fast
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}", duration: 3s, connections: 4, ${thresholds}, min-rps: 20 }
    timeout: 1m
  - name: slow
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}cgi-bin/slow", duration: 3s, connections: 4, ${thresholds} }
    timeout: 1m
  - name: with-baseline
    load: { url: "\${IMMUTABLE_QA_ENDPOINT_WEB}healthz", duration: 2s, connections: 2, baseline: last-promoted }
    timeout: 1m
`;
  const r = repo(c, configFor('hello-load-check', checks));
  const { code, checks: byName, record } = await qa(c, r);
  if (record.image.digest) c.images.push(record.image.digest); // local mode: the image ID
  expect(code).toBe(1);

  expect(byName.fast!.conclusion).toBe('success');
  expect(byName.fast!.summary).toMatch(
    /^p95 [\d.]+ ms, p99 [\d.]+ ms, [\d.]+ req\/s, 0\.00% errors; all 3 thresholds passed$/,
  );

  expect(byName.slow!.conclusion).toBe('failure');
  expect(byName.slow!.summary).toMatch(/^max-p95-ms breached: p95 [\d.]+ ms > 100\.0 ms \(p95 /);
  expect(byName.slow!.summary).not.toContain('max-error-rate breached');
  const p95 = Number(/p95 ([\d.]+) ms/.exec(byName.slow!.summary)![1]);
  expect(p95).toBeGreaterThanOrEqual(300); // the endpoint sleeps 300 ms: no faster response exists

  // No promoted digest exists yet: a neutral note, not a failure.
  expect(byName['with-baseline']!.conclusion).toBe('success');
  expect(byName['with-baseline']!.summary).toMatch(
    /; no promoted baseline yet \(hello-load-check:main does not exist\)$/,
  );
});
