// Who promotion believes (config promote.trust): the record artifacts on a digest become verdicts
// only once their signature verifies and their signer is trusted. What a bundle says is read from
// its verified statement alone; the manifest's annotations are hints that must agree with it.
import { readFile } from 'node:fs/promises';
import { createPublicKey } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { errorMessage, UsageError } from '../model/errors.js';
import type { QaRecord } from '../model/record.js';
import {
  ANNOTATION,
  parseQaRecord,
  RecordFormatError,
  type FoundRecord,
  type RecordArtifacts,
  type RecordsOnDigest,
} from '../store/artifact.js';
import {
  verifyWithIdentity,
  verifyWithKeys,
  type AttestationCheck,
  type AttestationProblem,
  type TrustedIdentity,
} from './attestation.js';

export interface TrustPolicy {
  signing: Config['record']['signing'];
  /** PEM public keys. */
  keys: string[];
  identities: TrustedIdentity[];
  /** Sigstore trusted roots (each a trusted_root.json object). */
  trustedRoots: unknown[];
}

/** Reads promote.trust's files; a key or root that cannot be used is a UsageError naming the file. */
export async function loadTrust(config: Pick<Config, 'record' | 'promote'>): Promise<TrustPolicy> {
  const { trust } = config.promote;
  const keys: string[] = [];
  for (const file of trust.keys) {
    const pem = await readTrustFile(file, 'promote.trust.keys');
    try {
      createPublicKey(pem);
    } catch (error) {
      throw new UsageError(
        `promote.trust.keys: ${file} is not a PEM public key (${errorMessage(error)}): write the public half of the signing key (openssl pkey -pubout)`,
      );
    }
    keys.push(pem);
  }
  const trustedRoots: unknown[] = [];
  if (trust.trustedRoot) {
    const text = await readTrustFile(trust.trustedRoot, 'promote.trust.trusted-root');
    // One trusted_root.json, or JSON lines (`gh attestation trusted-root` prints one per instance).
    try {
      trustedRoots.push(JSON.parse(text));
    } catch {
      for (const [index, line] of text.split('\n').entries()) {
        if (!line.trim()) continue;
        try {
          trustedRoots.push(JSON.parse(line));
        } catch (error) {
          throw new UsageError(
            `promote.trust.trusted-root: ${trust.trustedRoot}:${index + 1} is not a Sigstore trusted root (one JSON object, or one per line): ${errorMessage(error)}`,
          );
        }
      }
    }
  }
  const policy: TrustPolicy = {
    signing: config.record.signing,
    keys,
    identities: trust.identities.map((i) => ({
      workflow: i.workflow,
      issuer: i.issuer,
      ...(i.repository !== undefined ? { sourceRepository: i.repository } : {}),
    })),
    trustedRoots,
  };
  if (policy.signing !== 'none' && keys.length === 0 && policy.identities.length === 0)
    throw new UsageError(
      `record.signing is ${policy.signing}, but promote.trust names nobody who may sign a verdict: ` +
        (policy.signing === 'key'
          ? 'add the public key of the signing key under promote.trust.keys'
          : 'add the signing workflow under promote.trust.identities (e.g. - workflow: acme/shop/.github/workflows/qa.yml) with promote.trust.trusted-root'),
    );
  return policy;
}

async function readTrustFile(file: string, key: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`${key}: cannot read ${file}: ${errorMessage(error)}`);
  }
}

type Refusal = NonNullable<RecordsOnDigest['refused']>[number];

const REASON: Record<AttestationProblem, Refusal['reason']> = {
  'not-a-bundle': 'bad-signature',
  'untrusted-key': 'untrusted-signer',
  'untrusted-identity': 'untrusted-signer',
  'bad-signature': 'bad-signature',
  'not-a-statement': 'bad-signature',
  'subject-mismatch': 'subject-mismatch',
};

/** A bundle's check against every trusted key and identity: the first that verifies, else the most telling problem. */
export function checkBundle(bytes: Buffer, policy: TrustPolicy, digest: string): AttestationCheck {
  const checks: AttestationCheck[] = [];
  if (policy.keys.length) checks.push(verifyWithKeys(bytes, policy.keys, digest));
  for (const identity of policy.identities)
    for (const root of policy.trustedRoots) checks.push(verifyWithIdentity(bytes, root, identity, digest));
  const ok = checks.find((c) => c.ok);
  if (ok) return ok;
  // The most telling problem: one found after the signature verified (wrong subject, wrong signer)
  // beats an untrusted key, which beats a signature that did not verify (e.g. against a root that
  // did not issue the certificate, when promote.trust.trusted-root holds several).
  const order: AttestationProblem[] = [
    'subject-mismatch',
    'not-a-statement',
    'untrusted-identity',
    'untrusted-key',
    'bad-signature',
    'not-a-bundle',
  ];
  const rank = (c: AttestationCheck): number => (c.ok ? -1 : order.indexOf(c.problem));
  return (
    [...checks].sort((a, b) => rank(a) - rank(b))[0] ?? {
      ok: false,
      problem: 'untrusted-key',
      message: 'promote.trust names nobody who may sign a verdict',
    }
  );
}

