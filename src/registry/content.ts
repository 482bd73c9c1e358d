// Manifests, blobs and tags over the transport: every read verified against its digest, every write
// checked against what the registry says it stored. Referrers and artifacts build on this.
import type { RegistryTransport } from './transport.js';
import { deleteScope, drain, pullScope, pushScope } from './transport.js';
import {
  computeDigest,
  contentType,
  isRecord,
  MANIFEST_ACCEPT,
  parseJson,
  sha256Digest,
  type Manifest,
} from './oci.js';
import { assertRepository, assertTagOrDigest, isDigest } from './reference.js';

/** Throws a protocol RegistryError unless `digest` is a digest (not a tag). */
export function assertDigest(transport: RegistryTransport, digest: string): void {
  assertTagOrDigest(digest);
  if (!isDigest(digest)) throw transport.error('protocol', `"${digest}" is not a digest`);
}

export class ContentClient {
  readonly registry: string;
  readonly baseUrl: string;

  constructor(
    readonly transport: RegistryTransport,
    private readonly maxBlobBytes: number,
  ) {
    this.registry = transport.registry;
    this.baseUrl = transport.baseUrl;
  }

  /** `GET /v2/`: the registry answers and accepts our credentials. */
  async ping(): Promise<void> {
    const res = await this.transport.call({
      method: 'GET',
      url: '/v2/',
      ok: [200],
      what: 'checking the API (/v2/)',
    });
    await drain(res);
  }

  async getManifest(repo: string, ref: string): Promise<Manifest> {
    const manifest = await this.fetchManifest(repo, ref, false);
    if (!manifest) throw new Error('unreachable: fetchManifest returned nothing');
    return manifest;
  }

  /** The digest `ref` resolves to, or undefined when the tag / manifest / repository is unknown. */
  async headManifest(repo: string, ref: string): Promise<string | undefined> {
    assertRepository(repo);
    assertTagOrDigest(ref);
    const res = await this.transport.call({
      method: 'HEAD',
      url: `/v2/${repo}/manifests/${ref}`,
      repo,
      scope: pullScope(repo),
      headers: { Accept: MANIFEST_ACCEPT },
      ok: [200, 404],
      what: `resolving ${repo}:${ref}`,
    });
    await drain(res);
    if (res.status === 404) return undefined;
    const header = res.headers.get('docker-content-digest');
    if (header && isDigest(header)) {
      if (isDigest(ref) && header !== ref) {
        throw this.transport.error(
          'integrity',
          `${repo}@${ref} resolved to a different digest ${header}`,
          repo,
        );
      }
      return header;
    }
    // No Docker-Content-Digest on HEAD: read the manifest and hash it.
    return (await this.fetchManifest(repo, ref, true))?.digest;
  }

  /** PUTs manifest bytes under `ref` (tag or digest) and returns their digest, verified. */
  async putManifest(repo: string, ref: string, bytes: Buffer, mediaType: string): Promise<string> {
    return (await this.putManifestRaw(repo, ref, bytes, mediaType)).digest;
  }

  async hasBlob(repo: string, digest: string): Promise<boolean> {
    assertRepository(repo);
    assertDigest(this.transport, digest);
    const res = await this.transport.call({
      method: 'HEAD',
      url: `/v2/${repo}/blobs/${digest}`,
      repo,
      scope: pullScope(repo),
      ok: [200, 404],
      what: `checking blob ${digest} in ${repo}`,
    });
    await drain(res);
    return res.status === 200;
  }

