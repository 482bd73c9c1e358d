// http checks: status matching, body rules, rendering, and the retry loop against a local server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  excerpt,
  expectedStatusText,
  httpCheck,
  problemsOf,
  renderAttempt,
  statusMatches,
  type Attempt,
} from '../../src/checks/http.js';
import type { CheckContext } from '../../src/checks/handler.js';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema, type Config, type HttpCheck } from '../../src/config/schema.js';
import { fenced } from '../../src/model/markdown.js';
import { memoryLogger } from '../../src/model/log.js';

const response = (status: number, body = '', statusText = ''): Attempt => ({
  kind: 'response',
  status,
  statusText,
  timingMs: 12.3,
  body,
  bytes: Buffer.byteLength(body),
  truncated: false,
});

describe('status and body', () => {
  test('statusMatches: one status or a list', () => {
    expect(statusMatches(200, 200)).toBe(true);
    expect(statusMatches(200, 204)).toBe(false);
    expect(statusMatches([200, 204], 204)).toBe(true);
    expect(statusMatches([301, 302], 200)).toBe(false);
  });

  test('expectedStatusText', () => {
    expect(expectedStatusText(200)).toBe('200');
    expect(expectedStatusText([200, 204])).toBe('200 or 204');
    expect(expectedStatusText([200, 201, 204])).toBe('200, 201 or 204');
  });

  test('problemsOf names what is wrong', () => {
    expect(problemsOf({ status: 200, 'body-contains': 'ok' }, response(200, 'all ok'))).toEqual([]);
    expect(problemsOf({ status: 200 }, response(404, 'x', 'Not Found'))).toEqual([
      'expected status 200, got 404 Not Found',
    ]);
    expect(problemsOf({ status: [200, 204], 'body-contains': 'ready' }, response(503, 'starting'))).toEqual([
      'expected status 200 or 204, got 503',
      'the response body does not contain "ready"',
    ]);
    expect(problemsOf({ status: 200 }, { kind: 'error', message: 'ECONNREFUSED', timingMs: 1 })).toEqual([
      'no response: ECONNREFUSED',
    ]);
  });
});

describe('rendering', () => {
  test('excerpt is bounded in characters, not bytes', () => {
    expect(excerpt('short')).toEqual({ text: 'short', cut: false });
    const long = 'é'.repeat(600);
    expect(excerpt(long)).toEqual({ text: 'é'.repeat(500), cut: true });
    expect(excerpt('😀😀😀', 2)).toEqual({ text: '😀😀', cut: true });
  });

  test('fenced blocks cannot be closed by the body', () => {
    expect(fenced('plain')).toBe('```text\nplain\n```');
    expect(fenced('a ``` b ```` c')).toBe('`````text\na ``` b ```` c\n`````');
  });

  test('the last response: status, timing, excerpt', () => {
    const body = `${'x'.repeat(499)}yz`;
    const md = renderAttempt(
      'GET',
      'http://h/p',
      { status: 200 },
      response(500, body, 'Internal Server Error'),
      3,
    );
    expect(md).toContain('**Attempt 3** (the last one)');
    expect(md).toContain('| request | `GET http://h/p` |');
    expect(md).toContain('| status | 500 Internal Server Error ✗ (expected 200) |');
    expect(md).toContain('| time | 12 ms |');
    expect(md).toContain('| body | 501 bytes |');
    expect(md).toContain('First 500 characters of the body:');
    expect(md).toContain(`\`\`\`text\n${'x'.repeat(499)}y\n\`\`\``);
    expect(md).not.toContain('yz');
  });

  test('no response', () => {
    const md = renderAttempt(
      'HEAD',
      'http://h/',
      { status: 200 },
      { kind: 'error', message: 'timed out', timingMs: 3000 },
      1,
    );
    expect(md).toContain('| response | none: timed out |');
    expect(md).not.toContain('```');
  });
});

