// Image references: `host[:port]/path[:tag][@digest]`, with Docker's rule for whether the first
// path component names a registry host. Grammar from distribution/reference (regexp.go).
import { UsageError } from '../model/errors.js';

export interface ImageReference {
  /** Registry host[:port]; undefined when the name has no registry host (local image or Docker Hub). */
  registry?: string;
  /** Repository path inside the registry, e.g. `acme/shop`. */
  repository: string;
  tag?: string;
  /** `algorithm:hex`, e.g. `sha256:…`. */
  digest?: string;
}

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`;

const REPOSITORY_RE = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const HOST_RE = new RegExp(`^${host}(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_RE = /^sha256:[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 255;

/** Thrown for a malformed image reference, repository, tag or digest. */
export class InvalidReferenceError extends UsageError {
  override name = 'InvalidReferenceError';
}

/**
 * Docker's rule: the first component is a registry host when it contains a `.` or a `:`, is
 * `localhost`, or has upper-case letters (which a repository path cannot have).
 */
export function isRegistryHost(component: string): boolean {
  return /[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase();
}

export function isValidRepository(repository: string): boolean {
  return repository.length <= MAX_NAME_LENGTH && REPOSITORY_RE.test(repository);
}

export function isValidHost(registry: string): boolean {
  return HOST_RE.test(registry);
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

/** Any well-formed digest (`algorithm:hex`); sha256 digests must be 64 lower-case hex digits. */
export function isDigest(value: string): boolean {
  if (!DIGEST_RE.test(value)) return false;
  return !value.startsWith('sha256:') || SHA256_RE.test(value);
}

export function parseReference(input: string): ImageReference {
  const fail = (why: string): never => {
    throw new InvalidReferenceError(
      `invalid image reference "${input}": ${why} (expected host[:port]/path[:tag][@digest], e.g. ghcr.io/acme/shop:1.0)`,
    );
  };
  if (input.length === 0) fail('it is empty');
  if (/\s/.test(input)) fail('it contains whitespace');

  let name = input;
  let digest: string | undefined;
  const at = name.indexOf('@');
  if (at !== -1) {
    digest = name.slice(at + 1);
    name = name.slice(0, at);
    if (!isDigest(digest)) fail(`"${digest}" is not a digest (algorithm:hex)`);
  }

  let tag: string | undefined;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) {
    tag = name.slice(colon + 1);
    name = name.slice(0, colon);
    if (!isValidTag(tag))
      fail(`"${tag}" is not a valid tag ([A-Za-z0-9_.-], at most 128, not starting with . or -)`);
  }

  let registry: string | undefined;
  let repository = name;
  const slash = name.indexOf('/');
  if (slash !== -1 && isRegistryHost(name.slice(0, slash))) {
    registry = name.slice(0, slash);
    repository = name.slice(slash + 1);
    if (!isValidHost(registry)) fail(`"${registry}" is not a valid registry host[:port]`);
  }
  if (repository.length === 0) fail('the repository name is empty');
  if (repository !== repository.toLowerCase()) fail('the repository name must be lower-case');
  if (!isValidRepository(repository)) {
    fail(`"${repository}" is not a valid repository path (lower-case letters, digits and . _ - separators)`);
  }
  if ((registry ? registry.length + 1 : 0) + repository.length > MAX_NAME_LENGTH) {
    fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);
  }

  const ref: ImageReference = { repository };
  if (registry !== undefined) ref.registry = registry;
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/** `host/path` (or just `path` without a registry). */
export function repositoryName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

export function formatReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * The OCI referrers fallback tag for a digest: `<alg>-<hex>` (alg truncated to 32 and hex to 64
 * characters), e.g. `sha256-0123…`. `suffix` appends `.suffix` (DESIGN.md: `sha256-<hex>.qa`).
 */
export function referrersTag(digest: string, suffix?: string): string {
  if (!isDigest(digest)) throw new InvalidReferenceError(`"${digest}" is not a digest (algorithm:hex)`);
  const [algorithm = '', hex = ''] = digest.split(':');
  const tag = `${algorithm.replace(/[^\w.-]/g, '-').slice(0, 32)}-${hex.slice(0, 64)}`;
  return suffix ? `${tag}.${suffix}` : tag;
}

/** Validates a repository path and throws InvalidReferenceError when malformed. */
export function assertRepository(repository: string): void {
  if (!isValidRepository(repository)) {
    throw new InvalidReferenceError(
      `invalid repository "${repository}": lower-case path components of letters, digits and . _ - separators`,
    );
  }
}

/** Validates a manifest reference (tag or digest) and throws InvalidReferenceError when malformed. */
export function assertTagOrDigest(reference: string): void {
  if (!isValidTag(reference) && !isDigest(reference)) {
    throw new InvalidReferenceError(`invalid tag or digest "${reference}"`);
  }
}
