// The ImageStore of registry mode: tags and records on the registry through one RegistryClient
// for the whole run. Tagging copies the tested manifest's bytes (no layer moves); records are OCI
// artifacts whose subject is the tested manifest.
import type { Logger } from '../model/log.js';
import type { Manifest, PushedArtifact, RegistryClient } from '../registry/client.js';
import type { QaRecord } from '../model/record.js';
import {
  ANNOTATION,
  descriptorOf,
  findRecordArtifacts,
  PROMOTION_ARTIFACT_TYPE,
  pushRecordArtifact,
  QA_PREDICATE_TYPE,
  RECORD_ARTIFACT_TYPE,
  recordPayload,
  recordTag,
  SIGNED_RECORD_ARTIFACT_TYPE,
} from './artifact.js';
import type { ImageStore } from './image-store.js';

export function registryStore(
  repository: string,
  { client, repo }: { client: RegistryClient; repo: string },
  logger: Pick<Logger, 'info'>,
): ImageStore {
  /** The tested manifest: the bytes every promoted tag gets, and the promotion record's subject. */
  let subject: Manifest | undefined;
  const manifestCache = new Map<string, { bytes: Buffer; mediaType: string }>();

  /**
   * The QA record as an artifact whose subject is the tested manifest (any verdict; no qa- tag):
   * the signed bundle, or the plain record under the tag sha256-<hex>.qa when unsigned.
   */
  async function attachRecord(
    record: QaRecord,
    manifest: Manifest,
    bundle?: Buffer,
  ): Promise<PushedArtifact> {
    const digest = manifest.digest;
    const annotations: Record<string, string> = {
      [ANNOTATION.sha]: record.source.sha,
      [ANNOTATION.verdict]: record.verdict,
      [ANNOTATION.created]: record.created_at,
    };
    if (record.source.pr !== null) annotations[ANNOTATION.pr] = String(record.source.pr);
    const about = { repo, subject: descriptorOf(manifest) };
    const pushed = await pushRecordArtifact(
      client,
      bundle
        ? {
            ...about,
            artifactType: SIGNED_RECORD_ARTIFACT_TYPE,
            payload: bundle,
            annotations: {
              ...annotations,
              [ANNOTATION.bundleContent]: 'dsse-envelope',
              [ANNOTATION.predicateType]: QA_PREDICATE_TYPE,
            },
          }
        : {
            ...about,
            artifactType: RECORD_ARTIFACT_TYPE,
            payload: recordPayload(record),
            annotations,
            tag: recordTag(digest),
          },
    );
    logger.info(
      `${bundle ? 'signed' : 'unsigned'} QA record ${pushed.digest} (verdict ${record.verdict}) attached to ${digest} (${pushed.referrersApi ? 'referrers API' : `fallback index ${pushed.fallbackTag ?? ''}`}${bundle ? '' : `; tag ${recordTag(digest)}`})`,
    );
    return pushed;
  }

  return {
    repository,
    pushes: true,
    resolve: (tag) => client.headManifest(repo, tag),
    imageRef: (digest) => `${repository}@${digest}`,
    records: (digest, sha) => findRecordArtifacts(client, repo, digest, sha),
    citation: (found) => found.artifactDigest,

    async publish(record, digest, tag, bundle) {
      const ref = `${repository}:${tag}`;
      // The subject descriptor needs the tested manifest's media type and size.
      const manifest = await client.getManifest(repo, digest);
      const pushed = await attachRecord(record, manifest, bundle);
      // The tested tag: the same manifest bytes under qa-<sha> (no layer moves), then verified.
      await client.retag(repo, digest, [tag], manifest);
      logger.info(`tested tag: ${ref} → ${digest}`);
      return { testedTag: tag, ref, recordDigest: pushed.digest, referrersApi: pushed.referrersApi };
    },

    async attach(record, digest, bundle) {
      const pushed = await attachRecord(record, await client.getManifest(repo, digest), bundle);
      return { recordDigest: pushed.digest };
    },

    checkPush: () => client.checkPush(repo),

    async prepare(digest) {
      subject = await client.getManifest(repo, digest);
    },
    async setTag(tag, digest) {
      if (!subject || subject.digest !== digest) throw new Error('promote: prepare() first');
      await client.putManifest(repo, tag, subject.bytes, subject.mediaType);
    },
    async restore(tag, prev) {
      if (!prev) return false;
      const old = manifestCache.get(prev) ?? (await client.getManifest(repo, prev));
      manifestCache.set(prev, old);
      await client.putManifest(repo, tag, old.bytes, old.mediaType);
      return true;
    },
    async writePromotionRecord(record) {
      if (!subject) throw new Error('promote: prepare() first');
      const pushed = await pushRecordArtifact(client, {
        repo,
        subject: descriptorOf(subject),
        artifactType: PROMOTION_ARTIFACT_TYPE,
        payload: recordPayload(record),
        annotations: {
          [ANNOTATION.sha]: record.promoted.sha,
          [ANNOTATION.tags]: record.tags.join(','),
          [ANNOTATION.created]: record.promoted_at,
        },
      });
      return { digest: pushed.digest };
    },
  };
}
