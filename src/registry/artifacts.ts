// OCI artifacts: a manifest with `artifactType`, the empty config, one payload layer and `subject`
// (the QA and promotion records). Pushing one also updates the fallback referrers index when needed.
import type { ContentClient } from './content.js';
import { assertDigest } from './content.js';
import {
  EMPTY_JSON,
  EMPTY_JSON_DIGEST,
  embeddedData,
  isRecord,
  MediaType,
  parseJson,
  sha256Digest,
  stringRecord,
  toDescriptor,
  type Descriptor,
  type Manifest,
} from './oci.js';
import { assertRepository, assertTagOrDigest } from './reference.js';
import { addToFallbackIndex } from './referrers.js';

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

/**
 * Pushes an OCI artifact: an image manifest with `artifactType`, the empty config, one layer
 * (the payload) and `subject`. When the registry does not process `subject` (no OCI-Subject
 * header), the fallback index `sha256-<hex>` is updated so getReferrers finds it.
 */
export async function pushArtifact(content: ContentClient, artifact: ArtifactPush): Promise<PushedArtifact> {
  const { repo, subject } = artifact;
  assertRepository(repo);
  assertDigest(content.transport, subject.digest);
  if (artifact.tag !== undefined) assertTagOrDigest(artifact.tag);
  await content.pushBlob(repo, EMPTY_JSON);
  const payloadDigest = await content.pushBlob(repo, artifact.payload);
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
  const put = await content.putManifestRaw(repo, artifact.tag ?? digest, bytes, MediaType.ociManifest);
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
  if (!referrersApi) pushed.fallbackTag = await addToFallbackIndex(content, repo, subject.digest, descriptor);
  return pushed;
}

/**
 * Reads an artifact pushed by pushArtifact (by digest or tag): its manifest fields and payload.
 * An embedded payload (`data`, verified against the layer digest) saves the blob GET.
 */
export async function getArtifact(content: ContentClient, repo: string, ref: string): Promise<Artifact> {
  return artifactFromManifest(content, repo, await content.getManifest(repo, ref));
}

/** getArtifact for a manifest already read. */
async function artifactFromManifest(
  content: ContentClient,
  repo: string,
  manifest: Manifest,
): Promise<Artifact> {
  const ref = manifest.digest;
  const body = parseJson(manifest.bytes);
  const layers = isRecord(body) && Array.isArray(body.layers) ? body.layers : [];
  const layer = layers[0] !== undefined ? toDescriptor(layers[0]) : undefined;
  if (!isRecord(body) || !layer || layers.length !== 1) {
    throw content.transport.error(
      'protocol',
      `${repo}@${ref} is not an artifact with exactly one layer`,
      repo,
    );
  }
  const artifact: Artifact = {
    digest: manifest.digest,
    annotations: stringRecord(body.annotations),
    payloadMediaType: layer.mediaType,
    payload: embeddedData(layers[0], layer) ?? (await content.getBlob(repo, layer.digest)),
  };
  if (typeof body.artifactType === 'string') artifact.artifactType = body.artifactType;
  const subject = toDescriptor(body.subject);
  if (subject) artifact.subject = subject;
  return artifact;
}
