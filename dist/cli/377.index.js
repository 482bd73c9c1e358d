export const id = 377;
export const ids = [377];
export const modules = {

/***/ 75485:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ax: () => (/* binding */ claimProject),
/* harmony export */   Ii: () => (/* binding */ newerClaim),
/* harmony export */   LM: () => (/* binding */ claimIds),
/* harmony export */   dP: () => (/* binding */ projectClaims),
/* harmony export */   px: () => (/* binding */ releaseClaims),
/* harmony export */   yO: () => (/* binding */ awaitOlderClaims)
/* harmony export */ });
/* harmony import */ var _exec_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64709);
/* harmony import */ var _exec_exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(42568);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87206);
/* harmony import */ var _compose_args_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(98735);
/* harmony import */ var _project_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(93644);
// Who holds a compose project: every run claims its project on the engine as it starts, with an
// empty volume labelled with the project and its run id. The engine is what two CLI runs on one
// machine, and runners on two machines, share; so the claim is seen by every run that could replace
// the environment. The run with the greatest id (the later one, see runId()) holds the project: an
// older run that sees a newer claim is replaced (pipeline/run-claim.ts); a newer run starts its
// environment only once every older run released its claim (or after a bound, for a run that died).





const PREFIX = (0,_compose_args_js__WEBPACK_IMPORTED_MODULE_3__/* .claimVolume */ .hE)('');
/** Claims `project` for `run` (idempotent for the same run). */
async function claimProject(project, run, labels) {
    const result = await (0,_exec_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .docker */ .T3)(_compose_args_js__WEBPACK_IMPORTED_MODULE_3__/* .engineCommand */ .KU.createClaim(run, {
        [_project_js__WEBPACK_IMPORTED_MODULE_4__/* .LABEL */ .d_.managed]: 'true',
        [_project_js__WEBPACK_IMPORTED_MODULE_4__/* .LABEL */ .d_.claim]: project,
        [_project_js__WEBPACK_IMPORTED_MODULE_4__/* .LABEL */ .d_.run]: run,
        [_project_js__WEBPACK_IMPORTED_MODULE_4__/* .LABEL */ .d_.repository]: labels.repository,
    }));
    if (result.code !== 0)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InfrastructureError */ .EN(`cannot claim ${project} for run ${run}: ${(0,_exec_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .tail */ .RT)(result.stderr, 3)}`);
}
/** The ids of the runs that claim `project` now, oldest first. */
async function projectClaims(project) {
    const result = await (0,_exec_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .docker */ .T3)(_compose_args_js__WEBPACK_IMPORTED_MODULE_3__/* .engineCommand */ .KU.listClaims(project));
    if (result.code !== 0)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InfrastructureError */ .EN(`cannot list the claims on ${project}: ${(0,_exec_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .tail */ .RT)(result.stderr, 3)}`);
    return claimIds(result.stdout);
}
/** Run ids from `volume ls --quiet` output of claim volumes (pure); names not of our form are skipped. */
function claimIds(volumeNames) {
    return volumeNames
        .split('\n')
        .map((n) => n.trim())
        .filter((n) => n.startsWith(PREFIX))
        .map((n) => n.slice(PREFIX.length))
        .filter((id) => _project_js__WEBPACK_IMPORTED_MODULE_4__/* .RUN_ID */ .UC.test(id))
        .sort();
}
/** The newest claim when it is newer than `run` (the run that replaces it), else undefined (pure). */
function newerClaim(claims, run) {
    const newest = [...claims].sort().at(-1);
    return newest !== undefined && newest > run ? newest : undefined;
}
/** Gives the claims up (idempotent: a claim already gone is no error). */
async function releaseClaims(runs) {
    if (runs.length === 0)
        return;
    await (0,_exec_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .docker */ .T3)(_compose_args_js__WEBPACK_IMPORTED_MODULE_3__/* .engineCommand */ .KU.removeVolumes(runs.map(_compose_args_js__WEBPACK_IMPORTED_MODULE_3__/* .claimVolume */ .hE)));
}
/**
 * Waits until no run older than `run` claims `project`: an older run that is being replaced tears
 * its environment down first, so the two never remove each other's containers or share a network.
 * Claims still there after the bound belong to runs that died: they are released here. Returns the
 * runs that were waited for.
 */
async function awaitOlderClaims(project, run, options) {
    const deadline = Date.now() + options.timeoutMs;
    let waitedFor = [];
    for (;;) {
        const older = (await projectClaims(project)).filter((id) => id < run);
        if (older.length === 0)
            return { waitedFor, released: [] };
        if (waitedFor.length === 0) {
            waitedFor = older;
            options.onWait?.(older);
        }
        if (options.signal?.aborted)
            return { waitedFor, released: [] };
        if (Date.now() >= deadline) {
            await releaseClaims(older);
            return { waitedFor, released: older };
        }
        await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
    }
}


/***/ }),

/***/ 98735:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AQ: () => (/* binding */ labelsOverride),
/* harmony export */   Az: () => (/* binding */ runLabel),
/* harmony export */   Bb: () => (/* binding */ definedResources),
/* harmony export */   F3: () => (/* binding */ pinnedServices),
/* harmony export */   KU: () => (/* binding */ engineCommand),
/* harmony export */   NS: () => (/* binding */ composeArgv),
/* harmony export */   QZ: () => (/* binding */ projectLabel),
/* harmony export */   Yy: () => (/* binding */ buildOf),
/* harmony export */   ec: () => (/* binding */ composeCommand),
/* harmony export */   hE: () => (/* binding */ claimVolume),
/* harmony export */   qZ: () => (/* binding */ imageServices),
/* harmony export */   zC: () => (/* binding */ labelsFilePath)
/* harmony export */ });
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var _project_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(93644);
// The compose backend's commands as data: pure argv builders, run by compose.ts through exec()/docker().
// Compose itself (`docker compose` v2 or `docker-compose` v1) starts the environment and renders its
// definition; everything found or removed afterwards goes through the engine by label.



/** The full argv (binary first) of `compose <args>` for one project. */
function composeArgv(invocation, args) {
    const files = [...invocation.files, ...(invocation.override ? [invocation.override] : [])].flatMap((f) => [
        '-f',
        f,
    ]);
    const base = ['-p', invocation.project, '--project-directory', invocation.root, ...files, ...args];
    return invocation.version === 'v2'
        ? [invocation.dockerBin, 'compose', ...base]
        : ['docker-compose', ...base];
}
/** The compose subcommands the backend runs (the part after the project and files). */
const composeCommand = {
    /** The services of the user's files, one per line. */
    services: () => ['config', '--services'],
    /** Images are never built here: the tested digest is what runs. Without services: all of them. */
    up: (services = []) => [
        'up',
        '--detach',
        '--remove-orphans',
        '--no-build',
        ...services,
    ],
    /** The rendered definition (hashed into the QA record). */
    config: () => ['config'],
    logs: (lines) => ['logs', '--no-color', '--tail', String(lines)],
};
/**
 * Where the labels override of a project is written: `dir` is the run's private directory
 * (pipeline/run-claim.ts), so two runs for one project never share the file.
 */
function labelsFilePath(dir, project) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_0__.join)(dir, `${project}.immutable-qa.labels.yml`);
}
/** A rendered service's `build:` as absolute context and Dockerfile (compose renders the context absolute). */
function buildOf(service, root) {
    if (!isRecord(service) || service.build === undefined)
        return undefined;
    const build = service.build;
    const context = node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(root, typeof build === 'string'
        ? build
        : isRecord(build) && typeof build.context === 'string'
            ? build.context
            : '.');
    const file = isRecord(build) && typeof build.dockerfile === 'string' ? build.dockerfile : 'Dockerfile';
    return { context, dockerfile: node_path__WEBPACK_IMPORTED_MODULE_0___default().resolve(context, file) };
}
/** The services that build what the config builds: they run the tested image instead. */
function pinnedServices(builds, image) {
    if (!image)
        return [];
    return Object.entries(builds)
        .filter(([, b]) => b.context === image.context && b.dockerfile === image.dockerfile)
        .map(([name]) => name);
}
/**
 * The resources of a rendered definition (`compose config` output, v1 or v2): v2 lists the
 * default network it creates, v1 does not, so `default` is added when a service joins it.
 */
