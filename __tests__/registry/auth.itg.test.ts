// Registry authentication against a real docker-registry: htpasswd (Basic) and distribution's
// token auth (Bearer, RS256 JWTs from a token service in the test).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaType, RegistryClient, sha256Digest } from '../../src/registry/client.js';
import { isRegistryError } from '../../src/registry/errors.js';
import { skopeoDigest } from '../support/registry-fixture.js';
import { requireCommands, startRegistry, registryFailure } from '../support/registry.js';
import type { RunningRegistry } from '../support/registry.js';
import { startTokenService } from '../support/registry-token.js';
import type { TokenService } from '../support/registry-token.js';
import { RequestCounter } from '../support/request-counter.js';

const available = requireCommands('docker-registry', 'htpasswd', 'openssl', 'skopeo');
const d = available ? describe : describe.skip;

const USER = 'ci-bot';
const PASS = 'S3cret-Pa55word-xyz';

/** Pushes a tiny OCI image (config + one layer) with the client; returns its manifest digest. */
async function pushTinyImage(client: RegistryClient, repo: string, tag: string): Promise<string> {
  const config = Buffer.from(
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }),
  );
  const layer = Buffer.from(`layer ${tag}`);
  const configDigest = await client.pushBlob(repo, config);
  const layerDigest = await client.pushBlob(repo, layer);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: configDigest,
        size: config.length,
      },
      layers: [
        { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length },
      ],
    }),
  );
  return client.putManifest(repo, tag, manifest, MediaType.ociManifest);
}

d('htpasswd (Basic) authentication', () => {
  let registry: RunningRegistry;
  let configDir: string;

  beforeAll(async () => {
    registry = await startRegistry({ htpasswd: { user: USER, pass: PASS } });
    configDir = await mkdtemp(join(tmpdir(), 'iqa-dockercfg-'));
  });
  afterAll(async () => {
    await registry?.stop();
    if (configDir) await rm(configDir, { recursive: true, force: true });
  });

  test('explicit credentials push and read; one 401 round, then Basic is sent up front', async () => {
    const counter = new RequestCounter();
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: USER, password: PASS, dockerConfigDir: false },
      onRequest: counter.onRequest,
    });
    const digest = await pushTinyImage(client, 'team/app', 'v1');
    expect(await client.headManifest('team/app', 'v1')).toBe(digest);
    expect(counter.records.filter((r) => r.status === 401)).toHaveLength(1);
    expect(await skopeoDigest(`${registry.host}/team/app:v1`, { user: USER, pass: PASS })).toBe(digest);
  });

  test('wrong password: a clear unauthorized error without the password', async () => {
    const wrong = 'Wr0ng-Password-123';
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: USER, password: wrong, dockerConfigDir: false },
    });
    const error = await registryFailure(client.getManifest('team/app', 'v1'));
    expect(error.kind).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).toContain(registry.host);
    expect(error.message).toContain('team/app');
    expect(error.message).toContain(
      'the registry rejected the credentials from registry-username/registry-password: the token or password is invalid, expired or revoked',
    );
    expect(error.message).not.toMatch(/read-only|permission/);
    expect(error.message).not.toContain(wrong);
    expect(error.message).not.toContain(Buffer.from(`${USER}:${wrong}`).toString('base64'));
  });

  test('no credentials: the error says none were found and how to provide them', async () => {
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { dockerConfigDir: configDir },
    });
    const error = await registryFailure(client.ping());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/no credentials found for 127\.0\.0\.1:\d+/);
    expect(error.message).toContain('docker login');
  });

  test('credentials from a Docker config file (DOCKER_CONFIG)', async () => {
    await writeFile(
      join(configDir, 'config.json'),
      JSON.stringify({
        auths: { [registry.host]: { auth: Buffer.from(`${USER}:${PASS}`).toString('base64') } },
      }),
    );
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { env: { DOCKER_CONFIG: configDir } },
    });
    await client.ping();
    expect(await client.listTags('team/app')).toEqual(['v1']);
  });
});

