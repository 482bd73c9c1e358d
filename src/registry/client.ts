// A small OCI distribution client: manifests, blobs, tags, referrers (API and fallback tag) and
// artifacts, with authentication (auth.ts), bounded retries and a request hook for tests.
import { createHash } from 'node:crypto';
import type { Logger } from '../model/log.js';
import { RegistryAuth, authHint, errorSummary } from './auth.js';
import type { Credential, CredentialOptions, TransportRequest } from './auth.js';
import { RegistryError } from './errors.js';
import type { RegistryErrorKind } from './errors.js';
import { assertRepository, assertTagOrDigest, isDigest, referrersTag } from './reference.js';

export const MediaType = {
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
} as const;

/** Every manifest type we read: Docker schema2 manifest + list, OCI manifest + index. */
export const MANIFEST_ACCEPT = [
  MediaType.ociIndex,
  MediaType.ociManifest,
  MediaType.dockerManifestList,
  MediaType.dockerManifest,
].join(', ');

/** The OCI empty descriptor's content: `{}`. */
export const EMPTY_JSON = Buffer.from('{}');
export const EMPTY_JSON_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

export interface Manifest {
  digest: string;
  mediaType: string;
  /** The exact bytes the registry holds: PUT them elsewhere and the digest stays the same. */
  bytes: Buffer;
}

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

export interface RegistryClientOptions {
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
  /** Largest blob getBlob reads (records, not layers). Default 16 MiB. */
  maxBlobBytes?: number;
}

export interface ArtifactPush {
  repo: string;
  /** The manifest the artifact is about. */
  subject: Descriptor;
  artifactType: string;
  payload: Buffer;
  payloadMediaType: string;
  annotations?: Record<string, string>;
  /** Also tag the artifact manifest (e.g. `sha256-<hex>.qa`); without it, it is pushed by digest. */
  tag?: string;
  /**
   * Also embed the payload in the layer descriptor's `data` field (OCI image-spec 1.1), so a reader
   * gets it with the manifest and needs no blob GET. The blob is pushed all the same.
   */
  embed?: boolean;
}

export interface PushedArtifact {
  /** Descriptor of the artifact manifest. */
  descriptor: Descriptor;
  digest: string;
  /** The registry processed `subject` (OCI-Subject header): the referrers API lists it. */
  referrersApi: boolean;
  /** The fallback index tag updated when the registry has no referrers API. */
  fallbackTag?: string;
  tag?: string;
}

