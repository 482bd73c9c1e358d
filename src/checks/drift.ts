// `drift` checks: what runs is what was tested. Every container of a service that uses the tested
// image runs the tested digest; no container carries the project's label outside the services of the
// compose definition; the rendered definition still hashes to the value recorded when the
// environment started.
import { parse as parseYaml } from 'yaml';
import { docker } from '../exec/docker.js';
import type { ContainerState } from '../environment/backend.js';
import { definitionSha256, listContainers } from '../environment/compose.js';
import { errorMessage } from '../model/errors.js';
import { tail } from '../exec/exec.js';
import type { DriftCheck } from '../config/schema.js';
import type { CheckContext, CheckOutcome } from './handler.js';

export interface DriftExpectation {
  project: string;
  /** IMMUTABLE_QA_IMAGE: what compose was told to run (`repo@sha256:…`, or the image ID in local mode). */
  image: string;
  digest: string;
  /** Local mode: the digest is the image ID. */
  local: boolean;
  /** Services of the compose definition when the environment started (`compose config --services`). */
  services: string[];
  definitionSha256: string;
  /** Renders the compose definition again, exactly as it was rendered for definitionSha256. */
  definition?: () => Promise<string>;
  /** The run that started the environment (io.immutable-qa.run): containers of another run are drift. */
  run?: string;
  /** The environment as its backend shows it (default: the compose project's containers). */
  containers?: () => Promise<ContainerState[]>;
  /** ContainerState.image is the reference the task was given (swarm), not an image ID. */
  byReference?: boolean;
}

export interface DriftFinding {
  /** The service the finding is about ('' for the definition as a whole). */
  service: string;
  message: string;
}

export interface DefinedService {
  image?: string;
  profiles?: string[];
}

/** services → image/profiles from a rendered compose definition (v1 and v2 both render YAML). */
export function parseDefinition(text: string): Record<string, DefinedService> {
  const doc: unknown = parseYaml(text);
  const services = isRecord(doc) && isRecord(doc.services) ? doc.services : {};
  return Object.fromEntries(
    Object.entries(services).map(([name, raw]) => {
      const service: DefinedService = {};
      if (isRecord(raw) && typeof raw.image === 'string') service.image = raw.image;
      if (isRecord(raw) && Array.isArray(raw.profiles)) service.profiles = raw.profiles.map(String);
      return [name, service];
    }),
  );
}

function short(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * Pure comparison of what runs with what was defined and tested. `testedServices` are the services
 * whose image is the tested one; `testedImageId` the image ID the tested digest resolves to.
 */
export function compareEnvironment(input: {
  containers: ContainerState[];
  services: string[];
  testedServices: string[];
  testedImageId: string;
  digest: string;
  /** This run's id: a container another run labelled is not this run's environment. */
  run?: string;
}): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const defined = new Set(input.services);
  const tested = new Set(input.testedServices);
  for (const c of input.containers) {
    if (input.run !== undefined && c.run !== undefined && c.run !== input.run) {
      findings.push({
        service: c.service,
        message: `container ${c.name} of service "${c.service}" was started by run ${c.run}, not by this run (${input.run}): another run for this project changed the environment`,
      });
    } else if (c.node !== undefined && !/^(running|complete)$/.test(c.status)) {
      // A cluster's task the manager stopped after readiness: the environment is not what was tested.
      findings.push({
        service: c.service,
        message: `task ${c.name} of service "${c.service}" on node ${c.node} is ${c.status}: the environment changed after it was ready`,
      });
    } else if (!defined.has(c.service)) {
      findings.push({
        service: c.service,
        message: `service "${c.service}" is not in the compose definition, but container ${c.name} (image ${short(c.image)}) carries the environment's project label`,
      });
    } else if (tested.has(c.service) && c.image !== input.testedImageId) {
      findings.push({
        service: c.service,
        message: `service "${c.service}" runs image ${short(c.image)} in container ${c.name}, not the tested ${input.digest} (image ${short(input.testedImageId)})`,
      });
    }
  }
  for (const service of input.testedServices) {
    if (!input.containers.some((c) => c.service === service))
      findings.push({
        service,
        message: `service "${service}" uses the tested image but has no container`,
      });
  }
  return findings;
}

async function testedImageId(expected: DriftExpectation): Promise<string> {
  if (expected.local) return expected.digest;
  const result = await docker(['image', 'inspect', '--format', '{{.Id}}', expected.image]);
  const id = result.stdout.trim();
  if (result.code !== 0 || !id)
    throw new Error(`cannot resolve ${expected.image} to an image ID: ${tail(result.stderr, 3)}`);
  return id;
}

export interface DriftReport {
  findings: DriftFinding[];
  containers: ContainerState[];
  testedServices: string[];
  testedImageId: string;
  definitionSha256?: string;
}

