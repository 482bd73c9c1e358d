// Signing the QA statement (issue 15) with a key (key-signer.ts) or keyless (the job's OIDC token →
// a Fulcio certificate, witnessed by Rekor and/or a timestamp authority). Apart from attestation.ts
// so that what only verifies (promote) does not bundle @sigstore/sign and its HTTP stack, and loaded
// by signing.ts only when a record is signed, so that a run does not evaluate it at start.
import { bundleToJSON } from '@sigstore/bundle';
import {
  CIContextProvider,
  DSSEBundleBuilder,
  FulcioSigner,
  RekorWitness,
  TSAWitness,
  type Signer,
  type Witness,
} from '@sigstore/sign';
import { INTOTO_PAYLOAD_TYPE, type QaStatement } from './statement.js';

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
