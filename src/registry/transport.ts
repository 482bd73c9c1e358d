// The HTTP side of a registry: one logical request = authentication (one challenge round), bounded
// retries (5xx, 429, connection errors, Retry-After), same-method redirects that never carry
// credentials to another origin, a timeout per attempt, and the mapping of failures to RegistryError.
import { cancelledBy } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { RegistryAuth, authHint, errorSummary } from './auth.js';
import type { Credential, CredentialOptions, TransportRequest } from './auth.js';
import { RegistryError } from './errors.js';
import type { RegistryErrorKind } from './errors.js';

export interface RequestInfo {
  /** 1 for the first try, 2… for retries. */
  attempt: number;
  durationMs: number;
  /** Bytes of the request body. */
  requestBytes: number;
}

/** Called after every HTTP exchange (status 0: no response, e.g. connection refused). */
export type RequestHook = (method: string, url: string, status: number, info: RequestInfo) => void;

export interface RetryOptions {
  /** Total attempts per request, first included. Default 4. */
  attempts?: number;
  /** First backoff; doubles on each retry. Default 200 ms. */
  baseDelayMs?: number;
  /** Upper bound for any single wait, Retry-After included. Default 30 s. */
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

export interface TransportOptions {
  /** host[:port], e.g. `ghcr.io` or `127.0.0.1:5000`. */
  registry: string;
  /** Where credentials come from (default: the Docker config), or a resolver. */
  credentials?: CredentialOptions | (() => Promise<Credential | undefined>);
  /** Plain http (default only for localhost / 127.x / [::1] / *.local hosts with a port). */
  insecure?: boolean;
  fetch?: typeof fetch;
  logger?: Pick<Logger, 'debug'>;
  onRequest?: RequestHook;
  retry?: RetryOptions;
  /** Per attempt. Default 60 s. */
  timeoutMs?: number;
  userAgent?: string;
  /**
   * The run's cancellation: once it fires, the request in flight is aborted, no retry or backoff
   * starts, and every call throws CancelledError (model/errors.ts).
   */
  signal?: AbortSignal;
}

/** `http://` for loopback / `*.local` hosts with a port (or `insecure`), else `https://`. */
export function registryBaseUrl(registry: string, insecure = false): string {
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(registry);
  const hostname = (match?.[1] ?? registry).toLowerCase();
  const port = match?.[2];
  const local =
    hostname === 'localhost' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
    hostname === '[::1]' ||
    hostname.endsWith('.local');
  const scheme = insecure || (local && port !== undefined) ? 'http' : 'https';
  // Docker Hub's API lives on registry-1.docker.io.
  const apiHost =
    hostname === 'docker.io' || hostname === 'index.docker.io' ? 'registry-1.docker.io' : registry;
  return `${scheme}://${apiHost}`;
}

export const pullScope = (repo: string): string => `repository:${repo}:pull`;
export const pushScope = (repo: string): string => `repository:${repo}:pull,push`;
export const deleteScope = (repo: string): string => `repository:${repo}:delete`;

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

export interface Call {
  method: Method;
  /** Path under the base URL (`/v2/…`) or an absolute URL (upload locations, pagination links). */
  url: string;
  repo?: string;
  scope?: string;
  headers?: Record<string, string>;
  body?: Buffer;
  /** Statuses returned to the caller; anything else becomes a RegistryError. */
  ok: number[];
  /** For messages: "getting manifest acme/shop:1.0". */
  what: string;
  /** Message for a 404 (when 404 is not in `ok`). */
  notFound?: string;
  /** Whether this call needs write access (for hints). */
  write?: boolean;
}

const RETRYABLE = (status: number): boolean => status >= 500 || status === 429;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class RegistryTransport {
  readonly registry: string;
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly auth: RegistryAuth;
  private readonly fetchImpl: typeof fetch;
  private readonly attempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  constructor(private readonly options: TransportOptions) {
    this.registry = options.registry;
    this.baseUrl = registryBaseUrl(options.registry, options.insecure);
    this.origin = new URL(this.baseUrl).origin;
    this.fetchImpl = options.fetch ?? fetch;
    this.attempts = Math.max(1, options.retry?.attempts ?? 4);
    this.baseDelayMs = options.retry?.baseDelayMs ?? 200;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
    this.sleep = options.retry?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.userAgent = options.userAgent ?? 'immutable-qa';
    this.auth = new RegistryAuth({
      registry: options.registry,
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
      transport: (request) => this.send(request),
      ...(options.logger ? { logger: options.logger } : {}),
      userAgent: this.userAgent,
    });
  }

  /** A RegistryError about this registry, credentials scrubbed from the message. */
  error(
    kind: RegistryErrorKind,
    message: string,
    repository?: string,
    status?: number,
    code?: string,
  ): RegistryError {
    return new RegistryError(this.auth.scrub(`registry ${this.registry}: ${message}`), {
      kind,
      registry: this.registry,
      ...(repository !== undefined ? { repository } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(code !== undefined ? { code } : {}),
    });
  }

  /** The response body as JSON, or a protocol error naming what it was. */
  async json(res: Response, what: string, repo: string): Promise<unknown> {
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw this.error('protocol', `${what} is not valid JSON`, repo);
    }
  }

  /** Debug output (credentials scrubbed). */
  debug(message: string): void {
    this.options.logger?.debug(message);
  }

  /** One logical request: authentication (one challenge round) and error mapping. */
  async call(call: Call): Promise<Response> {
    const url = /^https?:\/\//.test(call.url) ? call.url : `${this.baseUrl}${call.url}`;
    const sameOrigin = new URL(url).origin === this.origin;
    let challenged = false;
    let insufficientScope = false;
    for (;;) {
      const headers: Record<string, string> = { ...call.headers };
      const sent = sameOrigin ? await this.auth.authorization(call.scope) : undefined;
      if (sent) headers.Authorization = sent;
      const request: TransportRequest = { method: call.method, url, headers };
      if (call.body) request.body = call.body;
      const res = await this.send(request);
      if (res.status === 401 && sameOrigin && !challenged) {
        challenged = true;
        const outcome = await this.auth.challenge(res.headers.get('www-authenticate'), call.scope, sent);
        insufficientScope = outcome.insufficientScope;
        if (outcome.retry) {
          await drain(res);
          continue;
        }
      }
      if (call.ok.includes(res.status)) return res;
      throw await this.failure(res, call, insufficientScope);
    }
  }

  private async failure(res: Response, call: Call, insufficientScope: boolean): Promise<RegistryError> {
    const text = call.method === 'HEAD' ? '' : await res.text().catch(() => '');
    const { summary, code } = errorSummary(text);
    const status = res.status;
    const repo = call.repo;
    const where = repo ? `${this.registry}/${repo}` : this.registry;
    const write = call.write === true;
    if (status === 401 && insufficientScope) {
      return this.error(
        'forbidden',
        `${call.what}: access to ${where} denied (401${summary}): ${authHint('forbidden', this.registry, this.auth.source, write)}`,
        repo,
        status,
        code,
      );
    }
    if (status === 401 || status === 403) {
      const kind = status === 401 ? 'unauthorized' : 'forbidden';
      return this.error(
        kind,
        `${call.what}: ${status === 401 ? 'authentication' : 'access'} to ${where} refused (${status}${summary}): ${authHint(kind, this.registry, this.auth.source, write)}`,
        repo,
        status,
        code,
      );
    }
    if (status === 404) {
      const message =
        code === 'NAME_UNKNOWN'
          ? `repository ${where} not found (404${summary}): check the image repository name${this.auth.source ? ' and that the credentials can see it' : ', or log in if it is private'}`
          : call.notFound
            ? `${call.notFound} (404${summary})`
            : `${call.what}: not found (404${summary})`;
      return this.error('not-found', message, repo, status, code);
    }
    if (status === 405 && call.method === 'DELETE') {
      return this.error(
        'protocol',
        `${call.what}: the registry does not allow deletes (405${summary})`,
        repo,
        status,
        code,
      );
    }
    return this.error('protocol', `${call.what}: unexpected ${status}${summary}`, repo, status, code);
  }

  /** One HTTP exchange with retries (5xx, 429, connection errors) and same-method redirects. */
  private async send(request: TransportRequest): Promise<Response> {
    let current = request;
    let redirects = 0;
    const cancel = this.options.signal;
    for (let attempt = 1; ; attempt++) {
      const cancelled = cancelledBy(cancel);
      if (cancelled) throw cancelled;
      const started = Date.now();
      const requestBytes = current.body?.length ?? 0;
      let res: Response;
      try {
        const init: RequestInit = {
          method: current.method,
          headers: { 'User-Agent': this.userAgent, ...current.headers },
          redirect: 'manual',
          signal: cancel
            ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), cancel])
            : AbortSignal.timeout(this.timeoutMs),
        };
        if (current.body) init.body = new Uint8Array(current.body);
        res = await this.fetchImpl(current.url, init);
      } catch (error) {
        const durationMs = Date.now() - started;
        this.options.onRequest?.(current.method, current.url, 0, { attempt, durationMs, requestBytes });
        const stopped = cancelledBy(cancel);
        if (stopped) throw stopped;
        const reason = describeFetchError(error);
        this.log(
          `${current.method} ${stripQuery(current.url)} failed: ${reason} (attempt ${attempt}/${this.attempts})`,
        );
        if (attempt >= this.attempts) {
          throw this.error(
            'unavailable',
            `unreachable: ${current.method} ${stripQuery(current.url)} failed ${this.attempts} times: ${reason}. Check that the registry is up and reachable from this machine`,
            undefined,
            0,
          );
        }
        await this.wait(this.backoff(attempt));
        continue;
      }
      const durationMs = Date.now() - started;
      this.options.onRequest?.(current.method, current.url, res.status, {
        attempt,
        durationMs,
        requestBytes,
      });
      this.log(`${current.method} ${stripQuery(current.url)} -> ${res.status} (${durationMs} ms)`);
      if (RETRYABLE(res.status)) {
        if (attempt < this.attempts) {
          const delay = retryAfterMs(res.headers.get('retry-after')) ?? this.backoff(attempt);
          await drain(res);
          await this.wait(Math.min(delay, this.maxDelayMs));
          continue;
        }
        const { summary, code } = errorSummary(await res.text().catch(() => ''));
        throw this.error(
          'unavailable',
          `${current.method} ${stripQuery(current.url)} answered ${res.status}${summary} ${this.attempts} times: the registry is ${res.status === 429 ? 'rate-limiting us' : 'failing'}; try again later`,
          undefined,
          res.status,
          code,
        );
      }
      const location = res.headers.get('location');
      if (REDIRECTS.has(res.status) && location && (current.method === 'GET' || current.method === 'HEAD')) {
        if (++redirects > 5)
          throw this.error('protocol', `too many redirects from ${stripQuery(request.url)}`);
        await drain(res);
        const next = new URL(location, current.url).toString();
        const headers = { ...current.headers };
        // Never forward registry credentials to another origin (e.g. a storage redirect).
        if (new URL(next).origin !== new URL(current.url).origin) delete headers.Authorization;
        current = { method: current.method, url: next, headers };
        attempt = 0;
        continue;
      }
      return res;
    }
  }

  /** A backoff that ends early (CancelledError) when the run is cancelled; no timer outlives it. */
  private async wait(ms: number): Promise<void> {
    const cancel = this.options.signal;
    if (!cancel) return this.sleep(ms);
    const before = cancelledBy(cancel);
    if (before) throw before;
    const custom = this.options.retry?.sleep;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      cancel.addEventListener('abort', onAbort, { once: true });
    });
    const slept = custom ? custom(ms) : new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    try {
      await Promise.race([slept, aborted]);
    } finally {
      if (timer) clearTimeout(timer);
      if (onAbort) cancel.removeEventListener('abort', onAbort);
    }
    const cancelled = cancelledBy(cancel);
    if (cancelled) throw cancelled;
  }

  private backoff(attempt: number): number {
    return Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
  }

  private log(message: string): void {
    this.options.logger?.debug(`registry: ${this.auth.scrub(message)}`);
  }
}

/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unparsable. */
export function retryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A short reason for a failed fetch: the cause's code/message (duck-typed: errors may come from another realm). */
function describeFetchError(error: unknown): string {
  if (!isErrorLike(error)) return String(error);
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
  const cause = error.cause;
  if (isErrorLike(cause)) {
    const code = cause.code;
    if (typeof code !== 'string') return cause.message || error.message;
    return cause.message.includes(code)
      ? cause.message
      : `${code}${cause.message ? ` (${cause.message})` : ''}`;
  }
  return error.message;
}

function isErrorLike(
  value: unknown,
): value is { name: string; message: string; code?: unknown; cause?: unknown } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { message?: unknown }).message === 'string' &&
    typeof (value as { name?: unknown }).name === 'string'
  );
}

function stripQuery(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export async function drain(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // already consumed
  }
}
