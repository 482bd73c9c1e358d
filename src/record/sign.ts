// Signing the QA statement (issue 15): a PEM key, or keyless (the job's OIDC token → a Fulcio
// certificate, witnessed by Rekor and/or a timestamp authority). Apart from attestation.ts so that
// what only verifies (promote) does not bundle @sigstore/sign and its HTTP stack.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { bundleToJSON } from '@sigstore/bundle';
import {
  CIContextProvider,
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type Signature,
  type Signer,
  type Witness,
} from '@sigstore/sign';
import { errorMessage } from '../model/errors.js';
import { INTOTO_PAYLOAD_TYPE, keyId, type QaStatement } from './attestation.js';

/** A Signer over a PEM private key: ECDSA P-256 (SHA-256) or Ed25519. */
export function keySigner(privateKeyPem: string): Signer & { keyId: string } {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new Error(`the signing key is not a PEM private key: ${errorMessage(error)}`);
  }
  const type = key.asymmetricKeyType;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (!(type === 'ed25519' || (type === 'ec' && curve === 'prime256v1')))
    throw new Error(
      `the signing key must be ECDSA P-256 or Ed25519 (got ${type}${curve ? ` ${curve}` : ''})`,
    );
  const publicKey = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  const hint = keyId(key);
  return {
    keyId: hint,
    // pae: DSSE's pre-authentication encoding of type and payload, built by DSSEBundleBuilder.
    sign: async (pae: Buffer): Promise<Signature> => ({
      signature: sign(type === 'ed25519' ? null : 'sha256', pae, key),
      key: { $case: 'publicKey', publicKey, hint },
    }),
  };
}

/**
 * Keyless: the job's OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL/_TOKEN, `id-token: write`) buys a
 * short-lived Fulcio certificate naming the workflow; Rekor (public good) and/or a timestamp
 * authority (GitHub's instance) witness the signature.
 */
export function keylessSigning(urls: { fulcio: string; rekor?: string; tsa?: string }): {
  signer: Signer;
  witnesses: Witness[];
} {
  const fetch = { timeout: 10_000, retry: 2 };
  return {
    signer: new FulcioSigner({
      fulcioBaseURL: urls.fulcio,
      identityProvider: new CIContextProvider('sigstore'),
      ...fetch,
    }),
    witnesses: [
      ...(urls.rekor
        ? [new RekorWitness({ rekorBaseURL: urls.rekor, fetchOnConflict: true, ...fetch })]
        : []),
      ...(urls.tsa ? [new TSAWitness({ tsaBaseURL: urls.tsa, ...fetch })] : []),
    ],
  };
}

/** Signs the statement; the Sigstore bundle as JSON bytes (the OCI layer). */
export async function signStatement(
  statement: QaStatement,
  signer: Signer,
  witnesses: Witness[] = [],
): Promise<Buffer> {
  const bundle = await new DSSEBundleBuilder({ signer, witnesses }).create({
    data: Buffer.from(JSON.stringify(statement)),
    type: INTOTO_PAYLOAD_TYPE,
  });
  return Buffer.from(JSON.stringify(bundleToJSON(bundle)));
}