function definedResources(rendered, root = '/') {
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(rendered);
    const top = isRecord(doc) ? doc : {};
    const section = (key) => {
        const value = top[key];
        return isRecord(value) ? value : {};
    };
    const owned = (key) => Object.entries(section(key))
        .filter(([, v]) => !(isRecord(v) && v.external !== undefined && v.external !== false))
        .map(([name]) => name);
    const services = section('services');
    const networks = owned('networks');
    const joinsDefault = Object.values(services).some((raw) => {
        const service = isRecord(raw) ? raw : {};
        if (service.network_mode !== undefined)
            return false;
        const nets = service.networks;
        if (nets === undefined)
            return true;
        return Array.isArray(nets) ? nets.includes('default') : isRecord(nets) && 'default' in nets;
    });
    const declaredDefault = 'default' in section('networks');
    if (joinsDefault && !declaredDefault)
        networks.push('default');
    const oneShot = new Set();
    for (const [name, raw] of Object.entries(services)) {
        const service = isRecord(raw) ? raw : {};
        if (service.restart === 'no')
            oneShot.add(name);
        // Rendered, depends_on is a map; as written it may be a list (no condition: not a job).
        const deps = isRecord(service.depends_on) ? service.depends_on : {};
        for (const [dep, spec] of Object.entries(deps))
            if (isRecord(spec) && spec.condition === 'service_completed_successfully')
                oneShot.add(dep);
    }
    const builds = {};
    const dependsOn = {};
    const text = {};
    for (const [name, raw] of Object.entries(services)) {
        const build = buildOf(raw, root);
        if (build)
            builds[name] = build;
        const deps = isRecord(raw) ? raw.depends_on : undefined;
        dependsOn[name] = Array.isArray(deps)
            ? deps.filter((d) => typeof d === 'string')
            : isRecord(deps)
                ? Object.keys(deps)
                : [];
        text[name] = JSON.stringify(raw);
    }
    return {
        services: Object.keys(services),
        networks,
        volumes: owned('volumes'),
        oneShot: [...oneShot].filter((s) => s in services),
        builds,
        dependsOn,
        rendered: text,
    };
}
/**
 * The services that need the tested image: those pinned to it, those whose rendered definition
 * names it (any of `markers`: its ref or digest, in `image:`, the environment, anywhere), and
 * every service that depends on one of those. The others can start before it is built.
 */
function imageServices(resources, pinned, markers) {
    const needs = new Set(resources.services.filter((s) => pinned.includes(s) || markers.some((m) => m && (resources.rendered[s] ?? '').includes(m))));
    // Until nothing changes: a dependent of a dependent waits too (depends_on is acyclic for compose).
    for (let grew = true; grew;) {
        grew = false;
        for (const s of resources.services)
            if (!needs.has(s) && (resources.dependsOn[s] ?? []).some((d) => needs.has(d))) {
                needs.add(s);
                grew = true;
            }
    }
    return resources.services.filter((s) => needs.has(s));
}
/**
 * The labels override: every service, and every network and volume compose creates, gets the
 * labels. JSON is YAML with every string quoted, so v1's YAML 1.1 cannot read an ISO date as a
 * datetime.
 */
function labelsOverride(services, labels, owned = {}, 
/** Services that build the config's image: they get `image:` (the tested ref), so nothing builds. */
pinned = { services: [], image: '' }, 
/** Labels only these services get besides `labels` (the digest on those that run the tested image). */
extra = { services: [], labels: {} }) {
    const each = (names) => Object.fromEntries((names ?? []).map((n) => [n, { labels }]));
    const labelsOf = (n) => extra.services.includes(n) ? { ...labels, ...extra.labels } : labels;
    return JSON.stringify({
        services: Object.fromEntries(services.map((n) => [
            n,
            pinned.services.includes(n)
                ? { labels: labelsOf(n), image: pinned.image }
                : { labels: labelsOf(n) },
        ])),
        ...(owned.networks?.length ? { networks: each(owned.networks) } : {}),
        ...(owned.volumes?.length ? { volumes: each(owned.volumes) } : {}),
    }, null, 2);
}
/** `<compose project label>=<project>`: the label compose puts on everything of a project. */
function projectLabel(project) {
    return `${_project_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.project}=${project}`;
}
/** `io.immutable-qa.run=<id>`: what one run created (every container, network and volume of it). */
function runLabel(run) {
    return `${_project_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.run}=${run}`;
}
/** The name of a run's claim volume (environment/claim.ts). */
function claimVolume(run) {
    return `iqa-claim-${run}`;
}
/** `--filter label=…` for the project and, when given, one run. */
function scope(project, run) {
    return [
        '--filter',
        `label=${projectLabel(project)}`,
        ...(run !== undefined ? ['--filter', `label=${runLabel(run)}`] : []),
    ];
}
/** The engine commands (after the docker binary) that find and remove a project's resources. */
const engineCommand = {
    /** Full IDs of the containers, running or not, that carry every one of the `key=value` labels. */
    containerIds: (labels) => [
        'ps',
        '--all',
        '--quiet',
        '--no-trunc',
        ...labels.flatMap((label) => ['--filter', `label=${label}`]),
    ],
    inspect: (ids) => ['inspect', ...ids],
    removeContainers: (ids) => ['rm', '--force', '--volumes', ...ids],
    /** A project's networks; with `run`, only those that run created. */
    listNetworks: (project, run) => [
        'network',
        'ls',
        '--quiet',
        ...scope(project, run),
    ],
    removeNetworks: (ids) => ['network', 'rm', ...ids],
    /** A project's volumes; with `run`, only those that run created. */
    listVolumes: (project, run) => [
        'volume',
        'ls',
        '--quiet',
        ...scope(project, run),
    ],
    removeVolumes: (ids) => ['volume', 'rm', '--force', ...ids],
    /**
     * A run's claim on a project: an empty volume the engine keeps for every client of it (two CLI
     * runs on one machine, or runners on two machines sharing an engine). Not labelled with the
     * project's compose label, so replacing the project's environment never removes a claim.
     */
    createClaim: (run, labels) => [
        'volume',
        'create',
        ...Object.entries(labels).flatMap(([k, v]) => ['--label', `${k}=${v}`]),
        claimVolume(run),
    ],
    /** The claim volumes on a project, one name per line. */
    listClaims: (project) => [
        'volume',
        'ls',
        '--quiet',
        '--filter',
        `label=${_project_js__WEBPACK_IMPORTED_MODULE_2__/* .LABEL */ .d_.claim}=${project}`,
    ],
    /** What `leftovers` counts: containers (short IDs suffice for a count), networks, volumes. */
    leftovers: (project) => ({
        containers: ['ps', '--all', '--quiet', '--filter', `label=${projectLabel(project)}`],
        networks: engineCommand.listNetworks(project),
        volumes: engineCommand.listVolumes(project),
    }),
};
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}


/***/ }),

/***/ 55671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  p3: () => (/* binding */ baselineProject),
  XJ: () => (/* binding */ composeBackend),
  fq: () => (/* binding */ definitionSha256),
  Xu: () => (/* binding */ inspectContainers),
  ts: () => (/* binding */ listContainers),
  _N: () => (/* binding */ removeByLabel)
});

// UNUSED EXPORTS: ComposeBackend, OLDER_RUN_GRACE_MS, evaluate, leftovers

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/exec/docker.ts
var docker = __webpack_require__(64709);
// EXTERNAL MODULE: ./src/exec/engine.ts
var engine = __webpack_require__(21643);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
// EXTERNAL MODULE: ./src/environment/claim.ts
var claim = __webpack_require__(75485);
// EXTERNAL MODULE: ./src/environment/compose-args.ts
var compose_args = __webpack_require__(98735);
// EXTERNAL MODULE: ./src/model/plain-text.ts + 2 modules
var plain_text = __webpack_require__(74460);
;// CONCATENATED MODULE: ./src/environment/compose-output.ts
// What `compose up` said when it failed, read from its output (pure): the engine's own error line
// (e.g. "Bind for 0.0.0.0:3000 failed: port is already allocated"), not the last progress line, and
// what to write instead when the cause is one a compose file can fix.

