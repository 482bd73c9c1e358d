// The swarm backend's stack file (pure): the user's compose files as `compose config` rendered them,
// made into what `docker stack deploy` takes. Every service keeps its image reference as rendered
// (the tested one is `repo@sha256:…`, deployed with --resolve-image never, so no node re-resolves a
// tag); our labels go on the services (deploy.labels) and on their tasks' containers (labels); every
// published port is host-mode (the routing mesh needs IPVS, which not every kernel has, and a
// host-mode port is where the task runs: the endpoint names its node); one-shot services (migrations)
// run once and are never restarted. What swarm has no use for (depends_on, build,
// container_name…) is dropped and named, so the phase can say so.
import { parse as parseYaml } from 'yaml';
import { definedResources } from './compose-args.js';
import { LABEL } from './project.js';

export interface StackInput {
  /** Labels of every service, task and network (project, PR, sha, run…). */
  labels: Record<string, string>;
  /** Services that run the tested image, and the labels only they carry (the digest). */
  tested: { services: readonly string[]; labels: Record<string, string> };
  /** Services that `build:` what the config builds: they run the tested image instead. */
  pinned?: { services: readonly string[]; image: string };
}

export interface StackFile {
  /** The stack file (JSON, which is YAML). */
  text: string;
  services: string[];
  /** One-shot services: deployed to run once to completion (label io.immutable-qa.one-shot). */
  jobs: string[];
  /** Per service, the keys swarm does not take that were dropped, in order. */
  dropped: Record<string, string[]>;
}

/** Service keys `docker stack deploy` takes, as compose renders them. */
const SERVICE_KEYS = new Set([
  'cap_add',
  'cap_drop',
  'command',
  'configs',
  'deploy',
  'dns',
  'dns_search',
  'entrypoint',
  'environment',
  'extra_hosts',
  'healthcheck',
  'hostname',
  'image',
  'init',
  'labels',
  'logging',
  'networks',
  'ports',
  'read_only',
  'secrets',
  'stop_grace_period',
  'stop_signal',
  'sysctls',
  'tmpfs',
  'tty',
  'stdin_open',
  'ulimits',
  'user',
  'volumes',
  'working_dir',
]);
/** Dropped without a word: compose's own bookkeeping, or what the stack file says another way. */
const SILENT = new Set(['restart', 'expose', 'pull_policy', 'build', 'depends_on']);

const RESTART: Record<string, string> = {
  no: 'none',
  always: 'any',
  'unless-stopped': 'any',
  'on-failure': 'on-failure',
};

type Doc = Record<string, unknown>;

function isRecord(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Null and empty values out (compose renders `entrypoint: null`, which the stack loader refuses). */
function defined(value: Doc): Doc {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) => v !== null && v !== undefined && !(isRecord(v) && Object.keys(v).length === 0),
    ),
  );
}

/** compose's long-form ports → host-mode ports (`published` kept when fixed, else the engine picks). */
function hostPorts(ports: unknown): Doc[] {
  if (!Array.isArray(ports)) return [];
  return ports.filter(isRecord).map((p) => {
    const published = p.published === undefined || p.published === '' ? undefined : Number(p.published);
    return defined({
      target: Number(p.target),
      ...(published !== undefined && Number.isInteger(published) ? { published } : {}),
      protocol: typeof p.protocol === 'string' ? p.protocol : 'tcp',
      mode: 'host',
    });
  });
}

function mount(volume: Doc): Doc {
  const { bind, volume: options, ...rest } = volume;
  const bound = isRecord(bind) ? defined({ ...bind, create_host_path: undefined }) : undefined;
  return defined({ ...rest, bind: bound, volume: isRecord(options) ? defined(options) : undefined });
}

/** A service's networks: names, or the long form without compose's nulls. */
function serviceNetworks(networks: unknown): unknown {
  if (!isRecord(networks)) return networks;
  const values = Object.values(networks);
  if (values.every((v) => v === null)) return Object.keys(networks);
  return Object.fromEntries(Object.entries(networks).map(([k, v]) => [k, isRecord(v) ? defined(v) : {}]));
}

