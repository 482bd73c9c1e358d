// Sigstore without the network: @sigstore/mock's Fulcio, CT log, Rekor and timestamp authority
// served by one node:http server, plus an OIDC token endpoint shaped like the runner's
// ACTIONS_ID_TOKEN_REQUEST_URL, and the trusted root a verifier needs for them. Where the mock is
// laxer than the real services, this server does what they do (docs/signed-verdict-plan.md §3):
// it checks the token's signature, issuer, audience and expiry; it stores Rekor entries in their
// canonical form; it keeps the TSA's clock off milliseconds that end in 0 (the mock writes DER
// times that @sigstore/core cannot parse).
// The handlers are imported by their own paths: the package index switches nock on.
import { createHash, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioHandler, initializeCA, initializeCTLog } from '@sigstore/mock/dist/fulcio/index.js';
import { initializeTLog, rekorHandler } from '@sigstore/mock/dist/rekor/index.js';
import { initializeTSA, tsaHandler } from '@sigstore/mock/dist/timestamp/index.js';

export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
const REQUEST_TOKEN = 'runner-request-token';

/** The GitHub OIDC claims a token carries (what Fulcio turns into the certificate). */
export interface TokenClaims {
  repository: string;
  ref: string;
  sha: string;
  /** `owner/repo/.github/workflows/qa.yml@refs/heads/main`: the certificate's SAN. */
  job_workflow_ref: string;
  workflow_ref: string;
}

export interface MockSigstore {
  url: string;
  /** trusted_root.json for these services (the shape of Sigstore's TUF target). */
  trustedRoot: Record<string, unknown>;
  /** What the runner sets for a job with `id-token: write`. */
  runnerEnv: { ACTIONS_ID_TOKEN_REQUEST_URL: string; ACTIONS_ID_TOKEN_REQUEST_TOKEN: string };
  /** The claims of the next tokens (the identity the next certificate names). */
  claims: TokenClaims;
  requests: string[];
  close(): Promise<void>;
}

