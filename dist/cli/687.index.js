export const id = 687;
export const ids = [687];
export const modules = {

/***/ 46159:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GF: () => (/* binding */ STACK_LABEL),
/* harmony export */   Ho: () => (/* binding */ stackLabel),
/* harmony export */   qE: () => (/* binding */ swarmCommand)
/* harmony export */ });
// The swarm backend's commands as data: pure argv builders (after the docker binary), run by
// swarm.ts through docker(). A stack's services, tasks and networks carry Docker's own label
// com.docker.stack.namespace=<stack>; the stack is the environment's project name.
const STACK_LABEL = 'com.docker.stack.namespace';
function stackLabel(stack) {
    return `${STACK_LABEL}=${stack}`;
}
const swarmCommand = {
    /** Whether the engine can deploy stacks: `true` on a manager. */
    isManager: () => ['info', '--format', '{{.Swarm.ControlAvailable}}'],
    /**
     * Digest references as they are (no node re-resolves a tag), the registry credentials of this
     * client passed to the nodes that pull, and services no longer in the file removed.
     */
    deploy: (stack, file) => [
        'stack',
        'deploy',
        '--compose-file',
        file,
        '--with-registry-auth',
        '--resolve-image',
        'never',
        '--prune',
        stack,
    ],
    remove: (stack) => ['stack', 'rm', stack],
    /** Full IDs of the services that carry every one of the `key=value` labels. */
    serviceIds: (labels) => [
        'service',
        'ls',
        '--quiet',
        ...labels.flatMap((label) => ['--filter', `label=${label}`]),
    ],
    /** The tasks of the services, every state, full IDs. */
    taskIds: (services) => ['service', 'ps', '--quiet', '--no-trunc', ...services],
    inspect: (ids) => ['inspect', ...ids],
    inspectServices: (ids) => ['service', 'inspect', ...ids],
    inspectNodes: (ids) => ['node', 'inspect', ...ids],
    /** The stack's networks (overlay, on the manager's view of the cluster). */
    networks: (stack) => [
        'network',
        'ls',
        '--quiet',
        '--filter',
        `label=${stackLabel(stack)}`,
    ],
    removeNetworks: (ids) => ['network', 'rm', ...ids],
    logs: (service, lines) => [
        'service',
        'logs',
        '--no-trunc',
        '--no-task-ids',
        '--tail',
        String(lines),
        service,
    ],
};


/***/ }),

/***/ 25687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  $t: () => (/* binding */ SwarmBackend),
  pX: () => (/* binding */ removeStack),
  b8: () => (/* binding */ stackServices)
});