export interface Artifact {
  digest: string;
  artifactType?: string;
  subject?: Descriptor;
  annotations: Record<string, string>;
  payloadMediaType: string;
  payload: Buffer;
}

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function computeDigest(bytes: Uint8Array, algorithm: string): string | undefined {
  if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') return undefined;
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
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

const pullScope = (repo: string): string => `repository:${repo}:pull`;
const pushScope = (repo: string): string => `repository:${repo}:pull,push`;
const deleteScope = (repo: string): string => `repository:${repo}:delete`;

type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';

interface Call {
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

export class RegistryClient {
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
  private readonly maxBlobBytes: number;

  constructor(private readonly options: RegistryClientOptions) {
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
    this.maxBlobBytes = options.maxBlobBytes ?? 16 * 1024 * 1024;
    this.auth = new RegistryAuth({
      registry: options.registry,
      ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
      transport: (request) => this.send(request),
      ...(options.logger ? { logger: options.logger } : {}),
      userAgent: this.userAgent,
    });
  }

  /** `GET /v2/`: the registry answers and accepts our credentials. */
  async ping(): Promise<void> {
    const res = await this.call({ method: 'GET', url: '/v2/', ok: [200], what: 'checking the API (/v2/)' });
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
    const res = await this.call({
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
        throw this.error('integrity', `${repo}@${ref} resolved to a different digest ${header}`, repo);
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
    this.assertDigest(digest);
    const res = await this.call({
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
    this.assertDigest(digest);
    const res = await this.call({
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
      throw this.error(
        'protocol',
        `blob ${digest} in ${repo} is ${length} bytes, more than the ${this.maxBlobBytes} allowed`,
        repo,
      );
    }
    const bytes = Buffer.from(await res.arrayBuffer());
    const actual = computeDigest(bytes, digest.split(':')[0] ?? '');
    if (actual !== digest) {
      throw this.error(
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
      const start = await this.call({
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
      if (!location) throw this.error('protocol', `the blob upload to ${repo} returned no Location`, repo);
      const url = new URL(location, `${this.baseUrl}/v2/${repo}/blobs/uploads/`);
      url.searchParams.set('digest', digest);
      const put = await this.call({
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
          throw this.error('integrity', `the registry stored blob ${digest} as ${header} in ${repo}`, repo);
        }
        return digest;
      }
      // 404 BLOB_UPLOAD_UNKNOWN: the session died (e.g. after a retried 5xx). Start over once.
      if (round >= 2)
        throw this.error('not-found', `the blob upload session for ${repo} was lost twice`, repo, 404);
    }
  }

  /** All tags of `repo` (following pagination); [] when the repository does not exist. */
  async listTags(repo: string): Promise<string[]> {
    assertRepository(repo);
    const tags: string[] = [];
    let url: string | undefined = `/v2/${repo}/tags/list`;
    for (let page = 0; url && page < 1000; page++) {
      const res = await this.call({
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
      const body = await this.json(res, `the tag list of ${repo}`, repo);
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
    const res = await this.call({
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
   * Manifests whose `subject` is `digest`: the referrers API, or (when it answers 404) the
   * fallback tag `sha256-<hex>`'s index. Filtered by artifactType when given.
   */
  async getReferrers(repo: string, digest: string, artifactType?: string): Promise<Descriptor[]> {
    assertRepository(repo);
    this.assertDigest(digest);
    const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
    const res = await this.call({
      method: 'GET',
      url: `/v2/${repo}/referrers/${digest}${query}`,
      repo,
      scope: pullScope(repo),
      headers: { Accept: MediaType.ociIndex },
      ok: [200, 404],
      what: `listing referrers of ${repo}@${digest}`,
    });
    let descriptors: Descriptor[];
    let filtered = false;
    if (res.status === 200 && contentType(res) === MediaType.ociIndex) {
      descriptors = this.indexDescriptors(await this.json(res, `the referrers of ${digest}`, repo), repo).map(
        (d) => d.descriptor,
      );
      filtered = (res.headers.get('oci-filters-applied') ?? '')
        .split(',')
        .some((f) => f.trim() === 'artifactType');
    } else {
      await drain(res);
      this.options.logger?.debug(
        `registry: no referrers API on ${this.registry}, reading ${referrersTag(digest)}`,
      );
      const index = await this.fetchManifest(repo, referrersTag(digest), true);
      if (!index) return [];
      descriptors = this.indexDescriptors(parseJson(index.bytes), repo).map((d) => d.descriptor);
    }
    return artifactType && !filtered
      ? descriptors.filter((d) => d.artifactType === artifactType)
      : descriptors;
  }

  /**
   * Pushes an OCI artifact: an image manifest with `artifactType`, the empty config, one layer
   * (the payload) and `subject`. When the registry does not process `subject` (no OCI-Subject
   * header), the fallback index `sha256-<hex>` is updated so getReferrers finds it.
   */
  async pushArtifact(artifact: ArtifactPush): Promise<PushedArtifact> {
    const { repo, subject } = artifact;
    assertRepository(repo);
    this.assertDigest(subject.digest);
    if (artifact.tag !== undefined) assertTagOrDigest(artifact.tag);
    await this.pushBlob(repo, EMPTY_JSON);
    const payloadDigest = await this.pushBlob(repo, artifact.payload);
    const layer: Record<string, unknown> = {
      mediaType: artifact.payloadMediaType,
      digest: payloadDigest,
      size: artifact.payload.length,
    };
    if (artifact.embed) layer.data = artifact.payload.toString('base64');
    const manifest: Record<string, unknown> = {
      schemaVersion: 2,
      mediaType: MediaType.ociManifest,
      artifactType: artifact.artifactType,
      config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: EMPTY_JSON.length },
      layers: [layer],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    };
    if (artifact.annotations && Object.keys(artifact.annotations).length > 0)
      manifest.annotations = artifact.annotations;
    const bytes = Buffer.from(JSON.stringify(manifest));
    const digest = sha256Digest(bytes);
    const put = await this.putManifestRaw(repo, artifact.tag ?? digest, bytes, MediaType.ociManifest);
    const descriptor: Descriptor = {
      mediaType: MediaType.ociManifest,
      digest,
      size: bytes.length,
      artifactType: artifact.artifactType,
      ...(manifest.annotations ? { annotations: artifact.annotations } : {}),
    };
    const referrersApi = put.subject !== undefined;
    const pushed: PushedArtifact = { descriptor, digest, referrersApi };
    if (artifact.tag !== undefined) pushed.tag = artifact.tag;
    if (!referrersApi) pushed.fallbackTag = await this.addToFallbackIndex(repo, subject.digest, descriptor);
    return pushed;
  }

  /**
   * Reads an artifact pushed by pushArtifact (by digest or tag): its manifest fields and payload.
   * An embedded payload (`data`, verified against the layer digest) saves the blob GET.
   */
  async getArtifact(repo: string, ref: string): Promise<Artifact> {
    return this.artifactFromManifest(repo, await this.getManifest(repo, ref));
  }

  /** getArtifact for a manifest already read. */
  private async artifactFromManifest(repo: string, manifest: Manifest): Promise<Artifact> {
    const ref = manifest.digest;
    const body = parseJson(manifest.bytes);
    const layers = isRecord(body) && Array.isArray(body.layers) ? body.layers : [];
    const layer = layers[0] !== undefined ? toDescriptor(layers[0]) : undefined;
    if (!isRecord(body) || !layer || layers.length !== 1) {
      throw this.error('protocol', `${repo}@${ref} is not an artifact with exactly one layer`, repo);
    }
    const artifact: Artifact = {
      digest: manifest.digest,
      annotations: stringRecord(body.annotations),
      payloadMediaType: layer.mediaType,
      payload: embeddedData(layers[0], layer) ?? (await this.getBlob(repo, layer.digest)),
    };
    if (typeof body.artifactType === 'string') artifact.artifactType = body.artifactType;
    const subject = toDescriptor(body.subject);
    if (subject) artifact.subject = subject;
    return artifact;
  }

  /**
   * Points each tag at `digest` with the registry API only: GET the manifest by digest (unless the
   * caller passes it, already read: `manifest`), PUT the same bytes under the tag (no layer moves), then
   * verify the tag resolves to the digest.
   */
  async retag(repo: string, digest: string, tags: readonly string[], manifest?: Manifest): Promise<void> {
    this.assertDigest(digest);
    for (const tag of tags) assertTagOrDigest(tag);
    if (manifest && manifest.digest !== digest)
      throw this.error(
        'integrity',
        `retagging ${repo}@${digest} with the manifest of ${manifest.digest}`,
        repo,
      );
    const { bytes, mediaType } = manifest ?? (await this.getManifest(repo, digest));
    for (const tag of tags) {
      await this.putManifest(repo, tag, bytes, mediaType);
      const resolved = await this.headManifest(repo, tag);
      if (resolved !== digest) {
        throw this.error(
          'integrity',
          `${repo}:${tag} resolves to ${resolved ?? 'nothing'} after tagging ${digest}`,
          repo,
        );
      }
    }
  }

  // -------------------------------------------------------------------------------------------

  private async fetchManifest(
    repo: string,
    ref: string,
    allowMissing: boolean,
  ): Promise<Manifest | undefined> {
    assertRepository(repo);
    assertTagOrDigest(ref);
    const byDigest = isDigest(ref);
    const res = await this.call({
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
      throw this.error(
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
    if (!mediaType) throw this.error('protocol', `the manifest of ${repo}:${ref} has no media type`, repo);
    return { digest, mediaType, bytes };
  }

  private async putManifestRaw(
    repo: string,
    ref: string,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; subject?: string }> {
    assertRepository(repo);
    assertTagOrDigest(ref);
    const digest = sha256Digest(bytes);
    if (isDigest(ref) && ref !== digest) {
      throw this.error('integrity', `cannot PUT a manifest hashing to ${digest} as ${ref}`, repo);
    }
    const res = await this.call({
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
      throw this.error(
        'integrity',
        `the registry stored the manifest for ${repo}:${ref} as ${header}, but its bytes hash to ${digest}`,
        repo,
      );
    }
    const subject = res.headers.get('oci-subject') ?? undefined;
    return subject ? { digest, subject } : { digest };
  }

  private async addToFallbackIndex(repo: string, subject: string, descriptor: Descriptor): Promise<string> {
    const tag = referrersTag(subject);
    // Read-modify-write; re-check afterwards in case a concurrent writer replaced the index.
    for (let round = 1; round <= 3; round++) {
      const existing = await this.fetchManifest(repo, tag, true);
      let entries: Record<string, unknown>[] = [];
      if (existing) {
        if (existing.mediaType !== MediaType.ociIndex) {
          throw this.error(
            'protocol',
            `${repo}:${tag} exists but is not an OCI index (${existing.mediaType}): it cannot hold the referrers of ${subject}`,
            repo,
          );
        }
        entries = this.indexDescriptors(parseJson(existing.bytes), repo)
          .filter((d) => d.descriptor.digest !== descriptor.digest)
          .map((d) => d.raw);
      }
      const index = {
        schemaVersion: 2,
        mediaType: MediaType.ociIndex,
        manifests: [...entries, { ...descriptor }],
      };
      await this.putManifest(repo, tag, Buffer.from(JSON.stringify(index)), MediaType.ociIndex);
      const check = await this.fetchManifest(repo, tag, true);
      const listed = check
        ? this.indexDescriptors(parseJson(check.bytes), repo).some(
            (d) => d.descriptor.digest === descriptor.digest,
          )
        : false;
      if (listed) return tag;
      this.options.logger?.debug(`registry: ${repo}:${tag} changed concurrently, retrying (${round})`);
    }
    throw this.error(
      'protocol',
      `could not add ${descriptor.digest} to the referrers index ${repo}:${tag}`,
      repo,
    );
  }

  private indexDescriptors(
    body: unknown,
    repo: string,
  ): { descriptor: Descriptor; raw: Record<string, unknown> }[] {
    if (!isRecord(body) || !Array.isArray(body.manifests)) {
      throw this.error('protocol', `an index in ${repo} has no "manifests" list`, repo);
    }
    const out: { descriptor: Descriptor; raw: Record<string, unknown> }[] = [];
    for (const raw of body.manifests) {
      const descriptor = toDescriptor(raw);
      if (descriptor && isRecord(raw)) out.push({ descriptor, raw });
    }
    return out;
  }

  private async json(res: Response, what: string, repo: string): Promise<unknown> {
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw this.error('protocol', `${what} is not valid JSON`, repo);
    }
  }

  private assertDigest(digest: string): void {
    assertTagOrDigest(digest);
    if (!isDigest(digest)) throw this.error('protocol', `"${digest}" is not a digest`);
  }

  private error(
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

  /** One logical request: authentication (one challenge round) and error mapping. */
  private async call(call: Call): Promise<Response> {
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
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const requestBytes = current.body?.length ?? 0;
      let res: Response;
      try {
        const init: RequestInit = {
          method: current.method,
          headers: { 'User-Agent': this.userAgent, ...current.headers },
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        };
        if (current.body) init.body = new Uint8Array(current.body);
        res = await this.fetchImpl(current.url, init);
      } catch (error) {
        const durationMs = Date.now() - started;
        this.options.onRequest?.(current.method, current.url, 0, { attempt, durationMs, requestBytes });
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
        await this.sleep(this.backoff(attempt));
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
          await this.sleep(Math.min(delay, this.maxDelayMs));
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

  private backoff(attempt: number): number {
    return Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
  }

  private log(message: string): void {
    this.options.logger?.debug(`registry: ${this.auth.scrub(message)}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

function toDescriptor(value: unknown): Descriptor | undefined {
  if (!isRecord(value)) return undefined;
  const { mediaType, digest, size, artifactType, annotations } = value;
  if (
    typeof mediaType !== 'string' ||
    typeof digest !== 'string' ||
    !isDigest(digest) ||
    typeof size !== 'number'
  ) {
    return undefined;
  }
  const descriptor: Descriptor = { mediaType, digest, size };
  if (typeof artifactType === 'string') descriptor.artifactType = artifactType;
  if (isRecord(annotations)) descriptor.annotations = stringRecord(annotations);
  return descriptor;
}

/** A descriptor's embedded `data`, when present and matching its digest and size. */
function embeddedData(raw: unknown, descriptor: Descriptor): Buffer | undefined {
  if (!isRecord(raw) || typeof raw.data !== 'string') return undefined;
  const bytes = Buffer.from(raw.data, 'base64');
  const algorithm = descriptor.digest.split(':')[0] ?? '';
  if (bytes.length !== descriptor.size || computeDigest(bytes, algorithm) !== descriptor.digest)
    return undefined;
  return bytes;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

function contentType(res: Response): string | undefined {
  const value = res.headers.get('content-type');
  return value ? (value.split(';')[0] ?? '').trim().toLowerCase() || undefined : undefined;
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

async function drain(res: Response): Promise<void> {
  try {
    await res.body?.cancel();
  } catch {
    // already consumed
  }
}
