// Builds the image once and returns its identity: the pushed manifest digest (registry mode)
// or the image ID (local mode). A failed build is a failed phase with the log tail, not a crash;
// an engine that stopped answering (the daemon died mid-build) is an EngineUnreachableError and a
// registry that does not take the push a RegistryError (both exit 3); a cancelled build a
// CancelledError.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { expandBuildFields } from '../config/expand.js';
import { assertEngineAnswers, builderDriver, docker, hasPlugin } from '../exec/docker.js';
import { cancelledBy, PhaseFailure } from '../model/errors.js';
import { tail, type ExecOptions, type ExecResult } from '../exec/exec.js';
import { RegistryError } from '../registry/errors.js';
import { parseReference } from '../registry/reference.js';
import type { ImageStore } from '../store/image-store.js';
import type { Logger } from '../model/log.js';
import {
  buildxArgs,
  buildxOnly,
  digestFromRepoDigests,
  githubCacheUnreachable,
  legacyBuildArgs,
  pushArgs,
  type BuildSpec,
} from './args.js';
import { redactedLines, redactor, resolveSecrets } from './secrets.js';

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
  /**
   * Where the push goes, asked after a failed push: its typed error (RegistryError unavailable /
   * unauthorized / forbidden) ends the run as an infrastructure error; when it takes pushes, the
   * failure was a hiccup and the push is retried (PUSH_ATTEMPTS).
   */
  registry?: Pick<ImageStore, 'checkPush'>;
  /** immutable-qa's own image labels (added to image.labels; the config cannot set these keys). */
  labels: Record<string, string>;
  /** Values of `${IMMUTABLE_QA_SHA}` & co. in image.build-args, labels and caches (config/expand.ts buildVariables). */
  variables?: Readonly<Record<string, string>>;
  /** Where build secrets (image.secrets) and the GitHub cache's URL and token are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  signal?: AbortSignal;
  /** Waits between push attempts; injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** Pushes per build, first included: BuildKit and `docker push` do not retry a 429 or 5xx. */
export const PUSH_ATTEMPTS = 3;
/** Wait before push attempt n+1: 2 s, 4 s (the registry probe in between honours Retry-After). */
const PUSH_BACKOFF_MS = (attempt: number): number => 2000 * 2 ** (attempt - 1);

/**
 * Builds, then pushes as its own step, so a failure is told apart by where it happened, not by
 * what it printed: the build step failing is a failed phase (the code's fault); the push step
 * failing is the registry's (the build is done and cached), retried within PUSH_ATTEMPTS, and a
 * registry that keeps failing or refuses the credentials is a RegistryError (exit 3). On buildx's
 * docker driver one --push build does both, and the steps are taken apart only after it fails.
 */
