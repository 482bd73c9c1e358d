// A local double of the runner's artifact service, the part @actions/artifact uses to upload: the
// Twirp JSON API at ACTIONS_RESULTS_URL (CreateArtifact, FinalizeArtifact) and the Azure blob
// storage behind the signed upload URL it hands out (Put Block, Put Block List), plus the blob GET
// that GitHub's artifact download redirects to. Every Twirp body is parsed with the library's own
// generated protobuf messages, unknown fields refused, and checked against the runtime token's
// backend ids; every blob request against the signature we issued. Anything else is a violation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import {
  CreateArtifactRequest,
  CreateArtifactResponse,
  FinalizeArtifactRequest,
  FinalizeArtifactResponse,
} from '../../node_modules/@actions/artifact/lib/generated/index.js';

const TWIRP = '/twirp/github.actions.results.api.v1.ArtifactService/';
const ACCOUNT = '/devstoreaccount1/actions-results/';

export interface StoredArtifact {
  id: number;
  name: string;
  workflowRunBackendId: string;
  mimeType?: string;
  /** The committed blob; undefined until Put Block List. */
  bytes?: Buffer;
  /** What FinalizeArtifact reported. */
  size?: number;
  hash?: string;
  finalized: boolean;
  /** The blob's URL with its read signature: what the REST download redirects to. */
  downloadUrl: string;
}

export interface ArtifactService {
  /** For ACTIONS_RESULTS_URL. */
  url: string;
  /** For ACTIONS_RUNTIME_TOKEN: an unsigned JWT whose `scp` names this run's backend ids. */
  runtimeToken: string;
  artifacts: StoredArtifact[];
  /** Every request, as `CreateArtifact`, `Put Block`, `Put Block List`, `Get Blob`, in order. */
  requests: string[];
  violations: string[];
  /** Serve `bytes` as a finalized artifact (a hostile one: what a fork's workflow could upload). */
  seed(name: string, bytes: Buffer, mimeType?: string): StoredArtifact;
  close(): Promise<void>;
}

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

