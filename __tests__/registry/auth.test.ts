import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../../src/model/errors.js';
import {
  RegistryAuth,
  dockerConfigDir,
  normalizeAuthKey,
  parseChallenges,
  readDockerConfig,
  resolveCredential,
  runCredentialHelper,
} from '../../src/registry/auth.js';
import type { Credential, TransportRequest } from '../../src/registry/auth.js';
import { RegistryError } from '../../src/registry/errors.js';

const b64 = (s: string): string => Buffer.from(s).toString('base64');

describe('parseChallenges', () => {
  test('Bearer with realm, service and scope', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:acme/shop:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://ghcr.io/token',
          service: 'ghcr.io',
          scope: 'repository:acme/shop:pull,push',
        },
      },
    ]);
  });

  test('Basic', () => {
    expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
    ]);
  });

  test('several challenges, spaces, unquoted values, escapes and error params', () => {
    expect(
      parseChallenges(
        'Basic realm="a, b", Bearer realm="https://auth.example/token", service=registry.example, error="insufficient_scope", x="q\\"uote"',
      ),
    ).toEqual([
      { scheme: 'basic', params: { realm: 'a, b' } },
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.example/token',
          service: 'registry.example',
          error: 'insufficient_scope',
          x: 'q"uote',
        },
      },
    ]);
  });

  test('case-insensitive scheme and parameter names; empty header', () => {
    expect(parseChallenges('BEARER Realm="r"')).toEqual([{ scheme: 'bearer', params: { realm: 'r' } }]);
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('Docker config', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'iqa-auth-unit-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const write = (config: unknown): Promise<void> =>
    writeFile(join(dir, 'config.json'), JSON.stringify(config));

  test('dockerConfigDir: $DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/cfg' })).toBe('/cfg');
    expect(dockerConfigDir({ HOME: '/home/u' })).toBe('/home/u/.docker');
  });

  test('missing file: undefined; malformed file: UsageError naming the file but no content', async () => {
    expect(await readDockerConfig(dir)).toBeUndefined();
    await writeFile(join(dir, 'config.json'), '{"auths": {"x": {"auth": "c2VjcmV0"}');
    const error: unknown = await readDockerConfig(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(join(dir, 'config.json'));
    expect((error as Error).message).not.toContain('c2VjcmV0');
  });

  test('auths[host].auth (base64 user:pass, password may contain colons)', async () => {
    await write({ auths: { 'ghcr.io': { auth: b64('octocat:ghp_pa:ss') } } });
    expect(await resolveCredential('ghcr.io', { env: { DOCKER_CONFIG: dir } })).toEqual({
      kind: 'basic',
      username: 'octocat',
      password: 'ghp_pa:ss',
      source: `Docker config ${join(dir, 'config.json')}`,
    });
  });

  test('keys with scheme and path match; Docker Hub aliases match index.docker.io/v1/', async () => {
    await write({
      auths: {
        'https://registry.example:5000/v2/': { auth: b64('a:b') },
        'https://index.docker.io/v1/': { auth: b64('hub:pw') },
      },
    });
    expect(await resolveCredential('registry.example:5000', { dockerConfigDir: dir })).toMatchObject({
      username: 'a',
    });
    expect(await resolveCredential('docker.io', { dockerConfigDir: dir })).toMatchObject({ username: 'hub' });
    expect(await resolveCredential('other.example', { dockerConfigDir: dir })).toBeUndefined();
    expect(normalizeAuthKey('https://Index.Docker.io/v1/')).toBe('index.docker.io');
  });

  test('identitytoken wins over auth', async () => {
    await write({
      auths: { 'acr.example': { auth: b64('00000000-0000-0000-0000-000000000000:'), identitytoken: 'rt' } },
    });
    expect(await resolveCredential('acr.example', { dockerConfigDir: dir })).toEqual({
      kind: 'identity-token',
      token: 'rt',
      username: '00000000-0000-0000-0000-000000000000',
      source: `Docker config ${join(dir, 'config.json')}`,
    });
  });

  test('precedence: explicit > credHelpers > auths > credsStore > ghcr.io fallback', async () => {
    const calls: string[] = [];
    const credentialHelper = async (helper: string, server: string) => {
      calls.push(`${helper} ${server}`);
      return helper === 'none' ? undefined : { username: `${helper}-user`, secret: `${helper}-secret` };
    };
    await write({
      auths: { 'ghcr.io': { auth: b64('file:pw') }, 'quay.io': {} },
      credHelpers: { 'gcr.io': 'gcloud' },
      credsStore: 'desktop',
    });
    const opts = { dockerConfigDir: dir, credentialHelper };
    expect(await resolveCredential('ghcr.io', { ...opts, username: 'in', password: 'put' })).toMatchObject({
      username: 'in',
      source: 'registry-username/registry-password',
    });
    expect(await resolveCredential('gcr.io', opts)).toMatchObject({
      username: 'gcloud-user',
      source: 'credential helper docker-credential-gcloud',
    });
    expect(await resolveCredential('ghcr.io', opts)).toMatchObject({ username: 'file' });
    expect(await resolveCredential('quay.io', opts)).toMatchObject({ username: 'desktop-user' });
    expect(calls).toEqual(['gcloud gcr.io', 'desktop quay.io']);

    await write({ auths: {} });
    const fallback = { username: 'github-actor', password: 'ghs_token' };
    expect(await resolveCredential('ghcr.io', { dockerConfigDir: dir, githubFallback: fallback })).toEqual({
      kind: 'basic',
      username: 'github-actor',
      password: 'ghs_token',
      source: 'github.actor and the GitHub token',
    });
    // The GitHub fallback is for ghcr.io only.
    expect(
      await resolveCredential('registry.example', { dockerConfigDir: dir, githubFallback: fallback }),
    ).toBeUndefined();
  });

  test('a helper returning the "<token>" username yields an identity token', async () => {
    await write({ credsStore: 'fake' });
    const credential = await resolveCredential('registry.example', {
      dockerConfigDir: dir,
      credentialHelper: async () => ({ username: '<token>', secret: 'refresh' }),
    });
    expect(credential).toEqual({
      kind: 'identity-token',
      token: 'refresh',
      source: 'credential helper docker-credential-fake',
    });
  });

  test('runCredentialHelper runs docker-credential-<name> get with the server on stdin', async () => {
    const script = join(dir, 'docker-credential-iqatest');
    await writeFile(
      script,
      '#!/bin/sh\nread server\n[ "$1" = get ] || exit 3\n[ "$server" = known.example ] || { echo "credentials not found in native keychain"; exit 1; }\nprintf \'{"ServerURL":"%s","Username":"u","Secret":"s"}\' "$server"\n',
    );
    await chmod(script, 0o755);
    const path = process.env.PATH;
    process.env.PATH = `${dir}:${path ?? ''}`;
    try {
      expect(await runCredentialHelper('iqatest', 'known.example')).toEqual({ username: 'u', secret: 's' });
      expect(await runCredentialHelper('iqatest', 'other.example')).toBeUndefined();
      expect(await runCredentialHelper('../evil', 'known.example')).toBeUndefined();
    } finally {
      process.env.PATH = path;
    }
    // A helper that is not installed is skipped, not fatal.
    await write({ credsStore: 'not-installed-helper' });
    expect(await resolveCredential('registry.example', { dockerConfigDir: dir })).toBeUndefined();
  });

  test('only one of username/password is a UsageError', async () => {
    await expect(resolveCredential('ghcr.io', { username: 'u' })).rejects.toThrow(UsageError);
    await expect(resolveCredential('ghcr.io', { password: 'p' })).rejects.toThrow(
      'both a username and a password',
    );
  });
});

