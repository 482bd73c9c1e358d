// OCI data, no I/O: media types, descriptors, manifests as bytes, digests, and the readers of the
// JSON the registry hands back. Shared by the transport, the client, referrers and artifacts.
import { createHash } from 'node:crypto';
import { isDigest } from './reference.js';

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

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function computeDigest(bytes: Uint8Array, algorithm: string): string | undefined {
  if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512') return undefined;
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function toDescriptor(value: unknown): Descriptor | undefined {
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
export function embeddedData(raw: unknown, descriptor: Descriptor): Buffer | undefined {
  if (!isRecord(raw) || typeof raw.data !== 'string') return undefined;
  const bytes = Buffer.from(raw.data, 'base64');
  const algorithm = descriptor.digest.split(':')[0] ?? '';
  if (bytes.length !== descriptor.size || computeDigest(bytes, algorithm) !== descriptor.digest)
    return undefined;
  return bytes;
}

export function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function contentType(res: Response): string | undefined {
  const value = res.headers.get('content-type');
  return value ? (value.split(';')[0] ?? '').trim().toLowerCase() || undefined : undefined;
}
