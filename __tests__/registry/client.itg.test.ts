// RegistryClient against a real distribution v2 registry with an image pushed by `docker push`.
import { MediaType, RegistryClient, sha256Digest } from '../../src/registry/client.js';
import { isRegistryError } from '../../src/registry/errors.js';
import { referrersTag } from '../../src/registry/reference.js';
import { pushBusyboxFixture, skopeoDigest, skopeoRaw } from '../support/registry-fixture.js';
import type { PushedFixture } from '../support/registry-fixture.js';
import { requireCommands, startRegistry } from '../support/registry.js';
import type { RunningRegistry } from '../support/registry.js';
import { RequestCounter } from '../support/request-counter.js';

const available = requireCommands('docker-registry', 'skopeo', 'docker');
const d = available ? describe : describe.skip;

const RECORD_TYPE = 'application/vnd.immutable-qa.record.v1+json';

d('RegistryClient against docker-registry', () => {
  let registry: RunningRegistry;
  let fixture: PushedFixture;
  let counter: RequestCounter;
  let client: RegistryClient;
  const repo = 'iqa/registry-itg';

  beforeAll(async () => {
    registry = await startRegistry();
    fixture = await pushBusyboxFixture(registry.host, repo, 'v1');
  });

  afterAll(async () => {
    await fixture?.cleanup();
    await registry?.stop();
  });

  beforeEach(() => {
    counter = new RequestCounter();
    client = new RegistryClient({
      registry: registry.host,
      credentials: { dockerConfigDir: false },
      onRequest: counter.onRequest,
    });
  });

  test('uses plain http for a loopback registry and answers /v2/', async () => {
    expect(client.baseUrl).toBe(`http://${registry.host}`);
    await client.ping();
    expect(counter.records).toEqual([{ method: 'GET', url: `http://${registry.host}/v2/`, status: 200 }]);
  });

  test('getManifest returns the digest skopeo sees, and the exact bytes', async () => {
    const manifest = await client.getManifest(repo, 'v1');
    expect(manifest.digest).toBe(await skopeoDigest(fixture.ref));
    expect(manifest.digest).toBe(sha256Digest(manifest.bytes));
    expect(manifest.mediaType).toBe(MediaType.dockerManifest);
    expect(manifest.bytes.equals(await skopeoRaw(fixture.ref))).toBe(true);

    const byDigest = await client.getManifest(repo, manifest.digest);
    expect(byDigest.bytes.equals(manifest.bytes)).toBe(true);
    expect(await client.headManifest(repo, 'v1')).toBe(manifest.digest);
    expect(await client.headManifest(repo, 'no-such-tag')).toBeUndefined();
    expect(await client.headManifest('iqa/no-such-repo', 'v1')).toBeUndefined();
  });

  test('a missing tag is a not-found error naming the registry, repository and tag', async () => {
    const error: unknown = await client.getManifest(repo, 'missing').catch((e: unknown) => e);
    expect(isRegistryError(error, 'not-found')).toBe(true);
    expect((error as Error).message).toContain(`tag "missing" not found in ${registry.host}/${repo}`);
  });

  test('putManifest under a new tag makes a byte-identical manifest without moving a layer', async () => {
    const source = await client.getManifest(repo, 'v1');
    counter.reset();
    const digest = await client.putManifest(repo, 'promoted', source.bytes, source.mediaType);
    expect(digest).toBe(source.digest);
    expect(counter.blobTransfers()).toEqual([]);
    expect(counter.records.map((r) => `${r.method} ${new URL(r.url).pathname} ${r.status}`)).toEqual([
      `PUT /v2/${repo}/manifests/promoted 201`,
    ]);
    expect(await skopeoDigest(`${registry.host}/${repo}:promoted`)).toBe(source.digest);
    expect((await skopeoRaw(`${registry.host}/${repo}:promoted`)).equals(source.bytes)).toBe(true);
    expect(await client.listTags(repo)).toEqual(expect.arrayContaining(['v1', 'promoted']));
  });

  test('retag points several tags at a digest with manifest requests only', async () => {
    const digest = (await client.headManifest(repo, 'v1'))!;
    counter.reset();
    await client.retag(repo, digest, ['main', 'sha-abc']);
    expect(counter.blobTransfers()).toEqual([]);
    expect(counter.matching({ path: /\/blobs\// })).toEqual([]);
    expect(await client.headManifest(repo, 'main')).toBe(digest);
    expect(await skopeoDigest(`${registry.host}/${repo}:sha-abc`)).toBe(digest);
  });

  test('pushBlob uploads once and skips a blob the repository has', async () => {
    const bytes = Buffer.from(`blob ${Date.now()}`);
    const digest = await client.pushBlob(repo, bytes);
    expect(digest).toBe(sha256Digest(bytes));
    expect(await client.hasBlob(repo, digest)).toBe(true);
    expect((await client.getBlob(repo, digest)).equals(bytes)).toBe(true);
    counter.reset();
    expect(await client.pushBlob(repo, bytes)).toBe(digest);
    expect(counter.records.map((r) => r.method)).toEqual(['HEAD']);
    expect(await client.hasBlob(repo, sha256Digest(Buffer.from('never pushed')))).toBe(false);
  });

  test('pushArtifact with a subject: the fallback referrers index finds it (no referrers API in 2.8)', async () => {
    const subject = await client.getManifest(repo, 'v1');
    const subjectDescriptor = {
      mediaType: subject.mediaType,
      digest: subject.digest,
      size: subject.bytes.length,
    };
    const record = Buffer.from(
      JSON.stringify({ schema: 1, verdict: 'passed', image: { digest: subject.digest } }),
    );

    const first = await client.pushArtifact({
      repo,
      subject: subjectDescriptor,
      artifactType: RECORD_TYPE,
      payload: record,
      payloadMediaType: RECORD_TYPE,
      annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
      tag: referrersTag(subject.digest, 'qa'),
    });
    expect(first.referrersApi).toBe(false);
    expect(first.fallbackTag).toBe(referrersTag(subject.digest));
    expect(first.tag).toBe(`${referrersTag(subject.digest)}.qa`);

    // A second, different artifact on the same subject is appended; pushing the first again is not duplicated.
    const other = await client.pushArtifact({
      repo,
      subject: subjectDescriptor,
      artifactType: 'application/vnd.example.sbom.v1+json',
      payload: Buffer.from('{"sbom":true}'),
      payloadMediaType: 'application/json',
    });
    await client.pushArtifact({
      repo,
      subject: subjectDescriptor,
      artifactType: RECORD_TYPE,
      payload: record,
      payloadMediaType: RECORD_TYPE,
      annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
    });

    const all = await client.getReferrers(repo, subject.digest);
    expect(all.map((r) => r.digest).sort()).toEqual([first.digest, other.digest].sort());
    const records = await client.getReferrers(repo, subject.digest, RECORD_TYPE);
    expect(records).toEqual([
      {
        mediaType: MediaType.ociManifest,
        digest: first.digest,
        size: first.descriptor.size,
        artifactType: RECORD_TYPE,
        annotations: { 'org.opencontainers.image.created': '2024-01-01T00:00:00Z' },
      },
    ]);

    // The explicit tag resolves to the artifact, and the artifact reads back.
    expect(await client.headManifest(repo, `${referrersTag(subject.digest)}.qa`)).toBe(first.digest);
    const artifact = await client.getArtifact(repo, `${referrersTag(subject.digest)}.qa`);
    expect(artifact.payload.equals(record)).toBe(true);
    expect(artifact.artifactType).toBe(RECORD_TYPE);
    expect(artifact.subject).toEqual(subjectDescriptor);
    // skopeo refuses `inspect` on artifacts, but its raw bytes hash to the artifact digest.
    expect(sha256Digest(await skopeoRaw(`${registry.host}/${repo}:${referrersTag(subject.digest)}.qa`))).toBe(
      first.digest,
    );

    // A digest without referrers has none.
    const unrelated = sha256Digest(Buffer.from('unrelated'));
    expect(await client.getReferrers(repo, unrelated)).toEqual([]);
  });

  test('deleteManifest removes a manifest by digest and reports a missing one', async () => {
    const bytes = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        config: { mediaType: MediaType.ociEmpty, digest: sha256Digest(Buffer.from('{}')), size: 2 },
        layers: [],
        annotations: { purpose: 'delete-me' },
      }),
    );
    await client.pushBlob(repo, Buffer.from('{}'));
    const digest = await client.putManifest(repo, 'to-delete', bytes, MediaType.ociManifest);
    expect(await client.deleteManifest(repo, digest)).toBe(true);
    expect(await client.headManifest(repo, digest)).toBeUndefined();
    expect(await client.deleteManifest(repo, digest)).toBe(false);
  });

  test('listTags of an unknown repository is empty', async () => {
    expect(await client.listTags('iqa/nothing-here')).toEqual([]);
  });
});