export function stackFile(rendered: string, input: StackInput): StackFile {
  const doc: unknown = parseYaml(rendered);
  const top: Doc = isRecord(doc) ? doc : {};
  const resources = definedResources(rendered);
  const jobs = resources.oneShot;
  const services: Doc = {};
  const dropped: Record<string, string[]> = {};
  const raw = isRecord(top.services) ? top.services : {};
  for (const [name, value] of Object.entries(raw)) {
    const service: Doc = isRecord(value) ? value : {};
    const out: Doc = {};
    for (const [key, v] of Object.entries(service)) {
      if (SERVICE_KEYS.has(key)) out[key] = v;
      else if (!SILENT.has(key)) (dropped[name] ??= []).push(key);
    }
    if (isRecord(service.depends_on) || Array.isArray(service.depends_on))
      (dropped[name] ??= []).push('depends_on');
    if (service.build !== undefined && !input.pinned?.services.includes(name))
      (dropped[name] ??= []).push('build');
    if (input.pinned?.services.includes(name)) out.image = input.pinned.image;
    if (isRecord(out.environment))
      out.environment = Object.fromEntries(
        Object.entries(out.environment).filter(([, v]) => v !== null && v !== undefined),
      );
    if (out.ports !== undefined) out.ports = hostPorts(out.ports);
    if (out.networks !== undefined) out.networks = serviceNetworks(out.networks);
    // compose's long-form mounts carry `volume: {}` / `bind: {create_host_path}`, which the stack loader refuses.
    if (Array.isArray(out.volumes))
      out.volumes = out.volumes.map((v: unknown) => (isRecord(v) ? mount(v) : v));
    const tested = input.tested.services.includes(name) ? input.tested.labels : {};
    const labels = { ...input.labels, ...tested };
    out.labels = { ...(isRecord(service.labels) ? service.labels : {}), ...labels };
    const deploy: Doc = isRecord(service.deploy) ? { ...service.deploy } : {};
    deploy.labels = { ...(isRecord(deploy.labels) ? deploy.labels : {}), ...labels };
    const restart = typeof service.restart === 'string' ? RESTART[service.restart] : undefined;
    if (jobs.includes(name)) {
      // Runs once to completion; a failure is the verdict's, not something to retry. A replicated
      // service that is never restarted, not `mode: replicated-job`: the engine (20.10) leaves a
      // finished job's container on its node after `stack rm`, and teardown must leave nothing.
      deploy.restart_policy = {
        ...(isRecord(deploy.restart_policy) ? deploy.restart_policy : {}),
        condition: 'none',
      };
      deploy.replicas = 1;
      deploy.labels = {
        ...labels,
        ...(isRecord(deploy.labels) ? deploy.labels : {}),
        [LABEL.oneShot]: 'true',
      };
      delete deploy.mode;
    } else if (restart && !isRecord(deploy.restart_policy)) deploy.restart_policy = { condition: restart };
    out.deploy = deploy;
    services[name] = defined(out);
  }
  const networks: Doc = {};
  for (const [name, value] of Object.entries(isRecord(top.networks) ? top.networks : {})) {
    const network: Doc = isRecord(value) ? value : {};
    if (network.external !== undefined && network.external !== false) {
      networks[name] = {
        external: true,
        ...(typeof network.name === 'string' ? { name: network.name } : {}),
      };
      continue;
    }
    // Not `name:` (compose renders <project>_<key>; the stack names it <stack>_<key> itself) and
    // overlay whatever compose assumed; attachable, so a check's container can join it.
    const driver =
      typeof network.driver === 'string' && network.driver !== 'bridge' ? network.driver : 'overlay';
    networks[name] = defined({
      driver,
      attachable: true,
      driver_opts: network.driver_opts,
      ipam: isRecord(network.ipam) && Object.keys(network.ipam).length ? network.ipam : undefined,
      internal: network.internal,
      labels: { ...(isRecord(network.labels) ? network.labels : {}), ...input.labels },
    });
  }
  if (resources.networks.includes('default') && !('default' in networks))
    networks.default = { driver: 'overlay', attachable: true, labels: { ...input.labels } };
  const volumes: Doc = {};
  for (const [name, value] of Object.entries(isRecord(top.volumes) ? top.volumes : {})) {
    const volume: Doc = isRecord(value) ? value : {};
    if (volume.external !== undefined && volume.external !== false) {
      volumes[name] = { external: true, ...(typeof volume.name === 'string' ? { name: volume.name } : {}) };
      continue;
    }
    volumes[name] = defined({
      driver: volume.driver,
      driver_opts: volume.driver_opts,
      labels: { ...(isRecord(volume.labels) ? volume.labels : {}), ...input.labels },
    });
  }
  const stack: Doc = { services };
  if (Object.keys(networks).length) stack.networks = networks;
  if (Object.keys(volumes).length) stack.volumes = volumes;
  for (const key of ['secrets', 'configs']) if (isRecord(top[key])) stack[key] = top[key];
  return { text: `${JSON.stringify(stack, null, 2)}\n`, services: Object.keys(services), jobs, dropped };
}
