// RegistryClient with an injected fetch: an in-memory OCI registry (with or without the referrers
// API) and hand-made answers for retries, errors and redirects.
import { createHash } from 'node:crypto';
import {
  EMPTY_JSON_DIGEST,
  MediaType,
  RegistryClient,
  registryBaseUrl,
  retryAfterMs,
  sha256Digest,
} from '../../src/registry/client.js';
import type { Descriptor, RegistryClientOptions } from '../../src/registry/client.js';
import { CancelledError } from '../../src/model/errors.js';
import { RegistryError } from '../../src/registry/errors.js';
import { referrersTag } from '../../src/registry/reference.js';
import { RequestCounter } from '../support/request-counter.js';

const HOST = 'registry.example';
const RECORD = 'application/vnd.immutable-qa.record.v1+json';

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** A minimal OCI registry in memory. `referrersApi`: serve /referrers/ and send OCI-Subject. */
function memoryRegistry(options: { referrersApi: boolean }) {
  const blobs = new Map<string, Buffer>();
  const manifests = new Map<string, { bytes: Buffer; mediaType: string }>();
  const tags = new Map<string, string>();
  const seen: Seen[] = [];
  let uploads = 0;
  const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  const fetchImpl = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const method = init?.method ?? 'GET';
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const body = init?.body instanceof Uint8Array ? Buffer.from(init.body) : undefined;
    seen.push({ method, path: url.pathname + url.search, headers, ...(body ? { body } : {}) });
    const m = /^\/v2\/(.+?)\/(manifests|blobs|referrers|tags)\/(.*)$/.exec(url.pathname);
    if (url.pathname === '/v2/') return json(200, {});
    if (!m) return new Response('404 page not found', { status: 404 });
    const [, , kind, rest = ''] = m;
    if (kind === 'blobs' && rest === 'uploads/' && method === 'POST') {
      return new Response(null, {
        status: 202,
        headers: { Location: `/v2/r/blobs/uploads/u${++uploads}?_state=x` },
      });
    }
    if (kind === 'blobs' && rest.startsWith('uploads/') && method === 'PUT') {
      const digest = url.searchParams.get('digest')!;
      blobs.set(digest, body ?? Buffer.alloc(0));
      return new Response(null, { status: 201, headers: { 'Docker-Content-Digest': digest } });
    }
    if (kind === 'blobs') {
      const blob = blobs.get(rest);
      if (!blob) return json(404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] });
      return new Response(method === 'HEAD' ? null : blob, {
        status: 200,
        headers: { 'Content-Length': String(blob.length) },
      });
    }
    if (kind === 'manifests' && method === 'PUT') {
      const bytes = body ?? Buffer.alloc(0);
      const digest = sha256Digest(bytes);
      manifests.set(digest, { bytes, mediaType: headers['content-type'] ?? '' });
      if (!rest.startsWith('sha256:')) tags.set(rest, digest);
      const extra: Record<string, string> = {};
      const parsed = JSON.parse(bytes.toString()) as { subject?: { digest: string } };
      if (options.referrersApi && parsed.subject) extra['OCI-Subject'] = parsed.subject.digest;
      return new Response(null, { status: 201, headers: { 'Docker-Content-Digest': digest, ...extra } });
    }
    if (kind === 'manifests') {
      const digest = rest.startsWith('sha256:') ? rest : tags.get(rest);
      const manifest = digest ? manifests.get(digest) : undefined;
      if (!digest || !manifest)
        return json(404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] });
      return new Response(method === 'HEAD' ? null : manifest.bytes, {
        status: 200,
        headers: { 'Content-Type': manifest.mediaType, 'Docker-Content-Digest': digest },
      });
    }
    if (kind === 'referrers' && options.referrersApi) {
      const list: Descriptor[] = [];
      for (const [digest, { bytes, mediaType }] of manifests) {
        const parsed = JSON.parse(bytes.toString()) as {
          subject?: { digest: string };
          artifactType?: string;
        };
        if (parsed.subject?.digest === rest) {
          list.push({
            mediaType,
            digest,
            size: bytes.length,
            ...(parsed.artifactType ? { artifactType: parsed.artifactType } : {}),
          });
        }
      }
      return json(
        200,
        { schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: list },
        { 'Content-Type': MediaType.ociIndex },
      );
    }
    return new Response('404 page not found', { status: 404 });
  };
  return { fetch: fetchImpl as typeof fetch, blobs, manifests, tags, seen };
}