export async function startArtifactService(): Promise<ArtifactService> {
  const runBackendId = randomUUID();
  const jobBackendId = randomUUID();
  const runtimeToken = jwt({ scp: `Actions.GenericRead:x Actions.Results:${runBackendId}:${jobBackendId}` });
  const artifacts: StoredArtifact[] = [];
  const violations: string[] = [];
  const requests: string[] = [];
  /** Blob path → its signature and staged blocks. */
  const blobs = new Map<string, { sig: string; blocks: Map<string, Buffer>; artifact: StoredArtifact }>();
  let nextId = 1000;
  let base = '';

  const blobFor = (artifact: StoredArtifact): string => {
    const path = `${ACCOUNT}${randomUUID()}/${encodeURIComponent(artifact.name)}`;
    const sig = randomBytes(16).toString('hex');
    blobs.set(path, { sig, blocks: new Map(), artifact });
    artifact.downloadUrl = `${base}${path}?sv=2024-08-04&sr=b&sp=r&sig=${sig}`;
    return `${base}${path}?sv=2024-08-04&sr=b&sp=cw&sig=${sig}`;
  };

  const twirp = (method: string, body: unknown, req: IncomingMessage): unknown => {
    if (req.headers.authorization !== `Bearer ${runtimeToken}`)
      throw new Fault(401, 'unauthenticated', `${method}: not the runtime token`);
    if (!String(req.headers['content-type']).startsWith('application/json'))
      throw new Fault(400, 'malformed', `${method}: content-type ${req.headers['content-type']}`);
    const ids = (r: { workflowRunBackendId: string; workflowJobRunBackendId: string }): void => {
      if (r.workflowRunBackendId !== runBackendId || r.workflowJobRunBackendId !== jobBackendId)
        throw new Fault(400, 'invalid_argument', `${method}: backend ids differ from the token's`);
    };
    if (method === 'CreateArtifact') {
      const r = CreateArtifactRequest.fromJson(body as never, { ignoreUnknownFields: false });
      ids(r);
      if (!r.name || r.version !== 7)
        throw new Fault(400, 'invalid_argument', `CreateArtifact: name ${r.name}, version ${r.version}`);
      if (artifacts.some((a) => a.name === r.name && a.workflowRunBackendId === runBackendId))
        throw new Fault(409, 'already_exists', `CreateArtifact: ${r.name} exists in this run`);
      const artifact: StoredArtifact = {
        id: ++nextId,
        name: r.name,
        workflowRunBackendId: runBackendId,
        ...(r.mimeType ? { mimeType: r.mimeType.value } : {}),
        finalized: false,
        downloadUrl: '',
      };
      artifacts.push(artifact);
      return CreateArtifactResponse.toJson({ ok: true, signedUploadUrl: blobFor(artifact) });
    }
    if (method === 'FinalizeArtifact') {
      const r = FinalizeArtifactRequest.fromJson(body as never, { ignoreUnknownFields: false });
      ids(r);
      const artifact = artifacts.find((a) => a.name === r.name && !a.finalized);
      if (!artifact?.bytes)
        throw new Fault(404, 'not_found', `FinalizeArtifact: ${r.name} was never uploaded`);
      const hash = `sha256:${createHash('sha256').update(artifact.bytes).digest('hex')}`;
      if (Number(r.size) !== artifact.bytes.length || r.hash?.value !== hash)
        throw new Fault(
          400,
          'invalid_argument',
          `FinalizeArtifact: size ${r.size} / hash ${r.hash?.value} differ from the blob (${artifact.bytes.length}, ${hash})`,
        );
      Object.assign(artifact, { finalized: true, size: artifact.bytes.length, hash });
      return FinalizeArtifactResponse.toJson({ ok: true, artifactId: String(artifact.id) });
    }
    throw new Fault(404, 'bad_route', `${method} is not served by this double`);
  };

  const blob = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
    const url = new URL(req.url ?? '/', base);
    const entry = blobs.get(url.pathname);
    if (!entry || url.searchParams.get('sig') !== entry.sig)
      throw new Fault(403, 'AuthenticationFailed', `blob ${url.pathname}: signature`);
    const comp = url.searchParams.get('comp');
    if (req.method === 'GET' && comp === null) {
      const bytes = entry.artifact.finalized ? entry.artifact.bytes : undefined;
      if (!bytes) throw new Fault(404, 'BlobNotFound', `blob ${url.pathname}: not finalized`);
      res.writeHead(200, {
        'content-type': entry.artifact.mimeType ?? 'application/octet-stream',
        'content-length': bytes.length,
      });
      res.end(bytes);
      return;
    }
    if (req.method !== 'PUT') throw new Fault(405, 'UnsupportedHttpVerb', `blob: ${req.method}`);
    if (comp === 'block') {
      const id = url.searchParams.get('blockid');
      if (!id || Number(req.headers['content-length']) !== raw.length)
        throw new Fault(400, 'InvalidBlockId', 'Put Block: block id or content-length');
      entry.blocks.set(id, raw);
    } else if (comp === 'blocklist') {
      const parsed = new XMLParser({ isArray: (name) => name === 'Latest' }).parse(raw.toString('utf8')) as {
        BlockList?: { Latest?: string[] };
      };
      const ids = parsed.BlockList?.Latest ?? [];
      const missing = ids.filter((id) => !entry.blocks.has(id));
      if (missing.length)
        throw new Fault(400, 'InvalidBlockList', `Put Block List: ${missing.length} unknown block(s)`);
      entry.artifact.bytes = Buffer.concat(ids.map((id) => entry.blocks.get(id)!));
    } else throw new Fault(400, 'InvalidQueryParameterValue', `blob: comp=${comp}`);
    res.writeHead(201, {
      etag: `"0x${randomBytes(8).toString('hex')}"`,
      'last-modified': new Date().toUTCString(),
      'x-ms-request-id': randomUUID(),
      'x-ms-version': '2024-08-04',
      'x-ms-request-server-encrypted': 'true',
      'content-length': 0,
    });
    res.end();
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      try {
        const url = new URL(req.url ?? '/', base);
        const path = url.pathname;
        const comp = url.searchParams.get('comp');
        requests.push(
          path.startsWith(TWIRP)
            ? path.slice(TWIRP.length)
            : comp === 'block'
              ? 'Put Block'
              : comp === 'blocklist'
                ? 'Put Block List'
                : `${req.method === 'GET' ? 'Get' : req.method} Blob`,
        );
        if (path.startsWith(TWIRP)) {
          if (req.method !== 'POST') throw new Fault(405, 'bad_route', `twirp: ${req.method}`);
          const answer = twirp(path.slice(TWIRP.length), JSON.parse(raw.toString('utf8')) as unknown, req);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer));
        } else if (path.startsWith(ACCOUNT)) blob(req, res, raw);
        else throw new Fault(404, 'bad_route', `${req.method} ${path}`);
      } catch (error) {
        const fault =
          error instanceof Fault
            ? error
            : new Fault(400, 'malformed', `bad request: ${(error as Error).message}`);
        violations.push(fault.message);
        res.writeHead(fault.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ code: fault.code, msg: fault.message }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${base}/`,
    runtimeToken,
    artifacts,
    requests,
    violations,
    seed(name, bytes, mimeType) {
      const artifact: StoredArtifact = {
        id: ++nextId,
        name,
        workflowRunBackendId: runBackendId,
        ...(mimeType ? { mimeType } : {}),
        bytes,
        size: bytes.length,
        hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
        finalized: true,
        downloadUrl: '',
      };
      blobFor(artifact);
      artifacts.push(artifact);
      return artifact;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

class Fault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
