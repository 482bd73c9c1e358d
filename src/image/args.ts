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
}

function common(spec: BuildSpec): string[] {
  const args = ['--file', spec.dockerfile];
  if (spec.target) args.push('--target', spec.target);
  for (const [k, v] of Object.entries(spec.buildArgs)) args.push('--build-arg', `${k}=${v}`);
  for (const [k, v] of Object.entries(spec.labels)) args.push('--label', `${k}=${v}`);
  for (const tag of spec.tags) args.push('--tag', tag);
  return args;
}

/** `docker buildx build`: the digest comes from --metadata-file; provenance off so one build = one manifest. */
export function buildxArgs(spec: BuildSpec, metadataFile: string): string[] {
  return [
    'buildx',
    'build',
    ...common(spec),
    `--provenance=${spec.provenance}`,
    '--metadata-file',
    metadataFile,
    spec.push ? '--push' : '--load',
    spec.context,
  ];
}

/** Legacy builder (no buildx): `docker build` then `docker push` per tag. */
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