function client(fetchImpl: typeof fetch, extra: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({
    registry: HOST,
    fetch: fetchImpl,
    credentials: { dockerConfigDir: false },
    retry: { sleep: async () => undefined },
    ...extra,
  });
}

function subjectOf(registry: ReturnType<typeof memoryRegistry>): Descriptor {
  const bytes = Buffer.from(
    JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociManifest, config: {}, layers: [] }),
  );
  const digest = sha256Digest(bytes);
  registry.manifests.set(digest, { bytes, mediaType: MediaType.ociManifest });
  registry.tags.set('v1', digest);
  return { mediaType: MediaType.ociManifest, digest, size: bytes.length };
}

describe('registryBaseUrl', () => {
  test.each([
    ['ghcr.io', false, 'https://ghcr.io'],
    ['127.0.0.1:5000', false, 'http://127.0.0.1:5000'],
    ['localhost:5000', false, 'http://localhost:5000'],
    ['[::1]:5000', false, 'http://[::1]:5000'],
    ['registry.local:5000', false, 'http://registry.local:5000'],
    ['localhost', false, 'https://localhost'],
    ['registry.example:8443', false, 'https://registry.example:8443'],
    ['registry.example:8080', true, 'http://registry.example:8080'],
    ['docker.io', false, 'https://registry-1.docker.io'],
  ])('%s (insecure %s) → %s', (registry, insecure, expected) => {
    expect(registryBaseUrl(registry, insecure)).toBe(expected);
  });
});

describe('referrers API path', () => {
  test('pushArtifact: OCI-Subject answered, so no fallback index is written', async () => {
    const registry = memoryRegistry({ referrersApi: true });
    const subject = subjectOf(registry);
    const payload = Buffer.from('{"verdict":"passed"}');
    const pushed = await client(registry.fetch).pushArtifact({
      repo: 'acme/shop',
      subject,
      artifactType: RECORD,
      payload,
      payloadMediaType: RECORD,
      annotations: { a: 'b' },
    });
    expect(pushed.referrersApi).toBe(true);
    expect(pushed.fallbackTag).toBeUndefined();
    expect(registry.tags.has(referrersTag(subject.digest))).toBe(false);
    // Pushed by digest (no tag given).
    const put = registry.seen.find((s) => s.method === 'PUT' && s.path.includes('/manifests/'))!;
    expect(put.path).toBe(`/v2/acme/shop/manifests/${pushed.digest}`);
    expect(put.headers['content-type']).toBe(MediaType.ociManifest);
    expect(JSON.parse(put.body!.toString())).toEqual({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: RECORD,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: 2 },
      layers: [{ mediaType: RECORD, digest: sha256Digest(payload), size: payload.length }],
      subject,
      annotations: { a: 'b' },
    });
    expect(registry.blobs.get(EMPTY_JSON_DIGEST)?.toString()).toBe('{}');
    expect(EMPTY_JSON_DIGEST).toBe(`sha256:${createHash('sha256').update('{}').digest('hex')}`);

    const referrers = await client(registry.fetch).getReferrers('acme/shop', subject.digest, RECORD);
    expect(referrers).toEqual([
      {
        mediaType: MediaType.ociManifest,
        digest: pushed.digest,
        size: pushed.descriptor.size,
        artifactType: RECORD,
      },
    ]);
    expect(registry.seen.at(-1)!.path).toBe(
      `/v2/acme/shop/referrers/${subject.digest}?artifactType=${encodeURIComponent(RECORD)}`,
    );
    // The server did not say it filtered (no OCI-Filters-Applied): the client filters.
    expect(
      await client(registry.fetch).getReferrers('acme/shop', subject.digest, 'application/other'),
    ).toEqual([]);
  });

  test('getReferrers trusts OCI-Filters-Applied', async () => {
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [
        {
          mediaType: MediaType.ociManifest,
          digest: sha256Digest(Buffer.from('x')),
          size: 1,
          artifactType: 'other',
        },
      ],
    };
    const fetchImpl = (async () =>
      new Response(JSON.stringify(index), {
        status: 200,
        headers: { 'Content-Type': MediaType.ociIndex, 'OCI-Filters-Applied': 'artifactType' },
      })) as typeof fetch;
    const result = await client(fetchImpl).getReferrers('a', sha256Digest(Buffer.from('s')), RECORD);
    expect(result).toHaveLength(1);
  });
});

