// The ImageStore of local mode (no registry host): the image is identified by its ID in the local
// engine, tags are `docker tag`, and records are files under <root>/.immutable-qa (local.ts).
import { InfrastructureError } from '../model/errors.js';
import type { Logger } from '../model/log.js';
import type { QaRecord } from '../model/record.js';
import { ANNOTATION, parseQaRecord, RecordFormatError, type RecordArtifacts } from './artifact.js';
import type { ImageStore } from './image-store.js';
import {
  dockerTag,
  listIfExists,
  localImageId,
  localPromotionPath,
  localRecordPath,
  localRunRecordPath,
  localRunRecordsDir,
  localTag,
  readIfExists,
  writeJson,
} from './local.js';

export function localStore(repository: string, root: string, logger: Pick<Logger, 'info'>): ImageStore {
  return {
    repository,
    pushes: false,
    resolve: (tag) => localImageId(`${repository}:${tag}`),
    // An image ID is what containers run; `repository@<id>` is not a reference the engine knows.
    imageRef: (digest) => digest,
    async records(digest, sha) {
      const result: RecordArtifacts = { listed: [], found: [], unreadable: [] };
      // The passed record (qa-<sha>.json) and every run that earned no tag (qa-<sha>.runs/).
      const paths = [localRecordPath(root, sha), ...(await listIfExists(localRunRecordsDir(root, sha)))];
      for (const path of paths) {
        const text = await readIfExists(path);
        if (text === undefined) continue;
        let record: QaRecord;
        try {
          record = parseQaRecord(text);
        } catch (error) {
          if (error instanceof RecordFormatError) {
            result.unreadable.push({ digest: path, reason: error.message });
            continue;
          }
          throw error;
        }
        result.listed.push({
          mediaType: 'application/json',
          digest: record.image.digest ?? digest,
          size: text.length,
          annotations: { [ANNOTATION.sha]: record.source.sha },
        });
        if (record.source.sha !== sha) continue;
        // The file is the record "attached" to the image it names; local records are never signed
        // (config rules: record.signing needs a registry).
        const subject = record.image.digest
          ? { mediaType: 'application/vnd.docker.image.id', digest: record.image.digest, size: 0 }
          : undefined;
        result.found.push({
          artifactDigest: path,
          signed: false,
          payload: Buffer.from(text),
          ...(subject ? { subject } : {}),
          annotations: {},
        });
      }
      return result;
    },
    // The record is a file, not an artifact with a digest.
    citation: () => null,

    async publish(record, digest, tag) {
      const ref = `${repository}:${tag}`;
      const recordPath = localRecordPath(root, record.source.sha);
      await writeJson(recordPath, record);
      const id = await localImageId(digest);
      if (id !== digest) throw new InfrastructureError(`the tested image ${digest} is gone from the engine`);
      await localTag(digest, ref);
      logger.info(`tested tag: ${ref} → ${digest}; record: ${recordPath}`);
      return { testedTag: tag, ref, recordPath };
    },

    async attach(record, digest) {
      if (record.image.digest !== digest)
        throw new InfrastructureError(
          `attach: the record is about ${record.image.digest ?? 'no image'}, not ${digest}`,
        );
      const recordPath = localRunRecordPath(root, record.source.sha, record.created_at);
      await writeJson(recordPath, record);
      logger.info(`QA record (verdict ${record.verdict}) for ${digest}: ${recordPath}`);
      return { recordPath };
    },

    checkPush: () => Promise.resolve(),

    async prepare(digest) {
      if ((await localImageId(digest)) !== digest)
        throw new InfrastructureError(`the tested image ${digest} is gone from the local engine`);
    },
    setTag: (tag, digest) => dockerTag(digest, `${repository}:${tag}`),
    async restore(tag, prev) {
      if (!prev) return false;
      await localTag(prev, `${repository}:${tag}`);
      return true;
    },
    async writePromotionRecord(record) {
      const path = localPromotionPath(root, record.promoted.sha);
      await writeJson(path, record);
      return { path };
    },
  };
}