/** Looks at the engine now and compares it with the expectation. */
export async function inspectDrift(expected: DriftExpectation): Promise<DriftReport> {
  const findings: DriftFinding[] = [];
  let definition: Record<string, DefinedService> = {};
  let currentSha: string | undefined;
  if (!expected.definition) {
    findings.push({
      service: '',
      message: 'the compose definition cannot be rendered again to compare its hash',
    });
  } else {
    const text = await expected.definition();
    currentSha = definitionSha256(text);
    definition = parseDefinition(text);
    if (currentSha !== expected.definitionSha256)
      findings.push({
        service: '',
        message: `the rendered compose definition changed since the environment started: sha256 ${currentSha.slice(0, 12)}, recorded ${expected.definitionSha256.slice(0, 12) || '(none)'}`,
      });
  }
  const services = expected.services.length ? expected.services : Object.keys(definition);
  // Services in a profile that was not activated have no container, and that is not drift.
  const testedServices = services.filter((s) => {
    const d = definition[s];
    return d?.image === expected.image && !d.profiles?.length;
  });
  const imageId = expected.byReference ? expected.image : await testedImageId(expected);
  const containers = expected.containers
    ? await expected.containers()
    : await listContainers(expected.project);
  findings.push(
    ...compareEnvironment({
      containers,
      services,
      testedServices,
      testedImageId: imageId,
      digest: expected.digest,
      ...(expected.run !== undefined ? { run: expected.run } : {}),
    }),
  );
  return { findings, containers, testedServices, testedImageId: imageId, definitionSha256: currentSha };
}

/** Markdown: one row per container, then the findings. */
export function renderDrift(report: DriftReport, expected: Pick<DriftExpectation, 'digest'>): string {
  const rows = report.containers
    .slice()
    .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name))
    .map((c) => {
      const tested = report.testedServices.includes(c.service);
      const bad = report.findings.some((f) => f.service === c.service);
      return `| ${c.service} | ${c.name} | \`${short(c.image)}\`${tested && c.image === report.testedImageId ? ' (tested)' : ''} | ${c.status} | ${bad ? '✗' : '✓'} |`;
    });
  const parts = [
    `Tested digest \`${expected.digest}\` = image \`${short(report.testedImageId)}\`; services running it: ${report.testedServices.map((s) => `\`${s}\``).join(', ') || 'none'}.`,
    ['| service | container | image | state | |', '|---|---|---|---|---|', ...rows].join('\n'),
  ];
  if (report.definitionSha256)
    parts.push(`Rendered compose definition: sha256 \`${report.definitionSha256}\`.`);
  if (report.findings.length) parts.push(report.findings.map((f) => `- ✗ ${f.message}`).join('\n'));
  return parts.join('\n\n');
}

export async function driftCheck(check: DriftCheck, ctx: CheckContext): Promise<CheckOutcome> {
  const { backend, spec } = ctx.environment;
  const inspect = backend?.inspect?.bind(backend);
  const expected: DriftExpectation = {
    project: ctx.environment.project,
    image: ctx.variables.IMMUTABLE_QA_IMAGE ?? ctx.environment.digest,
    digest: ctx.environment.digest,
    local: ctx.config.image.local,
    services: ctx.environment.services,
    definitionSha256: ctx.environment.definitionSha256,
    ...(ctx.environment.definition ? { definition: ctx.environment.definition } : {}),
    ...(ctx.environment.spec?.run ? { run: ctx.environment.spec.run.id } : {}),
    ...(inspect && spec ? { containers: () => inspect(spec) } : {}),
    ...(backend?.images === 'reference' ? { byReference: true } : {}),
  };
  let report: DriftReport | 'timed_out' | 'cancelled';
  try {
    report = await within(inspectDrift(expected), check.timeoutMs, ctx.signal);
  } catch (error) {
    return { conclusion: 'failure', summary: `cannot inspect the environment: ${errorMessage(error)}` };
  }
  if (report === 'cancelled') return { conclusion: 'cancelled', summary: 'cancelled' };
  if (report === 'timed_out')
    return {
      conclusion: 'timed_out',
      summary: `the engine did not answer within ${Math.round(check.timeoutMs / 1000)}s`,
    };
  const details = renderDrift(report, expected);
  const logTail = report.findings.map((f) => f.message).join('\n');
  if (report.findings.length)
    return {
      conclusion: 'failure',
      summary: report.findings.map((f) => f.message).join('; '),
      details,
      logTail,
    };
  const n = report.containers.length;
  return {
    conclusion: 'success',
    summary: `${n} container${n === 1 ? '' : 's'} as defined; ${report.testedServices.length} service(s) run the tested digest; definition unchanged`,
    details,
  };
}

/** The promise's value, or why it was given up on (its docker calls finish on their own). */
function within<T>(
  promise: Promise<T>,
  ms: number,
  signal: AbortSignal,
): Promise<T | 'timed_out' | 'cancelled'> {
  if (signal.aborted) return Promise.resolve('cancelled');
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<'timed_out' | 'cancelled'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), ms);
    onAbort = () => resolve('cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
  });
  return Promise.race([promise, stop]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