/** Compose's progress lines (v2: ` Container x  Starting`; v1: `Creating x ... done`) and closers. */
const PROGRESS = [
    /^(?:\S\s+)?(Container|Network|Volume|Image|Service)\s+\S+\s+[A-Z][a-z]+(?:\s+[\d.]+s)?$/,
    /^(Creating|Starting|Recreating|Pulling|Stopping|Removing|Attaching)\b/,
    /^Host is already in use by another container$/,
    /^(ERROR: )?Encountered errors while bringing up the project\.?$/,
];
/** The error line of a failed `compose up` (v2 or v1), or undefined when it printed none. */
function composeUpError(output) {
    const lines = (0,plain_text/* plainText */.w)(output)
        .split(/[\r\n]+/)
        .map((l) => l.trim())
        .filter(Boolean);
    const progress = (line) => PROGRESS.some((p) => p.test(line));
    const last = (pattern) => {
        for (let i = lines.length - 1; i >= 0; i--) {
            const match = progress(lines[i]) ? null : pattern.exec(lines[i]);
            if (match)
                return match;
        }
        return undefined;
    };
    // v2, and the engine through v1: the daemon's answer.
    const daemon = last(/^(?:ERROR: for (\S+)\s+)?.*?Error response from daemon: (.+)$/);
    if (daemon)
        return shorten(daemon[1] ? `service "${daemon[1]}": ${daemon[2]}` : daemon[2]);
    // v1: `ERROR: for <service>  Cannot start service web: …` (the service's line comes after the container's).
    const v1 = last(/^ERROR: for (\S+)\s+(.+)$/);
    if (v1)
        return shorten(`service "${v1[1]}": ${v1[2]}`);
    const prefixed = last(/^(?:ERROR|Error):\s*(.+)$/);
    if (prefixed)
        return shorten(prefixed[1]);
    // v2 prints some errors bare ("network shared declared as external, but could not be found").
    const bare = last(/^.+$/);
    return bare ? shorten(bare[0]) : undefined;
}
/** What to change in the compose file for the causes it can fix (empty when none). */
function composeUpHint(error) {
    if (/port is already allocated|address already in use/i.test(error)) {
        const port = /(?:Bind for|listen tcp[46]?) \S*:(\d+)/.exec(error)?.[1];
        return (`The fixed host port${port ? ` ${port}` : ''} in the compose file is taken, by another environment or process on this engine: ` +
            'publish the container port alone (ports: ["3000"], not ["3000:3000"]), so the engine picks a free host port and the endpoint is found from it ' +
            '(`immutable-qa validate` names the line)');
    }
    if (/container name .* is already in use/i.test(error))
        return ('A fixed container_name: in the compose file is taken, by another environment or container on this engine: ' +
            'drop container_name: (compose names the container per environment; `immutable-qa validate` names the line)');
    return '';
}
/** Full 64-hex ids shortened to 12, as `docker ps` shows them. */
function shorten(line) {
    return line.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1');
}

// EXTERNAL MODULE: ./src/environment/engine-events.ts
var engine_events = __webpack_require__(96957);
// EXTERNAL MODULE: ./src/environment/endpoints.ts
var endpoints = __webpack_require__(51727);
// EXTERNAL MODULE: ./src/environment/project.ts
var environment_project = __webpack_require__(93644);
// EXTERNAL MODULE: ./src/environment/run-dir.ts
var run_dir = __webpack_require__(28982);
;// CONCATENATED MODULE: ./src/environment/compose.ts
// Compose backend: Compose v2 (`docker compose`) when the plugin answers, else docker-compose v1.
// Readiness, ports and teardown go through the engine by label so they work the same for both.














/** How long a newer run waits for an older one it replaces to tear down and release the project. */
const OLDER_RUN_GRACE_MS = 30_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/**
 * Readiness waits for the project's next engine event; this slow poll only covers one the stream
 * missed, the fast one a stream that ended (the engine restarted).
 */
const EVENTLESS_POLL_MS = 5000;
const POLL_MS = 500;
/**
 * What a definition is rendered with before the tested image exists: which services reference it
 * (and must wait for the build) shows where these land.
 */
