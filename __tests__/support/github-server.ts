// A local GitHub REST API for tests: answers the endpoints immutable-qa uses the way GitHub does,
// keeps what was written (check runs, comments, deployments, attestations) in `state`, and
// validates every request against GitHub's OpenAPI description (github-openapi-subset.json,
// generated from @octokit/openapi by scripts/gen-openapi-subset.mjs) plus the limits GitHub
// enforces beyond it.
// Any violation is recorded in `violations` and answered 422 (or 400/401/404) like GitHub would.
// Fault modes reproduce what a real run meets: read-only tokens, 5xx bursts, rate limits.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ---------------------------------------------------------------------------------------------
// The OpenAPI subset

type JsonSchema = Record<string, unknown>;

interface SubsetParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
  'x-multi-segment'?: boolean;
}

interface SubsetOperation {
  operationId: string;
  method: string;
  path: string;
  documentationUrl: string | null;
  parameters: SubsetParameter[];
  requestBody: { required: boolean; contentType: string; schema: JsonSchema } | null;
}

interface Subset {
  source: { package: string; version: string; file: string; openapi: string };
  operations: SubsetOperation[];
}

export const openapiSubset: Subset = JSON.parse(
  readFileSync(new URL('./github-openapi-subset.json', import.meta.url), 'utf8'),
) as Subset;

// ---------------------------------------------------------------------------------------------
// Public types

export interface LoggedRequest {
  method: string;
  /** Path without the query string, as sent (percent-encoded). */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none (or it was not JSON). */
  body: unknown;
  rawBody: string;
  operationId?: string;
  params: Record<string, string>;
  /** Status answered (0 until the response is sent). */
  status: number;
  at: string;
}

export type ServerMode =
  | 'normal'
  | 'read-only'
  | { kind: 'normal' }
  | { kind: 'read-only' }
  /** The next `count` requests get `status` (default 502). */
  | { kind: '5xx'; count: number; status?: number }
  /** The next `count` (default 1) requests hit a primary or secondary rate limit. */
  | {
      kind: 'rate-limit';
      type: 'primary' | 'secondary';
      count?: number;
      resetSeconds?: number;
      retryAfterSeconds?: number;
    };

export interface CommitSeed {
  tree: string;
  parents?: string[];
  message?: string;
  author?: { name: string; email: string; date: string };
}

export interface PullSeed {
  number: number;
  /** `repo`: the head repository's owner/name when it is a fork (default: this repository). */
  head: { sha: string; ref?: string; repo?: string };
  base?: { ref?: string; sha?: string };
  state?: 'open' | 'closed';
  merged_at?: string | null;
  merge_commit_sha?: string | null;
  title?: string;
}

export interface GitHubServerOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  private?: boolean;
  /** When set, requests must carry exactly this token. Any token is accepted otherwise. */
  token?: string;
  /** Commits known to the git database (git/get-commit, repos/get-commit). */
  commits?: Record<string, CommitSeed>;
  /** Branch or tag name → sha (repos/get-commit, check runs for a ref, deployments). */
  refs?: Record<string, string>;
  /** Commit sha → pull requests that contain it (repos/list-pull-requests-associated-with-commit). */
  commitPulls?: Record<string, PullSeed[]>;
  /** The repository's pull requests (pulls/list). */
  pulls?: PullSeed[];
  /** Workflow-run artifacts (actions/list-workflow-run-artifacts, actions/download-artifact). */
  artifacts?: RunArtifactSeed[];
  /** Comments that already exist, e.g. someone else's or a sticky comment from an earlier run. */
  comments?: Array<{ issue_number: number; body: string; user?: string }>;
  /** Login of the token's user (the author of created comments, check runs, deployments). */
  login?: string;
  /** GitHub accepts and ignores unknown body properties; by default they are violations here. */
  allowUnknownProperties?: boolean;
  mode?: ServerMode;
}

export interface RunArtifactSeed {
  id: number;
  name: string;
  workflowRunId: number;
  /** What GitHub lists (it measured the upload); may differ from what the blob serves. */
  sizeInBytes: number;
  /** Where the download redirects: the blob's signed URL (the artifact service double serves it). */
  downloadUrl: string;
  expired?: boolean;
}

export interface Annotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
  raw_details?: string;
}

export interface CheckRunRecord {
  id: number;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  external_id: string | null;
  details_url: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation sent, in order (GitHub appends on each update). */
  annotations: Annotation[];
  actions: unknown[];
  /** Number of create + update requests that touched it. */
  writes: number;
  /** How many annotations each write that carried some sent, in order. */
  annotationBatches: number[];
}

export interface CommentRecord {
  id: number;
  issue_number: number;
  body: string;
  user: string;
  created_at: string;
  updated_at: string;
}

export interface DeploymentStatusRecord {
  id: number;
  state: string;
  description: string;
  environment: string;
  target_url: string;
  log_url: string;
  environment_url: string;
  created_at: string;
}

export interface DeploymentRecord {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  original_environment: string;
  description: string | null;
  transient_environment: boolean;
  production_environment: boolean;
  created_at: string;
  statuses: DeploymentStatusRecord[];
}

export interface AttestationRecord {
  id: number;
  /** The Sigstore bundle exactly as sent (the request body's `bundle`). */
  bundle: unknown;
  created_at: string;
}