describe('httpCheck against a local server', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      if (req.url === '/flaky' && hits < 3) {
        res.writeHead(503).end('warming up');
      } else if (req.url === '/echo') {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString()));
        req.on('end', () => res.writeHead(201).end(`${req.method} ${req.headers['x-token']} ${body}`));
      } else if (req.url === '/down') res.writeHead(503).end('maintenance');
      else if (req.url === '/gateway-then-404') res.writeHead(hits < 3 ? 502 : 404).end('no such page');
      else if (req.url === '/healthz') res.writeHead(200).end('status: degraded');
      else res.writeHead(req.url === '/flaky' ? 200 : 404).end(req.url === '/flaky' ? 'ready' : 'nope');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (hits = 0));

  function check(http: Record<string, unknown>, timeout = '10s'): HttpCheck {
    const spec = toCheck(checkSchema.parse({ name: 'c', http, timeout }));
    if (spec.kind !== 'http') throw new Error('not an http check');
    return { ...spec, timeoutMs: Number.parseInt(timeout, 10) * 1000 };
  }

  function ctx(signal = new AbortController().signal): CheckContext {
    return {
      config: {} as Config,
      root: '/',
      reportDir: '/tmp',
      variables: { IMMUTABLE_QA_ENDPOINT_WEB: base },
      environment: { project: 'p', digest: 'sha256:x', definitionSha256: '', services: [] },
      logger: memoryLogger(),
      signal,
    };
  }

  test('a 503 is retried until the expected response', async () => {
    const outcome = await httpCheck(
      check({ url: '${IMMUTABLE_QA_ENDPOINT_WEB}flaky', 'body-contains': 'ready', interval: '100ms' }),
      ctx(),
    );
    expect(outcome.conclusion).toBe('success');
    expect(outcome.summary).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/flaky → 200 OK in \d+ ms \(attempt 3\)$/,
    );
    expect(outcome.logTail?.split('\n')).toHaveLength(3);
    expect(hits).toBe(3);
  });

  test('method, headers and body are sent; expanded with the check env', async () => {
    const outcome = await httpCheck(
      check({
        url: '${IMMUTABLE_QA_ENDPOINT_WEB}echo',
        method: 'POST',
        headers: { 'X-Token': 't0k' },
        body: '{"a":1}',
        status: 201,
        'body-contains': 'POST t0k {"a":1}',
      }),
      ctx(),
    );
    expect(outcome.conclusion).toBe('success');
  });

  test('a wrong status fails on the first answer: one request, not retried', async () => {
    const started = Date.now();
    const outcome = await httpCheck(check({ url: `${base}missing`, interval: '200ms' }), ctx());
    expect(hits).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000); // the old loop asked again until the 10 s timeout
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toMatch(
      /^expected status 200, got 404 Not Found \(GET http:\/\/\S+\/missing\); a deterministic answer, not retried$/,
    );
    expect(outcome.details).toContain('```text\nnope\n```');
    expect(outcome.logTail?.split('\n')).toHaveLength(1);
  });

  test('a wrong body fails on the first answer: one request, not retried', async () => {
    const outcome = await httpCheck(
      check({ url: `${base}healthz`, 'body-contains': 'status: ok', interval: '100ms' }),
      ctx(),
    );
    expect(hits).toBe(1);
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toMatch(
      /^the response body does not contain "status: ok" \(GET \S+\/healthz\); a deterministic answer, not retried$/,
    );
  });

  test('a status the check expects is not transient even when it is a 503', async () => {
    const outcome = await httpCheck(
      check({ url: `${base}down`, status: 503, 'body-contains': 'ready', interval: '100ms' }),
      ctx(),
    );
    expect(hits).toBe(1);
    expect(outcome.summary).toMatch(/a deterministic answer, not retried$/);
  });

  test('a 502 is retried, the first complete answer after it decides', async () => {
    const outcome = await httpCheck(check({ url: `${base}gateway-then-404`, interval: '100ms' }), ctx());
    expect(hits).toBe(3);
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toMatch(
      /^expected status 200, got 404 Not Found \(GET \S+; attempt 3 after \d+ms\); a deterministic answer, not retried further$/,
    );
  });

  test('a 503 that stays is retried for retry-for, then fails with what the last attempt saw', async () => {
    const started = Date.now();
    const outcome = await httpCheck(
      check({ url: `${base}down`, interval: '200ms', 'retry-for': '1s' }, '20s'),
      ctx(),
    );
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(2500);
    expect(hits).toBeGreaterThan(2);
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toMatch(
      /^expected status 200, got 503 Service Unavailable \(GET \S+\/down; retried for [\d.]+m?s: \d+ attempts, retry-for 1s\)$/,
    );
  });

  test('retries never outlast the check timeout', async () => {
    const started = Date.now();
    const outcome = await httpCheck(
      check({ url: `${base}down`, interval: '200ms', 'retry-for': '1m' }, '1s'),
      ctx(),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome.summary).toMatch(/; retried for [\d.]+m?s: \d+ attempts, the check's timeout\)$/);
  });

  test('cancelled when the run is cancelled', async () => {
    const controller = new AbortController();
    const running = httpCheck(check({ url: `${base}missing`, interval: '100ms' }), ctx(controller.signal));
    controller.abort();
    expect((await running).conclusion).toBe('cancelled');
  });

  test('nothing listening: no response, retried for retry-for, named', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const started = Date.now();
    const outcome = await httpCheck(
      check({ url: `http://127.0.0.1:${port}/`, interval: '200ms', 'retry-for': '1s' }, '20s'),
      ctx(),
    );
    const took = Date.now() - started;
    // About retry-for (the old loop retried until the 20 s timeout).
    expect(took).toBeGreaterThanOrEqual(700);
    expect(took).toBeLessThan(2500);
    expect(outcome.conclusion).toBe('failure');
    expect(outcome.summary).toMatch(
      /^no response: .*ECONNREFUSED.* \(GET http:\/\/127\.0\.0\.1:\d+\/; retried for [\d.]+m?s: [3-9] attempts, retry-for 1s\)$/,
    );
  }, 30_000);
});