d('token (Bearer) authentication with distribution auth.token', () => {
  let tokens: TokenService;
  let registry: RunningRegistry;

  beforeAll(async () => {
    tokens = await startTokenService({
      users: { [USER]: PASS, reader: 'reader-pass-123' },
      refreshTokens: { 'refresh-token-abcdef': USER },
      grant: (user, type, name, actions) => {
        if (!user || type !== 'repository') return [];
        if (user === 'reader') return actions.filter((a) => a === 'pull');
        return name.startsWith('team/') ? actions : [];
      },
    });
    registry = await startRegistry({ tokenAuth: tokens });
  });
  afterAll(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  test('pushes and pulls with Bearer tokens fetched with Basic credentials, cached per scope', async () => {
    const counter = new RequestCounter();
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: USER, password: PASS, dockerConfigDir: false },
      onRequest: counter.onRequest,
    });
    const digest = await pushTinyImage(client, 'team/api', 'v1');
    tokens.requests.length = 0;
    expect(await client.headManifest('team/api', 'v1')).toBe(digest);
    expect((await client.getManifest('team/api', digest)).digest).toBe(digest);
    expect(await client.listTags('team/api')).toEqual(['v1']);
    // The pull token was cached from the push's hasBlob HEADs: no new token request.
    expect(tokens.requests).toEqual([]);
    expect(counter.records.filter((r) => r.url.startsWith(tokens.realm)).length).toBeLessThanOrEqual(2);

    const subject = await client.getManifest('team/api', 'v1');
    await client.pushArtifact({
      repo: 'team/api',
      subject: { mediaType: subject.mediaType, digest, size: subject.bytes.length },
      artifactType: 'application/vnd.immutable-qa.record.v1+json',
      payload: Buffer.from('{"verdict":"passed"}'),
      payloadMediaType: 'application/vnd.immutable-qa.record.v1+json',
    });
    const referrers = await client.getReferrers(
      'team/api',
      digest,
      'application/vnd.immutable-qa.record.v1+json',
    );
    expect(referrers).toHaveLength(1);
    expect(tokens.requests.every((r) => r.user === USER)).toBe(true);
  });

  test('an identity token (Docker config identitytoken) uses the OAuth2 refresh_token grant', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iqa-dockercfg-'));
    try {
      await writeFile(
        join(dir, 'config.json'),
        JSON.stringify({
          auths: {
            [registry.host]: {
              auth: Buffer.from(`${USER}:`).toString('base64'),
              identitytoken: 'refresh-token-abcdef',
            },
          },
        }),
      );
      tokens.requests.length = 0;
      const client = new RegistryClient({ registry: registry.host, credentials: { dockerConfigDir: dir } });
      expect(await client.listTags('team/api')).toContain('v1');
      expect(tokens.requests.map((r) => [r.method, r.user])).toEqual([['POST', USER]]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('bad credentials at the token service: unauthorized, no password in the message', async () => {
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: USER, password: 'not-the-password', dockerConfigDir: false },
    });
    const error = await registryFailure(client.headManifest('team/api', 'v1'));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toContain(`the token service ${tokens.realm}`);
    expect(error.message).toContain(registry.host);
    expect(error.message).not.toContain('not-the-password');
  });

  test('a token without push permission: forbidden, with what to check', async () => {
    const client = new RegistryClient({
      registry: registry.host,
      credentials: { username: 'reader', password: 'reader-pass-123', dockerConfigDir: false },
    });
    expect(await client.headManifest('team/api', 'v1')).toMatch(/^sha256:/);
    const error = await registryFailure(client.pushBlob('team/api', Buffer.from('not allowed')));
    // The registry answers 401 error="insufficient_scope": valid credentials, missing permission.
    expect(isRegistryError(error, 'forbidden')).toBe(true);
    expect(error.message).toContain(`${registry.host}/team/api`);
    expect(error.message).toContain('lack push permission');
    expect(error.message).not.toContain('reader-pass-123');
  });

  test('anonymous access to a token-protected registry explains that no credentials were found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iqa-dockercfg-'));
    try {
      const client = new RegistryClient({ registry: registry.host, credentials: { dockerConfigDir: dir } });
      const error = await registryFailure(client.getManifest('team/api', sha256Digest(Buffer.from('x'))));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('no credentials found');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
