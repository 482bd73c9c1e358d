// `baseline: last-promoted` for load checks: the digest the promoted tag points to runs in a sibling
// environment (same compose definition, project `<project>-baseline`, the main environment's labels)
// and the check's load profile runs against it and against the tested digest, on the same host in
// the same run. The comparison itself (p95 × (1 + max-regression)) is pure and lives in load.ts.
//
// Order: an unrecorded warm-up on each side (2.5 s), then interleaved halves: baseline, tested,
// tested, baseline (each half the duration, one after the other, never concurrently). The load
// client itself gets faster over its first seconds of work (measured here: p95 about 25% lower by
// the third 2 s run in one process against the same container), so with plain sequential runs the
// digest that ran second looked 20-30% faster; warm-up + ABBA brings identical digests to a ratio of
// about 1 (0.87-1.08 over 8 runs of a 2 s profile on a 2-core host). The sibling is removed right
// after, always: on success, failure, timeout and cancellation.
import type { Config, EndpointSpec } from '../../config/schema.js';
import type { EnvironmentBackend, EnvironmentSpec } from '../../environment/backend.js';
import { baselineProject } from '../../environment/compose.js';
import { publishedAddress } from '../../environment/endpoints.js';
import { LABEL } from '../../environment/project.js';
import { formatDuration, parseDuration } from '../../config/duration.js';
import { endpointVariable } from '../../config/expand.js';
import { errorMessage } from '../../model/errors.js';
import type { Logger } from '../../model/log.js';
import type { ImageStore } from '../../store/image-store.js';
import type { LoadRun } from './autocannon.js';
import type { LoadProfile } from './stats.js';

/** On the sibling's containers: the project of the environment it is the baseline of. */
export const BASELINE_LABEL = 'io.immutable-qa.baseline-of';

/** The tag whose digest is the baseline: the first promote tag without `{sha}` / `{sha7}`, else `main`. */
export function baselineTag(tags: readonly string[]): string {
  return tags.map((t) => t.trim()).find((t) => t !== '' && !/\{sha7?\}/.test(t)) ?? 'main';
}

/**
 * How the baseline reaches the promoted image: the digest (registry) or image ID (local engine)
 * the tag points to, and what containers run for it; both from the run's ImageStore.
 */
export function promotedImages(
  store: Pick<ImageStore, 'resolve' | 'imageRef'> | undefined,
): Pick<BaselineDeps, 'resolve' | 'imageRef'> {
  if (!store)
    return {
      resolve: () => Promise.reject(new Error('no image store in this run')),
      imageRef: (digest) => digest,
    };
  return { resolve: (tag) => store.resolve(tag), imageRef: (digest) => store.imageRef(digest) };
}

/** The sibling's spec: the same definition, the promoted digest, the main environment's labels. */
export function siblingSpec(
  main: EnvironmentSpec,
  image: string,
  digest: string,
  now: Date,
): EnvironmentSpec {
  const project = baselineProject(main.project);
  return {
    project,
    root: main.root,
    composeFiles: main.composeFiles,
    // What compose interpolates, as for the main environment's `up` (endpoints do not exist yet).
    variables: { IMMUTABLE_QA_IMAGE: image, IMMUTABLE_QA_DIGEST: digest, IMMUTABLE_QA_PROJECT: project },
    labels: {
      ...main.labels,
      [LABEL.digest]: digest,
      [LABEL.created]: now.toISOString(),
      [BASELINE_LABEL]: main.project,
    },
    // The main run's id and private dir: its files and its teardown stay the run's own.
    ...(main.run ? { run: main.run } : {}),
  };
}

export interface EndpointTarget {
  name: string;
  endpoint: EndpointSpec;
  /** `http://127.0.0.1:32768`: where the endpoint is published for the tested environment. */
  origin: string;
}

/** The environment endpoint whose published host:port (and scheme) the URL targets. */
export function endpointOf(
  url: string,
  endpoints: Readonly<Record<string, EndpointSpec>>,
  variables: Readonly<Record<string, string>>,
): EndpointTarget | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  for (const [name, endpoint] of Object.entries(endpoints)) {
    const value = variables[endpointVariable(name)];
    if (!value) continue;
    let published: URL;
    try {
      published = new URL(value);
    } catch {
      continue;
    }
    if (published.protocol === target.protocol && published.host === target.host)
      return { name, endpoint, origin: `${published.protocol}//${published.host}` };
  }
  return undefined;
}

