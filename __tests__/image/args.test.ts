// The build argv builders are pure: each table row is one BuildSpec and the exact argv it must give.
import {
  buildxArgs,
  buildxOnly,
  convenienceTag,
  githubCacheUnreachable,
  digestFromRepoDigests,
  legacyBuildArgs,
  pushArgs,
  type BuildSpec,
} from '../../src/image/args.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const OTHER = `sha256:${'b'.repeat(64)}`;
const META = '/tmp/iqa-build-x/metadata.json';

function spec(overrides: Partial<BuildSpec> = {}): BuildSpec {
  return {
    context: '.',
    dockerfile: 'Dockerfile',
    buildArgs: {},
    labels: {},
    tags: ['ghcr.io/acme/shop:pr-12'],
    push: true,
    provenance: false,
    platforms: [],
    cacheFrom: [],
    cacheTo: [],
    secrets: [],
    ...overrides,
  };
}

describe('buildxArgs', () => {
  test.each<[string, Partial<BuildSpec>, string[]]>([
    [
      'the minimal push build',
      {},
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'local mode loads instead of pushing',
      { push: false, tags: ['hello:pr-7'] },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'hello:pr-7',
        '--provenance=false',
        '--metadata-file',
        META,
        '--load',
        '.',
      ],
    ],
    [
      'a target stage comes right after --file',
      { target: 'runtime' },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--target',
        'runtime',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'an empty target is no --target',
      { target: '' },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'provenance on',
      { provenance: true },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--provenance=true',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'build args in insertion order, values verbatim (spaces, =, empty)',
      { buildArgs: { NODE_VERSION: '20', GREETING: 'hello world', EQ: 'a=b', EMPTY: '' } },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--build-arg',
        'NODE_VERSION=20',
        '--build-arg',
        'GREETING=hello world',
        '--build-arg',
        'EQ=a=b',
        '--build-arg',
        'EMPTY=',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'labels after build args, before tags',
      {
        buildArgs: { A: '1' },
        labels: { 'org.opencontainers.image.revision': 'f'.repeat(40), 'dev.immutable-qa.pr': '12' },
      },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--build-arg',
        'A=1',
        '--label',
        `org.opencontainers.image.revision=${'f'.repeat(40)}`,
        '--label',
        'dev.immutable-qa.pr=12',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'several tags, each its own --tag',
      { tags: ['r/a:1', 'r/a:2'] },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'r/a:1',
        '--tag',
        'r/a:2',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'everything at once, no tag, a custom dockerfile and context (a path with spaces stays one argument)',
      {
        context: 'services/my app',
        dockerfile: 'services/my app/Dockerfile.prod',
        target: 'prod',
        buildArgs: { V: '1' },
        labels: { l: 'v' },
        tags: [],
        push: false,
        provenance: true,
      },
      [
        'buildx',
        'build',
        '--file',
        'services/my app/Dockerfile.prod',
        '--target',
        'prod',
        '--build-arg',
        'V=1',
        '--label',
        'l=v',
        '--provenance=true',
        '--metadata-file',
        META,
        '--load',
        'services/my app',
      ],
    ],
    [
      'platforms are one comma list after the tags',
      { platforms: ['linux/amd64', 'linux/arm64'] },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--platform',
        'linux/amd64,linux/arm64',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'one platform in local mode is still loaded',
      { platforms: ['linux/arm64'], push: false },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--platform',
        'linux/arm64',
        '--provenance=false',
        '--metadata-file',
        META,
        '--load',
        '.',
      ],
    ],
    [
      'several platforms without push: no --load (the engine cannot load a manifest list)',
      { platforms: ['linux/amd64', 'linux/arm64'], push: false },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--platform',
        'linux/amd64,linux/arm64',
        '--provenance=false',
        '--metadata-file',
        META,
        '.',
      ],
    ],
    [
      'caches in order, each its own flag, specs verbatim',
      {
        cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/acme/shop:buildcache'],
        cacheTo: ['type=gha,mode=max', 'type=local,dest=/tmp/cache'],
      },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--cache-from',
        'type=gha',
        '--cache-from',
        'type=registry,ref=ghcr.io/acme/shop:buildcache',
        '--cache-to',
        'type=gha,mode=max',
        '--cache-to',
        'type=local,dest=/tmp/cache',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
    [
      'secrets: the id and the variable name, never a value',
      {
        secrets: [
          { id: 'npm_token', env: 'NPM_TOKEN' },
          { id: 'git.auth', env: 'GIT_AUTH_TOKEN' },
        ],
      },
      [
        'buildx',
        'build',
        '--file',
        'Dockerfile',
        '--tag',
        'ghcr.io/acme/shop:pr-12',
        '--secret',
        'id=npm_token,env=NPM_TOKEN',
        '--secret',
        'id=git.auth,env=GIT_AUTH_TOKEN',
        '--provenance=false',
        '--metadata-file',
        META,
        '--push',
        '.',
      ],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(buildxArgs(spec(overrides), META)).toEqual(expected);
  });

  test.each([['/tmp/a/metadata.json'], ['/tmp/with space/metadata.json']])(
    'the metadata file %s is passed as one argument after --metadata-file',
    (file) => {
      const argv = buildxArgs(spec(), file);
      expect(argv[argv.indexOf('--metadata-file') + 1]).toBe(file);
    },
  );

  test('the context is always the last argument', () => {
    expect(buildxArgs(spec({ context: 'ctx' }), META).at(-1)).toBe('ctx');
  });
});

