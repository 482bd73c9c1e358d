// The QA record as an attestation (issue 15): the statement (statement.ts) in a DSSE envelope
// packaged as a Sigstore bundle, and its verification: against trusted public keys, or a
// certificate identity under a trusted root. Signing is sign.ts. The Sigstore libraries do DSSE,
// certificates and logs; only the checks of what the statement says are ours.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';
import { errorMessage } from '../model/errors.js';
import type { QaRecord } from '../model/record.js';
import { INTOTO_PAYLOAD_TYPE, keyId, PREDICATE_TYPE, STATEMENT_TYPE, type QaStatement } from './statement.js';

export type AttestationProblem =
  | 'not-a-bundle'
  | 'untrusted-key'
  | 'untrusted-identity'
  | 'bad-signature'
  | 'not-a-statement'
  | 'subject-mismatch';

export type AttestationCheck =
  /** signer: who signed, `key <id>` or the certificate's SAN. */
  | { ok: true; record: QaRecord; signer: string }
  | { ok: false; problem: AttestationProblem; message: string };

function fail(problem: AttestationProblem, message: string): AttestationCheck {
  return { ok: false, problem, message };
}

/** The bundle in the record's bytes, or `not-a-bundle` (a plain JSON record is unsigned). */
function parseBundle(bytes: Buffer): Bundle | AttestationCheck {
  try {
    return bundleFromJSON(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    return fail(
      'not-a-bundle',
      `the record is not a Sigstore bundle (${errorMessage(error)}): it is unsigned`,
    );
  }
}

/** No transparency log, CA or timestamp authority: key bundles are checked against the keys alone. */
const KEYS_ONLY_ROOT = TrustedRoot.fromJSON({
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
});

/**
 * Verifies a bundle against trusted public keys (PEM) and that its statement is a QA record about
 * `digest` (`sha256:…`). The record returned is the signed predicate: the only one promotion may
 * judge. Never throws: every failure is a typed problem with what was expected and what was found.
 */
export function verifyWithKeys(
  bytes: Buffer,
  trustedKeys: readonly string[],
  digest: string,
): AttestationCheck {
  const bundle = parseBundle(bytes);
  if ('ok' in bundle) return bundle;
  const keys = new Map<string, KeyObject>();
  for (const pem of trustedKeys) {
    const key = createPublicKey(pem);
    keys.set(keyId(key), key);
  }
  const named = bundle.verificationMaterial.content;
  const hint = named.$case === 'publicKey' ? named.publicKey.hint : undefined;
  if (!hint || !keys.has(hint))
    return fail(
      'untrusted-key',
      `signed by ${hint ? `key ${hint}` : named.$case === 'publicKey' ? 'an unnamed key' : 'a certificate'}; trusted: ${[...keys.keys()].map((k) => `key ${k}`).join(', ') || 'no key'}`,
    );
  const trust = toTrustMaterial(KEYS_ONLY_ROOT, (id) => {
    const key = keys.get(id);
    if (!key) throw new Error(`untrusted key ${id}`);
    return { publicKey: key, validFor: () => true };
  });
  try {
    new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
      toSignedEntity(bundle),
    );
  } catch (error) {
    return fail('bad-signature', `the signature does not verify with key ${hint}: ${errorMessage(error)}`);
  }
  const statement = signedStatement(bundle, digest);
  return statement.ok ? { ok: true, record: statement.record, signer: `key ${hint}` } : statement;
}

/** What the verified envelope says: a QA record statement about `digest`, or the problem. */
function signedStatement(bundle: Bundle, digest: string): AttestationCheck {
  if (
    bundle.content.$case !== 'dsseEnvelope' ||
    bundle.content.dsseEnvelope.payloadType !== INTOTO_PAYLOAD_TYPE
  )
    return fail('not-a-statement', `the bundle does not hold an in-toto statement (${INTOTO_PAYLOAD_TYPE})`);
  let statement: Partial<QaStatement>;
  try {
    statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8')) as Partial<QaStatement>;
  } catch (error) {
    return fail('not-a-statement', `the signed payload is not JSON: ${errorMessage(error)}`);
  }
  if (
    statement._type !== STATEMENT_TYPE ||
    statement.predicateType !== PREDICATE_TYPE ||
    !statement.predicate
  )
    return fail(
      'not-a-statement',
      `expected a ${STATEMENT_TYPE} with predicate type ${PREDICATE_TYPE}, found ${String(statement._type)} / ${String(statement.predicateType)}`,
    );
  const subjects = (statement.subject ?? []).map((s) => `sha256:${s.digest?.sha256 ?? '?'}`);
  if (!subjects.includes(digest) || statement.predicate.image?.digest !== digest)
    return fail(
      'subject-mismatch',
      `the attestation is about ${subjects.join(', ') || 'nothing'} (record: ${String(statement.predicate.image?.digest)}), not ${digest}`,
    );
  return { ok: true, record: statement.predicate, signer: '' };
}

