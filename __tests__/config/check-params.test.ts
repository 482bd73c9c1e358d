// Parameters of http / load / drift checks are validated at load time: file:line:col, nothing started.
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { urlProblem } from '../../src/config/schema.js';
import { ConfigurationError } from '../../src/model/errors.js';

const FILE = '.github/immutable-qa.yml';
// Line 9 is the first line of the check under test (`  - name: c`), line 10 its kind.
const HEAD = `version: 1
image:
  repository: shop
environment:
  compose: compose.yml
  endpoints:
    web: { service: web, port: 8080 }
checks:
`;

let root: string;
beforeAll(() => {
  root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-params-')));
  writeFileSync(path.join(root, 'compose.yml'), 'services: {}\n');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function parse(checks: string) {
  return parseConfig(`${HEAD}${checks}`, path.join(root, FILE), root, { cwd: root });
}

function errorOf(checks: string): string {
  try {
    parse(checks);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('http and load parameters', () => {
  test.each([
    ['a relative URL', 'healthz'],
    ['a URL without scheme', 'localhost:8080/healthz'],
    ['another scheme', 'ftp://example.com/x'],
    ['a variable other than an endpoint first', '${IMMUTABLE_QA_IMAGE}/healthz'],
  ])('http.url: %s is a config error at the value', (_name, url) => {
    const message = errorOf(`  - name: c\n    http: { url: "${url}" }\n`);
    expect(message).toMatch(
      new RegExp(`^${FILE}:10:18: checks\\[0\\]\\.http\\.url: expected an absolute http\\(s\\) URL`),
    );
  });

  test('a URL that starts with a check env key is checked with its value', () => {
    const ok =
      '  - name: a\n    http: { url: "${BASE}healthz" }\n    env: { BASE: "${IMMUTABLE_QA_ENDPOINT_WEB}" }\n';
    expect(parse(ok).checks[0]!.http!.url).toBe('${BASE}healthz');
    expect(errorOf('  - name: a\n    http: { url: "${BASE}/x" }\n    env: { BASE: "web" }\n')).toMatch(
      new RegExp(
        `^${FILE}:10:18: checks\\[0\\]\\.http\\.url: with BASE = "web": expected an absolute http\\(s\\) URL`,
      ),
    );
  });

  test('load.url is checked the same way', () => {
    expect(errorOf(`  - name: c\n    load:\n      url: "127.0.0.1/x"\n`)).toMatch(
      new RegExp(`^${FILE}:11:12: checks\\[0\\]\\.load\\.url: expected an absolute http\\(s\\) URL`),
    );
  });

  test('absolute http(s) URLs and endpoint variables are accepted, with ${NAME}s inside', () => {
    const config = parse(
      [
        '  - name: a\n    http: { url: "${IMMUTABLE_QA_ENDPOINT_WEB}healthz" }\n',
        '  - name: b\n    http: { url: "https://example.com/x?y=1" }\n',
        '  - name: c\n    http: { url: "http://${HOST}:8080/" }\n    env: { HOST: "${IMMUTABLE_QA_PROJECT}" }\n',
        '  - name: d\n    load: { url: "${IMMUTABLE_QA_ENDPOINT_WEB}", duration: 2s }\n',
      ].join(''),
    );
    expect(config.checks.map((c) => c.kind)).toEqual(['http', 'http', 'http', 'load']);
  });

  test('negative or zero durations', () => {
    expect(errorOf(`  - name: c\n    load: { url: "http://x/", duration: -5s }\n`)).toBe(
      `${FILE}:10:41: checks[0].load.duration: expected a duration like 90s, 2m or 1h (got "-5s")`,
    );
    expect(errorOf(`  - name: c\n    load: { url: "http://x/", duration: 500ms }\n`)).toBe(
      `${FILE}:10:41: checks[0].load.duration: expected a load duration of at least 1s, like 15s`,
    );
    expect(errorOf(`  - name: c\n    http: { url: "http://x/", interval: 0s }\n`)).toBe(
      `${FILE}:10:41: checks[0].http.interval: expected an interval of at least 100ms, like 1s`,
    );
    expect(errorOf(`  - name: c\n    run: "true"\n    timeout: 0s\n`)).toBe(
      `${FILE}:11:14: checks[0].timeout: expected a timeout longer than 0, like 90s or 10m`,
    );
  });

  test('a load test longer than its check timeout', () => {
    expect(errorOf(`  - name: c\n    load: { url: "http://x/", duration: 2m }\n    timeout: 1m\n`)).toBe(
      `${FILE}:10:41: checks[0].load.duration: the load test (2m) must be shorter than the check's timeout (1m): raise timeout or shorten duration`,
    );
  });

  test.each([
    ['max-error-rate: 1.5', 'checks[0].load.max-error-rate: expected a number <= 1 (got 1.5)'],
    ['max-error-rate: -0.1', 'checks[0].load.max-error-rate: expected a number >= 0 (got -0.1)'],
    ['max-p95-ms: 0', 'checks[0].load.max-p95-ms: expected a number > 0 (got 0)'],
    ['max-p99-ms: -1', 'checks[0].load.max-p99-ms: expected a number > 0 (got -1)'],
    ['min-rps: 0', 'checks[0].load.min-rps: expected a number > 0 (got 0)'],
    ['rate: -10', 'checks[0].load.rate: expected a number > 0 (got -10)'],
    ['connections: 0', 'checks[0].load.connections: expected a number >= 1 (got 0)'],
    ['max-regression: 11', 'checks[0].load.max-regression: expected a number <= 10 (got 11)'],
  ])('threshold out of range: %s', (setting, message) => {
    const text = errorOf(`  - name: c\n    load:\n      url: "http://x/"\n      ${setting}\n`);
    expect(text).toBe(`${FILE}:12:${7 + setting.indexOf(':') + 2}: ${message}`);
  });

  test('http status out of range, and a body on GET', () => {
    expect(errorOf(`  - name: c\n    http: { url: "http://x/", status: [200, 700] }\n`)).toBe(
      `${FILE}:10:45: checks[0].http.status[1]: expected a number <= 599 (got 700)`,
    );
    expect(errorOf(`  - name: c\n    http: { url: "http://x/", body: "{}" }\n`)).toBe(
      `${FILE}:10:37: checks[0].http.body: a GET request cannot have a body: set method to POST, PUT or PATCH, or remove body`,
    );
    expect(
      parse(`  - name: c\n    http: { url: "http://x/", method: POST, body: "{}", status: [200, 201] }\n`)
        .checks[0]!.http,
    ).toMatchObject({
      method: 'POST',
      body: '{}',
      status: [200, 201],
    });
  });

  test('load has no HEAD (autocannon would wait for a body that never comes)', () => {
    expect(errorOf(`  - name: c\n    load: { url: "http://x/", method: HEAD }\n`)).toBe(
      `${FILE}:10:39: checks[0].load.method: expected "GET" or "POST" or "PUT" or "PATCH" or "DELETE" (got "HEAD")`,
    );
  });

  test('baseline is accepted (the comparison itself is not implemented yet)', () => {
    const load = parse(`  - name: c\n    load: { url: "http://x/", baseline: last-promoted }\n`).checks[0]!
      .load;
    expect(load).toMatchObject({ baseline: 'last-promoted', 'max-regression': 0.2, duration: '10s' });
  });

  test('drift takes no parameters', () => {
    expect(errorOf(`  - name: c\n    drift: { strict: true }\n`)).toMatch(
      new RegExp(`^${FILE}:10:14: checks\\[0\\]\\.drift\\.strict: unknown key "strict"`),
    );
  });
});

test('urlProblem', () => {
  expect(urlProblem('${IMMUTABLE_QA_ENDPOINT_WEB}')).toBeUndefined();
  expect(urlProblem('${IMMUTABLE_QA_ENDPOINT_WEB} x')).toBe('a URL cannot contain spaces or line breaks');
  expect(urlProblem('http://127.0.0.1:8080/')).toBeUndefined();
  expect(urlProblem('https://${HOST}/x')).toBeUndefined();
  expect(urlProblem('file:///etc/passwd')).toMatch(/file: is not supported/);
  expect(urlProblem('/healthz')).toMatch(/^expected an absolute http\(s\) URL/);
});