describe('legacyBuildArgs and pushArgs (no buildx)', () => {
  test.each<[string, Partial<BuildSpec>, string[]]>([
    [
      'the minimal build: no provenance, metadata file, --push or --load',
      {},
      ['build', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/shop:pr-12', '.'],
    ],
    [
      'push: false gives the same argv (the push is a separate docker push)',
      { push: false },
      ['build', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/shop:pr-12', '.'],
    ],
    [
      'provenance is a buildx flag: never passed to the legacy builder',
      { provenance: true },
      ['build', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/shop:pr-12', '.'],
    ],
    [
      'target, build args, labels, tags in the buildx order',
      {
        context: 'app',
        dockerfile: 'app/Dockerfile',
        target: 'test',
        buildArgs: { X: 'y z' },
        labels: { a: 'b' },
        tags: ['r:1', 'r:2'],
      },
      [
        'build',
        '--file',
        'app/Dockerfile',
        '--target',
        'test',
        '--build-arg',
        'X=y z',
        '--label',
        'a=b',
        '--tag',
        'r:1',
        '--tag',
        'r:2',
        'app',
      ],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(legacyBuildArgs(spec(overrides))).toEqual(expected);
  });

  test.each([
    ['ghcr.io/acme/shop:pr-12', ['push', 'ghcr.io/acme/shop:pr-12']],
    ['localhost:5000/hello:sha-abc', ['push', 'localhost:5000/hello:sha-abc']],
  ])('pushArgs(%s)', (tag, expected) => {
    expect(pushArgs(tag)).toEqual(expected);
  });

  test('the legacy build and buildx share the common part exactly', () => {
    const s = spec({ target: 't', buildArgs: { A: '1' }, labels: { l: 'v' }, tags: ['r:1'] });
    const legacy = legacyBuildArgs(s);
    const common = legacy.slice(1, -1);
    expect(buildxArgs(s, META).slice(2, 2 + common.length)).toEqual(common);
  });
});

describe('buildxOnly: what the legacy builder cannot do, by config key', () => {
  test.each<[string, Partial<BuildSpec>, string[]]>([
    ['nothing of it', { buildArgs: { A: '1' }, labels: { a: 'b' }, target: 't' }, []],
    ['platforms', { platforms: ['linux/amd64'] }, ['image.platforms']],
    ['cache-from', { cacheFrom: ['type=gha'] }, ['image.cache-from']],
    ['cache-to', { cacheTo: ['type=inline'] }, ['image.cache-to']],
    ['secrets', { secrets: [{ id: 'a', env: 'A' }] }, ['image.secrets']],
    [
      'all of them, in config order',
      {
        platforms: ['linux/amd64'],
        cacheFrom: ['x/y:c'],
        cacheTo: ['type=inline'],
        secrets: [{ id: 'a', env: 'A' }],
      },
      ['image.platforms', 'image.cache-from', 'image.cache-to', 'image.secrets'],
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(buildxOnly(spec(overrides))).toEqual(expected);
  });

  test('the legacy argv never carries them', () => {
    const argv = legacyBuildArgs(
      spec({
        platforms: ['linux/amd64'],
        cacheFrom: ['a'],
        cacheTo: ['b'],
        secrets: [{ id: 'a', env: 'A' }],
      }),
    );
    expect(argv).toEqual(['build', '--file', 'Dockerfile', '--tag', 'ghcr.io/acme/shop:pr-12', '.']);
  });
});

describe('githubCacheUnreachable: type=gha needs the runner’s cache service', () => {
  const actions = { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_CACHE_URL: 'https://cache/' };
  test.each<[string, string, NodeJS.ProcessEnv, boolean]>([
    ['gha in an action (v1 cache URL)', 'type=gha', actions, false],
    [
      'gha in an action (v2 results URL)',
      'type=gha,mode=max',
      { ACTIONS_RUNTIME_TOKEN: 't', ACTIONS_RESULTS_URL: 'https://results/' },
      false,
    ],
    ['gha in a terminal', 'type=gha', {}, true],
    ['gha with a token but no URL', 'type=gha', { ACTIONS_RUNTIME_TOKEN: 't' }, true],
    ['gha with its own token=', 'type=gha,url=https://c/,token=x', {}, false],
    ['not gha', 'type=registry,ref=r/a:c', {}, false],
    ['a scope named gha is not type=gha', 'type=local,src=gha', {}, false],
  ])('%s', (_name, cache, env, expected) => {
    expect(githubCacheUnreachable(cache, env)).toBe(expected);
  });
});

describe('digestFromRepoDigests', () => {
  test.each<[string, string[], string, string | undefined]>([
    ['the one entry of the repository', [`ghcr.io/acme/shop@${DIGEST}`], 'ghcr.io/acme/shop', DIGEST],
    ['no entries', [], 'ghcr.io/acme/shop', undefined],
    ['only another repository', [`ghcr.io/acme/other@${DIGEST}`], 'ghcr.io/acme/shop', undefined],
    [
      'the entry of our repository among others',
      [`ghcr.io/acme/other@${OTHER}`, `ghcr.io/acme/shop@${DIGEST}`],
      'ghcr.io/acme/shop',
      DIGEST,
    ],
    [
      'the first match wins',
      [`ghcr.io/acme/shop@${DIGEST}`, `ghcr.io/acme/shop@${OTHER}`],
      'ghcr.io/acme/shop',
      DIGEST,
    ],
    [
      'a prefix of the repository is not the repository',
      [`ghcr.io/acme/shop-api@${OTHER}`, `ghcr.io/acme/shop@${DIGEST}`],
      'ghcr.io/acme/shop',
      DIGEST,
    ],
    [
      'the repository is compared exactly (no prefix match)',
      [`ghcr.io/acme/sho@${DIGEST}`],
      'ghcr.io/acme/shop',
      undefined,
    ],
    ['a registry with a port', [`localhost:5000/hello@${DIGEST}`], 'localhost:5000/hello', DIGEST],
    [
      'an entry without @ is skipped',
      ['ghcr.io/acme/shop', `ghcr.io/acme/shop@${DIGEST}`],
      'ghcr.io/acme/shop',
      DIGEST,
    ],
    ['an entry that starts with @ has no repository', [`@${DIGEST}`], '', undefined],
    ['the last @ splits (an @ inside the name stays in the name)', [`a@b@${DIGEST}`], 'a@b', DIGEST],
    ['an empty digest after @ is returned as empty', ['ghcr.io/acme/shop@'], 'ghcr.io/acme/shop', ''],
  ])('%s', (_name, repoDigests, repository, expected) => {
    expect(digestFromRepoDigests(repoDigests, repository)).toBe(expected);
  });
});

describe('convenienceTag', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  test.each<[string, number | undefined, string, string]>([
    ['a pull request', 12, sha, 'pr-12'],
    ['PR 1', 1, sha, 'pr-1'],
    ['PR 0 is still a number, not "no PR"', 0, sha, 'pr-0'],
    ['a push: the first 12 characters of the sha', undefined, sha, 'sha-0123456789ab'],
    ['a sha shorter than 12 characters is used whole', undefined, 'abc', 'sha-abc'],
    ['an empty sha', undefined, '', 'sha-'],
  ])('%s', (_name, pr, s, expected) => {
    expect(convenienceTag(pr, s)).toBe(expected);
  });
});