/** The same URL on another host:port; everything after the origin stays byte-identical. */
export function rewriteOrigin(url: string, origin: string, hostPort: string): string {
  const protocol = new URL(origin).protocol;
  if (url.startsWith(origin) && /^($|[/?#])/.test(url.slice(origin.length)))
    return `${protocol}//${hostPort}${url.slice(origin.length)}`;
  const rewritten = new URL(url);
  rewritten.host = hostPort;
  return rewritten.toString();
}

export interface PromotedBaseline {
  /** `repository:tag` */
  reference: string;
  tag: string;
  /** Manifest digest (registry mode) or image ID (local mode). */
  digest: string;
  /** What the sibling ran: `repository@digest`, or the image ID. */
  image: string;
}

export type BaselineOutcome =
  /** No comparison, not a failure: no promoted tag, the tested digest is the promoted one, or the baseline could not be measured. */
  | { status: 'none' | 'same' | 'unavailable'; note: string; short: string }
  | {
      status: 'measured';
      promoted: PromotedBaseline;
      project: string;
      url: string;
      /** Duration of each of the four interleaved runs. */
      half: string;
      /** Both halves of each side, added up. */
      baseline: LoadRun;
      tested: LoadRun;
    }
  /** The check's timeout or a cancellation stopped it while the baseline was being measured. */
  | { status: 'timed_out' | 'cancelled'; note: string };

export interface BaselineRequest {
  config: Pick<Config, 'image' | 'promote' | 'environment'>;
  /** The tested digest (image ID in local mode). */
  testedDigest: string;
  /** The running environment's spec and backend: the sibling starts from them. */
  spec?: EnvironmentSpec;
  backend?: EnvironmentBackend;
  /** IMMUTABLE_QA_ENDPOINT_* of the tested environment. */
  variables: Readonly<Record<string, string>>;
  /** The check's profile, with its URL already expanded for the tested environment. */
  profile: LoadProfile;
  /** Epoch ms when the check's timeout expires: the sibling's start and the baseline run count against it. */
  deadline: number;
  signal: AbortSignal;
  logger: Pick<Logger, 'info' | 'warning'>;
}

export type Side = 'baseline' | 'tested';

export interface BaselineDeps {
  /** Digest / image ID the tag points to, or undefined when it does not exist. */
  resolve(tag: string): Promise<string | undefined>;
  /** What the sibling's containers run for that digest: `repository@digest`, or the image ID. */
  imageRef(digest: string): string;
  /** One run of a side; its stats are that side's so far (the caller adds the halves up). No side: a warm-up, not recorded. */
  runLoad(profile: LoadProfile, timeoutMs: number, signal: AbortSignal, side?: Side): Promise<LoadRun>;
  now?: () => number;
}

/** The order of the interleaved runs: each side gets the same average position. */
export const INTERLEAVING: readonly Side[] = ['baseline', 'tested', 'tested', 'baseline'];

/** Unrecorded load on each side before the interleaved runs: the load client's own warm-up. */
export const WARM_UP_MS = 2500;

/** Half of a load duration (`2s` → `1000ms`), for the interleaved runs. */
export function halfDuration(duration: string): string {
  return `${Math.max(1, Math.round(parseDuration(duration) / 2))}ms`;
}

/**
 * Resolves the promoted digest, starts the sibling, loads both digests in interleaved halves;
 * always removes the sibling.
 */
export async function measureBaseline(req: BaselineRequest, deps: BaselineDeps): Promise<BaselineOutcome> {
  const now = deps.now ?? Date.now;
  const { config, logger } = req;
  const tag = baselineTag(config.promote.tags);
  const reference = `${config.image.repository}:${tag}`;
  const unavailable = (why: string): BaselineOutcome => {
    logger.warning(`load baseline: ${why}; the tested run alone decides`);
    return {
      status: 'unavailable',
      note: `Baseline \`last-promoted\`: ${why}, so there is no p95 to compare with (not a failure).`,
      short: `no baseline comparison (${why})`,
    };
  };

  let digest: string | undefined;
  try {
    digest = await deps.resolve(tag);
  } catch (error) {
    return unavailable(`could not resolve ${reference}: ${errorMessage(error)}`);
  }
  if (!digest)
    return {
      status: 'none',
      note: `Baseline \`last-promoted\`: no promoted baseline yet (${reference} does not exist), so there is no p95 to compare with (not a failure).`,
      short: `no promoted baseline yet (${reference} does not exist)`,
    };
  if (digest === req.testedDigest)
    return {
      status: 'same',
      note: `Baseline \`last-promoted\`: the tested digest is the promoted one (${reference} → ${digest}), so there is nothing to compare with.`,
      short: `the tested digest is the promoted one (${reference})`,
    };
  const { spec, backend } = req;
  if (!spec || !backend) return unavailable('no running environment to start a sibling from');
  const target = endpointOf(req.profile.url, config.environment.endpoints, req.variables);
  if (!target)
    return unavailable(
      `the load URL ${req.profile.url} is not one of the environment's endpoints, so the baseline cannot be reached the same way`,
    );

  const promoted: PromotedBaseline = { reference, tag, digest, image: deps.imageRef(digest) };
  const sibling = siblingSpec(spec, promoted.image, digest, new Date(now()));
  const remaining = (): number => Math.max(0, req.deadline - now());
  const cancelled: BaselineOutcome = {
    status: 'cancelled',
    note: `cancelled while measuring against the promoted baseline ${reference}`,
  };
  const timedOut: BaselineOutcome = {
    status: 'timed_out',
    note: `the check's timeout expired while measuring against the promoted baseline ${reference} (the sibling's start and all four runs count against it)`,
  };
  const stopped = (): BaselineOutcome | undefined =>
    req.signal.aborted ? cancelled : remaining() <= 0 ? timedOut : undefined;
  logger.info(`load baseline: ${reference} → ${digest}; starting the sibling environment ${sibling.project}`);
  const signal = AbortSignal.any([req.signal, AbortSignal.timeout(remaining())]);
  const measure = async (): Promise<BaselineOutcome> => {
    await backend.up(sibling, signal);
    const ready = await backend.ready(
      sibling,
      Math.min(config.environment.readyTimeoutMs, remaining()),
      signal,
    );
    if (!ready.ready) {
      const stop = stopped();
      if (stop) return stop;
      const logs = await backend.logs(sibling, 20).catch(() => '');
      if (logs) logger.info(`load baseline: last log lines of ${sibling.project}:\n${logs}`);
      return unavailable(
        `the baseline environment ${sibling.project} did not become ready: ${ready.reason ?? 'not ready'}`,
      );
    }
    const hostPort = publishedAddress(ready.containers, target.endpoint.service, target.endpoint.port);
    const url = rewriteOrigin(req.profile.url, target.origin, hostPort);
    const half = halfDuration(req.profile.duration);
    const profiles: Record<Side, LoadProfile> = {
      baseline: { ...req.profile, url, duration: half },
      tested: { ...req.profile, duration: half },
    };
    logger.info(
      `load baseline: ${req.profile.method} ${url} (${sibling.project}) and ${req.profile.url} (tested): ` +
        `${formatDuration(WARM_UP_MS)} warm-up each, then ${INTERLEAVING.join(', ')}, ${formatDuration(parseDuration(half))} each`,
    );
    const warm = `${WARM_UP_MS}ms`;
    for (const side of ['baseline', 'tested'] as const) {
      const run = await deps.runLoad({ ...profiles[side], duration: warm }, remaining(), req.signal);
      if (run.cancelled) return cancelled;
      if (run.timedOut) return timedOut;
    }
    const last: Partial<Record<Side, LoadRun>> = {};
    for (const side of INTERLEAVING) {
      const run = await deps.runLoad(profiles[side], remaining(), req.signal, side);
      last[side] = run;
      if (run.cancelled) return cancelled;
      if (run.timedOut) return timedOut;
    }
    const { baseline, tested } = last;
    if (!baseline || !tested) throw new Error('no interleaved run');
    return { status: 'measured', promoted, project: sibling.project, url, half, baseline, tested };
  };
  try {
    return await measure();
  } catch (error) {
    return (
      stopped() ??
      unavailable(`measuring against the baseline in ${sibling.project} failed: ${errorMessage(error)}`)
    );
  } finally {
    // Not tied to the (possibly aborted) signal: removal must run to the end.
    await backend
      .down(sibling)
      .catch((error: unknown) =>
        logger.warning(`load baseline: removing ${sibling.project} failed: ${errorMessage(error)}`),
      );
  }
}
