import { UsageError } from '../../src/model/errors.js';
import {
  InvalidReferenceError,
  formatReference,
  isDigest,
  isRegistryHost,
  parseReference,
  referrersTag,
  repositoryName,
} from '../../src/registry/reference.js';

const HEX = 'a'.repeat(64);
const DIGEST = `sha256:${HEX}`;

describe('parseReference', () => {
  test.each([
    ['ghcr.io/acme/shop', { registry: 'ghcr.io', repository: 'acme/shop' }],
    ['ghcr.io/acme/shop:1.0', { registry: 'ghcr.io', repository: 'acme/shop', tag: '1.0' }],
    [`ghcr.io/acme/shop@${DIGEST}`, { registry: 'ghcr.io', repository: 'acme/shop', digest: DIGEST }],
    [
      `ghcr.io/acme/shop:pr-12@${DIGEST}`,
      { registry: 'ghcr.io', repository: 'acme/shop', tag: 'pr-12', digest: DIGEST },
    ],
    ['127.0.0.1:5000/hello', { registry: '127.0.0.1:5000', repository: 'hello' }],
    ['127.0.0.1:5000/hello:t1', { registry: '127.0.0.1:5000', repository: 'hello', tag: 't1' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['localhost:5000/a/b/c:latest', { registry: 'localhost:5000', repository: 'a/b/c', tag: 'latest' }],
    ['registry.local:443/team/app', { registry: 'registry.local:443', repository: 'team/app' }],
    ['[::1]:5000/app', { registry: '[::1]:5000', repository: 'app' }],
    ['Registry/app', { registry: 'Registry', repository: 'app' }],
    ['docker.io/library/nginx', { registry: 'docker.io', repository: 'library/nginx' }],
    // No registry host: local mode (or Docker Hub).
    ['shop', { repository: 'shop' }],
    ['shop:dev', { repository: 'shop', tag: 'dev' }],
    ['acme/shop', { repository: 'acme/shop' }],
    ['acme/shop:1.2.3', { repository: 'acme/shop', tag: '1.2.3' }],
    ['my-org/my_app__x/a.b', { repository: 'my-org/my_app__x/a.b' }],
    // Docker's rule: `localhost:5000` alone is the name "localhost" with tag "5000".
    ['localhost:5000', { repository: 'localhost', tag: '5000' }],
  ])('%s', (input, expected) => {
    expect(parseReference(input)).toEqual(expected);
    expect(formatReference(parseReference(input))).toBe(input);
  });

  test.each([
    ['', 'empty'],
    ['ghcr.io/Acme/shop', 'lower-case'],
    ['ghcr.io/', 'empty'],
    ['ghcr.io/acme/shop:', 'not a valid tag'],
    ['ghcr.io/acme/shop:-bad', 'not a valid tag'],
    [`ghcr.io/acme/shop:${'t'.repeat(129)}`, 'not a valid tag'],
    ['ghcr.io/acme/shop@sha256:abc', 'not a digest'],
    [`ghcr.io/acme/shop@sha256:${'A'.repeat(64)}`, 'not a digest'],
    ['ghcr.io/acme//shop', 'not a valid repository'],
    ['ghcr.io/acme/-shop', 'not a valid repository'],
    ['acme/shop name', 'whitespace'],
    ['-bad.host:5000/app', 'not a valid registry host'],
  ])('rejects %j', (input, why) => {
    expect(() => parseReference(input)).toThrow(InvalidReferenceError);
    expect(() => parseReference(input)).toThrow(why);
    expect(() => parseReference(input)).toThrow(UsageError);
  });

  test('repositoryName', () => {
    expect(repositoryName(parseReference('ghcr.io/acme/shop:1'))).toBe('ghcr.io/acme/shop');
    expect(repositoryName(parseReference('shop:1'))).toBe('shop');
  });
});

describe('isRegistryHost (Docker rule)', () => {
  test.each([
    ['ghcr.io', true],
    ['localhost', true],
    ['host:5000', true],
    ['Upper', true],
    ['acme', false],
    ['library', false],
    ['my-org', false],
  ])('%s → %s', (component, expected) => {
    expect(isRegistryHost(component)).toBe(expected);
  });
});

describe('digests and fallback tags', () => {
  test('isDigest', () => {
    expect(isDigest(DIGEST)).toBe(true);
    expect(isDigest(`sha512:${'b'.repeat(128)}`)).toBe(true);
    expect(isDigest('sha256:short')).toBe(false);
    expect(isDigest('latest')).toBe(false);
  });

  test('referrersTag', () => {
    expect(referrersTag(DIGEST)).toBe(`sha256-${HEX}`);
    expect(referrersTag(DIGEST, 'qa')).toBe(`sha256-${HEX}.qa`);
    // Longer digests are truncated to 64 hex characters (OCI distribution spec).
    expect(referrersTag(`sha512:${'b'.repeat(128)}`)).toBe(`sha512-${'b'.repeat(64)}`);
    expect(() => referrersTag('nope')).toThrow(InvalidReferenceError);
  });
});