describe('fallback tag path', () => {
  test('pushArtifact appends to an existing sha256-<hex> index, keeping foreign entries intact', async () => {
    const registry = memoryRegistry({ referrersApi: false });
    const subject = subjectOf(registry);
    const foreign = {
      mediaType: MediaType.ociManifest,
      digest: sha256Digest(Buffer.from('sbom')),
      size: 4,
      artifactType: 'application/spdx+json',
      'x-extra': { kept: true },
    };
    const existing = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: [foreign] }),
    );
    registry.manifests.set(sha256Digest(existing), { bytes: existing, mediaType: MediaType.ociIndex });
    registry.tags.set(referrersTag(subject.digest), sha256Digest(existing));

    const c = client(registry.fetch);
    const input = {
      repo: 'acme/shop',
      subject,
      artifactType: RECORD,
      payload: Buffer.from('{}'),
      payloadMediaType: RECORD,
    };
    const pushed = await c.pushArtifact({ ...input, tag: referrersTag(subject.digest, 'qa') });
    expect(pushed).toMatchObject({
      referrersApi: false,
      fallbackTag: referrersTag(subject.digest),
      tag: referrersTag(subject.digest, 'qa'),
    });
    expect(registry.tags.get(referrersTag(subject.digest, 'qa'))).toBe(pushed.digest);
    await c.pushArtifact(input); // same artifact again: not listed twice

    const index = JSON.parse(
      registry.manifests.get(registry.tags.get(referrersTag(subject.digest))!)!.bytes.toString(),
    ) as {
      manifests: unknown[];
    };
    expect(index.manifests).toEqual([
      foreign,
      {
        mediaType: MediaType.ociManifest,
        digest: pushed.digest,
        size: pushed.descriptor.size,
        artifactType: RECORD,
      },
    ]);
    expect((await c.getReferrers('acme/shop', subject.digest, RECORD)).map((d) => d.digest)).toEqual([
      pushed.digest,
    ]);
    expect(await c.getReferrers('acme/shop', subject.digest)).toHaveLength(2);
    const artifact = await c.getArtifact('acme/shop', pushed.digest);
    expect(artifact).toMatchObject({
      artifactType: RECORD,
      subject,
      payloadMediaType: RECORD,
      annotations: {},
    });
    expect(artifact.payload.toString()).toBe('{}');
  });

  test('a fallback tag that is not an index is not overwritten', async () => {
    const registry = memoryRegistry({ referrersApi: false });
    const subject = subjectOf(registry);
    registry.tags.set(referrersTag(subject.digest), subject.digest);
    const error: unknown = await client(registry.fetch)
      .pushArtifact({
        repo: 'acme/shop',
        subject,
        artifactType: RECORD,
        payload: Buffer.from('{}'),
        payloadMediaType: RECORD,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as Error).message).toContain('is not an OCI index');
  });
});

describe('integrity', () => {
  test('putManifest: a Docker-Content-Digest different from the bytes is an error', async () => {
    const fetchImpl = (async () =>
      new Response(null, {
        status: 201,
        headers: { 'Docker-Content-Digest': sha256Digest(Buffer.from('other')) },
      })) as typeof fetch;
    const error: unknown = await client(fetchImpl)
      .putManifest('a', 'v1', Buffer.from('{}'), MediaType.ociManifest)
      .catch((e: unknown) => e);
    expect((error as RegistryError).kind).toBe('integrity');
  });

  test('getManifest by digest: content that does not hash to it is an error', async () => {
    const fetchImpl = (async () =>
      new Response('{"tampered":true}', {
        status: 200,
        headers: { 'Content-Type': MediaType.ociManifest },
      })) as typeof fetch;
    const digest = sha256Digest(Buffer.from('{"original":true}'));
    await expect(client(fetchImpl).getManifest('a', digest)).rejects.toThrow('hashes to');
  });

  test('getManifest: the media type comes from Content-Type, else the manifest itself', async () => {
    const body = JSON.stringify({ schemaVersion: 2, mediaType: MediaType.dockerManifestList, manifests: [] });
    const fetchImpl = (async () =>
      new Response(body, { status: 200, headers: { 'Content-Type': 'application/json' } })) as typeof fetch;
    const manifest = await client(fetchImpl).getManifest('a', 'v1');
    expect(manifest).toEqual({
      digest: sha256Digest(Buffer.from(body)),
      mediaType: MediaType.dockerManifestList,
      bytes: Buffer.from(body),
    });
  });

  test('headManifest without Docker-Content-Digest hashes the manifest', async () => {
    const body = '{"schemaVersion":2}';
    const fetchImpl = (async (_url: string, init?: RequestInit) =>
      new Response(init?.method === 'HEAD' ? null : body, {
        status: 200,
        headers: { 'Content-Type': MediaType.ociManifest },
      })) as typeof fetch;
    expect(await client(fetchImpl).headManifest('a', 'v1')).toBe(sha256Digest(Buffer.from(body)));
  });
});

