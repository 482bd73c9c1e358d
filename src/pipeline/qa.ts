// The QA pipeline of DESIGN.md: config → build → environment → checks → verdict → record → teardown,
// as phase functions that return what they made (BuiltImage, RunningEnvironment, CheckResult[]).
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { buildImage, type BuiltImage } from '../image/build.js';
import { convenienceTag } from '../image/args.js';
import type { CheckContext } from '../checks/handler.js';
import { runChecks } from '../checks/runner.js';
import type { LiveOptions } from '../checks/live.js';
import { renderJobSummary } from '../github/render.js';
import type { CheckResult, PhaseResult } from '../model/results.js';
import type { Config } from '../config/schema.js';
import { builderDriver, engineAnswers, hasPlugin } from '../exec/docker.js';
import type { EnvironmentBackend, EnvironmentSpec } from '../environment/backend.js';
import { currentEngine, engineLabel, onEngine, onRunnerEngine } from '../exec/engine.js';
import { composeBackend } from '../environment/compose.js';
import { SwarmBackend } from '../environment/swarm.js';
import { projectName, repositoryIdentity } from '../environment/project.js';
import {
  CancelledError,
  errorMessage,
  InfrastructureError,
  UsageError,
  WriteError,
} from '../model/errors.js';
import { buildVariables } from '../config/expand.js';
import { secondParent, sourceState, type SourceState } from '../exec/git.js';
import type { RunContext } from '../model/run-context.js';
import type { Logger } from '../model/log.js';
import type { ImageStore, Publication } from '../store/image-store.js';
import type { RecordSigner } from '../record/signing.js';
import { localStateDir } from '../store/local.js';
import {
  attachFailure,
  earnsTestedTag,
  publishVerdict,
  recordsFailure,
  whyNoTestedTag,
} from '../record/publish.js';
import type { QaRecord } from '../model/record.js';
import { silentReporter, type QaReporter, type RunFacts } from '../model/reporter.js';
import { baseSpec, environmentSpec, startEnvironment, type RunningEnvironment } from './environment.js';
import { phase, skippedCheck, skippedPhase, type Phased } from './phase.js';
import { qaRecord, type RecordInput } from './qa-record.js';
import { claimRun, explainReplaced, replacementReporter, type RunClaim } from './run-claim.js';

export interface QaOptions {
  config: Config;
  context: RunContext;
  /** Where the tested digest lives (store/store.ts imageStore), built once per run by the caller. */
  store: ImageStore;
  /** Who signs the record (record/signing.ts recordSigner), built by the caller before anything starts. */
  signer: RecordSigner;
  /** Called with the signed record (the Sigstore bundle) once it is on the digest: e.g. GitHub's attestations API. */
  onAttestation?: (bundle: Buffer) => Promise<void>;
  /** Where the record and logs go; default <root>/.immutable-qa. */
  reportDir?: string;
  keep?: boolean;
  /** Run only these checks (the `checks` input). */
  only?: string[];
  logger: Logger;
  /** Show the checks' output line by line as it comes (the CLI), not each log once it ended. */
  live?: LiveOptions;
  reporter?: QaReporter;
  signal?: AbortSignal;
  /** Called as soon as the environment's name is known, before anything is created (post-step state). */
  onProject?: (project: string) => void | Promise<void>;
  /** Called with the run's id once it holds its claim (post-step state: tear down only this run). */
  onRun?: (run: string) => void | Promise<void>;
  /**
   * Called once the verdict is recorded and reported, before teardown (not when the record could
   * not be written: qa() then throws RecordWriteError after teardown).
   */
  onVerdict?: (result: QaResult) => void | Promise<void>;
}

export interface QaResult {
  record: QaRecord;
  recordPath: string;
  phases: PhaseResult[];
  checks: CheckResult[];
  image?: BuiltImage;
  endpoints: Record<string, string>;
  project: string;
  /** The environment was left running (keep, not cancelled, an image to run): teardown removes it. */
  kept: boolean;
  /** The tested tag and record, when the verdict earned them (passed, clean checkout of a commit). */
  publication?: Publication;
  /** Recording on the registry failed (exit 3); the verdict in the local record stands. */
  publishError?: Error;
}

/**
 * How a run ends (cancelled aside) when the QA record could not be written to the report dir:
 * after teardown and the reporter's finish, qa() throws this (exit 3), naming the path.
 */
