// Registry authentication: where credentials come from (inputs, the Docker config file, credential
// helpers, the ghcr.io fallback) and how a `WWW-Authenticate` challenge is answered (Basic, or a
// Bearer token from the challenge's realm, cached per scope). Secrets never reach a message.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError, errorMessage } from '../model/errors.js';
import { exec } from '../exec/exec.js';
import type { Logger } from '../model/log.js';
import { redactor } from '../model/redact.js';
import { RegistryError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Challenges

export interface Challenge {
  /** Lower-case scheme: `basic`, `bearer`, … */
  scheme: string;
  /** Lower-case parameter names; values unquoted. */
  params: Record<string, string>;
}

/**
 * Parses a `WWW-Authenticate` header (RFC 7235): one or more challenges, each a scheme followed by
 * comma-separated `name=value` or `name="quoted value"` parameters.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let i = 0;
  const n = header.length;
  const skip = (chars: RegExp): void => {
    while (i < n && chars.test(header.charAt(i))) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z/]/.test(header.charAt(i))) i++;
    return header.slice(start, i);
  };
  let current: Challenge | undefined;
  while (i < n) {
    skip(/[\s,]/);
    if (i >= n) break;
    const start = i;
    const word = token();
    if (word === '') {
      i++; // not a token character: skip it
      continue;
    }
    skip(/[ \t]/);
    if (header.charAt(i) === '=' && current) {
      // name=value parameter of the current challenge (token68 values end with '=' too: see below)
      i++;
      skip(/[ \t]/);
      let value: string;
      if (header.charAt(i) === '"') {
        i++;
        value = '';
        while (i < n && header.charAt(i) !== '"') {
          if (header.charAt(i) === '\\' && i + 1 < n) i++;
          value += header.charAt(i);
          i++;
        }
        i++; // closing quote
      } else {
        const vstart = i;
        while (i < n && header.charAt(i) !== ',' && !/\s/.test(header.charAt(i))) i++;
        value = header.slice(vstart, i);
      }
      current.params[word.toLowerCase()] = value;
      continue;
    }
    if (header.charAt(i) === '=' && !current) {
      // a parameter before any scheme: malformed, skip past it
      i = start + word.length + 1;
      continue;
    }
    current = { scheme: word.toLowerCase(), params: {} };
    challenges.push(current);
  }
  return challenges;
}

// ---------------------------------------------------------------------------------------------
// Credentials

export type Credential =
  | { kind: 'basic'; username: string; password: string; source: string }
  | { kind: 'identity-token'; token: string; username?: string; source: string };

export interface CredentialOptions {
  /** Explicit credentials (the `registry-username` / `registry-password` inputs). Both or neither. */
  username?: string;
  password?: string;
  /**
   * Directory holding the Docker `config.json`. Default: `$DOCKER_CONFIG`, else `~/.docker`.
   * `false`: do not read any Docker config.
   */
  dockerConfigDir?: string | false;
  /** For ghcr.io only, when nothing else matched: e.g. `github.actor` + the workflow token. */
  githubFallback?: { username: string; password: string };
  /** Environment for `DOCKER_CONFIG` and `HOME` (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Runs `docker-credential-<helper> get` (injectable for tests). */
  credentialHelper?: CredentialHelper;
  logger?: Pick<Logger, 'debug'>;
}

export type CredentialHelper = (
  helper: string,
  serverUrl: string,
) => Promise<{ username: string; secret: string } | undefined>;

interface DockerAuthEntry {
  auth?: string;
  identitytoken?: string;
  username?: string;
  password?: string;
}

export interface DockerConfigFile {
  auths: Record<string, DockerAuthEntry>;
  credsStore?: string;
  credHelpers: Record<string, string>;
}

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';

