// The QA and promotion records as OCI artifacts on the tested digest: names, annotations, the
// writing side, and the reading side (referrers → records) with the payload validated before
// anyone trusts it. In store/ because the store reads and writes them; record/ (above) decides
// what a verdict earns and verifies what promotion finds.
import { z } from 'zod';
import type { Descriptor, Manifest, PushedArtifact, RegistryClient } from '../registry/client.js';
import { referrersTag } from '../registry/reference.js';
import type { QaRecord } from '../model/record.js';

/** An unsigned QA record (before record.signing, or with record.signing: none). */
export const RECORD_ARTIFACT_TYPE = 'application/vnd.immutable-qa.record.v1+json';
/**
 * A signed QA record: a Sigstore bundle (v0.3) whose DSSE envelope holds the in-toto statement, as
 * artifact type and layer media type both (what cosign and `gh attestation` read).
 */
export const SIGNED_RECORD_ARTIFACT_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** The predicate type of the statement (record/attestation.ts makes it). */
export const QA_PREDICATE_TYPE = 'https://immutable-qa.dev/qa-record/v1';
export const PROMOTION_ARTIFACT_TYPE = 'application/vnd.immutable-qa.promotion.v1+json';

/** Annotations on the artifact manifests (hints for listing; the payload is what is verified). */
export const ANNOTATION = {
  sha: 'io.immutable-qa.sha',
  verdict: 'io.immutable-qa.verdict',
  pr: 'io.immutable-qa.pr',
  tags: 'io.immutable-qa.tags',
  created: 'org.opencontainers.image.created',
  // What cosign writes on a bundle artifact (its BUNDLE_SPEC), so registry UIs can tell them apart.
  bundleContent: 'dev.sigstore.bundle.content',
  predicateType: 'dev.sigstore.bundle.predicateType',
} as const;

/** `sha256-<hex>.qa`: the tag that holds the latest QA record of a digest (fallback scheme). */
export function recordTag(digest: string): string {
  return referrersTag(digest, 'qa');
}

/** The descriptor of a manifest read from the registry: what an artifact's `subject` names. */
export function descriptorOf(manifest: Manifest): Descriptor {
  return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
}

/** A record as its artifact carries it: indented JSON and a final newline (as the local files). */
export function recordPayload(record: object): Buffer {
  return Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
}

export interface RecordArtifact {
  repo: string;
  /** The manifest the record is about (descriptorOf the tested manifest). */
  subject: Descriptor;
  /** RECORD_ARTIFACT_TYPE or PROMOTION_ARTIFACT_TYPE; also the payload's media type. */
  artifactType: string;
  /** The record's bytes (recordPayload). */
  payload: Buffer;
  annotations: Record<string, string>;
  /** Also tag the artifact manifest (e.g. recordTag); without it, it is pushed by digest. */
  tag?: string;
}

/**
 * Pushes a QA or promotion record as an OCI artifact on its subject, with the payload embedded in
 * the manifest so a reader needs no blob GET (findRecords).
 */
export function pushRecordArtifact(
  client: RegistryClient,
  artifact: RecordArtifact,
): Promise<PushedArtifact> {
  return client.pushArtifact({
    repo: artifact.repo,
    subject: artifact.subject,
    artifactType: artifact.artifactType,
    payload: artifact.payload,
    payloadMediaType: artifact.artifactType,
    annotations: artifact.annotations,
    ...(artifact.tag !== undefined ? { tag: artifact.tag } : {}),
    embed: true,
  });
}

const step = z.looseObject({
  name: z.string(),
  conclusion: z.string(),
  started_at: z.string(),
  completed_at: z.string(),
  summary: z.string(),
});

/** The fields promotion relies on; anything else in the record is carried along unchecked. */
const qaRecordSchema = z.looseObject({
  schema: z.literal(1),
  verdict: z.enum(['passed', 'failed']),
  image: z.looseObject({ repository: z.string(), digest: z.string().nullable() }),
  source: z.looseObject({
    repository: z.string().nullable(),
    sha: z.string(),
    checkout_sha: z.string().nullable(),
    tree: z.string().nullable(),
    ref: z.string().nullable(),
    pr: z.number().int().nullable(),
    dirty: z.boolean(),
  }),
  environment: z.looseObject({
    definition_sha256: z.string().nullable(),
    project: z.string(),
    endpoints: z.record(z.string(), z.string()),
  }),
  phases: z.array(step),
  checks: z.array(step.extend({ required: z.boolean() })),
  run: z.looseObject({ id: z.string(), attempt: z.number(), url: z.string() }).nullable(),
  tool: z.looseObject({ name: z.literal('immutable-qa'), version: z.string() }),
  created_at: z.string(),
});

