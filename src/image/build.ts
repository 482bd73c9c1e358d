// Builds the image once and returns its identity: the pushed manifest digest (registry mode)
// or the image ID (local mode). A failed build is a failed phase with the log tail, not a crash;
// an engine that stopped answering (the daemon died mid-build) is an EngineUnreachableError (exit 3).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { assertEngineAnswers, docker, hasPlugin } from '../exec/docker.js';
import { PhaseFailure } from '../model/errors.js';
import { tail } from '../exec/exec.js';
import type { Logger } from '../model/log.js';
import { buildxArgs, digestFromRepoDigests, legacyBuildArgs, pushArgs, type BuildSpec } from './args.js';

export interface BuiltImage {
  /** sha256:… manifest digest, or the image ID in local mode. */
  digest: string;
  /** What containers run: repository@digest, or the image ID in local mode. */
  ref: string;
  builder: 'buildx' | 'legacy';
}

export interface BuildOptions {
  config: Config;
  /** Convenience tag name (pr-12, sha-…). */
  tag: string;
  /** Push to the registry (ImageStore.pushes); false: the image stays in the local engine. */
  push: boolean;
  labels: Record<string, string>;
  logger: Logger;
  signal?: AbortSignal;
}

export async function buildImage(options: BuildOptions): Promise<BuiltImage> {
  const { config, logger } = options;
  const image = config.image;
  const spec: BuildSpec = {
    context: image.context,
    dockerfile: image.dockerfile,
    target: image.target,
    buildArgs: image.buildArgs,
    labels: options.labels,
    tags: [`${image.repository}:${options.tag}`],
    push: options.push,
    provenance: image.provenance,
  };
  const useBuildx = await hasPlugin('buildx');
  const stream = {
    onOutput: (c: Buffer) => logger.info(c.toString('utf8').trimEnd()),
    signal: options.signal,
  };

  if (useBuildx) {
    const dir = await mkdtemp(join(tmpdir(), 'iqa-build-'));
    try {
      const metadataFile = join(dir, 'metadata.json');
      const result = await docker(buildxArgs(spec, metadataFile), stream);
      if (result.code !== 0) await assertEngineAnswers();
      if (result.code !== 0)
        throw new PhaseFailure(
          `docker buildx build failed (exit ${result.code ?? result.signal})`,
          tail(result.stderr + result.stdout, 40),
        );
      const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
      if (!options.push) return local(spec.tags[0]!, 'buildx');
      const digest = metadata['containerimage.digest'];
      if (typeof digest !== 'string' || !digest.startsWith('sha256:'))
        throw new PhaseFailure(
          'buildx did not report containerimage.digest in its metadata file',
          JSON.stringify(metadata),
        );
      return { digest, ref: `${image.repository}@${digest}`, builder: 'buildx' };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const env = { ...process.env, DOCKER_BUILDKIT: '0' };
  const built = await docker(legacyBuildArgs(spec), { ...stream, env });
  if (built.code !== 0) await assertEngineAnswers();
  if (built.code !== 0)
    throw new PhaseFailure(
      `docker build failed (exit ${built.code ?? built.signal})`,
      tail(built.stderr + built.stdout, 40),
    );
  if (!options.push) return local(spec.tags[0]!, 'legacy');
  for (const tag of spec.tags) {
    const pushed = await docker(pushArgs(tag), stream);
    if (pushed.code !== 0) await assertEngineAnswers();
    if (pushed.code !== 0)
      throw new PhaseFailure(
        `docker push ${tag} failed (exit ${pushed.code})`,
        tail(pushed.stderr + pushed.stdout, 40),
      );
  }
  const inspect = await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', spec.tags[0]!]);
  const digest = digestFromRepoDigests(JSON.parse(inspect.stdout || '[]') as string[], image.repository);
  if (!digest)
    throw new PhaseFailure(
      `no RepoDigest for ${image.repository} after push`,
      inspect.stdout + inspect.stderr,
    );
  return { digest, ref: `${image.repository}@${digest}`, builder: 'legacy' };
}

async function local(tag: string, builder: BuiltImage['builder']): Promise<BuiltImage> {
  const inspect = await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
  const id = inspect.stdout.trim();
  if (inspect.code !== 0 || !id.startsWith('sha256:'))
    throw new PhaseFailure(`cannot inspect built image ${tag}`, inspect.stderr);
  return { digest: id, ref: id, builder };
}