/** The Docker config directory: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
}

/** Reads `<dir>/config.json`; undefined when it does not exist. A malformed file is a UsageError. */
export async function readDockerConfig(
  dir: string,
): Promise<{ path: string; config: DockerConfigFile } | undefined> {
  const path = join(dir, 'config.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(
      `cannot read the Docker config ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The parser's message may quote file content (secrets): name the file only.
    throw new UsageError(`the Docker config ${path} is not valid JSON: fix or remove it`);
  }
  return { path, config: toDockerConfig(raw) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function toDockerConfig(raw: unknown): DockerConfigFile {
  const config: DockerConfigFile = { auths: {}, credHelpers: {} };
  if (!isRecord(raw)) return config;
  if (isRecord(raw.auths)) {
    for (const [key, value] of Object.entries(raw.auths)) {
      if (!isRecord(value)) continue;
      const entry: DockerAuthEntry = {};
      const auth = str(value.auth);
      const identitytoken = str(value.identitytoken);
      const username = str(value.username);
      const password = str(value.password);
      if (auth) entry.auth = auth;
      if (identitytoken) entry.identitytoken = identitytoken;
      if (username) entry.username = username;
      if (password) entry.password = password;
      config.auths[key] = entry;
    }
  }
  const store = str(raw.credsStore);
  if (store) config.credsStore = store;
  if (isRecord(raw.credHelpers)) {
    for (const [key, value] of Object.entries(raw.credHelpers)) {
      const helper = str(value);
      if (helper) config.credHelpers[key] = helper;
    }
  }
  return config;
}

/** `https://host/v1/` → `host`; Docker Hub aliases → `index.docker.io`. Lower-case. */
export function normalizeAuthKey(key: string): string {
  const host = key
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/.*$/, '')
    .toLowerCase();
  return DOCKER_HUB_HOSTS.has(host) ? 'index.docker.io' : host;
}

function findEntry<T>(map: Record<string, T>, host: string): T | undefined {
  const wanted = normalizeAuthKey(host);
  const exact = map[host];
  if (exact !== undefined) return exact;
  for (const [key, value] of Object.entries(map)) if (normalizeAuthKey(key) === wanted) return value;
  return undefined;
}

/** The credential stored inline in a Docker config (`auths[host]`), if any. */
export function dockerConfigCredential(
  config: DockerConfigFile,
  host: string,
  source: string,
): Credential | undefined {
  const entry = findEntry(config.auths, host);
  if (!entry) return undefined;
  let username = entry.username;
  let password = entry.password;
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      username = decoded.slice(0, colon);
      password = decoded.slice(colon + 1);
    }
  }
  if (entry.identitytoken) {
    return username
      ? { kind: 'identity-token', token: entry.identitytoken, username, source }
      : { kind: 'identity-token', token: entry.identitytoken, source };
  }
  if (username && password) return { kind: 'basic', username, password, source };
  return undefined;
}

/** Runs `docker-credential-<helper> get` with the server URL on stdin. */
export const runCredentialHelper: CredentialHelper = async (helper, serverUrl) => {
  if (!/^[\w.-]+$/.test(helper)) return undefined;
  const result = await exec([`docker-credential-${helper}`, 'get'], { input: serverUrl, timeoutMs: 30_000 });
  if (result.code !== 0) return undefined; // "credentials not found in native keychain"
  let raw: unknown;
  try {
    raw = JSON.parse(result.stdout);
  } catch {
    return undefined;
  }
  if (!isRecord(raw)) return undefined;
  const username = str(raw.Username);
  const secret = str(raw.Secret);
  return username && secret ? { username, secret } : undefined;
};

/**
 * Credentials for `host`, in order: explicit username/password; the Docker config
 * (`credHelpers[host]`, then `auths[host]`, then `credsStore`); for ghcr.io the GitHub fallback.
 * Undefined = anonymous.
 */