describe('errors', () => {
  const answering = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    (async () => new Response(JSON.stringify(body), { status, headers })) as typeof fetch;

  test('403 on ghcr.io: forbidden, naming packages: write', async () => {
    const c = new RegistryClient({
      registry: 'ghcr.io',
      fetch: answering(403, { errors: [{ code: 'DENIED', message: 'permission_denied: write_package' }] }),
      credentials: { username: 'actor', password: 'ghs_abcdef', dockerConfigDir: false },
    });
    const error = (await c
      .putManifest('acme/shop', 'main', Buffer.from('{}'), MediaType.ociManifest)
      .catch((e: unknown) => e)) as RegistryError;
    expect(error.kind).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.code).toBe('DENIED');
    expect(error.message).toContain('ghcr.io/acme/shop');
    expect(error.message).toContain('packages: write');
    expect(error.message).not.toContain('ghs_abcdef');
  });

  test('404 NAME_UNKNOWN names the repository', async () => {
    const c = client(
      answering(404, {
        errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }],
      }),
    );
    const error = (await c.getManifest('acme/nope', 'v1').catch((e: unknown) => e)) as RegistryError;
    expect(error.kind).toBe('not-found');
    expect(error.message).toContain(`repository ${HOST}/acme/nope not found`);
  });

  test('invalid repository or tag never reaches the network', async () => {
    const counter = new RequestCounter();
    const c = client(answering(200, {}), { onRequest: counter.onRequest });
    await expect(c.getManifest('Acme/Shop', 'v1')).rejects.toThrow('invalid repository');
    await expect(c.getManifest('acme/shop', '../../etc')).rejects.toThrow('invalid tag or digest');
    expect(counter.count).toBe(0);
  });
});

describe('retries', () => {
  function flaky(statuses: number[], headers: Record<string, string> = {}) {
    let i = 0;
    return (async () => {
      const status = statuses[Math.min(i++, statuses.length - 1)]!;
      return new Response(status === 200 ? '{}' : 'oops', { status, headers: status === 200 ? {} : headers });
    }) as typeof fetch;
  }

  test('exponential backoff 200, 400, 800 ms, then unavailable', async () => {
    const sleeps: number[] = [];
    const counter = new RequestCounter();
    const c = client(flaky([502]), {
      retry: { sleep: async (ms) => void sleeps.push(ms) },
      onRequest: counter.onRequest,
    });
    const error = (await c.ping().catch((e: unknown) => e)) as RegistryError;
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBe(502);
    expect(sleeps).toEqual([200, 400, 800]);
    expect(counter.count).toBe(4);
  });

  test('Retry-After (seconds) is honoured and capped by maxDelayMs', async () => {
    const sleeps: number[] = [];
    const c = client(flaky([429, 429, 200], { 'Retry-After': '120' }), {
      retry: { sleep: async (ms) => void sleeps.push(ms), maxDelayMs: 5000 },
    });
    await c.ping();
    expect(sleeps).toEqual([5000, 5000]);
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  test('4xx other than 429 is not retried', async () => {
    const counter = new RequestCounter();
    const c = client(flaky([400]), { onRequest: counter.onRequest });
    await expect(c.ping()).rejects.toThrow('unexpected 400');
    expect(counter.count).toBe(1);
  });

  test('attempts are configurable', async () => {
    const counter = new RequestCounter();
    const c = client(flaky([503]), {
      onRequest: counter.onRequest,
      retry: { attempts: 2, sleep: async () => undefined },
    });
    await expect(c.ping()).rejects.toThrow('2 times');
    expect(counter.count).toBe(2);
  });
});

describe('cancellation (issue 11, item 4)', () => {
  /** A registry that never answers until the request is aborted (as a hung one does). */
  const hanging = (async (_input: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason as Error), { once: true });
    })) as typeof fetch;

  test("the run's signal aborts the request in flight at once: CancelledError, no retry", async () => {
    const controller = new AbortController();
    const counter = new RequestCounter();
    const c = client(hanging, { signal: controller.signal, onRequest: counter.onRequest, timeoutMs: 60_000 });
    const started = Date.now();
    const pending = c.ping().catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('received SIGTERM')), 50);
    const error = await pending;
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toBe('received SIGTERM');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(counter.count).toBe(1);
  });

  test('a cancel during a Retry-After wait ends the wait: no second attempt', async () => {
    const controller = new AbortController();
    const counter = new RequestCounter();
    const busy = (async () =>
      new Response('slow down', { status: 429, headers: { 'Retry-After': '30' } })) as typeof fetch;
    // The transport's own (clearable) timer, not the test's instant sleep.
    const c = client(busy, { signal: controller.signal, onRequest: counter.onRequest, retry: {} });
    const started = Date.now();
    const pending = c.ping().catch((e: unknown) => e);
    setTimeout(() => controller.abort(new Error('received SIGINT')), 100);
    expect(await pending).toBeInstanceOf(CancelledError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(counter.count).toBe(1);
  });

  test('once cancelled, nothing is sent', async () => {
    const controller = new AbortController();
    controller.abort(new Error('received SIGTERM'));
    const counter = new RequestCounter();
    const c = client(flakyOk, { signal: controller.signal, onRequest: counter.onRequest });
    await expect(c.ping()).rejects.toBeInstanceOf(CancelledError);
    expect(counter.count).toBe(0);
  });
});

