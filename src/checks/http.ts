// `http` checks: one request (method, url, headers, body) and its expected status and body text.
// Readiness is the environment phase's job, so only a transient answer is retried: no response at all
// (refused, reset, timed out) or a 502/503/504, every `interval` for at most `retry-for` and never past
// the check's timeout. Any other complete answer is final: a mismatch fails at once. The summary says
// which it was and shows the last response.
import { expandCheck } from '../config/expand.js';
import { formatDuration, parseDuration } from '../config/duration.js';
import type { HttpCheck, HttpSpec } from '../config/schema.js';
import { errorMessage } from '../model/errors.js';
import { cell, fenced } from '../model/markdown.js';
import type { CheckContext, CheckOutcome } from './handler.js';

/** At most this much of a body is read (enough for `body-contains` on any sane health page). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** At most this many characters of the last body are shown. */
export const EXCERPT_CHARS = 500;

export type Attempt =
  | {
      kind: 'response';
      status: number;
      statusText: string;
      timingMs: number;
      body: string;
      /** Bytes read (capped at MAX_BODY_BYTES) and whether there was more. */
      bytes: number;
      truncated: boolean;
    }
  | { kind: 'error'; message: string; timingMs: number };

/** Statuses a gateway or a starting server answers for a while: retried within `retry-for`. */
export const TRANSIENT_STATUSES: readonly number[] = [502, 503, 504];

/** Whether an attempt that did not pass may pass if asked again: no response, or an unexpected 502/503/504. */
export function transient(spec: Pick<HttpSpec, 'status'>, attempt: Attempt): boolean {
  return (
    attempt.kind === 'error' ||
    (TRANSIENT_STATUSES.includes(attempt.status) && !statusMatches(spec.status, attempt.status))
  );
}

/** True when `actual` is the expected status or one of the expected statuses. */
export function statusMatches(expected: HttpSpec['status'], actual: number): boolean {
  return Array.isArray(expected) ? expected.includes(actual) : expected === actual;
}

/** `200`, `200 or 204`, `200, 201 or 204`. */
export function expectedStatusText(expected: HttpSpec['status']): string {
  const list = Array.isArray(expected) ? expected : [expected];
  return list.length === 1 ? String(list[0]) : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}

/** What is wrong with an attempt (empty when it passes). */
export function problemsOf(spec: Pick<HttpSpec, 'status' | 'body-contains'>, attempt: Attempt): string[] {
  if (attempt.kind === 'error') return [`no response: ${attempt.message}`];
  const problems: string[] = [];
  if (!statusMatches(spec.status, attempt.status))
    problems.push(
      `expected status ${expectedStatusText(spec.status)}, got ${statusLine(attempt.status, attempt.statusText)}`,
    );
  const needle = spec['body-contains'];
  if (needle !== undefined && !attempt.body.includes(needle))
    problems.push(
      `the response body does not contain ${JSON.stringify(needle)}${attempt.truncated ? ` (in its first ${MAX_BODY_BYTES} bytes)` : ''}`,
    );
  return problems;
}

export function statusLine(status: number, statusText: string): string {
  return statusText ? `${status} ${statusText}` : String(status);
}

/** The first `max` characters (code points) of text, and whether it was cut. */
export function excerpt(text: string, max = EXCERPT_CHARS): { text: string; cut: boolean } {
  const chars = Array.from(text);
  return chars.length <= max ? { text, cut: false } : { text: chars.slice(0, max).join(''), cut: true };
}

