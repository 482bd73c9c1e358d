// Verifies a QA record bundle the way a third party would: @sigstore/verify and @sigstore/bundle
// directly, none of src/record's code, so a bug there cannot make its own output look valid.
import { createHash, createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { toSignedEntity, toTrustMaterial, Verifier } from '@sigstore/verify';

export interface VerifiedStatement {
  _type: string;
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicateType: string;
  predicate: unknown;
}

/** sha256 of the public key's SPKI DER: the key id a bundle names (as cosign computes it). */
export function keyIdOf(publicKeyPem: string): string {
  return createHash('sha256')
    .update(createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' }))
    .digest('hex');
}

/** The statement of a key-signed bundle, verified with that public key alone; throws if it does not verify. */
export function verifyKeyBundle(bytes: Buffer, publicKeyPem: string): VerifiedStatement {
  const bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')));
  const key = createPublicKey(publicKeyPem);
  const id = keyIdOf(publicKeyPem);
  const root = TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  });
  const trust = toTrustMaterial(root, (hint) => {
    if (hint !== id) throw new Error(`bundle names key ${hint}, expected ${id}`);
    return { publicKey: key, validFor: () => true };
  });
  new Verifier(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify(
    toSignedEntity(bundle),
  );
  return statementOf(bundle);
}

/** The statement of a keyless bundle, verified against a trusted root and an exact SAN. */
export function verifyKeylessBundle(
  bytes: Buffer,
  trustedRoot: unknown,
  san: string,
  issuer: string,
): VerifiedStatement {
  const bundle = bundleFromJSON(JSON.parse(bytes.toString('utf8')));
  const signer = new Verifier(toTrustMaterial(TrustedRoot.fromJSON(trustedRoot)), {
    tlogThreshold: bundle.verificationMaterial.tlogEntries.length ? 1 : 0,
    ctlogThreshold: 1,
    timestampThreshold: 1,
  }).verify(toSignedEntity(bundle), { extensions: { issuer } });
  // Compared as text: a SAN policy string is an unanchored regex to @sigstore/verify.
  if (signer.identity?.subjectAlternativeName !== san)
    throw new Error(`signed by ${signer.identity?.subjectAlternativeName ?? '(none)'}, expected ${san}`);
  return statementOf(bundle);
}

function statementOf(bundle: ReturnType<typeof bundleFromJSON>): VerifiedStatement {
  if (bundle.content.$case !== 'dsseEnvelope') throw new Error('not a DSSE bundle');
  if (bundle.content.dsseEnvelope.payloadType !== 'application/vnd.in-toto+json')
    throw new Error('not in-toto');
  return JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8')) as VerifiedStatement;
}