const PENDING_IMAGE = {
    IMMUTABLE_QA_IMAGE: 'immutable-qa.invalid/pending-build:pending',
    IMMUTABLE_QA_DIGEST: `sha256:${'0'.repeat(64)}`,
};
const PENDING_VALUES = [PENDING_IMAGE.IMMUTABLE_QA_IMAGE, PENDING_IMAGE.IMMUTABLE_QA_DIGEST];
async function composeBackend() {
    return new ComposeBackend((await (0,docker/* hasPlugin */.Mt)('compose')) ? 'v2' : 'v1');
}
class ComposeBackend {
    version;
    /** Per project: its one-shot services, from the definition up() rendered (ready() judges by them). */
    oneShot = new Map();
    /** Per run: the engine events followed since its `compose up`, until ready() (or down()) ends them. */
    events = new Map();
    /** Runs whose project startEarly() already claimed and replaced: up() does not again. */
    claimed = new Set();
    /** Per run: the user's files as startEarly() rendered them (the image a placeholder); up() starts from them. */
    rendered = new Map();
    kind;
    constructor(version) {
        this.version = version;
        this.kind = `compose ${version}`;
    }
    /** In the run's private directory: two runs for one project never share (or delete) it. */
    labelsFile(spec) {
        return (0,compose_args/* labelsFilePath */.zC)(spec.run?.dir ?? (0,external_node_os_.tmpdir)(), spec.project);
    }
    async compose(spec, args, signal, withLabels = true) {
        const argv = (0,compose_args/* composeArgv */.NS)({
            version: this.version,
            dockerBin: (0,docker/* dockerBin */.k8)(),
            project: spec.project,
            root: spec.root,
            files: spec.composeFiles,
            ...(withLabels ? { override: this.labelsFile(spec) } : {}),
        }, args);
        return (0,docker/* engineExec */.Qi)(argv, { cwd: spec.root, env: { ...process.env, ...spec.variables }, signal });
    }
    async checked(spec, args, signal, withLabels = true) {
        const result = await this.compose(spec, args, signal, withLabels);
        if (result.code !== 0)
            throw new errors/* InfrastructureError */.EN(`compose ${args[0]} failed (exit ${result.code ?? result.signal}): ${(0,exec/* tail */.RT)(result.stderr || result.stdout, 20)}`);
        return result;
    }
    /** The services of the user's compose files (`config --services`). */
    async services(spec, signal) {
        return (await this.checked(spec, compose_args/* composeCommand */.ec.services(), signal, false)).stdout
            .split('\n')
            .filter(Boolean);
    }
    async startEarly(spec, signal) {
        const pending = { ...spec, variables: { ...spec.variables, ...PENDING_IMAGE } };
        // Claimed while the image builds, and while the files render (independent of each other), even
        // when nothing can start yet: waiting for older runs and removing the PR's previous
        // environment need no image.
        // Both settle before startEarly() does (up() must never claim while this claim is in flight),
        // and a rejection of either is handled at once; the claim's is the one reported first.
        const [claimed, rendered] = await Promise.allSettled([
            this.claim(spec, signal),
            this.render(pending, signal),
        ]);
        if (claimed.status === 'rejected')
            throw claimed.reason;
        if (rendered.status === 'rejected')
            throw rendered.reason;
        const { resources } = rendered.value;
        this.rendered.set(runKey(spec), resources);
        const waiting = (0,compose_args/* imageServices */.qZ)(resources, (0,compose_args/* pinnedServices */.F3)(resources.builds, spec.build), PENDING_VALUES);
        const early = resources.services.filter((s) => !waiting.includes(s));
        if (early.length === 0)
            return [];
        await this.writeOverride(pending, resources, waiting);
        const up = await this.compose(pending, compose_args/* composeCommand */.ec.up(early), signal);
        if (up.code !== 0)
            throw new errors/* InfrastructureError */.EN(`compose up ${early.join(' ')} failed (exit ${up.code ?? up.signal}): ${(0,exec/* tail */.RT)(up.stderr || up.stdout, 5)}`);
        return early;
    }
    async up(spec, signal) {
        // startEarly()'s render decides what starts: the same files, and compose interpolates values,
        // not keys, so only the image differs. The definition (hash and drift baseline) is rendered
        // with the image while compose starts the services.
        const early = this.rendered.get(runKey(spec));
        this.rendered.delete(runKey(spec));
        const rendering = early
            ? this.definition(spec, signal).then((definition) => ({ definition, resources: early }))
            : this.render(spec, signal);
        rendering.catch(() => undefined);
        const resources = early ?? (await rendering).resources;
        this.oneShot.set(spec.project, resources.oneShot);
        const image = spec.variables.IMMUTABLE_QA_IMAGE;
        const pinned = (0,compose_args/* pinnedServices */.F3)(resources.builds, spec.build);
        const tested = (0,compose_args/* imageServices */.qZ)(resources, pinned, early
            ? PENDING_VALUES
            : [image, spec.variables.IMMUTABLE_QA_DIGEST].filter((v) => Boolean(v)));
        await this.writeOverride(spec, resources, tested, image ? { services: pinned, image } : undefined);
        if (!this.claimed.delete(runKey(spec)))
            await this.claim(spec, signal);
        // Followed from before compose starts anything: ready() misses no start, death or health change.
        const events = engine_events/* EngineEvents */._j.containers(scopeLabels(spec));
        const up = await this.compose(spec, compose_args/* composeCommand */.ec.up(), signal).catch(async (error) => {
            await events.close();
            throw error;
        });
        if (up.code !== 0) {
            await events.close();
            // Compose stops at a job that failed (service_completed_successfully): that is the code's
            // failure, shown with the job's own output, not compose's progress lines.
            const containers = await listContainers(spec.project, spec.run?.id).catch(() => []);
            const failed = containers.find((c) => resources.oneShot.includes(c.service) && c.status === 'exited' && c.exitCode !== 0);
            if (failed)
                throw new errors/* PhaseFailure */.wm(`one-shot service "${failed.service}" failed: exited with code ${failed.exitCode}`, await this.logs(spec, 40));
            // Otherwise the engine's own error line (a taken host port or container name), not compose's
            // last progress line; its whole output goes in the log tail.
            const output = `${up.stderr}\n${up.stdout}`;
            const cause = composeUpError(output) ?? 'compose printed no error';
            const hint = composeUpHint(cause);
            throw new errors/* PhaseFailure */.wm(`compose up failed (exit ${up.code ?? up.signal}): ${hint ? `${cause.replace(/[.\s]+$/, '')}. ${hint}` : cause}`, (0,exec/* tail */.RT)(output, 30));
        }
        this.events
            .get(runKey(spec))
            ?.close()
            .catch(() => undefined);
        this.events.set(runKey(spec), events);
        const { definition } = await rendering;
        return { services: resources.services, definition };
    }
    /** The user's files rendered (`compose config`, without our override): what compose will create. */
    async render(spec, signal) {
        const definition = await this.definition(spec, signal);
        return { definition, resources: (0,compose_args/* definedResources */.Bb)(definition, spec.root) };
    }
    /**
     * Labels go on every service, network and volume through a generated override file; the user's
     * files stay untouched. The run label is what the run's own teardown removes by; the digest label
     * only goes on the services that run the tested image, so the labels of the others (and so
     * their containers) are the same whether startEarly() or up() created them.
     */
    async writeOverride(spec, resources, tested, pinned) {
        // The run's directory too: a run that never tears down leaves it, and whoever removes its
        // environment later (teardown, a newer run's replace) finds it by this label (run-dir.ts).
        const labels = spec.run
            ? { ...spec.labels, [environment_project/* LABEL */.d_.run]: spec.run.id, [environment_project/* LABEL */.d_.runDir]: spec.run.dir }
            : spec.labels;
        const { [environment_project/* LABEL */.d_.digest]: digest, ...shared } = labels;
        await (0,promises_.writeFile)(this.labelsFile(spec), (0,compose_args/* labelsOverride */.AQ)(resources.services, shared, resources, pinned, {
            services: tested,
            labels: digest !== undefined ? { [environment_project/* LABEL */.d_.digest]: digest } : {},
        }));
    }
    /** Waits for older runs of the project to end, then replaces what is left of it; once per run. */
    async claim(spec, signal) {
        // A newer run for the same project starts once the older ones have torn down (or died).
        if (spec.run)
            await (0,claim/* awaitOlderClaims */.yO)(spec.project, spec.run.id, { timeoutMs: OLDER_RUN_GRACE_MS, signal });
        // Cancelled (or replaced) while waiting: start nothing, remove nothing.
        if (signal?.aborted)
            throw new Error('cancelled before the environment started');
        // A re-run for the same PR replaces the old environment rather than reusing its state.
        await replaceProject(spec.project, spec.labels[environment_project/* LABEL */.d_.repository], spec.run?.id);
        this.claimed.add(runKey(spec));
    }
    async ready(spec, timeoutMs, signal) {
        const deadline = Date.now() + timeoutMs;
        const jobs = this.oneShot.get(spec.project) ?? [];
        const events = this.events.get(runKey(spec)) ?? engine_events/* EngineEvents */._j.containers(scopeLabels(spec));
        this.events.delete(runKey(spec));
        try {
            for (;;) {
                // What came before this inspect is in what it shows.
                events.drain();
                const containers = await listContainers(spec.project, spec.run?.id);
                const outcome = evaluate(containers, jobs);
                if (outcome.ready || outcome.reason)
                    return outcome;
                if (signal?.aborted)
                    return { ready: false, reason: 'cancelled', containers };
                const left = deadline - Date.now();
                if (left <= 0) {
                    const waiting = containers.filter((c) => jobs.includes(c.service)
                        ? c.status !== 'exited'
                        : c.status !== 'running' || (c.health && c.health !== 'healthy'));
                    return {
                        ready: false,
                        reason: `not ready after ${Math.round(timeoutMs / 1000)}s: ${waiting.map((c) => `${c.service} is ${c.health ?? c.status}`).join(', ') || 'no containers'}`,
                        containers,
                    };
                }
                await events.next(Math.min(left, events.following ? EVENTLESS_POLL_MS : POLL_MS), signal);
            }
        }
        finally {
            await events.close();
        }
    }
    async definition(spec, signal) {
        return (await this.checked(spec, compose_args/* composeCommand */.ec.config(), signal, false)).stdout;
    }
    async logs(spec, lines) {
        const result = await this.compose(spec, compose_args/* composeCommand */.ec.logs(lines));
        return (result.stdout + result.stderr).trimEnd();
    }
    /**
     * Ephemeral environments need no graceful stop: remove by label (= down --volumes
     * --remove-orphans, minus the wait). A run's spec removes only what that run created: never the
     * environment of a newer run that replaced it.
     */
    async down(spec) {
        const events = this.events.get(runKey(spec));
        this.events.delete(runKey(spec));
        this.claimed.delete(runKey(spec));
        this.rendered.delete(runKey(spec));
        await events?.close();
        await removeByLabel(spec.project, spec.run ? { run: spec.run.id } : {});
        await (0,promises_.rm)(this.labelsFile(spec), { force: true });
    }
}
/** Which run of which project a spec belongs to (the backend's per-run state is keyed by it). */
function runKey(spec) {
    return `${spec.project}\n${spec.run?.id ?? ''}`;
}
/** The labels of what one run created (of the whole project when the spec has no run). */
function scopeLabels(spec) {
    return [(0,compose_args/* projectLabel */.QZ)(spec.project), ...(spec.run ? [(0,compose_args/* runLabel */.Az)(spec.run.id)] : [])];
}
/** The hash recorded for a rendered definition (QA record `environment.definition_sha256`, drift checks). */
function definitionSha256(definition) {
    return (0,external_node_crypto_.createHash)('sha256').update(definition).digest('hex');
}
/**
 * Ready = every long-running service running (and healthy, when it has a healthcheck) and every
 * one-shot service (compose-args.ts DefinedResources.oneShot) exited 0. Any other exit, or an
 * unhealthy service, is a failure now rather than at the timeout.
 */
