// record.signing and promote.trust in the config: defaults by mode, paths resolved, and every
// mistake reported at file:line:col with what to fix (src/config/rules.ts signingRules).
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';

const FILE = '.github/immutable-qa.yml';
const config = (repository: string, extra = '', checkEnv = '') => `version: 1
image:
  repository: ${repository}
environment:
  compose: compose.yml
checks:
  - name: unit
    run: npm test
${checkEnv}${extra}`;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function load(yaml: string, files: Record<string, string> = {}) {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'iqa-signing-')));
  dirs.push(dir);
  for (const [name, text] of Object.entries({ 'compose.yml': 'services: {}\n', [FILE]: yaml, ...files })) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, load: () => loadConfig(FILE, { cwd: dir }) };
}

test('defaults: keyless in registry mode, none in local mode; trust paths are absolute', async () => {
  const registry = await load(
    config(
      'ghcr.io/acme/shop',
      `promote:
  trust:
    keys: [.github/qa.pub]
    identities:
      - workflow: acme/shop/.github/workflows/qa.yml
        repository: acme/shop
    trusted-root: .github/root.jsonl
`,
    ),
    { '.github/qa.pub': 'x', '.github/root.jsonl': '{}' },
  );
  const loaded = await registry.load();
  expect(loaded.record).toEqual({ signing: 'keyless' });
  expect(loaded.promote.trust).toEqual({
    keys: [path.join(registry.dir, '.github/qa.pub')],
    identities: [
      {
        workflow: 'https://github.com/acme/shop/.github/workflows/qa.yml',
        issuer: 'https://token.actions.githubusercontent.com',
        repository: 'acme/shop',
      },
    ],
    trustedRoot: path.join(registry.dir, '.github/root.jsonl'),
  });
  expect((await (await load(config('shop'))).load()).record).toEqual({ signing: 'none' });
});

test.each<[string, string, Record<string, string>, string, string]>([
  [
    'signing in local mode',
    'shop',
    {},
    'record:\n  signing: key\n',
    `${FILE}:10:12: record.signing: key needs a registry`,
  ],
  [
    'identities without a trusted root',
    'ghcr.io/acme/shop',
    {},
    'promote:\n  trust:\n    identities:\n      - workflow: acme/shop/.github/workflows/qa.yml\n',
    `${FILE}:12:7: promote.trust.identities: keyless verdicts are checked against a Sigstore trusted root`,
  ],
  [
    'a trusted key file that does not exist',
    'ghcr.io/acme/shop',
    {},
    'promote:\n  trust:\n    keys: [.github/missing.pub]\n',
    `${FILE}:11:12: promote.trust.keys[0]: public key ".github/missing.pub" is not a file`,
  ],
  [
    'a trusted key outside the repository',
    'ghcr.io/acme/shop',
    {},
    'promote:\n  trust:\n    keys: [../../etc/key.pub]\n',
    `${FILE}:11:12: promote.trust.keys[0]: public key "../../etc/key.pub" leaves the repository`,
  ],
  [
    'a workflow that is not a workflow file',
    'ghcr.io/acme/shop',
    {},
    'promote:\n  trust:\n    identities:\n      - workflow: acme/shop\n    trusted-root: r.json\n',
    `${FILE}:12:19: promote.trust.identities[0].workflow: expected the signing workflow like acme/shop/.github/workflows/qa.yml@refs/heads/main`,
  ],
  [
    'keyless URLs without a witness',
    'ghcr.io/acme/shop',
    {},
    'record:\n  sigstore: { fulcio: "https://fulcio.example" }\n',
    `${FILE}:10:13: record.sigstore: name a transparency log (rekor) or a timestamp authority (tsa)`,
  ],
])('%s is a config error at file:line:col', async (_name, repository, files, extra, expected) => {
  const { load: run } = await load(config(repository, extra), { 'r.json': '{}', ...files });
  await expect(run()).rejects.toThrow(expected);
});

test('a check asking for the OIDC token is refused while signing is keyless, allowed with a key', async () => {
  const env = '    env: { TOKEN: "${ACTIONS_ID_TOKEN_REQUEST_TOKEN}" }\n';
  const keyless = await load(config('ghcr.io/acme/shop', '', env));
  await expect(keyless.load()).rejects.toThrow(
    `${FILE}:9:19: checks[0].env.TOKEN: a check cannot have \${ACTIONS_ID_TOKEN_REQUEST_TOKEN} when record.signing is keyless`,
  );
  const key = await load(config('ghcr.io/acme/shop', 'record:\n  signing: key\n', env));
  await expect(key.load()).resolves.toMatchObject({ record: { signing: 'key' } });
});