// UNUSED EXPORTS: STACK_REMOVAL_TIMEOUT_MS, stackView

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/exec/docker.ts
var docker = __webpack_require__(64709);
// EXTERNAL MODULE: ./src/exec/engine.ts
var exec_engine = __webpack_require__(21643);
// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
// EXTERNAL MODULE: ./src/environment/claim.ts
var claim = __webpack_require__(75485);
// EXTERNAL MODULE: ./src/environment/compose-args.ts
var compose_args = __webpack_require__(98735);
// EXTERNAL MODULE: ./src/environment/project.ts
var environment_project = __webpack_require__(93644);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/environment/stack-file.ts
// The swarm backend's stack file (pure): the user's compose files as `compose config` rendered them,
// made into what `docker stack deploy` takes. Every service keeps its image reference as rendered
// (the tested one is `repo@sha256:…`, deployed with --resolve-image never, so no node re-resolves a
// tag); our labels go on the services (deploy.labels) and on their tasks' containers (labels); every
// published port is host-mode (the routing mesh needs IPVS, which not every kernel has, and a
// host-mode port is where the task runs: the endpoint names its node); one-shot services (migrations)
// run once and are never restarted. What swarm has no use for (depends_on, build,
// container_name…) is dropped and named, so the phase can say so.



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
const RESTART = {
    no: 'none',
    always: 'any',
    'unless-stopped': 'any',
    'on-failure': 'on-failure',
};
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Null and empty values out (compose renders `entrypoint: null`, which the stack loader refuses). */
function defined(value) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined && !(isRecord(v) && Object.keys(v).length === 0)));
}
/** compose's long-form ports → host-mode ports (`published` kept when fixed, else the engine picks). */
function hostPorts(ports) {
    if (!Array.isArray(ports))
        return [];
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
function mount(volume) {
    const { bind, volume: options, ...rest } = volume;
    const bound = isRecord(bind) ? defined({ ...bind, create_host_path: undefined }) : undefined;
    return defined({ ...rest, bind: bound, volume: isRecord(options) ? defined(options) : undefined });
}
/** A service's networks: names, or the long form without compose's nulls. */
function serviceNetworks(networks) {
    if (!isRecord(networks))
        return networks;
    const values = Object.values(networks);
    if (values.every((v) => v === null))
        return Object.keys(networks);
    return Object.fromEntries(Object.entries(networks).map(([k, v]) => [k, isRecord(v) ? defined(v) : {}]));
}
function stackFile(rendered, input) {
    const doc = (0,dist/* parse */.qg)(rendered);
    const top = isRecord(doc) ? doc : {};
    const resources = (0,compose_args/* definedResources */.Bb)(rendered);
    const jobs = resources.oneShot;
    const services = {};
    const dropped = {};
    const raw = isRecord(top.services) ? top.services : {};
    for (const [name, value] of Object.entries(raw)) {
        const service = isRecord(value) ? value : {};
        const out = {};
        for (const [key, v] of Object.entries(service)) {
            if (SERVICE_KEYS.has(key))
                out[key] = v;
            else if (!SILENT.has(key))
                (dropped[name] ??= []).push(key);
        }
        if (isRecord(service.depends_on) || Array.isArray(service.depends_on))
            (dropped[name] ??= []).push('depends_on');
        if (service.build !== undefined && !input.pinned?.services.includes(name))
            (dropped[name] ??= []).push('build');
        if (input.pinned?.services.includes(name))
            out.image = input.pinned.image;
        if (isRecord(out.environment))
            out.environment = Object.fromEntries(Object.entries(out.environment).filter(([, v]) => v !== null && v !== undefined));
        if (out.ports !== undefined)
            out.ports = hostPorts(out.ports);
        if (out.networks !== undefined)
            out.networks = serviceNetworks(out.networks);
        // compose's long-form mounts carry `volume: {}` / `bind: {create_host_path}`, which the stack loader refuses.
        if (Array.isArray(out.volumes))
            out.volumes = out.volumes.map((v) => (isRecord(v) ? mount(v) : v));
        const tested = input.tested.services.includes(name) ? input.tested.labels : {};
        const labels = { ...input.labels, ...tested };
        out.labels = { ...(isRecord(service.labels) ? service.labels : {}), ...labels };
        const deploy = isRecord(service.deploy) ? { ...service.deploy } : {};
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
                [environment_project/* LABEL */.d_.oneShot]: 'true',
            };
            delete deploy.mode;
        }
        else if (restart && !isRecord(deploy.restart_policy))
            deploy.restart_policy = { condition: restart };
        out.deploy = deploy;
        services[name] = defined(out);
    }
    const networks = {};
    for (const [name, value] of Object.entries(isRecord(top.networks) ? top.networks : {})) {
        const network = isRecord(value) ? value : {};
        if (network.external !== undefined && network.external !== false) {
            networks[name] = {
                external: true,
                ...(typeof network.name === 'string' ? { name: network.name } : {}),
            };
            continue;
        }
        // Not `name:` (compose renders <project>_<key>; the stack names it <stack>_<key> itself) and
        // overlay whatever compose assumed; attachable, so a check's container can join it.
        const driver = typeof network.driver === 'string' && network.driver !== 'bridge' ? network.driver : 'overlay';
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
    const volumes = {};
    for (const [name, value] of Object.entries(isRecord(top.volumes) ? top.volumes : {})) {
        const volume = isRecord(value) ? value : {};
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
    const stack = { services };
    if (Object.keys(networks).length)
        stack.networks = networks;
    if (Object.keys(volumes).length)
        stack.volumes = volumes;
    for (const key of ['secrets', 'configs'])
        if (isRecord(top[key]))
            stack[key] = top[key];
    return { text: `${JSON.stringify(stack, null, 2)}\n`, services: Object.keys(services), jobs, dropped };
}

// EXTERNAL MODULE: ./src/environment/swarm-args.ts
var swarm_args = __webpack_require__(46159);
// EXTERNAL MODULE: ./src/environment/endpoints.ts
var endpoints = __webpack_require__(51727);
;// CONCATENATED MODULE: ./src/environment/tasks.ts


const FAILED = new Set(['failed', 'rejected', 'orphaned']);
/** Where the manager wants a task: a running one, or a job's that completed. */
const WANTED = new Set(['running', 'complete', 'ready', 'accepted']);
function shortName(project, service) {
    return service.startsWith(`${project}_`) ? service.slice(project.length + 1) : service;
}
/** Runs once to completion: one of our one-shot services (stack-file.ts), or a swarm job. */
function isJob(service) {
    return (service.Spec.Labels?.[environment_project/* LABEL */.d_.oneShot] === 'true' ||
        Boolean(service.Spec.Mode?.ReplicatedJob ?? service.Spec.Mode?.GlobalJob));
}
/** A task readiness and endpoints count: one the manager wants, or a one-shot service's that completed. */
function current(view, task) {
    if (WANTED.has(task.DesiredState))
        return true;
    const service = view.services.find((s) => s.ID === task.ServiceID);
    return service !== undefined && isJob(service) && task.Status.State === 'complete';
}
function nodeName(view, id) {
    const node = view.nodes.find((n) => n.ID === id);
    return node?.Description?.Hostname ?? (id ? id.slice(0, 12) : 'no node');
}
function taskName(view, task) {
    const service = view.services.find((s) => s.ID === task.ServiceID);
    const name = service ? shortName(view.project, service.Spec.Name) : task.ServiceID.slice(0, 12);
    return `${name}.${task.Slot ?? nodeName(view, task.NodeID)}`;
}
/**
 * A task as the pipeline sees a container: where it runs, its image reference, its published ports.
 * Those the manager wants running (or completed), or with `all`, every task of the services too:
 * one shut down because its node was drained says so in its status (drift).
 */
function taskStates(view, options = {}) {
    return view.tasks
        .filter((t) => options.all || current(view, t))
        .map((task) => {
        const service = view.services.find((s) => s.ID === task.ServiceID);
        const node = view.nodes.find((n) => n.ID === task.NodeID);
        const labels = task.Spec.ContainerSpec?.Labels ?? {};
        const ports = Object.fromEntries((task.Status.PortStatus?.Ports ?? [])
            .filter((p) => p.TargetPort && p.PublishedPort)
            .map((p) => [`${p.TargetPort}/${p.Protocol ?? 'tcp'}`, [{ HostPort: String(p.PublishedPort) }]]));
        const run = labels[environment_project/* LABEL */.d_.run];
        return {
            id: task.ID,
            name: taskName(view, task),
            service: service ? shortName(view.project, service.Spec.Name) : task.ServiceID,
            image: task.Spec.ContainerSpec?.Image ?? '',
            status: current(view, task) ? task.Status.State : ended(task, node),
            exitCode: task.Status.ContainerStatus?.ExitCode ?? 0,
            ...(run !== undefined ? { run } : {}),
            ports: (0,endpoints/* publishedPorts */.LQ)(ports, node?.Status?.Addr ?? '127.0.0.1'),
            ...(task.NodeID ? { node: nodeName(view, task.NodeID) } : {}),
        };
    });
}
/** The state of a task the manager no longer wants, and why: a drained node, or the task's error. */
function ended(task, node) {
    const name = node?.Description?.Hostname ?? task.NodeID?.slice(0, 12) ?? 'its node';
    // Still running on its way down is "shutdown" too: the manager has given it up.
    const state = /^(running|starting|ready|preparing|assigned)$/.test(task.Status.State)
        ? 'shutdown'
        : task.Status.State;
    if (node?.Spec?.Availability === 'drain')
        return `${state} (node ${name} was drained)`;
    if (node?.Status?.State && node.Status.State !== 'ready')
        return `${state} (node ${name} is ${node.Status.State})`;
    return `${state}${task.Status.Err ? ` (${task.Status.Err})` : ''}`;
}
function why(task) {
    const err = task.Status.Err?.trim();
    const message = task.Status.Message?.trim();
    return err || message || task.Status.State;
}
/**
 * Ready = every replicated service has its replicas running (healthy: swarm holds a task with a
 * healthcheck in `starting` until then), every global service's tasks run, every job completed.
 * A task that failed or was rejected (on any node) fails readiness now, naming the node and why.
 */
function evaluateStack(view) {
    const containers = taskStates(view);
    if (view.services.length === 0)
        return { ready: false, containers };
    for (const task of view.tasks) {
        if (!FAILED.has(task.Status.State))
            continue;
        const service = view.services.find((s) => s.ID === task.ServiceID);
        if (!service)
            continue;
        const name = shortName(view.project, service.Spec.Name);
        const where = `task ${taskName(view, task)} on ${nodeName(view, task.NodeID)}`;
        const code = task.Status.ContainerStatus?.ExitCode;
        const reason = isJob(service)
            ? `one-shot service "${name}" failed: ${where} ${code ? `exited with code ${code}` : task.Status.State}: ${why(task)}`
            : `service "${name}" failed: ${where} was ${task.Status.State}: ${why(task)}`;
        return { ready: false, reason, containers };
    }
    return { ready: view.services.every((s) => serviceReady(view, s)), containers };
}
function serviceReady(view, service) {
    const tasks = view.tasks.filter((t) => t.ServiceID === service.ID && current(view, t));
    const mode = service.Spec.Mode ?? {};
    if (mode.ReplicatedJob)
        return (tasks.filter((t) => t.Status.State === 'complete').length >= (mode.ReplicatedJob.TotalCompletions ?? 1));
    if (mode.GlobalJob)
        return tasks.length > 0 && tasks.every((t) => t.Status.State === 'complete');
    if (isJob(service))
        return tasks.some((t) => t.Status.State === 'complete');
    const running = tasks.filter((t) => t.Status.State === 'running' && t.DesiredState === 'running').length;
    if (mode.Global)
        return tasks.length > 0 && running === tasks.length;
    return running >= (mode.Replicated?.Replicas ?? 1);
}
/** What the stack still waits for, per service (the reason at the ready-timeout). */
function waitingFor(view) {
    const parts = view.services.flatMap((service) => {
        if (serviceReady(view, service))
            return [];
        const name = shortName(view.project, service.Spec.Name);
        const tasks = view.tasks.filter((t) => t.ServiceID === service.ID && current(view, t));
        const states = tasks.map((t) => {
            const note = t.Status.Err?.trim() || (t.Status.State === 'pending' ? t.Status.Message?.trim() : '');
            return `${taskName(view, t)} is ${t.Status.State}${t.NodeID ? ` on ${nodeName(view, t.NodeID)}` : ''}${note ? ` (${note})` : ''}`;
        });
        return [`${name}: ${states.join(', ') || 'no task yet'}`];
    });
    return parts.join('; ') || (view.services.length ? 'nothing' : 'no services');
}

;// CONCATENATED MODULE: ./src/environment/swarm.ts
// Swarm backend (`environment.backend: swarm`): the compose files deployed as one stack per PR on a
// swarm manager (the runner's engine or environment.engine), the stack named as the compose project
// would be. Readiness, endpoints and teardown come from the manager's view of the tasks on every
// node (tasks.ts); the definition and its hash are compose's, as for the compose backend, so drift
// and the QA record mean the same on both.













/** How long a newer run waits for an older one it replaces to tear down and release the project. */
const OLDER_RUN_GRACE_MS = 30_000;
/** How long teardown waits for the stack's tasks and networks to be gone from every node. */
const STACK_REMOVAL_TIMEOUT_MS = 60_000;
const POLL_MS = 500;
const sleep = (ms, signal) => new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
    }, { once: true });
});
class SwarmBackend {
    compose;
    kind = 'swarm';
    images = 'reference';
    /** `compose` renders the definition (`compose config`): the same text, hash and drift as there. */
    constructor(compose) {
        this.compose = compose;
    }
    stackPath(spec) {
        return (0,external_node_path_.join)(spec.run?.dir ?? (0,external_node_os_.tmpdir)(), `${spec.project}.stack.json`);
    }
    async up(spec, signal) {
        await assertManager();
        if (spec.run)
            await (0,claim/* awaitOlderClaims */.yO)(spec.project, spec.run.id, {
                timeoutMs: OLDER_RUN_GRACE_MS,
                ...(signal ? { signal } : {}),
            });
        if (signal?.aborted)
            throw new Error('cancelled before the environment started');
        // A re-run replaces the stack: a fresh one, not an update of the old run's tasks.
        await removeStack(spec.project, { repository: spec.labels[environment_project/* LABEL */.d_.repository] });
        const definition = await this.compose.definition(spec, signal);
        const resources = (0,compose_args/* definedResources */.Bb)(definition, spec.root);
        const pinned = (0,compose_args/* pinnedServices */.F3)(resources.builds, spec.build);
        const image = spec.variables.IMMUTABLE_QA_IMAGE;
        const tested = (0,compose_args/* imageServices */.qZ)(resources, pinned, [image, spec.variables.IMMUTABLE_QA_DIGEST].filter((v) => Boolean(v)));
        const labels = spec.run
            ? { ...spec.labels, [environment_project/* LABEL */.d_.run]: spec.run.id, [environment_project/* LABEL */.d_.runDir]: spec.run.dir }
            : spec.labels;
        const { [environment_project/* LABEL */.d_.digest]: digest, ...shared } = labels;
        const stack = stackFile(definition, {
            labels: shared,
            tested: { services: tested, labels: digest !== undefined ? { [environment_project/* LABEL */.d_.digest]: digest } : {} },
            ...(image ? { pinned: { services: pinned, image } } : {}),
        });
        const file = this.stackPath(spec);
        await (0,promises_.writeFile)(file, stack.text);
        const deployed = await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.deploy(spec.project, file), { signal });
        if (deployed.code !== 0)
            throw new errors/* PhaseFailure */.wm(`stack deploy failed (exit ${deployed.code ?? deployed.signal}): ${(0,exec/* tail */.RT)(deployed.stderr || deployed.stdout, 3)}`, (0,exec/* tail */.RT)(`${deployed.stderr}\n${deployed.stdout}`, 30));
        const notes = Object.entries(stack.dropped).map(([service, keys]) => `${service}: ${keys.join(', ')} not kept by swarm`);
        return { services: resources.services, definition, ...(notes.length ? { notes } : {}) };
    }
    async ready(spec, timeoutMs, signal) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const view = await stackView(spec.project, spec.run?.id);
            const outcome = evaluateStack(view);
            if (outcome.ready || outcome.reason)
                return outcome;
            if (signal?.aborted)
                return { ready: false, reason: 'cancelled', containers: outcome.containers };
            if (Date.now() >= deadline)
                return {
                    ready: false,
                    reason: `not ready after ${Math.round(timeoutMs / 1000)}s: ${waitingFor(view)}`,
                    containers: outcome.containers,
                };
            // The manager's task states change without an event a client can follow (API 1.41).
            await sleep(Math.min(POLL_MS, deadline - Date.now()), signal);
        }
    }
    async inspect(spec) {
        // Every run's services of the project (drift names a task another run started), every task.
        return taskStates(await stackView(spec.project), { all: true });
    }
    definition(spec) {
        return this.compose.definition(spec);
    }
    async logs(spec, lines) {
        const services = await serviceList(spec.project);
        const logs = await Promise.all(services.map(async (s) => {
            const result = await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.logs(s.Spec.Name, lines));
            return `${result.stdout}${result.stderr}`.trimEnd();
        }));
        return logs.filter(Boolean).join('\n');
    }
    async down(spec) {
        await removeStack(spec.project, spec.run ? { run: spec.run.id } : {});
        await (0,promises_.rm)(this.stackPath(spec), { force: true });
    }
}
async function assertManager() {
    const result = await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.isManager());
    if (result.code === 0 && result.stdout.trim() === 'true')
        return;
    const engine = (0,exec_engine/* currentEngine */.gF)();
    throw new errors/* InfrastructureError */.EN(`environment.backend swarm deploys a stack, which needs a swarm manager: the engine ${engine ? `at ${(0,exec_engine/* engineLabel */.nY)(engine.host)}` : 'of this runner'} is not one` +
        `${result.code === 0 ? '' : ` (${(0,exec/* tail */.RT)(result.stderr, 2)})`}. Point environment.engine.host at a manager, or run \`docker swarm init\` there`);
}
function serviceList(project) {
    return stackServices([(0,swarm_args/* stackLabel */.Ho)(project)]);
}
/** The services (of any stack) that carry every one of the `key=value` labels; none off a manager. */
async function stackServices(labels) {
    const listed = await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.serviceIds(labels));
    const ids = listed.code === 0 ? listed.stdout.split('\n').filter(Boolean) : [];
    if (ids.length === 0)
        return [];
    const result = await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.inspectServices(ids));
    return JSON.parse(result.stdout.trim() || '[]');
}
/** What the manager knows of the stack now: its services, their tasks, and the nodes they are on. */
async function stackView(project, run) {
    const all = await serviceList(project);
    // A run sees its own services only: a newer run's stack is not its environment.
    const services = run === undefined ? all : all.filter((s) => s.Spec.Labels?.[environment_project/* LABEL */.d_.run] === run);
    if (services.length === 0)
        return { project, services, tasks: [], nodes: [] };
    const taskIds = (await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.taskIds(services.map((s) => s.ID)))).stdout
        .split('\n')
        .filter(Boolean);
    const tasks = taskIds.length
        ? JSON.parse((await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.inspect(taskIds))).stdout.trim() || '[]')
        : [];
    const nodeIds = [...new Set(tasks.map((t) => t.NodeID).filter((n) => Boolean(n)))];
    const nodes = nodeIds.length
        ? JSON.parse((await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.inspectNodes(nodeIds))).stdout.trim() || '[]')
        : [];
    return { project, services, tasks, nodes };
}
/**
 * `stack rm`, then waits until the stack's services and networks are gone (a network goes only once
 * no task on any node is attached to it). With `run`: only a stack that run deployed. With
 * `repository`: a stack another repository labelled is refused, as the compose backend refuses.
 * Idempotent; a non-manager engine has no stack to remove.
 */