/**
 * Opens the record artifacts on `digest` for commit `sha` under the trust policy: verified bundles
 * (and, with record.signing: none, unsigned records) become FoundRecords, newest first; the rest
 * are refused with the reason and what was expected against what was found.
 */
export function openRecords(
  artifacts: RecordArtifacts,
  policy: TrustPolicy,
  digest: string,
  sha: string,
): RecordsOnDigest {
  const matching: FoundRecord[] = [];
  const unreadable = [...artifacts.unreadable];
  const refused: Refusal[] = [];
  const canVerify = policy.keys.length > 0 || policy.identities.length > 0;
  for (const artifact of artifacts.found) {
    const at = artifact.artifactDigest;
    let record: QaRecord;
    let signer: string | undefined;
    if (artifact.signed && (policy.signing !== 'none' || canVerify)) {
      const check = checkBundle(artifact.payload, policy, digest);
      if (!check.ok) {
        refused.push({ digest: at, reason: REASON[check.problem], message: check.message });
        continue;
      }
      try {
        record = parseQaRecord(JSON.stringify(check.record));
      } catch (error) {
        refused.push({
          digest: at,
          reason: 'bad-signature',
          message: `the signed predicate is not a QA record: ${errorMessage(error)}`,
        });
        continue;
      }
      signer = check.signer;
      const disagree = disagreement(artifact.annotations, record);
      if (disagree) {
        refused.push({ digest: at, reason: 'annotation-mismatch', message: disagree });
        continue;
      }
    } else if (artifact.signed) {
      // record.signing: none and nobody to verify with: the bundle's statement is as good as a plain record.
      const check = unverifiedStatement(artifact.payload);
      if (typeof check === 'string') {
        unreadable.push({ digest: at, reason: check });
        continue;
      }
      record = check;
    } else {
      try {
        record = parseQaRecord(artifact.payload);
      } catch (error) {
        if (!(error instanceof RecordFormatError)) throw error;
        unreadable.push({ digest: at, reason: error.message });
        continue;
      }
      if (policy.signing !== 'none') {
        if (record.source.sha === sha)
          refused.push({
            digest: at,
            reason: 'unsigned',
            message: `an unsigned QA record (verdict ${record.verdict}, ${record.created_at}), which anyone who can push to the registry could have written`,
          });
        continue;
      }
    }
    if (record.source.sha !== sha) continue;
    matching.push({
      record,
      artifactDigest: at,
      ...(artifact.subject ? { subject: artifact.subject } : {}),
      ...(signer !== undefined ? { signer } : {}),
    });
  }
  matching.sort((a, b) => b.record.created_at.localeCompare(a.record.created_at));
  return { matching, listed: artifacts.listed, unreadable, refused };
}

/** The manifest's unsigned hints against the signed record: an artifact that lies in either is refused. */
function disagreement(annotations: Record<string, string>, record: QaRecord): string | undefined {
  const hints: Array<[string, string | undefined, string]> = [
    [ANNOTATION.sha, annotations[ANNOTATION.sha], record.source.sha],
    [ANNOTATION.verdict, annotations[ANNOTATION.verdict], record.verdict],
    [ANNOTATION.pr, annotations[ANNOTATION.pr], record.source.pr === null ? '' : String(record.source.pr)],
  ];
  const wrong = hints.filter(([, hint, signed]) => hint !== undefined && hint !== signed);
  return wrong.length
    ? `the artifact's annotations disagree with its signed record: ${wrong.map(([k, hint, signed]) => `${k} is "${hint ?? ''}", signed "${signed}"`).join('; ')}`
    : undefined;
}

/** The predicate of a bundle read without verification (record.signing: none), or why it cannot be read. */
function unverifiedStatement(bytes: Buffer): QaRecord | string {
  try {
    const bundle = JSON.parse(bytes.toString('utf8')) as { dsseEnvelope?: { payload?: string } };
    const payload = Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8');
    const statement = JSON.parse(payload) as { predicate?: unknown };
    return parseQaRecord(JSON.stringify(statement.predicate));
  } catch (error) {
    return `the signed record cannot be read: ${errorMessage(error)}`;
  }
}