export class RecordWriteError extends WriteError {
  override name = 'RecordWriteError';
  constructor(
    path: string,
    cause: unknown,
    /** What the run found: the verdict stands, it just could not be kept. */
    readonly result: QaResult,
  ) {
    super(path, cause);
  }
}

/** What every phase of one run works with; fixed before the first phase starts. */
interface Run {
  config: Config;
  context: RunContext;
  store: ImageStore;
  signer: RecordSigner;
  onAttestation?: (bundle: Buffer) => Promise<void>;
  logger: Logger;
  live?: LiveOptions;
  reporter: QaReporter;
  signal: AbortSignal;
  checks: Config['checks'];
  reportDir: string;
  repository: string;
  project: string;
  source: SourceState;
  backend: EnvironmentBackend;
  /** The run's id, private dir and claim on the project (run-claim.ts); `signal` aborts when replaced. */
  claim: RunClaim;
}

/**
 * One QA run. Its environment, checks and teardown talk to the environment's engine
 * (environment.engine, else the runner's); the build always runs on the runner's own.
 */
export function qa(options: QaOptions): Promise<QaResult> {
  return onEngine(options.config.environment.engine, () => qaOnEngine(options));
}

async function qaOnEngine(options: QaOptions): Promise<QaResult> {
  const run = await prepare(options);
  const keep = options.keep ?? false;
  // What teardown removes: the environment as started, or only its project when it never was.
  const started = { spec: baseSpec(run.project, run.config, { id: run.claim.id, dir: run.claim.dir }) };
  let judged: { result: QaResult; writeError: unknown };
  try {
    judged = await judge(run, await testImage(run, started), keep);
    // Known, recorded and reported before teardown: the environment's removal does not delay it.
    if (!judged.writeError) await options.onVerdict?.(judged.result);
  } finally {
    if (!keep || run.signal.aborted) await teardown(run, started.spec);
    // The environment is down (or kept): a newer run for the project may start its own now.
    await run.claim.close();
  }
  const result = { ...judged.result, kept: keep && !run.signal.aborted && judged.result.image !== undefined };
  if (judged.writeError) throw new RecordWriteError(result.recordPath, judged.writeError, result);
  return result;
}

/** The verdict of what was tested: the record written, recorded on the digest, reported. */
async function judge(
  run: Run,
  tested: Tested,
  keep: boolean,
): Promise<{ result: QaResult; writeError: unknown }> {
  const checks = explainReplaced(run.signal, tested.checks);
  const image = tested.build.value;
  const env = tested.environment.value;
  const phases = explainReplaced(run.signal, [tested.build.result, tested.environment.result]);
  const endpoints = env?.endpoints ?? {};
  const input: RecordInput = {
    repository: run.config.image.repository,
    context: run.context,
    source: run.source,
    digest: image?.digest,
    definitionSha256: env?.definition.sha256,
    project: run.project,
    endpoints,
    phases,
    checks,
    cancelled: run.signal.aborted,
  };
  let record = qaRecord(input);
  const recordPath = join(run.reportDir, 'qa-record.json');
  const writeError = await writeRecord(recordPath, record);
  // A record that could not be kept is not published either: the run did not complete.
  const { publication, publishError } = writeError ? {} : await recordVerdict(run, record);
  if (run.signal.aborted && !input.cancelled) {
    // Cancelled while recording: the run is cancelled, whatever the checks said, and says so.
    record = qaRecord({ ...input, cancelled: true });
    await writeRecord(recordPath, record);
  }
  const shown = facts(image, env);
  await run.reporter.finish(record, { phases, checks }, shown);
  await writeSummary(run, record, phases, checks, shown);
  const result: QaResult = {
    record,
    recordPath,
    phases,
    checks,
    image,
    endpoints,
    project: run.project,
    kept: keep && !run.signal.aborted && image !== undefined,
    ...(publication ? { publication } : {}),
    ...(publishError ? { publishError } : {}),
  };
  return { result, writeError };
}

/**
 * The job summary's Markdown beside the record (summary.md), for runs without a job summary (the
 * CLI, other CI systems) and as an artifact; best effort like the job summary itself.
 */