function evaluate(containers, oneShot = []) {
    if (containers.length === 0)
        return { ready: false, containers };
    const job = (c) => oneShot.includes(c.service);
    const failedJob = containers.find((c) => job(c) && (c.status === 'exited' || c.status === 'dead') && c.exitCode !== 0);
    if (failedJob)
        return {
            ready: false,
            reason: `one-shot service "${failedJob.service}" failed: exited with code ${failedJob.exitCode}`,
            containers,
        };
    const dead = containers.find((c) => !job(c) && (c.status === 'exited' || c.status === 'dead'));
    if (dead)
        return {
            ready: false,
            reason: `service "${dead.service}" exited with code ${dead.exitCode}` +
                (dead.exitCode === 0
                    ? ' (a one-shot job? depend on it with condition: service_completed_successfully, or give it restart: "no")'
                    : ''),
            containers,
        };
    const sick = containers.find((c) => c.health === 'unhealthy');
    if (sick)
        return { ready: false, reason: `service "${sick.service}" is unhealthy`, containers };
    const ready = containers.every((c) => job(c)
        ? c.status === 'exited' && c.exitCode === 0
        : c.status === 'running' && (c.health === undefined || c.health === 'healthy'));
    return { ready, containers };
}
/** IDs of the containers (running or not) that carry every one of the `key=value` labels. */
async function containerIds(...labels) {
    const result = await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.containerIds(labels));
    if (result.code !== 0)
        throw new errors/* InfrastructureError */.EN(`docker ps failed: ${(0,exec/* tail */.RT)(result.stderr, 5)}`);
    return result.stdout.split('\n').filter(Boolean);
}
/** `docker inspect` of the containers (running or not) that carry every one of the `key=value` labels. */
async function inspectContainers(...labels) {
    const ids = await containerIds(...labels);
    if (ids.length === 0)
        return [];
    const result = await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.inspect(ids));
    // A container can vanish between ps and inspect; inspect still prints the others.
    return JSON.parse(result.stdout.trim() || '[]');
}
/** The containers of a project; with `run`, only those that run created. */
async function listContainers(project, run) {
    const parsed = await inspectContainers((0,compose_args/* projectLabel */.QZ)(project), ...(run !== undefined ? [(0,compose_args/* runLabel */.Az)(run)] : []));
    const address = (0,engine/* engineAddress */.ZK)();
    return parsed.map((c) => {
        const owner = c.Config.Labels?.[environment_project/* LABEL */.d_.run];
        return {
            id: c.Id,
            name: c.Name.replace(/^\//, ''),
            service: c.Config.Labels?.[environment_project/* LABEL */.d_.service] ?? c.Name,
            image: c.Image,
            status: c.State.Status,
            health: c.State.Health?.Status,
            exitCode: c.State.ExitCode,
            ...(owner !== undefined ? { run: owner } : {}),
            ports: (0,endpoints/* publishedPorts */.LQ)(c.NetworkSettings?.Ports, address),
            networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
        };
    });
}
const BASELINE_SUFFIX = '-baseline';
/**
 * The compose project of an environment's baseline sibling (load checks with `baseline: last-promoted`):
 * `<project>-baseline`, at most 63 chars; when that is too long the repository part is cut, never the
 * `pr<n>` / sha suffix, so siblings of different PRs never share a project.
 */
function baselineProject(project) {
    if (project.length + BASELINE_SUFFIX.length <= 63)
        return `${project}${BASELINE_SUFFIX}`;
    const dash = project.lastIndexOf('-');
    const suffix = dash > 0 ? project.slice(dash) : '';
    const head = project
        .slice(0, dash > 0 ? dash : project.length)
        .slice(0, 63 - BASELINE_SUFFIX.length - suffix.length)
        .replace(/-+$/, '');
    return `${head}${suffix}${BASELINE_SUFFIX}`;
}
/**
 * Removes every container, network and volume of a project by label, and those of its baseline
 * sibling (so the pipeline's teardown, the post step and `teardown` never leave one behind); idempotent.
 * With `run`, only what that run created (label io.immutable-qa.run): a replaced run's teardown
 * never touches the environment of the run that replaced it.
 */
async function removeByLabel(project, scope = {}) {
    await removeWithSibling(project, scope.run);
    // Everything of the project (teardown, the post step): the claims of runs that died go too.
    if (scope.run === undefined)
        await (0,claim/* releaseClaims */.px)(await (0,claim/* projectClaims */.dP)(project));
}
async function removeWithSibling(project, run) {
    await removeProject(project, run);
    if (!project.endsWith(BASELINE_SUFFIX))
        await removeProject(baselineProject(project), run);
}
async function removeProject(project, run) {
    const ids = await containerIds((0,compose_args/* projectLabel */.QZ)(project), ...(run !== undefined ? [(0,compose_args/* runLabel */.Az)(run)] : []));
    if (ids.length)
        await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.removeContainers(ids));
    const networks = (await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.listNetworks(project, run))).stdout
        .split('\n')
        .filter(Boolean);
    if (networks.length)
        await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.removeNetworks(networks));
    const volumes = (await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.listVolumes(project, run))).stdout.split('\n').filter(Boolean);
    if (volumes.length)
        await (0,docker/* docker */.T3)(compose_args/* engineCommand */.KU.removeVolumes(volumes));
}
/**
 * Before `up`: whatever of the project is still there (a kept environment, what a run that died
 * left) is removed, until nothing is left; a removal that races another client's is tried again.
 * Only this repository's: an environment of the same name that another repository labelled is
 * never removed (the names are repository-scoped, so that takes a hash collision or a hand edit).
 */
async function replaceProject(project, repository, 
/** The run that replaces it: its own directory is never removed here. */
run) {
    const old = await inspectContainers((0,compose_args/* projectLabel */.QZ)(project));
    if (repository !== undefined) {
        const foreign = old
            .map((c) => c.Config.Labels?.[environment_project/* LABEL */.d_.repository])
            .find((owner) => owner !== undefined && owner !== repository);
        if (foreign !== undefined)
            throw new errors/* InfrastructureError */.EN(`the environment ${project} on this engine belongs to repository ${foreign}, not ${repository} (label ${environment_project/* LABEL */.d_.repository}): ` +
                `it is not replaced. Remove it from that repository (immutable-qa teardown), or run on another engine`);
    }
    // The usual case, a project that does not exist: found out in one round of listings, not ten.
    if (old.length === 0 && (await nothingOf(project)))
        return;
    for (let attempt = 1;; attempt++) {
        await removeWithSibling(project);
        const left = await leftovers(project);
        if (left.containers + left.networks + left.volumes === 0) {
            // The runs that left it (killed, or kept) left their directories on this machine too.
            await (0,run_dir/* removeRunDirs */.O7)(old.flatMap((c) => (0,run_dir/* labelledRunDir */.AA)(c.Config.Labels) ?? []).filter((d) => d.run !== run));
            return;
        }
        if (attempt >= 5)
            throw new errors/* InfrastructureError */.EN(`cannot replace the old environment ${project}: ${left.containers} container(s), ${left.networks} network(s), ${left.volumes} volume(s) stay`);
        await sleep(1000);
    }
}
/** Whether the project's networks and volumes, and its baseline sibling's containers too, are none. */
async function nothingOf(project) {
    const sibling = baselineProject(project);
    const lists = await Promise.all([
        compose_args/* engineCommand */.KU.containerIds([(0,compose_args/* projectLabel */.QZ)(sibling)]),
        ...[project, sibling].flatMap((p) => [compose_args/* engineCommand */.KU.listNetworks(p), compose_args/* engineCommand */.KU.listVolumes(p)]),
    ].map((argv) => (0,docker/* docker */.T3)(argv)));
    return lists.every((r) => r.code === 0 && r.stdout.trim() === '');
}
/** What of a project is left on the engine (tests and teardown verification). */
async function leftovers(project) {
    const argv = compose_args/* engineCommand */.KU.leftovers(project);
    const count = async (args) => (await (0,docker/* docker */.T3)(args)).stdout.split('\n').filter(Boolean).length;
    return {
        containers: await count(argv.containers),
        networks: await count(argv.networks),
        volumes: await count(argv.volumes),
    };
}


/***/ }),

/***/ 51727:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LQ: () => (/* binding */ publishedPorts),
/* harmony export */   me: () => (/* binding */ projectNetwork),
/* harmony export */   x1: () => (/* binding */ publishedAddress)
/* harmony export */ });
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87206);
// Where the runner reaches an environment, read from the containers readiness inspected: every
// published port and the network from that one inspect, not one `compose port` per endpoint.

/**
 * `<port>/<proto>` → `<address>:<host port>`. Compose publishes on every interface of the engine's
 * host, so `address` is where the runner reaches that host: the loopback address for its own engine,
 * the engine host's address for a remote one (exec/engine.ts engineAddress).
 */
function publishedPorts(ports, address = '127.0.0.1') {
    const host = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
    const out = {};
    for (const [key, bindings] of Object.entries(ports ?? {})) {
        const port = (bindings ?? []).find((b) => b.HostPort)?.HostPort;
        if (port)
            out[key] = `${host}:${port}`;
    }
    return out;
}
/** host:port published for a service's container port; says how to publish it when it is not. */
function publishedAddress(containers, service, port) {
    const ofService = containers.filter((c) => c.service === service);
    const address = ofService.map((c) => c.ports[`${port}/tcp`]).find((a) => a !== undefined);
    if (address)
        return address;
    const why = ofService.length
        ? `it publishes ${Object.keys(ofService[0].ports).join(', ') || 'no port'}`
        : 'it has no container';
    throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InfrastructureError */ .EN(`service "${service}" does not publish port ${port}: add \`ports: ["${port}"]\` to it in the compose file (${why})`);
}
/** The project's network the checks join (IMMUTABLE_QA_NETWORK): its default one, else the first. */
function projectNetwork(containers, project) {
    const names = containers[0]?.networks ?? [];
    return names.find((n) => n.endsWith('_default')) ?? names[0] ?? `${project}_default`;
}


/***/ }),

/***/ 96957:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $4: () => (/* binding */ volumeCreatedArgv),
/* harmony export */   _j: () => (/* binding */ EngineEvents)
/* harmony export */ });
/* unused harmony exports eventsArgv, parseEvent */
/* harmony import */ var _exec_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(64709);
// The engine's events (`docker events`), followed instead of polling: the container events of one
// project while its environment starts (readiness wakes when a container starts, dies or changes
// health), and claim volumes being created while a run works (a newer run may replace it).

