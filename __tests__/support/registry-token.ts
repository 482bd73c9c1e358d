// A Docker token service for distribution's `auth.token`: a self-signed certificate (openssl)
// whose key signs RS256 JWTs (node:crypto) carrying the granted `access` claim.
import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomUUID, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenAuthConfig } from './registry.js';

export interface TokenRequest {
  method: string;
  /** Who was authenticated: a user, or undefined (anonymous). */
  user?: string;
  scopes: string[];
  status: number;
}

export interface TokenServiceOptions {
  /** user → password for Basic authentication on GET. */
  users: Record<string, string>;
  /** refresh token → user, for the OAuth2 POST (identity tokens). */
  refreshTokens?: Record<string, string>;
  /** Actions granted to `user` for a requested scope. Default: everything asked, none for anonymous. */
  grant?: (user: string | undefined, type: string, name: string, actions: string[]) => string[];
  /** Token lifetime in seconds. Default 300. */
  expiresIn?: number;
}

export interface TokenService extends TokenAuthConfig {
  requests: TokenRequest[];
  stop(): Promise<void>;
}

interface Access {
  type: string;
  name: string;
  actions: string[];
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

export function parseScope(scope: string): Access | undefined {
  const first = scope.indexOf(':');
  const last = scope.lastIndexOf(':');
  if (first === -1 || last === first) return undefined;
  return {
    type: scope.slice(0, first),
    name: scope.slice(first + 1, last),
    actions: scope.slice(last + 1).split(','),
  };
}

export async function startTokenService(options: TokenServiceOptions): Promise<TokenService> {
  const dir = await mkdtemp(join(tmpdir(), 'iqa-token-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '1',
      '-subj',
      '/CN=iqa-token',
    ],
    { stdio: 'ignore' },
  );
  const key: KeyObject = createPrivateKey(await readFile(keyPath));
  const certDer = new X509Certificate(await readFile(certPath)).raw.toString('base64');
  const issuer = 'iqa-test-issuer';
  const service = 'iqa-test-registry';
  const expiresIn = options.expiresIn ?? 300;
  const requests: TokenRequest[] = [];
  const grant = options.grant ?? ((user, _type, _name, actions) => (user ? actions : []));

  const token = (user: string | undefined, scopes: string[]): string => {
    const now = Math.floor(Date.now() / 1000);
    const access: Access[] = [];
    for (const scope of scopes) {
      const wanted = parseScope(scope);
      if (!wanted) continue;
      const actions = grant(user, wanted.type, wanted.name, wanted.actions);
      if (actions.length) access.push({ ...wanted, actions });
    }
    const header = { typ: 'JWT', alg: 'RS256', x5c: [certDer] };
    const claims = {
      iss: issuer,
      sub: user ?? '',
      aud: service,
      exp: now + expiresIn,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    return `${input}.${b64url(sign('sha256', Buffer.from(input), key))}`;
  };

  const send = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => resolve(body));
      req.on('error', reject);
    });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://token');
      if (url.pathname !== '/token') return send(res, 404, { error: 'not_found' });
      if (req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
        const user = options.refreshTokens?.[form.get('refresh_token') ?? ''];
        if (form.get('grant_type') !== 'refresh_token' || !user || form.get('service') !== service) {
          requests.push({ method: 'POST', scopes, status: 401 });
          return send(res, 401, { error: 'invalid_grant', error_description: 'unknown refresh token' });
        }
        requests.push({ method: 'POST', user, scopes, status: 200 });
        const value = token(user, scopes);
        return send(res, 200, {
          access_token: value,
          expires_in: expiresIn,
          issued_at: new Date().toISOString(),
        });
      }
      const scopes = url.searchParams.getAll('scope');
      const authorization = req.headers.authorization;
      let user: string | undefined;
      if (authorization) {
        const decoded = Buffer.from(authorization.replace(/^Basic /, ''), 'base64').toString();
        const colon = decoded.indexOf(':');
        const name = decoded.slice(0, colon);
        if (
          !authorization.startsWith('Basic ') ||
          colon < 0 ||
          options.users[name] !== decoded.slice(colon + 1)
        ) {
          requests.push({ method: 'GET', scopes, status: 401 });
          return send(res, 401, {
            errors: [{ code: 'UNAUTHORIZED', message: 'invalid username or password' }],
          });
        }
        user = name;
      }
      const entry: TokenRequest = { method: 'GET', scopes, status: 200 };
      if (user) entry.user = user;
      requests.push(entry);
      const value = token(user, scopes);
      return send(res, 200, {
        token: value,
        access_token: value,
        expires_in: expiresIn,
        issued_at: new Date().toISOString(),
      });
    })().catch((error: unknown) => send(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    rootCertBundle: certPath,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