export interface ServerState {
  owner: string;
  repo: string;
  defaultBranch: string;
  checkRuns: CheckRunRecord[];
  comments: CommentRecord[];
  deployments: DeploymentRecord[];
  /** Bundles stored through repos/create-attestation, in order. */
  attestations: AttestationRecord[];
  commits: Record<string, CommitSeed>;
  refs: Record<string, string>;
  commitPulls: Record<string, PullSeed[]>;
  pulls: PullSeed[];
  artifacts: RunArtifactSeed[];
}

export interface GitHubServer {
  /** Base URL for Octokit's `baseUrl` (no trailing slash). */
  url: string;
  requests: LoggedRequest[];
  violations: string[];
  state: ServerState;
  setMode(mode: ServerMode): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// GitHub's limits beyond the schema

export const LIMITS = {
  annotationsPerRequest: 50,
  outputChars: 65_535,
  annotationTitleChars: 255,
  annotationBytes: 64 * 1024,
  commentBodyChars: 65_536,
  deploymentStatusDescriptionChars: 140,
  perPageMax: 100,
} as const;

const WRITE_METHODS = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);
const HTML_BASE = 'https://github.com';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly violation: boolean,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// ---------------------------------------------------------------------------------------------
// Validation

type AddFormats = (ajv: Ajv) => Ajv;
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A copy where every object schema with `properties` and no additionalProperties is closed. */
function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!isObject(schema)) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] =
      k === 'properties' && isObject(v)
        ? Object.fromEntries(Object.entries(v).map(([name, s]) => [name, closeObjects(s)]))
        : closeObjects(v);
  }
  const type = schema.type;
  const isObjectType = type === 'object' || (Array.isArray(type) && type.includes('object'));
  if (isObjectType && isObject(schema.properties) && !('additionalProperties' in schema)) {
    out.additionalProperties = false;
  }
  return out;
}

function describeErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const where = e.instancePath || '/';
    let detail = e.message ?? 'is invalid';
    if (e.keyword === 'enum' && isObject(e.params) && Array.isArray(e.params.allowedValues)) {
      detail = `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'additionalProperties' && isObject(e.params)) {
      detail = `has unknown property "${String(e.params.additionalProperty)}" (GitHub would ignore it)`;
    }
    return `For '${where}', ${detail}.`;
  });
}

interface CompiledOperation extends SubsetOperation {
  regex: RegExp;
  pathParams: string[];
  literalLength: number;
  validateBody?: ValidateFunction;
  validateQuery: ValidateFunction;
  validatePath: ValidateFunction;
}

const compiledCache = new Map<boolean, CompiledOperation[]>();

/** Routes and validators for the subset; compiled once per process (ajv compilation is slow). */
function compileOperations(allowUnknownProperties: boolean): CompiledOperation[] {
  let compiled = compiledCache.get(allowUnknownProperties);
  if (!compiled) {
    compiled = compileOperationsUncached(allowUnknownProperties);
    compiledCache.set(allowUnknownProperties, compiled);
  }
  return compiled;
}

function compileOperationsUncached(allowUnknownProperties: boolean): CompiledOperation[] {
  const strictAjv = new Ajv({ strict: false, allErrors: true });
  addFormats(strictAjv);
  const coercingAjv = new Ajv({ strict: false, allErrors: true, coerceTypes: true });
  addFormats(coercingAjv);

  const paramsSchema = (params: SubsetParameter[]): JsonSchema => ({
    type: 'object',
    properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
    required: params.filter((p) => p.required).map((p) => p.name),
  });

  return openapiSubset.operations
    .map((op): CompiledOperation => {
      const pathParams: string[] = [];
      const source = op.path
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_m, name: string) => {
          pathParams.push(name);
          const multi = op.parameters.some((p) => p.name === name && p['x-multi-segment']);
          return multi ? '(.+?)' : '([^/]+)';
        });
      const compiled: CompiledOperation = {
        ...op,
        regex: new RegExp(`^${source}/?$`),
        pathParams,
        literalLength: op.path.replace(/\{\w+\}/g, '').length,
        validateQuery: coercingAjv.compile(paramsSchema(op.parameters.filter((p) => p.in === 'query'))),
        validatePath: coercingAjv.compile(paramsSchema(op.parameters.filter((p) => p.in === 'path'))),
      };
      if (op.requestBody) {
        const schema = allowUnknownProperties ? op.requestBody.schema : closeObjects(op.requestBody.schema);
        compiled.validateBody = strictAjv.compile(schema as JsonSchema);
      }
      return compiled;
    })
    .sort((a, b) => b.literalLength - a.literalLength);
}

const codePoints = (s: string): number => Array.from(s).length;

/** Rules GitHub enforces that the OpenAPI description does not (or only in prose). */
function githubLimits(operationId: string, body: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(body)) return problems;
  if (operationId === 'checks/create' || operationId === 'checks/update') {
    const output = isObject(body.output) ? body.output : undefined;
    for (const field of ['summary', 'text'] as const) {
      const value = output?.[field];
      if (typeof value === 'string' && codePoints(value) > LIMITS.outputChars) {
        problems.push(
          `output.${field} is ${codePoints(value)} characters; GitHub allows at most ${LIMITS.outputChars}.`,
        );
      }
    }
    const annotations = Array.isArray(output?.annotations) ? output.annotations : [];
    if (annotations.length > LIMITS.annotationsPerRequest) {
      problems.push(
        `output.annotations has ${annotations.length} items; GitHub accepts at most ${LIMITS.annotationsPerRequest} per request (send the rest in updates).`,
      );
    }
    annotations.forEach((a, i) => {
      if (!isObject(a)) return;
      if (typeof a.title === 'string' && codePoints(a.title) > LIMITS.annotationTitleChars) {
        problems.push(
          `output.annotations[${i}].title is ${codePoints(a.title)} characters; the maximum is ${LIMITS.annotationTitleChars}.`,
        );
      }
      for (const field of ['message', 'raw_details'] as const) {
        const value = a[field];
        if (typeof value === 'string' && Buffer.byteLength(value, 'utf8') > LIMITS.annotationBytes) {
          problems.push(
            `output.annotations[${i}].${field} is ${Buffer.byteLength(value, 'utf8')} bytes; the maximum is 64 KB.`,
          );
        }
      }
      if (typeof a.start_line === 'number' && typeof a.end_line === 'number') {
        if (a.start_line < 1) problems.push(`output.annotations[${i}].start_line must be at least 1.`);
        if (a.end_line < a.start_line)
          problems.push(`output.annotations[${i}].end_line is before start_line.`);
        if ((a.start_column !== undefined || a.end_column !== undefined) && a.start_line !== a.end_line) {
          problems.push(
            `output.annotations[${i}]: start_column/end_column are only allowed when start_line equals end_line.`,
          );
        }
      }
    });
    const completes = body.status === 'completed' || body.completed_at !== undefined;
    if (completes && body.conclusion === undefined) {
      problems.push('conclusion is required when status is "completed" or completed_at is given.');
    }
    if (body.conclusion === 'stale') problems.push('conclusion "stale" can only be set by GitHub.');
  }
  if (operationId === 'issues/create-comment' || operationId === 'issues/update-comment') {
    if (typeof body.body === 'string' && codePoints(body.body) > LIMITS.commentBodyChars) {
      problems.push(
        `body is ${codePoints(body.body)} characters; the maximum is ${LIMITS.commentBodyChars}.`,
      );
    }
  }
  if (operationId === 'repos/create-deployment-status') {
    if (
      typeof body.description === 'string' &&
      codePoints(body.description) > LIMITS.deploymentStatusDescriptionChars
    ) {
      problems.push(`description is longer than ${LIMITS.deploymentStatusDescriptionChars} characters.`);
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// The server

function normalizeMode(mode: ServerMode): Exclude<ServerMode, string> {
  return typeof mode === 'string' ? { kind: mode } : { ...mode };
}

const sha40 = (s: string): boolean => /^[0-9a-f]{40}$/i.test(s);
const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const nodeId = (prefix: string, id: number): string =>
  `${prefix}_${Buffer.from(`0:${id}`).toString('base64url')}`;

export async function startGitHubServer(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  const owner = options.owner ?? 'acme';
  const repoName = options.repo ?? 'shop';
  const login = options.login ?? 'github-actions[bot]';
  const operations = compileOperations(options.allowUnknownProperties === true);
  const requests: LoggedRequest[] = [];
  const violations: string[] = [];
  let mode = normalizeMode(options.mode ?? 'normal');
  let baseUrl = '';

  const ids = {
    checkRun: 21_000_000_000,
    comment: 1_900_000_000,
    deployment: 1_500_000_000,
    status: 2_600_000_000,
    attestation: 4_200_000,
  };
  const state: ServerState = {
    owner,
    repo: repoName,
    defaultBranch: options.defaultBranch ?? 'main',
    checkRuns: [],
    comments: (options.comments ?? []).map((c) => ({
      id: ++ids.comment,
      issue_number: c.issue_number,
      body: c.body,
      user: c.user ?? 'octocat',
      created_at: now(),
      updated_at: now(),
    })),
    deployments: [],
    attestations: [],
    commits: { ...(options.commits ?? {}) },
    refs: { ...(options.refs ?? {}) },
    commitPulls: { ...(options.commitPulls ?? {}) },
    pulls: [...(options.pulls ?? [])],
    artifacts: [...(options.artifacts ?? [])],
  };

  const repoUrl = (): string => `${baseUrl}/repos/${owner}/${repoName}`;
  const htmlRepo = `${HTML_BASE}/${owner}/${repoName}`;
  const userJson = (name: string): Record<string, unknown> => {
    const bot = name.endsWith('[bot]');
    const id = bot ? 41898282 : 583231;
    return {
      login: name,
      id,
      node_id: nodeId(bot ? 'BOT' : 'U', id),
      type: bot ? 'Bot' : 'User',
      site_admin: false,
      url: `${baseUrl}/users/${encodeURIComponent(name)}`,
      html_url: bot ? `${HTML_BASE}/apps/${name.replace(/\[bot\]$/, '')}` : `${HTML_BASE}/${name}`,
    };
  };
  const resolveRef = (ref: string): string | undefined => {
    if (sha40(ref)) return ref.toLowerCase();
    const short = ref.replace(/^refs\//, '').replace(/^(heads|tags)\//, '');
    return state.refs[ref] ?? state.refs[short];
  };
  const pullNumbers = (): Set<number> =>
    new Set(Object.values(state.commitPulls).flatMap((pulls) => pulls.map((p) => p.number)));

  const checkRunJson = (r: CheckRunRecord): Record<string, unknown> => ({
    id: r.id,
    name: r.name,
    node_id: nodeId('CR', r.id),
    head_sha: r.head_sha,
    external_id: r.external_id,
    url: `${repoUrl()}/check-runs/${r.id}`,
    html_url: `${htmlRepo}/runs/${r.id}`,
    details_url: r.details_url ?? `${htmlRepo}/runs/${r.id}`,
    status: r.status,
    conclusion: r.conclusion,
    started_at: r.started_at,
    completed_at: r.completed_at,
    output: {
      title: r.output.title,
      summary: r.output.summary,
      text: r.output.text,
      annotations_count: r.annotations.length,
      annotations_url: `${repoUrl()}/check-runs/${r.id}/annotations`,
    },
    check_suite: { id: 19_000_000_001 },
    app: {
      id: 15368,
      slug: 'github-actions',
      node_id: 'MDM6QXBwMTUzNjg=',
      name: 'GitHub Actions',
      owner: userJson('github'),
    },
    pull_requests: [],
  });
  const commentJson = (c: CommentRecord): Record<string, unknown> => {
    const kind = pullNumbers().has(c.issue_number) ? 'pull' : 'issues';
    return {
      id: c.id,
      node_id: nodeId('IC', c.id),
      url: `${repoUrl()}/issues/comments/${c.id}`,
      html_url: `${htmlRepo}/${kind}/${c.issue_number}#issuecomment-${c.id}`,
      issue_url: `${repoUrl()}/issues/${c.issue_number}`,
      body: c.body,
      user: userJson(c.user),
      created_at: c.created_at,
      updated_at: c.updated_at,
      author_association: c.user === login ? 'NONE' : 'MEMBER',
      performed_via_github_app: null,
    };
  };
  const statusJson = (d: DeploymentRecord, s: DeploymentStatusRecord): Record<string, unknown> => ({
    url: `${repoUrl()}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DES', s.id),
    state: s.state,
    creator: userJson(login),
    description: s.description,
    environment: s.environment,
    target_url: s.target_url,
    log_url: s.log_url,
    environment_url: s.environment_url,
    created_at: s.created_at,
    updated_at: s.created_at,
    deployment_url: `${repoUrl()}/deployments/${d.id}`,
    repository_url: repoUrl(),
    performed_via_github_app: null,
  });
  const deploymentJson = (d: DeploymentRecord): Record<string, unknown> => ({
    url: `${repoUrl()}/deployments/${d.id}`,
    id: d.id,
    node_id: nodeId('DE', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.original_environment,
    environment: d.environment,
    description: d.description,
    creator: userJson(login),
    created_at: d.created_at,
    updated_at: d.statuses.at(-1)?.created_at ?? d.created_at,
    statuses_url: `${repoUrl()}/deployments/${d.id}/statuses`,
    repository_url: repoUrl(),
    transient_environment: d.transient_environment,
    production_environment: d.production_environment,
    performed_via_github_app: null,
  });
  const pullJson = (p: PullSeed): Record<string, unknown> => ({
    url: `${repoUrl()}/pulls/${p.number}`,
    id: 1_700_000_000 + p.number,
    node_id: nodeId('PR', p.number),
    html_url: `${htmlRepo}/pull/${p.number}`,
    number: p.number,
    state: p.state ?? (p.merged_at ? 'closed' : 'open'),
    locked: false,
    title: p.title ?? `Pull request #${p.number}`,
    user: userJson('octocat'),
    body: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    closed_at: p.merged_at ?? null,
    merged_at: p.merged_at ?? null,
    merge_commit_sha: p.merge_commit_sha ?? null,
    draft: false,
    head: {
      label: `${p.head.repo?.split('/')[0] ?? owner}:${p.head.ref ?? `feature-${p.number}`}`,
      ref: p.head.ref ?? `feature-${p.number}`,
      sha: p.head.sha,
      user: userJson(p.head.repo?.split('/')[0] ?? owner),
      repo: p.head.repo
        ? { id: 223456789, name: p.head.repo.split('/')[1], full_name: p.head.repo, fork: true }
        : { id: 123456789, name: repoName, full_name: `${owner}/${repoName}` },
    },
    base: {
      label: `${owner}:${p.base?.ref ?? state.defaultBranch}`,
      ref: p.base?.ref ?? state.defaultBranch,
      sha: p.base?.sha ?? '0'.repeat(40),
      user: userJson(owner),
      repo: { id: 123456789, name: repoName, full_name: `${owner}/${repoName}` },
    },
    author_association: 'MEMBER',
    auto_merge: null,
  });
  const artifactJson = (a: RunArtifactSeed): Record<string, unknown> => ({
    id: a.id,
    node_id: nodeId('A', a.id),
    name: a.name,
    size_in_bytes: a.sizeInBytes,
    url: `${repoUrl()}/actions/artifacts/${a.id}`,
    archive_download_url: `${repoUrl()}/actions/artifacts/${a.id}/zip`,
    expired: a.expired === true,
    created_at: '2025-01-01T00:00:00Z',
    expires_at: '2025-01-08T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    workflow_run: { id: a.workflowRunId, repository_id: 123456789, head_repository_id: 223456789 },
  });
  const gitCommitJson = (sha: string, c: CommitSeed): Record<string, unknown> => {
    const person = c.author ?? {
      name: 'Octo Cat',
      email: 'octocat@example.com',
      date: '2025-01-01T00:00:00Z',
    };
    return {
      sha,
      node_id: nodeId('C', Number.parseInt(sha.slice(0, 8), 16)),
      url: `${repoUrl()}/git/commits/${sha}`,
      html_url: `${htmlRepo}/commit/${sha}`,
      author: person,
      committer: person,
      tree: { sha: c.tree, url: `${repoUrl()}/git/trees/${c.tree}` },
      message: c.message ?? `commit ${sha.slice(0, 7)}`,
      parents: (c.parents ?? []).map((p) => ({
        sha: p,
        url: `${repoUrl()}/git/commits/${p}`,
        html_url: `${htmlRepo}/commit/${p}`,
      })),
      verification: {
        verified: false,
        reason: 'unsigned',
        signature: null,
        payload: null,
        verified_at: null,
      },
    };
  };

  /** Paginate like GitHub: per_page (≤ 100, default 30), page, and a Link header. */
  const paginate = <T>(
    items: T[],
    query: Record<string, string>,
    path: string,
  ): { page: T[]; link?: string } => {
    const perPage = Math.min(LIMITS.perPageMax, Math.max(1, Number(query.per_page ?? 30) || 30));
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const slice = items.slice((page - 1) * perPage, page * perPage);
    const url = (p: number): string => {
      const q = new URLSearchParams({ ...query, per_page: String(perPage), page: String(p) });
      return `<${baseUrl}${path}?${q.toString()}>`;
    };
    const links: string[] = [];
    if (page > 1) links.push(`${url(page - 1)}; rel="prev"`, `${url(1)}; rel="first"`);
    if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
    return links.length > 0 ? { page: slice, link: links.join(', ') } : { page: slice };
  };

  interface Reply {
    status: number;
    body: unknown;
    headers?: Record<string, string>;
  }

  const handlers: Record<
    string,
    (ctx: {
      params: Record<string, string>;
      query: Record<string, string>;
      body: Record<string, unknown>;
      path: string;
    }) => Reply
  > = {
    'repos/get': () => ({
      status: 200,
      body: {
        id: 123456789,
        node_id: 'R_kgDOHdvd1Q',
        name: repoName,
        full_name: `${owner}/${repoName}`,
        owner: { ...userJson(owner), type: 'Organization' },
        private: options.private ?? false,
        visibility: options.private ? 'private' : 'public',
        html_url: htmlRepo,
        description: null,
        fork: false,
        url: repoUrl(),
        default_branch: state.defaultBranch,
        permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
      },
    }),

    'checks/create': ({ body }) => {
      const output = isObject(body.output) ? body.output : undefined;
      const annotations = (Array.isArray(output?.annotations) ? output.annotations : []) as Annotation[];
      const conclusion = typeof body.conclusion === 'string' ? body.conclusion : null;
      const status = conclusion
        ? 'completed'
        : ((body.status as CheckRunRecord['status'] | undefined) ?? 'queued');
      const record: CheckRunRecord = {
        id: ++ids.checkRun,
        name: String(body.name),
        head_sha: String(body.head_sha),
        status,
        conclusion,
        external_id: typeof body.external_id === 'string' ? body.external_id : '',
        details_url: typeof body.details_url === 'string' ? body.details_url : null,
        started_at: typeof body.started_at === 'string' ? body.started_at : now(),
        completed_at:
          typeof body.completed_at === 'string' ? body.completed_at : status === 'completed' ? now() : null,
        output: {
          title: typeof output?.title === 'string' ? output.title : null,
          summary: typeof output?.summary === 'string' ? output.summary : null,
          text: typeof output?.text === 'string' ? output.text : null,
        },
        annotations: [...annotations],
        actions: Array.isArray(body.actions) ? body.actions : [],
        writes: 1,
        annotationBatches: annotations.length > 0 ? [annotations.length] : [],
      };
      state.checkRuns.push(record);
      return { status: 201, body: checkRunJson(record) };
    },

    'checks/update': ({ params, body }) => {
      const record = state.checkRuns.find((r) => r.id === Number(params.check_run_id));
      if (!record) throw new HttpError(404, 'Not Found', false);
      if (typeof body.name === 'string') record.name = body.name;
      if (typeof body.details_url === 'string') record.details_url = body.details_url;
      if (typeof body.external_id === 'string') record.external_id = body.external_id;
      if (typeof body.started_at === 'string') record.started_at = body.started_at;
      if (typeof body.status === 'string') record.status = body.status as CheckRunRecord['status'];
      if (typeof body.conclusion === 'string') {
        record.conclusion = body.conclusion;
        record.status = 'completed';
      }
      if (typeof body.completed_at === 'string') record.completed_at = body.completed_at;
      else if (record.status === 'completed' && record.completed_at === null) record.completed_at = now();
      const output = isObject(body.output) ? body.output : undefined;
      if (output) {
        if (typeof output.title === 'string') record.output.title = output.title;
        if (typeof output.summary === 'string') record.output.summary = output.summary;
        if (typeof output.text === 'string') record.output.text = output.text;
        if (Array.isArray(output.annotations) && output.annotations.length > 0) {
          record.annotations.push(...(output.annotations as Annotation[]));
          record.annotationBatches.push(output.annotations.length);
        }
      }
      if (Array.isArray(body.actions)) record.actions = body.actions;
      record.writes++;
      return { status: 200, body: checkRunJson(record) };
    },

    'checks/list-for-ref': ({ params, query, path }) => {
      const ref = params.ref ?? '';
      const sha = resolveRef(ref);
      let runs = state.checkRuns.filter((r) => r.head_sha === sha || r.head_sha === ref);
      if (query.check_name) runs = runs.filter((r) => r.name === query.check_name);
      if (query.status) runs = runs.filter((r) => r.status === query.status);
      if ((query.filter ?? 'latest') === 'latest') {
        const latest = new Map<string, CheckRunRecord>();
        for (const r of runs) latest.set(r.name, r);
        runs = [...latest.values()];
      }
      runs = [...runs].sort((a, b) => b.id - a.id);
      const { page, link } = paginate(runs, query, path);
      return {
        status: 200,
        body: { total_count: runs.length, check_runs: page.map(checkRunJson) },
        ...(link ? { headers: { link } } : {}),
      };
    },

    'issues/list-comments': ({ params, query, path }) => {
      const issue = Number(params.issue_number);
      let list = state.comments.filter((c) => c.issue_number === issue);
      if (query.since) {
        const since = Date.parse(String(query.since));
        list = list.filter((c) => Date.parse(c.updated_at) >= since);
      }
      const { page, link } = paginate(list, query, path);
      return { status: 200, body: page.map(commentJson), ...(link ? { headers: { link } } : {}) };
    },

    'issues/create-comment': ({ params, body }) => {
      const comment: CommentRecord = {
        id: ++ids.comment,
        issue_number: Number(params.issue_number),
        body: String(body.body),
        user: login,
        created_at: now(),
        updated_at: now(),
      };
      state.comments.push(comment);
      return {
        status: 201,
        body: commentJson(comment),
        headers: { location: `${repoUrl()}/issues/comments/${comment.id}` },
      };
    },

    'issues/update-comment': ({ params, body }) => {
      const comment = state.comments.find((c) => c.id === Number(params.comment_id));
      if (!comment) throw new HttpError(404, 'Not Found', false);
      comment.body = String(body.body);
      comment.updated_at = now();
      return { status: 200, body: commentJson(comment) };
    },

    'repos/create-deployment': ({ body }) => {
      const ref = String(body.ref);
      const sha = resolveRef(ref);
      if (!sha) throw new HttpError(422, `No ref found for: ${ref}`, false);
      let payload: unknown = body.payload ?? {};
      if (typeof payload === 'string') {
        try {
          payload = payload === '' ? {} : (JSON.parse(payload) as unknown);
        } catch {
          // GitHub keeps a non-JSON string as it is
        }
      }
      const environment = typeof body.environment === 'string' ? body.environment : 'production';
      const deployment: DeploymentRecord = {
        id: ++ids.deployment,
        sha,
        ref,
        task: typeof body.task === 'string' ? body.task : 'deploy',
        payload,
        environment,
        original_environment: environment,
        description:
          typeof body.description === 'string' || body.description === null
            ? (body.description as string | null)
            : '',
        transient_environment: body.transient_environment === true,
        production_environment:
          typeof body.production_environment === 'boolean'
            ? body.production_environment
            : environment === 'production',
        created_at: now(),
        statuses: [],
      };
      state.deployments.push(deployment);
      return { status: 201, body: deploymentJson(deployment) };
    },

    'repos/create-deployment-status': ({ params, body }) => {
      const deployment = state.deployments.find((d) => d.id === Number(params.deployment_id));
      if (!deployment) throw new HttpError(404, 'Not Found', false);
      const environment =
        typeof body.environment === 'string'
          ? body.environment
          : (deployment.statuses.at(-1)?.environment ?? deployment.environment);
      const logUrl =
        typeof body.log_url === 'string'
          ? body.log_url
          : typeof body.target_url === 'string'
            ? body.target_url
            : '';
      const status: DeploymentStatusRecord = {
        id: ++ids.status,
        state: String(body.state),
        description: typeof body.description === 'string' ? body.description : '',
        environment,
        target_url: logUrl,
        log_url: logUrl,
        environment_url: typeof body.environment_url === 'string' ? body.environment_url : '',
        created_at: now(),
      };
      deployment.statuses.push(status);
      deployment.environment = environment;
      if (status.state === 'success' && body.auto_inactive !== false) {
        // GitHub marks earlier successful, non-transient, non-production deployments of the
        // same environment inactive.
        for (const other of state.deployments) {
          if (other.id >= deployment.id || other.environment !== environment) continue;
          if (other.transient_environment || other.production_environment) continue;
          if (other.statuses.at(-1)?.state !== 'success') continue;
          other.statuses.push({
            ...status,
            id: ++ids.status,
            state: 'inactive',
            description: '',
            created_at: now(),
          });
        }
      }
      return { status: 201, body: statusJson(deployment, status) };
    },

    'repos/list-deployments': ({ query, path }) => {
      let list = [...state.deployments].sort((a, b) => b.id - a.id);
      if (query.sha) list = list.filter((d) => d.sha === query.sha);
      if (query.ref) list = list.filter((d) => d.ref === query.ref);
      if (query.task) list = list.filter((d) => d.task === query.task);
      if (query.environment && query.environment !== 'none') {
        list = list.filter((d) => d.environment === query.environment);
      }
      const { page, link } = paginate(list, query, path);
      return { status: 200, body: page.map(deploymentJson), ...(link ? { headers: { link } } : {}) };
    },

    'repos/list-pull-requests-associated-with-commit': ({ params, query, path }) => {
      const pulls = state.commitPulls[params.commit_sha ?? ''] ?? [];
      const { page, link } = paginate(pulls, query, path);
      return { status: 200, body: page.map(pullJson), ...(link ? { headers: { link } } : {}) };
    },

    'pulls/list': ({ query, path }) => {
      let list = [...state.pulls];
      const wanted = query.state ?? 'open';
      if (wanted !== 'all')
        list = list.filter((p) => (p.state ?? (p.merged_at ? 'closed' : 'open')) === wanted);
      if (query.head) {
        // `user:ref` (or `org:ref`): the head's owner and branch.
        const [user, ref] = [query.head.split(':')[0], query.head.split(':').slice(1).join(':')];
        list = list.filter(
          (p) =>
            (p.head.repo?.split('/')[0] ?? owner).toLowerCase() === user?.toLowerCase() &&
            (ref === '' || (p.head.ref ?? `feature-${p.number}`) === ref),
        );
      }
      const { page, link } = paginate(list, query, path);
      return { status: 200, body: page.map(pullJson), ...(link ? { headers: { link } } : {}) };
    },

    'actions/list-workflow-run-artifacts': ({ params, query, path }) => {
      let list = state.artifacts.filter((a) => a.workflowRunId === Number(params.run_id));
      if (query.name) list = list.filter((a) => a.name === query.name);
      const { page, link } = paginate(list, query, path);
      return {
        status: 200,
        body: { total_count: list.length, artifacts: page.map(artifactJson) },
        ...(link ? { headers: { link } } : {}),
      };
    },

    // GitHub answers 302 to a short-lived signed blob URL; 410 once the artifact expired.
    'actions/download-artifact': ({ params }) => {
      const artifact = state.artifacts.find((a) => a.id === Number(params.artifact_id));
      if (!artifact) throw new HttpError(404, 'Not Found', false);
      if (params.archive_format !== 'zip') throw new HttpError(404, 'Not Found', true);
      if (artifact.expired) throw new HttpError(410, 'Artifact has expired', false);
      return { status: 302, body: undefined, headers: { location: artifact.downloadUrl } };
    },

    // GitHub answers with the id only; the bundle is kept as sent, for tests to read back.
    'repos/create-attestation': ({ body }) => {
      const attestation: AttestationRecord = {
        id: ++ids.attestation,
        bundle: body.bundle,
        created_at: now(),
      };
      state.attestations.push(attestation);
      return { status: 201, body: { id: attestation.id } };
    },

    'git/get-commit': ({ params }) => {
      const sha = (params.commit_sha ?? '').toLowerCase();
      const commit = state.commits[sha];
      if (!commit) throw new HttpError(404, 'Not Found', false);
      return { status: 200, body: gitCommitJson(sha, commit) };
    },

    'repos/get-commit': ({ params }) => {
      const ref = params.ref ?? '';
      const sha = resolveRef(ref);
      const commit = sha ? state.commits[sha] : undefined;
      if (!sha || !commit) throw new HttpError(422, `No commit found for SHA: ${ref}`, false);
      const git = gitCommitJson(sha, commit);
      return {
        status: 200,
        body: {
          sha,
          node_id: git.node_id,
          commit: {
            author: git.author,
            committer: git.committer,
            message: git.message,
            tree: git.tree,
            url: git.url,
            comment_count: 0,
            verification: git.verification,
          },
          url: `${repoUrl()}/commits/${sha}`,
          html_url: `${htmlRepo}/commit/${sha}`,
          comments_url: `${repoUrl()}/commits/${sha}/comments`,
          author: null,
          committer: null,
          parents: git.parents,
          stats: { total: 0, additions: 0, deletions: 0 },
          files: [],
        },
      };
    },
  };

  let remaining = 5000;
  const send = (
    req: IncomingMessage,
    res: ServerResponse,
    logged: LoggedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    logged.status = status;
    const payload = body === undefined ? '' : JSON.stringify(body);
    // Never 0 here: an exhausted quota is the rate-limit mode's job.
    remaining = Math.max(1, remaining - 1);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(payload)),
      'x-github-request-id': randomUUID().toUpperCase().slice(0, 23).replace(/-/g, ':'),
      'x-github-api-version-selected': '2022-11-28',
      'x-ratelimit-limit': '5000',
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-used': String(5000 - remaining),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-resource': 'core',
      ...headers,
    });
    res.end(req.method === 'HEAD' ? undefined : payload);
  };
  const errorBody = (
    status: number,
    message: string,
    op?: CompiledOperation,
    extra: Record<string, unknown> = {},
  ) => ({
    message,
    documentation_url: op?.documentationUrl ?? 'https://docs.github.com/rest',
    status: String(status),
    ...extra,
  });

  /** A fault injected by the current mode, or undefined. */
  const injectFault = (
    method: string,
  ): { status: number; body: unknown; headers?: Record<string, string> } | undefined => {
    if (mode.kind === '5xx') {
      if (mode.count <= 0) {
        mode = { kind: 'normal' };
        return undefined;
      }
      mode.count--;
      const status = mode.status ?? 502;
      if (mode.count <= 0) mode = { kind: 'normal' };
      return { status, body: { message: status === 502 ? 'Server Error' : 'Service Unavailable' } };
    }
    if (mode.kind === 'rate-limit') {
      const left = mode.count ?? 1;
      const current = mode;
      if (left <= 1) mode = { kind: 'normal' };
      else mode = { ...current, count: left - 1 };
      if (current.type === 'primary') {
        const reset = Math.floor(Date.now() / 1000) + (current.resetSeconds ?? 1);
        return {
          status: 403,
          body: {
            message: 'API rate limit exceeded for installation ID 12345678.',
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-the-primary-rate-limit',
            status: '403',
          },
          headers: {
            'x-ratelimit-limit': '5000',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-used': '5000',
            'x-ratelimit-reset': String(reset),
            'x-ratelimit-resource': 'core',
          },
        };
      }
      return {
        status: 403,
        body: {
          message:
            'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0B0C:3F4D:2A1B3C:2B3C4D:65F0A1B2.',
          documentation_url:
            'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
          status: '403',
        },
        headers: { 'retry-after': String(current.retryAfterSeconds ?? 1) },
      };
    }
    if (mode.kind === 'read-only' && WRITE_METHODS.has(method)) {
      return {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
          status: '403',
        },
        headers: { 'x-accepted-github-permissions': 'checks=write; pull_requests=write; issues=write' },
      };
    }
    return undefined;
  };

  const handle = (req: IncomingMessage, res: ServerResponse, rawBody: string): void => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams.entries());
    const logged: LoggedRequest = {
      method,
      path: url.pathname,
      query,
      headers: req.headers,
      body: undefined,
      rawBody,
      params: {},
      status: 0,
      at: new Date().toISOString(),
    };
    requests.push(logged);
    if (rawBody) {
      try {
        logged.body = JSON.parse(rawBody) as unknown;
      } catch {
        // recorded as rawBody only; judged below if the operation takes a body
      }
    }

    let op: CompiledOperation | undefined;
    const fail = (
      status: number,
      message: string,
      violation: boolean,
      extra: Record<string, unknown> = {},
    ): void => {
      if (violation)
        violations.push(`${method} ${url.pathname}${op ? ` (${op.operationId})` : ''}: ${message}`);
      send(req, res, logged, status, errorBody(status, message, op, extra));
    };

    try {
      const fault = injectFault(method);
      if (fault) {
        send(req, res, logged, fault.status, fault.body, fault.headers);
        return;
      }

      let values: string[] | undefined;
      for (const candidate of operations) {
        const m = candidate.method === method ? candidate.regex.exec(url.pathname) : null;
        if (m) {
          op = candidate;
          values = m.slice(1);
          break;
        }
      }
      if (!op || !values) {
        const known = operations.some((o) => o.regex.test(url.pathname));
        fail(
          404,
          known
            ? `Not Found (no ${method} for this path in the OpenAPI subset)`
            : 'Not Found (unknown route)',
          true,
        );
        return;
      }
      logged.operationId = op.operationId;
      const params: Record<string, string> = {};
      op.pathParams.forEach((name, i) => {
        params[name] = decodeURIComponent(values?.[i] ?? '');
      });
      logged.params = params;

      const auth = req.headers.authorization;
      const token = auth?.replace(/^(token|bearer)\s+/i, '');
      if (!auth || !token || token === auth) {
        fail(401, 'Requires authentication', true);
        return;
      }
      if (options.token !== undefined && token !== options.token) {
        fail(401, 'Bad credentials', true);
        return;
      }
      if (
        params.owner?.toLowerCase() !== owner.toLowerCase() ||
        params.repo?.toLowerCase() !== repoName.toLowerCase()
      ) {
        fail(404, `Not Found (the test server serves ${owner}/${repoName} only)`, true);
        return;
      }

      const pathValues: Record<string, unknown> = { ...params };
      if (!op.validatePath(pathValues)) {
        fail(404, `Not Found (${describeErrors(op.validatePath.errors).join(' ')})`, true);
        return;
      }
      const queryValues: Record<string, unknown> = { ...query };
      if (!op.validateQuery(queryValues)) {
        fail(422, `Invalid request.\n\n${describeErrors(op.validateQuery.errors).join('\n')}`, true);
        return;
      }

      let body: Record<string, unknown> = {};
      if (op.requestBody && op.validateBody) {
        if (!rawBody) {
          fail(422, 'Invalid request.\n\n"body" wasn\'t supplied.', true);
          return;
        }
        const type = String(req.headers['content-type'] ?? '');
        if (!/^application\/json\b/i.test(type)) {
          fail(415, `Unsupported Media Type: expected application/json, got "${type}"`, true);
          return;
        }
        if (logged.body === undefined) {
          fail(400, 'Problems parsing JSON', true);
          return;
        }
        const problems: string[] = [];
        if (!op.validateBody(logged.body)) problems.push(...describeErrors(op.validateBody.errors));
        problems.push(...githubLimits(op.operationId, logged.body));
        if (problems.length > 0) {
          for (const p of problems) violations.push(`${method} ${url.pathname} (${op.operationId}): ${p}`);
          send(req, res, logged, 422, errorBody(422, `Invalid request.\n\n${problems.join('\n')}`, op));
          return;
        }
        body = logged.body as Record<string, unknown>;
      }

      const handler = handlers[op.operationId];
      if (!handler) {
        fail(501, `no handler for ${op.operationId}`, true);
        return;
      }
      const reply = handler({ params, query, body, path: url.pathname });
      send(req, res, logged, reply.status, reply.body, reply.headers);
    } catch (error) {
      if (error instanceof HttpError) {
        fail(error.status, error.message, error.violation, error.extra);
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      violations.push(`${method} ${url.pathname}: test server error: ${message}`);
      send(req, res, logged, 500, { message: `test server error: ${message}` });
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    requests,
    violations,
    state,
    setMode(next: ServerMode) {
      mode = normalizeMode(next);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