/** The container actions that can change readiness; exec_* (every healthcheck probe) and the rest do not. */
const WAKING = /^(start|die|stop|kill|oom|destroy|restart|health_status)\b/;
/** The argv (after the docker binary) of the container events carrying every one of the `key=value` labels. */
function eventsArgv(labels) {
    return [
        'events',
        '--format',
        '{{json .}}',
        '--filter',
        'type=container',
        ...labels.flatMap((label) => ['--filter', `label=${label}`]),
    ];
}
/**
 * The argv of every volume created on the engine. Volume events carry no labels (a label filter
 * matches none), so a claim is told by its name (claimVolume()).
 */
function volumeCreatedArgv() {
    return ['events', '--format', '{{json .}}', '--filter', 'type=volume', '--filter', 'event=create'];
}
/** One JSON line of `docker events --format '{{json .}}'`; undefined for anything else. */
function parseEvent(line) {
    try {
        const raw = JSON.parse(line);
        if (typeof raw !== 'object' || raw === null)
            return undefined;
        const { Action, Actor } = raw;
        if (typeof Action !== 'string')
            return undefined;
        return { action: Action, actor: typeof Actor?.ID === 'string' ? Actor.ID : '' };
    }
    catch {
        return undefined;
    }
}
class EngineEvents {
    wakes;
    controller = new AbortController();
    done;
    pending = [];
    partial = '';
    wake;
    ended = false;
    /** The container events of a project (`labels`) that can change its readiness. */
    static containers(labels) {
        return new EngineEvents(eventsArgv(labels), (e) => WAKING.test(e.action));
    }
    /** Starts following `argv` now (call before what it waits for can change); `wakes` picks the events returned. */
    constructor(argv, wakes) {
        this.wakes = wakes;
        this.done = (0,_exec_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .docker */ .T3)([...argv], {
            signal: this.controller.signal,
            maxCapture: 64 * 1024,
            onOutput: (chunk, stream) => {
                if (stream === 'stdout')
                    this.take(chunk.toString('utf8'));
            },
        })
            .then(() => undefined)
            // The engine gone: readiness falls back to polling, and its next inspect says why.
            .catch(() => undefined)
            .finally(() => {
            this.ended = true;
            this.wake?.();
        });
    }
    /** False once the stream ended (the engine went away): the caller polls instead. */
    get following() {
        return !this.ended;
    }
    /** Forgets what came so far: the caller is about to read the state that reflects it. */
    drain() {
        this.pending = [];
    }
    /** The events since the last call, or waits up to `ms` for the next one ([] when none came). */
    async next(ms, signal) {
        if (this.pending.length === 0 && !this.ended && ms > 0 && !signal?.aborted) {
            await new Promise((resolve) => {
                const timer = setTimeout(finish, ms);
                function finish() {
                    clearTimeout(timer);
                    signal?.removeEventListener('abort', finish);
                    resolve();
                }
                signal?.addEventListener('abort', finish, { once: true });
                this.wake = finish;
            });
            this.wake = undefined;
        }
        const events = this.pending;
        this.pending = [];
        return events;
    }
    async close() {
        this.controller.abort();
        await this.done;
    }
    take(text) {
        const lines = (this.partial + text).split('\n');
        this.partial = lines.pop() ?? '';
        for (const line of lines) {
            const event = parseEvent(line);
            if (event && this.wakes(event))
                this.pending.push(event);
        }
        if (this.pending.length)
            this.wake?.();
    }
}


/***/ }),

/***/ 93644:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Rr: () => (/* binding */ repositoryIdentity),
/* harmony export */   UC: () => (/* binding */ RUN_ID),
/* harmony export */   Vz: () => (/* binding */ runId),
/* harmony export */   d_: () => (/* binding */ LABEL),
/* harmony export */   j1: () => (/* binding */ projectName)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
// Compose project naming (DESIGN.md step 3): iqa-<repo>-<hash6>-pr<n>, else iqa-<repo>-<hash6>-<sha7>;
// at most 63 chars of [a-z0-9-] so it is a valid compose project and DNS label. <hash6> is a short
// hash of the repository identity: two repositories named `api` never share an environment.

/** `repo` is the repository identity (repositoryIdentity: owner/name, else the checkout's path). */
function projectName(repo, pr, sha) {
    const suffix = pr !== undefined ? `pr${pr}` : sha.slice(0, 7).toLowerCase();
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(repo).digest('hex').slice(0, 6);
    const budget = 63 - 'iqa-'.length - 1 - hash.length - 1 - suffix.length;
    const name = repo
        .toLowerCase()
        .replace(/\/+$/, '')
        .replace(/^.*\//, '')
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, Math.max(1, budget))
        .replace(/-+$/, '');
    return `iqa-${name || 'repo'}-${hash}-${suffix}`;
}
/** Labels put on every container of the environment; teardown and drift find them by these. */
const LABEL = {
    project: 'com.docker.compose.project',
    service: 'com.docker.compose.service',
    managed: 'io.immutable-qa.managed',
    pr: 'io.immutable-qa.pr',
    sha: 'io.immutable-qa.sha',
    digest: 'io.immutable-qa.digest',
    created: 'io.immutable-qa.created',
    /** GitHub owner/name, else the repository root path: teardown's scope. */
    repository: 'io.immutable-qa.repository',
    /** The run (runId()) that created the container, network or volume: its teardown removes only these. */
    run: 'io.immutable-qa.run',
    /**
     * The run's private directory on the machine that ran it (its labels override): whoever removes
     * a run's environment that the run did not tear down itself removes it too (run-dir.ts).
     */
    runDir: 'io.immutable-qa.run-dir',
    /** On a swarm service that runs once to completion (a migration): stack-file.ts, tasks.ts. */
    oneShot: 'io.immutable-qa.one-shot',
    /** On a run's claim volume: the compose project the run holds (environment/claim.ts). */
    claim: 'io.immutable-qa.claim',
};
/**
 * A run's id: `<UTC time to the millisecond, 17 digits>-<8 random hex>`, e.g.
 * `20261202010203456-9f3a1c2b`. Fixed width, so the later of two runs has the greater id; the random
 * part keeps two runs started in the same millisecond (or on two machines) apart.
 */
function runId(now, random) {
    const time = now.toISOString().replace(/[^0-9]/g, '');
    return `${time}-${random}`;
}
/** A run id as runId() makes it (what claims and labels carry; anything else is not ours). */
const RUN_ID = /^\d{17}-[0-9a-f]{8}$/;
/** The repository identity environments are labelled with (and teardown looks for). */
function repositoryIdentity(repository, root) {
    return repository ?? root;
}


/***/ }),

