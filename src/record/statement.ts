// The QA record as an in-toto Statement v1 about the tested digest: what is signed (sign.ts) and
// verified (attestation.ts). Apart from both so that building it loads no Sigstore library.
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import type { QaRecord } from '../model/record.js';
import { QA_PREDICATE_TYPE, SIGNED_RECORD_ARTIFACT_TYPE } from '../store/artifact.js';

export const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const PREDICATE_TYPE = QA_PREDICATE_TYPE;
/** DSSE payload type of an in-toto statement. */
export const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** Media type of the bundle as an OCI artifact layer (what cosign and gh attestation read). */
export const BUNDLE_MEDIA_TYPE = SIGNED_RECORD_ARTIFACT_TYPE;

export interface QaStatement {
  _type: typeof STATEMENT_TYPE;
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: typeof PREDICATE_TYPE;
  predicate: QaRecord;
}

/** The statement for a record: its subject is the tested digest, nothing else. */
export function qaStatement(record: QaRecord): QaStatement {
  const hex = /^sha256:([0-9a-f]{64})$/.exec(record.image.digest ?? '')?.[1];
  if (!hex)
    throw new Error(`a QA record without a sha256 digest cannot be attested (${record.image.digest})`);
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: record.image.repository, digest: { sha256: hex } }],
    predicateType: PREDICATE_TYPE,
    predicate: record,
  };
}

/** The key id a bundle names its key by: sha256 of the public key's SPKI DER, as cosign does. */
export function keyId(key: KeyObject): string {
  return createHash('sha256')
    .update((key.type === 'public' ? key : createPublicKey(key)).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}
