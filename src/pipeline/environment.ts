// Phase "environment" of the QA pipeline: the spec the tested digest starts from (pure), then
// start it, wait until ready, and read its endpoints → RunningEnvironment. Nothing is mutated: the
// spec `up` used stays as it was (teardown, drift and a load baseline start from it again).
import { buildVariables, endpointVariable } from '../config/expand.js';
import type { Config } from '../config/schema.js';
import type { EnvironmentBackend, EnvironmentSpec } from '../environment/backend.js';
import { definitionSha256 } from '../environment/compose.js';
import { projectNetwork, publishedAddress } from '../environment/endpoints.js';
import { LABEL } from '../environment/project.js';
import type { BuiltImage } from '../image/build.js';
import { PhaseFailure } from '../model/errors.js';
import type { RunContext } from '../model/run-context.js';

export interface RenderedDefinition {
  sha256: string;
  services: string[];
  /** Renders the definition again, exactly as it was rendered for sha256 (drift). */
  render: () => Promise<string>;
}

export interface RunningEnvironment {
  /** As `up` used it: the image variables and the labels. */
  spec: EnvironmentSpec;
  /** What checks see: the spec's variables, IMMUTABLE_QA_NETWORK and IMMUTABLE_QA_ENDPOINT_<NAME>. */
  variables: Record<string, string>;
  /** Endpoint name → URL on the host. */
  endpoints: Record<string, string>;
  definition: RenderedDefinition;
  /** The one-line phase summary. */
  summary: string;
}

/**
 * Where the environment of a run lives before it exists: its project, files and (no) variables,
 * and the run that owns it (teardown removes only that run's containers, even before the build).
 */
export function baseSpec(
  project: string,
  config: Config,
  run?: { id: string; dir: string },
): EnvironmentSpec {
  return {
    project,
    root: config.root,
    composeFiles: config.environment.composeFiles,
    variables: {},
    labels: {},
    build: { context: config.image.context, dockerfile: config.image.dockerfile },
    ...(run ? { run } : {}),
  };
}

/**
 * The spec the tested image starts from: compose interpolates the variables, every service gets the
 * labels. Without the image (yet): the spec the services that do not need it start from during the
 * build; the same `now` for both, so those are labelled the same either way.
 */
export function environmentSpec(
  base: EnvironmentSpec,
  image: BuiltImage | undefined,
  context: RunContext,
  /** repositoryIdentity(): teardown finds the environment by it. */
  repository: string,
  now: Date,
): EnvironmentSpec {
  return {
    ...base,
    variables: {
      // The same commit, PR and ref the build args saw: a check can compare what the app reports.
      ...buildVariables(context),
      ...(image ? { IMMUTABLE_QA_IMAGE: image.ref, IMMUTABLE_QA_DIGEST: image.digest } : {}),
      IMMUTABLE_QA_PROJECT: base.project,
    },
    labels: {
      [LABEL.managed]: 'true',
      [LABEL.sha]: context.sha,
      ...(image ? { [LABEL.digest]: image.digest } : {}),
      [LABEL.created]: now.toISOString(),
      [LABEL.repository]: repository,
      ...(context.pr !== undefined ? { [LABEL.pr]: String(context.pr) } : {}),
      ...(base.run ? { [LABEL.run]: base.run.id } : {}),
    },
  };
}

export async function startEnvironment(
  backend: EnvironmentBackend,
  spec: EnvironmentSpec,
  config: Config,
  signal: AbortSignal,
): Promise<RunningEnvironment> {
  const { services, definition: rendered, notes = [] } = await backend.up(spec, signal);
  const definition: RenderedDefinition = {
    sha256: definitionSha256(rendered),
    services,
    render: () => backend.definition(spec),
  };
  const ready = await backend.ready(spec, config.environment.readyTimeoutMs, signal);
  if (!ready.ready) throw new PhaseFailure(ready.reason ?? 'not ready', await backend.logs(spec, 40));
  const variables: Record<string, string> = {
    ...spec.variables,
    IMMUTABLE_QA_NETWORK: projectNetwork(ready.containers, spec.project),
  };
  const endpoints: Record<string, string> = {};
  for (const [name, ep] of Object.entries(config.environment.endpoints)) {
    const hostPort = publishedAddress(ready.containers, ep.service, ep.port);
    const path = ep.path.endsWith('/') ? ep.path : `${ep.path}/`;
    endpoints[name] = `${ep.scheme}://${hostPort}${path}`;
    variables[endpointVariable(name)] = endpoints[name];
  }
  const list = Object.entries(endpoints).map(([n, u]) => `${n}: ${u}`);
  const nodes = [...new Set(ready.containers.flatMap((c) => c.node ?? []))].sort();
  const where = nodes.length ? ` on ${nodes.length} node(s): ${nodes.join(', ')}` : '';
  return {
    spec,
    variables,
    endpoints,
    definition,
    summary:
      `${ready.containers.length} container(s) ready (${backend.kind})${where}${list.length ? `; ${list.join(', ')}` : ''}` +
      (notes.length ? `; ${notes.join('; ')}` : ''),
  };
}