/***/ 28982:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AA: () => (/* binding */ labelledRunDir),
/* harmony export */   O7: () => (/* binding */ removeRunDirs),
/* harmony export */   bL: () => (/* binding */ runDirPrefix)
/* harmony export */ });
/* unused harmony exports isRunDir, findRunDirs, removeRunDir */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(48161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _project_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(93644);
// A run's private directory (pipeline/run-claim.ts): `<tmp>/iqa-run-<run id>-XXXXXX`, mode 0700,
// holding the files the run generates (the labels override compose reads, the checks' Docker config). The run removes it when it
// ends; a run that never ended (killed, a runner that died) leaves it, and its containers name it in
// the label io.immutable-qa.run-dir, so whoever removes the environment (teardown, the replace step
// of a newer run, the post step) removes the directory too. A label is only a hint: what is removed
// must be a directory of that form, for that run, owned by this user, holding only our files.




const PREFIX = 'iqa-run-';
/** What a run writes in its directory: the labels override (compose-args.ts labelsFilePath)… */
const OWN_FILE = /^[a-z0-9-]+\.immutable-qa\.labels\.yml$/;
/**
 * …and the checks' Docker config (checks/env.ts checkDockerConfig): config.json, and links to the
 * runner's cli-plugins and contexts, which are unlinked, never followed.
 */
const DOCKER_CONFIG = 'docker-config';
const DOCKER_CONFIG_FILES = new Set(['config.json']);
const DOCKER_CONFIG_LINKS = new Set(['cli-plugins', 'contexts']);
/** The mkdtemp prefix of a run's directory (mkdtemp appends 6 characters). */
function runDirPrefix(run) {
    return `${PREFIX}${run}-`;
}
/** A run's directory as labelled on its containers (pure): the run id and the path, when both are well formed. */
function labelledRunDir(labels) {
    const run = labels?.[_project_js__WEBPACK_IMPORTED_MODULE_3__/* .LABEL */ .d_.run];
    const dir = labels?.[_project_js__WEBPACK_IMPORTED_MODULE_3__/* .LABEL */ .d_.runDir];
    if (run === undefined || dir === undefined || !_project_js__WEBPACK_IMPORTED_MODULE_3__/* .RUN_ID */ .UC.test(run) || !isRunDir(run, dir))
        return undefined;
    return { run, dir };
}
/** Whether `dir` is named as the directory of `run` (pure): absolute, `iqa-run-<run>-XXXXXX`. */
function isRunDir(run, dir) {
    const base = node_path__WEBPACK_IMPORTED_MODULE_2___default().basename(dir);
    return (node_path__WEBPACK_IMPORTED_MODULE_2___default().isAbsolute(dir) &&
        node_path__WEBPACK_IMPORTED_MODULE_2___default().normalize(dir) === dir &&
        base.startsWith(runDirPrefix(run)) &&
        /^[A-Za-z0-9]{6}$/.test(base.slice(runDirPrefix(run).length)));
}
/** The directories of `run` in `parent` (default: this machine's temp directory), by name. */
async function findRunDirs(run, parent = tmpdir()) {
    if (!RUN_ID.test(run))
        return [];
    const names = await readdir(parent).catch(() => []);
    return names.map((n) => path.join(parent, n)).filter((dir) => isRunDir(run, dir));
}
/**
 * Removes the directory of `run`: only when it is one (isRunDir), a real directory (not a link)
 * owned by this user, and holds nothing but the files a run writes; anything else stays, with why.
 */
async function removeRunDir(run, dir) {
    if (!_project_js__WEBPACK_IMPORTED_MODULE_3__/* .RUN_ID */ .UC.test(run) || !isRunDir(run, dir))
        return { kept: 'not the directory of a run' };
    const stats = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.lstat)(dir).catch((error) => {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    });
    if (!stats)
        return 'absent';
    if (!stats.isDirectory())
        return { kept: 'not a directory' };
    const uid = process.getuid?.();
    if (uid !== undefined && stats.uid !== uid)
        return { kept: `owned by uid ${stats.uid}, not ${uid}` };
    const entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { withFileTypes: true });
    const docker = entries.find((e) => e.name === DOCKER_CONFIG && e.isDirectory());
    const inDocker = docker ? await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, DOCKER_CONFIG), { withFileTypes: true }) : [];
    const foreign = entries.find((e) => e !== docker && !(e.isFile() && OWN_FILE.test(e.name))) ??
        inDocker.find((e) => !(e.isFile() && DOCKER_CONFIG_FILES.has(e.name)) &&
            !(e.isSymbolicLink() && DOCKER_CONFIG_LINKS.has(e.name)));
    if (foreign)
        return {
            kept: `it holds ${inDocker.includes(foreign) ? `${DOCKER_CONFIG}/` : ''}${foreign.name}, which immutable-qa did not write`,
        };
    for (const entry of inDocker)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.unlink)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, DOCKER_CONFIG, entry.name)).catch(ignoreGone);
    if (docker)
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rmdir)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, DOCKER_CONFIG)).catch(ignoreGone);
    for (const entry of entries)
        if (entry !== docker)
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.unlink)(node_path__WEBPACK_IMPORTED_MODULE_2___default().join(dir, entry.name)).catch(ignoreGone);
    await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.rmdir)(dir).catch(ignoreGone);
    return 'removed';
}
function ignoreGone(error) {
    if (error.code !== 'ENOENT')
        throw error;
}
/**
 * Removes the directories (each once) as removeRunDir() decides; returns those removed, and those
 * that stayed with why. Never throws: a directory that cannot be removed is reported, not fatal.
 */
async function removeRunDirs(dirs) {
    const unique = new Map(dirs.map((d) => [d.dir, d.run]));
    const removed = [];
    const kept = [];
    for (const [dir, run] of unique) {
        const outcome = await removeRunDir(run, dir).catch((error) => ({
            kept: error instanceof Error ? error.message : String(error),
        }));
        if (outcome === 'removed')
            removed.push(dir);
        else if (outcome !== 'absent')
            kept.push({ dir, reason: outcome.kept });
    }
    return { removed, kept };
}


/***/ }),

/***/ 19377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Bv: () => (/* binding */ configuredEngine),
  uL: () => (/* binding */ loadRenderedConfig)
});

// UNUSED EXPORTS: unprivilegedConfig

// EXTERNAL MODULE: ./src/config/load.ts + 10 modules
var load = __webpack_require__(62164);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/exec/docker.ts
var docker = __webpack_require__(64709);
// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
// EXTERNAL MODULE: ./src/environment/compose-args.ts
var compose_args = __webpack_require__(98735);
// EXTERNAL MODULE: ./src/environment/compose.ts + 1 modules
var compose = __webpack_require__(55671);
;// CONCATENATED MODULE: ./src/environment/render.ts
// The compose files of a config rendered by compose itself (`compose config`), before anything is
// built or started: `validate` (and qa's config phase) check endpoints against the services and
// ports compose will really create. `config` reads files only; it never contacts the engine.







/** The project the definition is rendered under: only names in the output depend on it. */
const RENDER_PROJECT = 'iqa-validate';
const RENDER_TIMEOUT_MS = 30_000;
/**
 * The variables compose interpolates at `up` (pipeline/environment.ts environmentSpec), with
 * stand-ins: the digest is not known before the build. `${IMMUTABLE_QA_IMAGE:?…}` then renders.
 */
function placeholderVariables(config) {
    const digest = `sha256:${'0'.repeat(64)}`;
    return {
        IMMUTABLE_QA_IMAGE: `${config.image.repository}@${digest}`,
        IMMUTABLE_QA_DIGEST: digest,
        IMMUTABLE_QA_PROJECT: RENDER_PROJECT,
    };
}
/** Renders config.environment.composeFiles with compose; never throws for a file compose rejects. */
async function renderCompose(config, options = {}) {
    let version;
    try {
        version = options.version ?? (await (0,compose/* composeBackend */.XJ)()).version;
    }
    catch (error) {
        return { kind: 'unavailable', reason: error.message };
    }
    const files = config.environment.composeFiles;
    const argv = (0,compose_args/* composeArgv */.NS)({ version, dockerBin: (0,docker/* dockerBin */.k8)(), project: RENDER_PROJECT, root: config.root, files }, compose_args/* composeCommand */.ec.config());
    let result;
    try {
        result = await (0,docker/* engineExec */.Qi)(argv, {
            cwd: config.root,
            env: { ...process.env, ...placeholderVariables(config) },
            timeoutMs: RENDER_TIMEOUT_MS,
            ...(options.signal ? { signal: options.signal } : {}),
        });
    }
    catch (error) {
        // The binary is missing (or the engine, which `config` does not need, did not answer).
        return { kind: 'unavailable', reason: error.message };
    }
    if (result.timedOut)
        return {
            kind: 'unavailable',
            reason: `compose config did not answer within ${RENDER_TIMEOUT_MS / 1000}s`,
        };
    if (result.code !== 0) {
        const message = (0,exec/* tail */.RT)(result.stderr || result.stdout, 5)
            .trim()
            .replace(/\s*\n\s*/g, '; ')
            .replace(/[.;:]+$/, '');
        const fileIndex = namedFile(message, files, config.root);
        return { kind: 'invalid', message, ...(fileIndex !== undefined ? { fileIndex } : {}) };
    }
    try {
        const definition = (0,dist/* parse */.qg)(result.stdout);
        const services = servicesOf(definition, config.root);
        const shared = sharedResources(definition);
        const written = await writtenFiles(files, config.root);
        for (const [name, service] of Object.entries(services)) {
            if (service.build) {
                const at = lineOf(written, ['services', name, 'build']);
                if (at)
                    service.build.at = at;
            }
            if (service.containerName) {
                const at = lineOf(written, ['services', name, 'container_name']);
                if (at)
                    service.containerName.at = at;
            }
            for (const port of service.ports) {
                if (port.published === undefined)
                    continue;
                const at = portLine(written, name, port) ?? lineOf(written, ['services', name, 'ports']);
                if (at)
                    port.at = at;
            }
        }
        for (const resource of shared) {
            const at = [`${resource.kind}s`, resource.key];
            const line = lineOf(written, [...at, resource.external ? 'external' : 'name']) ?? lineOf(written, at);
            if (line)
                resource.at = line;
        }
        return { kind: 'rendered', services, ...(shared.length ? { shared } : {}) };
    }
    catch (error) {
        return { kind: 'invalid', message: `cannot read what compose rendered: ${error.message}` };
    }
}
/** Which of the files an error message names (by path, path relative to the root, or base name). */
function namedFile(message, files, root) {
    const forms = (file) => [
        file,
        external_node_path_default().relative(root, file),
        `./${external_node_path_default().relative(root, file)}`,
    ];
    let found;
    files.forEach((file, index) => {
        if (found === undefined && forms(file).some((form) => message.includes(form)))
            found = index;
    });
    if (found !== undefined)
        return found;
    const byBase = files.map((f) => external_node_path_default().basename(f));
    const matches = byBase.flatMap((base, index) => (message.includes(base) ? [index] : []));
    return matches.length === 1 ? matches[0] : undefined;
}
/**
 * The services of a rendered definition (v2's long port syntax, or v1's mix of short and long).
 * `project` is the name it was rendered under: a container_name that includes it is per environment.
 */