async function writeSummary(
  run: Run,
  record: QaRecord,
  phases: PhaseResult[],
  checks: CheckResult[],
  shown: RunFacts,
): Promise<void> {
  const file = join(run.reportDir, 'summary.md');
  const markdown = renderJobSummary(record, phases, checks, {
    ...shown,
    ...(run.context.run ? { runUrl: run.context.run.url } : {}),
  });
  await writeFile(file, `${markdown}\n`).catch((error: unknown) =>
    run.logger.warning(`could not write ${file}: ${errorMessage(error)}`),
  );
}

/** Writes the QA record; returns the error instead of throwing (the run still finishes its reports). */
async function writeRecord(path: string, record: QaRecord): Promise<unknown> {
  try {
    await writeFile(path, `${JSON.stringify(record, null, 2)}\n`);
    return undefined;
  } catch (error) {
    return error ?? new Error('write failed');
  }
}

interface Tested {
  build: Phased<BuiltImage>;
  environment: Phased<RunningEnvironment>;
  checks: CheckResult[];
}

/**
 * Build → environment → checks, each fed what the one before returned; the services that do not
 * need the image start while it builds. `started.spec` is kept to what teardown must remove.
 */
async function testImage(run: Run, started: { spec: EnvironmentSpec }): Promise<Tested> {
  const now = new Date();
  const early = startEarly(run, environmentSpec(started.spec, undefined, run.context, run.repository, now));
  const build = await buildPhase(run);
  // Settled before anything else starts: up() must not race the early start's compose.
  const ahead = await early;
  if (build.value)
    started.spec = environmentSpec(started.spec, build.value, run.context, run.repository, now);
  const environment = await environmentPhase(run, started.spec, build.value, ahead);
  return { build, environment, checks: await checksPhase(run, build.value, environment.value) };
}

/**
 * The services that do not need the tested image, started while it builds; none when the backend
 * cannot, or that failed: then up() starts them with the rest, and says why if it fails again.
 */
async function startEarly(run: Run, spec: EnvironmentSpec): Promise<string[]> {
  if (!run.backend.startEarly) return [];
  try {
    const started = await run.backend.startEarly(spec, run.signal);
    if (started.length) run.logger.info(`started ${started.join(', ')} while the image builds`);
    return started;
  } catch (error) {
    run.logger.debug(`starting services before the build: ${errorMessage(error)}; they start with the rest`);
    return [];
  }
}

/** Step "Config": the checks to run, the engine answering, the names and the source, then the plan. */
async function prepare(options: QaOptions): Promise<Run> {
  const { config, context } = options;
  const reporter = options.reporter ?? silentReporter;
  const stateDir = localStateDir(config.root);
  const reportDir = resolve(options.reportDir ?? stateDir);
  const checks = selectChecks(config, options.only);
  // Independent questions (engine, report dir, git, compose), asked at once; their errors are
  // still raised in this order. The build's builder questions are asked now too (memoized).
  const engine = engineAnswers();
  const writable = assertWritable(reportDir);
  const sourced = sourceState(
    config.root,
    // The report dir and the local record store (.immutable-qa) are ours, not the source.
    [...new Set([reportDir, stateDir].map((dir) => relative(config.root, dir)))].filter(
      (p) => p && !p.startsWith('..'),
    ),
  );
  const backend = environmentBackend(config);
  // Awaited below, maybe after an earlier one threw: not an unhandled rejection meanwhile.
  for (const pending of [writable, sourced]) pending.catch(() => undefined);
  // Memoized answers the build asks for (of the runner's engine); neither rejects.
  onRunnerEngine(() => {
    void hasPlugin('buildx');
    if (options.store.pushes) void builderDriver();
  });
  const remote = currentEngine();
  if (remote) options.logger.info(`the environment runs on the engine at ${engineLabel(remote.host)}`);
  await engine;
  await writable;
  const repository = repositoryIdentity(context.repository, config.root);
  const project = projectName(repository, context.pr, context.sha);
  await options.onProject?.(project);
  const source = await sourced;
  await assertBuildsTheCommit(config.root, source, context.sha);
  await reporter.plan({ build: true, environment: true, checks: checks.map((c) => c.name) });
  // Last: from here on testImage() releases the claim and removes the run's private dir.
  const claim = await claimRun({
    project,
    repository,
    logger: options.logger,
    signal: options.signal ?? new AbortController().signal,
  });
  await options.onRun?.(claim.id);
  return {
    config,
    context,
    store: options.store,
    signer: options.signer,
    ...(options.onAttestation ? { onAttestation: options.onAttestation } : {}),
    logger: options.logger,
    ...(options.live ? { live: options.live } : {}),
    // A newer run for the same project replaces this one: the signal aborts, the steps say so.
    reporter: replacementReporter(reporter, claim.signal),
    signal: claim.signal,
    claim,
    checks,
    reportDir,
    repository,
    project,
    source,
    backend: await backend,
  };
}

