// Referrers: the manifests whose `subject` is a digest. The OCI referrers API when the registry has it;
// else the fallback index tagged `sha256-<hex>`, which pushArtifact keeps up to date (read-modify-write).
import type { ContentClient } from './content.js';
import { assertDigest } from './content.js';
import { contentType, isRecord, MediaType, parseJson, toDescriptor, type Descriptor } from './oci.js';
import { assertRepository, referrersTag } from './reference.js';
import { drain, pullScope, type RegistryTransport } from './transport.js';

/**
 * Manifests whose `subject` is `digest`: the referrers API, or (when it answers 404) the
 * fallback tag `sha256-<hex>`'s index. Filtered by artifactType when given.
 */
export async function getReferrers(
  content: ContentClient,
  repo: string,
  digest: string,
  artifactType?: string,
): Promise<Descriptor[]> {
  assertRepository(repo);
  assertDigest(content.transport, digest);
  const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
  const res = await content.transport.call({
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
    descriptors = indexDescriptors(
      content.transport,
      await content.transport.json(res, `the referrers of ${digest}`, repo),
      repo,
    ).map((d) => d.descriptor);
    filtered = (res.headers.get('oci-filters-applied') ?? '')
      .split(',')
      .some((f) => f.trim() === 'artifactType');
  } else {
    await drain(res);
    content.transport.debug(
      `registry: no referrers API on ${content.registry}, reading ${referrersTag(digest)}`,
    );
    const index = await content.fetchManifest(repo, referrersTag(digest), true);
    if (!index) return [];
    descriptors = indexDescriptors(content.transport, parseJson(index.bytes), repo).map((d) => d.descriptor);
  }
  return artifactType && !filtered ? descriptors.filter((d) => d.artifactType === artifactType) : descriptors;
}

/**
 * Adds descriptor to the fallback index `sha256-<hex>` of subject (for registries without the
 * referrers API); returns the tag.
 */
export async function addToFallbackIndex(
  content: ContentClient,
  repo: string,
  subject: string,
  descriptor: Descriptor,
): Promise<string> {
  const tag = referrersTag(subject);
  // Read-modify-write; re-check afterwards in case a concurrent writer replaced the index.
  for (let round = 1; round <= 3; round++) {
    const existing = await content.fetchManifest(repo, tag, true);
    let entries: Record<string, unknown>[] = [];
    if (existing) {
      if (existing.mediaType !== MediaType.ociIndex) {
        throw content.transport.error(
          'protocol',
          `${repo}:${tag} exists but is not an OCI index (${existing.mediaType}): it cannot hold the referrers of ${subject}`,
          repo,
        );
      }
      entries = indexDescriptors(content.transport, parseJson(existing.bytes), repo)
        .filter((d) => d.descriptor.digest !== descriptor.digest)
        .map((d) => d.raw);
    }
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [...entries, { ...descriptor }],
    };
    await content.putManifest(repo, tag, Buffer.from(JSON.stringify(index)), MediaType.ociIndex);
    const check = await content.fetchManifest(repo, tag, true);
    const listed = check
      ? indexDescriptors(content.transport, parseJson(check.bytes), repo).some(
          (d) => d.descriptor.digest === descriptor.digest,
        )
      : false;
    if (listed) return tag;
    content.transport.debug(`registry: ${repo}:${tag} changed concurrently, retrying (${round})`);
  }
  throw content.transport.error(
    'protocol',
    `could not add ${descriptor.digest} to the referrers index ${repo}:${tag}`,
    repo,
  );
}

/** The descriptors of an index, each with its raw JSON (kept as is when the index is rewritten). */
function indexDescriptors(
  transport: RegistryTransport,
  body: unknown,
  repo: string,
): { descriptor: Descriptor; raw: Record<string, unknown> }[] {
  if (!isRecord(body) || !Array.isArray(body.manifests)) {
    throw transport.error('protocol', `an index in ${repo} has no "manifests" list`, repo);
  }
  const out: { descriptor: Descriptor; raw: Record<string, unknown> }[] = [];
  for (const raw of body.manifests) {
    const descriptor = toDescriptor(raw);
    if (descriptor && isRecord(raw)) out.push({ descriptor, raw });
  }
  return out;
}