/** Who may sign a verdict keylessly (promote.trust): matched exactly, never as a pattern. */
export interface TrustedIdentity {
  /**
   * The certificate SAN: `https://github.com/<owner>/<repo>/.github/workflows/qa.yml@refs/heads/main`,
   * or without `@<ref>` for any ref of that workflow file.
   */
  workflow: string;
  /** The OIDC issuer (GitHub Actions: https://token.actions.githubusercontent.com). */
  issuer: string;
  /** The repository the run was for (certificate extension 1.3.6.1.4.1.57264.1.12), when given. */
  sourceRepository?: string;
}

/**
 * The certificate's SAN against a trusted workflow, compared as text: with `@<ref>` exactly,
 * without it any ref of that very file (`…/qa.yml@…`, never `…/qa.yml-evil@…`).
 */
export function sameWorkflow(san: string, workflow: string): boolean {
  return workflow.includes('@') ? san === workflow : san.startsWith(`${workflow}@`);
}

/** Fulcio's "Source Repository URI" certificate extension. */
const OID_SOURCE_REPOSITORY = '1.3.6.1.4.1.57264.1.12';

/** A DER UTF8String extension value as text. */
function utf8(value: Buffer): string {
  if (value[0] !== 0x0c) return value.toString('utf8');
  const length = value[1] ?? 0;
  return value.subarray(length & 0x80 ? 2 + (length & 0x7f) : 2).toString('utf8');
}

/**
 * Verifies a keyless bundle against a Sigstore trusted root (Fulcio CA, CT log, Rekor, timestamp
 * authority) and who signed it, then that its statement is a QA record about `digest`.
 */
export function verifyWithIdentity(
  bytes: Buffer,
  trustedRoot: unknown,
  identity: TrustedIdentity,
  digest: string,
): AttestationCheck {
  const bundle = parseBundle(bytes);
  if ('ok' in bundle) return bundle;
  const withTlog = bundle.verificationMaterial.tlogEntries.length > 0;
  const verifier = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
    tlogThreshold: withTlog ? 1 : 0,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  });
  let signer: ReturnType<Verifier['verify']>;
  try {
    // The SAN is compared below, exactly: @sigstore/verify matches a SAN policy as an unanchored
    // regex, so `…@refs/heads/main` would accept `…@refs/heads/main-evil`.
    signer = verifier.verify(toSignedEntity(bundle), { extensions: { issuer: identity.issuer } });
  } catch (error) {
    const untrusted = (error as { code?: string }).code === 'UNTRUSTED_SIGNER_ERROR';
    return untrusted
      ? fail(
          'untrusted-identity',
          `signed by an identity that is not trusted (${errorMessage(error)}); trusted: ${identity.workflow} from ${identity.issuer}`,
        )
      : fail('bad-signature', `the signature does not verify: ${errorMessage(error)}`);
  }
  const san = signer.identity?.subjectAlternativeName ?? '(none)';
  if (!sameWorkflow(san, identity.workflow))
    return fail(
      'untrusted-identity',
      `signed by ${san}; trusted: ${identity.workflow} from ${identity.issuer}`,
    );
  if (identity.sourceRepository) {
    const ext = (signer.identity?.oids ?? []).find((o) => o.oid?.id.join('.') === OID_SOURCE_REPOSITORY);
    const found = ext ? utf8(Buffer.from(ext.value)) : '(none)';
    if (found !== `https://github.com/${identity.sourceRepository}`)
      return fail(
        'untrusted-identity',
        `signed by ${san} for ${found}, not for https://github.com/${identity.sourceRepository}`,
      );
  }
  const statement = signedStatement(bundle, digest);
  return statement.ok ? { ok: true, record: statement.record, signer: san } : statement;
}