/** The backend environment.backend names; swarm renders its definition with compose. */
async function environmentBackend(config: Config): Promise<EnvironmentBackend> {
  const compose = await composeBackend();
  return config.environment.backend === 'swarm' ? new SwarmBackend(compose) : compose;
}

/**
 * The results (and the tested tag qa-<sha>) belong to context.sha, but the build is of what is
 * checked out: they must be the same commit, or GitHub's test merge of it (refs/pull/N/merge,
 * whose second parent is the PR head). Anything else would tag one commit's image as another's.
 * Outside a checkout nothing is tagged (record/publish.ts), so nothing is claimed either.
 */
async function assertBuildsTheCommit(root: string, source: SourceState, sha: string): Promise<void> {
  if (source.kind !== 'commit' || source.sha === sha) return;
  if ((await secondParent(root)) === sha) return;
  throw new UsageError(
    `the checkout is ${source.sha}, but this run's results and tested tag would be for ${sha} (the event's head or --sha): ` +
      `QA builds what is checked out, so it would tag ${source.sha.slice(0, 12)}'s image as qa-${sha}. ` +
      `Check out ${sha} (actions/checkout with ref: ${sha}, or the PR's test merge refs/pull/<n>/merge), or run without --sha. Nothing was started.`,
  );
}

/** What the reports show beside a step: the image once built, the endpoints once ready. */
function facts(image: BuiltImage | undefined, env: RunningEnvironment | undefined): RunFacts {
  return {
    ...(image ? { image: { digest: image.digest, ref: image.ref } } : {}),
    endpoints: env?.endpoints ?? {},
  };
}

function buildPhase(run: Run): Promise<Phased<BuiltImage>> {
  const { config, context, source, logger, signal } = run;
  return phase(
    'build',
    run,
    (image) => facts(image, undefined),
    async () => {
      const image = await onRunnerEngine(() =>
        buildImage({
          config,
          tag: convenienceTag(context.pr, context.sha),
          push: run.store.pushes,
          registry: run.store,
          labels: {
            'org.opencontainers.image.revision': source.kind === 'commit' ? source.sha : context.sha,
          },
          variables: buildVariables(context),
          logger,
          signal,
        }),
      );
      return { value: image, summary: `${image.ref} (${image.builder})` };
    },
  );
}

async function environmentPhase(
  run: Run,
  spec: EnvironmentSpec,
  image: BuiltImage | undefined,
  /** Services startEarly() started during the build. */
  ahead: readonly string[],
): Promise<Phased<RunningEnvironment>> {
  const { signal } = run;
  if (!image || signal.aborted)
    return {
      result: signal.aborted
        ? skippedPhase('environment', 'cancelled', 'cancelled before the environment started')
        : skippedPhase('environment', 'skipped', 'build did not succeed'),
    };
  return phase(
    'environment',
    run,
    (env) => facts(image, env),
    async () => {
      const env = await startEnvironment(run.backend, spec, run.config, signal);
      const during = ahead.length ? `; ${ahead.join(', ')} started during the build` : '';
      return { value: env, summary: `${env.summary}${during}` };
    },
  );
}

async function checksPhase(
  run: Run,
  image: BuiltImage | undefined,
  env: RunningEnvironment | undefined,
): Promise<CheckResult[]> {
  const { config, reporter, signal } = run;
  const shown = facts(image, env);
  if (!image || !env) {
    const why = signal.aborted ? 'cancelled' : 'skipped';
    const skipped = run.checks.map((c) => skippedCheck(c.name, c.kind, c.required, why));
    for (const r of skipped) await reporter.complete(r, shown);
    return skipped;
  }
  const ctx: CheckContext = {
    config,
    root: config.root,
    reportDir: run.reportDir,
    workDir: run.claim.dir,
    variables: env.variables,
    environment: {
      project: run.project,
      digest: image.digest,
      definitionSha256: env.definition.sha256,
      services: env.definition.services,
      definition: env.definition.render,
      spec: env.spec,
      backend: run.backend,
    },
    store: run.store,
    logger: run.logger,
    signal,
  };
  return runChecks(run.checks, ctx, {
    onStart: (c) => reporter.start(c.name),
    onComplete: (r) => reporter.complete(r, shown),
    ...(run.live ? { live: run.live } : {}),
  });
}