export async function buildImage(options: BuildOptions): Promise<BuiltImage> {
  const { config, logger, signal } = options;
  const env = options.env ?? process.env;
  const image = expandBuildFields(config.image, options.variables ?? {});
  const secrets = resolveSecrets(image.secrets ?? {}, env);
  if (secrets.missing.length)
    throw new PhaseFailure(
      secrets.missing
        .map(
          (s) =>
            `image.secrets.${s.id}: the environment variable ${s.env} is not set, so the build cannot have the secret: ` +
            `set it where immutable-qa runs (in a workflow: env: { ${s.env}: \${{ secrets.${s.env} }} } on the step)`,
        )
        .join('\n'),
      '',
    );
  for (const s of secrets.empty)
    logger.warning(
      `image.secrets.${s.id}: ${s.env} is empty (a workflow run from a fork gets no secrets): the build gets an empty secret`,
    );
  const caches = (key: 'cache-from' | 'cache-to', specs: readonly string[]): string[] =>
    specs.filter((cache) => {
      if (!githubCacheUnreachable(cache, env)) return true;
      logger.warning(
        `image.${key}: ${cache} skipped: GitHub's cache service is not reachable here (ACTIONS_RUNTIME_TOKEN and ` +
          'ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL are set for actions by the runner, not in run: steps or a terminal)',
      );
      return false;
    });
  const spec: BuildSpec = {
    context: image.context,
    dockerfile: image.dockerfile,
    target: image.target,
    buildArgs: image.buildArgs,
    // Ours last: the config cannot set them (config/schema.ts RESERVED_LABELS), and they always hold.
    labels: { ...image.labels, ...options.labels },
    tags: [`${image.repository}:${options.tag}`],
    push: options.push,
    provenance: image.provenance,
    platforms: image.platforms ?? [],
    cacheFrom: caches('cache-from', image.cacheFrom ?? []),
    cacheTo: caches('cache-to', image.cacheTo ?? []),
    secrets: secrets.entries,
  };
  const [useBuildx, driver] = await Promise.all([
    hasPlugin('buildx'),
    options.push ? builderDriver() : undefined,
  ]);
  const redact = redactor(secrets.values);
  /** A docker call whose output is streamed to the log and returned with every secret value redacted. */
  const run = async (args: readonly string[], extra: ExecOptions = {}): Promise<ExecResult> => {
    const lines = redactedLines(redact, (text) => logger.info(text));
    try {
      const result = await docker(args, {
        onOutput: (c: Buffer) => lines.push(c.toString('utf8')),
        signal,
        ...extra,
      });
      return { ...result, stdout: redact(result.stdout), stderr: redact(result.stderr) };
    } finally {
      lines.flush();
    }
  };
  const stopped = (): void => {
    const cancelled = cancelledBy(signal);
    if (cancelled) throw cancelled;
  };

  if (useBuildx) {
    const dir = await mkdtemp(join(tmpdir(), 'iqa-build-'));
    const metadataFile = join(dir, 'metadata.json');
    const pushed = async (): Promise<BuiltImage> => {
      const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
      const digest = metadata['containerimage.digest'];
      if (typeof digest !== 'string' || !digest.startsWith('sha256:'))
        throw new PhaseFailure(
          'buildx did not report containerimage.digest in its metadata file',
          JSON.stringify(metadata),
        );
      return { digest, ref: `${image.repository}@${digest}`, builder: 'buildx' };
    };
    try {
      let onceFailed: string | undefined;
      if (options.push && driver === 'docker' && spec.platforms.length <= 1) {
        // BuildKit in the engine stores what it builds there, pushed or not: one --push build does
        // both. Only a failure needs the two steps apart: a registry that refuses is its typed
        // error; else the steps below run, the failed build counting as push attempt 1.
        const once = await run(buildxArgs(spec, metadataFile));
        stopped();
        if (once.code === 0) return await pushed();
        await assertEngineAnswers();
        await options.registry?.checkPush();
        onceFailed = tail(once.stderr + once.stdout, 3);
      }
      // 1. Build into the engine (--load; a multi-platform build stays in the builder's cache) and
      // export the cache: every failure here is the build's.
      const built = await run(buildxArgs({ ...spec, push: false }, join(dir, 'build.json')));
      stopped();
      if (built.code !== 0) await assertEngineAnswers();
      if (built.code !== 0)
        throw new PhaseFailure(
          `docker buildx build failed (exit ${built.code ?? built.signal})${await driverHint(spec)}`,
          tail(built.stderr + built.stdout, 40),
        );
      if (!options.push) return local(spec.tags[0]!, 'buildx');
      if (onceFailed !== undefined)
        logger.warning(`pushing ${spec.tags[0]!} failed (attempt 1/${PUSH_ATTEMPTS}): ${onceFailed}`);
      // 2. The same build, all cached, exported with --push: what fails now is the push. Step 1
      // exported the cache, except an inline one, which lives in the pushed image's config.
      const pushSpec = { ...spec, cacheTo: spec.cacheTo.filter(isInline) };
      await pushing(
        options,
        spec.tags[0]!,
        () => run(buildxArgs(pushSpec, metadataFile)),
        onceFailed === undefined ? 1 : 2,
      );
      return await pushed();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  const unsupported = buildxOnly(spec);
  if (unsupported.length)
    throw new PhaseFailure(
      `${unsupported.join(', ')} ${unsupported.length > 1 ? 'need' : 'needs'} docker buildx, which this machine lacks: ` +
        'the legacy builder (docker build) has no such option. Install the buildx plugin ' +
        '(in a workflow: docker/setup-buildx-action before immutable-qa), or remove them',
      '',
    );
  const built = await run(legacyBuildArgs(spec), { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  stopped();
  if (built.code !== 0) await assertEngineAnswers();
  if (built.code !== 0)
    throw new PhaseFailure(
      `docker build failed (exit ${built.code ?? built.signal})`,
      tail(built.stderr + built.stdout, 40),
    );
  if (!options.push) return local(spec.tags[0]!, 'legacy');
  for (const tag of spec.tags) await pushing(options, tag, () => run(pushArgs(tag)));
  const inspect = await docker(['image', 'inspect', '--format', '{{json .RepoDigests}}', spec.tags[0]!]);
  const digest = digestFromRepoDigests(JSON.parse(inspect.stdout || '[]') as string[], image.repository);
  if (!digest)
    throw new PhaseFailure(
      `no RepoDigest for ${image.repository} after push`,
      inspect.stdout + inspect.stderr,
    );
  return { digest, ref: `${image.repository}@${digest}`, builder: 'legacy' };
}

/**
 * Runs a push step until it succeeds, within PUSH_ATTEMPTS. After each failure: the engine must
 * answer (else EngineUnreachableError), the registry is asked whether it takes pushes (its typed
 * RegistryError ends the run), and only then is the push retried. A push that keeps failing while
 * the registry answers is a RegistryError `unavailable` too: the build succeeded, so it is never
 * the code's fault.
 */
async function pushing(
  options: BuildOptions,
  tag: string,
  push: () => Promise<ExecResult>,
  first = 1,
): Promise<void> {
  const { logger, signal } = options;
  const sleep = options.sleep ?? abortableSleep(signal);
  if (first > 1) await sleep(PUSH_BACKOFF_MS(first - 1));
  for (let attempt = first; ; attempt++) {
    const result = await push();
    const cancelled = cancelledBy(signal);
    if (cancelled) throw cancelled;
    if (result.code === 0) return;
    await assertEngineAnswers();
    const why = tail(result.stderr + result.stdout, 3);
    logger.warning(`pushing ${tag} failed (attempt ${attempt}/${PUSH_ATTEMPTS}): ${why}`);
    // Throws RegistryError when the registry is unreachable, failing, or refuses the credentials.
    await options.registry?.checkPush();
    if (attempt >= PUSH_ATTEMPTS) {
      const registry = parseReference(tag).registry ?? tag;
      throw new RegistryError(
        `registry ${registry}: pushing ${tag} failed ${PUSH_ATTEMPTS} times (the build itself succeeded): ${why}. ` +
          'The registry answers but does not take the push: check its status and storage, then re-run',
        { kind: 'unavailable', registry, status: 0 },
      );
    }
    await sleep(PUSH_BACKOFF_MS(attempt));
  }
}

/** `type=inline`: the cache is written into the image itself (BuildKit in the engine can do that). */
function isInline(cache: string): boolean {
  return cache.split(',').includes('type=inline');
}

/**
 * Why a failed buildx build may have failed, for a build that exports a cache (other than inline)
 * or has several platforms: BuildKit inside the engine (buildx's `docker` driver) can do neither
 * unless the engine uses the containerd image store. '' otherwise.
 */
async function driverHint(spec: BuildSpec): Promise<string> {
  const keys = [
    ...(spec.cacheTo.some((cache) => !isInline(cache)) ? ['image.cache-to'] : []),
    ...(spec.platforms.length > 1 ? ['image.platforms'] : []),
  ];
  if (!keys.length) return '';
  if ((await builderDriver()) !== 'docker') return '';
  return (
    `; with ${keys.join(' and ')}: the current builder uses buildx's docker driver, which exports no cache but inline ` +
    'and builds one platform, unless the engine uses the containerd image store. Use a docker-container builder: ' +
    'docker/setup-buildx-action before immutable-qa (setup-buildx: true in the reusable workflow), or `docker buildx create --use`'
  );
}

/** setTimeout that ends early when the run is cancelled (the caller checks the signal after). */
function abortableSleep(signal: AbortSignal | undefined): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
}

async function local(tag: string, builder: BuiltImage['builder']): Promise<BuiltImage> {
  const inspect = await docker(['image', 'inspect', '--format', '{{.Id}}', tag]);
  const id = inspect.stdout.trim();
  if (inspect.code !== 0 || !id.startsWith('sha256:'))
    throw new PhaseFailure(`cannot inspect built image ${tag}`, inspect.stderr);
  return { digest: id, ref: id, builder };
}