type Pair = { publicKey: KeyObject; privateKey: KeyObject };
const pair = (): Pair => generateKeyPairSync('ec', { namedCurve: 'P-256' });
const view = (v: ArrayBufferView): Buffer => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
const b64url = (b: string | Buffer): string => Buffer.from(b).toString('base64url');
const sha256 = (b: string | Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * `caClock`: when the CA thinks it is (its certificates are valid 10 minutes from then); an hour
 * ago gives certificates that expired before they sign anything.
 */
export async function startMockSigstore(
  claims: TokenClaims,
  options: { caClock?: Date } = {},
): Promise<MockSigstore> {
  const ctlog = await initializeCTLog(pair());
  const ca = await initializeCA(pair(), ctlog, options.caClock);
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tlogKeys = pair();
  const tlog = await initializeTLog(url, tlogKeys);
  const tsaClock = new Date();
  const tsa = await initializeTSA(pair(), tsaClock);
  const oidc = pair();
  // Real Fulcio derives the SAN from job_workflow_ref; the mock copies one claim as it is.
  const fulcio = fulcioHandler(ca, { strict: true, subjectClaim: 'fulcio_san' });
  const rekor = rekorHandler(tlog);
  const timestamps = tsaHandler(tsa);
  const state: MockSigstore = {
    url,
    trustedRoot: {},
    runnerEnv: {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${url}/_apis/token?api-version=2.0`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    },
    claims,
    requests: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const idToken = (audience: string): string => {
    const now = Math.floor(Date.now() / 1000);
    const payload = {
      ...state.claims,
      iss: GITHUB_ISSUER,
      sub: `repo:${state.claims.repository}:ref:${state.claims.ref}`,
      run_id: '1234',
      run_attempt: '1',
      runner_environment: 'github-hosted',
      aud: audience,
      iat: now,
      nbf: now,
      exp: now + 300,
      jti: randomBytes(8).toString('hex'),
      fulcio_san: `https://github.com/${state.claims.job_workflow_ref}`,
    };
    const input = `${b64url(JSON.stringify({ alg: 'ES256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
    const signature = sign('sha256', Buffer.from(input), { key: oidc.privateKey, dsaEncoding: 'ieee-p1363' });
    return `${input}.${b64url(signature)}`;
  };
  const tokenProblem = (jwt: string): string | undefined => {
    const [head = '', body = '', signature = ''] = jwt.split('.');
    const valid = verify(
      'sha256',
      Buffer.from(`${head}.${body}`),
      { key: oidc.publicKey, dsaEncoding: 'ieee-p1363' },
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) return 'the token signature does not verify';
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as {
      iss?: string;
      aud?: string;
      exp?: number;
    };
    if (c.iss !== GITHUB_ISSUER || c.aud !== 'sigstore' || (c.exp ?? 0) < Date.now() / 1000)
      return 'wrong issuer, audience or expiry';
    return undefined;
  };
  // Real Rekor stores a dsse entry as hashes + signatures, which is what verifiers compare against.
  const canonicalRekorEntry = (body: string): string => {
    const entry = JSON.parse(body) as {
      kind: string;
      spec: { proposedContent: { envelope: string; verifiers: string[] } };
    };
    if (entry.kind !== 'dsse') return body;
    const { envelope, verifiers } = entry.spec.proposedContent;
    const env = JSON.parse(envelope) as { payload: string; signatures: Array<{ sig: string }> };
    return JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(envelope) },
        payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(env.payload, 'base64')) },
        signatures: env.signatures.map((s) => ({ signature: s.sig, verifier: verifiers[0] })),
      },
    });
  };

  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const path = new URL(req.url ?? '/', url);
        state.requests.push(`${req.method} ${path.pathname}`);
        if (path.pathname === '/_apis/token') {
          if (req.headers.authorization !== `Bearer ${REQUEST_TOKEN}`) return void res.writeHead(401).end();
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(JSON.stringify({ value: idToken(path.searchParams.get('audience') ?? '') }));
        }
        const handler = [fulcio, rekor, timestamps].find((h) => h.path === path.pathname);
        if (req.method !== 'POST' || !handler) return void res.writeHead(404).end();
        let input = body;
        if (handler === fulcio) {
          const problem = tokenProblem(
            (JSON.parse(body) as { credentials: { oidcIdentityToken: string } }).credentials
              .oidcIdentityToken,
          );
          if (problem) return void res.writeHead(401, { 'content-type': 'text/plain' }).end(problem);
        }
        if (handler === rekor) input = canonicalRekorEntry(body);
        if (handler === timestamps) {
          const now = Date.now();
          tsaClock.setTime(now % 10 === 0 ? now + 1 : now);
        }
        const out = await handler.fn(input);
        res.writeHead(out.statusCode, { 'content-type': out.contentType ?? 'text/plain' });
        res.end(typeof out.response === 'string' ? out.response : view(out.response));
      })().catch((error: unknown) => res.writeHead(500).end(String(error)));
    });
  });

  const start = new Date(Date.now() - 60_000).toISOString();
  const P256 = 'PKIX_ECDSA_P256_SHA_256';
  const tlogPub = tlogKeys.publicKey.export({ type: 'spki', format: 'der' });
  state.trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: tlogPub.toString('base64'), keyDetails: P256, validFor: { start } },
        logId: { keyId: createHash('sha256').update(tlogPub).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: url,
        certChain: { certificates: [{ rawBytes: view(ca.rootCertificate).toString('base64') }] },
        validFor: { start },
      },
    ],
    ctlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: {
          rawBytes: view(ctlog.publicKey).toString('base64'),
          keyDetails: P256,
          validFor: { start },
        },
        logId: { keyId: view(ctlog.logID).toString('base64') },
      },
    ],
    timestampAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'tsa' },
        uri: url,
        certChain: {
          certificates: [
            { rawBytes: view(tsa.intCertificate).toString('base64') },
            { rawBytes: view(tsa.rootCertificate).toString('base64') },
          ],
        },
        validFor: { start },
      },
    ],
  };
  return state;
}