async function removeStack(project, scope = {}) {
    const listed = await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.serviceIds([(0,swarm_args/* stackLabel */.Ho)(project)]));
    // Not a manager (or not in a swarm): no stack can exist here.
    if (listed.code !== 0)
        return false;
    const services = await serviceList(project);
    if (scope.repository !== undefined) {
        const foreign = services
            .map((s) => s.Spec.Labels?.[environment_project/* LABEL */.d_.repository])
            .find((owner) => owner !== undefined && owner !== scope.repository);
        if (foreign !== undefined)
            throw new errors/* InfrastructureError */.EN(`the stack ${project} on this swarm belongs to repository ${foreign}, not ${scope.repository} (label ${environment_project/* LABEL */.d_.repository}): it is not replaced`);
    }
    if (scope.run !== undefined && services.some((s) => s.Spec.Labels?.[environment_project/* LABEL */.d_.run] !== scope.run))
        return false;
    const networks = async () => (await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.networks(project))).stdout.split('\n').filter(Boolean);
    if (services.length === 0 && (await networks()).length === 0)
        return false;
    await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.remove(project));
    const deadline = Date.now() + STACK_REMOVAL_TIMEOUT_MS;
    for (;;) {
        const left = { services: (await serviceList(project)).length, networks: await networks() };
        if (left.services === 0 && left.networks.length === 0)
            return true;
        if (Date.now() >= deadline)
            throw new errors/* InfrastructureError */.EN(`the stack ${project} is not gone after ${STACK_REMOVAL_TIMEOUT_MS / 1000}s: ${left.services} service(s), ${left.networks.length} network(s) stay`);
        // `stack rm` removes a network once its tasks are gone; one still in use is tried again here.
        if (left.services === 0)
            await (0,docker/* docker */.T3)(swarm_args/* swarmCommand */.qE.removeNetworks(left.networks));
        await sleep(POLL_MS);
    }
}


/***/ })

};
