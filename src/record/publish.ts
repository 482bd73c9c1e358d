// Step "Record" of the QA pipeline, registry side: a passed verdict on a clean tree is pushed as
// an OCI artifact whose subject is the tested manifest, then the tag qa-<sha> is set on the tested
// digest. A failed verdict or a dirty tree earns neither. Local mode: a file + a local tag.
import type { Config } from '../config/schema.js';
import { InfrastructureError } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import { imageRepository, type RegistryAccess } from '../store/access.js';
import {
  ANNOTATION,
  descriptorOf,
  pushRecordArtifact,
  RECORD_ARTIFACT_TYPE,
  recordPayload,
  recordTag,
} from './artifact.js';
import { testedTag } from '../model/record.js';
import { localImageId, localRecordPath, localTag, writeJson } from '../store/local.js';
import type { QaRecord } from '../model/record.js';

export interface Publication {
  /** `qa-<sha>` */
  testedTag: string;
  /** `repository:qa-<sha>` */
  ref: string;
  /** Registry mode: digest of the record artifact. */
  recordDigest?: string;
  /** Registry mode: whether the registry listed the record through its referrers API. */
  referrersApi?: boolean;
  /** Local mode: the record file promote reads. */
  recordPath?: string;
}

/** Only a passed verdict on a clean tree, with a digest, earns the tested tag. */
export function earnsTestedTag(record: QaRecord): boolean {
  return whyNoTestedTag(record) === undefined;
}

/** Why a record earns no tested tag (for the log), or undefined when it does. */
export function whyNoTestedTag(record: QaRecord): string | undefined {
  if (record.verdict !== 'passed') return 'the verdict is failed';
  if (record.source.dirty)
    return 'the working tree was dirty (uncommitted changes): what was tested is not a commit';
  if (record.image.digest === null) return 'no image was built';
  return undefined;
}

export interface PublishOptions {
  config: Config;
  record: QaRecord;
  logger: Logger;
  registry?: RegistryAccess;
}

/** Publishes a record that earnsTestedTag; throws InfrastructureError (exit 3) when the registry fails. */
export async function publishVerdict(options: PublishOptions): Promise<Publication> {
  const { config, record, logger } = options;
  const digest = record.image.digest;
  if (!digest || !earnsTestedTag(record))
    throw new Error(`publishVerdict: the record earns no tested tag (${whyNoTestedTag(record) ?? ''})`);
  const tag = testedTag(record.source.sha);
  const ref = `${config.image.repository}:${tag}`;

  if (config.image.local) {
    const recordPath = localRecordPath(config.root, record.source.sha);
    await writeJson(recordPath, record);
    const id = await localImageId(digest);
    if (id !== digest) throw new InfrastructureError(`the tested image ${digest} is gone from the engine`);
    await localTag(digest, ref);
    logger.info(`tested tag: ${ref} → ${digest}; record: ${recordPath}`);
    return { testedTag: tag, ref, recordPath };
  }

  const { client, repo } = imageRepository(config, options.registry, logger);
  // The subject descriptor needs the tested manifest's media type and size.
  const manifest = await client.getManifest(repo, digest);
  const annotations: Record<string, string> = {
    [ANNOTATION.sha]: record.source.sha,
    [ANNOTATION.verdict]: record.verdict,
    [ANNOTATION.created]: record.created_at,
  };
  if (record.source.pr !== null) annotations[ANNOTATION.pr] = String(record.source.pr);
  const pushed = await pushRecordArtifact(client, {
    repo,
    subject: descriptorOf(manifest),
    artifactType: RECORD_ARTIFACT_TYPE,
    payload: recordPayload(record),
    annotations,
    tag: recordTag(digest),
  });
  logger.info(
    `QA record ${pushed.digest} attached to ${digest} (${pushed.referrersApi ? 'referrers API' : `fallback index ${pushed.fallbackTag ?? ''}`}; tag ${recordTag(digest)})`,
  );
  // The tested tag: the same manifest bytes under qa-<sha> (no layer moves), then verified.
  await client.retag(repo, digest, [tag], manifest);
  logger.info(`tested tag: ${ref} → ${digest}`);
  return { testedTag: tag, ref, recordDigest: pushed.digest, referrersApi: pushed.referrersApi };
}