export class RecordFormatError extends Error {
  override name = 'RecordFormatError';
}

/** Parses and validates a QA record (JSON text or bytes). Throws RecordFormatError. */
export function parseQaRecord(payload: Buffer | string): QaRecord {
  let raw: unknown;
  try {
    raw = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    throw new RecordFormatError('the QA record is not valid JSON');
  }
  const parsed = qaRecordSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RecordFormatError(
      `the QA record is not a schema 1 record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data as QaRecord;
}

/** A QA record read from the registry, with the artifact it came in. */
export interface FoundRecord {
  record: QaRecord;
  /** Digest of the artifact manifest. */
  artifactDigest: string;
  /** The artifact's `subject`: the manifest the record is attached to. */
  subject?: Descriptor;
  /** Who signed it (`key <id>`, or the certificate's workflow); undefined: an unsigned record. */
  signer?: string;
}

export interface RecordsOnDigest {
  /** Records whose source sha is the one asked for. */
  matching: FoundRecord[];
  /** Every record artifact on the digest, as listed (for messages). */
  listed: Descriptor[];
  /** Record artifacts that could not be read as records (tampered or foreign). */
  unreadable: { digest: string; reason: string }[];
  /** Record artifacts that did not prove who wrote them (unsigned, untrusted signer, bad signature). */
  refused?: {
    digest: string;
    reason: 'unsigned' | 'untrusted-signer' | 'bad-signature' | 'subject-mismatch' | 'annotation-mismatch';
    message: string;
  }[];
}

/** A record artifact as the store found it, nothing verified yet: record/trust.ts opens it. */
export interface RecordArtifactFound {
  artifactDigest: string;
  /** Signed (a Sigstore bundle) or a plain record. */
  signed: boolean;
  payload: Buffer;
  subject?: Descriptor;
  /** The manifest's annotations: unsigned hints. */
  annotations: Record<string, string>;
}

export interface RecordArtifacts {
  /** Every record artifact on the digest, as listed (for messages). */
  listed: Descriptor[];
  found: RecordArtifactFound[];
  /** Artifacts that could not be read at all. */
  unreadable: { digest: string; reason: string }[];
}

const RECORD_TYPES: readonly string[] = [RECORD_ARTIFACT_TYPE, SIGNED_RECORD_ARTIFACT_TYPE];

/**
 * The record artifacts attached to `digest` (referrers API, else the fallback index), signed or
 * not, for commit `sha`: artifacts annotated with another sha (or, for bundles, another predicate
 * type) are not fetched; what the payload says is checked by whoever opens it. No blob is
 * downloaded when the payload is embedded in its manifest (as the store writes it).
 */
export async function findRecordArtifacts(
  client: RegistryClient,
  repo: string,
  digest: string,
  sha: string,
): Promise<RecordArtifacts> {
  const listed = (await client.getReferrers(repo, digest)).filter(
    (d) => d.artifactType !== undefined && RECORD_TYPES.includes(d.artifactType),
  );
  const candidates = listed.filter((d) => {
    const annotated = d.annotations?.[ANNOTATION.sha];
    const predicate = d.annotations?.[ANNOTATION.predicateType];
    return (
      (annotated === undefined || annotated === sha) &&
      (predicate === undefined || predicate === QA_PREDICATE_TYPE)
    );
  });
  const found: RecordArtifactFound[] = [];
  const unreadable: RecordArtifacts['unreadable'] = [];
  for (const descriptor of candidates) {
    const artifact = await client.getArtifact(repo, descriptor.digest);
    if (artifact.artifactType === undefined || !RECORD_TYPES.includes(artifact.artifactType)) {
      unreadable.push({
        digest: descriptor.digest,
        reason: `artifactType is ${artifact.artifactType ?? 'missing'}`,
      });
      continue;
    }
    found.push({
      artifactDigest: artifact.digest,
      signed: artifact.artifactType === SIGNED_RECORD_ARTIFACT_TYPE,
      payload: artifact.payload,
      ...(artifact.subject ? { subject: artifact.subject } : {}),
      annotations: artifact.annotations,
    });
  }
  return { listed, found, unreadable };
}