/** Markdown for the last attempt: request, status, timing and a bounded body excerpt. */
export function renderAttempt(
  method: string,
  url: string,
  spec: Pick<HttpSpec, 'status' | 'body-contains'>,
  attempt: Attempt,
  attempts: number,
): string {
  const rows: Array<[string, string]> = [['request', `\`${method} ${url}\``]];
  if (attempt.kind === 'error') {
    rows.push(['response', `none: ${attempt.message}`], ['time', `${Math.round(attempt.timingMs)} ms`]);
  } else {
    const statusOk = statusMatches(spec.status, attempt.status);
    rows.push([
      'status',
      `${statusLine(attempt.status, attempt.statusText)} ${statusOk ? '✓' : `✗ (expected ${expectedStatusText(spec.status)})`}`,
    ]);
    if (spec['body-contains'] !== undefined) {
      const found = attempt.body.includes(spec['body-contains']);
      rows.push(['body contains', `\`${JSON.stringify(spec['body-contains'])}\` ${found ? '✓' : '✗'}`]);
    }
    rows.push(['time', `${Math.round(attempt.timingMs)} ms`]);
    rows.push(['body', `${attempt.bytes}${attempt.truncated ? '+' : ''} bytes`]);
  }
  const table = ['| last response | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)];
  let out = `**Attempt ${attempts}** (the last one)\n\n${table.join('\n')}`;
  if (attempt.kind === 'response' && attempt.body.length > 0) {
    const shown = excerpt(attempt.body);
    out += `\n\n${shown.cut ? `First ${EXCERPT_CHARS} characters of the body:` : 'Body:'}\n\n${fenced(shown.text)}`;
  }
  return out;
}

async function readBody(response: Response): Promise<{ body: string; bytes: number; truncated: boolean }> {
  if (!response.body) return { body: '', bytes: 0, truncated: false };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let body = '';
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = MAX_BODY_BYTES - bytes;
    const chunk = value.byteLength > room ? value.subarray(0, room) : value;
    body += decoder.decode(chunk, { stream: true });
    bytes += chunk.byteLength;
    if (value.byteLength > room) {
      truncated = true;
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  return { body: body + decoder.decode(), bytes, truncated };
}

/** One request; never throws (a network error or timeout is an `error` attempt). */
export async function attempt(spec: HttpSpec, signal: AbortSignal): Promise<Attempt> {
  const started = performance.now();
  try {
    const redirectExpected = (Array.isArray(spec.status) ? spec.status : [spec.status]).some(
      (s) => s >= 300 && s < 400,
    );
    const response = await fetch(spec.url, {
      method: spec.method,
      headers: spec.headers,
      body: spec.body,
      signal,
      redirect: redirectExpected ? 'manual' : 'follow',
    });
    const { body, bytes, truncated } = await readBody(response);
    return {
      kind: 'response',
      status: response.status,
      statusText: response.statusText,
      timingMs: performance.now() - started,
      body,
      bytes,
      truncated,
    };
  } catch (error) {
    return { kind: 'error', message: fetchError(error, signal), timingMs: performance.now() - started };
  }
}

/** `fetch failed` says nothing: use the cause (ECONNREFUSED, ENOTFOUND, …) or the abort reason. */
function fetchError(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) {
    const reason = field(signal.reason, 'name');
    return reason === 'TimeoutError' ? 'timed out' : 'cancelled';
  }
  // Duck-typed: errors from fetch may come from another realm (test sandboxes), so no instanceof.
  const cause: unknown =
    typeof error === 'object' && error !== null ? Reflect.get(error, 'cause') : undefined;
  const message = field(cause, 'message');
  if (message) {
    const code = field(cause, 'code');
    return code && !message.includes(code) ? `${code}: ${message}` : message;
  }
  return field(error, 'message') ?? errorMessage(error);
}

function field(value: unknown, key: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v: unknown = Reflect.get(value, key);
  return typeof v === 'string' && v ? v : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runtime twin of the config rule: after expansion the URL must be absolute http(s). */
function invalidUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:'
      ? undefined
      : `${parsed.protocol} URLs are not supported`;
  } catch {
    return 'not an absolute URL';
  }
}

export async function httpCheck(check: HttpCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const spec = expandCheck(check, ctx.variables).http;
  const bad = invalidUrl(spec.url);
  if (bad) return { conclusion: 'failure', summary: `url ${JSON.stringify(spec.url)}: ${bad}` };

  const interval = parseDuration(spec.interval);
  const retryFor = parseDuration(spec['retry-for']);
  const started = Date.now();
  const deadline = started + check.timeoutMs;
  const retryUntil = Math.min(started + retryFor, deadline);
  const log: string[] = [];
  let attempts = 0;
  let last: Attempt;
  let problems: string[];
  for (;;) {
    attempts++;
    const remaining = Math.max(1, deadline - Date.now());
    last = await attempt(spec, AbortSignal.any([ctx.signal, AbortSignal.timeout(remaining)]));
    problems = problemsOf(spec, last);
    log.push(
      `attempt ${attempts}: ${last.kind === 'response' ? statusLine(last.status, last.statusText) : 'no response'} in ${Math.round(last.timingMs)} ms${problems.length ? ` — ${problems.join('; ')}` : ''}`,
    );
    if (problems.length === 0 || ctx.signal.aborted || !transient(spec, last)) break;
    if (Date.now() + interval >= retryUntil) break;
    await sleep(interval, ctx.signal);
    if (ctx.signal.aborted) break;
  }

  const details = renderAttempt(spec.method, spec.url, spec, last, attempts);
  const logTail = log.slice(-20).join('\n');
  const request = `${spec.method} ${spec.url}`;
  if (ctx.signal.aborted) return { conclusion: 'cancelled', summary: 'cancelled', details, logTail };
  if (problems.length === 0 && last.kind === 'response') {
    const tries = attempts === 1 ? '' : ` (attempt ${attempts})`;
    return {
      conclusion: 'success',
      summary: `${request} → ${statusLine(last.status, last.statusText)} in ${Math.round(last.timingMs)} ms${tries}`,
      details,
      logTail,
    };
  }
  const elapsed = formatDuration(Date.now() - started);
  let how: string;
  if (!transient(spec, last))
    // A complete answer the server would give again: asking again would only delay the verdict.
    how =
      attempts === 1
        ? `(${request}); a deterministic answer, not retried`
        : `(${request}; attempt ${attempts} after ${elapsed}); a deterministic answer, not retried further`;
  else {
    const limit = retryUntil === deadline ? "the check's timeout" : `retry-for ${spec['retry-for']}`;
    how =
      attempts === 1
        ? `(${request}; 1 attempt in ${elapsed}, ${limit})`
        : `(${request}; retried for ${elapsed}: ${attempts} attempts, ${limit})`;
  }
  return { conclusion: 'failure', summary: `${problems.join('; ')} ${how}`, details, logTail };
}
