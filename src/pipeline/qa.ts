// The QA pipeline of DESIGN.md: config → build → environment → checks → verdict → record → teardown.
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { buildImage, type BuiltImage } from '../image/build.js';
import { convenienceTag } from '../image/args.js';
import type { CheckContext } from '../checks/handler.js';
import { runChecks } from '../checks/runner.js';
import type { CheckResult, Conclusion, PhaseName, PhaseResult } from '../model/results.js';
import { endpointVariable } from '../config/expand.js';
import type { Config } from '../config/schema.js';
import { docker } from '../exec/docker.js';
import type { EnvironmentBackend, EnvironmentSpec } from '../environment/backend.js';
import { composeBackend, definitionSha256 } from '../environment/compose.js';
import { LABEL, projectName, repositoryIdentity } from '../environment/project.js';
import { errorMessage, InfrastructureError, PhaseFailure, UsageError } from '../model/errors.js';
import { tail } from '../exec/exec.js';
import { sourceState } from '../exec/git.js';
import type { RunContext } from '../model/run-context.js';
import type { Logger } from '../model/log.js';
import type { RegistryAccess } from '../store/access.js';
import { localStateDir } from '../store/local.js';
import { earnsTestedTag, publishVerdict, whyNoTestedTag, type Publication } from '../record/publish.js';
import { verdictOf, type QaRecord, type RecordedStep } from '../model/record.js';
import { VERSION } from '../model/version.js';
import { silentReporter, type QaReporter } from '../model/reporter.js';

export interface QaOptions {
  config: Config;
  context: RunContext;
  /** Where the record and logs go; default <root>/.immutable-qa. */
  reportDir?: string;
  keep?: boolean;
  /** Run only these checks (the `checks` input). */
  only?: string[];
  logger: Logger;
  reporter?: QaReporter;
  signal?: AbortSignal;
  /** Filled in as the run learns them, for reporters that render while it runs. */
  progress?: RunProgress;
  /** Called as soon as the environment's name is known, before anything is created (post-step state). */
  onProject?: (project: string) => void | Promise<void>;
  /** Registry credentials/hooks for recording the verdict on the digest (step "Record"). */
  registry?: RegistryAccess;
}

export interface RunProgress {
  digest?: string;
  imageRef?: string;
  endpoints: Record<string, string>;
}

export interface QaResult {
  record: QaRecord;
  recordPath: string;
  phases: PhaseResult[];
  checks: CheckResult[];
  image?: BuiltImage;
  endpoints: Record<string, string>;
  project: string;
  /** The tested tag and record, when the verdict earned them (passed, clean tree). */
  publication?: Publication;
  /** Recording on the registry failed (exit 3); the verdict in the local record stands. */
  publishError?: Error;
}