const flakyOk = (async () => new Response('{}', { status: 200 })) as typeof fetch;

describe('requests', () => {
  test('Link pagination of tags', async () => {
    const fetchImpl = (async (url: string) => {
      const last = new URL(url).searchParams.get('last');
      return last
        ? new Response(JSON.stringify({ name: 'a', tags: ['c'] }), { status: 200 })
        : new Response(JSON.stringify({ name: 'a', tags: ['a', 'b'] }), {
            status: 200,
            headers: { Link: '</v2/a/tags/list?last=b&n=2>; rel="next"' },
          });
    }) as typeof fetch;
    expect(await client(fetchImpl).listTags('a')).toEqual(['a', 'b', 'c']);
  });

  test('a redirect to another origin does not carry the Authorization header', async () => {
    const seen: { url: string; authorization: string | null }[] = [];
    const blob = Buffer.from('record');
    const digest = sha256Digest(blob);
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      seen.push({ url, authorization: headers.get('authorization') });
      if (url.startsWith('https://storage.example/')) return new Response(blob, { status: 200 });
      if (!headers.get('authorization')) {
        return new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Basic realm="r"' } });
      }
      return new Response(null, { status: 307, headers: { Location: 'https://storage.example/blob?sig=1' } });
    }) as typeof fetch;
    const c = client(fetchImpl, { credentials: { username: 'u', password: 'p', dockerConfigDir: false } });
    expect((await c.getBlob('a', digest)).equals(blob)).toBe(true);
    expect(seen.map((s) => [new URL(s.url).host, s.authorization !== null])).toEqual([
      [HOST, false],
      [HOST, true],
      ['storage.example', false],
    ]);
  });

  test('the debug log never carries credentials or tokens, and omits query strings', async () => {
    const lines: string[] = [];
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      if (url.startsWith('https://auth.example/'))
        return new Response(JSON.stringify({ token: 'tok-SECRET-123' }), { status: 200 });
      const auth = new Headers(init?.headers).get('authorization');
      if (auth !== 'Bearer tok-SECRET-123') {
        return new Response(null, {
          status: 401,
          headers: { 'WWW-Authenticate': 'Bearer realm="https://auth.example/token",service="r"' },
        });
      }
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const c = client(fetchImpl, {
      credentials: { username: 'u', password: 'pw-SECRET-456', dockerConfigDir: false },
      logger: { debug: (m) => void lines.push(m) },
    });
    await c.ping();
    expect(lines.length).toBeGreaterThan(0);
    const log = lines.join('\n');
    expect(log).not.toMatch(/SECRET|\?/);
    expect(log).toContain('registry-username/registry-password');
  });

  test('RequestCounter.blobTransfers ignores HEADs and manifest requests', () => {
    const counter = new RequestCounter();
    const info = { attempt: 1, durationMs: 1, requestBytes: 0 };
    counter.onRequest('HEAD', `https://${HOST}/v2/a/blobs/sha256:x`, 200, info);
    counter.onRequest('GET', `https://${HOST}/v2/a/manifests/v1`, 200, info);
    counter.onRequest('PUT', `https://${HOST}/v2/a/manifests/v2`, 201, info);
    counter.onRequest('GET', `https://${HOST}/v2/a/blobs/sha256:x`, 200, info);
    expect(counter.blobTransfers().map((r) => r.method)).toEqual(['GET']);
    expect(counter.matching({ method: 'PUT' })).toHaveLength(1);
  });
});
