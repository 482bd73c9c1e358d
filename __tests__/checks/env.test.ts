// A run check's environment: the runner's minus every credential, our variables, its own env; a
// withheld variable only when the check asks for it by name; a Docker config without registry logins.
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkDockerConfig, checkEnv } from '../../src/checks/env.js';
import { toCheck } from '../../src/config/checks.js';
import { checkSchema } from '../../src/config/schema.js';

const RUNNER: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/home/runner',
  GITHUB_SHA: 'a'.repeat(40),
  GITHUB_TOKEN: 'ghs_workflow',
  GH_TOKEN: 'ghs_cli',
  'INPUT_GITHUB-TOKEN': 'ghs_input',
  'INPUT_REGISTRY-PASSWORD': 'registry-secret',
  ACTIONS_RUNTIME_TOKEN: 'runtime',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc',
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://oidc.example',
  DOCKER_CONFIG: '/tmp/immutable-qa-docker-abc',
  DOCKER_AUTH_CONFIG: '{"auths":{}}',
};
const VARIABLES = { IMMUTABLE_QA_IMAGE: 'r@sha256:1', IMMUTABLE_QA_ENDPOINT_WEB: 'http://127.0.0.1:1/' };

const check = (env: Record<string, string> = {}) =>
  toCheck(checkSchema.parse({ name: 'c', run: 'true', env }));

describe('checkEnv', () => {
  test("the variables of build secrets (image.secrets) are the build's, not the checks'", () => {
    const env = checkEnv(check(), VARIABLES, {
      base: { ...RUNNER, NPM_TOKEN: 'npm_secret' },
      withhold: ['NPM_TOKEN'],
    });
    expect(env.NPM_TOKEN).toBeUndefined();
    expect(JSON.stringify(env)).not.toContain('npm_secret');
  });

  test('no credential of the runner, the workflow or the action reaches the check', () => {
    const env = checkEnv(check(), VARIABLES, { base: RUNNER, dockerConfig: '/tmp/checks/docker-config' });
    expect(env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/runner',
      GITHUB_SHA: 'a'.repeat(40),
      DOCKER_CONFIG: '/tmp/checks/docker-config',
      ...VARIABLES,
    });
    expect(JSON.stringify(env)).not.toMatch(/ghs_|registry-secret|runtime|oidc/);
  });

  test('a check asks for a withheld variable by name and gets the runner value', () => {
    const env = checkEnv(
      check({
        GITHUB_TOKEN: '${GITHUB_TOKEN}',
        DOCKER_CONFIG: '${DOCKER_CONFIG}',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: '${ACTIONS_ID_TOKEN_REQUEST_TOKEN}',
      }),
      VARIABLES,
      { base: RUNNER, dockerConfig: '/tmp/checks/docker-config' },
    );
    expect(env.GITHUB_TOKEN).toBe('ghs_workflow');
    expect(env.DOCKER_CONFIG).toBe('/tmp/immutable-qa-docker-abc');
    expect(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN).toBe('oidc');
    expect(env.GH_TOKEN).toBeUndefined(); // only what it names
  });

  test("GITHUB_TOKEN falls back to the action's github-token when the workflow sets none", () => {
    const base = { ...RUNNER };
    delete base.GITHUB_TOKEN;
    expect(checkEnv(check({ T: '${GITHUB_TOKEN}' }), VARIABLES, { base }).T).toBe('ghs_input');
  });

  test('its own env wins over ours; our variables win over the runner', () => {
    const env = checkEnv(
      check({ IMMUTABLE_QA_IMAGE: 'mine', BASE: '${IMMUTABLE_QA_ENDPOINT_WEB}x' }),
      VARIABLES,
      {
        base: { ...RUNNER, IMMUTABLE_QA_ENDPOINT_WEB: 'runner' },
      },
    );
    expect(env.IMMUTABLE_QA_IMAGE).toBe('mine');
    expect(env.BASE).toBe('http://127.0.0.1:1/x');
    expect(env.IMMUTABLE_QA_ENDPOINT_WEB).toBe('http://127.0.0.1:1/');
  });
});

describe('checkDockerConfig', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'iqa-check-docker-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('plugins and the current context, no logins or credential helpers', async () => {
    const source = join(dir, 'ours');
    mkdirSync(join(source, 'cli-plugins'), { recursive: true });
    writeFileSync(
      join(source, 'config.json'),
      JSON.stringify({
        auths: { 'ghcr.io': { auth: Buffer.from('u:secret').toString('base64') } },
        credsStore: 'desktop',
        credHelpers: { 'x.io': 'ecr-login' },
        currentContext: 'remote',
      }),
    );
    const target = await checkDockerConfig(join(dir, 'run'), source);
    expect(JSON.parse(readFileSync(join(target, 'config.json'), 'utf8'))).toEqual({
      currentContext: 'remote',
    });
    expect(readlinkSync(join(target, 'cli-plugins'))).toBe(join(source, 'cli-plugins'));
    // Twice (parallel checks share it) is fine.
    await expect(checkDockerConfig(join(dir, 'run'), source)).resolves.toBe(target);
  });
});

describe('asking by name passes config validation', () => {
  test('env values may name a withheld variable; http fields may not', async () => {
    const { validateReferences } = await import('../../src/config/expand.js');
    const problems = validateReferences({
      environment: { endpoints: {} },
      checks: [
        { name: 'a', run: 'true', env: { GITHUB_TOKEN: '${GITHUB_TOKEN}', D: '${DOCKER_CONFIG}' } },
        { name: 'b', http: { url: 'https://x/${GITHUB_TOKEN}' } },
        { name: 'c', run: 'true', env: { P: '${INPUT_REGISTRY_PASSWORD}' } },
      ].map((c) => checkSchema.parse(c)),
    });
    expect(problems.map((p) => p.path.join('.'))).toEqual(['checks.1.http.url', 'checks.2.env.P']);
  });
});