export async function resolveCredential(
  host: string,
  options: CredentialOptions = {},
): Promise<Credential | undefined> {
  const { username, password } = options;
  if (username || password) {
    if (!username || !password) {
      throw new UsageError(
        `registry credentials for ${host} need both a username and a password (registry-username and registry-password)`,
      );
    }
    return { kind: 'basic', username, password, source: 'registry-username/registry-password' };
  }

  if (options.dockerConfigDir !== false) {
    const dir = options.dockerConfigDir ?? dockerConfigDir(options.env ?? process.env);
    const file = await readDockerConfig(dir);
    if (file) {
      const helperCredential = async (helper: string): Promise<Credential | undefined> => {
        const serverUrl = normalizeAuthKey(host) === 'index.docker.io' ? DOCKER_HUB_SERVER : host;
        const run = options.credentialHelper ?? runCredentialHelper;
        try {
          const found = await run(helper, serverUrl);
          if (!found) return undefined;
          const source = `credential helper docker-credential-${helper}`;
          // Docker's convention: the username "<token>" marks an identity (refresh) token.
          return found.username === '<token>'
            ? { kind: 'identity-token', token: found.secret, source }
            : { kind: 'basic', username: found.username, password: found.secret, source };
        } catch (error) {
          options.logger?.debug(`registry: credential helper ${helper} failed: ${errorMessage(error)}`);
          return undefined;
        }
      };
      const helper = findEntry(file.config.credHelpers, host);
      const fromHelper = helper ? await helperCredential(helper) : undefined;
      if (fromHelper) return fromHelper;
      const inline = dockerConfigCredential(file.config, host, `Docker config ${file.path}`);
      if (inline) return inline;
      const fromStore = file.config.credsStore ? await helperCredential(file.config.credsStore) : undefined;
      if (fromStore) return fromStore;
    }
  }

  if (options.githubFallback && normalizeAuthKey(host) === 'ghcr.io') {
    const { username: user, password: token } = options.githubFallback;
    if (user && token)
      return { kind: 'basic', username: user, password: token, source: 'github.actor and the GitHub token' };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Answering challenges

export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

/** Sends one request (with the client's retries) and returns the response. */
export type Transport = (request: TransportRequest) => Promise<Response>;

export interface RegistryAuthOptions {
  /** host[:port] of the registry. */
  registry: string;
  /** Where credentials come from, or a resolver (called at most once, lazily). */
  credentials?: CredentialOptions | (() => Promise<Credential | undefined>);
  transport: Transport;
  logger?: Pick<Logger, 'debug'>;
  now?: () => number;
  userAgent?: string;
}

export interface ChallengeOutcome {
  /** A (new) Authorization can be sent: retry the request. */
  retry: boolean;
  /** The registry said the credentials lack the permission (`error="insufficient_scope"`). */
  insufficientScope: boolean;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Hint for an authentication / authorization failure, naming what to check. Never secrets. */
export function authHint(
  kind: 'unauthorized' | 'forbidden',
  registry: string,
  source: string | undefined,
  push: boolean,
): string {
  const ghcr = normalizeAuthKey(registry) === 'ghcr.io';
  if (kind === 'forbidden') {
    return ghcr
      ? `the credentials (${source ?? 'anonymous'}) lack permission: the token needs \`packages: ${push ? 'write' : 'read'}\` (workflow \`permissions:\`) and the package must grant this repository ${push ? 'Write' : 'Read'} access`
      : `the credentials (${source ?? 'anonymous'}) are valid but lack ${push ? 'push' : 'pull'} permission on this repository`;
  }
  if (!source) {
    return `no credentials found for ${registry}: pass registry-username and registry-password, or run \`docker login ${registry}\` (looked in $DOCKER_CONFIG/config.json or ~/.docker/config.json)`;
  }
  // A 401 with credentials is not a permission problem: the registry does not accept them at all.
  return ghcr
    ? `the registry rejected the credentials from ${source}: the token is invalid, expired or revoked, or the username is wrong. Create a new token (it needs read:packages${push ? ' and write:packages' : ''}; the workflow token needs \`packages: ${push ? 'write' : 'read'}\`) and update the secret or log in again`
    : `the registry rejected the credentials from ${source}: the token or password is invalid, expired or revoked, or the username is wrong. Create a new token and update the secret, or run \`docker login ${registry}\` again`;
}

export class RegistryAuth {
  private scheme: 'basic' | 'bearer' | undefined;
  private realm: string | undefined;
  private service: string | undefined;
  private readonly tokens = new Map<string, Promise<CachedToken>>();
  private credential: Promise<Credential | undefined> | undefined;
  private resolvedSource: string | undefined;
  private readonly secrets = new Set<string>();
  private readonly now: () => number;

  constructor(private readonly options: RegistryAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Where the credentials came from (e.g. "Docker config /root/.docker/config.json"), if any. */
  get source(): string | undefined {
    return this.resolvedSource;
  }

  /** Removes every known secret from a text before it is shown or logged. */
  scrub(text: string): string {
    // Built at each call: the token service adds its tokens to the set as they come.
    return redactor(this.secrets)(text);
  }

  async getCredential(): Promise<Credential | undefined> {
    this.credential ??= (async () => {
      const { credentials } = this.options;
      const found =
        typeof credentials === 'function'
          ? await credentials()
          : await resolveCredential(this.options.registry, { logger: this.options.logger, ...credentials });
      if (found) {
        this.resolvedSource = found.source;
        if (found.kind === 'basic') {
          this.secrets.add(found.password);
          this.secrets.add(basic(found.username, found.password));
        } else {
          this.secrets.add(found.token);
        }
        this.options.logger?.debug(`registry: credentials for ${this.options.registry} from ${found.source}`);
      } else {
        this.options.logger?.debug(`registry: no credentials for ${this.options.registry}, anonymous`);
      }
      return found;
    })();
    return this.credential;
  }

  /** The Authorization header to send proactively for `scope`, once the scheme is known. */
  async authorization(scope: string | undefined): Promise<string | undefined> {
    if (this.scheme === 'basic') {
      const credential = await this.getCredential();
      return credential?.kind === 'basic'
        ? `Basic ${basic(credential.username, credential.password)}`
        : undefined;
    }
    if (this.scheme === 'bearer') {
      const token = await this.token(scope ? [scope] : [], scope ?? '');
      return `Bearer ${token.value}`;
    }
    return undefined;
  }

  /**
   * Handles a 401's `WWW-Authenticate` header. `sent` is the Authorization the failed request
   * carried (if any). Returns whether retrying with a new Authorization makes sense.
   */
  async challenge(
    header: string | null,
    scope: string | undefined,
    sent: string | undefined,
  ): Promise<ChallengeOutcome> {
    const no: ChallengeOutcome = { retry: false, insufficientScope: false };
    if (!header) return no;
    const challenges = parseChallenges(header);
    const bearer = challenges.find((c) => c.scheme === 'bearer');
    const basicChallenge = challenges.find((c) => c.scheme === 'basic');
    if (bearer?.params.realm) {
      const insufficientScope = bearer.params.error === 'insufficient_scope';
      this.scheme = 'bearer';
      this.realm = bearer.params.realm;
      this.service = bearer.params.service;
      const key = scope ?? '';
      const scopes = new Set<string>(scope ? [scope] : []);
      for (const s of (bearer.params.scope ?? '').split(' ')) if (s) scopes.add(s);
      if (sent?.startsWith('Bearer ')) {
        // The token we sent was refused: fetch a fresh one once (the client bounds the retries).
        this.tokens.delete(key);
        if (insufficientScope) return { retry: false, insufficientScope };
      }
      await this.token([...scopes], key);
      return { retry: true, insufficientScope };
    }
    if (basicChallenge) {
      this.scheme = 'basic';
      if (sent?.startsWith('Basic ')) return no; // our credentials were refused
      const credential = await this.getCredential();
      return { retry: credential?.kind === 'basic', insufficientScope: false };
    }
    return no;
  }

  private token(scopes: string[], key: string): Promise<CachedToken> {
    const cached = this.tokens.get(key);
    if (cached) {
      return cached.then((token) => {
        if (token.expiresAt > this.now()) return token;
        this.tokens.delete(key);
        return this.token(scopes, key);
      });
    }
    const pending = this.fetchToken(scopes);
    this.tokens.set(key, pending);
    pending.catch(() => this.tokens.delete(key));
    return pending;
  }

  private async fetchToken(scopes: string[]): Promise<CachedToken> {
    const realm = this.realm;
    if (!realm) throw this.error('protocol', 'the registry asked for a Bearer token without a realm');
    const credential = await this.getCredential();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.options.userAgent) headers['User-Agent'] = this.options.userAgent;
    let request: TransportRequest;
    if (credential?.kind === 'identity-token') {
      const form = new URLSearchParams();
      form.set('grant_type', 'refresh_token');
      if (this.service) form.set('service', this.service);
      form.set('client_id', 'immutable-qa');
      form.set('refresh_token', credential.token);
      if (scopes.length) form.set('scope', scopes.join(' '));
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      request = { method: 'POST', url: realm, headers, body: Buffer.from(form.toString()) };
    } else {
      const url = new URL(realm);
      if (this.service) url.searchParams.set('service', this.service);
      for (const scope of scopes) url.searchParams.append('scope', scope);
      if (credential) headers.Authorization = `Basic ${basic(credential.username, credential.password)}`;
      request = { method: 'GET', url: url.toString(), headers };
    }

    const started = this.now();
    const response = await this.options.transport(request);
    const text = await response.text();
    const origin = safeOrigin(realm);
    if (response.status === 401 || response.status === 403) {
      const kind = response.status === 401 || !credential ? 'unauthorized' : 'forbidden';
      throw this.error(
        kind,
        `the token service ${origin} for ${this.options.registry} refused ${credential ? 'the credentials' : 'anonymous access'} (${response.status}${errorSummary(text).summary}): ${authHint(
          kind,
          this.options.registry,
          credential?.source,
          scopes.some((s) => /push|delete|\*/.test(s)),
        )}`,
        response.status,
      );
    }
    if (!response.ok) {
      throw this.error(
        'protocol',
        `the token service ${origin} for ${this.options.registry} answered ${response.status}${errorSummary(text).summary}`,
        response.status,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.error(
        'protocol',
        `the token service ${origin} for ${this.options.registry} did not answer JSON`,
      );
    }
    const value = isRecord(body) ? (str(body.token) ?? str(body.access_token)) : undefined;
    if (!value)
      throw this.error('protocol', `the token service ${origin} for ${this.options.registry} sent no token`);
    this.secrets.add(value);
    const expiresIn = isRecord(body) && typeof body.expires_in === 'number' ? body.expires_in : 60;
    // The spec: tokens live at least 60 s. Renew 10 s early.
    const lifetime = Math.max(expiresIn, 60) - 10;
    this.options.logger?.debug(
      `registry: token for ${scopes.join(' ') || '(no scope)'} from ${origin} (${expiresIn}s, ${this.now() - started} ms)`,
    );
    return { value, expiresAt: started + lifetime * 1000 };
  }

  private error(
    kind: 'unauthorized' | 'forbidden' | 'protocol',
    message: string,
    status?: number,
  ): RegistryError {
    return new RegistryError(this.scrub(`registry ${this.options.registry}: ${message}`), {
      kind,
      registry: this.options.registry,
      ...(status !== undefined ? { status } : {}),
    });
  }
}

function basic(username: string, password: string): string {
  return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid realm)';
  }
}

/**
 * From an OCI / token error body: `summary`, `", CODE: message"` (else the first line of a short
 * text body, else ''), and `code`, the first OCI error code. Not scrubbed: it only reaches a
 * message through the `error()` of RegistryAuth / RegistryClient, which scrub the whole message.
 */
export function errorSummary(text: string): { summary: string; code?: string } {
  let summary = '';
  let code: string | undefined;
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body) && Array.isArray(body.errors)) {
      const first: unknown = body.errors[0];
      if (isRecord(first) && typeof first.code === 'string') code = first.code;
      summary = body.errors
        .filter(isRecord)
        .map((e) => [str(e.code), str(e.message)].filter(Boolean).join(': '))
        .filter(Boolean)
        .join('; ');
    } else if (isRecord(body)) {
      summary = [str(body.error), str(body.error_description) ?? str(body.details)]
        .filter(Boolean)
        .join(': ');
    }
  } catch {
    const line = text.trim().split('\n')[0] ?? '';
    summary = line.length <= 200 ? line : `${line.slice(0, 200)}…`;
  }
  return { summary: summary ? `, ${summary}` : '', ...(code !== undefined ? { code } : {}) };
}