  /** Reads a (small) blob and verifies its digest. Refuses blobs larger than maxBlobBytes. */
  async getBlob(repo: string, digest: string): Promise<Buffer> {
    assertRepository(repo);
    assertDigest(this.transport, digest);
    const res = await this.transport.call({
      method: 'GET',
      url: `/v2/${repo}/blobs/${digest}`,
      repo,
      scope: pullScope(repo),
      ok: [200],
      what: `reading blob ${digest} from ${repo}`,
      notFound: `blob ${digest} not found in ${this.registry}/${repo}`,
    });
    const length = Number(res.headers.get('content-length') ?? '0');
    if (length > this.maxBlobBytes) {
      await drain(res);
      throw this.transport.error(
        'protocol',
        `blob ${digest} in ${repo} is ${length} bytes, more than the ${this.maxBlobBytes} allowed`,
        repo,
      );
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const actual = computeDigest(bytes, digest.split(':')[0] ?? '');
    if (actual !== digest) {
      throw this.transport.error(
        'integrity',
        `blob ${digest} in ${repo} has different content (${actual ?? 'unknown algorithm'})`,
        repo,
      );
    }
    return bytes;
  }

  /** Uploads a blob (monolithic POST + PUT) unless the repository already has it. Returns its digest. */
  async pushBlob(repo: string, bytes: Buffer): Promise<string> {
    assertRepository(repo);
    const digest = sha256Digest(bytes);
    if (await this.hasBlob(repo, digest)) return digest;
    for (let round = 1; ; round++) {
      const location = await this.startUpload(repo);
      if (!location)
        throw this.transport.error('protocol', `the blob upload to ${repo} returned no Location`, repo);
      const url = new URL(location);
      url.searchParams.set('digest', digest);
      const put = await this.transport.call({
        method: 'PUT',
        url: url.toString(),
        repo,
        scope: pushScope(repo),
        headers: { 'Content-Type': 'application/octet-stream' },
        body: bytes,
        ok: [201, 404],
        what: `uploading blob ${digest} to ${repo}`,
        write: true,
      });
      await drain(put);
      if (put.status === 201) {
        const header = put.headers.get('docker-content-digest');
        if (header && header !== digest) {
          throw this.transport.error(
            'integrity',
            `the registry stored blob ${digest} as ${header} in ${repo}`,
            repo,
          );
        }
        return digest;
      }
      // 404 BLOB_UPLOAD_UNKNOWN: the session died (e.g. after a retried 5xx). Start over once.
      if (round >= 2)
        throw this.transport.error(
          'not-found',
          `the blob upload session for ${repo} was lost twice`,
          repo,
          404,
        );
    }
  }

  /**
   * Whether the registry takes pushes to `repo` now: starts a blob upload (the first thing a push
   * does, with push scope) and cancels it. Throws the typed RegistryError a push would meet:
   * `unavailable` (unreachable, 5xx or 429 after the retries, Retry-After honoured),
   * `unauthorized` (401: credentials missing, wrong, expired or revoked) or `forbidden`.
   */
  async checkPush(repo: string): Promise<void> {
    assertRepository(repo);
    const location = await this.startUpload(repo);
    if (!location) return;
    // Best effort: an abandoned session expires on its own.
    await this.transport
      .call({
        method: 'DELETE',
        url: location,
        repo,
        scope: pushScope(repo),
        ok: [200, 202, 204, 404, 405],
        what: `cancelling the blob upload to ${repo}`,
        write: true,
      })
      .then(drain)
      .catch(() => undefined);
  }

  /** Starts a blob upload session (POST, push scope); its absolute upload URL, if the registry gave one. */
  private async startUpload(repo: string): Promise<string | undefined> {
    const start = await this.transport.call({
      method: 'POST',
      url: `/v2/${repo}/blobs/uploads/`,
      repo,
      scope: pushScope(repo),
      headers: { 'Content-Length': '0' },
      ok: [202],
      what: `starting a blob upload to ${repo}`,
      write: true,
    });
    await drain(start);
    const location = start.headers.get('location');
    return location ? new URL(location, `${this.baseUrl}/v2/${repo}/blobs/uploads/`).toString() : undefined;
  }

  /** All tags of `repo` (following pagination); [] when the repository does not exist. */
  async listTags(repo: string): Promise<string[]> {
    assertRepository(repo);
    const tags: string[] = [];
    let url: string | undefined = `/v2/${repo}/tags/list`;
    for (let page = 0; url && page < 1000; page++) {
      const res = await this.transport.call({
        method: 'GET',
        url,
        repo,
        scope: pullScope(repo),
        ok: [200, 404],
        what: `listing tags of ${repo}`,
      });
      if (res.status === 404) {
        await drain(res);
        return tags;
      }
      const body = await this.transport.json(res, `the tag list of ${repo}`, repo);
      if (isRecord(body) && Array.isArray(body.tags)) {
        for (const tag of body.tags) if (typeof tag === 'string') tags.push(tag);
      }
      const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
      url = next ? new URL(next, this.baseUrl).toString() : undefined;
    }
    return tags;
  }

  /** Deletes a manifest (by digest; tags where the registry allows it). False when it was not there. */
  async deleteManifest(repo: string, ref: string): Promise<boolean> {
    assertRepository(repo);
    assertTagOrDigest(ref);
    const res = await this.transport.call({
      method: 'DELETE',
      url: `/v2/${repo}/manifests/${ref}`,
      repo,
      scope: deleteScope(repo),
      ok: [200, 202, 404],
      what: `deleting ${repo}@${ref}`,
      write: true,
    });
    await drain(res);
    return res.status !== 404;
  }

  /**
   * Points each tag at `digest` with the registry API only: GET the manifest by digest (unless the
   * caller passes it, already read: `manifest`), PUT the same bytes under the tag (no layer moves), then
   * verify the tag resolves to the digest.
   */
  async retag(repo: string, digest: string, tags: readonly string[], manifest?: Manifest): Promise<void> {
    assertDigest(this.transport, digest);
    for (const tag of tags) assertTagOrDigest(tag);
    if (manifest && manifest.digest !== digest)
      throw this.transport.error(
        'integrity',
        `retagging ${repo}@${digest} with the manifest of ${manifest.digest}`,
        repo,
      );
    const { bytes, mediaType } = manifest ?? (await this.getManifest(repo, digest));
    for (const tag of tags) {
      await this.putManifest(repo, tag, bytes, mediaType);
      const resolved = await this.headManifest(repo, tag);
      if (resolved !== digest) {
        throw this.transport.error(
          'integrity',
          `${repo}:${tag} resolves to ${resolved ?? 'nothing'} after tagging ${digest}`,
          repo,
        );
      }
    }
  }

  /** The manifest at ref; with allowMissing, undefined when it (or the repository) is not there. */
  async fetchManifest(repo: string, ref: string, allowMissing: boolean): Promise<Manifest | undefined> {
    assertRepository(repo);
    assertTagOrDigest(ref);
    const byDigest = isDigest(ref);
    const res = await this.transport.call({
      method: 'GET',
      url: `/v2/${repo}/manifests/${ref}`,
      repo,
      scope: pullScope(repo),
      headers: { Accept: MANIFEST_ACCEPT },
      ok: allowMissing ? [200, 404] : [200],
      what: `getting manifest ${repo}${byDigest ? '@' : ':'}${ref}`,
      notFound: byDigest
        ? `manifest ${ref} not found in ${this.registry}/${repo}: check the digest and the repository`
        : `tag "${ref}" not found in ${this.registry}/${repo}: check the repository name and that the tag was pushed`,
    });
    if (res.status === 404) {
      await drain(res);
      return undefined;
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const header = res.headers.get('docker-content-digest') ?? undefined;
    const expected = byDigest ? ref : header && isDigest(header) ? header : undefined;
    const algorithm = expected?.split(':')[0] ?? 'sha256';
    const digest = computeDigest(bytes, algorithm) ?? sha256Digest(bytes);
    if (expected && digest !== expected) {
      throw this.transport.error(
        'integrity',
        `the manifest of ${repo}${byDigest ? '@' : ':'}${ref} hashes to ${digest}, not ${expected}`,
        repo,
      );
    }
    let mediaType = contentType(res);
    if (!mediaType || mediaType === 'application/json' || mediaType === 'text/plain') {
      const body = parseJson(bytes);
      mediaType = isRecord(body) && typeof body.mediaType === 'string' ? body.mediaType : mediaType;
    }
    if (!mediaType)
      throw this.transport.error('protocol', `the manifest of ${repo}:${ref} has no media type`, repo);
    return { digest, mediaType, bytes };
  }

  /** PUTs a manifest; `subject` is the OCI-Subject header (the registry processed the manifest's subject). */
  async putManifestRaw(
    repo: string,
    ref: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; subject?: string }> {
    assertRepository(repo);
    assertTagOrDigest(ref);
    const digest = sha256Digest(bytes);
    if (isDigest(ref) && ref !== digest) {
      throw this.transport.error('integrity', `cannot PUT a manifest hashing to ${digest} as ${ref}`, repo);
    }
    const res = await this.transport.call({
      method: 'PUT',
      url: `/v2/${repo}/manifests/${ref}`,
      repo,
      scope: pushScope(repo),
      headers: { 'Content-Type': mediaType },
      body: bytes,
      ok: [200, 201, 202, 204],
      what: `pushing manifest ${repo}${isDigest(ref) ? '@' : ':'}${ref}`,
      write: true,
      notFound: `repository ${this.registry}/${repo} not found while pushing ${ref}: check the repository name and push access`,
    });
    await drain(res);
    const header = res.headers.get('docker-content-digest');
    if (header && header !== digest) {
      throw this.transport.error(
        'integrity',
        `the registry stored the manifest for ${repo}:${ref} as ${header}, but its bytes hash to ${digest}`,
        repo,
      );
    }
    const subject = res.headers.get('oci-subject') ?? undefined;
    return subject ? { digest, subject } : { digest };
  }
}
