// Who signs a run's QA record (config record.signing): the job's OIDC identity through Sigstore
// (keyless), a configured key, or nobody. Built once by the surface, before anything starts, so a
// run that could never sign its verdict stops with a usage error instead of after the checks.
import type { Config, SigstoreUrls } from '../config/schema.js';
import { UsageError } from '../model/errors.js';
import type { QaRecord } from '../model/record.js';
import type { RunContext } from '../model/run-context.js';
import { keySigner } from './key-signer.js';
import { qaStatement } from './statement.js';

/** @sigstore/sign and its HTTP stack, evaluated when the first record is signed, not at start. */
const signing = (): Promise<typeof import('./sign.js')> => import('./sign.js');

/** The public-good instance (public repositories), as @actions/attest signs there. */
const PUBLIC_GOOD: SigstoreUrls = {
  fulcio: 'https://fulcio.sigstore.dev',
  rekor: 'https://rekor.sigstore.dev',
};
/** GitHub's instance (private and internal repositories): no public log, a timestamp authority. */
const GITHUB: SigstoreUrls = {
  fulcio: 'https://fulcio.githubapp.com',
  tsa: 'https://timestamp.githubapp.com',
};

export interface RecordSigner {
  mode: Config['record']['signing'];
  /** For the log: `key <id>`, or the Sigstore instance of keyless signing. */
  describe: string;
  /** The Sigstore bundle (JSON bytes) of the record's statement; undefined when nothing signs. */
  sign(record: QaRecord): Promise<Buffer | undefined>;
}

export interface SignerInputs {
  /** PEM private key (the `signing-key` input, IMMUTABLE_QA_SIGNING_KEY or --signing-key). */
  signingKey?: string;
  context: Pick<RunContext, 'visibility'>;
  env: NodeJS.ProcessEnv;
}

/** The Sigstore URLs keyless signing uses: configured, or by the repository's visibility. */
export function sigstoreUrls(
  sigstore: Config['record']['sigstore'],
  visibility: RunContext['visibility'],
): SigstoreUrls {
  if (typeof sigstore === 'object') return sigstore;
  const instance =
    sigstore ?? (visibility === 'private' || visibility === 'internal' ? 'github' : 'public-good');
  return instance === 'github' ? GITHUB : PUBLIC_GOOD;
}

export function recordSigner(record: Config['record'], inputs: SignerInputs): RecordSigner {
  if (record.signing === 'none')
    // A key exported for other repositories (IMMUTABLE_QA_SIGNING_KEY) is no reason to fail here.
    return {
      mode: 'none',
      describe: 'unsigned (record.signing: none)',
      sign: () => Promise.resolve(undefined),
    };
  if (record.signing === 'key') {
    if (!inputs.signingKey)
      throw new UsageError(
        'record.signing is key, but no signing key was given: pass the PEM private key in the signing-key input ' +
          '(from a secret), IMMUTABLE_QA_SIGNING_KEY or --signing-key FILE',
      );
    let signer: ReturnType<typeof keySigner>;
    try {
      signer = keySigner(inputs.signingKey);
    } catch (error) {
      throw new UsageError(`the signing key cannot sign: ${(error as Error).message}`);
    }
    return {
      mode: 'key',
      describe: `key ${signer.keyId}`,
      sign: async (r) => (await signing()).signStatement(qaStatement(r), signer),
    };
  }
  if (inputs.signingKey)
    throw new UsageError(
      'a signing key was given, but record.signing is keyless (the default in registry mode): set record.signing: key to sign with the key',
    );
  if (!inputs.env.ACTIONS_ID_TOKEN_REQUEST_URL || !inputs.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
    throw new UsageError(
      'record.signing is keyless (the default in registry mode), but this job has no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): ' +
        'give the job `permissions: id-token: write`; outside GitHub Actions set record.signing: key and pass a signing key ' +
        '(or record.signing: none to record unsigned verdicts, which promotion then accepts from anyone who can push)',
    );
  const urls = sigstoreUrls(record.sigstore, inputs.context.visibility);
  return {
    mode: 'keyless',
    describe: `keyless (Fulcio ${urls.fulcio}${urls.rekor ? `, Rekor ${urls.rekor}` : ''}${urls.tsa ? `, timestamps ${urls.tsa}` : ''})`,
    sign: async (r) => {
      const { keylessSigning, signStatement } = await signing();
      // Built per call: CIContextProvider reads the token request variables when it signs.
      const { signer, witnesses } = keylessSigning(urls);
      return signStatement(qaStatement(r), signer, witnesses);
    },
  };
}
