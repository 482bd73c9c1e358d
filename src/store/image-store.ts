// Where the tested digest lives, as one interface: QA, promote and the load baseline read and tag
// images through it and never ask which mode they are in. Two implementations: the registry
// (registry-store.ts) and the local engine (local-store.ts); store.ts picks one, once per run.
import type { PromotionRecord, QaRecord } from '../model/record.js';
import type { FoundRecord, RecordArtifacts } from './artifact.js';

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

export interface ImageStore {
  /** The config's image.repository. */
  readonly repository: string;
  /**
   * Whether a build pushes the image here (registry: the digest is the pushed manifest's) or
   * leaves it in the local engine (its image ID is the digest).
   */
  readonly pushes: boolean;
  /** What a tag resolves to (manifest digest, or image ID in the local engine), or undefined. */
  resolve(tag: string): Promise<string | undefined>;
  /** What containers run for a digest: `repository@digest`, or the image ID itself. */
  imageRef(digest: string): string;
  /** The QA record artifacts attached to `digest` for commit `sha`, unverified (record/trust.ts opens them). */
  records(digest: string, sha: string): Promise<RecordArtifacts>;
  /** What a promotion record cites as the QA record it relied on: the artifact digest, or null (a file). */
  citation(found: FoundRecord): string | null;
  /**
   * Attaches a QA record to `digest` and points `tag` at the digest, verified; throws
   * InfrastructureError. With `bundle` (the signed statement of the record) the bundle is what is
   * attached; without, the plain record (record.signing: none).
   */
  publish(record: QaRecord, digest: string, tag: string, bundle?: Buffer): Promise<Publication>;
  /**
   * Attaches a QA record to `digest` without tagging anything: a failed verdict, so that promote
   * sees the latest verdict for the commit (a pass followed by a failure is refused). Returns the
   * record artifact's digest (registry) or the record file (local); throws InfrastructureError.
   */
  attach(
    record: QaRecord,
    digest: string,
    bundle?: Buffer,
  ): Promise<{ recordDigest?: string; recordPath?: string }>;
  /**
   * Throws the typed error a push would meet now (registry: RegistryError `unavailable`,
   * `unauthorized`, `forbidden`); resolves when the store takes pushes (local mode: always).
   */
  checkPush(): Promise<void>;
  /** Reads what is needed to tag `digest` (fails before anything is tagged). */
  prepare(digest: string): Promise<void>;
  /** Points a tag at `digest`, unverified: promote resolves every tag afterwards. */
  setTag(tag: string, digest: string): Promise<void>;
  /** Points a tag back at its previous value; false when that is impossible (it did not exist). */
  restore(tag: string, previous: string | undefined): Promise<boolean>;
  /** Writes the promotion record next to the digest prepare() read. */
  writePromotionRecord(record: PromotionRecord): Promise<{ digest?: string; path?: string }>;
}
