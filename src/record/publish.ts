// Step "Record" of the QA pipeline: which verdicts earn the tested tag qa-<sha> and the record on
// the digest, and publishing them through the run's ImageStore (registry artifact + tag, or a
// local file + local tag). A failed verdict, a dirty tree or a run outside a checkout earns no tag;
// a failed verdict on a clean commit is still attached to the digest (the latest verdict decides).
import type { Logger } from '../model/log.js';
import { testedTag, type QaRecord } from '../model/record.js';
import type { ImageStore, Publication } from '../store/image-store.js';

/** Only a passed verdict on a clean checkout of a commit, with a digest, earns the tested tag. */
export function earnsTestedTag(record: QaRecord): boolean {
  return whyNoTestedTag(record) === undefined;
}

/** Why a record earns no tested tag (for the log), or undefined when it does. */
export function whyNoTestedTag(record: QaRecord): string | undefined {
  if (record.verdict !== 'passed') return 'the verdict is failed';
  return whyNotRecorded(record);
}

/**
 * Why a record says nothing about a commit's digest (so it is not attached to it), whatever its
 * verdict, or undefined when it does: a clean checkout of a commit, and an image that was built.
 */
export function whyNotRecorded(record: QaRecord): string | undefined {
  // Outside a checkout there is no commit whose tree was built: the tag qa-<sha> would claim one.
  // With --sha the record names that commit, but nothing ties the files that were built to it, so
  // it earns no tag either: only a real commit checked out (checkout_sha and its tree) does.
  if (record.source.checkout_sha === null || record.source.tree === null)
    return 'not a git checkout: no commit was checked out where QA ran, so what was tested is not a commit (run QA in a git checkout)';
  if (record.source.dirty)
    return 'the working tree was dirty (uncommitted changes): what was tested is not a commit';
  if (record.image.digest === null) return 'no image was built';
  return undefined;
}

/**
 * A failed verdict about a commit's digest is attached to the digest too (never tagged), so that
 * promote sees the latest verdict for the commit: a pass followed by a failed re-run is refused.
 */
export function recordsFailure(record: QaRecord): boolean {
  return record.verdict === 'failed' && whyNotRecorded(record) === undefined;
}

/** Attaches a failed record (recordsFailure) to its digest; throws InfrastructureError (exit 3). */
export async function attachFailure(
  store: ImageStore,
  record: QaRecord,
  logger: Pick<Logger, 'group'>,
  bundle?: Buffer,
): Promise<{ recordDigest?: string; recordPath?: string }> {
  const digest = record.image.digest;
  if (!digest || !recordsFailure(record))
    throw new Error(
      'attachFailure: only a failed verdict about a clean commit and a built image is attached',
    );
  return logger.group('Record', () => store.attach(record, digest, bundle));
}

/** Publishes a record (signed: `bundle`) that earnsTestedTag; throws InfrastructureError (exit 3) when the store fails. */
export async function publishVerdict(
  store: ImageStore,
  record: QaRecord,
  logger: Pick<Logger, 'group'>,
  bundle?: Buffer,
): Promise<Publication> {
  const digest = record.image.digest;
  if (!digest || !earnsTestedTag(record))
    throw new Error(`publishVerdict: the record earns no tested tag (${whyNoTestedTag(record) ?? ''})`);
  return logger.group('Record', () => store.publish(record, digest, testedTag(record.source.sha), bundle));
}
