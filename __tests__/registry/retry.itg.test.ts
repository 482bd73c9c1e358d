// Bounded retries: a fault-injecting proxy in front of a real docker-registry (5xx, 429 with
// Retry-After, dropped connections), and a registry that stays down.
import { InfrastructureError } from '../../src/model/errors.js';
import { RegistryClient, sha256Digest } from '../../src/registry/client.js';
import { startFaultProxy } from '../support/registry-proxy.js';
import type { Fault, FaultProxy, ProxiedRequest } from '../support/registry-proxy.js';
import { freePort, requireCommands, startRegistry, registryFailure } from '../support/registry.js';
import type { RunningRegistry } from '../support/registry.js';
import { RequestCounter } from '../support/request-counter.js';

const available = requireCommands('docker-registry');
const d = available ? describe : describe.skip;

d('retries against a faulty registry', () => {
  let registry: RunningRegistry;
  let proxy: FaultProxy | undefined;
  let decide: (request: ProxiedRequest) => Fault | undefined = () => undefined;
  const repo = 'iqa/retry';
  let digest: string;

  beforeAll(async () => {
    registry = await startRegistry();
    const direct = new RegistryClient({ registry: registry.host, credentials: { dockerConfigDir: false } });
    await direct.pushBlob(repo, Buffer.from('{}'));
    digest = await direct.putManifest(
      repo,
      'v1',
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.empty.v1+json',
            digest: sha256Digest(Buffer.from('{}')),
            size: 2,
          },
          layers: [],
        }),
      ),
      'application/vnd.oci.image.manifest.v1+json',
    );
    proxy = await startFaultProxy(registry.url, (request) => decide(request));
  });
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
  });
  beforeEach(() => {
    decide = () => undefined;
    proxy?.reset();
  });

  const client = (counter?: RequestCounter): RegistryClient =>
    new RegistryClient({
      registry: proxy!.host,
      credentials: { dockerConfigDir: false },
      retry: { baseDelayMs: 20 },
      ...(counter ? { onRequest: counter.onRequest } : {}),
    });

  test('503 twice, then the real answer', async () => {
    decide = ({ n }) => (n <= 2 ? { status: 503 } : undefined);
    const counter = new RequestCounter();
    expect(await client(counter).headManifest(repo, 'v1')).toBe(digest);
    expect(counter.records.map((r) => r.status)).toEqual([503, 503, 200]);
  });

  test('429 with Retry-After is honoured', async () => {
    decide = ({ n }) => (n === 1 ? { status: 429, headers: { 'Retry-After': '1' } } : undefined);
    const started = Date.now();
    expect((await client().getManifest(repo, 'v1')).digest).toBe(digest);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(proxy!.log.map((r) => r.outcome)).toEqual([429, 200]);
  });

  test('a dropped connection is retried', async () => {
    decide = ({ n }) => (n === 1 ? 'reset' : undefined);
    expect(await client().listTags(repo)).toEqual(['v1']);
    expect(proxy!.log.map((r) => r.outcome)).toEqual(['reset', 200]);
  });

  test('faults in the middle of a blob upload (POST and PUT) are retried', async () => {
    decide = ({ method, n }) => (method !== 'HEAD' && n % 2 === 0 ? { status: 502 } : undefined);
    const bytes = Buffer.from(`retried upload ${Date.now()}`);
    const c = client();
    expect(await c.pushBlob(repo, bytes)).toBe(sha256Digest(bytes));
    expect(proxy!.log.map((r) => `${r.method} ${r.outcome}`)).toEqual([
      'HEAD 404',
      'POST 502',
      'POST 202',
      'PUT 502',
      'PUT 201',
    ]);
    expect(await c.hasBlob(repo, sha256Digest(bytes))).toBe(true);
  });

  test('a lost upload session (404 on the PUT) starts the upload over once', async () => {
    let lost = false;
    decide = ({ method }) => {
      if (method !== 'PUT' || lost) return undefined;
      lost = true;
      return {
        status: 404,
        body: JSON.stringify({ errors: [{ code: 'BLOB_UPLOAD_UNKNOWN', message: 'gone' }] }),
      };
    };
    const bytes = Buffer.from(`restarted upload ${Date.now()}`);
    expect(await client().pushBlob(repo, bytes)).toBe(sha256Digest(bytes));
    expect(proxy!.log.map((r) => `${r.method} ${r.outcome}`)).toEqual([
      'HEAD 404',
      'POST 202',
      'PUT 404',
      'POST 202',
      'PUT 201',
    ]);
  });

  test('a registry that keeps failing: InfrastructureError after 4 attempts', async () => {
    decide = () => ({ status: 500 });
    const error = await registryFailure(client().getManifest(repo, 'v1'));
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.kind).toBe('unavailable');
    expect(error.status).toBe(500);
    expect(error.message).toContain(proxy!.host);
    expect(error.message).toContain('answered 500');
    expect(proxy!.log).toHaveLength(4);
  });
});

d('a registry that is down', () => {
  test('connection refused: InfrastructureError after bounded retries with backoff (default 200 ms base)', async () => {
    const port = await freePort(); // nothing listens there
    const counter = new RequestCounter();
    const client = new RegistryClient({
      registry: `127.0.0.1:${port}`,
      credentials: { dockerConfigDir: false },
      onRequest: counter.onRequest,
    });
    const started = Date.now();
    const error = await registryFailure(client.ping());
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(InfrastructureError);
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain(`registry 127.0.0.1:${port}: unreachable`);
    expect(error.message).toContain('ECONNREFUSED');
    expect(counter.records.map((r) => r.status)).toEqual([0, 0, 0, 0]);
    // 200 + 400 + 800 ms of backoff, and not much more.
    expect(elapsed).toBeGreaterThanOrEqual(1350);
    expect(elapsed).toBeLessThan(5000);
  });
});
