// A Signer over a PEM private key (record.signing: key). Only node:crypto and Sigstore's types, so
// that the surface can check the key before anything starts without loading @sigstore/sign.
import { createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { Signature, Signer } from '@sigstore/sign';
import { errorMessage } from '../model/errors.js';
import { keyId } from './statement.js';

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
