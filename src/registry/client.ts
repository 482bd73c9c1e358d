// The OCI distribution client the rest of src/ uses: manifests, blobs and tags (content.ts), referrers
// (API and fallback index, referrers.ts) and artifacts (artifacts.ts), over one transport with
// authentication, bounded retries and a request hook for tests (transport.ts).
import type { Artifact, ArtifactPush, PushedArtifact } from './artifacts.js';
import { getArtifact, pushArtifact } from './artifacts.js';
import { ContentClient } from './content.js';
import type { Descriptor } from './oci.js';
import { getReferrers } from './referrers.js';
import { RegistryTransport, type TransportOptions } from './transport.js';

export type { Artifact, ArtifactPush, PushedArtifact } from './artifacts.js';
export {
  EMPTY_JSON,
  EMPTY_JSON_DIGEST,
  MANIFEST_ACCEPT,
  MediaType,
  sha256Digest,
  type Descriptor,
  type Manifest,
} from './oci.js';
export {
  registryBaseUrl,
  retryAfterMs,
  type RequestHook,
  type RequestInfo,
  type RetryOptions,
} from './transport.js';

export interface RegistryClientOptions extends TransportOptions {
  /** Largest blob getBlob reads (records, not layers). Default 16 MiB. */
  maxBlobBytes?: number;
}

export class RegistryClient extends ContentClient {
  constructor(options: RegistryClientOptions) {
    super(new RegistryTransport(options), options.maxBlobBytes ?? 16 * 1024 * 1024);
  }

  /**
   * Manifests whose `subject` is `digest`: the referrers API, or (when it answers 404) the
   * fallback tag `sha256-<hex>`'s index. Filtered by artifactType when given.
   */
  getReferrers(repo: string, digest: string, artifactType?: string): Promise<Descriptor[]> {
    return getReferrers(this, repo, digest, artifactType);
  }

  /**
   * Pushes an OCI artifact: an image manifest with `artifactType`, the empty config, one layer
   * (the payload) and `subject`. When the registry does not process `subject` (no OCI-Subject
   * header), the fallback index `sha256-<hex>` is updated so getReferrers finds it.
   */
  pushArtifact(artifact: ArtifactPush): Promise<PushedArtifact> {
    return pushArtifact(this, artifact);
  }

  /**
   * Reads an artifact pushed by pushArtifact (by digest or tag): its manifest fields and payload.
   * An embedded payload (`data`, verified against the layer digest) saves the blob GET.
   */
  getArtifact(repo: string, ref: string): Promise<Artifact> {
    return getArtifact(this, repo, ref);
  }
}