async function teardown(run: Run, spec: EnvironmentSpec): Promise<void> {
  const { logger } = run;
  await logger.group(`Teardown ${run.project}`, async () => {
    await run.backend.down(spec).catch((e: unknown) => logger.warning(`teardown: ${errorMessage(e)}`));
  });
}

/**
 * Step "Record": a passed verdict on a clean checkout of a commit gets the tested tag and the
 * record on the digest; a failed one on a clean commit gets the record on the digest, never a tag,
 * so that the latest verdict for the commit decides at promotion. A run of only some checks (the
 * `checks` input) proves less than the config asks: it records nothing. A cancelled run records
 * nothing, and cancelling while recording stops the registry requests in flight.
 */
async function recordVerdict(
  run: Run,
  record: QaRecord,
): Promise<{ publication?: Publication; publishError?: Error }> {
  const { config, logger, signal } = run;
  if (signal.aborted) {
    logger.warning('no tested tag and no record on the digest: the run was cancelled');
    return {};
  }
  const left = config.checks.filter((c) => !run.checks.includes(c)).map((c) => c.name);
  if (left.length) {
    logger.warning(`no tested tag: a partial run (checks input) left out ${left.join(', ')}`);
    return {};
  }
  try {
    if (!recordsFailure(record) && !earnsTestedTag(record)) {
      if (record.verdict === 'passed') logger.warning(`no tested tag: ${whyNoTestedTag(record) ?? ''}`);
      return {};
    }
    const bundle = await signRecord(run, record);
    if (recordsFailure(record)) await attachFailure(run.store, record, logger, bundle);
    const publication = recordsFailure(record)
      ? undefined
      : await publishVerdict(run.store, record, logger, bundle);
    if (bundle && run.onAttestation) await run.onAttestation(bundle);
    return publication ? { publication } : {};
  } catch (error) {
    if (error instanceof CancelledError || signal.aborted) {
      logger.warning(
        `no tested tag: the run was cancelled while recording the verdict on ${record.image.digest ?? ''}`,
      );
      return {};
    }
    const publishError = error instanceof Error ? error : new InfrastructureError(errorMessage(error));
    logger.error(`recording the verdict on ${record.image.digest ?? ''} failed: ${publishError.message}`);
    return { publishError };
  }
}

/** The record's signed statement (undefined with record.signing: none); a signer that fails is exit 3. */
async function signRecord(run: Run, record: QaRecord): Promise<Buffer | undefined> {
  try {
    const bundle = await run.signer.sign(record);
    if (bundle) run.logger.info(`QA record signed: ${run.signer.describe}`);
    return bundle;
  } catch (error) {
    throw new InfrastructureError(
      `signing the QA record failed (${run.signer.describe}): ${errorMessage(error)}; nothing was recorded on the digest. Re-run the job`,
    );
  }
}

/**
 * The report dir (and its checks/ log folder) can be written, before anything starts: a file where
 * a directory should be, no permission or a full disk is a WriteError naming the path (exit 3).
 */
async function assertWritable(reportDir: string): Promise<void> {
  const checksDir = join(reportDir, 'checks');
  for (const dir of [reportDir, checksDir]) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new WriteError(dir, error);
    }
  }
  const probe = join(reportDir, `.write-probe-${process.pid}`);
  try {
    await writeFile(probe, 'immutable-qa\n');
  } catch (error) {
    throw new WriteError(reportDir, error);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}

function selectChecks(config: Config, only: string[] | undefined): Config['checks'] {
  if (!only || only.length === 0) return config.checks;
  const names = new Set(config.checks.map((c) => c.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length)
    throw new UsageError(
      `the checks input (--check) names unknown checks: ${unknown.join(', ')} (the config has: ${[...names].join(', ')})`,
    );
  return config.checks.filter((c) => only.includes(c.name));
}