export async function qa(options: QaOptions): Promise<QaResult> {
  const { config, context, logger } = options;
  const reporter = options.reporter ?? silentReporter;
  const signal = options.signal ?? new AbortController().signal;
  const stateDir = localStateDir(config.root);
  const reportDir = resolve(options.reportDir ?? stateDir);
  const checks = selectChecks(config, options.only);
  await preflight();
  await mkdir(reportDir, { recursive: true });

  const repository = repositoryIdentity(context.repository, config.root);
  const project = projectName(repository, context.pr, context.sha);
  await options.onProject?.(project);
  const source = await sourceState(
    config.root,
    // The report dir and the local record store (.immutable-qa) are ours, not the source.
    [...new Set([reportDir, stateDir].map((dir) => relative(config.root, dir)))].filter(
      (p) => p && !p.startsWith('..'),
    ),
  );
  const phases: PhaseResult[] = [];
  let checkResults: CheckResult[] = [];
  const progress = options.progress ?? { endpoints: {} };
  const endpoints = progress.endpoints;
  let definition: RenderedDefinition | undefined;
  let image: BuiltImage | undefined;

  await reporter.plan({ build: true, environment: true, checks: checks.map((c) => c.name) });
  const backend = await composeBackend();
  const envSpec: EnvironmentSpec = {
    project,
    root: config.root,
    composeFiles: config.environment.composeFiles,
    variables: {},
    labels: {},
  };

  try {
    // Build
    const build = await phase('build', reporter, logger, async () => {
      image = await buildImage({
        config,
        tag: convenienceTag(context.pr, context.sha),
        labels: { 'org.opencontainers.image.revision': source.checkoutSha ?? context.sha },
        logger,
        signal,
      });
      progress.digest = image.digest;
      progress.imageRef = image.ref;
      return { summary: `${image.ref} (${image.builder})` };
    });
    phases.push(build);

    // Environment
    if (image && !signal.aborted) {
      const built = image;
      const env = await phase('environment', reporter, logger, async () =>
        startEnvironment(
          backend,
          envSpec,
          config,
          context,
          repository,
          built,
          endpoints,
          signal,
          (defined) => {
            definition = defined;
          },
        ),
      );
      phases.push(env);
    } else
      phases.push(
        skippedPhase('environment', signal.aborted ? 'cancelled' : 'skipped', 'build did not succeed'),
      );

    // Checks
    const ready = phases.every((p) => p.conclusion === 'success');
    if (ready && image) {
      const ctx: CheckContext = {
        config,
        root: config.root,
        reportDir,
        variables: envSpec.variables,
        environment: {
          project,
          digest: image.digest,
          definitionSha256: definition?.sha256 ?? '',
          services: definition?.services ?? [],
          ...(definition ? { definition: definition.render } : {}),
          spec: envSpec,
          backend,
        },
        ...(options.registry ? { registry: options.registry } : {}),
        logger,
        signal,
      };
      checkResults = await runChecks(checks, ctx, {
        onStart: (c) => reporter.start(c.name),
        onComplete: (r) => reporter.complete(r, image?.digest),
      });
    } else {
      const why = signal.aborted ? 'cancelled' : 'skipped';
      checkResults = checks.map((c) => skippedCheck(c.name, c.kind, c.required, why));
      for (const r of checkResults) await reporter.complete(r, image?.digest);
    }
  } finally {
    if (!options.keep || signal.aborted) {
      await logger.group(`Teardown ${project}`, async () => {
        await backend.down(envSpec).catch((e: unknown) => logger.warning(`teardown: ${errorMessage(e)}`));
      });
    }
  }

  const verdict = signal.aborted ? 'failed' : verdictOf(phases, checkResults);
  const record: QaRecord = {
    schema: 1,
    verdict,
    image: { repository: config.image.repository, digest: image?.digest ?? null },
    source: {
      repository: context.repository ?? null,
      sha: context.sha,
      checkout_sha: source.checkoutSha,
      tree: source.tree,
      ref: context.ref ?? null,
      pr: context.pr ?? null,
      dirty: source.dirty,
    },
    environment: { definition_sha256: definition?.sha256 ?? null, project, endpoints },
    phases: phases.map((p) => step(p)),
    checks: checkResults.map((c) => ({ ...step(c), required: c.required })),
    run: context.run ?? null,
    tool: { name: 'immutable-qa', version: VERSION },
    created_at: new Date().toISOString(),
  };
  const recordPath = join(reportDir, 'qa-record.json');
  await writeFile(recordPath, `${JSON.stringify(record, null, 2)}\n`);
  // A run of only some checks (the `checks` input) proves less than the config asks: it never earns the tag.
  const skipped = config.checks.filter((c) => !checks.includes(c)).map((c) => c.name);
  let recorded: Awaited<ReturnType<typeof recordVerdict>> = {};
  if (skipped.length)
    logger.warning(`no tested tag: a partial run (checks input) left out ${skipped.join(', ')}`);
  else recorded = await recordVerdict(config, record, logger, options.registry);
  const { publication, publishError } = recorded;
  await reporter.finish(record, { phases, checks: checkResults });
  return {
    record,
    recordPath,
    phases,
    checks: checkResults,
    image,
    endpoints,
    project,
    ...(publication ? { publication } : {}),
    ...(publishError ? { publishError } : {}),
  };
}

/** Step "Record": a passed verdict on a clean tree gets the tested tag and the record on the digest. */
async function recordVerdict(
  config: Config,
  record: QaRecord,
  logger: Logger,
  registry: RegistryAccess | undefined,
): Promise<{ publication?: Publication; publishError?: Error }> {
  if (!earnsTestedTag(record)) {
    if (record.verdict === 'passed') logger.warning(`no tested tag: ${whyNoTestedTag(record) ?? ''}`);
    return {};
  }
  try {
    const publication = await logger.group('Record', () =>
      publishVerdict({ config, record, logger, ...(registry ? { registry } : {}) }),
    );
    return { publication };
  } catch (error) {
    const publishError = error instanceof Error ? error : new InfrastructureError(errorMessage(error));
    logger.error(`recording the verdict on ${record.image.digest ?? ''} failed: ${publishError.message}`);
    return { publishError };
  }
}

function selectChecks(config: Config, only: string[] | undefined): Config['checks'] {
  if (!only || only.length === 0) return config.checks;
  const names = new Set(config.checks.map((c) => c.name));
  const unknown = only.filter((n) => !names.has(n));
  if (unknown.length)
    throw new UsageError(
      `checks input names unknown checks: ${unknown.join(', ')} (the config has: ${[...names].join(', ')})`,
    );
  return config.checks.filter((c) => only.includes(c.name));
}

