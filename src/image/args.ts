// Pure argv builders for the two build paths; executed by build.ts through exec().

export interface BuildSpec {
  context: string;
  dockerfile: string;
  target?: string;
  buildArgs: Record<string, string>;
  labels: Record<string, string>;
  /** Fully qualified tags, e.g. ghcr.io/acme/shop:pr-12. */
  tags: string[];
  push: boolean;
  provenance: boolean;
  /** buildx --platform, one comma list; empty: the engine's own platform. */
  platforms: string[];
  /** buildx --cache-from / --cache-to specs, verbatim (`type=gha`, `type=registry,ref=…`). */
  cacheFrom: string[];
  cacheTo: string[];
  /**
   * Build secrets: the id `RUN --mount=type=secret,id=…` names and the environment variable buildx
   * reads the value from. Only the name is on the argv; the value stays in the child's environment.
   */
  secrets: Array<{ id: string; env: string }>;
}

/**
 * A `type=gha` cache that cannot reach GitHub's cache service here: buildx takes its URL and token
 * from ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN, which the runner gives to
 * actions (not to `run:` steps, nor to a terminal), unless the spec names its own token=.
 */
export function githubCacheUnreachable(spec: string, env: NodeJS.ProcessEnv): boolean {
  const fields = spec.split(',');
  if (!fields.includes('type=gha') || fields.some((f) => f.startsWith('token='))) return false;
  return !env.ACTIONS_RUNTIME_TOKEN || !(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
}

/** The config keys of what only buildx can do: the legacy builder has no flag for them. */
export function buildxOnly(spec: BuildSpec): string[] {
  return [
    ...(spec.platforms.length ? ['image.platforms'] : []),
    ...(spec.cacheFrom.length ? ['image.cache-from'] : []),
    ...(spec.cacheTo.length ? ['image.cache-to'] : []),
    ...(spec.secrets.length ? ['image.secrets'] : []),
  ];
}

function common(spec: BuildSpec): string[] {
  const args = ['--file', spec.dockerfile];
  if (spec.target) args.push('--target', spec.target);
  for (const [k, v] of Object.entries(spec.buildArgs)) args.push('--build-arg', `${k}=${v}`);
  for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
  for (const tag of spec.tags) args.push('--tag', tag);
  return args;
}

/**
 * `docker buildx build`: the digest comes from --metadata-file; provenance off so one build = one
 * manifest. Without push the image is loaded into the engine (--load), except a multi-platform
 * build, which the engine cannot load: it stays in the builder's cache, for the push that follows.
 */
export function buildxArgs(spec: BuildSpec, metadataFile: string): string[] {
  const output = spec.push ? ['--push'] : spec.platforms.length > 1 ? [] : ['--load'];
  return [
    'buildx',
    'build',
    ...common(spec),
    ...(spec.platforms.length ? ['--platform', spec.platforms.join(',')] : []),
    ...spec.cacheFrom.flatMap((cache) => ['--cache-from', cache]),
    ...spec.cacheTo.flatMap((cache) => ['--cache-to', cache]),
    ...spec.secrets.flatMap((secret) => ['--secret', `id=${secret.id},env=${secret.env}`]),
    `--provenance=${spec.provenance}`,
    '--metadata-file',
    metadataFile,
    ...output,
    spec.context,
  ];
}

/** Legacy builder (no buildx): `docker build` then `docker push` per tag; buildxOnly(spec) must be empty. */
export function legacyBuildArgs(spec: BuildSpec): string[] {
  return ['build', ...common(spec), spec.context];
}

export function pushArgs(tag: string): string[] {
  return ['push', tag];
}

/** Picks the digest of `repository` out of `docker image inspect` RepoDigests. */
export function digestFromRepoDigests(
  repoDigests: readonly string[],
  repository: string,
): string | undefined {
  for (const entry of repoDigests) {
    const at = entry.lastIndexOf('@');
    if (at > 0 && entry.slice(0, at) === repository) return entry.slice(at + 1);
  }
  return undefined;
}

/** Convenience tag: pr-<n> for pull requests, else sha-<sha7>. */
export function convenienceTag(pr: number | undefined, sha: string): string {
  return pr !== undefined ? `pr-${pr}` : `sha-${sha.slice(0, 12)}`;
}
