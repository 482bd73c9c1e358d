export const id = 446;
export const ids = [446];
export const modules = {

/***/ 84446:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   validateCommand: () => (/* binding */ validateCommand)
/* harmony export */ });
/* harmony import */ var _pipeline_config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(19377);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87206);
// `immutable-qa validate`: everything `qa` checks before it builds, starting nothing: the config,
// and the compose files as compose renders them (services and ports the endpoints name).


async function validateCommand(configFile, logger) {
    const config = await (0,_pipeline_config_js__WEBPACK_IMPORTED_MODULE_0__/* .loadRenderedConfig */ .u)(configFile, logger);
    logger.info(`${configFile}: valid (${config.checks.length} checks, ${config.image.local ? 'local mode' : `registry ${config.image.registry}`})`);
    return _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .ExitCode */ .yU.Ok;
}


/***/ }),

/***/ 19377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  u: () => (/* binding */ loadRenderedConfig)
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


/***/ })

};