describe('RegistryAuth', () => {
  const REALM = 'https://auth.example/token';
  const challenge = (scope?: string): string =>
    `Bearer realm="${REALM}",service="registry.example"${scope ? `,scope="${scope}"` : ''}`;

  function setup(credential: Credential | undefined, answer: (request: TransportRequest) => Response) {
    const requests: TransportRequest[] = [];
    let now = 1_000_000;
    const auth = new RegistryAuth({
      registry: 'registry.example',
      credentials: async () => credential,
      transport: async (request) => {
        requests.push(request);
        return answer(request);
      },
      now: () => now,
    });
    return { auth, requests, advance: (ms: number) => (now += ms) };
  }
  const tokenResponse = (token: string, expiresIn?: number): Response =>
    new Response(JSON.stringify({ token, ...(expiresIn ? { expires_in: expiresIn } : {}) }), { status: 200 });

  test('no scheme known yet: no Authorization', async () => {
    const { auth, requests } = setup(undefined, () => tokenResponse('t'));
    expect(await auth.authorization('repository:a:pull')).toBeUndefined();
    expect(requests).toEqual([]);
  });

  test('Basic challenge: Basic header with the credential; a refused Basic is not retried', async () => {
    const { auth } = setup({ kind: 'basic', username: 'u', password: 'p', source: 's' }, () =>
      tokenResponse('t'),
    );
    expect(await auth.challenge('Basic realm="r"', undefined, undefined)).toEqual({
      retry: true,
      insufficientScope: false,
    });
    expect(await auth.authorization(undefined)).toBe(`Basic ${b64('u:p')}`);
    expect(await auth.challenge('Basic realm="r"', undefined, `Basic ${b64('u:p')}`)).toEqual({
      retry: false,
      insufficientScope: false,
    });
  });

  test('Bearer: GET the realm with service, scopes and Basic credentials; cache per scope', async () => {
    let n = 0;
    const { auth, requests } = setup({ kind: 'basic', username: 'u', password: 'p', source: 's' }, () =>
      tokenResponse(`token-${++n}`),
    );
    expect((await auth.challenge(challenge('repository:a:pull'), 'repository:a:pull', undefined)).retry).toBe(
      true,
    );
    expect(requests).toHaveLength(1);
    const url = new URL(requests[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(REALM);
    expect(url.searchParams.get('service')).toBe('registry.example');
    expect(url.searchParams.getAll('scope')).toEqual(['repository:a:pull']);
    expect(requests[0]!.headers.Authorization).toBe(`Basic ${b64('u:p')}`);

    expect(await auth.authorization('repository:a:pull')).toBe('Bearer token-1');
    expect(await auth.authorization('repository:a:pull')).toBe('Bearer token-1');
    expect(requests).toHaveLength(1);
    // Another scope: a token of its own, fetched up front (no second 401 round).
    expect(await auth.authorization('repository:a:pull,push')).toBe('Bearer token-2');
    expect(new URL(requests[1]!.url).searchParams.getAll('scope')).toEqual(['repository:a:pull,push']);
  });

  test('the challenge scope is added to ours; tokens expire (at least 60 s, renewed 10 s early)', async () => {
    let n = 0;
    const { auth, requests, advance } = setup(undefined, () => tokenResponse(`t${++n}`, 30));
    await auth.challenge(challenge('repository:a:delete'), 'repository:a:pull', undefined);
    expect(new URL(requests[0]!.url).searchParams.getAll('scope')).toEqual([
      'repository:a:pull',
      'repository:a:delete',
    ]);
    expect(requests[0]!.headers.Authorization).toBeUndefined(); // anonymous token
    advance(49_000);
    expect(await auth.authorization('repository:a:pull')).toBe('Bearer t1');
    advance(2_000);
    expect(await auth.authorization('repository:a:pull')).toBe('Bearer t2');
  });

  test('a refused token is fetched again once; insufficient_scope stops', async () => {
    let n = 0;
    const { auth, requests } = setup({ kind: 'basic', username: 'u', password: 'p', source: 's' }, () =>
      tokenResponse(`t${++n}`),
    );
    await auth.challenge(challenge(), 'repository:a:pull', undefined);
    expect(await auth.challenge(challenge(), 'repository:a:pull', 'Bearer t1')).toEqual({
      retry: true,
      insufficientScope: false,
    });
    expect(requests).toHaveLength(2);
    expect(
      await auth.challenge(
        `${challenge('repository:a:pull,push')},error="insufficient_scope"`,
        'repository:a:pull',
        'Bearer t2',
      ),
    ).toEqual({ retry: false, insufficientScope: true });
  });

  test('identity token: POST refresh_token grant to the realm', async () => {
    const { auth, requests } = setup(
      { kind: 'identity-token', token: 'refresh-xyz', source: 's' },
      () => new Response(JSON.stringify({ access_token: 'at' }), { status: 200 }),
    );
    await auth.challenge(challenge('repository:a:pull'), 'repository:a:pull', undefined);
    expect(requests[0]!.method).toBe('POST');
    expect(requests[0]!.url).toBe(REALM);
    const form = new URLSearchParams(requests[0]!.body!.toString());
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      service: 'registry.example',
      client_id: 'immutable-qa',
      refresh_token: 'refresh-xyz',
      scope: 'repository:a:pull',
    });
    expect(await auth.authorization('repository:a:pull')).toBe('Bearer at');
  });

  test('token service refusal: RegistryError without any secret, naming the source', async () => {
    const { auth } = setup(
      { kind: 'basic', username: 'u', password: 'hunter2-secret', source: 'the inputs' },
      () =>
        new Response(
          JSON.stringify({ errors: [{ code: 'DENIED', message: 'bad password hunter2-secret' }] }),
          {
            status: 401,
          },
        ),
    );
    const error: unknown = await auth
      .challenge(challenge('repository:a:pull'), 'repository:a:pull', undefined)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).kind).toBe('unauthorized');
    const message = (error as Error).message;
    expect(message).toContain('https://auth.example/token');
    expect(message).toContain('the inputs');
    expect(message).not.toContain('hunter2-secret');
    expect(message).toContain('bad password ***');
    expect(auth.scrub(`x ${b64('u:hunter2-secret')} y`)).toBe('x *** y');
  });
});