function servicesOf(definition, root = '/', project = RENDER_PROJECT) {
    const services = isRecord(definition) && isRecord(definition.services) ? definition.services : {};
    const out = {};
    for (const [name, service] of Object.entries(services)) {
        const ports = isRecord(service) && Array.isArray(service.ports) ? service.ports : [];
        out[name] = { ports: ports.flatMap(parsePort) };
        const containerName = isRecord(service) ? service.container_name : undefined;
        if (typeof containerName === 'string' && containerName !== '' && !containerName.includes(project))
            out[name].containerName = { name: containerName };
        const build = (0,compose_args/* buildOf */.Yy)(service, root);
        if (build)
            out[name].build = {
                ...build,
                ...(isRecord(service) && typeof service.image === 'string' ? { image: service.image } : {}),
            };
    }
    return out;
}
/**
 * The volumes and networks of a rendered definition that every environment would share (pure):
 * external ones, and those whose name: does not include `project` (v2 renders every name, as
 * `<project>_<key>` unless the file gives one; v1 renders only the names the files give).
 */
function sharedResources(definition, project = RENDER_PROJECT) {
    const out = [];
    for (const kind of ['volume', 'network']) {
        const section = isRecord(definition) ? definition[`${kind}s`] : undefined;
        if (!isRecord(section))
            continue;
        for (const [key, raw] of Object.entries(section)) {
            if (!isRecord(raw))
                continue;
            const external = raw.external !== undefined && raw.external !== false && raw.external !== null;
            // v1's legacy form: external: { name: … }.
            const legacy = isRecord(raw.external) && typeof raw.external.name === 'string' ? raw.external.name : undefined;
            const name = typeof raw.name === 'string' && raw.name !== '' ? raw.name : undefined;
            if (external)
                out.push({ kind, key, name: name ?? legacy ?? key, external: true });
            else if (name !== undefined && !name.includes(project))
                out.push({ kind, key, name, external: false });
        }
    }
    return out;
}
async function writtenFiles(files, root) {
    const out = [];
    for (const file of files) {
        const text = await (0,promises_.readFile)(file, 'utf8').catch(() => undefined);
        if (text === undefined)
            continue;
        const lines = new dist/* LineCounter */.HN();
        out.push({ shown: external_node_path_default().relative(root, file), doc: (0,dist/* parseDocument */.Tp)(text, { lineCounter: lines }), lines });
    }
    return out;
}
/** `compose.yml:12`: where the last of the files that gives `at` says it (the one that wins). */
function lineOf(files, at) {
    let found;
    for (const { shown, doc, lines } of files) {
        const node = doc.getIn(at, true);
        const range = (0,dist/* isNode */.Ll)(node) ? node.range : undefined;
        if (range)
            found = `${shown}:${lines.linePos(range[0]).line}`;
    }
    return found;
}
/** The line of the `ports` entry, as written, that publishes `port` (undefined when none parses to it: interpolated). */
function portLine(files, service, port) {
    let found;
    for (const { shown, doc, lines } of files) {
        const ports = doc.getIn(['services', service, 'ports'], true);
        if (!(0,dist/* isSeq */.oP)(ports))
            continue;
        for (const item of ports.items) {
            const value = (0,dist/* isNode */.Ll)(item) ? item.toJSON() : item;
            const range = (0,dist/* isNode */.Ll)(item) ? item.range : undefined;
            const match = parsePort(value).some((p) => p.target === port.target && p.published === port.published && p.protocol === port.protocol);
            if (match && range)
                found = `${shown}:${lines.linePos(range[0]).line}`;
        }
    }
    return found;
}
/**
 * One entry of a service's `ports`: `8080`, `"9000:8080"`, `"127.0.0.1:9000:8080/udp"`,
 * `"3000-3001"`, or `{ target, published, protocol }` → the container ports it publishes, each
 * with its fixed host port when the entry names one (`published`): `"3000:3000"`, `"7000-7001:7000-7001"`,
 * `{ published: 3000 }`. No host port, `0`, or a host range for one container port: the engine picks.
 */
function parsePort(entry) {
    if (typeof entry === 'number')
        return Number.isInteger(entry) ? [{ target: entry, protocol: 'tcp' }] : [];
    if (isRecord(entry)) {
        const target = Number(entry.target);
        const protocol = typeof entry.protocol === 'string' ? entry.protocol.toLowerCase() : 'tcp';
        if (!Number.isInteger(target) || target <= 0)
            return [];
        const host = portRange(typeof entry.published === 'number' ? String(entry.published) : entry.published);
        const published = host && host.first === host.last && host.first > 0 ? host.first : undefined;
        return [{ target, protocol, ...(published !== undefined ? { published } : {}) }];
    }
    if (typeof entry !== 'string')
        return [];
    const [spec = '', protocol = 'tcp'] = entry.trim().split('/');
    // The container part is after the last colon that is not inside an IPv6 [host]; the host port
    // is the part before it (after a host IP, if any).
    const parts = spec.replace(/^\[[^\]]*\]:/, '').split(':');
    const container = portRange(parts.pop());
    if (!container)
        return [];
    const host = parts.length ? portRange(parts[parts.length - 1]) : undefined;
    const count = container.last - container.first + 1;
    // A host range as long as the container range maps port to port; a longer one lets the engine pick.
    const fixed = host !== undefined && host.first > 0 && host.last - host.first + 1 === count;
    return Array.from({ length: count }, (_, i) => ({
        target: container.first + i,
        protocol: protocol.toLowerCase(),
        ...(fixed ? { published: host.first + i } : {}),
    }));
}
/** `"3000"` or `"3000-3005"` → { first, last }; anything else (empty, interpolated) → undefined. */
function portRange(text) {
    if (typeof text !== 'string')
        return undefined;
    const range = /^(\d+)(?:-(\d+))?$/.exec(text.trim());
    if (!range)
        return undefined;
    const first = Number(range[1]);
    const last = range[2] === undefined ? first : Number(range[2]);
    if (last < first || last - first > 65535)
        return undefined;
    return { first, last };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
;// CONCATENATED MODULE: ./src/pipeline/config.ts
// Step "Config" of DESIGN.md's pipeline for every surface (qa, validate, the action): the config
// file, checked against its compose files as compose renders them (`compose config`: no build,
// nothing started), so a run fails before it builds on what validate would report.



/** The loaded config; a machine without compose gets a warning and the config without the render checks. */
async function loadRenderedConfig(configFile, logger, options = {}) {
    return (0,load/* loadConfig */.Z9)(configFile, {
        ...options,
        render: renderCompose,
        onUnrendered: (reason) => logger.warning(`${configFile}: compose files not rendered (${reason}): endpoints were not checked against the services`),
        onWarning: (message) => logger.warning(message),
    });
}
/**
 * The config as an unprivileged run (a fork's or Dependabot's PR: read-only token, no secrets, no
 * OIDC) can run it: the image stays in the local engine (local mode: nothing is pushed, the record
 * is a file) and the verdict is unsigned. A registry cache export would need the push credentials
 * it lacks; other caches (gha, local) work. Its results reach the PR through the `report` run.
 */
function unprivilegedConfig(config) {
    const image = { ...config.image, local: true };
    delete image.registry;
    if (image.cacheTo)
        image.cacheTo = image.cacheTo.filter((spec) => !/(^|,)\s*type=registry(,|$)/.test(spec));
    return { ...config, image, record: { ...config.record, signing: 'none' } };
}
/**
 * The engine the config's environments run on, for teardown. A config that does not load (teardown
 * needs no valid config otherwise) leaves the runner's engine, with a warning naming why.
 */
async function configuredEngine(configFile, logger, cwd) {
    try {
        return (await (0,load/* loadConfig */.Z9)(configFile, cwd !== undefined ? { cwd } : {})).environment.engine;
    }
    catch (error) {
        logger.warning(`teardown on the runner's engine: environment.engine could not be read from the config (${(0,errors/* errorMessage */.gJ)(error)})`);
        return undefined;
    }
}


/***/ })

};