async function preflight(): Promise<void> {
  const result = await docker(['version', '--format', '{{.Server.Version}}']).catch((e: unknown) => {
    throw new InfrastructureError(`cannot run docker: ${errorMessage(e)}`);
  });
  if (result.code !== 0)
    throw new InfrastructureError(
      `the Docker engine does not answer: ${tail(result.stderr, 3)} (start dockerd or Docker Desktop)`,
    );
}

async function startEnvironment(
  backend: EnvironmentBackend,
  spec: EnvironmentSpec,
  config: Config,
  context: RunContext,
  /** repositoryIdentity(): teardown finds the environment by it. */
  repository: string,
  image: BuiltImage,
  endpoints: Record<string, string>,
  signal: AbortSignal,
  onDefinition: (definition: RenderedDefinition) => void,
): Promise<{ summary: string; details?: string }> {
  spec.variables.IMMUTABLE_QA_IMAGE = image.ref;
  spec.variables.IMMUTABLE_QA_DIGEST = image.digest;
  spec.variables.IMMUTABLE_QA_PROJECT = spec.project;
  spec.labels = {
    [LABEL.managed]: 'true',
    [LABEL.sha]: context.sha,
    [LABEL.digest]: image.digest,
    [LABEL.created]: new Date().toISOString(),
    [LABEL.repository]: repository,
    ...(context.pr !== undefined ? { [LABEL.pr]: String(context.pr) } : {}),
  };
  const services = await backend.up(spec, signal);
  // Drift checks render it again with the same variables (later steps add more to spec.variables).
  const rendered: EnvironmentSpec = { ...spec, variables: { ...spec.variables } };
  onDefinition({
    sha256: definitionSha256(await backend.definition(rendered)),
    services,
    render: () => backend.definition(rendered),
  });
  const ready = await backend.ready(spec, config.environment.readyTimeoutMs, signal);
  if (!ready.ready) throw new PhaseFailure(ready.reason ?? 'not ready', await backend.logs(spec, 40));
  spec.variables.IMMUTABLE_QA_NETWORK = await backend.network(spec);
  for (const [name, ep] of Object.entries(config.environment.endpoints)) {
    const hostPort = await backend.port(spec, ep.service, ep.port);
    const path = ep.path.endsWith('/') ? ep.path : `${ep.path}/`;
    endpoints[name] = `${ep.scheme}://${hostPort}${path}`;
    spec.variables[endpointVariable(name)] = endpoints[name];
  }
  const list = Object.entries(endpoints).map(([n, u]) => `${n}: ${u}`);
  return {
    summary: `${ready.containers.length} container(s) ready (${backend.kind})${list.length ? `; ${list.join(', ')}` : ''}`,
  };
}

interface RenderedDefinition {
  sha256: string;
  services: string[];
  render: () => Promise<string>;
}

async function phase(
  name: PhaseName,
  reporter: QaReporter,
  logger: Logger,
  body: () => Promise<{ summary: string; details?: string }>,
): Promise<PhaseResult> {
  await reporter.start(name);
  const started = new Date();
  let conclusion: Conclusion = 'success';
  let summary: string;
  let details: string | undefined;
  let logTail: string | undefined;
  try {
    ({ summary, details } = await logger.group(name === 'build' ? 'Build' : 'Environment', body));
  } catch (error) {
    if (error instanceof InfrastructureError && /Cannot connect to the Docker daemon/i.test(error.message))
      throw error;
    conclusion = 'failure';
    summary = errorMessage(error);
    if (error instanceof PhaseFailure) logTail = error.logTail;
    logger.error(`${name}: ${summary}${logTail ? `\n${logTail}` : ''}`);
  }
  const completed = new Date();
  const result: PhaseResult = {
    name,
    conclusion,
    startedAt: started.toISOString(),
    completedAt: completed.toISOString(),
    durationMs: completed.getTime() - started.getTime(),
    summary,
    details,
    logTail,
    annotations: [],
  };
  await reporter.complete(result);
  return result;
}

function skippedPhase(name: PhaseName, conclusion: Conclusion, summary: string): PhaseResult {
  const now = new Date().toISOString();
  return { name, conclusion, startedAt: now, completedAt: now, durationMs: 0, summary, annotations: [] };
}

function skippedCheck(
  name: string,
  kind: CheckResult['kind'],
  required: boolean,
  conclusion: Conclusion,
): CheckResult {
  const now = new Date().toISOString();
  const summary = conclusion === 'cancelled' ? 'cancelled' : 'skipped: the environment was not ready';
  return {
    name,
    kind,
    required,
    conclusion,
    startedAt: now,
    completedAt: now,
    durationMs: 0,
    summary,
    annotations: [],
  };
}

function step(r: PhaseResult | CheckResult): RecordedStep {
  return {
    name: r.name,
    conclusion: r.conclusion,
    started_at: r.startedAt,
    completed_at: r.completedAt,
    summary: r.summary,
  };
}
