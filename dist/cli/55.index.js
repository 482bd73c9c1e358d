export const id = 55;
export const ids = [55];
export const modules = {

/***/ 72055:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  qaCommand: () => (/* binding */ qaCommand)
});

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/pipeline/config.ts + 1 modules
var pipeline_config = __webpack_require__(19377);
// EXTERNAL MODULE: ./src/exec/docker.ts
var docker = __webpack_require__(64709);
// EXTERNAL MODULE: ./src/exec/git.ts
var git = __webpack_require__(21729);
// EXTERNAL MODULE: ./src/model/errors.ts
var model_errors = __webpack_require__(87206);
;// CONCATENATED MODULE: ./src/exec/signals.ts
// Turns SIGINT/SIGTERM (a cancelled workflow run) into an AbortSignal the pipeline honours, and
// remembers which signal it was so the CLI can exit 130/143 once teardown is done.

function cancellation() {
    const controller = new AbortController();
    let received;
    const onSignal = (sig) => {
        if (controller.signal.aborted)
            return;
        received = sig;
        process.stderr.write(`received ${sig}: cancelling and tearing down\n`);
        controller.abort(new Error(`received ${sig}`));
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return {
        signal: controller.signal,
        received: () => received,
        dispose: () => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        },
    };
}
/** 130 after SIGINT, 143 after SIGTERM (128 + the signal number, as shells report it). */
function signalExitCode(sig) {
    return sig === 'SIGINT' ? model_errors/* ExitCode */.yU.Interrupted : model_errors/* ExitCode */.yU.Terminated;
}

// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __webpack_require__(85015);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/config/expand.ts
var expand = __webpack_require__(24740);
// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
// EXTERNAL MODULE: ./src/registry/errors.ts
var errors = __webpack_require__(6764);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
;// CONCATENATED MODULE: ./src/image/args.ts
// Pure argv builders for the two build paths; executed by build.ts through exec().
/**
 * A `type=gha` cache that cannot reach GitHub's cache service here: buildx takes its URL and token
 * from ACTIONS_CACHE_URL / ACTIONS_RESULTS_URL and ACTIONS_RUNTIME_TOKEN, which the runner gives to
 * actions (not to `run:` steps, nor to a terminal), unless the spec names its own token=.
 */
function githubCacheUnreachable(spec, env) {
    const fields = spec.split(',');
    if (!fields.includes('type=gha') || fields.some((f) => f.startsWith('token=')))
        return false;
    return !env.ACTIONS_RUNTIME_TOKEN || !(env.ACTIONS_CACHE_URL || env.ACTIONS_RESULTS_URL);
}
/** The config keys of what only buildx can do: the legacy builder has no flag for them. */
function buildxOnly(spec) {
    return [
        ...(spec.platforms.length ? ['image.platforms'] : []),
        ...(spec.cacheFrom.length ? ['image.cache-from'] : []),
        ...(spec.cacheTo.length ? ['image.cache-to'] : []),
        ...(spec.secrets.length ? ['image.secrets'] : []),
    ];
}
function common(spec) {
    const args = ['--file', spec.dockerfile];
    if (spec.target)
        args.push('--target', spec.target);
    for (const [k, v] of Object.entries(spec.buildArgs))
        args.push('--build-arg', `${k}=${v}`);
    for (const [k, v] of Object.entries(spec.labels))
        args.push('--label', `${k}=${v}`);
    for (const tag of spec.tags)
        args.push('--tag', tag);
    return args;
}
/**
 * `docker buildx build`: the digest comes from --metadata-file; provenance off so one build = one
 * manifest. Without push the image is loaded into the engine (--load), except a multi-platform
 * build, which the engine cannot load: it stays in the builder's cache, for the push that follows.
 */
function buildxArgs(spec, metadataFile) {
    const output = spec.push ? ['--push'] : spec.platforms.length > 1 ? [] : ['--load'];
    return [
        'buildx',
        'build',
        ...common(spec),
        ...(spec.platforms.length ? ['--platform', spec.platforms.join(',')] : []),
        ...spec.cacheFrom.flatMap((cache) => ['--cache-from', cache]),
        ...spec.cacheTo.flatMap((cache) => ['--cache-to', cache]),
        ...spec.secrets.flatMap((secret) => ['--secret', `id=${secret.id},env=${secret.env}`]),
        `--provenance=${spec.provenance}`,
        '--metadata-file',
        metadataFile,
        ...output,
        spec.context,
    ];
}
/** Legacy builder (no buildx): `docker build` then `docker push` per tag; buildxOnly(spec) must be empty. */
function legacyBuildArgs(spec) {
    return ['build', ...common(spec), spec.context];
}
function pushArgs(tag) {
    return ['push', tag];
}
/** Picks the digest of `repository` out of `docker image inspect` RepoDigests. */
function digestFromRepoDigests(repoDigests, repository) {
    for (const entry of repoDigests) {
        const at = entry.lastIndexOf('@');
        if (at > 0 && entry.slice(0, at) === repository)
            return entry.slice(at + 1);
    }
    return undefined;
}
/** Convenience tag: pr-<n> for pull requests, else sha-<sha7>. */
function convenienceTag(pr, sha) {
    return pr !== undefined ? `pr-${pr}` : `sha-${sha.slice(0, 12)}`;
}

;// CONCATENATED MODULE: ./src/image/secrets.ts
// Build secrets (image.secrets: id → the name of an environment variable). The value reaches buildx
// only through its environment (`--secret id=<id>,env=<NAME>` is all the argv holds) and BuildKit
// mounts it for one RUN, never into a layer. What we show of the build (the streamed log, the tail
// in the phase result and the QA record) is redacted, in case a RUN prints it.
function resolveSecrets(secrets, env) {
    const out = { entries: [], values: [], missing: [], empty: [] };
    for (const [id, name] of Object.entries(secrets)) {
        const value = Object.hasOwn(env, name) ? env[name] : undefined;
        if (value === undefined) {
            out.missing.push({ id, env: name });
            continue;
        }
        if (value === '')
            out.empty.push({ id, env: name });
        out.entries.push({ id, env: name });
        if (value)
            out.values.push(value);
    }
    return out;
}
// The redaction itself (REDACTED, redactor, redactedLines) is model/redact.ts, shared with the
// registry client's scrub(); exported here too, as the build's secrets module always has.


// EXTERNAL MODULE: ./src/model/redact.ts
var model_redact = __webpack_require__(44012);
;// CONCATENATED MODULE: ./src/image/build.ts
// Builds the image once and returns its identity: the pushed manifest digest (registry mode)
// or the image ID (local mode). A failed build is a failed phase with the log tail, not a crash;
// an engine that stopped answering (the daemon died mid-build) is an EngineUnreachableError and a
// registry that does not take the push a RegistryError (both exit 3); a cancelled build a
// CancelledError.











/** Pushes per build, first included: BuildKit and `docker push` do not retry a 429 or 5xx. */
const PUSH_ATTEMPTS = 3;
/** Wait before push attempt n+1: 2 s, 4 s (the registry probe in between honours Retry-After). */
const PUSH_BACKOFF_MS = (attempt) => 2000 * 2 ** (attempt - 1);
/**
 * Builds, then pushes as its own step, so a failure is told apart by where it happened, not by
 * what it printed: the build step failing is a failed phase (the code's fault); the push step
 * failing is the registry's (the build is done and cached), retried within PUSH_ATTEMPTS, and a
 * registry that keeps failing or refuses the credentials is a RegistryError (exit 3). On buildx's
 * docker driver one --push build does both, and the steps are taken apart only after it fails.
 */
async function buildImage(options) {
    const { config, logger, signal } = options;
    const env = options.env ?? process.env;
    const image = (0,expand/* expandBuildFields */.qt)(config.image, options.variables ?? {});
    const secrets = resolveSecrets(image.secrets ?? {}, env);
    if (secrets.missing.length)
        throw new model_errors/* PhaseFailure */.wm(secrets.missing
            .map((s) => `image.secrets.${s.id}: the environment variable ${s.env} is not set, so the build cannot have the secret: ` +
            `set it where immutable-qa runs (in a workflow: env: { ${s.env}: \${{ secrets.${s.env} }} } on the step)`)
            .join('\n'), '');
    for (const s of secrets.empty)
        logger.warning(`image.secrets.${s.id}: ${s.env} is empty (a workflow run from a fork gets no secrets): the build gets an empty secret`);
    const caches = (key, specs) => specs.filter((cache) => {
        if (!githubCacheUnreachable(cache, env))
            return true;
        logger.warning(`image.${key}: ${cache} skipped: GitHub's cache service is not reachable here (ACTIONS_RUNTIME_TOKEN and ` +
            'ACTIONS_CACHE_URL/ACTIONS_RESULTS_URL are set for actions by the runner, not in run: steps or a terminal)');
        return false;
    });
    const spec = {
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
        (0,docker/* hasPlugin */.Mt)('buildx'),
        options.push ? (0,docker/* builderDriver */.kW)() : undefined,
    ]);
    const redact = (0,model_redact/* redactor */.$p)(secrets.values);
    /** A docker call whose output is streamed to the log and returned with every secret value redacted. */
    const run = async (args, extra = {}) => {
        const lines = (0,model_redact/* redactedLines */.kz)(redact, (text) => logger.info(text));
        try {
            const result = await (0,docker/* docker */.T3)(args, {
                onOutput: (c) => lines.push(c.toString('utf8')),
                signal,
                ...extra,
            });
            return { ...result, stdout: redact(result.stdout), stderr: redact(result.stderr) };
        }
        finally {
            lines.flush();
        }
    };
    const stopped = () => {
        const cancelled = (0,model_errors/* cancelledBy */.tK)(signal);
        if (cancelled)
            throw cancelled;
    };
    if (useBuildx) {
        const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'iqa-build-'));
        const metadataFile = (0,external_node_path_.join)(dir, 'metadata.json');
        const pushed = async () => {
            const metadata = JSON.parse(await (0,promises_.readFile)(metadataFile, 'utf8'));
            const digest = metadata['containerimage.digest'];
            if (typeof digest !== 'string' || !digest.startsWith('sha256:'))
                throw new model_errors/* PhaseFailure */.wm('buildx did not report containerimage.digest in its metadata file', JSON.stringify(metadata));
            return { digest, ref: `${image.repository}@${digest}`, builder: 'buildx' };
        };
        try {
            let onceFailed;
            if (options.push && driver === 'docker' && spec.platforms.length <= 1) {
                // BuildKit in the engine stores what it builds there, pushed or not: one --push build does
                // both. Only a failure needs the two steps apart: a registry that refuses is its typed
                // error; else the steps below run, the failed build counting as push attempt 1.
                const once = await run(buildxArgs(spec, metadataFile));
                stopped();
                if (once.code === 0)
                    return await pushed();
                await (0,docker/* assertEngineAnswers */.QB)();
                await options.registry?.checkPush();
                onceFailed = (0,exec/* tail */.RT)(once.stderr + once.stdout, 3);
            }
            // 1. Build into the engine (--load; a multi-platform build stays in the builder's cache) and
            // export the cache: every failure here is the build's.
            const built = await run(buildxArgs({ ...spec, push: false }, (0,external_node_path_.join)(dir, 'build.json')));
            stopped();
            if (built.code !== 0)
                await (0,docker/* assertEngineAnswers */.QB)();
            if (built.code !== 0)
                throw new model_errors/* PhaseFailure */.wm(`docker buildx build failed (exit ${built.code ?? built.signal})${await driverHint(spec)}`, (0,exec/* tail */.RT)(built.stderr + built.stdout, 40));
            if (!options.push)
                return local(spec.tags[0], 'buildx');
            if (onceFailed !== undefined)
                logger.warning(`pushing ${spec.tags[0]} failed (attempt 1/${PUSH_ATTEMPTS}): ${onceFailed}`);
            // 2. The same build, all cached, exported with --push: what fails now is the push. Step 1
            // exported the cache, except an inline one, which lives in the pushed image's config.
            const pushSpec = { ...spec, cacheTo: spec.cacheTo.filter(isInline) };
            await pushing(options, spec.tags[0], () => run(buildxArgs(pushSpec, metadataFile)), onceFailed === undefined ? 1 : 2);
            return await pushed();
        }
        finally {
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        }
    }
    const unsupported = buildxOnly(spec);
    if (unsupported.length)
        throw new model_errors/* PhaseFailure */.wm(`${unsupported.join(', ')} ${unsupported.length > 1 ? 'need' : 'needs'} docker buildx, which this machine lacks: ` +
            'the legacy builder (docker build) has no such option. Install the buildx plugin ' +
            '(in a workflow: docker/setup-buildx-action before immutable-qa), or remove them', '');
    const built = await run(legacyBuildArgs(spec), { env: { ...process.env, DOCKER_BUILDKIT: '0' } });
    stopped();
    if (built.code !== 0)
        await (0,docker/* assertEngineAnswers */.QB)();
    if (built.code !== 0)
        throw new model_errors/* PhaseFailure */.wm(`docker build failed (exit ${built.code ?? built.signal})`, (0,exec/* tail */.RT)(built.stderr + built.stdout, 40));
    if (!options.push)
        return local(spec.tags[0], 'legacy');
    for (const tag of spec.tags)
        await pushing(options, tag, () => run(pushArgs(tag)));
    const inspect = await (0,docker/* docker */.T3)(['image', 'inspect', '--format', '{{json .RepoDigests}}', spec.tags[0]]);
    const digest = digestFromRepoDigests(JSON.parse(inspect.stdout || '[]'), image.repository);
    if (!digest)
        throw new model_errors/* PhaseFailure */.wm(`no RepoDigest for ${image.repository} after push`, inspect.stdout + inspect.stderr);
    return { digest, ref: `${image.repository}@${digest}`, builder: 'legacy' };
}
/**
 * Runs a push step until it succeeds, within PUSH_ATTEMPTS. After each failure: the engine must
 * answer (else EngineUnreachableError), the registry is asked whether it takes pushes (its typed
 * RegistryError ends the run), and only then is the push retried. A push that keeps failing while
 * the registry answers is a RegistryError `unavailable` too: the build succeeded, so it is never
 * the code's fault.
 */
async function pushing(options, tag, push, first = 1) {
    const { logger, signal } = options;
    const sleep = options.sleep ?? abortableSleep(signal);
    if (first > 1)
        await sleep(PUSH_BACKOFF_MS(first - 1));
    for (let attempt = first;; attempt++) {
        const result = await push();
        const cancelled = (0,model_errors/* cancelledBy */.tK)(signal);
        if (cancelled)
            throw cancelled;
        if (result.code === 0)
            return;
        await (0,docker/* assertEngineAnswers */.QB)();
        const why = (0,exec/* tail */.RT)(result.stderr + result.stdout, 3);
        logger.warning(`pushing ${tag} failed (attempt ${attempt}/${PUSH_ATTEMPTS}): ${why}`);
        // Throws RegistryError when the registry is unreachable, failing, or refuses the credentials.
        await options.registry?.checkPush();
        if (attempt >= PUSH_ATTEMPTS) {
            const registry = (0,reference/* parseReference */.F2)(tag).registry ?? tag;
            throw new errors/* RegistryError */.g(`registry ${registry}: pushing ${tag} failed ${PUSH_ATTEMPTS} times (the build itself succeeded): ${why}. ` +
                'The registry answers but does not take the push: check its status and storage, then re-run', { kind: 'unavailable', registry, status: 0 });
        }
        await sleep(PUSH_BACKOFF_MS(attempt));
    }
}
/** `type=inline`: the cache is written into the image itself (BuildKit in the engine can do that). */
function isInline(cache) {
    return cache.split(',').includes('type=inline');
}
/**
 * Why a failed buildx build may have failed, for a build that exports a cache (other than inline)
 * or has several platforms: BuildKit inside the engine (buildx's `docker` driver) can do neither
 * unless the engine uses the containerd image store. '' otherwise.
 */
async function driverHint(spec) {
    const keys = [
        ...(spec.cacheTo.some((cache) => !isInline(cache)) ? ['image.cache-to'] : []),
        ...(spec.platforms.length > 1 ? ['image.platforms'] : []),
    ];
    if (!keys.length)
        return '';
    if ((await (0,docker/* builderDriver */.kW)()) !== 'docker')
        return '';
    return (`; with ${keys.join(' and ')}: the current builder uses buildx's docker driver, which exports no cache but inline ` +
        'and builds one platform, unless the engine uses the containerd image store. Use a docker-container builder: ' +
        'docker/setup-buildx-action before immutable-qa (setup-buildx: true in the reusable workflow), or `docker buildx create --use`');
}
/** setTimeout that ends early when the run is cancelled (the caller checks the signal after). */
function abortableSleep(signal) {
    return (ms) => new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
    });
}
async function local(tag, builder) {
    const inspect = await (0,docker/* docker */.T3)(['image', 'inspect', '--format', '{{.Id}}', tag]);
    const id = inspect.stdout.trim();
    if (inspect.code !== 0 || !id.startsWith('sha256:'))
        throw new model_errors/* PhaseFailure */.wm(`cannot inspect built image ${tag}`, inspect.stderr);
    return { digest: id, ref: id, builder };
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
// EXTERNAL MODULE: ./src/environment/compose.ts + 1 modules
var environment_compose = __webpack_require__(55671);
;// CONCATENATED MODULE: ./src/checks/drift.ts
// `drift` checks: what runs is what was tested. Every container of a service that uses the tested
// image runs the tested digest; no container carries the project's label outside the services of the
// compose definition; the rendered definition still hashes to the value recorded when the
// environment started.





/** services → image/profiles from a rendered compose definition (v1 and v2 both render YAML). */
function parseDefinition(text) {
    const doc = (0,dist/* parse */.qg)(text);
    const services = isRecord(doc) && isRecord(doc.services) ? doc.services : {};
    return Object.fromEntries(Object.entries(services).map(([name, raw]) => {
        const service = {};
        if (isRecord(raw) && typeof raw.image === 'string')
            service.image = raw.image;
        if (isRecord(raw) && Array.isArray(raw.profiles))
            service.profiles = raw.profiles.map(String);
        return [name, service];
    }));
}
function drift_short(id) {
    return id.replace(/^sha256:/, '').slice(0, 12);
}
/**
 * Pure comparison of what runs with what was defined and tested. `testedServices` are the services
 * whose image is the tested one; `testedImageId` the image ID the tested digest resolves to.
 */
function compareEnvironment(input) {
    const findings = [];
    const defined = new Set(input.services);
    const tested = new Set(input.testedServices);
    for (const c of input.containers) {
        if (input.run !== undefined && c.run !== undefined && c.run !== input.run) {
            findings.push({
                service: c.service,
                message: `container ${c.name} of service "${c.service}" was started by run ${c.run}, not by this run (${input.run}): another run for this project changed the environment`,
            });
        }
        else if (c.node !== undefined && !/^(running|complete)$/.test(c.status)) {
            // A cluster's task the manager stopped after readiness: the environment is not what was tested.
            findings.push({
                service: c.service,
                message: `task ${c.name} of service "${c.service}" on node ${c.node} is ${c.status}: the environment changed after it was ready`,
            });
        }
        else if (!defined.has(c.service)) {
            findings.push({
                service: c.service,
                message: `service "${c.service}" is not in the compose definition, but container ${c.name} (image ${drift_short(c.image)}) carries the environment's project label`,
            });
        }
        else if (tested.has(c.service) && c.image !== input.testedImageId) {
            findings.push({
                service: c.service,
                message: `service "${c.service}" runs image ${drift_short(c.image)} in container ${c.name}, not the tested ${input.digest} (image ${drift_short(input.testedImageId)})`,
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
async function testedImageId(expected) {
    if (expected.local)
        return expected.digest;
    const result = await (0,docker/* docker */.T3)(['image', 'inspect', '--format', '{{.Id}}', expected.image]);
    const id = result.stdout.trim();
    if (result.code !== 0 || !id)
        throw new Error(`cannot resolve ${expected.image} to an image ID: ${(0,exec/* tail */.RT)(result.stderr, 3)}`);
    return id;
}
/** Looks at the engine now and compares it with the expectation. */
async function inspectDrift(expected) {
    const findings = [];
    let definition = {};
    let currentSha;
    if (!expected.definition) {
        findings.push({
            service: '',
            message: 'the compose definition cannot be rendered again to compare its hash',
        });
    }
    else {
        const text = await expected.definition();
        currentSha = (0,environment_compose/* definitionSha256 */.fq)(text);
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
        : await (0,environment_compose/* listContainers */.ts)(expected.project);
    findings.push(...compareEnvironment({
        containers,
        services,
        testedServices,
        testedImageId: imageId,
        digest: expected.digest,
        ...(expected.run !== undefined ? { run: expected.run } : {}),
    }));
    return { findings, containers, testedServices, testedImageId: imageId, definitionSha256: currentSha };
}
/** Markdown: one row per container, then the findings. */
function renderDrift(report, expected) {
    const rows = report.containers
        .slice()
        .sort((a, b) => a.service.localeCompare(b.service) || a.name.localeCompare(b.name))
        .map((c) => {
        const tested = report.testedServices.includes(c.service);
        const bad = report.findings.some((f) => f.service === c.service);
        return `| ${c.service} | ${c.name} | \`${drift_short(c.image)}\`${tested && c.image === report.testedImageId ? ' (tested)' : ''} | ${c.status} | ${bad ? '✗' : '✓'} |`;
    });
    const parts = [
        `Tested digest \`${expected.digest}\` = image \`${drift_short(report.testedImageId)}\`; services running it: ${report.testedServices.map((s) => `\`${s}\``).join(', ') || 'none'}.`,
        ['| service | container | image | state | |', '|---|---|---|---|---|', ...rows].join('\n'),
    ];
    if (report.definitionSha256)
        parts.push(`Rendered compose definition: sha256 \`${report.definitionSha256}\`.`);
    if (report.findings.length)
        parts.push(report.findings.map((f) => `- ✗ ${f.message}`).join('\n'));
    return parts.join('\n\n');
}
async function driftCheck(check, ctx) {
    const { backend, spec } = ctx.environment;
    const inspect = backend?.inspect?.bind(backend);
    const expected = {
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
    let report;
    try {
        report = await within(inspectDrift(expected), check.timeoutMs, ctx.signal);
    }
    catch (error) {
        return { conclusion: 'failure', summary: `cannot inspect the environment: ${(0,model_errors/* errorMessage */.gJ)(error)}` };
    }
    if (report === 'cancelled')
        return { conclusion: 'cancelled', summary: 'cancelled' };
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
function within(promise, ms, signal) {
    if (signal.aborted)
        return Promise.resolve('cancelled');
    let timer;
    let onAbort;
    const stop = new Promise((resolve) => {
        timer = setTimeout(() => resolve('timed_out'), ms);
        onAbort = () => resolve('cancelled');
        signal.addEventListener('abort', onAbort, { once: true });
    });
    return Promise.race([promise, stop]).finally(() => {
        clearTimeout(timer);
        if (onAbort)
            signal.removeEventListener('abort', onAbort);
    });
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// EXTERNAL MODULE: ./src/config/duration.ts
var config_duration = __webpack_require__(97840);
// EXTERNAL MODULE: ./src/model/plain-text.ts + 2 modules
var plain_text = __webpack_require__(74460);
;// CONCATENATED MODULE: ./src/model/markdown.ts
// Small markdown helpers shared by the check outputs and the GitHub renderers.

/** A fenced markdown block that no backtick run inside `text` can close early. */
function markdown_fenced(text, info = 'text') {
    // Markdown on GitHub shows terminal escapes as garbage: the text without them.
    text = (0,plain_text/* plainText */.w)(text);
    const longest = Math.max(0, ...Array.from(text.matchAll(/`+/g), (m) => m[0].length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return `${fence}${info}\n${text.endsWith('\n') ? text : `${text}\n`}${fence}`;
}
/** Escapes text for a markdown table cell, cut to `max` characters when given. */
function cell(text, max) {
    const escaped = (0,plain_text/* plainText */.w)(text).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
    return max === undefined ? escaped : escaped.slice(0, max);
}

;// CONCATENATED MODULE: ./src/checks/http.ts
// `http` checks: one request (method, url, headers, body) and its expected status and body text.
// Readiness is the environment phase's job, so only a transient answer is retried: no response at all
// (refused, reset, timed out) or a 502/503/504, every `interval` for at most `retry-for` and never past
// the check's timeout. Any other complete answer is final: a mismatch fails at once. The summary says
// which it was and shows the last response.




/** At most this much of a body is read (enough for `body-contains` on any sane health page). */
const MAX_BODY_BYTES = 1024 * 1024;
/** At most this many characters of the last body are shown. */
const EXCERPT_CHARS = 500;
/** Statuses a gateway or a starting server answers for a while: retried within `retry-for`. */
const TRANSIENT_STATUSES = [502, 503, 504];
/** Whether an attempt that did not pass may pass if asked again: no response, or an unexpected 502/503/504. */
function http_transient(spec, attempt) {
    return (attempt.kind === 'error' ||
        (TRANSIENT_STATUSES.includes(attempt.status) && !statusMatches(spec.status, attempt.status)));
}
/** True when `actual` is the expected status or one of the expected statuses. */
function statusMatches(expected, actual) {
    return Array.isArray(expected) ? expected.includes(actual) : expected === actual;
}
/** `200`, `200 or 204`, `200, 201 or 204`. */
function expectedStatusText(expected) {
    const list = Array.isArray(expected) ? expected : [expected];
    return list.length === 1 ? String(list[0]) : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
}
/** What is wrong with an attempt (empty when it passes). */
function problemsOf(spec, attempt) {
    if (attempt.kind === 'error')
        return [`no response: ${attempt.message}`];
    const problems = [];
    if (!statusMatches(spec.status, attempt.status))
        problems.push(`expected status ${expectedStatusText(spec.status)}, got ${statusLine(attempt.status, attempt.statusText)}`);
    const needle = spec['body-contains'];
    if (needle !== undefined && !attempt.body.includes(needle))
        problems.push(`the response body does not contain ${JSON.stringify(needle)}${attempt.truncated ? ` (in its first ${MAX_BODY_BYTES} bytes)` : ''}`);
    return problems;
}
function statusLine(status, statusText) {
    return statusText ? `${status} ${statusText}` : String(status);
}
/** The first `max` characters (code points) of text, and whether it was cut. */
function excerpt(text, max = EXCERPT_CHARS) {
    const chars = Array.from(text);
    return chars.length <= max ? { text, cut: false } : { text: chars.slice(0, max).join(''), cut: true };
}
/** Markdown for the last attempt: request, status, timing and a bounded body excerpt. */
function renderAttempt(method, url, spec, attempt, attempts) {
    const rows = [['request', `\`${method} ${url}\``]];
    if (attempt.kind === 'error') {
        rows.push(['response', `none: ${attempt.message}`], ['time', `${Math.round(attempt.timingMs)} ms`]);
    }
    else {
        const statusOk = statusMatches(spec.status, attempt.status);
        rows.push([
            'status',
            `${statusLine(attempt.status, attempt.statusText)} ${statusOk ? '✓' : `✗ (expected ${expectedStatusText(spec.status)})`}`,
        ]);
        if (spec['body-contains'] !== undefined) {
            const found = attempt.body.includes(spec['body-contains']);
            rows.push(['body contains', `\`${JSON.stringify(spec['body-contains'])}\` ${found ? '✓' : '✗'}`]);
        }
        rows.push(['time', `${Math.round(attempt.timingMs)} ms`]);
        rows.push(['body', `${attempt.bytes}${attempt.truncated ? '+' : ''} bytes`]);
    }
    const table = ['| last response | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`)];
    let out = `**Attempt ${attempts}** (the last one)\n\n${table.join('\n')}`;
    if (attempt.kind === 'response' && attempt.body.length > 0) {
        const shown = excerpt(attempt.body);
        out += `\n\n${shown.cut ? `First ${EXCERPT_CHARS} characters of the body:` : 'Body:'}\n\n${markdown_fenced(shown.text)}`;
    }
    return out;
}
async function readBody(response) {
    if (!response.body)
        return { body: '', bytes: 0, truncated: false };
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let body = '';
    let bytes = 0;
    let truncated = false;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        const room = MAX_BODY_BYTES - bytes;
        const chunk = value.byteLength > room ? value.subarray(0, room) : value;
        body += decoder.decode(chunk, { stream: true });
        bytes += chunk.byteLength;
        if (value.byteLength > room) {
            truncated = true;
            await reader.cancel().catch(() => undefined);
            break;
        }
    }
    return { body: body + decoder.decode(), bytes, truncated };
}
/** One request; never throws (a network error or timeout is an `error` attempt). */
async function attempt(spec, signal) {
    const started = performance.now();
    try {
        const redirectExpected = (Array.isArray(spec.status) ? spec.status : [spec.status]).some((s) => s >= 300 && s < 400);
        const response = await fetch(spec.url, {
            method: spec.method,
            headers: spec.headers,
            body: spec.body,
            signal,
            redirect: redirectExpected ? 'manual' : 'follow',
        });
        const { body, bytes, truncated } = await readBody(response);
        return {
            kind: 'response',
            status: response.status,
            statusText: response.statusText,
            timingMs: performance.now() - started,
            body,
            bytes,
            truncated,
        };
    }
    catch (error) {
        return { kind: 'error', message: fetchError(error, signal), timingMs: performance.now() - started };
    }
}
/** `fetch failed` says nothing: use the cause (ECONNREFUSED, ENOTFOUND, …) or the abort reason. */
function fetchError(error, signal) {
    if (signal.aborted) {
        const reason = field(signal.reason, 'name');
        return reason === 'TimeoutError' ? 'timed out' : 'cancelled';
    }
    // Duck-typed: errors from fetch may come from another realm (test sandboxes), so no instanceof.
    const cause = typeof error === 'object' && error !== null ? Reflect.get(error, 'cause') : undefined;
    const message = field(cause, 'message');
    if (message) {
        const code = field(cause, 'code');
        return code && !message.includes(code) ? `${code}: ${message}` : message;
    }
    return field(error, 'message') ?? (0,model_errors/* errorMessage */.gJ)(error);
}
function field(value, key) {
    if (typeof value !== 'object' || value === null)
        return undefined;
    const v = Reflect.get(value, key);
    return typeof v === 'string' && v ? v : undefined;
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal.aborted)
            return resolve();
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
    });
}
/** Runtime twin of the config rule: after expansion the URL must be absolute http(s). */
function invalidUrl(url) {
    try {
        const parsed = new URL(url);
        return parsed.protocol === 'http:' || parsed.protocol === 'https:'
            ? undefined
            : `${parsed.protocol} URLs are not supported`;
    }
    catch {
        return 'not an absolute URL';
    }
}
async function httpCheck(check, ctx) {
    const spec = (0,expand/* expandCheck */.b8)(check, ctx.variables).http;
    const bad = invalidUrl(spec.url);
    if (bad)
        return { conclusion: 'failure', summary: `url ${JSON.stringify(spec.url)}: ${bad}` };
    const interval = (0,config_duration/* parseDuration */.E9)(spec.interval);
    const retryFor = (0,config_duration/* parseDuration */.E9)(spec['retry-for']);
    const started = Date.now();
    const deadline = started + check.timeoutMs;
    const retryUntil = Math.min(started + retryFor, deadline);
    const log = [];
    let attempts = 0;
    let last;
    let problems;
    for (;;) {
        attempts++;
        const remaining = Math.max(1, deadline - Date.now());
        last = await attempt(spec, AbortSignal.any([ctx.signal, AbortSignal.timeout(remaining)]));
        problems = problemsOf(spec, last);
        log.push(`attempt ${attempts}: ${last.kind === 'response' ? statusLine(last.status, last.statusText) : 'no response'} in ${Math.round(last.timingMs)} ms${problems.length ? ` — ${problems.join('; ')}` : ''}`);
        if (problems.length === 0 || ctx.signal.aborted || !http_transient(spec, last))
            break;
        if (Date.now() + interval >= retryUntil)
            break;
        await sleep(interval, ctx.signal);
        if (ctx.signal.aborted)
            break;
    }
    const details = renderAttempt(spec.method, spec.url, spec, last, attempts);
    const logTail = log.slice(-20).join('\n');
    const request = `${spec.method} ${spec.url}`;
    if (ctx.signal.aborted)
        return { conclusion: 'cancelled', summary: 'cancelled', details, logTail };
    if (problems.length === 0 && last.kind === 'response') {
        const tries = attempts === 1 ? '' : ` (attempt ${attempts})`;
        return {
            conclusion: 'success',
            summary: `${request} → ${statusLine(last.status, last.statusText)} in ${Math.round(last.timingMs)} ms${tries}`,
            details,
            logTail,
        };
    }
    const elapsed = (0,config_duration/* formatDuration */.a3)(Date.now() - started);
    let how;
    if (!http_transient(spec, last))
        // A complete answer the server would give again: asking again would only delay the verdict.
        how =
            attempts === 1
                ? `(${request}); a deterministic answer, not retried`
                : `(${request}; attempt ${attempts} after ${elapsed}); a deterministic answer, not retried further`;
    else {
        const limit = retryUntil === deadline ? "the check's timeout" : `retry-for ${spec['retry-for']}`;
        how =
            attempts === 1
                ? `(${request}; 1 attempt in ${elapsed}, ${limit})`
                : `(${request}; retried for ${elapsed}: ${attempts} attempts, ${limit})`;
    }
    return { conclusion: 'failure', summary: `${problems.join('; ')} ${how}`, details, logTail };
}

// EXTERNAL MODULE: ./src/environment/endpoints.ts
var environment_endpoints = __webpack_require__(51727);
// EXTERNAL MODULE: ./src/environment/project.ts
var environment_project = __webpack_require__(93644);
;// CONCATENATED MODULE: ./src/checks/load/baseline.ts






/** On the sibling's containers: the project of the environment it is the baseline of. */
const BASELINE_LABEL = 'io.immutable-qa.baseline-of';
/** The tag whose digest is the baseline: the first promote tag without `{sha}` / `{sha7}`, else `main`. */
function baselineTag(tags) {
    return tags.map((t) => t.trim()).find((t) => t !== '' && !/\{sha7?\}/.test(t)) ?? 'main';
}
/**
 * How the baseline reaches the promoted image: the digest (registry) or image ID (local engine)
 * the tag points to, and what containers run for it; both from the run's ImageStore.
 */
function promotedImages(store) {
    if (!store)
        return {
            resolve: () => Promise.reject(new Error('no image store in this run')),
            imageRef: (digest) => digest,
        };
    return { resolve: (tag) => store.resolve(tag), imageRef: (digest) => store.imageRef(digest) };
}
/** The sibling's spec: the same definition, the promoted digest, the main environment's labels. */
function siblingSpec(main, image, digest, now) {
    const project = (0,environment_compose/* baselineProject */.p3)(main.project);
    return {
        project,
        root: main.root,
        composeFiles: main.composeFiles,
        // What compose interpolates, as for the main environment's `up` (endpoints do not exist yet).
        variables: { IMMUTABLE_QA_IMAGE: image, IMMUTABLE_QA_DIGEST: digest, IMMUTABLE_QA_PROJECT: project },
        labels: {
            ...main.labels,
            [environment_project/* LABEL */.d_.digest]: digest,
            [environment_project/* LABEL */.d_.created]: now.toISOString(),
            [BASELINE_LABEL]: main.project,
        },
        // The main run's id and private dir: its files and its teardown stay the run's own.
        ...(main.run ? { run: main.run } : {}),
    };
}
/** The environment endpoint whose published host:port (and scheme) the URL targets. */
function endpointOf(url, endpoints, variables) {
    let target;
    try {
        target = new URL(url);
    }
    catch {
        return undefined;
    }
    for (const [name, endpoint] of Object.entries(endpoints)) {
        const value = variables[(0,expand/* endpointVariable */.gz)(name)];
        if (!value)
            continue;
        let published;
        try {
            published = new URL(value);
        }
        catch {
            continue;
        }
        if (published.protocol === target.protocol && published.host === target.host)
            return { name, endpoint, origin: `${published.protocol}//${published.host}` };
    }
    return undefined;
}
/** The same URL on another host:port; everything after the origin stays byte-identical. */
function rewriteOrigin(url, origin, hostPort) {
    const protocol = new URL(origin).protocol;
    if (url.startsWith(origin) && /^($|[/?#])/.test(url.slice(origin.length)))
        return `${protocol}//${hostPort}${url.slice(origin.length)}`;
    const rewritten = new URL(url);
    rewritten.host = hostPort;
    return rewritten.toString();
}
/** The order of the interleaved runs: each side gets the same average position. */
const INTERLEAVING = ['baseline', 'tested', 'tested', 'baseline'];
/** Unrecorded load on each side before the interleaved runs: the load client's own warm-up. */
const WARM_UP_MS = 2500;
/** Half of a load duration (`2s` → `1000ms`), for the interleaved runs. */
function halfDuration(duration) {
    return `${Math.max(1, Math.round((0,config_duration/* parseDuration */.E9)(duration) / 2))}ms`;
}
/**
 * Resolves the promoted digest, starts the sibling, loads both digests in interleaved halves;
 * always removes the sibling.
 */
async function measureBaseline(req, deps) {
    const now = deps.now ?? Date.now;
    const { config, logger } = req;
    const tag = baselineTag(config.promote.tags);
    const reference = `${config.image.repository}:${tag}`;
    const unavailable = (why) => {
        logger.warning(`load baseline: ${why}; the tested run alone decides`);
        return {
            status: 'unavailable',
            note: `Baseline \`last-promoted\`: ${why}, so there is no p95 to compare with (not a failure).`,
            short: `no baseline comparison (${why})`,
        };
    };
    let digest;
    try {
        digest = await deps.resolve(tag);
    }
    catch (error) {
        return unavailable(`could not resolve ${reference}: ${(0,model_errors/* errorMessage */.gJ)(error)}`);
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
    if (!spec || !backend)
        return unavailable('no running environment to start a sibling from');
    const target = endpointOf(req.profile.url, config.environment.endpoints, req.variables);
    if (!target)
        return unavailable(`the load URL ${req.profile.url} is not one of the environment's endpoints, so the baseline cannot be reached the same way`);
    const promoted = { reference, tag, digest, image: deps.imageRef(digest) };
    const sibling = siblingSpec(spec, promoted.image, digest, new Date(now()));
    const remaining = () => Math.max(0, req.deadline - now());
    const cancelled = {
        status: 'cancelled',
        note: `cancelled while measuring against the promoted baseline ${reference}`,
    };
    const timedOut = {
        status: 'timed_out',
        note: `the check's timeout expired while measuring against the promoted baseline ${reference} (the sibling's start and all four runs count against it)`,
    };
    const stopped = () => req.signal.aborted ? cancelled : remaining() <= 0 ? timedOut : undefined;
    logger.info(`load baseline: ${reference} → ${digest}; starting the sibling environment ${sibling.project}`);
    const signal = AbortSignal.any([req.signal, AbortSignal.timeout(remaining())]);
    const measure = async () => {
        await backend.up(sibling, signal);
        const ready = await backend.ready(sibling, Math.min(config.environment.readyTimeoutMs, remaining()), signal);
        if (!ready.ready) {
            const stop = stopped();
            if (stop)
                return stop;
            const logs = await backend.logs(sibling, 20).catch(() => '');
            if (logs)
                logger.info(`load baseline: last log lines of ${sibling.project}:\n${logs}`);
            return unavailable(`the baseline environment ${sibling.project} did not become ready: ${ready.reason ?? 'not ready'}`);
        }
        const hostPort = (0,environment_endpoints/* publishedAddress */.x1)(ready.containers, target.endpoint.service, target.endpoint.port);
        const url = rewriteOrigin(req.profile.url, target.origin, hostPort);
        const half = halfDuration(req.profile.duration);
        const profiles = {
            baseline: { ...req.profile, url, duration: half },
            tested: { ...req.profile, duration: half },
        };
        logger.info(`load baseline: ${req.profile.method} ${url} (${sibling.project}) and ${req.profile.url} (tested): ` +
            `${(0,config_duration/* formatDuration */.a3)(WARM_UP_MS)} warm-up each, then ${INTERLEAVING.join(', ')}, ${(0,config_duration/* formatDuration */.a3)((0,config_duration/* parseDuration */.E9)(half))} each`);
        const warm = `${WARM_UP_MS}ms`;
        for (const side of ['baseline', 'tested']) {
            const run = await deps.runLoad({ ...profiles[side], duration: warm }, remaining(), req.signal);
            if (run.cancelled)
                return cancelled;
            if (run.timedOut)
                return timedOut;
        }
        const last = {};
        for (const side of INTERLEAVING) {
            const run = await deps.runLoad(profiles[side], remaining(), req.signal, side);
            last[side] = run;
            if (run.cancelled)
                return cancelled;
            if (run.timedOut)
                return timedOut;
        }
        const { baseline, tested } = last;
        if (!baseline || !tested)
            throw new Error('no interleaved run');
        return { status: 'measured', promoted, project: sibling.project, url, half, baseline, tested };
    };
    try {
        return await measure();
    }
    catch (error) {
        return (stopped() ??
            unavailable(`measuring against the baseline in ${sibling.project} failed: ${(0,model_errors/* errorMessage */.gJ)(error)}`));
    }
    finally {
        // Not tied to the (possibly aborted) signal: removal must run to the end.
        await backend
            .down(sibling)
            .catch((error) => logger.warning(`load baseline: removing ${sibling.project} failed: ${(0,model_errors/* errorMessage */.gJ)(error)}`));
    }
}

;// CONCATENATED MODULE: ./src/checks/load/stats.ts
function summarizeLatency(histogram) {
    const at = (p) => histogram.percentile(p) ?? 0;
    return histogram.count === 0
        ? undefined
        : { p50: at(50), p90: at(90), p95: at(95), p99: at(99), max: histogram.max };
}
function loadStats(counts, histogram) {
    const responses = histogram.count;
    const attempted = responses + counts.errors;
    const statusCodes = Object.fromEntries(Object.entries(counts.statusCodeStats ?? {}).map(([code, s]) => [code, s?.count ?? 0]));
    return {
        responses,
        errors: counts.errors,
        timeouts: counts.timeouts,
        non2xx: counts.non2xx,
        durationS: counts.duration,
        rps: counts.duration > 0 ? responses / counts.duration : 0,
        errorRate: attempted === 0 ? 0 : (counts.errors + counts.non2xx) / attempted,
        latency: summarizeLatency(histogram),
        statusCodes,
    };
}
const THRESHOLDS = [
    { name: 'max-p95-ms', label: 'p95', measure: (s) => s.latency?.p95, max: true, format: ms },
    { name: 'max-p99-ms', label: 'p99', measure: (s) => s.latency?.p99, max: true, format: ms },
    {
        name: 'max-error-rate',
        label: 'error rate',
        measure: (s) => (s.responses + s.errors > 0 ? s.errorRate : undefined),
        max: true,
        format: percent,
    },
    { name: 'min-rps', label: 'throughput', measure: (s) => s.rps, max: false, format: rps },
];
/** Every configured threshold, in a fixed order: breached when measured > max (or < min), or unmeasurable. */
function evaluateThresholds(spec, stats) {
    const results = [];
    for (const t of THRESHOLDS) {
        const limit = spec[t.name];
        if (limit === undefined)
            continue;
        const measured = t.measure(stats);
        if (measured === undefined) {
            results.push({ name: t.name, limit, passed: false, text: `${t.label}: no response to measure` });
            continue;
        }
        const passed = t.max ? measured <= limit : measured >= limit;
        const op = t.max ? (passed ? '≤' : '>') : passed ? '≥' : '<';
        results.push({
            name: t.name,
            limit,
            measured,
            passed,
            text: `${t.label} ${t.format(measured)} ${op} ${t.format(limit)}`,
        });
    }
    return results;
}
function ms(n) {
    return `${n < 10 ? n.toFixed(2) : n < 1000 ? n.toFixed(1) : Math.round(n)} ms`;
}
function percent(n) {
    return `${(n * 100).toFixed(2)}%`;
}
function rps(n) {
    return `${n < 100 ? n.toFixed(1) : Math.round(n)} req/s`;
}
/** The latency percentile table (markdown). */
function latencyTable(latency) {
    const fmt = (n) => (n === undefined ? '–' : ms(n).replace(' ms', ''));
    return [
        '| latency (ms) | p50 | p90 | p95 | p99 | max |',
        '|---|---:|---:|---:|---:|---:|',
        `| all responses | ${[latency?.p50, latency?.p90, latency?.p95, latency?.p99, latency?.max].map(fmt).join(' | ')} |`,
    ].join('\n');
}
/** Markdown details: profile, latency table, throughput and errors, thresholds, notes. */
function renderLoadDetails(profile, stats, thresholds, notes = [], baseline) {
    const rate = profile.rate !== undefined ? `, at most ${profile.rate} req/s overall` : '';
    const codes = Object.entries(stats.statusCodes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, n]) => `${code}: ${n}`)
        .join(', ');
    const parts = [
        `**Load**: \`${profile.method} ${profile.url}\` for ${profile.duration}, ${profile.connections} connection${profile.connections === 1 ? '' : 's'}${rate}`,
        latencyTable(stats.latency),
        [
            '| responses | throughput | errors | timeouts | non-2xx | error rate |',
            '|---:|---:|---:|---:|---:|---:|',
            `| ${stats.responses} | ${rps(stats.rps)} | ${stats.errors} | ${stats.timeouts} | ${stats.non2xx} | ${percent(stats.errorRate)} |`,
        ].join('\n'),
    ];
    if (codes)
        parts.push(`Status codes: ${codes}`);
    if (thresholds.length) {
        parts.push([
            '| threshold | limit | measured | result |',
            '|---|---:|---:|---|',
            ...thresholds.map((t) => {
                const def = THRESHOLDS.find((d) => d.name === t.name);
                const measured = t.measured === undefined ? '–' : def.format(t.measured);
                return `| \`${t.name}\` | ${def.format(t.limit)} | ${measured} | ${t.passed ? '✓ passed' : '✗ failed'} |`;
            }),
        ].join('\n'));
    }
    else
        parts.push('No thresholds set: the run only fails when no response arrives.');
    if (baseline)
        parts.push(baseline);
    for (const note of notes)
        parts.push(`> ${note}`);
    return parts.join('\n\n');
}

;// CONCATENATED MODULE: ./src/checks/load/compare.ts
// Comparison with the promoted baseline (pure): ratio of p95 against max-regression.


/** tested / baseline latency; a zero baseline gives ∞ (or 1 when both are zero). */
function latencyRatio(tested, baseline) {
    return baseline > 0 ? tested / baseline : tested > 0 ? Number.POSITIVE_INFINITY : 1;
}
/**
 * Fails when the tested p95 > baseline p95 × (1 + maxRegression). A reason instead of a verdict when
 * either run has no response to measure.
 */
function compareWithBaseline(tested, baseline, maxRegression) {
    if (!baseline.latency)
        return {
            unmeasured: `the promoted baseline answered no request (${baseline.errors} errors), so there is no p95 to compare with`,
        };
    if (!tested.latency)
        return { unmeasured: 'the tested run has no response to compare with the baseline' };
    const limitMs = baseline.latency.p95 * (1 + maxRegression);
    return {
        baseline: baseline.latency,
        tested: tested.latency,
        ratio: latencyRatio(tested.latency.p95, baseline.latency.p95),
        limitMs,
        maxRegression,
        passed: tested.latency.p95 <= limitMs,
    };
}
function times(n) {
    if (!Number.isFinite(n))
        return '×∞';
    return `×${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n)}`;
}
function regressionLimit(maxRegression) {
    return `${+(maxRegression * 100).toFixed(2)}%`;
}
/** `p95 regressed against the promoted baseline: 305.1 ms vs 2.10 ms (×145 > ×1.20)`. */
function baselineText(v) {
    const figures = `${ms(v.tested.p95)} vs ${ms(v.baseline.p95)}`;
    const allowed = times(1 + v.maxRegression);
    return v.passed
        ? `p95 vs the promoted baseline: ${figures} (${times(v.ratio)} ≤ ${allowed})`
        : `p95 regressed against the promoted baseline: ${figures} (${times(v.ratio)} > ${allowed}, max-regression ${regressionLimit(v.maxRegression)})`;
}
/** Markdown section: what the baseline is, both p95 and p99 with their ratio, and the verdict. */
function renderBaseline(run, verdict) {
    const fmt = (n) => (n === undefined ? '–' : ms(n).replace(' ms', ''));
    const ratio = (t, b) => t === undefined || b === undefined ? '–' : times(latencyRatio(t, b));
    const b = 'unmeasured' in verdict ? run.stats.latency : verdict.baseline;
    const t = 'unmeasured' in verdict ? undefined : verdict.tested;
    const parts = [
        `**Baseline** \`last-promoted\`: \`${run.reference}\` → \`${run.digest}\`, in the sibling environment \`${run.project}\` ` +
            `(same compose definition), loaded with the same profile at \`${run.url}\` on the same host, interleaved with the tested digest: ` +
            `after a warm-up of both, baseline, tested, tested, baseline, ${(0,config_duration/* formatDuration */.a3)((0,config_duration/* parseDuration */.E9)(run.half))} each, so neither side gains from running later.`,
        [
            '| latency (ms) | promoted baseline | tested | tested / baseline |',
            '|---|---:|---:|---:|',
            `| p95 | ${fmt(b?.p95)} | ${fmt(t?.p95)} | ${ratio(t?.p95, b?.p95)} |`,
            `| p99 | ${fmt(b?.p99)} | ${fmt(t?.p99)} | ${ratio(t?.p99, b?.p99)} |`,
        ].join('\n'),
        `Baseline run: ${run.stats.responses} responses, ${rps(run.stats.rps)}, ${percent(run.stats.errorRate)} errors.`,
    ];
    if ('unmeasured' in verdict)
        parts.push(`No comparison: ${verdict.unmeasured} (not a failure).`);
    else
        parts.push(`\`max-regression\` ${regressionLimit(verdict.maxRegression)}: tested p95 ${ms(verdict.tested.p95)} ` +
            `${verdict.passed ? '≤' : '>'} ${ms(verdict.limitMs)} (baseline p95 × ${+(1 + verdict.maxRegression).toFixed(4)}), ` +
            `${times(verdict.ratio)} → ${verdict.passed ? '✓ passed' : '✗ failed: p95 regressed'}`);
    return parts.join('\n\n');
}

;// CONCATENATED MODULE: ./src/checks/load/judge.ts
// The load check's verdict: thresholds, then the comparison with the promoted baseline.


/**
 * Conclusion and one-line summary from stats and threshold results, and the comparison with the
 * promoted baseline when there is one (a regression fails like a breached threshold).
 */
function judge(stats, thresholds, baseline) {
    const head = stats.latency
        ? `p95 ${ms(stats.latency.p95)}, p99 ${ms(stats.latency.p99)}, ${rps(stats.rps)}, ${percent(stats.errorRate)} errors`
        : `no response in ${stats.responses + stats.errors} attempt(s) (${stats.errors} errors)`;
    const failed = thresholds.filter((t) => !t.passed).map((t) => `${t.name} breached: ${t.text}`);
    if (baseline && !baseline.passed)
        failed.push(baselineText(baseline));
    if (failed.length)
        return { conclusion: 'failure', summary: `${failed.join('; ')} (${head})` };
    if (stats.responses === 0)
        return { conclusion: 'failure', summary: head };
    const passed = thresholds.length
        ? `; ${thresholds.length === 1 ? 'the threshold' : `all ${thresholds.length} thresholds`} passed`
        : '';
    return {
        conclusion: 'success',
        summary: `${head}${passed}${baseline ? `; ${baselineText(baseline)}` : ''}`,
    };
}

;// CONCATENATED MODULE: ./src/checks/load/histogram.ts
// The latency histogram of a load run: every response time autocannon reports, so p95 is exact.
/**
 * Response times in ms, each kept to 3 significant digits rounded up (at most 0.1% high, never low),
 * so memory stays bounded however many requests a run makes. max and min are exact.
 */
class LatencyHistogram {
    counts = new Map();
    count = 0;
    max = 0;
    min = Number.POSITIVE_INFINITY;
    record(ms) {
        if (!Number.isFinite(ms) || ms < 0)
            return;
        const key = roundUp3(ms);
        this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
        this.count++;
        if (ms > this.max)
            this.max = ms;
        if (ms < this.min)
            this.min = ms;
    }
    /** The smallest recorded value that at least p% of values are at or below (nearest rank). */
    percentile(p) {
        if (this.count === 0)
            return undefined;
        if (p >= 100)
            return this.max;
        const rank = Math.max(1, Math.ceil((p / 100) * this.count));
        let seen = 0;
        for (const key of [...this.counts.keys()].sort((a, b) => a - b)) {
            seen += this.counts.get(key) ?? 0;
            if (seen >= rank)
                return Math.min(key, this.max);
        }
        return this.max;
    }
}
function roundUp3(ms) {
    if (ms === 0)
        return 0;
    const step = 10 ** (Math.floor(Math.log10(ms)) - 2);
    // The epsilon keeps 1.23 (stored as 1.2299999…) from becoming 1.24.
    return Math.ceil(ms / step - 1e-9) * step;
}

;// CONCATENATED MODULE: ./src/checks/load/autocannon.ts



/**
 * Autocannon's client keeps its queue of in-flight requests when the server closes the connection
 * (`Connection: close`, HTTP/1.0-style servers such as busybox httpd): each later response is then
 * timed from a long-dead request and latency grows without bound. A new connection starts with no
 * request in flight, so clear the queue and the parser whenever the client reconnects. Feature-
 * detected: if autocannon's internals change, this does nothing.
 */
function reconnectCleanly(client) {
    const internals = client;
    const connect = internals._connect;
    if (typeof connect !== 'function' || typeof internals.pipelinedRequests?.clear !== 'function')
        return;
    internals._connect = function (...args) {
        this.pipelinedRequests?.clear?.();
        if (this.parser?.type !== undefined)
            this.parser.reinitialize?.(this.parser.type);
        return connect.apply(this, args);
    };
}
/**
 * Responses, errors and latencies of one or more autocannon runs of the same profile: the interleaved
 * halves of a baseline comparison add up to one sample per side.
 */
class LoadTally {
    histogram = new LatencyHistogram();
    counts = {
        errors: 0,
        timeouts: 0,
        non2xx: 0,
        duration: 0,
        statusCodeStats: {},
    };
    add(result) {
        this.counts.errors += result.errors;
        this.counts.timeouts += result.timeouts;
        this.counts.non2xx += result.non2xx;
        this.counts.duration += result.duration;
        for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) {
            const entry = (this.counts.statusCodeStats[code] ??= { count: 0 });
            entry.count += stat?.count ?? 0;
        }
    }
    stats() {
        return loadStats(this.counts, this.histogram);
    }
}
/**
 * Runs autocannon for the profile; stops early on timeout or abort (with the partial stats). With a
 * tally, the run adds to it and the stats are the tally's so far.
 */
async function runLoad(profile, timeoutMs, signal, tally = new LoadTally()) {
    const { default: autocannon } = await Promise.all(/* import() */[__webpack_require__.e(347), __webpack_require__.e(174)]).then(__webpack_require__.t.bind(__webpack_require__, 88174, 23));
    const histogram = tally.histogram;
    let timedOut = false;
    let cancelled = false;
    const options = {
        url: profile.url,
        method: profile.method,
        duration: (0,config_duration/* parseDuration */.E9)(profile.duration) / 1000,
        connections: profile.connections,
        setupClient: reconnectCleanly,
        ...(profile.rate !== undefined ? { overallRate: profile.rate } : {}),
    };
    const result = await new Promise((resolve, reject) => {
        const control = { stop: () => undefined };
        const timer = setTimeout(() => {
            timedOut = true;
            control.stop();
        }, timeoutMs);
        const onAbort = () => {
            cancelled = true;
            control.stop();
        };
        const instance = autocannon(options, (error, res) => {
            clearTimeout(timer);
            signal.removeEventListener('abort', onAbort);
            if (error)
                reject(error instanceof Error ? error : new Error(String(error)));
            else
                resolve(res);
        });
        control.stop = () => instance.stop();
        instance.on('response', (_client, _status, _bytes, responseTime) => histogram.record(responseTime));
        if (signal.aborted)
            onAbort();
        else
            signal.addEventListener('abort', onAbort, { once: true });
    });
    tally.add(result);
    return { stats: tally.stats(), timedOut, cancelled };
}

;// CONCATENATED MODULE: ./src/checks/load/check.ts
// `load` checks: autocannon drives `connections` connections (optionally capped at `rate` requests per
// second overall) for `duration`; thresholds on p95/p99 latency, error rate and throughput decide.
//
// Latency percentiles come from our own histogram of the response time autocannon reports for every
// response (its `response` event): autocannon's result only has p90/p97.5/p99, not p95, and its
// histogram is not handed out. Each figure in the table comes from that one histogram.







async function loadCheck(check, ctx) {
    const spec = (0,expand/* expandCheck */.b8)(check, ctx.variables).load;
    try {
        const parsed = new URL(spec.url);
        if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
            throw new Error(parsed.protocol);
    }
    catch {
        return {
            conclusion: 'failure',
            summary: `url ${JSON.stringify(spec.url)} is not an absolute http(s) URL`,
        };
    }
    const profile = {
        method: spec.method,
        url: spec.url,
        duration: spec.duration,
        connections: spec.connections,
        ...(spec.rate !== undefined ? { rate: spec.rate } : {}),
    };
    // The check's timeout covers everything: the baseline sibling's start, the baseline run, the tested run.
    const deadline = Date.now() + check.timeoutMs;
    const timeout = (0,config_duration/* formatDuration */.a3)(check.timeoutMs);
    // With a promoted baseline, both digests are loaded in interleaved halves (see baseline.ts).
    let baseline;
    if (spec.baseline === 'last-promoted') {
        const tallies = { baseline: new LoadTally(), tested: new LoadTally() };
        const { config } = ctx;
        baseline = await measureBaseline({
            config,
            testedDigest: ctx.environment.digest,
            ...(ctx.environment.spec ? { spec: ctx.environment.spec } : {}),
            ...(ctx.environment.backend ? { backend: ctx.environment.backend } : {}),
            variables: ctx.variables,
            profile,
            deadline,
            signal: ctx.signal,
            logger: ctx.logger,
        }, {
            ...promotedImages(ctx.store),
            runLoad: (p, timeoutMs, signal, side) => runLoad(p, timeoutMs, signal, side ? tallies[side] : undefined),
        });
        if (baseline.status === 'cancelled' || baseline.status === 'timed_out')
            return {
                conclusion: baseline.status,
                summary: baseline.status === 'cancelled'
                    ? 'cancelled while measuring against the promoted baseline'
                    : `stopped after the check's timeout (${timeout}) while measuring against the promoted baseline: raise the check's timeout (the baseline's start and run count against it)`,
                details: `> ${baseline.note}`,
            };
    }
    const run = baseline?.status === 'measured'
        ? baseline.tested
        : await runLoad(profile, Math.max(0, deadline - Date.now()), ctx.signal);
    const thresholds = evaluateThresholds(spec, run.stats);
    const notes = [];
    let section;
    let verdict;
    let suffix = '';
    if (baseline?.status === 'measured') {
        const compared = compareWithBaseline(run.stats, baseline.baseline.stats, spec['max-regression']);
        section = renderBaseline({
            reference: baseline.promoted.reference,
            digest: baseline.promoted.digest,
            project: baseline.project,
            url: baseline.url,
            half: baseline.half,
            stats: baseline.baseline.stats,
        }, compared);
        if ('unmeasured' in compared)
            suffix = `; no baseline comparison (${compared.unmeasured})`;
        else
            verdict = compared;
    }
    else if (baseline && 'short' in baseline) {
        notes.push(baseline.note);
        suffix = `; ${baseline.short}`;
    }
    const details = renderLoadDetails(profile, run.stats, thresholds, notes, section);
    if (run.cancelled)
        return { conclusion: 'cancelled', summary: 'cancelled', details };
    if (run.timedOut)
        return { conclusion: 'timed_out', summary: `stopped after the check's timeout (${timeout})`, details };
    const judged = judge(run.stats, thresholds, verdict);
    return { ...judged, summary: `${judged.summary}${suffix}`, details };
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
;// CONCATENATED MODULE: ./src/reports/glob.ts
// A small glob for report paths (Node 20 has neither fs.promises.glob nor path.matchesGlob):
// `*` and `?` within one path segment, `**` for any number of directories, `[abc]` classes and
// `{a,b}` alternatives. Like most globs, wildcards do not match names starting with a dot, and
// a walk never enters node_modules or dot directories unless the pattern names them.


const MAGIC = /[*?[{]/;
/** `a/{b,c}/*.{xml,json}` → four patterns. Unbalanced braces are taken literally. */
function expandBraces(pattern) {
    let depth = 0;
    let open = -1;
    for (let i = 0; i < pattern.length; i++) {
        const ch = pattern[i];
        if (ch === '\\') {
            i++;
            continue;
        }
        if (ch === '{') {
            if (depth === 0)
                open = i;
            depth++;
        }
        else if (ch === '}' && depth > 0) {
            depth--;
            if (depth === 0) {
                const body = pattern.slice(open + 1, i);
                const alternatives = splitTopLevel(body);
                if (alternatives.length < 2)
                    continue;
                const head = pattern.slice(0, open);
                const tail = pattern.slice(i + 1);
                return alternatives.flatMap((alt) => expandBraces(head + alt + tail));
            }
        }
    }
    return [pattern];
}
function splitTopLevel(body) {
    const parts = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch === '\\')
            i++;
        else if (ch === '{')
            depth++;
        else if (ch === '}')
            depth--;
        else if (ch === ',' && depth === 0) {
            parts.push(body.slice(start, i));
            start = i + 1;
        }
    }
    parts.push(body.slice(start));
    return parts;
}
const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
function segmentToRegExp(segment) {
    let out = '';
    for (let i = 0; i < segment.length; i++) {
        const ch = segment[i] ?? '';
        if (ch === '\\' && i + 1 < segment.length) {
            out += escapeRe(segment[++i] ?? '');
        }
        else if (ch === '*') {
            while (segment[i + 1] === '*')
                i++;
            out += '[^/]*';
        }
        else if (ch === '?') {
            out += '[^/]';
        }
        else if (ch === '[') {
            const close = segment.indexOf(']', i + 2);
            if (close === -1) {
                out += '\\[';
                continue;
            }
            let body = segment.slice(i + 1, close);
            const negate = body.startsWith('!') || body.startsWith('^');
            if (negate)
                body = body.slice(1);
            out += `[${negate ? '^/' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
            i = close;
        }
        else {
            out += escapeRe(ch);
        }
    }
    // Wildcards never match a leading dot; a segment that starts with "." says so itself.
    return segment.startsWith('.') ? out : `(?!\\.)${out}`;
}
/** Split into `/` segments, dropping `.` and empty ones; backslashes are escapes, not separators. */
function segmentsOf(pattern) {
    return pattern.split('/').filter((s) => s !== '' && s !== '.');
}
/**
 * A RegExp matching whole relative `/`-separated paths against one glob (braces not expanded:
 * use expandBraces first).
 */
function globToRegExp(pattern) {
    const segments = segmentsOf(pattern);
    let re = '';
    segments.forEach((segment, i) => {
        const last = i === segments.length - 1;
        if (segment === '**') {
            re += last ? '(?:(?!\\.)[^/]+/)*(?!\\.)[^/]+' : '(?:(?!\\.)[^/]+/)*';
        }
        else {
            re += segmentToRegExp(segment) + (last ? '' : '/');
        }
    });
    return new RegExp(`^${re}$`);
}
/** True when `relativePath` matches `pattern` (braces included). */
function matchesGlob(relativePath, pattern) {
    const p = relativePath.split(path.sep).join('/');
    return expandBraces(pattern).some((alt) => globToRegExp(alt).test(p));
}
async function isFile(p) {
    try {
        return (await external_node_fs_.promises.stat(p)).isFile();
    }
    catch {
        return false;
    }
}
/**
 * Absolute paths of the files matching `pattern` (relative to `root`, or absolute), sorted.
 * A missing base directory matches nothing; other I/O errors are thrown.
 */
async function glob(root, pattern) {
    const found = new Set();
    for (const alt of expandBraces(pattern)) {
        for (const file of await globOne(root, alt))
            found.add(file);
    }
    return [...found].sort();
}
async function globOne(root, pattern) {
    const absolute = external_node_path_default().isAbsolute(pattern);
    const segments = segmentsOf(pattern);
    const firstMagic = segments.findIndex((s) => MAGIC.test(s));
    const baseSegments = firstMagic === -1 ? segments : segments.slice(0, firstMagic);
    const base = external_node_path_default().resolve(absolute ? external_node_path_default().parse(external_node_path_default().resolve(pattern)).root : root, ...baseSegments);
    if (firstMagic === -1)
        return (await isFile(base)) ? [base] : [];
    const rest = segments.slice(firstMagic);
    const re = globToRegExp(rest.join('/'));
    const maxDepth = rest.includes('**') ? Number.POSITIVE_INFINITY : rest.length;
    const allowDot = rest.some((s) => s.startsWith('.'));
    const allowNodeModules = rest.includes('node_modules');
    const out = [];
    const walk = async (dir, rel, depth) => {
        let entries;
        try {
            entries = await external_node_fs_.promises.readdir(dir, { withFileTypes: true });
        }
        catch (error) {
            const code = error.code;
            if (code === 'ENOENT' || code === 'ENOTDIR')
                return;
            throw error;
        }
        for (const entry of entries) {
            const name = entry.name;
            const full = external_node_path_default().join(dir, name);
            const relPath = rel ? `${rel}/${name}` : name;
            let kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'dir' : 'other';
            if (entry.isSymbolicLink()) {
                try {
                    const st = await external_node_fs_.promises.stat(full);
                    // Symlinked directories are not followed (no loops); symlinked files are fine.
                    kind = st.isFile() ? 'file' : 'other';
                }
                catch {
                    kind = 'other';
                }
            }
            if (kind === 'file' && re.test(relPath))
                out.push(full);
            if (kind === 'dir' && depth + 1 < maxDepth) {
                if (name.startsWith('.') && !allowDot)
                    continue;
                if (name === 'node_modules' && !allowNodeModules)
                    continue;
                await walk(full, relPath, depth + 1);
            }
        }
    };
    await walk(base, '', 0);
    return out;
}

// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/xmlparser/XMLParser.js + 26 modules
var XMLParser = __webpack_require__(69658);
// EXTERNAL MODULE: ./node_modules/fast-xml-parser/src/fxp.js
var fxp = __webpack_require__(75824);
;// CONCATENATED MODULE: ./src/reports/junit-reruns.ts
const failing = (c) => c.result === 'failed' || c.result === 'error';
function oneTest(attempts, last) {
    const count = attempts.reduce((n, a) => n + (a.attempts ?? 1), 0);
    const timeMs = attempts.reduce((sum, a) => sum + a.timeMs, 0);
    if (last.result === 'passed') {
        const merged = { ...last, timeMs, attempts: count };
        if (last.flaky || attempts.slice(0, -1).some((a) => a.result !== 'skipped'))
            merged.flaky = true;
        return merged;
    }
    // A last attempt that only skipped does not undo an earlier failure.
    const decisive = last.result === 'skipped' ? ([...attempts].reverse().find(failing) ?? last) : last;
    const merged = { ...decisive, timeMs, attempts: count };
    delete merged.flaky;
    if (failing(merged)) {
        const note = `Failed on the last of ${count} attempts.`;
        merged.details = merged.details ? `${merged.details}\n\n${note}` : note;
    }
    return merged;
}
/** A failed test and its own teardown error: one case with both, an error (see junit.ts parseCase). */
function withTeardown(call, teardown) {
    const both = { ...call, result: 'error', timeMs: call.timeMs + teardown.timeMs };
    const details = [call.details, teardown.details].filter((d) => !!d).join('\n\n');
    if (details)
        both.details = details;
    if (!both.message && teardown.message)
        both.message = teardown.message;
    if (!both.file && teardown.file) {
        both.file = teardown.file;
        if (teardown.line !== undefined)
            both.line = teardown.line;
    }
    return both;
}
/** The records of one suite as tests: each key once, where it first appeared. */
function mergeReruns(records) {
    const byKey = new Map();
    for (const { key, testCase, teardown } of records) {
        const attempts = byKey.get(key);
        const previous = attempts?.[attempts.length - 1];
        if (attempts && previous && teardown && failing(previous))
            attempts[attempts.length - 1] = withTeardown(previous, testCase);
        else if (attempts)
            attempts.push(testCase);
        else
            byKey.set(key, [testCase]);
    }
    const tests = [];
    for (const attempts of byKey.values()) {
        const last = attempts[attempts.length - 1];
        if (!last)
            continue;
        tests.push(attempts.length === 1 ? last : oneTest(attempts, last));
    }
    return tests;
}

;// CONCATENATED MODULE: ./src/reports/location.ts
// Source locations inside failure messages and stack traces: JavaScript (V8) stack frames, JVM
// frames, pytest / Python tracebacks, `go test` output and Go panics, and as a last resort any
// `file.ext:line` of a known source extension. Pure string work; parsers decide which one to use.
const JS_VENDOR = /(^|\/)node_modules\/|^node:|^internal\/|^<anonymous>$|^native$|^evalmachine\./;
const JVM_VENDOR = /^(java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.junit|junit|org\.opentest4j|org\.testng|org\.apache\.maven|org\.gradle|org\.assertj|org\.hamcrest|org\.mockito|org\.spockframework|org\.springframework|io\.kotest|worker\.org\.gradle)\./;
const PY_VENDOR = /(^|\/)(site-packages|dist-packages)\/|\/lib\/python\d[\d.]*\/|^<frozen |(^|\/)_pytest\/|(^|\/)pluggy\//;
const GO_VENDOR = /\/pkg\/mod\/|(^|\/)src\/(runtime|testing|reflect|sync|internal|syscall)\//;
const SOURCE_EXT = 'tsx?|jsx?|mjs|cjs|mts|cts|vue|svelte|py|go|java|kt|kts|groovy|scala|rb|php|rs|cs|fs|c|cc|cpp|cxx|h|hh|hpp|m|mm|swift|ex|exs|erl|dart|lua|pl|sh';
/** A positive whole number written in decimal (`"12"`, `"12px"` → 12), else undefined. */
function positiveInt(s) {
    if (s === undefined)
        return undefined;
    const n = Number.parseInt(s, 10);
    return Number.isFinite(n) && n > 0 ? n : undefined;
}
/** `file:///x` → `/x`, backslashes → `/`, percent-decoding of file URLs. */
function normalizeFile(file) {
    let f = file.trim();
    if (/^file:\/\//i.test(f)) {
        f = f.replace(/^file:\/\/(localhost)?/i, '');
        try {
            f = decodeURIComponent(f);
        }
        catch {
            // keep it as written
        }
        if (/^\/[A-Za-z]:\//.test(f))
            f = f.slice(1);
    }
    return f.replace(/\\/g, '/');
}
/** normalizeFile, then without a leading `./` (how a relative path is compared and resolved). */
function normalizeRelative(file) {
    return normalizeFile(file).replace(/^\.\//, '');
}
const SPECIFIC = [
    // V8: "    at fn (/abs/src/foo.test.ts:12:5)", "    at /abs/foo.js:1:2", "    at file:///abs/foo.mjs:3:4"
    {
        re: /^[ \t]*at (?:.*? \()?(?<file>(?:file:\/\/\/?)?(?:[A-Za-z]:)?[^():\n]+?):(?<line>\d+):(?<col>\d+)\)?[ \t]*$/gm,
        build: (g) => ({
            file: normalizeFile(g.file ?? ''),
            line: positiveInt(g.line) ?? 0,
            column: positiveInt(g.col),
        }),
        vendor: (file) => JS_VENDOR.test(file),
    },
    // JVM: "\tat com.acme.shop.CartTest.total(CartTest.java:34)", "at app//com.acme.X$Inner.m(X.kt:3)",
    // Kotlin back-ticked names: "at a.b.CalcUtilsTest.test error handling(CalcUtilsTest.kt:27)" (a JVM
    // method name may hold anything but . ; [ / and, outside <init>/<clinit>, < >).
    {
        re: /^[ \t]*at (?:[\w.$@-]*\/+)?(?<cls>[\w$]+(?:\.[\w$]+)*)\.(?<method><\w+>|[^\s.;[/<>()][^\n.;[/<>()]*)\((?<file>[\w$-]+\.(?:java|kt|kts|groovy|scala)):(?<line>\d+)\)/gm,
        build: (g) => {
            const cls = g.cls ?? '';
            const pkg = cls.split('.').slice(0, -1).join('/');
            return { file: pkg ? `${pkg}/${g.file}` : (g.file ?? ''), line: positiveInt(g.line) ?? 0 };
        },
        vendor: (_file, g) => JVM_VENDOR.test(g.cls ?? ''),
    },
    // pytest long/short tracebacks: "tests/test_cart.py:18: AssertionError", "tests/test_cart.py:18: in test_x"
    {
        re: /^(?<file>[^\s:][^:\n]*?\.py):(?<line>\d+):(?: |$)/gm,
        build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
        vendor: (file) => PY_VENDOR.test(file),
    },
    // pytest fixture errors: "file /abs/tests/test_db.py, line 4"
    {
        re: /^file (?<file>\S+\.py), line (?<line>\d+)/gm,
        build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
        vendor: (file) => PY_VENDOR.test(file),
    },
    // CPython tracebacks (unittest, nose): '  File "/abs/tests/test_x.py", line 12, in test_x'
    {
        re: /^[ \t]*File "(?<file>[^"\n]+)", line (?<line>\d+)/gm,
        build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
        vendor: (file) => PY_VENDOR.test(file),
    },
    // go test: "    cart_test.go:25: expected 90", build errors "./cart_test.go:12:5: undefined: x"
    {
        re: /^[ \t]*(?<file>(?:\.{1,2}\/)?[\w.@/-]*\w\.go):(?<line>\d+)(?::(?<col>\d+))?: /gm,
        build: (g) => ({
            file: normalizeRelative(g.file ?? ''),
            line: positiveInt(g.line) ?? 0,
            column: positiveInt(g.col),
        }),
        vendor: (file) => GO_VENDOR.test(file),
    },
    // CUnit's JUnit report (CU_automated_enable_junit_xml): "Condition: …\n  File     : /src/t.c\n  Line     : 27",
    // and converters writing "File: t.c Line: 27" on one line.
    {
        re: /\bFile[ \t]*:[ \t]*(?<file>[^\s:][^\n]*?)[ \t]*(?:\r?\n[ \t]*|[ \t]+)Line[ \t]*:[ \t]*(?<line>\d+)/g,
        build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
        vendor: () => false,
    },
    // Go panics: "\t/home/runner/work/shop/shop/internal/cart/cart_test.go:40 +0x1d"
    {
        re: /^\t(?<file>(?:[A-Za-z]:)?\/[^\s:]+\.go):(?<line>\d+)(?: \+0x[0-9a-f]+)?[ \t]*$/gm,
        build: (g) => ({ file: normalizeFile(g.file ?? ''), line: positiveInt(g.line) ?? 0 }),
        vendor: (file) => GO_VENDOR.test(file),
    },
];
const GENERIC = {
    re: new RegExp(`(?<![\\w/:.@-])(?<file>(?:[A-Za-z]:)?(?:\\.{0,2}/)?(?:[\\w.@-]+/)*[\\w.@-]+\\.(?:${SOURCE_EXT})):(?<line>\\d+)(?::(?<col>\\d+))?(?!\\d)`, 'g'),
    build: (g) => ({
        file: normalizeRelative(g.file ?? ''),
        line: positiveInt(g.line) ?? 0,
        column: positiveInt(g.col),
    }),
    vendor: (file) => JS_VENDOR.test(file) || PY_VENDOR.test(file) || GO_VENDOR.test(file),
};
function run(patterns, text) {
    const found = [];
    for (const p of patterns) {
        for (const m of text.matchAll(p.re)) {
            const groups = m.groups ?? {};
            const loc = p.build(groups);
            if (!loc || !loc.file || loc.line <= 0)
                continue;
            const entry = {
                file: loc.file,
                line: loc.line,
                vendor: p.vendor(loc.file, groups),
                index: m.index,
            };
            if (loc.column !== undefined)
                entry.column = loc.column;
            found.push(entry);
        }
    }
    return found.sort((a, b) => a.index - b.index);
}
/** Every location found in `text`, in the order they appear. */
function findLocations(text) {
    if (!text)
        return [];
    let found = run(SPECIFIC, text);
    if (found.length === 0)
        found = run([GENERIC], text);
    return found.map(({ index: _index, ...loc }) => loc);
}
const stripExt = (f) => f.replace(/\.[^./]+$/, '');
/** True when both name the same file, allowing one to be a suffix path of the other. */
function sameFile(a, b) {
    const x = normalizeRelative(a);
    const y = normalizeRelative(b);
    return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}
/**
 * Path hints (without extension) from what a report says about a test: a file attribute,
 * a path-like suite name, or a dotted class name (`tests.test_cart` → `tests/test_cart`,
 * `com.acme.CartTest$Nested` → `com/acme/CartTest`).
 */
function pathHints(values) {
    const hints = new Set();
    for (const value of values) {
        if (!value)
            continue;
        const v = normalizeRelative(value);
        if (v.includes('/') || /\.[A-Za-z]{1,6}$/.test(v)) {
            if (!/\s/.test(v))
                hints.add(stripExt(v));
            continue;
        }
        if (/^[\w$]+(\.[\w$]+)+$/.test(v)) {
            const segments = v.replace(/\$[\w$]*/g, '').split('.');
            for (let n = segments.length; n >= 2; n--)
                hints.add(segments.slice(0, n).join('/'));
        }
    }
    return [...hints];
}
function matchesHint(file, hints) {
    const f = stripExt(normalizeRelative(file));
    return hints.some((h) => f === h || f.endsWith(`/${h}`) || h.endsWith(`/${f}`));
}
/**
 * The best location for an annotation: the first non-vendor location in a file the hints
 * point at (the test's own file), else the first non-vendor location, else nothing.
 */
function pickLocation(locations, hints = []) {
    const own = locations.filter((l) => !l.vendor);
    return own.find((l) => matchesHint(l.file, hints)) ?? own[0];
}

;// CONCATENATED MODULE: ./src/reports/parse-error.ts
/** A report file that is not what its format says (bad XML/JSON, wrong root). Message names the file. */
class ReportParseError extends Error {
    name = 'ReportParseError';
}

;// CONCATENATED MODULE: ./src/reports/junit.ts
// JUnit XML (the de-facto format: jest-junit, pytest --junitxml, Maven Surefire/Gradle,
// go-junit-report, PHPUnit…) into the one TestReport model. fast-xml-parser does the XML;
// this file only maps elements onto the model and finds where each failure happened.





const ARRAY_TAGS = new Set([
    'testsuite',
    'testcase',
    'failure',
    'error',
    'skipped',
    'flakyFailure',
    'flakyError',
    'rerunFailure',
    'rerunError',
    'property',
]);
const parser = new XMLParser/* default */.A({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    ignoreDeclaration: true,
    ignorePiTags: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    // Numeric character references (&#10; in pytest messages) are decoded only with this on.
    htmlEntities: true,
    isArray: (name) => ARRAY_TAGS.has(name),
});
/**
 * `status` values that say the test was not run, whatever else the case holds: tst and CTest write
 * "disabled", others "ignored" (as mikepenz/action-junit-report reads them: "a skipped test shall not
 * fail the run"). GoogleTest writes status="notrun" result="suppressed" for its DISABLED_ tests.
 */
const DISABLED_STATUS = new Set(['disabled', 'ignored']);
const DISABLED_RESULT = new Set(['suppressed']);
/** Placeholder messages some tools write instead of the real one (go-junit-report). */
const GENERIC_MESSAGE = /^(failed|failure|error|runtime error|build error|skipped|test failed)$/i;
const STACK_LINE = /^\s+at\s|^\s*-{3,}|^\s*goroutine \d+ \[/;
const MESSAGE_MAX_LINES = 20;
const isNode = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
function children(node, name) {
    const value = node[name];
    if (value === undefined)
        return [];
    const list = Array.isArray(value) ? value : [value];
    return list.map((v) => isNode(v) ? v : { '#text': v === null || v === undefined ? '' : String(v) });
}
function attr(node, name) {
    const v = node[`@_${name}`];
    return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}
function junit_text(node) {
    const t = node['#text'];
    return typeof t === 'string' ? t : t === undefined || t === null ? '' : String(t);
}
/** Seconds (`"0.012"`, Surefire's locale-formatted `"1,234.5"`) to whole milliseconds. */
function secondsToMs(value) {
    if (value === undefined)
        return 0;
    const n = Number.parseFloat(value.replace(/,/g, '').trim());
    return Number.isFinite(n) && n > 0 ? Math.round(n * 1000) : 0;
}
/** go test's own progress lines, which gotestsum keeps around a test's output. */
const GO_PROGRESS = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME)\s|--- (?:FAIL|PASS|SKIP): )/;
/** Lines above the first stack frame, dedented, at most MESSAGE_MAX_LINES. */
function headOf(details) {
    const lines = [];
    for (const line of details.split(/\r?\n/)) {
        if (GO_PROGRESS.test(line))
            continue;
        if (STACK_LINE.test(line) && lines.some((l) => l.trim() !== ''))
            break;
        lines.push(line);
    }
    while (lines.length > 0 && (lines[0] ?? '').trim() === '')
        lines.shift();
    while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '')
        lines.pop();
    if (lines.length === 0)
        return undefined;
    const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0));
    const body = lines.slice(0, MESSAGE_MAX_LINES).map((l) => l.slice(indent).trimEnd());
    if (lines.length > MESSAGE_MAX_LINES)
        body.push('…');
    return body.join('\n');
}
function trimBlock(s) {
    return s.replace(/^\s*\n/, '').trimEnd();
}
function isDisabled(node) {
    const status = attr(node, 'status')?.trim().toLowerCase();
    const result = attr(node, 'result')?.trim().toLowerCase();
    return ((status !== undefined && DISABLED_STATUS.has(status)) ||
        (result !== undefined && DISABLED_RESULT.has(result)));
}
function parseCase(node, suite) {
    const failures = children(node, 'failure');
    const errors = children(node, 'error');
    const skipped = children(node, 'skipped');
    const problems = [...failures, ...errors];
    // A case with both a <failure> and an <error> (pytest: a failed call and a failed teardown) is an
    // error, as EnricoMi/publish-unit-test-result-action (junit.py get_results: the most severe state)
    // counts it; its message stays the failure's, the first thing that went wrong.
    let result = 'passed';
    if (isDisabled(node))
        result = 'skipped';
    else if (errors.length > 0)
        result = 'error';
    else if (failures.length > 0)
        result = 'failed';
    else if (skipped.length > 0)
        result = 'skipped';
    const failing = result === 'failed' || result === 'error';
    const name = attr(node, 'name') ?? '';
    const classname = attr(node, 'classname') ?? attr(node, 'class');
    const testCase = { name, result, timeMs: secondsToMs(attr(node, 'time')) };
    if (classname)
        testCase.classname = classname;
    const details = problems
        .map((p) => trimBlock(junit_text(p)))
        .filter((t) => t.trim() !== '')
        .join('\n\n');
    const first = problems[0];
    if (failing) {
        const attrMessage = first ? attr(first, 'message')?.trim() : undefined;
        const message = attrMessage && !GENERIC_MESSAGE.test(attrMessage)
            ? attrMessage
            : ((first && headOf(junit_text(first))) ??
                headOf(details) ??
                (attrMessage || undefined) ??
                (first && attr(first, 'type')));
        if (message)
            testCase.message = message;
        if (details)
            testCase.details = details;
    }
    else if (result === 'skipped') {
        const s = skipped[0];
        const attrMessage = s ? attr(s, 'message')?.trim() : undefined;
        const message = attrMessage && !GENERIC_MESSAGE.test(attrMessage)
            ? attrMessage
            : ((s && headOf(junit_text(s))) ?? attrMessage);
        if (message)
            testCase.message = message;
    }
    // Surefire's (and Playwright's includeRetries) reruns inside the one case.
    const flakyRuns = children(node, 'flakyFailure').length + children(node, 'flakyError').length;
    const reruns = children(node, 'rerunFailure').length + children(node, 'rerunError').length;
    if (result === 'passed' && flakyRuns > 0) {
        testCase.flaky = true;
        testCase.attempts = flakyRuns + 1;
    }
    else if (failing && reruns > 0) {
        testCase.attempts = reruns + 1;
    }
    // Where the report says the failure is: file/line on the <failure>/<error> (lint converters,
    // mikepenz/action-junit-report reads them too), else on the <testcase>.
    const problemFile = failing && first ? attr(first, 'file') : undefined;
    const problemLine = failing && first ? positiveInt(attr(first, 'line')) : undefined;
    const caseFile = attr(node, 'file') ?? attr(node, 'filepath');
    const fileAttr = problemFile ?? caseFile;
    const lineAttr = problemFile || problemLine !== undefined
        ? problemLine
        : positiveInt(attr(node, 'line') ?? attr(node, 'lineno'));
    const atProblem = problemFile !== undefined || problemLine !== undefined;
    const hints = pathHints([fileAttr, suite.file, suite.name, classname]);
    let locations = findLocations(failing ? details : '');
    if (failing && !locations.some((l) => !l.vendor)) {
        // tst, GoogleTest, Playwright: "file:line" in the message attribute, often with no text at all.
        const messages = problems.map((p) => attr(p, 'message') ?? '').join('\n');
        locations = [...locations, ...findLocations(messages)];
    }
    const picked = pickLocation(locations, hints);
    if (fileAttr) {
        // The report names the file: keep it, with the line it gives on the failure, else the line of a
        // frame inside it, else the report's own line, else (no line at all) the best frame elsewhere.
        const inOwnFile = locations.find((l) => !l.vendor && sameFile(l.file, fileAttr));
        const line = atProblem ? (lineAttr ?? inOwnFile?.line) : (inOwnFile?.line ?? lineAttr);
        if (line === undefined && picked) {
            testCase.file = picked.file;
            testCase.line = picked.line;
        }
        else {
            testCase.file = normalizeFile(fileAttr);
            if (line !== undefined)
                testCase.line = line;
        }
    }
    else if (picked) {
        testCase.file = picked.file;
        testCase.line = picked.line;
    }
    else if (suite.file && failing) {
        testCase.file = normalizeFile(suite.file);
    }
    // The test's identity across reruns: a failure placed at its own file/line (a lint converter's
    // finding per <testcase>) is a different record, never an attempt of the one before.
    const key = JSON.stringify([classname ?? '', name, caseFile ?? '', problemFile ?? '', problemLine ?? 0]);
    const record = { key, testCase };
    const teardown = errors[0] ? attr(errors[0], 'message') : undefined;
    if (failures.length === 0 && errors.length === 1 && teardown?.startsWith('failed on teardown with '))
        record.teardown = true;
    return record;
}
function count(node, name) {
    const n = Number.parseInt(attr(node, name)?.trim() ?? '', 10);
    return Number.isFinite(n) && n > 0 ? n : 0;
}
/** The results a suite declares in its attributes, when it declares any. */
function declaredCounts(node) {
    const failures = count(node, 'failures');
    const errors = count(node, 'errors');
    // GoogleTest and tst count disabled tests apart from skipped ones (EnricoMi adds them up too).
    const skipped = (count(node, 'skipped') || count(node, 'skip')) + count(node, 'disabled');
    const tests = Math.max(count(node, 'tests'), failures + errors + skipped);
    return tests > 0 ? { tests, failures, errors, skipped } : undefined;
}
function looksLikePath(name) {
    return /^[^\s]+\.[A-Za-z]{1,6}$/.test(name) && /[/\\]/.test(name);
}
function walkSuite(node, parent, out) {
    const ownName = attr(node, 'name') ?? '';
    const fileAttr = attr(node, 'file') ?? attr(node, 'filepath');
    const context = { name: ownName || parent?.name || '' };
    const file = fileAttr ?? (looksLikePath(ownName) ? ownName : undefined) ?? parent?.file;
    if (file)
        context.file = file;
    const cases = mergeReruns(children(node, 'testcase').map((c) => parseCase(c, context)));
    const nested = children(node, 'testsuite');
    if (cases.length > 0) {
        const declared = secondsToMs(attr(node, 'time'));
        out.push({
            name: context.name,
            timeMs: declared || cases.reduce((sum, c) => sum + c.timeMs, 0),
            cases,
        });
    }
    else if (nested.length === 0) {
        // A suite that crashed before writing its cases (karma-junit-reporter on a browser error, a
        // truncated pytest report) still says what happened: count that, as EnricoMi does for a report
        // without cases (unittestresults.py without_cases), rather than pass on nothing.
        const declared = declaredCounts(node);
        if (declared)
            out.push({ name: context.name, timeMs: secondsToMs(attr(node, 'time')), cases: [], declared });
    }
    for (const suite of nested)
        walkSuite(suite, context, out);
}
/** fast-xml-parser's default maxNestedTags: it refuses an element that opens below this many. */
const MAX_NESTED_TAGS = 100;
const MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)[^\s/>]+(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;
/** Index of the first element the parser's nesting limit refuses, or -1. */
function tooDeep(content) {
    let depth = 0;
    for (const m of content.matchAll(MARKUP)) {
        if (m[0].startsWith('<!') || m[0].startsWith('<?'))
            continue;
        if (m[1])
            depth--;
        else if (!m[2] && ++depth > MAX_NESTED_TAGS + 1)
            return m.index;
    }
    return -1;
}
/** Where in `content` a parser refusal points, as `:line:column` (empty when it cannot tell). */
function refusalPosition(content, why) {
    let index = -1;
    const entity = /entity "([^"]+)"/i.exec(why)?.[1];
    if (entity)
        index = content.indexOf(`<!ENTITY ${entity}`);
    if (index < 0 && /external entit/i.test(why))
        index = content.search(/<!ENTITY\s+\S+\s+(?:SYSTEM|PUBLIC)\b/);
    if (/nested/i.test(why))
        index = tooDeep(content);
    else if (index < 0)
        index = content.indexOf('<!DOCTYPE');
    if (index < 0)
        return '';
    const before = content.slice(0, index);
    const line = before.split('\n').length;
    return `:${line}:${index - before.lastIndexOf('\n')}`;
}
/** Parse one JUnit XML document. Throws ReportParseError (with the path) when it is not one. */
function parseJUnit(path, xml) {
    const content = xml.replace(/^\uFEFF/, '');
    if (content.trim() === '')
        throw new ReportParseError(`${path}: empty file, expected JUnit XML`);
    const valid = fxp/* XMLValidator */.iI.validate(content);
    if (valid !== true) {
        const { msg, line, col } = valid.err;
        const where = line ? `:${line}${col ? `:${col}` : ''}` : '';
        throw new ReportParseError(`${path}${where}: not well-formed XML: ${msg}`);
    }
    let doc;
    try {
        doc = parser.parse(content);
    }
    catch (error) {
        // The parser's own defences (external and parameter entities, entity size, count and expansion,
        // nesting depth) refuse the document: an unreadable report like any other, named and explained.
        const why = (0,model_errors/* errorMessage */.gJ)(error);
        throw new ReportParseError(`${path}${refusalPosition(content, why)}: refused by the XML parser: ${why}`);
    }
    if (!isNode(doc))
        throw new ReportParseError(`${path}: not a JUnit XML report`);
    const suites = [];
    if (doc.testsuites !== undefined) {
        for (const root of children(doc, 'testsuites')) {
            const context = { name: attr(root, 'name') ?? '' };
            const loose = mergeReruns(children(root, 'testcase').map((c) => parseCase(c, context)));
            const nested = children(root, 'testsuite');
            if (loose.length > 0) {
                suites.push({ name: context.name, timeMs: secondsToMs(attr(root, 'time')), cases: loose });
            }
            else if (nested.length === 0) {
                const declared = declaredCounts(root);
                if (declared)
                    suites.push({ name: context.name, timeMs: secondsToMs(attr(root, 'time')), cases: [], declared });
            }
            for (const suite of nested)
                walkSuite(suite, undefined, suites);
        }
    }
    else if (doc.testsuite !== undefined) {
        for (const suite of children(doc, 'testsuite'))
            walkSuite(suite, undefined, suites);
    }
    else {
        const rootName = Object.keys(doc).find((k) => !k.startsWith('#')) ?? 'none';
        throw new ReportParseError(`${path}: not a JUnit XML report (root element <${rootName}>, expected <testsuites> or <testsuite>)`);
    }
    return { format: 'junit', path, suites };
}

;// CONCATENATED MODULE: ./src/reports/paths.ts
// Report paths → repository paths, so annotations land on files GitHub knows. Reports name files
// in many ways: absolute runner paths (jest, pytest), paths from inside a container (/app/src/…),
// package-relative JVM paths (com/acme/CartTest.java) and bare Go file names (cart_test.go).



const SKIP_DIRS = new Set(['node_modules', '__pycache__']);
const MAX_INDEXED_FILES = 200_000;
const toPosix = (p) => p.split((external_node_path_default()).sep).join('/');
/** Length of the common tail of two segment lists. */
function commonSuffix(a, b) {
    let n = 0;
    while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n])
        n++;
    return n;
}
class RepoPaths {
    root;
    index;
    exists = new Map();
    constructor(root) {
        this.root = external_node_path_default().resolve(root);
    }
    /** `file` relative to the root when inside it (posix), else the absolute path. */
    display(file) {
        const rel = external_node_path_default().relative(this.root, file);
        return rel && !rel.startsWith('..') && !external_node_path_default().isAbsolute(rel) ? toPosix(rel) : toPosix(file);
    }
    /**
     * The repository-relative path for `file` when one can be found, else `file` normalized.
     * `hints` (class or package names, suite names) break ties between equally named files.
     */
    async resolve(file, hints = []) {
        const f = normalizeRelative(file);
        if (!f)
            return f;
        if (external_node_path_default().isAbsolute(f)) {
            const rel = external_node_path_default().relative(this.root, f);
            if (!rel.startsWith('..') && !external_node_path_default().isAbsolute(rel))
                return toPosix(rel);
            // Outside the repository (a container path, another checkout): find a tail that exists.
            return (await this.existingTail(f.split('/').filter(Boolean), 2)) ?? f;
        }
        if (!f.startsWith('../') && (await this.fileExists(f)))
            return f;
        const segments = f.split('/').filter((s) => s && s !== '..');
        return (await this.existingTail(segments.slice(1), 2)) ?? (await this.bySuffix(segments, hints)) ?? f;
    }
    async existingTail(segments, minSegments) {
        for (let i = 0; segments.length - i >= minSegments; i++) {
            const candidate = segments.slice(i).join('/');
            if (await this.fileExists(candidate))
                return candidate;
        }
        return undefined;
    }
    async bySuffix(segments, hints) {
        const base = segments[segments.length - 1];
        if (!base)
            return undefined;
        const candidates = (await this.buildIndex()).get(base) ?? [];
        if (candidates.length === 0)
            return undefined;
        const suffix = segments.join('/');
        const exact = candidates.filter((c) => c === suffix || c.endsWith(`/${suffix}`));
        const pool = exact.length > 0 ? exact : segments.length === 1 ? candidates : [];
        if (pool.length <= 1)
            return pool[0];
        // Several files share the name: take the one whose directory best matches a hint
        // (a Go package path, a dotted class name, a suite path).
        const hintSegments = hints
            .filter((h) => !!h)
            .map((h) => normalizeFile(h)
            .replace(/\.[^./]+$/, '')
            .split(/[/.]/)
            .filter(Boolean));
        let best;
        let bestScore = 0;
        let tie = false;
        for (const c of pool) {
            const dir = c.split('/').slice(0, -1);
            const score = Math.max(0, ...hintSegments.map((h) => commonSuffix(dir, h)));
            if (score > bestScore) {
                best = c;
                bestScore = score;
                tie = false;
            }
            else if (score === bestScore)
                tie = true;
        }
        return bestScore > 0 && !tie ? best : undefined;
    }
    fileExists(rel) {
        let cached = this.exists.get(rel);
        if (!cached) {
            cached = external_node_fs_.promises.stat(external_node_path_default().join(this.root, rel)).then((st) => st.isFile(), () => false);
            this.exists.set(rel, cached);
        }
        return cached;
    }
    buildIndex() {
        this.index ??= (async () => {
            const byName = new Map();
            let count = 0;
            const walk = async (dir, rel) => {
                if (count >= MAX_INDEXED_FILES)
                    return;
                let entries;
                try {
                    entries = await external_node_fs_.promises.readdir(dir, { withFileTypes: true });
                }
                catch {
                    return;
                }
                entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
                for (const entry of entries) {
                    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
                    if (entry.isDirectory()) {
                        if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name))
                            continue;
                        await walk(external_node_path_default().join(dir, entry.name), relPath);
                    }
                    else if (entry.isFile()) {
                        if (++count > MAX_INDEXED_FILES)
                            return;
                        const list = byName.get(entry.name) ?? [];
                        list.push(relPath);
                        byName.set(entry.name, list);
                    }
                }
            };
            await walk(this.root, '');
            return byName;
        })();
        return this.index;
    }
}

// EXTERNAL MODULE: ./node_modules/ajv/dist/2020.js
var _2020 = __webpack_require__(52210);
// EXTERNAL MODULE: ./node_modules/ajv-formats/dist/index.js
var ajv_formats_dist = __webpack_require__(82815);
var dist_default = /*#__PURE__*/__webpack_require__.n(ajv_formats_dist);
;// CONCATENATED MODULE: ./src/reports/sarif-2.1.0.schema.json
const sarif_2_1_0_schema_namespaceObject = /*#__PURE__*/JSON.parse('{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema","description":"Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema: a standard format for the output of static analysis tools.","additionalProperties":false,"type":"object","properties":{"$schema":{"description":"The URI of the JSON schema corresponding to the version.","type":"string","format":"uri"},"version":{"description":"The SARIF format version of this log file.","enum":["2.1.0"]},"runs":{"description":"The set of runs contained in this log file.","type":"array","minItems":0,"uniqueItems":false,"items":{"$ref":"#/definitions/run"}},"inlineExternalProperties":{"description":"References to external property files that share data between runs.","type":"array","minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/externalProperties"}},"properties":{"description":"Key/value pairs that provide additional information about the log file.","$ref":"#/definitions/propertyBag"}},"required":["version","runs"],"definitions":{"address":{"description":"A physical or virtual address, or a range of addresses, in an \'addressable region\' (memory or a binary file).","additionalProperties":false,"type":"object","properties":{"absoluteAddress":{"description":"The address expressed as a byte offset from the start of the addressable region.","type":"integer","minimum":-1,"default":-1},"relativeAddress":{"description":"The address expressed as a byte offset from the absolute address of the top-most parent object.","type":"integer"},"length":{"description":"The number of bytes in this range of addresses.","type":"integer"},"kind":{"description":"An open-ended string that identifies the address kind. \'data\', \'function\', \'header\',\'instruction\', \'module\', \'page\', \'section\', \'segment\', \'stack\', \'stackFrame\', \'table\' are well-known values.","type":"string"},"name":{"description":"A name that is associated with the address, e.g., \'.text\'.","type":"string"},"fullyQualifiedName":{"description":"A human-readable fully qualified name that is associated with the address.","type":"string"},"offsetFromParent":{"description":"The byte offset of this address from the absolute or relative address of the parent object.","type":"integer"},"index":{"description":"The index within run.addresses of the cached object for this address.","type":"integer","default":-1,"minimum":-1},"parentIndex":{"description":"The index within run.addresses of the parent object.","type":"integer","default":-1,"minimum":-1},"properties":{"description":"Key/value pairs that provide additional information about the address.","$ref":"#/definitions/propertyBag"}}},"artifact":{"description":"A single artifact. In some cases, this artifact might be nested within another artifact.","additionalProperties":false,"type":"object","properties":{"description":{"description":"A short description of the artifact.","$ref":"#/definitions/message"},"location":{"description":"The location of the artifact.","$ref":"#/definitions/artifactLocation"},"parentIndex":{"description":"Identifies the index of the immediate parent of the artifact, if this artifact is nested.","type":"integer","default":-1,"minimum":-1},"offset":{"description":"The offset in bytes of the artifact within its containing artifact.","type":"integer","minimum":0},"length":{"description":"The length of the artifact in bytes.","type":"integer","default":-1,"minimum":-1},"roles":{"description":"The role or roles played by the artifact in the analysis.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"enum":["analysisTarget","attachment","responseFile","resultFile","standardStream","tracedFile","unmodified","modified","added","deleted","renamed","uncontrolled","driver","extension","translation","taxonomy","policy","referencedOnCommandLine","memoryContents","directory","userSpecifiedConfiguration","toolSpecifiedConfiguration","debugOutputFile","conversionSource","externalPropertyFile","repositoryRoot"]}},"mimeType":{"description":"The MIME type (RFC 2045) of the artifact.","type":"string","pattern":"[^/]+/.+"},"contents":{"description":"The contents of the artifact.","$ref":"#/definitions/artifactContent"},"encoding":{"description":"Specifies the encoding for an artifact object that refers to a text file.","type":"string"},"sourceLanguage":{"description":"Specifies the source language for any artifact object that refers to a text file that contains source code.","type":"string"},"hashes":{"description":"A dictionary, each of whose keys is the name of a hash function and each of whose values is the hashed value of the artifact produced by the specified hash function.","type":"object","additionalProperties":{"type":"string"}},"lastModifiedTimeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which the artifact was most recently modified. See \\"Date/time properties\\" in the SARIF spec for the required format.","type":"string","format":"date-time"},"properties":{"description":"Key/value pairs that provide additional information about the artifact.","$ref":"#/definitions/propertyBag"}}},"artifactChange":{"description":"A change to a single artifact.","additionalProperties":false,"type":"object","properties":{"artifactLocation":{"description":"The location of the artifact to change.","$ref":"#/definitions/artifactLocation"},"replacements":{"description":"An array of replacement objects, each of which represents the replacement of a single region in a single artifact specified by \'artifactLocation\'.","type":"array","minItems":1,"uniqueItems":false,"items":{"$ref":"#/definitions/replacement"}},"properties":{"description":"Key/value pairs that provide additional information about the change.","$ref":"#/definitions/propertyBag"}},"required":["artifactLocation","replacements"]},"artifactContent":{"description":"Represents the contents of an artifact.","type":"object","additionalProperties":false,"properties":{"text":{"description":"UTF-8-encoded content from a text artifact.","type":"string"},"binary":{"description":"MIME Base64-encoded content from a binary artifact, or from a text artifact in its original encoding.","type":"string"},"rendered":{"description":"An alternate rendered representation of the artifact (e.g., a decompiled representation of a binary region).","$ref":"#/definitions/multiformatMessageString"},"properties":{"description":"Key/value pairs that provide additional information about the artifact content.","$ref":"#/definitions/propertyBag"}}},"artifactLocation":{"description":"Specifies the location of an artifact.","additionalProperties":false,"type":"object","properties":{"uri":{"description":"A string containing a valid relative or absolute URI.","type":"string","format":"uri-reference"},"uriBaseId":{"description":"A string which indirectly specifies the absolute URI with respect to which a relative URI in the \\"uri\\" property is interpreted.","type":"string"},"index":{"description":"The index within the run artifacts array of the artifact object associated with the artifact location.","type":"integer","default":-1,"minimum":-1},"description":{"description":"A short description of the artifact location.","$ref":"#/definitions/message"},"properties":{"description":"Key/value pairs that provide additional information about the artifact location.","$ref":"#/definitions/propertyBag"}}},"attachment":{"description":"An artifact relevant to a result.","type":"object","additionalProperties":false,"properties":{"description":{"description":"A message describing the role played by the attachment.","$ref":"#/definitions/message"},"artifactLocation":{"description":"The location of the attachment.","$ref":"#/definitions/artifactLocation"},"regions":{"description":"An array of regions of interest within the attachment.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/region"}},"rectangles":{"description":"An array of rectangles specifying areas of interest within the image.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/rectangle"}},"properties":{"description":"Key/value pairs that provide additional information about the attachment.","$ref":"#/definitions/propertyBag"}},"required":["artifactLocation"]},"codeFlow":{"description":"A set of threadFlows which together describe a pattern of code execution relevant to detecting a result.","additionalProperties":false,"type":"object","properties":{"message":{"description":"A message relevant to the code flow.","$ref":"#/definitions/message"},"threadFlows":{"description":"An array of one or more unique threadFlow objects, each of which describes the progress of a program through a thread of execution.","type":"array","minItems":1,"uniqueItems":false,"items":{"$ref":"#/definitions/threadFlow"}},"properties":{"description":"Key/value pairs that provide additional information about the code flow.","$ref":"#/definitions/propertyBag"}},"required":["threadFlows"]},"configurationOverride":{"description":"Information about how a specific rule or notification was reconfigured at runtime.","type":"object","additionalProperties":false,"properties":{"configuration":{"description":"Specifies how the rule or notification was configured during the scan.","$ref":"#/definitions/reportingConfiguration"},"descriptor":{"description":"A reference used to locate the descriptor whose configuration was overridden.","$ref":"#/definitions/reportingDescriptorReference"},"properties":{"description":"Key/value pairs that provide additional information about the configuration override.","$ref":"#/definitions/propertyBag"}},"required":["configuration","descriptor"]},"conversion":{"description":"Describes how a converter transformed the output of a static analysis tool from the analysis tool\'s native output format into the SARIF format.","additionalProperties":false,"type":"object","properties":{"tool":{"description":"A tool object that describes the converter.","$ref":"#/definitions/tool"},"invocation":{"description":"An invocation object that describes the invocation of the converter.","$ref":"#/definitions/invocation"},"analysisToolLogFiles":{"description":"The locations of the analysis tool\'s per-run log files.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/artifactLocation"}},"properties":{"description":"Key/value pairs that provide additional information about the conversion.","$ref":"#/definitions/propertyBag"}},"required":["tool"]},"edge":{"description":"Represents a directed edge in a graph.","type":"object","additionalProperties":false,"properties":{"id":{"description":"A string that uniquely identifies the edge within its graph.","type":"string"},"label":{"description":"A short description of the edge.","$ref":"#/definitions/message"},"sourceNodeId":{"description":"Identifies the source node (the node at which the edge starts).","type":"string"},"targetNodeId":{"description":"Identifies the target node (the node at which the edge ends).","type":"string"},"properties":{"description":"Key/value pairs that provide additional information about the edge.","$ref":"#/definitions/propertyBag"}},"required":["id","sourceNodeId","targetNodeId"]},"edgeTraversal":{"description":"Represents the traversal of a single edge during a graph traversal.","type":"object","additionalProperties":false,"properties":{"edgeId":{"description":"Identifies the edge being traversed.","type":"string"},"message":{"description":"A message to display to the user as the edge is traversed.","$ref":"#/definitions/message"},"finalState":{"description":"The values of relevant expressions after the edge has been traversed.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"stepOverEdgeCount":{"description":"The number of edge traversals necessary to return from a nested graph.","type":"integer","minimum":0},"properties":{"description":"Key/value pairs that provide additional information about the edge traversal.","$ref":"#/definitions/propertyBag"}},"required":["edgeId"]},"exception":{"description":"Describes a runtime exception encountered during the execution of an analysis tool.","type":"object","additionalProperties":false,"properties":{"kind":{"type":"string","description":"A string that identifies the kind of exception, for example, the fully qualified type name of an object that was thrown, or the symbolic name of a signal."},"message":{"description":"A message that describes the exception.","type":"string"},"stack":{"description":"The sequence of function calls leading to the exception.","$ref":"#/definitions/stack"},"innerExceptions":{"description":"An array of exception objects each of which is considered a cause of this exception.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/exception"}},"properties":{"description":"Key/value pairs that provide additional information about the exception.","$ref":"#/definitions/propertyBag"}}},"externalProperties":{"description":"The top-level element of an external property file.","type":"object","additionalProperties":false,"properties":{"schema":{"description":"The URI of the JSON schema corresponding to the version of the external property file format.","type":"string","format":"uri"},"version":{"description":"The SARIF format version of this external properties object.","enum":["2.1.0"]},"guid":{"description":"A stable, unique identifier for this external properties object, in the form of a GUID.","type":"string","format":"uuid"},"runGuid":{"description":"A stable, unique identifier for the run associated with this external properties object, in the form of a GUID.","type":"string","format":"uuid"},"conversion":{"description":"A conversion object that will be merged with a separate run.","$ref":"#/definitions/conversion"},"graphs":{"description":"An array of graph objects that will be merged with a separate run.","type":"array","minItems":0,"default":[],"uniqueItems":true,"items":{"$ref":"#/definitions/graph"}},"externalizedProperties":{"description":"Key/value pairs that provide additional information that will be merged with a separate run.","$ref":"#/definitions/propertyBag"},"artifacts":{"description":"An array of artifact objects that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/artifact"}},"invocations":{"description":"Describes the invocation of the analysis tool that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/invocation"}},"logicalLocations":{"description":"An array of logical locations such as namespaces, types or functions that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/logicalLocation"}},"threadFlowLocations":{"description":"An array of threadFlowLocation objects that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/threadFlowLocation"}},"results":{"description":"An array of result objects that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/result"}},"taxonomies":{"description":"Tool taxonomies that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"driver":{"description":"The analysis tool object that will be merged with a separate run.","$ref":"#/definitions/toolComponent"},"extensions":{"description":"Tool extensions that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"policies":{"description":"Tool policies that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"translations":{"description":"Tool translations that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"addresses":{"description":"Addresses that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/address"}},"webRequests":{"description":"Requests that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/webRequest"}},"webResponses":{"description":"Responses that will be merged with a separate run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/webResponse"}},"properties":{"description":"Key/value pairs that provide additional information about the external properties.","$ref":"#/definitions/propertyBag"}}},"externalPropertyFileReference":{"description":"Contains information that enables a SARIF consumer to locate the external property file that contains the value of an externalized property associated with the run.","type":"object","additionalProperties":false,"properties":{"location":{"description":"The location of the external property file.","$ref":"#/definitions/artifactLocation"},"guid":{"description":"A stable, unique identifier for the external property file in the form of a GUID.","type":"string","format":"uuid"},"itemCount":{"description":"A non-negative integer specifying the number of items contained in the external property file.","type":"integer","default":-1,"minimum":-1},"properties":{"description":"Key/value pairs that provide additional information about the external property file.","$ref":"#/definitions/propertyBag"}},"anyOf":[{"required":["location"]},{"required":["guid"]}]},"externalPropertyFileReferences":{"description":"References to external property files that should be inlined with the content of a root log file.","additionalProperties":false,"type":"object","properties":{"conversion":{"description":"An external property file containing a run.conversion object to be merged with the root log file.","$ref":"#/definitions/externalPropertyFileReference"},"graphs":{"description":"An array of external property files containing a run.graphs object to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"externalizedProperties":{"description":"An external property file containing a run.properties object to be merged with the root log file.","$ref":"#/definitions/externalPropertyFileReference"},"artifacts":{"description":"An array of external property files containing run.artifacts arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"invocations":{"description":"An array of external property files containing run.invocations arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"logicalLocations":{"description":"An array of external property files containing run.logicalLocations arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"threadFlowLocations":{"description":"An array of external property files containing run.threadFlowLocations arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"results":{"description":"An array of external property files containing run.results arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"taxonomies":{"description":"An array of external property files containing run.taxonomies arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"addresses":{"description":"An array of external property files containing run.addresses arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"driver":{"description":"An external property file containing a run.driver object to be merged with the root log file.","$ref":"#/definitions/externalPropertyFileReference"},"extensions":{"description":"An array of external property files containing run.extensions arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"policies":{"description":"An array of external property files containing run.policies arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"translations":{"description":"An array of external property files containing run.translations arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"webRequests":{"description":"An array of external property files containing run.requests arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"webResponses":{"description":"An array of external property files containing run.responses arrays to be merged with the root log file.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/externalPropertyFileReference"}},"properties":{"description":"Key/value pairs that provide additional information about the external property files.","$ref":"#/definitions/propertyBag"}}},"fix":{"description":"A proposed fix for the problem represented by a result object. A fix specifies a set of artifacts to modify. For each artifact, it specifies a set of bytes to remove, and provides a set of new bytes to replace them.","additionalProperties":false,"type":"object","properties":{"description":{"description":"A message that describes the proposed fix, enabling viewers to present the proposed change to an end user.","$ref":"#/definitions/message"},"artifactChanges":{"description":"One or more artifact changes that comprise a fix for a result.","type":"array","minItems":1,"uniqueItems":true,"items":{"$ref":"#/definitions/artifactChange"}},"properties":{"description":"Key/value pairs that provide additional information about the fix.","$ref":"#/definitions/propertyBag"}},"required":["artifactChanges"]},"graph":{"description":"A network of nodes and directed edges that describes some aspect of the structure of the code (for example, a call graph).","type":"object","additionalProperties":false,"properties":{"description":{"description":"A description of the graph.","$ref":"#/definitions/message"},"nodes":{"description":"An array of node objects representing the nodes of the graph.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/node"}},"edges":{"description":"An array of edge objects representing the edges of the graph.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/edge"}},"properties":{"description":"Key/value pairs that provide additional information about the graph.","$ref":"#/definitions/propertyBag"}}},"graphTraversal":{"description":"Represents a path through a graph.","type":"object","additionalProperties":false,"properties":{"runGraphIndex":{"description":"The index within the run.graphs to be associated with the result.","type":"integer","default":-1,"minimum":-1},"resultGraphIndex":{"description":"The index within the result.graphs to be associated with the result.","type":"integer","default":-1,"minimum":-1},"description":{"description":"A description of this graph traversal.","$ref":"#/definitions/message"},"initialState":{"description":"Values of relevant expressions at the start of the graph traversal that may change during graph traversal.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"immutableState":{"description":"Values of relevant expressions at the start of the graph traversal that remain constant for the graph traversal.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"edgeTraversals":{"description":"The sequences of edges traversed by this graph traversal.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/edgeTraversal"}},"properties":{"description":"Key/value pairs that provide additional information about the graph traversal.","$ref":"#/definitions/propertyBag"}},"oneOf":[{"required":["runGraphIndex"]},{"required":["resultGraphIndex"]}]},"invocation":{"description":"The runtime environment of the analysis tool run.","additionalProperties":false,"type":"object","properties":{"commandLine":{"description":"The command line used to invoke the tool.","type":"string"},"arguments":{"description":"An array of strings, containing in order the command line arguments passed to the tool from the operating system.","type":"array","minItems":0,"uniqueItems":false,"items":{"type":"string"}},"responseFiles":{"description":"The locations of any response files specified on the tool\'s command line.","type":"array","minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/artifactLocation"}},"startTimeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which the invocation started. See \\"Date/time properties\\" in the SARIF spec for the required format.","type":"string","format":"date-time"},"endTimeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which the invocation ended. See \\"Date/time properties\\" in the SARIF spec for the required format.","type":"string","format":"date-time"},"exitCode":{"description":"The process exit code.","type":"integer"},"ruleConfigurationOverrides":{"description":"An array of configurationOverride objects that describe rules related runtime overrides.","type":"array","minItems":0,"default":[],"uniqueItems":true,"items":{"$ref":"#/definitions/configurationOverride"}},"notificationConfigurationOverrides":{"description":"An array of configurationOverride objects that describe notifications related runtime overrides.","type":"array","minItems":0,"default":[],"uniqueItems":true,"items":{"$ref":"#/definitions/configurationOverride"}},"toolExecutionNotifications":{"description":"A list of runtime conditions detected by the tool during the analysis.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/notification"}},"toolConfigurationNotifications":{"description":"A list of conditions detected by the tool that are relevant to the tool\'s configuration.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/notification"}},"exitCodeDescription":{"description":"The reason for the process exit.","type":"string"},"exitSignalName":{"description":"The name of the signal that caused the process to exit.","type":"string"},"exitSignalNumber":{"description":"The numeric value of the signal that caused the process to exit.","type":"integer"},"processStartFailureMessage":{"description":"The reason given by the operating system that the process failed to start.","type":"string"},"executionSuccessful":{"description":"Specifies whether the tool\'s execution completed successfully.","type":"boolean"},"machine":{"description":"The machine on which the invocation occurred.","type":"string"},"account":{"description":"The account under which the invocation occurred.","type":"string"},"processId":{"description":"The id of the process in which the invocation occurred.","type":"integer"},"executableLocation":{"description":"An absolute URI specifying the location of the executable that was invoked.","$ref":"#/definitions/artifactLocation"},"workingDirectory":{"description":"The working directory for the invocation.","$ref":"#/definitions/artifactLocation"},"environmentVariables":{"description":"The environment variables associated with the analysis tool process, expressed as key/value pairs.","type":"object","additionalProperties":{"type":"string"}},"stdin":{"description":"A file containing the standard input stream to the process that was invoked.","$ref":"#/definitions/artifactLocation"},"stdout":{"description":"A file containing the standard output stream from the process that was invoked.","$ref":"#/definitions/artifactLocation"},"stderr":{"description":"A file containing the standard error stream from the process that was invoked.","$ref":"#/definitions/artifactLocation"},"stdoutStderr":{"description":"A file containing the interleaved standard output and standard error stream from the process that was invoked.","$ref":"#/definitions/artifactLocation"},"properties":{"description":"Key/value pairs that provide additional information about the invocation.","$ref":"#/definitions/propertyBag"}},"required":["executionSuccessful"]},"location":{"description":"A location within a programming artifact.","additionalProperties":false,"type":"object","properties":{"id":{"description":"Value that distinguishes this location from all other locations within a single result object.","type":"integer","minimum":-1,"default":-1},"physicalLocation":{"description":"Identifies the artifact and region.","$ref":"#/definitions/physicalLocation"},"logicalLocations":{"description":"The logical locations associated with the result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/logicalLocation"}},"message":{"description":"A message relevant to the location.","$ref":"#/definitions/message"},"annotations":{"description":"A set of regions relevant to the location.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/region"}},"relationships":{"description":"An array of objects that describe relationships between this location and others.","type":"array","default":[],"minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/locationRelationship"}},"properties":{"description":"Key/value pairs that provide additional information about the location.","$ref":"#/definitions/propertyBag"}}},"locationRelationship":{"description":"Information about the relation of one location to another.","type":"object","additionalProperties":false,"properties":{"target":{"description":"A reference to the related location.","type":"integer","minimum":0},"kinds":{"description":"A set of distinct strings that categorize the relationship. Well-known kinds include \'includes\', \'isIncludedBy\' and \'relevant\'.","type":"array","default":["relevant"],"uniqueItems":true,"items":{"type":"string"}},"description":{"description":"A description of the location relationship.","$ref":"#/definitions/message"},"properties":{"description":"Key/value pairs that provide additional information about the location relationship.","$ref":"#/definitions/propertyBag"}},"required":["target"]},"logicalLocation":{"description":"A logical location of a construct that produced a result.","additionalProperties":false,"type":"object","properties":{"name":{"description":"Identifies the construct in which the result occurred. For example, this property might contain the name of a class or a method.","type":"string"},"index":{"description":"The index within the logical locations array.","type":"integer","default":-1,"minimum":-1},"fullyQualifiedName":{"description":"The human-readable fully qualified name of the logical location.","type":"string"},"decoratedName":{"description":"The machine-readable name for the logical location, such as a mangled function name provided by a C++ compiler that encodes calling convention, return type and other details along with the function name.","type":"string"},"parentIndex":{"description":"Identifies the index of the immediate parent of the construct in which the result was detected. For example, this property might point to a logical location that represents the namespace that holds a type.","type":"integer","default":-1,"minimum":-1},"kind":{"description":"The type of construct this logical location component refers to. Should be one of \'function\', \'member\', \'module\', \'namespace\', \'parameter\', \'resource\', \'returnType\', \'type\', \'variable\', \'object\', \'array\', \'property\', \'value\', \'element\', \'text\', \'attribute\', \'comment\', \'declaration\', \'dtd\' or \'processingInstruction\', if any of those accurately describe the construct.","type":"string"},"properties":{"description":"Key/value pairs that provide additional information about the logical location.","$ref":"#/definitions/propertyBag"}}},"message":{"description":"Encapsulates a message intended to be read by the end user.","type":"object","additionalProperties":false,"properties":{"text":{"description":"A plain text message string.","type":"string"},"markdown":{"description":"A Markdown message string.","type":"string"},"id":{"description":"The identifier for this message.","type":"string"},"arguments":{"description":"An array of strings to substitute into the message string.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"type":"string"}},"properties":{"description":"Key/value pairs that provide additional information about the message.","$ref":"#/definitions/propertyBag"}},"anyOf":[{"required":["text"]},{"required":["id"]}]},"multiformatMessageString":{"description":"A message string or message format string rendered in multiple formats.","type":"object","additionalProperties":false,"properties":{"text":{"description":"A plain text message string or format string.","type":"string"},"markdown":{"description":"A Markdown message string or format string.","type":"string"},"properties":{"description":"Key/value pairs that provide additional information about the message.","$ref":"#/definitions/propertyBag"}},"required":["text"]},"node":{"description":"Represents a node in a graph.","type":"object","additionalProperties":false,"properties":{"id":{"description":"A string that uniquely identifies the node within its graph.","type":"string"},"label":{"description":"A short description of the node.","$ref":"#/definitions/message"},"location":{"description":"A code location associated with the node.","$ref":"#/definitions/location"},"children":{"description":"Array of child nodes.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/node"}},"properties":{"description":"Key/value pairs that provide additional information about the node.","$ref":"#/definitions/propertyBag"}},"required":["id"]},"notification":{"description":"Describes a condition relevant to the tool itself, as opposed to being relevant to a target being analyzed by the tool.","type":"object","additionalProperties":false,"properties":{"locations":{"description":"The locations relevant to this notification.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/location"}},"message":{"description":"A message that describes the condition that was encountered.","$ref":"#/definitions/message"},"level":{"description":"A value specifying the severity level of the notification.","default":"warning","enum":["none","note","warning","error"]},"threadId":{"description":"The thread identifier of the code that generated the notification.","type":"integer"},"timeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which the analysis tool generated the notification.","type":"string","format":"date-time"},"exception":{"description":"The runtime exception, if any, relevant to this notification.","$ref":"#/definitions/exception"},"descriptor":{"description":"A reference used to locate the descriptor relevant to this notification.","$ref":"#/definitions/reportingDescriptorReference"},"associatedRule":{"description":"A reference used to locate the rule descriptor associated with this notification.","$ref":"#/definitions/reportingDescriptorReference"},"properties":{"description":"Key/value pairs that provide additional information about the notification.","$ref":"#/definitions/propertyBag"}},"required":["message"]},"physicalLocation":{"description":"A physical location relevant to a result. Specifies a reference to a programming artifact together with a range of bytes or characters within that artifact.","additionalProperties":false,"type":"object","properties":{"address":{"description":"The address of the location.","$ref":"#/definitions/address"},"artifactLocation":{"description":"The location of the artifact.","$ref":"#/definitions/artifactLocation"},"region":{"description":"Specifies a portion of the artifact.","$ref":"#/definitions/region"},"contextRegion":{"description":"Specifies a portion of the artifact that encloses the region. Allows a viewer to display additional context around the region.","$ref":"#/definitions/region"},"properties":{"description":"Key/value pairs that provide additional information about the physical location.","$ref":"#/definitions/propertyBag"}},"anyOf":[{"required":["address"]},{"required":["artifactLocation"]}]},"propertyBag":{"description":"Key/value pairs that provide additional information about the object.","type":"object","additionalProperties":true,"properties":{"tags":{"description":"A set of distinct strings that provide additional information.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"type":"string"}}}},"rectangle":{"description":"An area within an image.","additionalProperties":false,"type":"object","properties":{"top":{"description":"The Y coordinate of the top edge of the rectangle, measured in the image\'s natural units.","type":"number"},"left":{"description":"The X coordinate of the left edge of the rectangle, measured in the image\'s natural units.","type":"number"},"bottom":{"description":"The Y coordinate of the bottom edge of the rectangle, measured in the image\'s natural units.","type":"number"},"right":{"description":"The X coordinate of the right edge of the rectangle, measured in the image\'s natural units.","type":"number"},"message":{"description":"A message relevant to the rectangle.","$ref":"#/definitions/message"},"properties":{"description":"Key/value pairs that provide additional information about the rectangle.","$ref":"#/definitions/propertyBag"}}},"region":{"description":"A region within an artifact where a result was detected.","additionalProperties":false,"type":"object","properties":{"startLine":{"description":"The line number of the first character in the region.","type":"integer","minimum":1},"startColumn":{"description":"The column number of the first character in the region.","type":"integer","minimum":1},"endLine":{"description":"The line number of the last character in the region.","type":"integer","minimum":1},"endColumn":{"description":"The column number of the character following the end of the region.","type":"integer","minimum":1},"charOffset":{"description":"The zero-based offset from the beginning of the artifact of the first character in the region.","type":"integer","default":-1,"minimum":-1},"charLength":{"description":"The length of the region in characters.","type":"integer","minimum":0},"byteOffset":{"description":"The zero-based offset from the beginning of the artifact of the first byte in the region.","type":"integer","default":-1,"minimum":-1},"byteLength":{"description":"The length of the region in bytes.","type":"integer","minimum":0},"snippet":{"description":"The portion of the artifact contents within the specified region.","$ref":"#/definitions/artifactContent"},"message":{"description":"A message relevant to the region.","$ref":"#/definitions/message"},"sourceLanguage":{"description":"Specifies the source language, if any, of the portion of the artifact specified by the region object.","type":"string"},"properties":{"description":"Key/value pairs that provide additional information about the region.","$ref":"#/definitions/propertyBag"}}},"replacement":{"description":"The replacement of a single region of an artifact.","additionalProperties":false,"type":"object","properties":{"deletedRegion":{"description":"The region of the artifact to delete.","$ref":"#/definitions/region"},"insertedContent":{"description":"The content to insert at the location specified by the \'deletedRegion\' property.","$ref":"#/definitions/artifactContent"},"properties":{"description":"Key/value pairs that provide additional information about the replacement.","$ref":"#/definitions/propertyBag"}},"required":["deletedRegion"]},"reportingDescriptor":{"description":"Metadata that describes a specific report produced by the tool, as part of the analysis it provides or its runtime reporting.","additionalProperties":false,"type":"object","properties":{"id":{"description":"A stable, opaque identifier for the report.","type":"string"},"deprecatedIds":{"description":"An array of stable, opaque identifiers by which this report was known in some previous version of the analysis tool.","type":"array","minItems":0,"uniqueItems":true,"items":{"type":"string"}},"guid":{"description":"A unique identifier for the reporting descriptor in the form of a GUID.","type":"string","format":"uuid"},"deprecatedGuids":{"description":"An array of unique identifies in the form of a GUID by which this report was known in some previous version of the analysis tool.","type":"array","minItems":0,"uniqueItems":true,"items":{"type":"string","format":"uuid"}},"name":{"description":"A report identifier that is understandable to an end user.","type":"string"},"deprecatedNames":{"description":"An array of readable identifiers by which this report was known in some previous version of the analysis tool.","type":"array","minItems":0,"uniqueItems":true,"items":{"type":"string"}},"shortDescription":{"description":"A concise description of the report. Should be a single sentence that is understandable when visible space is limited to a single line of text.","$ref":"#/definitions/multiformatMessageString"},"fullDescription":{"description":"A description of the report. Should, as far as possible, provide details sufficient to enable resolution of any problem indicated by the result.","$ref":"#/definitions/multiformatMessageString"},"messageStrings":{"description":"A set of name/value pairs with arbitrary names. Each value is a multiformatMessageString object, which holds message strings in plain text and (optionally) Markdown format. The strings can include placeholders, which can be used to construct a message in combination with an arbitrary number of additional string arguments.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"defaultConfiguration":{"description":"Default reporting configuration information.","$ref":"#/definitions/reportingConfiguration"},"helpUri":{"description":"A URI where the primary documentation for the report can be found.","type":"string","format":"uri"},"help":{"description":"Provides the primary documentation for the report, useful when there is no online documentation.","$ref":"#/definitions/multiformatMessageString"},"relationships":{"description":"An array of objects that describe relationships between this reporting descriptor and others.","type":"array","default":[],"minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/reportingDescriptorRelationship"}},"properties":{"description":"Key/value pairs that provide additional information about the report.","$ref":"#/definitions/propertyBag"}},"required":["id"]},"reportingConfiguration":{"description":"Information about a rule or notification that can be configured at runtime.","type":"object","additionalProperties":false,"properties":{"enabled":{"description":"Specifies whether the report may be produced during the scan.","type":"boolean","default":true},"level":{"description":"Specifies the failure level for the report.","default":"warning","enum":["none","note","warning","error"]},"rank":{"description":"Specifies the relative priority of the report. Used for analysis output only.","type":"number","default":-1,"minimum":-1,"maximum":100},"parameters":{"description":"Contains configuration information specific to a report.","$ref":"#/definitions/propertyBag"},"properties":{"description":"Key/value pairs that provide additional information about the reporting configuration.","$ref":"#/definitions/propertyBag"}}},"reportingDescriptorReference":{"description":"Information about how to locate a relevant reporting descriptor.","type":"object","additionalProperties":false,"properties":{"id":{"description":"The id of the descriptor.","type":"string"},"index":{"description":"The index into an array of descriptors in toolComponent.ruleDescriptors, toolComponent.notificationDescriptors, or toolComponent.taxonomyDescriptors, depending on context.","type":"integer","default":-1,"minimum":-1},"guid":{"description":"A guid that uniquely identifies the descriptor.","type":"string","format":"uuid"},"toolComponent":{"description":"A reference used to locate the toolComponent associated with the descriptor.","$ref":"#/definitions/toolComponentReference"},"properties":{"description":"Key/value pairs that provide additional information about the reporting descriptor reference.","$ref":"#/definitions/propertyBag"}},"anyOf":[{"required":["index"]},{"required":["guid"]},{"required":["id"]}]},"reportingDescriptorRelationship":{"description":"Information about the relation of one reporting descriptor to another.","type":"object","additionalProperties":false,"properties":{"target":{"description":"A reference to the related reporting descriptor.","$ref":"#/definitions/reportingDescriptorReference"},"kinds":{"description":"A set of distinct strings that categorize the relationship. Well-known kinds include \'canPrecede\', \'canFollow\', \'willPrecede\', \'willFollow\', \'superset\', \'subset\', \'equal\', \'disjoint\', \'relevant\', and \'incomparable\'.","type":"array","default":["relevant"],"uniqueItems":true,"items":{"type":"string"}},"description":{"description":"A description of the reporting descriptor relationship.","$ref":"#/definitions/message"},"properties":{"description":"Key/value pairs that provide additional information about the reporting descriptor reference.","$ref":"#/definitions/propertyBag"}},"required":["target"]},"result":{"description":"A result produced by an analysis tool.","additionalProperties":false,"type":"object","properties":{"ruleId":{"description":"The stable, unique identifier of the rule, if any, to which this result is relevant.","type":"string"},"ruleIndex":{"description":"The index within the tool component rules array of the rule object associated with this result.","type":"integer","default":-1,"minimum":-1},"rule":{"description":"A reference used to locate the rule descriptor relevant to this result.","$ref":"#/definitions/reportingDescriptorReference"},"kind":{"description":"A value that categorizes results by evaluation state.","default":"fail","enum":["notApplicable","pass","fail","review","open","informational"]},"level":{"description":"A value specifying the severity level of the result.","default":"warning","enum":["none","note","warning","error"]},"message":{"description":"A message that describes the result. The first sentence of the message only will be displayed when visible space is limited.","$ref":"#/definitions/message"},"analysisTarget":{"description":"Identifies the artifact that the analysis tool was instructed to scan. This need not be the same as the artifact where the result actually occurred.","$ref":"#/definitions/artifactLocation"},"locations":{"description":"The set of locations where the result was detected. Specify only one location unless the problem indicated by the result can only be corrected by making a change at every specified location.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/location"}},"guid":{"description":"A stable, unique identifier for the result in the form of a GUID.","type":"string","format":"uuid"},"correlationGuid":{"description":"A stable, unique identifier for the equivalence class of logically identical results to which this result belongs, in the form of a GUID.","type":"string","format":"uuid"},"occurrenceCount":{"description":"A positive integer specifying the number of times this logically unique result was observed in this run.","type":"integer","minimum":1},"partialFingerprints":{"description":"A set of strings that contribute to the stable, unique identity of the result.","type":"object","additionalProperties":{"type":"string"}},"fingerprints":{"description":"A set of strings each of which individually defines a stable, unique identity for the result.","type":"object","additionalProperties":{"type":"string"}},"stacks":{"description":"An array of \'stack\' objects relevant to the result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/stack"}},"codeFlows":{"description":"An array of \'codeFlow\' objects relevant to the result.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/codeFlow"}},"graphs":{"description":"An array of zero or more unique graph objects associated with the result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/graph"}},"graphTraversals":{"description":"An array of one or more unique \'graphTraversal\' objects.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/graphTraversal"}},"relatedLocations":{"description":"A set of locations relevant to this result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/location"}},"suppressions":{"description":"A set of suppressions relevant to this result.","type":"array","minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/suppression"}},"baselineState":{"description":"The state of a result relative to a baseline of a previous run.","enum":["new","unchanged","updated","absent"]},"rank":{"description":"A number representing the priority or importance of the result.","type":"number","default":-1,"minimum":-1,"maximum":100},"attachments":{"description":"A set of artifacts relevant to the result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/attachment"}},"hostedViewerUri":{"description":"An absolute URI at which the result can be viewed.","type":"string","format":"uri"},"workItemUris":{"description":"The URIs of the work items associated with this result.","type":"array","minItems":0,"uniqueItems":true,"items":{"type":"string","format":"uri"}},"provenance":{"description":"Information about how and when the result was detected.","$ref":"#/definitions/resultProvenance"},"fixes":{"description":"An array of \'fix\' objects, each of which represents a proposed fix to the problem indicated by the result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/fix"}},"taxa":{"description":"An array of references to taxonomy reporting descriptors that are applicable to the result.","type":"array","default":[],"minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/reportingDescriptorReference"}},"webRequest":{"description":"A web request associated with this result.","$ref":"#/definitions/webRequest"},"webResponse":{"description":"A web response associated with this result.","$ref":"#/definitions/webResponse"},"properties":{"description":"Key/value pairs that provide additional information about the result.","$ref":"#/definitions/propertyBag"}},"required":["message"]},"resultProvenance":{"description":"Contains information about how and when a result was detected.","additionalProperties":false,"type":"object","properties":{"firstDetectionTimeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which the result was first detected. See \\"Date/time properties\\" in the SARIF spec for the required format.","type":"string","format":"date-time"},"lastDetectionTimeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which the result was most recently detected. See \\"Date/time properties\\" in the SARIF spec for the required format.","type":"string","format":"date-time"},"firstDetectionRunGuid":{"description":"A GUID-valued string equal to the automationDetails.guid property of the run in which the result was first detected.","type":"string","format":"uuid"},"lastDetectionRunGuid":{"description":"A GUID-valued string equal to the automationDetails.guid property of the run in which the result was most recently detected.","type":"string","format":"uuid"},"invocationIndex":{"description":"The index within the run.invocations array of the invocation object which describes the tool invocation that detected the result.","type":"integer","default":-1,"minimum":-1},"conversionSources":{"description":"An array of physicalLocation objects which specify the portions of an analysis tool\'s output that a converter transformed into the result.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/physicalLocation"}},"properties":{"description":"Key/value pairs that provide additional information about the result.","$ref":"#/definitions/propertyBag"}}},"run":{"description":"Describes a single run of an analysis tool, and contains the reported output of that run.","additionalProperties":false,"type":"object","properties":{"tool":{"description":"Information about the tool or tool pipeline that generated the results in this run. A run can only contain results produced by a single tool or tool pipeline. A run can aggregate results from multiple log files, as long as context around the tool run (tool command-line arguments and the like) is identical for all aggregated files.","$ref":"#/definitions/tool"},"invocations":{"description":"Describes the invocation of the analysis tool.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/invocation"}},"conversion":{"description":"A conversion object that describes how a converter transformed an analysis tool\'s native reporting format into the SARIF format.","$ref":"#/definitions/conversion"},"language":{"description":"The language of the messages emitted into the log file during this run (expressed as an ISO 639-1 two-letter lowercase culture code) and an optional region (expressed as an ISO 3166-1 two-letter uppercase subculture code associated with a country or region). The casing is recommended but not required (in order for this data to conform to RFC5646).","type":"string","default":"en-US","pattern":"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"},"versionControlProvenance":{"description":"Specifies the revision in version control of the artifacts that were scanned.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/versionControlDetails"}},"originalUriBaseIds":{"description":"The artifact location specified by each uriBaseId symbol on the machine where the tool originally ran.","type":"object","additionalProperties":{"$ref":"#/definitions/artifactLocation"}},"artifacts":{"description":"An array of artifact objects relevant to the run.","type":"array","minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/artifact"}},"logicalLocations":{"description":"An array of logical locations such as namespaces, types or functions.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/logicalLocation"}},"graphs":{"description":"An array of zero or more unique graph objects associated with the run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/graph"}},"results":{"description":"The set of results contained in an SARIF log. The results array can be omitted when a run is solely exporting rules metadata. It must be present (but may be empty) if a log file represents an actual scan.","type":"array","minItems":0,"uniqueItems":false,"items":{"$ref":"#/definitions/result"}},"automationDetails":{"description":"Automation details that describe this run.","$ref":"#/definitions/runAutomationDetails"},"runAggregates":{"description":"Automation details that describe the aggregate of runs to which this run belongs.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/runAutomationDetails"}},"baselineGuid":{"description":"The \'guid\' property of a previous SARIF \'run\' that comprises the baseline that was used to compute result \'baselineState\' properties for the run.","type":"string","format":"uuid"},"redactionTokens":{"description":"An array of strings used to replace sensitive information in a redaction-aware property.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"type":"string"}},"defaultEncoding":{"description":"Specifies the default encoding for any artifact object that refers to a text file.","type":"string"},"defaultSourceLanguage":{"description":"Specifies the default source language for any artifact object that refers to a text file that contains source code.","type":"string"},"newlineSequences":{"description":"An ordered list of character sequences that were treated as line breaks when computing region information for the run.","type":"array","minItems":1,"uniqueItems":true,"default":["\\r\\n","\\n"],"items":{"type":"string"}},"columnKind":{"description":"Specifies the unit in which the tool measures columns.","enum":["utf16CodeUnits","unicodeCodePoints"]},"externalPropertyFileReferences":{"description":"References to external property files that should be inlined with the content of a root log file.","$ref":"#/definitions/externalPropertyFileReferences"},"threadFlowLocations":{"description":"An array of threadFlowLocation objects cached at run level.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/threadFlowLocation"}},"taxonomies":{"description":"An array of toolComponent objects relevant to a taxonomy in which results are categorized.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"addresses":{"description":"Addresses associated with this run instance, if any.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"$ref":"#/definitions/address"}},"translations":{"description":"The set of available translations of the localized data provided by the tool.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"policies":{"description":"Contains configurations that may potentially override both reportingDescriptor.defaultConfiguration (the tool\'s default severities) and invocation.configurationOverrides (severities established at run-time from the command line).","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"webRequests":{"description":"An array of request objects cached at run level.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/webRequest"}},"webResponses":{"description":"An array of response objects cached at run level.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/webResponse"}},"specialLocations":{"description":"A specialLocations object that defines locations of special significance to SARIF consumers.","$ref":"#/definitions/specialLocations"},"properties":{"description":"Key/value pairs that provide additional information about the run.","$ref":"#/definitions/propertyBag"}},"required":["tool"]},"runAutomationDetails":{"description":"Information that describes a run\'s identity and role within an engineering system process.","additionalProperties":false,"type":"object","properties":{"description":{"description":"A description of the identity and role played within the engineering system by this object\'s containing run object.","$ref":"#/definitions/message"},"id":{"description":"A hierarchical string that uniquely identifies this object\'s containing run object.","type":"string"},"guid":{"description":"A stable, unique identifier for this object\'s containing run object in the form of a GUID.","type":"string","format":"uuid"},"correlationGuid":{"description":"A stable, unique identifier for the equivalence class of runs to which this object\'s containing run object belongs in the form of a GUID.","type":"string","format":"uuid"},"properties":{"description":"Key/value pairs that provide additional information about the run automation details.","$ref":"#/definitions/propertyBag"}}},"specialLocations":{"description":"Defines locations of special significance to SARIF consumers.","type":"object","additionalProperties":false,"properties":{"displayBase":{"description":"Provides a suggestion to SARIF consumers to display file paths relative to the specified location.","$ref":"#/definitions/artifactLocation"},"properties":{"description":"Key/value pairs that provide additional information about the special locations.","$ref":"#/definitions/propertyBag"}}},"stack":{"description":"A call stack that is relevant to a result.","additionalProperties":false,"type":"object","properties":{"message":{"description":"A message relevant to this call stack.","$ref":"#/definitions/message"},"frames":{"description":"An array of stack frames that represents a sequence of calls, rendered in reverse chronological order, that comprise the call stack.","type":"array","minItems":0,"uniqueItems":false,"items":{"$ref":"#/definitions/stackFrame"}},"properties":{"description":"Key/value pairs that provide additional information about the stack.","$ref":"#/definitions/propertyBag"}},"required":["frames"]},"stackFrame":{"description":"A function call within a stack trace.","additionalProperties":false,"type":"object","properties":{"location":{"description":"The location to which this stack frame refers.","$ref":"#/definitions/location"},"module":{"description":"The name of the module that contains the code of this stack frame.","type":"string"},"threadId":{"description":"The thread identifier of the stack frame.","type":"integer"},"parameters":{"description":"The parameters of the call that is executing.","type":"array","minItems":0,"uniqueItems":false,"default":[],"items":{"type":"string","default":[]}},"properties":{"description":"Key/value pairs that provide additional information about the stack frame.","$ref":"#/definitions/propertyBag"}}},"suppression":{"description":"A suppression that is relevant to a result.","additionalProperties":false,"type":"object","properties":{"guid":{"description":"A stable, unique identifier for the suprression in the form of a GUID.","type":"string","format":"uuid"},"kind":{"description":"A string that indicates where the suppression is persisted.","enum":["inSource","external"]},"status":{"description":"A string that indicates the review status of the suppression.","enum":["accepted","underReview","rejected"]},"justification":{"description":"A string representing the justification for the suppression.","type":"string"},"location":{"description":"Identifies the location associated with the suppression.","$ref":"#/definitions/location"},"properties":{"description":"Key/value pairs that provide additional information about the suppression.","$ref":"#/definitions/propertyBag"}},"required":["kind"]},"threadFlow":{"description":"Describes a sequence of code locations that specify a path through a single thread of execution such as an operating system or fiber.","type":"object","additionalProperties":false,"properties":{"id":{"description":"An string that uniquely identifies the threadFlow within the codeFlow in which it occurs.","type":"string"},"message":{"description":"A message relevant to the thread flow.","$ref":"#/definitions/message"},"initialState":{"description":"Values of relevant expressions at the start of the thread flow that may change during thread flow execution.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"immutableState":{"description":"Values of relevant expressions at the start of the thread flow that remain constant.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"locations":{"description":"A temporally ordered array of \'threadFlowLocation\' objects, each of which describes a location visited by the tool while producing the result.","type":"array","minItems":1,"uniqueItems":false,"items":{"$ref":"#/definitions/threadFlowLocation"}},"properties":{"description":"Key/value pairs that provide additional information about the thread flow.","$ref":"#/definitions/propertyBag"}},"required":["locations"]},"threadFlowLocation":{"description":"A location visited by an analysis tool while simulating or monitoring the execution of a program.","additionalProperties":false,"type":"object","properties":{"index":{"description":"The index within the run threadFlowLocations array.","type":"integer","default":-1,"minimum":-1},"location":{"description":"The code location.","$ref":"#/definitions/location"},"stack":{"description":"The call stack leading to this location.","$ref":"#/definitions/stack"},"kinds":{"description":"A set of distinct strings that categorize the thread flow location. Well-known kinds include \'acquire\', \'release\', \'enter\', \'exit\', \'call\', \'return\', \'branch\', \'implicit\', \'false\', \'true\', \'caution\', \'danger\', \'unknown\', \'unreachable\', \'taint\', \'function\', \'handler\', \'lock\', \'memory\', \'resource\', \'scope\' and \'value\'.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"type":"string"}},"taxa":{"description":"An array of references to rule or taxonomy reporting descriptors that are applicable to the thread flow location.","type":"array","default":[],"minItems":0,"uniqueItems":true,"items":{"$ref":"#/definitions/reportingDescriptorReference"}},"module":{"description":"The name of the module that contains the code that is executing.","type":"string"},"state":{"description":"A dictionary, each of whose keys specifies a variable or expression, the associated value of which represents the variable or expression value. For an annotation of kind \'continuation\', for example, this dictionary might hold the current assumed values of a set of global variables.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"nestingLevel":{"description":"An integer representing a containment hierarchy within the thread flow.","type":"integer","minimum":0},"executionOrder":{"description":"An integer representing the temporal order in which execution reached this location.","type":"integer","default":-1,"minimum":-1},"executionTimeUtc":{"description":"The Coordinated Universal Time (UTC) date and time at which this location was executed.","type":"string","format":"date-time"},"importance":{"description":"Specifies the importance of this location in understanding the code flow in which it occurs. The order from most to least important is \\"essential\\", \\"important\\", \\"unimportant\\". Default: \\"important\\".","enum":["important","essential","unimportant"],"default":"important"},"webRequest":{"description":"A web request associated with this thread flow location.","$ref":"#/definitions/webRequest"},"webResponse":{"description":"A web response associated with this thread flow location.","$ref":"#/definitions/webResponse"},"properties":{"description":"Key/value pairs that provide additional information about the threadflow location.","$ref":"#/definitions/propertyBag"}}},"tool":{"description":"The analysis tool that was run.","additionalProperties":false,"type":"object","properties":{"driver":{"description":"The analysis tool that was run.","$ref":"#/definitions/toolComponent"},"extensions":{"description":"Tool extensions that contributed to or reconfigured the analysis tool that was run.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponent"}},"properties":{"description":"Key/value pairs that provide additional information about the tool.","$ref":"#/definitions/propertyBag"}},"required":["driver"]},"toolComponent":{"description":"A component, such as a plug-in or the driver, of the analysis tool that was run.","additionalProperties":false,"type":"object","properties":{"guid":{"description":"A unique identifier for the tool component in the form of a GUID.","type":"string","format":"uuid"},"name":{"description":"The name of the tool component.","type":"string"},"organization":{"description":"The organization or company that produced the tool component.","type":"string"},"product":{"description":"A product suite to which the tool component belongs.","type":"string"},"productSuite":{"description":"A localizable string containing the name of the suite of products to which the tool component belongs.","type":"string"},"shortDescription":{"description":"A brief description of the tool component.","$ref":"#/definitions/multiformatMessageString"},"fullDescription":{"description":"A comprehensive description of the tool component.","$ref":"#/definitions/multiformatMessageString"},"fullName":{"description":"The name of the tool component along with its version and any other useful identifying information, such as its locale.","type":"string"},"version":{"description":"The tool component version, in whatever format the component natively provides.","type":"string"},"semanticVersion":{"description":"The tool component version in the format specified by Semantic Versioning 2.0.","type":"string"},"dottedQuadFileVersion":{"description":"The binary version of the tool component\'s primary executable file expressed as four non-negative integers separated by a period (for operating systems that express file versions in this way).","type":"string","pattern":"[0-9]+(\\\\.[0-9]+){3}"},"releaseDateUtc":{"description":"A string specifying the UTC date (and optionally, the time) of the component\'s release.","type":"string"},"downloadUri":{"description":"The absolute URI from which the tool component can be downloaded.","type":"string","format":"uri"},"informationUri":{"description":"The absolute URI at which information about this version of the tool component can be found.","type":"string","format":"uri"},"globalMessageStrings":{"description":"A dictionary, each of whose keys is a resource identifier and each of whose values is a multiformatMessageString object, which holds message strings in plain text and (optionally) Markdown format. The strings can include placeholders, which can be used to construct a message in combination with an arbitrary number of additional string arguments.","type":"object","additionalProperties":{"$ref":"#/definitions/multiformatMessageString"}},"notifications":{"description":"An array of reportingDescriptor objects relevant to the notifications related to the configuration and runtime execution of the tool component.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/reportingDescriptor"}},"rules":{"description":"An array of reportingDescriptor objects relevant to the analysis performed by the tool component.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/reportingDescriptor"}},"taxa":{"description":"An array of reportingDescriptor objects relevant to the definitions of both standalone and tool-defined taxonomies.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/reportingDescriptor"}},"locations":{"description":"An array of the artifactLocation objects associated with the tool component.","type":"array","minItems":0,"default":[],"items":{"$ref":"#/definitions/artifactLocation"}},"language":{"description":"The language of the messages emitted into the log file during this run (expressed as an ISO 639-1 two-letter lowercase language code) and an optional region (expressed as an ISO 3166-1 two-letter uppercase subculture code associated with a country or region). The casing is recommended but not required (in order for this data to conform to RFC5646).","type":"string","default":"en-US","pattern":"^[a-zA-Z]{2}(-[a-zA-Z]{2})?$"},"contents":{"description":"The kinds of data contained in this object.","type":"array","uniqueItems":true,"default":["localizedData","nonLocalizedData"],"items":{"enum":["localizedData","nonLocalizedData"]}},"isComprehensive":{"description":"Specifies whether this object contains a complete definition of the localizable and/or non-localizable data for this component, as opposed to including only data that is relevant to the results persisted to this log file.","type":"boolean","default":false},"localizedDataSemanticVersion":{"description":"The semantic version of the localized strings defined in this component; maintained by components that provide translations.","type":"string"},"minimumRequiredLocalizedDataSemanticVersion":{"description":"The minimum value of localizedDataSemanticVersion required in translations consumed by this component; used by components that consume translations.","type":"string"},"associatedComponent":{"description":"The component which is strongly associated with this component. For a translation, this refers to the component which has been translated. For an extension, this is the driver that provides the extension\'s plugin model.","$ref":"#/definitions/toolComponentReference"},"translationMetadata":{"description":"Translation metadata, required for a translation, not populated by other component types.","$ref":"#/definitions/translationMetadata"},"supportedTaxonomies":{"description":"An array of toolComponentReference objects to declare the taxonomies supported by the tool component.","type":"array","minItems":0,"uniqueItems":true,"default":[],"items":{"$ref":"#/definitions/toolComponentReference"}},"properties":{"description":"Key/value pairs that provide additional information about the tool component.","$ref":"#/definitions/propertyBag"}},"required":["name"]},"toolComponentReference":{"description":"Identifies a particular toolComponent object, either the driver or an extension.","type":"object","additionalProperties":false,"properties":{"name":{"description":"The \'name\' property of the referenced toolComponent.","type":"string"},"index":{"description":"An index into the referenced toolComponent in tool.extensions.","type":"integer","default":-1,"minimum":-1},"guid":{"description":"The \'guid\' property of the referenced toolComponent.","type":"string","format":"uuid"},"properties":{"description":"Key/value pairs that provide additional information about the toolComponentReference.","$ref":"#/definitions/propertyBag"}}},"translationMetadata":{"description":"Provides additional metadata related to translation.","type":"object","additionalProperties":false,"properties":{"name":{"description":"The name associated with the translation metadata.","type":"string"},"fullName":{"description":"The full name associated with the translation metadata.","type":"string"},"shortDescription":{"description":"A brief description of the translation metadata.","$ref":"#/definitions/multiformatMessageString"},"fullDescription":{"description":"A comprehensive description of the translation metadata.","$ref":"#/definitions/multiformatMessageString"},"downloadUri":{"description":"The absolute URI from which the translation metadata can be downloaded.","type":"string","format":"uri"},"informationUri":{"description":"The absolute URI from which information related to the translation metadata can be downloaded.","type":"string","format":"uri"},"properties":{"description":"Key/value pairs that provide additional information about the translation metadata.","$ref":"#/definitions/propertyBag"}},"required":["name"]},"versionControlDetails":{"description":"Specifies the information necessary to retrieve a desired revision from a version control system.","type":"object","additionalProperties":false,"properties":{"repositoryUri":{"description":"The absolute URI of the repository.","type":"string","format":"uri"},"revisionId":{"description":"A string that uniquely and permanently identifies the revision within the repository.","type":"string"},"branch":{"description":"The name of a branch containing the revision.","type":"string"},"revisionTag":{"description":"A tag that has been applied to the revision.","type":"string"},"asOfTimeUtc":{"description":"A Coordinated Universal Time (UTC) date and time that can be used to synchronize an enlistment to the state of the repository at that time.","type":"string","format":"date-time"},"mappedTo":{"description":"The location in the local file system to which the root of the repository was mapped at the time of the analysis.","$ref":"#/definitions/artifactLocation"},"properties":{"description":"Key/value pairs that provide additional information about the version control details.","$ref":"#/definitions/propertyBag"}},"required":["repositoryUri"]},"webRequest":{"description":"Describes an HTTP request.","type":"object","additionalProperties":false,"properties":{"index":{"description":"The index within the run.webRequests array of the request object associated with this result.","type":"integer","default":-1,"minimum":-1},"protocol":{"description":"The request protocol. Example: \'http\'.","type":"string"},"version":{"description":"The request version. Example: \'1.1\'.","type":"string"},"target":{"description":"The target of the request.","type":"string"},"method":{"description":"The HTTP method. Well-known values are \'GET\', \'PUT\', \'POST\', \'DELETE\', \'PATCH\', \'HEAD\', \'OPTIONS\', \'TRACE\', \'CONNECT\'.","type":"string"},"headers":{"description":"The request headers.","type":"object","additionalProperties":{"type":"string"}},"parameters":{"description":"The request parameters.","type":"object","additionalProperties":{"type":"string"}},"body":{"description":"The body of the request.","$ref":"#/definitions/artifactContent"},"properties":{"description":"Key/value pairs that provide additional information about the request.","$ref":"#/definitions/propertyBag"}}},"webResponse":{"description":"Describes the response to an HTTP request.","type":"object","additionalProperties":false,"properties":{"index":{"description":"The index within the run.webResponses array of the response object associated with this result.","type":"integer","default":-1,"minimum":-1},"protocol":{"description":"The response protocol. Example: \'http\'.","type":"string"},"version":{"description":"The response version. Example: \'1.1\'.","type":"string"},"statusCode":{"description":"The response status code. Example: 451.","type":"integer"},"reasonPhrase":{"description":"The response reason. Example: \'Not found\'.","type":"string"},"headers":{"description":"The response headers.","type":"object","additionalProperties":{"type":"string"}},"body":{"description":"The body of the response.","$ref":"#/definitions/artifactContent"},"noResponseReceived":{"description":"Specifies whether a response was received from the server.","type":"boolean","default":false},"properties":{"description":"Key/value pairs that provide additional information about the response.","$ref":"#/definitions/propertyBag"}}}}}');
;// CONCATENATED MODULE: ./src/reports/sarif-schema.ts
// Whether a parsed JSON document is a SARIF 2.1.0 log, by the SARIF 2.1.0 JSON schema, checked with
// ajv. A log that fails it is an unreadable report (fail closed), never "0 findings".
//
// The schema is sarif-2.1.0.schema.json beside this file: an unmodified copy of `sarif-2.1.0.json`
// from the npm package @microsoft/sarif-multitool-linux@5.7.0 (package/sarif-2.1.0.json), the
// schema Microsoft's SARIF SDK Multitool validates logs with (https://github.com/microsoft/sarif-sdk;
// MIT licence, Copyright (c) Microsoft Corporation). It is the OASIS SARIF 2.1.0 schema with the
// errata's corrections (suppression.status, which some older copies of the OASIS file call
// `state`); its sha256 is SARIF_SCHEMA_SHA256, checked by a test.
//
// As github/codeql-action's upload-sarif does before GitHub code scanning accepts a log, a value
// that is not a well-formed `uri`/`uri-reference` is not an error (real tools write paths with
// spaces and Windows paths there; the parser decides what a location names). Nor is a repeated
// entry where the schema says `uniqueItems` (rules, artifacts, taxa…): checking that is quadratic
// (a run listing 20,000 artifacts took 17 s) and a duplicate changes nothing this parser reads. Everything else the schema says is checked: the shapes, required
// properties, enums, minimums, patterns, formats of dates and GUIDs, no undefined properties.
//
// The schema's licence (kept here so the bundle that embeds it carries it):
//   MIT License. Copyright (c) Microsoft Corporation.
//   Permission is hereby granted, free of charge, to any person obtaining a copy of this software
//   and associated documentation files (the "Software"), to deal in the Software without
//   restriction, including without limitation the rights to use, copy, modify, merge, publish,
//   distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
//   Software is furnished to do so, subject to the following conditions:
//   The above copyright notice and this permission notice shall be included in all copies or
//   substantial portions of the Software.
//   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
//   BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
//   NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
//   DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
//   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.



const SARIF_SCHEMA_SHA256 = '1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c';
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats = (dist_default())["default"] ??
    (dist_default());
/** How many schema problems one refusal names. */
const SHOWN = 3;
let validator;
/** A copy of the schema without `uniqueItems` (see above); no SARIF property is called that. */
function withoutUniqueItems(node) {
    if (Array.isArray(node))
        return node.map(withoutUniqueItems);
    if (typeof node !== 'object' || node === null)
        return node;
    return Object.fromEntries(Object.entries(node)
        .filter(([key]) => key !== 'uniqueItems')
        .map(([key, value]) => [key, withoutUniqueItems(value)]));
}
/** Compiled once per process, on first use (about half a second). */
function validate() {
    if (!validator) {
        const ajv = new _2020.Ajv2020({
            strict: false,
            allErrors: false,
            formats: { uri: true, 'uri-reference': true },
        });
        addFormats(ajv, ['date-time', 'uuid']);
        validator = ajv.compile(withoutUniqueItems(sarif_2_1_0_schema_namespaceObject));
    }
    return validator;
}
/** `/runs/0/results/3/level` → `runs[0].results[3].level` (the log itself for the root). */
function where(pointer) {
    if (!pointer)
        return 'the log';
    return pointer
        .split('/')
        .slice(1)
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
        .join('');
}
function valueAt(doc, pointer) {
    let v = doc;
    for (const raw of pointer.split('/').slice(1)) {
        const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        if (typeof v !== 'object' || v === null)
            return undefined;
        v = v[key];
    }
    return v;
}
function shown(v) {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
function describe(doc, errors) {
    const out = [];
    const byPath = new Map();
    for (const e of errors)
        byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
    for (const [pointer, list] of byPath) {
        const at = where(pointer);
        const missing = list
            .filter((e) => e.keyword === 'required')
            .map((e) => `"${String(e.params.missingProperty)}"`);
        const first = list[0];
        if (!first)
            continue;
        if (list.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') && missing.length > 1) {
            out.push(`${at} must have one of ${missing.join(', ')}`);
        }
        else if (first.keyword === 'required') {
            out.push(`${at} must have ${missing.join(', ')}`);
        }
        else if (first.keyword === 'additionalProperties') {
            out.push(`${at} has a property SARIF does not define: "${String(first.params.additionalProperty)}"`);
        }
        else if (first.keyword === 'enum' && Array.isArray(first.params.allowedValues)) {
            const allowed = first.params.allowedValues.map((v) => JSON.stringify(v)).join(', ');
            out.push(`${at} is ${shown(valueAt(doc, pointer))}, not one of ${allowed}`);
        }
        else {
            out.push(`${at} ${first.message ?? 'is invalid'} (is ${shown(valueAt(doc, pointer))})`);
        }
    }
    return out;
}
/**
 * What makes `doc` not a SARIF 2.1.0 log by the schema, in words naming where (`runs[0].results must
 * be array (is 42)`), at most a few; empty when it is one.
 */
function sarifSchemaProblems(doc) {
    const check = validate();
    if (check(doc))
        return [];
    return describe(doc, check.errors ?? []).slice(0, SHOWN);
}

;// CONCATENATED MODULE: ./src/reports/sarif.ts



const LEVELS = ['error', 'warning', 'note', 'none'];
const obj = (v) => typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
const arr = (v) => (Array.isArray(v) ? v : []);
const str = (v) => (typeof v === 'string' ? v : undefined);
const sarif_int = (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
const level = (v) => LEVELS.includes(v) ? v : undefined;
/** The rule of a result: by toolComponent + index (CodeQL puts rules in extensions), else by id. */
function ruleOf(result, run) {
    const ref = obj(result.rule);
    const componentIndex = sarif_int(obj(ref?.toolComponent)?.index);
    const component = componentIndex !== undefined ? run.components[componentIndex + 1] : run.components[0];
    const index = sarif_int(ref?.index) ?? sarif_int(result.ruleIndex);
    if (component && index !== undefined) {
        const rule = obj(arr(component.rules)[index]);
        if (rule)
            return rule;
    }
    const id = str(result.ruleId) ?? str(ref?.id);
    if (id === undefined)
        return undefined;
    for (const c of run.components) {
        const rule = arr(c.rules)
            .map(obj)
            .find((r) => r?.id === id);
        if (rule)
            return rule;
    }
    // Hierarchical ids ("js/xss/subrule") fall back to their base rule.
    const base = id.split('/').slice(0, -1).join('/');
    if (base && base !== id)
        return ruleOf({ ruleId: base }, run);
    return undefined;
}
function formatArguments(template, args) {
    return template.replace(/\{(\d+)\}/g, (whole, n) => {
        const a = args[Number(n)];
        return typeof a === 'string' || typeof a === 'number' ? String(a) : whole;
    });
}
/** CodeQL writes "[user-provided value](1)" links to related locations; keep the text. */
const unlink = (s) => s.replace(/\[([^\]\n]+)\]\((\d+)\)/g, '$1');
function messageOf(result, rule, run) {
    const message = obj(result.message);
    const text = str(message?.text) ?? str(message?.markdown);
    if (text !== undefined)
        return unlink(text);
    const id = str(message?.id);
    if (id !== undefined) {
        const strings = [obj(rule?.messageStrings), ...run.components.map((c) => obj(c.globalMessageStrings))];
        for (const s of strings) {
            const template = str(obj(s?.[id])?.text);
            if (template !== undefined)
                return unlink(formatArguments(template, arr(message?.arguments)));
        }
    }
    return str(obj(rule?.shortDescription)?.text) ?? str(obj(rule?.fullDescription)?.text) ?? '';
}
function isSuppressed(result) {
    // An accepted (or status-less) suppression hides the result, as on GitHub code scanning.
    return arr(result.suppressions).some((s) => {
        const status = str(obj(s)?.status);
        return status === undefined || status === 'accepted';
    });
}
const posInt = (v) => {
    const n = sarif_int(v);
    return n !== undefined && n > 0 ? n : undefined;
};
/** Lines, and columns when the region is on one line (GitHub annotates columns on one line only). */
function regionOf(region) {
    const start = posInt(region?.startLine);
    if (start === undefined)
        return {};
    const end = sarif_int(region?.endLine);
    const out = {
        startLine: start,
        endLine: end !== undefined && end >= start ? end : start,
    };
    if (out.endLine !== start)
        return out;
    const startColumn = posInt(region?.startColumn);
    let endColumn = posInt(region?.endColumn);
    // A one-line region given by start column and length (Qodana): its end is start + length.
    const length = sarif_int(region?.charLength);
    const snippet = str(obj(region?.snippet)?.text);
    if (endColumn === undefined &&
        startColumn !== undefined &&
        length !== undefined &&
        !snippet?.includes('\n'))
        endColumn = startColumn + length;
    // startColumn defaults to 1 (§3.30.5) when only the end is given.
    const first = startColumn ?? (endColumn !== undefined ? 1 : undefined);
    if (first === undefined)
        return out;
    out.startColumn = first;
    if (endColumn !== undefined && endColumn >= first)
        out.endColumn = endColumn;
    return out;
}
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const DRIVE = /^[A-Za-z]:[\\/]/;
/** The absolute URI a uriBaseId stands for (through run.originalUriBaseIds), when the log says. */
function baseUri(id, run, depth = 0) {
    if (id === undefined || depth > 8)
        return undefined;
    const base = obj(run.bases?.[id]);
    const uri = str(base?.uri);
    const parent = str(base?.uriBaseId);
    if (uri === undefined)
        return baseUri(parent, run, depth + 1);
    if (SCHEME.test(uri) && !DRIVE.test(uri))
        return uri;
    const above = baseUri(parent, run, depth + 1);
    if (above === undefined)
        return undefined;
    try {
        return new URL(uri, above).href;
    }
    catch {
        return undefined;
    }
}
function decode(s) {
    try {
        return decodeURIComponent(s);
    }
    catch {
        return s; // not percent-encoded after all
    }
}
/** `a/./b/../c` → `a/c`; undefined when it climbs above where it starts. */
function collapse(rel) {
    const out = [];
    for (const segment of rel.split('/')) {
        if (segment === '' || segment === '.')
            continue;
        if (segment !== '..')
            out.push(segment);
        else if (out.pop() === undefined)
            return undefined;
    }
    return out.join('/');
}
/** An absolute path without `.`/`..` segments (the repository paths map it into the checkout). */
function absolute(file) {
    if (!file.startsWith('/'))
        return file;
    const collapsed = collapse(file);
    return collapsed === undefined ? file : `/${collapsed}`;
}
/** The repository path (or absolute file path) an artifact location names, or why it names none. */
function placeOf(uri, uriBaseId, run) {
    if (uri.trim() === '')
        return { shown: '(an empty URI)', why: 'names no file' };
    const scheme = SCHEME.exec(uri)?.[1];
    if (scheme !== undefined && !DRIVE.test(uri)) {
        if (scheme.toLowerCase() !== 'file')
            return { shown: uri, why: 'not a file' };
        const host = /^file:\/\/([^/]*)/i.exec(uri)?.[1];
        if (host && host.toLowerCase() !== 'localhost')
            return { shown: uri, why: `a file on another host (${host})` };
        return { path: absolute(normalizeFile(uri)) };
    }
    const base = baseUri(uriBaseId, run);
    if (base !== undefined && !/^file:/i.test(base)) {
        let shown = `${base}${uri}`;
        try {
            shown = new URL(uri, base).href;
        }
        catch {
            // keep the plain concatenation
        }
        return { shown, why: 'not a file' };
    }
    const p = decode(uri).replace(/\\/g, '/');
    if (p.startsWith('/') || DRIVE.test(p))
        return { path: absolute(p) };
    const rel = collapse(p);
    // Climbing out (`../src/x.c` from a build directory): the repository paths may still find the
    // file; keepInRepository moves the finding to the report when they do not.
    if (rel === undefined)
        return { path: p.replace(/^(\.\/)+/, '') };
    if (rel === '')
        return { shown: uri, why: 'names no file' };
    return { path: rel };
}
/** The first location in a file; else the first location elsewhere (annotated on the report). */
function locationOf(result, run) {
    let elsewhere;
    for (const l of arr(result.locations)) {
        const physical = obj(obj(l)?.physicalLocation);
        if (!physical)
            continue;
        const artifactLocation = obj(physical.artifactLocation);
        const index = sarif_int(artifactLocation?.index);
        const artifact = index !== undefined ? obj(obj(run.artifacts[index])?.location) : undefined;
        const uri = str(artifactLocation?.uri) ?? str(artifact?.uri);
        if (uri === undefined)
            continue;
        const uriBaseId = str(artifactLocation?.uriBaseId) ?? str(artifact?.uriBaseId);
        const region = regionOf(obj(physical.region));
        const place = placeOf(uri, uriBaseId, run);
        if ('path' in place)
            return { path: place.path, ...region };
        elsewhere ??= { ...place, ...(region.startLine !== undefined ? { line: region.startLine } : {}) };
    }
    return elsewhere ?? {};
}
/** The message of a finding annotated on the report, saying where the tool put it. */
function withLocation(message, at) {
    const where = `${at.shown}${at.line !== undefined ? `:${at.line}` : ''}`;
    return `${message}${message ? '\n\n' : ''}Location: ${where} (${at.why})`;
}
/**
 * After the repository paths have mapped `f.path` into the checkout: a path still outside it (an
 * absolute path elsewhere on the machine, `../x`) is not an annotation path either; the finding
 * moves to the report, its message saying where the tool put it.
 */
function keepInRepository(f) {
    if (f.path === undefined)
        return;
    if (!f.path.startsWith('/') && !DRIVE.test(f.path) && !/(^|\/)\.\.(\/|$)/.test(f.path))
        return;
    f.message = withLocation(f.message, {
        shown: f.path,
        why: 'outside the repository',
        ...(f.startLine !== undefined ? { line: f.startLine } : {}),
    });
    delete f.path;
    delete f.startLine;
    delete f.endLine;
    delete f.startColumn;
    delete f.endColumn;
}
/** Results that are not findings: §3.27.9 kind, §3.27.24 baselineState. */
function notAFinding(result) {
    const kind = str(result.kind);
    return kind === 'pass' || kind === 'notApplicable' || str(result.baselineState) === 'absent';
}
/** Parse one SARIF 2.1.0 log. Throws ReportParseError (with the path) when it is not one. */
function parseSarif(path, json) {
    let doc;
    try {
        doc = JSON.parse(json.replace(/^\uFEFF/, ''));
    }
    catch (error) {
        throw new ReportParseError(`${path}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const root = obj(doc);
    if (!root || !Array.isArray(root.runs))
        throw new ReportParseError(`${path}: not a SARIF log (no "runs" array)`);
    const version = str(root.version);
    if (version !== undefined && version !== '2.1.0') {
        throw new ReportParseError(`${path}: SARIF version ${version} is not supported, expected 2.1.0`);
    }
    const problems = sarifSchemaProblems(doc);
    if (problems.length)
        throw new ReportParseError(`${path}: not a valid SARIF 2.1.0 log: ${problems.join('; ')}`);
    // §3.14.23: a run's results are absent only when it did not scan (rules metadata alone).
    if (!root.runs.some((r) => Array.isArray(obj(r)?.results)))
        throw new ReportParseError(`${path}: no run in this SARIF log has "results": the tool reported no scan, not a clean one`);
    const findings = [];
    for (const r of root.runs) {
        const runObj = obj(r);
        if (!runObj)
            continue;
        const tool = obj(runObj.tool);
        const driver = obj(tool?.driver) ?? {};
        const extensions = arr(tool?.extensions)
            .map(obj)
            .filter((e) => e !== undefined);
        const run = {
            components: [driver, ...extensions],
            artifacts: arr(runObj.artifacts),
            bases: obj(runObj.originalUriBaseIds),
        };
        const toolName = str(driver.name) ?? 'SARIF';
        for (const item of arr(runObj.results)) {
            const result = obj(item);
            if (!result || isSuppressed(result) || notAFinding(result))
                continue;
            const rule = ruleOf(result, run);
            const kind = str(result.kind);
            const resolved = level(result.level) ??
                (kind !== undefined && kind !== 'fail' ? 'none' : undefined) ??
                level(obj(rule?.defaultConfiguration)?.level) ??
                'warning';
            const message = messageOf(result, rule, run);
            const where = locationOf(result, run);
            const finding = {
                ruleId: str(result.ruleId) ?? str(obj(result.rule)?.id) ?? str(rule?.id) ?? 'unknown',
                level: resolved,
                message: 'why' in where ? withLocation(message, where) : message,
                tool: toolName,
                ...('why' in where ? {} : where),
            };
            const helpUri = str(rule?.helpUri);
            if (helpUri)
                finding.helpUri = helpUri;
            findings.push(finding);
        }
    }
    return { format: 'sarif', path, findings };
}

;// CONCATENATED MODULE: ./src/reports/collect.ts
// Find a check's report files (globs relative to the repository root), parse each with its
// format's parser and map the paths inside them onto repository paths. Never throws for a bad
// report: a missing, unreadable or invalid file becomes one line in `errors`.







/** Larger files are refused rather than read into memory. */
const MAX_REPORT_BYTES = 64 * 1024 * 1024;
/** Why a matched file is not this run's report (written before `notBefore`), or undefined. */
async function staleness(file, shown, notBefore) {
    if (notBefore === undefined)
        return undefined;
    const written = await external_node_fs_.promises.stat(file).then((s) => s.mtimeMs, () => undefined);
    if (written === undefined || written >= Math.floor(notBefore / 1000) * 1000)
        return undefined;
    return `${shown}: last written ${new Date(written).toISOString()}, before the check started (${new Date(notBefore).toISOString()}): a report of an earlier run, not read (the check wrote no new one)`;
}
async function matchFiles(root, kind, patterns, errors) {
    const files = new Set();
    for (const pattern of patterns) {
        if (pattern.trim() === '')
            continue;
        try {
            const matched = await glob(root, pattern);
            if (matched.length === 0)
                errors.push(`${kind}: no file matches "${pattern}"`);
            for (const file of matched)
                files.add(file);
        }
        catch (error) {
            errors.push(`${kind}: cannot search "${pattern}": ${(0,model_errors/* errorMessage */.gJ)(error)}`);
        }
    }
    return [...files].sort();
}
/**
 * Reads a report inside the repository. The check wrote it and may have made it a link (to
 * /etc/passwd, to a credentials file): what is read is where the link leads, and only inside root.
 */
async function readReport(file, shown, maxBytes, root) {
    let size;
    try {
        const real = await external_node_fs_.promises.realpath(file);
        const rel = external_node_path_default().relative(root, real);
        if (rel.startsWith('..') || external_node_path_default().isAbsolute(rel))
            throw new Error(`it leads outside the repository (to ${real}); reports are read only from inside it`);
        file = real;
        size = (await external_node_fs_.promises.stat(file)).size;
    }
    catch (error) {
        throw new Error(`${shown}: cannot read: ${(0,model_errors/* errorMessage */.gJ)(error)}`);
    }
    if (size > maxBytes) {
        throw new Error(`${shown}: ${size} bytes is larger than the ${maxBytes}-byte limit for a report`);
    }
    try {
        return await external_node_fs_.promises.readFile(file, 'utf8');
    }
    catch (error) {
        throw new Error(`${shown}: cannot read: ${(0,model_errors/* errorMessage */.gJ)(error)}`);
    }
}
async function relocateTests(report, paths) {
    for (const suite of report.suites) {
        for (const c of suite.cases) {
            if (c.file)
                c.file = await paths.resolve(c.file, [c.classname, suite.name]);
        }
    }
}
async function relocateFindings(report, paths) {
    for (const f of report.findings) {
        if (f.path)
            f.path = await paths.resolve(f.path);
        keepInRepository(f);
    }
}
/** Collect and parse every JUnit and SARIF report that `spec` matches under `root`. */
async function collectReports(root, spec, options = {}) {
    const maxBytes = options.maxBytes ?? MAX_REPORT_BYTES;
    const rootDir = external_node_path_default().resolve(root);
    const paths = new RepoPaths(rootDir);
    const realRoot = await external_node_fs_.promises.realpath(rootDir).catch(() => rootDir);
    const result = { tests: [], findings: [], errors: [] };
    for (const file of await matchFiles(rootDir, 'junit', spec.junit, result.errors)) {
        const shown = paths.display(file);
        const stale = await staleness(file, shown, options.notBefore);
        if (stale) {
            result.errors.push(stale);
            continue;
        }
        try {
            const report = parseJUnit(shown, await readReport(file, shown, maxBytes, realRoot));
            await relocateTests(report, paths);
            result.tests.push(report);
        }
        catch (error) {
            result.errors.push((0,model_errors/* errorMessage */.gJ)(error));
        }
    }
    for (const file of await matchFiles(rootDir, 'sarif', spec.sarif, result.errors)) {
        const shown = paths.display(file);
        const stale = await staleness(file, shown, options.notBefore);
        if (stale) {
            result.errors.push(stale);
            continue;
        }
        try {
            const report = parseSarif(shown, await readReport(file, shown, maxBytes, realRoot));
            await relocateFindings(report, paths);
            result.findings.push(report);
        }
        catch (error) {
            result.errors.push((0,model_errors/* errorMessage */.gJ)(error));
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./src/reports/bound.ts
const RANK = { failure: 0, warning: 1, notice: 2 };
/** At most `limit` annotations, failures first, then warnings, then notices, each in report order. */
function boundAnnotations(annotations, limit) {
    if (annotations.length <= limit)
        return { annotations: [...annotations], omitted: 0 };
    const kept = annotations
        .map((a, index) => ({ a, index }))
        .sort((x, y) => RANK[x.a.level] - RANK[y.a.level] || x.index - y.index)
        .slice(0, limit)
        .map(({ a }) => a);
    return { annotations: kept, omitted: annotations.length - limit };
}

;// CONCATENATED MODULE: ./src/reports/annotations.ts
// Report model → check-run annotations, totals and the SARIF fail rule. Everything returned here
// already fits GitHub's limits (title ≤ 255 chars, message/raw_details ≤ 64 KB); batching to 50
// per request is the caller's job (see batches()).

/** GitHub accepts at most this many annotations per check-run create/update request. */
const MAX_ANNOTATIONS_PER_REQUEST = 50;
const MAX_ANNOTATION_TITLE = 255;
/** "The maximum size is 64 KB" for message and raw_details; kept under it in UTF-8 bytes. */
const MAX_ANNOTATION_BYTES = 64 * 1024 - 1;
const TRUNCATED = '\n… (truncated)';
function list(x) {
    return Array.isArray(x) ? x : [x];
}
/** Cut `s` to at most `maxBytes` UTF-8 bytes (never inside a character), marking the cut. */
function truncateBytes(s, maxBytes) {
    if (Buffer.byteLength(s, 'utf8') <= maxBytes)
        return s;
    const budget = maxBytes - Buffer.byteLength(TRUNCATED, 'utf8');
    let out = Buffer.from(s, 'utf8').subarray(0, Math.max(0, budget)).toString('utf8');
    // A cut multi-byte character decodes to U+FFFD: drop it.
    out = out.replace(/\uFFFD$/, '');
    return out + TRUNCATED;
}
/** Cut `s` to at most `max` characters (code points), ending with an ellipsis when cut. */
function truncateChars(s, max) {
    const chars = Array.from(s);
    return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}
function annotation(level, path, startLine, endLine, title, message, rawDetails, columns = {}) {
    // Test frameworks colour their failure text (jest's code frames): GitHub shows escapes raw.
    title = (0,plain_text/* plainText */.w)(title);
    message = (0,plain_text/* plainText */.w)(message);
    rawDetails = rawDetails === undefined ? undefined : (0,plain_text/* plainText */.w)(rawDetails);
    const start = startLine !== undefined && startLine > 0 ? startLine : 1;
    const end = endLine !== undefined && endLine >= start ? endLine : start;
    const a = {
        path,
        startLine: start,
        endLine: end,
        level,
        title: truncateChars(title.trim() || 'unnamed', MAX_ANNOTATION_TITLE),
        message: truncateBytes(message.trim() || title, MAX_ANNOTATION_BYTES),
    };
    if (rawDetails && rawDetails.trim() && rawDetails.trim() !== message.trim()) {
        a.rawDetails = truncateBytes(rawDetails, MAX_ANNOTATION_BYTES);
    }
    // GitHub takes columns on a one-line annotation only.
    if (start === end && columns.start !== undefined && columns.start > 0) {
        a.startColumn = columns.start;
        if (columns.end !== undefined && columns.end >= columns.start)
            a.endColumn = columns.end;
    }
    return a;
}
/** One `failure` annotation per failed or errored test case, at its file/line, else the report's line 1. */
function testAnnotations(report) {
    const out = [];
    for (const suite of report.suites) {
        for (const c of suite.cases) {
            if (c.result !== 'failed' && c.result !== 'error')
                continue;
            const fallback = c.result === 'error' ? 'Test errored' : 'Test failed';
            const path = c.file ?? report.path;
            const line = c.file ? c.line : 1;
            out.push(annotation('failure', path, line, line, c.name || c.classname || suite.name, c.message ?? fallback, c.details));
        }
    }
    return out;
}
const FINDING_LEVEL = {
    error: 'failure',
    warning: 'warning',
    note: 'notice',
    none: 'notice',
};
/**
 * One annotation per finding: error → failure, warning → warning, note/none → notice; columns
 * (a one-line region's) as the finding gives them.
 */
function findingAnnotations(report) {
    return report.findings.map((f) => annotation(FINDING_LEVEL[f.level], f.path ?? report.path, f.path ? f.startLine : 1, f.path ? f.endLine : 1, `${f.tool}: ${f.ruleId}`, f.message || f.ruleId, f.helpUri ? `${f.message}\n\nMore information: ${f.helpUri}` : undefined, f.path ? { start: f.startColumn, end: f.endColumn } : {}));
}
const SEVERITY = { none: 0, note: 1, warning: 2, error: 3 };
/** True when a finding of `level` is at or above `failOn` (`none`: never). Level `none` never fails. */
function failsAt(level, failOn) {
    return failOn !== 'none' && level !== 'none' && SEVERITY[level] >= SEVERITY[failOn];
}
/** True when a finding is at or above `failOn` (`none`: never). Findings of level `none` never fail. */
function sarifFails(report, failOn) {
    return list(report).some((r) => r.findings.some((f) => failsAt(f.level, failOn)));
}
/**
 * Passed / failed (failed + errored) / skipped / total over one or more reports, with what a suite
 * without cases declares; `flaky` (of the passed) only when there are any.
 */
function totals(report) {
    const reports = list(report);
    const t = { passed: 0, failed: 0, skipped: 0, total: 0 };
    let flaky = 0;
    for (const r of reports) {
        for (const suite of r.suites) {
            if (suite.declared) {
                const { tests, failures, errors, skipped } = suite.declared;
                t.total += tests;
                t.failed += failures + errors;
                t.skipped += skipped;
                t.passed += Math.max(0, tests - failures - errors - skipped);
            }
            for (const c of suite.cases) {
                t.total++;
                if (c.result === 'passed') {
                    t.passed++;
                    if (c.flaky)
                        flaky++;
                }
                else if (c.result === 'skipped')
                    t.skipped++;
                else
                    t.failed++;
            }
        }
    }
    if (flaky)
        t.flaky = flaky;
    return t;
}
/** Count of findings per level. */
function findingTotals(report) {
    const reports = list(report);
    const t = { error: 0, warning: 0, note: 0, none: 0 };
    for (const r of reports)
        for (const f of r.findings)
            t[f.level]++;
    return t;
}
/** Split into consecutive batches of at most `size` (GitHub: 50 annotations per request). */
function batches(items, size = MAX_ANNOTATIONS_PER_REQUEST) {
    if (!Number.isInteger(size) || size < 1)
        throw new RangeError(`batch size must be a positive integer, got ${size}`);
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
}

;// CONCATENATED MODULE: ./src/reports/junit-summary.ts
const MAX_LINES = 3;
const MAX_FLAKY_LISTED = 10;
function counted(n, one) {
    return n > 0 ? `${n} ${one}` : undefined;
}
function more(lines, max) {
    return lines.length > max ? [...lines.slice(0, max), `(and ${lines.length - max} more)`] : lines;
}
function summarizeJUnit(reports) {
    const failing = [];
    const passing = [];
    const flaky = [];
    for (const report of reports) {
        for (const suite of report.suites) {
            for (const c of suite.cases) {
                if (c.flaky)
                    flaky.push(`\`${c.name || c.classname || suite.name}\` (${c.attempts ?? 2} attempts)`);
            }
            const d = suite.declared;
            if (!d)
                continue;
            const parts = [
                counted(d.failures, 'failed'),
                counted(d.errors, 'errored'),
                counted(d.skipped, 'skipped'),
            ].filter((p) => p !== undefined);
            const line = `${report.path}: suite "${suite.name}" declared ${d.tests} test(s)${parts.length ? ` (${parts.join(', ')})` : ''} but listed no test cases`;
            (d.failures + d.errors > 0 ? failing : passing).push(line);
        }
    }
    return {
        failures: more(failing, MAX_LINES),
        notes: more(passing, MAX_LINES),
        details: flaky.length
            ? [`Flaky (passed after a failed attempt): ${more(flaky, MAX_FLAKY_LISTED).join(', ')}`]
            : [],
    };
}

;// CONCATENATED MODULE: ./src/reports/judge.ts


const judge_LEVELS = ['error', 'warning', 'note', 'none'];
/**
 * The security-scan / test-report rule: a SARIF finding at or above `failOn`, or a failed JUnit test,
 * fails the check, and so does a declared report that is missing or unreadable.
 */
function judgeReports(collected, failOn) {
    const failures = [];
    const notes = [];
    const annotations = [
        ...collected.tests.flatMap(testAnnotations),
        ...collected.findings.flatMap(findingAnnotations),
    ];
    let tests;
    let junitDetails = [];
    if (collected.tests.length) {
        tests = totals(collected.tests);
        const junit = summarizeJUnit(collected.tests);
        junitDetails = junit.details;
        // A flaky test passed: it never fails the check, the summary only says so.
        const flaky = tests.flaky ? `${tests.flaky} flaky` : '';
        if (tests.failed)
            failures.push(`${tests.failed} of ${tests.total} test(s) failed`);
        else
            notes.push(`${tests.passed} test(s) passed${flaky ? ` (${flaky})` : ''}${tests.skipped ? `, ${tests.skipped} skipped` : ''}`);
        if (tests.failed && flaky)
            notes.push(flaky);
        failures.push(...junit.failures);
        notes.push(...junit.notes);
    }
    const levels = findingTotals(collected.findings);
    if (collected.findings.length) {
        const counted = judge_LEVELS.filter((l) => levels[l] > 0)
            .map((l) => `${levels[l]} ${l}`)
            .join(', ');
        const blocking = judge_LEVELS.filter((l) => failsAt(l, failOn)).reduce((n, l) => n + levels[l], 0);
        const rule = failOn === 'none' ? 'sarif-fail-on: none' : `fails on ${failOn} and above`;
        if (blocking)
            failures.push(`${blocking} SARIF finding(s) at or above ${failOn} (${counted})`);
        else
            notes.push(`SARIF: ${counted || 'no findings'} (${rule})`);
    }
    if (collected.errors.length) {
        const more = collected.errors.length > 3 ? ` (and ${collected.errors.length - 3} more)` : '';
        // A declared report that is missing or unreadable fails the check: a scan that wrote nothing proves nothing.
        failures.push(`report problems: ${collected.errors.slice(0, 3).join('; ')}${more}`);
    }
    return {
        failures,
        notes,
        annotations,
        ...(tests ? { tests } : {}),
        details: renderReports(collected, failOn, tests, levels, junitDetails),
    };
}
/** `tests` and `levels` are the totals judgeReports already counted over `collected`. */
function renderReports(collected, failOn, tests, levels, junitDetails = []) {
    const parts = [];
    if (tests) {
        parts.push([
            '| tests | passed | failed | skipped |',
            '|---:|---:|---:|---:|',
            `| ${tests.total} | ${tests.passed} | ${tests.failed} | ${tests.skipped} |`,
        ].join('\n'), ...junitDetails);
    }
    if (collected.findings.length) {
        parts.push([
            `| SARIF findings (fails on: ${failOn}) | error | warning | note | none |`,
            '|---|---:|---:|---:|---:|',
            ...collected.findings.map((r) => {
                const one = findingTotals(r);
                return `| ${r.path} | ${one.error} | ${one.warning} | ${one.note} | ${one.none} |`;
            }),
            ...(collected.findings.length > 1
                ? [`| **total** | ${levels.error} | ${levels.warning} | ${levels.note} | ${levels.none} |`]
                : []),
        ].join('\n'));
    }
    if (collected.errors.length)
        parts.push(`Report problems:\n\n${collected.errors.map((e) => `- ${e}`).join('\n')}`);
    if (!parts.length)
        parts.push('No report matched.');
    return parts.join('\n\n');
}

// EXTERNAL MODULE: ./src/exec/engine.ts
var exec_engine = __webpack_require__(21643);
// EXTERNAL MODULE: ./src/model/secrets.ts
var secrets = __webpack_require__(15780);
;// CONCATENATED MODULE: ./src/checks/env.ts
// What a `run` check's process gets: its argv (bash like GitHub's `shell: bash`) and its environment.
// The check is the code under test: it gets no credentials it did not ask for by name.







/**
 * Environment of a check: the runner's, minus credentials (model/secrets.ts), plus ours, plus its
 * own env. A withheld variable reaches the check only through its env: `GITHUB_TOKEN: ${GITHUB_TOKEN}`.
 */
function checkEnv(check, variables, options = {}) {
    const base = options.base ?? process.env;
    const env = {};
    const withheld = new Set(options.withhold ?? []);
    for (const [k, v] of Object.entries((0,exec_engine/* engineEnv */.aV)(base)))
        if (!(0,secrets/* isWithheld */.Ys)(k) && !withheld.has(k))
            env[k] = v;
    // (engineEnv: a check's docker, e.g. `docker run --network "$IMMUTABLE_QA_NETWORK"`, reaches the
    // environment's engine, where its network is.)
    if (options.dockerConfig)
        env.DOCKER_CONFIG = options.dockerConfig;
    // The same expansion http and load use (expandCheck), plus the withheld names a check may ask for.
    const own = (0,expand/* checkVariables */.kL)(check, { ...passable(base), ...variables });
    Object.assign(env, variables);
    for (const key of Object.keys(check.env))
        env[key] = own[key];
    return env;
}
/** The values of the withheld variables a check may ask for by name (model/secrets.ts PASSABLE). */
function passable(base) {
    const values = {
        GITHUB_TOKEN: base.GITHUB_TOKEN || base['INPUT_GITHUB-TOKEN'],
        GH_TOKEN: base.GH_TOKEN,
        DOCKER_CONFIG: dockerConfigDir(base),
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: base.ACTIONS_ID_TOKEN_REQUEST_TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_URL: base.ACTIONS_ID_TOKEN_REQUEST_URL,
    };
    return Object.fromEntries(secrets/* PASSABLE */.Qb.flatMap((name) => {
        const value = values[name];
        return value === undefined ? [] : [[name, value]];
    }));
}
function shellArgv(command) {
    // Like GitHub's `shell: bash`: fail on the first error and inside pipelines.
    return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c', command];
}
/** The Docker config directory the Docker CLI reads for this process. */
function dockerConfigDir(env = process.env) {
    return env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker');
}
/**
 * A Docker config for checks under dir: the same CLI plugins, contexts and current context as
 * ours, and no `auths`, credential helpers or credential store, so a check's docker CLI holds no
 * registry credentials. Idempotent (runs and checks may share it: it holds nothing secret).
 */
async function checkDockerConfig(dir, source = dockerConfigDir()) {
    const target = (0,external_node_path_.join)(dir, 'docker-config');
    await (0,promises_.mkdir)(target, { recursive: true, mode: 0o700 });
    for (const sub of ['cli-plugins', 'contexts']) {
        const from = (0,external_node_path_.join)(source, sub);
        if ((0,external_node_fs_.existsSync)(from) && !(0,external_node_fs_.existsSync)((0,external_node_path_.join)(target, sub)))
            await (0,promises_.symlink)(from, (0,external_node_path_.join)(target, sub)).catch(() => undefined);
    }
    const config = {};
    const context = currentContext((0,external_node_path_.join)(source, 'config.json'));
    if (context)
        config.currentContext = context;
    await (0,promises_.writeFile)((0,external_node_path_.join)(target, 'config.json'), `${JSON.stringify(config)}\n`, { mode: 0o600 });
    return target;
}
function currentContext(file) {
    try {
        const parsed = JSON.parse((0,external_node_fs_.readFileSync)(file, 'utf8'));
        return typeof parsed.currentContext === 'string' ? parsed.currentContext : undefined;
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: external "node:stream/promises"
var external_node_stream_promises_ = __webpack_require__(46466);
;// CONCATENATED MODULE: ./src/checks/log-file.ts
// A check's log file, <report dir>/checks/<name>.log, made here only: a run check streams its
// output into it as it comes (command.ts); a built-in check (http, load, drift) or one that ended
// without its own log gets its summary, log tail and details written there once it ended
// (runner.ts), so the report dir holds every check's output.





/** The report dir's checks/ (made) and the check's log file in it. */
async function checkLogPath(reportDir, name) {
    const dir = (0,external_node_path_.join)(reportDir, 'checks');
    await (0,promises_.mkdir)(dir, { recursive: true });
    return { dir, file: (0,external_node_path_.join)(dir, `${name}.log`) };
}
/** The streamed log of a run check, opened (created or emptied) now. */
async function openCheckLog(reportDir, name) {
    const { dir, file } = await checkLogPath(reportDir, name);
    const log = (0,external_node_fs_.createWriteStream)(file);
    // A full disk or a vanished directory must not crash the process (an unhandled 'error' event):
    // the check still runs to its end, then the run ends as an infrastructure error naming the file.
    let logError;
    log.on('error', (error) => (logError ??= error));
    return {
        dir,
        file,
        write: (chunk) => {
            if (logError === undefined)
                log.write(chunk);
        },
        close: async () => {
            log.end();
            await (0,external_node_stream_promises_.finished)(log).catch(() => undefined);
            if (logError !== undefined)
                throw new model_errors/* WriteError */.QM(file, logError);
        },
    };
}
/**
 * The result with its log written whole (summary, log tail, details), for a check that ended
 * without a log file of its own. Unwritable: the result as it was.
 */
async function withLogFile(result, reportDir) {
    const text = [result.summary, result.logTail, result.details].filter(Boolean).join('\n\n');
    try {
        const { file } = await checkLogPath(reportDir, result.name);
        await (0,promises_.writeFile)(file, `${text}\n`);
        return { ...result, logFile: file };
    }
    catch {
        return result; // the record still has the tail; a run check's unwritable log is the one that fails the run
    }
}

;// CONCATENATED MODULE: ./src/checks/command.ts
// `run` checks: the user's shell command, in its own process group, output to a log file. The check
// ends when the shell exits (anything it left running is stopped then), or at its timeout.







async function runCommandCheck(check, ctx) {
    const log = await openCheckLog(ctx.reportDir, check.name);
    const logFile = log.file;
    // Reports older than this are an earlier run's (reports/collect.ts).
    const started = Date.now();
    const result = await (0,exec/* exec */.m0)(shellArgv(check.run), {
        cwd: ctx.root,
        // Its docker CLI sees the same plugins and context as ours, and no registry login.
        // (kept out of the report dir, which users upload: its plugin links would take the binaries)
        env: checkEnv(check, ctx.variables, {
            dockerConfig: await checkDockerConfig(ctx.workDir ?? log.dir),
            withhold: Object.values(ctx.config.image?.secrets ?? {}),
        }),
        timeoutMs: check.timeoutMs,
        signal: ctx.signal,
        onOutput: (chunk) => {
            log.write(chunk);
            ctx.output?.(chunk);
        },
        maxCapture: 64 * 1024,
    });
    await log.close();
    // The check ended when its shell exited; what it left running was stopped then (exec.ts).
    const left = result.leftovers > 0
        ? `; stopped ${result.leftovers} process${result.leftovers === 1 ? '' : 'es'} it left running`
        : '';
    const output = (0,exec/* tail */.RT)(`${result.stdout}${result.stderr ? `\n${result.stderr}` : ''}`, 40);
    let outcome;
    if (result.timedOut)
        outcome = {
            conclusion: 'timed_out',
            summary: `timed out after ${Math.round(check.timeoutMs / 1000)}s`,
            logTail: output,
            logFile,
        };
    else if (result.aborted)
        outcome = { conclusion: 'cancelled', summary: 'cancelled', logTail: output, logFile };
    else if (result.code !== 0)
        outcome = {
            conclusion: 'failure',
            summary: `exited with ${result.code ?? result.signal}${left}`,
            logTail: output,
            logFile,
        };
    else
        outcome = { conclusion: 'success', summary: `exited with 0${left}`, logTail: output, logFile };
    if (check.reports.junit.length === 0 && check.reports.sarif.length === 0)
        return outcome;
    // Patterns are absolute after config load; match them relative to the root so messages show them as written.
    const shown = (p) => {
        const rel = (0,external_node_path_.relative)(ctx.root, p);
        return rel && !rel.startsWith('..') && !(0,external_node_path_.isAbsolute)(rel) ? rel : p;
    };
    const collected = await collectReports(ctx.root, { junit: check.reports.junit.map(shown), sarif: check.reports.sarif.map(shown) }, { notBefore: started });
    const judged = judgeReports(collected, check.reports['sarif-fail-on']);
    const limit = check.reports['annotations-limit'];
    const bounded = boundAnnotations(judged.annotations, limit);
    const omitted = bounded.omitted
        ? [
            `${bounded.omitted} more annotation(s) not sent (annotations-limit ${limit}, the most severe first): the report files have them all`,
        ]
        : [];
    return {
        ...outcome,
        // Reports decide only a command that succeeded: a timeout or a crash stays what it was.
        conclusion: outcome.conclusion === 'success' && judged.failures.length ? 'failure' : outcome.conclusion,
        summary: [outcome.summary, ...judged.failures, ...judged.notes, ...omitted].join('; '),
        details: judged.details,
        annotations: bounded.annotations,
        ...(judged.tests ? { tests: judged.tests } : {}),
    };
}

// EXTERNAL MODULE: external "node:string_decoder"
var external_node_string_decoder_ = __webpack_require__(46193);
;// CONCATENATED MODULE: ./src/checks/live.ts
// Live output of running checks, the way `docker compose up` shows its services: every line of a
// check's output as it comes, prefixed with the check's name, and a heartbeat naming what still
// runs when all of them have been quiet for a while (a user never stares at a silent terminal).


/** Longer lines (a minified bundle, a base64 blob) are cut: the log file keeps them whole. */
const MAX_LINE = 2000;
function liveOutput(names, options) {
    const now = options.now ?? Date.now;
    const quietMs = options.quietMs ?? 10_000;
    const width = Math.max(0, ...names.map((n) => n.length));
    const running = new Map();
    let lastWrite = now();
    const emit = (line) => {
        lastWrite = now();
        options.write(line);
    };
    const heartbeat = setInterval(() => {
        if (running.size === 0 || now() - lastWrite < quietMs)
            return;
        const list = [...running].map(([name, since]) => `${name} (${Math.round((now() - since) / 1000)} s)`);
        emit(`… still running: ${list.join(', ')}`);
    }, Math.max(50, Math.floor(quietMs / 4)));
    heartbeat.unref();
    return {
        start(check) {
            running.set(check, now());
            const prefix = `${check.padEnd(width)} | `;
            let partial = '';
            // A character split between two chunks is joined again, not shown as two broken ones.
            const decoder = new external_node_string_decoder_.StringDecoder('utf8');
            const line = (text) => {
                // Terminal escapes from the code under test (colours, cursor moves, title changes) are not ours to send.
                // Made plain here, before the prefix and the cut: a \r redraw would otherwise erase the prefix, and
                // escapes would count towards MAX_LINE (the CLI logger's own pass cannot undo either).
                const plain = (0,plain_text/* plainText */.w)(text);
                emit(`${prefix}${plain.length > MAX_LINE ? `${plain.slice(0, MAX_LINE)}…` : plain}`);
            };
            return {
                output(chunk) {
                    const parts = (partial + (typeof chunk === 'string' ? chunk : decoder.write(chunk))).split('\n');
                    partial = parts.pop() ?? '';
                    for (const part of parts)
                        line(part);
                    if (partial.length > MAX_LINE) {
                        line(partial);
                        partial = '';
                    }
                },
                end() {
                    partial += decoder.end();
                    if (partial)
                        line(partial);
                    partial = '';
                    running.delete(check);
                },
            };
        },
        close: () => clearInterval(heartbeat),
    };
}

;// CONCATENATED MODULE: ./src/checks/runner.ts
// Runs checks in parallel (bounded), each with its timeout; turns handler outcomes into results.








/** One handler per kind, each taking only checks of its kind. */
const handlers = {
    run: runCommandCheck,
    http: httpCheck,
    load: loadCheck,
    drift: driftCheck,
};
/**
 * What each check waits for: its `needs`, else, for a load check, every other check that is not a
 * load check (load measures best alone). Needs outside this run (the checks input) do not hold it up.
 */
function dependencies(checks) {
    const names = new Set(checks.map((c) => c.name));
    const others = checks.filter((c) => c.kind !== 'load').map((c) => c.name);
    return new Map(checks.map((c) => [
        c.name,
        (c.needs ?? (c.kind === 'load' ? others : [])).filter((n) => names.has(n) && n !== c.name),
    ]));
}
/**
 * Runs checks at most `concurrency` at a time, each once all it needs ended: a check whose need did
 * not succeed is skipped (a required one then fails the verdict). Load checks run alone: none
 * starts while another check runs, and nothing starts while one runs.
 */
async function runChecks(checks, ctx, options = {}) {
    const results = new Array(checks.length);
    let writeError;
    const limit = Math.max(1, options.concurrency ?? 4);
    const needs = dependencies(checks);
    const ended = new Map();
    const pending = new Set(checks.map((_, i) => i));
    const running = new Map();
    const live = options.live
        ? liveOutput(checks.map((c) => c.name), options.live)
        : undefined;
    const finish = async (check, index, result) => {
        // A run check's output is in its log file; a built-in check's (attempts, latencies) is written there too.
        const streamed = result.logFile !== undefined;
        if (!streamed && result.conclusion !== 'skipped')
            result = await withLogFile(result, ctx.reportDir);
        results[index] = result;
        ended.set(check.name, result);
        await ctx.logger.group(`${symbol(result.conclusion)} ${check.name}: ${result.summary}`, async () => {
            if (streamed && live)
                return; // already shown line by line
            if (streamed)
                ctx.logger.info(await (0,promises_.readFile)(result.logFile, 'utf8').catch(() => ''));
            else if (result.logTail)
                ctx.logger.info(result.logTail);
        });
        await options.onComplete?.(result);
    };
    const exclusiveRunning = () => [...running.keys()].some((i) => checks[i].kind === 'load');
    while (pending.size > 0 || running.size > 0) {
        let started = false;
        for (const index of [...pending]) {
            const check = checks[index];
            const waits = needs.get(check.name) ?? [];
            if (!waits.every((n) => ended.has(n)))
                continue;
            const failed = waits.filter((n) => !['success', 'skipped', 'neutral'].includes(ended.get(n).conclusion));
            if (failed.length) {
                pending.delete(index);
                const now = new Date().toISOString();
                await finish(check, index, {
                    name: check.name,
                    kind: check.kind,
                    required: check.required,
                    startedAt: now,
                    completedAt: now,
                    durationMs: 0,
                    annotations: [],
                    conclusion: 'skipped',
                    summary: `skipped: it needs ${failed.map((n) => `${n} (${ended.get(n).conclusion})`).join(', ')}`,
                });
                started = true;
                continue;
            }
            if (exclusiveRunning() || running.size >= limit)
                break;
            // A load check that may start waits for the running ones, and holds back the rest meanwhile.
            if (check.kind === 'load' && running.size > 0)
                break;
            pending.delete(index);
            started = true;
            await options.onStart?.(check);
            const sink = live?.start(check.name);
            running.set(index, runOne(check, sink ? { ...ctx, output: sink.output } : ctx, (e) => (writeError ??= e)).then(async (result) => {
                sink?.end();
                await finish(check, index, result);
                running.delete(index);
            }));
            if (check.kind === 'load')
                break;
        }
        if (running.size > 0)
            await Promise.race(running.values());
        else if (!started)
            break; // nothing can start and nothing runs: cannot happen for a DAG
    }
    live?.close();
    // After every check ended (none left running): the run is an infrastructure error, exit 3.
    if (writeError)
        throw writeError;
    return results;
}
async function runOne(check, ctx, onWriteError) {
    const startedAt = new Date();
    let outcome;
    if (ctx.signal.aborted)
        outcome = { conclusion: 'cancelled', summary: 'cancelled before it started' };
    else {
        try {
            outcome = await handle(check, ctx);
        }
        catch (error) {
            if (error instanceof model_errors/* WriteError */.QM)
                onWriteError?.(error);
            outcome = { conclusion: 'failure', summary: `error: ${(0,model_errors/* errorMessage */.gJ)(error)}` };
        }
    }
    const completedAt = new Date();
    return {
        name: check.name,
        kind: check.kind,
        required: check.required,
        startedAt: startedAt.toISOString(),
        completedAt: completedAt.toISOString(),
        durationMs: completedAt.getTime() - startedAt.getTime(),
        annotations: [],
        ...outcome,
    };
}
/** The handler of the check's kind (a switch, so each branch passes its narrowed check). */
function handle(check, ctx) {
    switch (check.kind) {
        case 'run':
            return handlers.run(check, ctx);
        case 'http':
            return handlers.http(check, ctx);
        case 'load':
            return handlers.load(check, ctx);
        case 'drift':
            return handlers.drift(check, ctx);
    }
}
function symbol(conclusion) {
    return { success: '✓', failure: '✗', timed_out: '⏱', cancelled: '⊘', skipped: '−', neutral: '○' }[conclusion];
}

;// CONCATENATED MODULE: ./src/github/render.ts


const CHECK_OUTPUT_LIMIT = 65_535;
const JOB_SUMMARY_LIMIT = 1024 * 1024 - 1024;
const COMMENT_MARKER = '<!-- immutable-qa:sticky-comment -->';
const CHECK_RUN_PREFIX = 'immutable-qa';
function checkRunName(step) {
    return step === CHECK_RUN_PREFIX ? step : `${CHECK_RUN_PREFIX} / ${step}`;
}
const ICON = {
    success: '✅',
    failure: '❌',
    timed_out: '⏱️',
    cancelled: '⊘',
    skipped: '⏭️',
    neutral: '➖',
};
/** Escapes text for a markdown table cell, at most 300 characters. */
function render_cell(text) {
    return cell(text, 300);
}
/** Cuts markdown to `limit` chars, closing with a pointer to where the rest is. */
function trim(markdown, limit, pointer) {
    if (markdown.length <= limit)
        return markdown;
    const note = `\n\n… trimmed (${markdown.length - limit} more characters). ${pointer}`;
    return markdown.slice(0, limit - note.length) + note;
}
function facts(f) {
    const rows = [];
    if (f.image)
        rows.push(`| image | \`${f.image.ref}\` |`);
    for (const [name, url] of Object.entries(f.endpoints))
        rows.push(`| endpoint \`${name}\` | ${url} |`);
    return rows.length ? `| | |\n|---|---|\n${rows.join('\n')}` : '';
}
function stepTitle(step) {
    return `${ICON[step.conclusion]} ${step.conclusion.replace('_', ' ')} in ${formatDuration(step.durationMs)}: ${step.summary}`.slice(0, 255);
}
/** Output of one step's check run (build, environment or a check). */
function renderStepOutput(step, f) {
    const parts = [
        `### ${ICON[step.conclusion]} ${step.name}: ${step.conclusion.replace('_', ' ')}`,
        render_cell(step.summary),
    ];
    const tests = 'tests' in step ? step.tests : undefined;
    if (tests)
        parts.push(`Tests: **${tests.passed}** passed, **${tests.failed}** failed, **${tests.skipped}** skipped of ${tests.total}.`);
    if (step.annotations.length)
        parts.push(`${step.annotations.length} annotation(s), each on the file and line it names.`);
    parts.push(`Duration: ${formatDuration(step.durationMs)}`);
    const table = facts(f);
    if (table)
        parts.push(table);
    if (step.details)
        parts.push(step.details);
    if (step.logTail && step.conclusion !== 'success')
        parts.push(`<details open><summary>Log tail</summary>\n\n${fenced(step.logTail)}\n\n</details>`);
    const pointer = f.runUrl
        ? `The full report is in the [job summary](${f.runUrl}).`
        : 'The full report is in the job summary.';
    return { title: stepTitle(step), summary: trim(parts.join('\n\n'), CHECK_OUTPUT_LIMIT, pointer) };
}
function stepsTable(phases, checks) {
    const rows = [
        ...phases.map((p) => `| ${ICON[p.conclusion]} | ${p.name} | phase | ${p.conclusion} | ${(0,config_duration/* formatDuration */.a3)(p.durationMs)} | ${render_cell(p.summary)} |`),
        ...checks.map((c) => `| ${ICON[c.conclusion]} | ${c.name} | ${c.kind}${c.required ? '' : ' (optional)'} | ${c.conclusion} | ${(0,config_duration/* formatDuration */.a3)(c.durationMs)} | ${render_cell(c.summary)} |`),
    ];
    return `| | step | kind | result | time | summary |\n|---|---|---|---|---|---|\n${rows.join('\n')}`;
}
function counts(checks) {
    const by = (c) => checks.filter((x) => x.conclusion === c).length;
    const parts = [`${by('success')} passed`, `${by('failure')} failed`];
    if (by('timed_out'))
        parts.push(`${by('timed_out')} timed out`);
    if (by('cancelled'))
        parts.push(`${by('cancelled')} cancelled`);
    if (by('skipped'))
        parts.push(`${by('skipped')} skipped`);
    return `${checks.length} checks: ${parts.join(', ')}`;
}
function headline(record) {
    return record.verdict === 'passed' ? '✅ immutable-qa: passed' : '❌ immutable-qa: failed';
}
/** Output of the overall `immutable-qa` check run. */
function renderOverallOutput(record, phases, checks, f) {
    const total = phases.reduce((s, p) => s + p.durationMs, 0) + Math.max(0, ...checks.map((c) => c.durationMs));
    const summary = [
        `## ${headline(record)}`,
        `${counts(checks)} · ${formatDuration(total)}${record.source.dirty ? ' · ⚠️ dirty working tree: never earns a tested tag' : ''}`,
        facts(f),
        stepsTable(phases, checks),
    ]
        .filter(Boolean)
        .join('\n\n');
    const pointer = f.runUrl
        ? `The full report is in the [job summary](${f.runUrl}).`
        : 'The full report is in the job summary.';
    return {
        title: `${record.verdict}: ${counts(checks)}`,
        summary: trim(summary, CHECK_OUTPUT_LIMIT, pointer),
    };
}
/** Mermaid gantt of the phases and checks (rendered by GitHub). */
function renderTimeline(phases, checks) {
    const steps = [...phases, ...checks].filter((s) => s.conclusion !== 'skipped');
    if (!steps.length)
        return '';
    const line = (s, i) => {
        const tag = s.conclusion === 'success' ? 'done' : 'crit';
        const start = Date.parse(s.startedAt);
        const end = Math.max(Date.parse(s.completedAt), start + 1);
        return `    ${s.name.replace(/[:#;]/g, ' ')} :${tag}, s${i}, ${start}, ${end}`;
    };
    return [
        '```mermaid',
        'gantt',
        '    dateFormat x',
        '    axisFormat %M:%S',
        '    section phases',
        ...phases.filter((p) => p.conclusion !== 'skipped').map((p, i) => line(p, i)),
        '    section checks',
        ...checks.filter((c) => c.conclusion !== 'skipped').map((c, i) => line(c, phases.length + i)),
        '```',
    ].join('\n');
}
/** The job summary: the same tables, the timeline, each step's details. */
function renderJobSummary(record, phases, checks, f) {
    const sections = [
        `## ${headline(record)}`,
        `${counts(checks)}${record.source.pr ? ` · PR #${record.source.pr}` : ''} · commit \`${record.source.sha.slice(0, 12)}\`${record.source.dirty ? ' · ⚠️ dirty working tree' : ''}`,
        facts(f),
        stepsTable(phases, checks),
        '### Timeline',
        renderTimeline(phases, checks),
    ];
    for (const step of [...phases, ...checks]) {
        if (step.conclusion === 'success' && !step.details && !step.annotations.length)
            continue;
        const body = [step.details, step.logTail && step.conclusion !== 'success' ? markdown_fenced(step.logTail) : '']
            .filter(Boolean)
            .join('\n\n');
        const notes = step.annotations
            .slice(0, 200)
            .map((a) => `- **${a.level}** \`${a.path}:${a.startLine}\` ${render_cell(a.title ?? '')}: ${render_cell(a.message)}`)
            .join('\n');
        sections.push(`<details${step.conclusion === 'success' ? '' : ' open'}><summary>${ICON[step.conclusion]} ${step.name}</summary>\n\n${body}${notes ? `\n\n${notes}` : ''}\n\n</details>`);
    }
    return trim(sections.filter(Boolean).join('\n\n'), JOB_SUMMARY_LIMIT, 'See the check runs and the QA record artifact.');
}
/** The sticky PR comment: found again by its hidden marker. */
function renderComment(record, checks, f) {
    const rows = checks.map((c) => `| ${ICON[c.conclusion]} | ${c.name}${c.required ? '' : ' (optional)'} | ${render_cell(c.summary)} |`);
    return [
        COMMENT_MARKER,
        `### ${headline(record)}`,
        `Tested \`${record.source.sha.slice(0, 12)}\`${f.runUrl ? ` in [run ${record.run?.id ?? ''}](${f.runUrl})` : ''}.`,
        facts(f),
        rows.length ? `| | check | summary |\n|---|---|---|\n${rows.join('\n')}` : '',
    ]
        .filter(Boolean)
        .join('\n\n');
}

// EXTERNAL MODULE: ./src/environment/swarm.ts + 2 modules
var swarm = __webpack_require__(25687);
// EXTERNAL MODULE: ./src/store/local.ts
var store_local = __webpack_require__(90134);
// EXTERNAL MODULE: ./src/model/record.ts
var model_record = __webpack_require__(2860);
;// CONCATENATED MODULE: ./src/record/publish.ts

/** Only a passed verdict on a clean checkout of a commit, with a digest, earns the tested tag. */
function earnsTestedTag(record) {
    return whyNoTestedTag(record) === undefined;
}
/** Why a record earns no tested tag (for the log), or undefined when it does. */
function whyNoTestedTag(record) {
    if (record.verdict !== 'passed')
        return 'the verdict is failed';
    return whyNotRecorded(record);
}
/**
 * Why a record says nothing about a commit's digest (so it is not attached to it), whatever its
 * verdict, or undefined when it does: a clean checkout of a commit, and an image that was built.
 */
function whyNotRecorded(record) {
    // Outside a checkout there is no commit whose tree was built: the tag qa-<sha> would claim one.
    // With --sha the record names that commit, but nothing ties the files that were built to it, so
    // it earns no tag either: only a real commit checked out (checkout_sha and its tree) does.
    if (record.source.checkout_sha === null || record.source.tree === null)
        return 'not a git checkout: no commit was checked out where QA ran, so what was tested is not a commit (run QA in a git checkout)';
    if (record.source.dirty)
        return 'the working tree was dirty (uncommitted changes): what was tested is not a commit';
    if (record.image.digest === null)
        return 'no image was built';
    return undefined;
}
/**
 * A failed verdict about a commit's digest is attached to the digest too (never tagged), so that
 * promote sees the latest verdict for the commit: a pass followed by a failed re-run is refused.
 */
function recordsFailure(record) {
    return record.verdict === 'failed' && whyNotRecorded(record) === undefined;
}
/** Attaches a failed record (recordsFailure) to its digest; throws InfrastructureError (exit 3). */
async function attachFailure(store, record, logger, bundle) {
    const digest = record.image.digest;
    if (!digest || !recordsFailure(record))
        throw new Error('attachFailure: only a failed verdict about a clean commit and a built image is attached');
    return logger.group('Record', () => store.attach(record, digest, bundle));
}
/** Publishes a record (signed: `bundle`) that earnsTestedTag; throws InfrastructureError (exit 3) when the store fails. */
async function publishVerdict(store, record, logger, bundle) {
    const digest = record.image.digest;
    if (!digest || !earnsTestedTag(record))
        throw new Error(`publishVerdict: the record earns no tested tag (${whyNoTestedTag(record) ?? ''})`);
    return logger.group('Record', () => store.publish(record, digest, (0,model_record/* testedTag */.S)(record.source.sha), bundle));
}

;// CONCATENATED MODULE: ./src/model/reporter.ts
const silentReporter = {
    plan: async () => undefined,
    start: async () => undefined,
    complete: async () => undefined,
    finish: async () => undefined,
};

;// CONCATENATED MODULE: ./src/pipeline/environment.ts
// Phase "environment" of the QA pipeline: the spec the tested digest starts from (pure), then
// start it, wait until ready, and read its endpoints → RunningEnvironment. Nothing is mutated: the
// spec `up` used stays as it was (teardown, drift and a load baseline start from it again).





/**
 * Where the environment of a run lives before it exists: its project, files and (no) variables,
 * and the run that owns it (teardown removes only that run's containers, even before the build).
 */
function baseSpec(project, config, run) {
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
function environmentSpec(base, image, context, 
/** repositoryIdentity(): teardown finds the environment by it. */
repository, now) {
    return {
        ...base,
        variables: {
            // The same commit, PR and ref the build args saw: a check can compare what the app reports.
            ...(0,expand/* buildVariables */.q6)(context),
            ...(image ? { IMMUTABLE_QA_IMAGE: image.ref, IMMUTABLE_QA_DIGEST: image.digest } : {}),
            IMMUTABLE_QA_PROJECT: base.project,
        },
        labels: {
            [environment_project/* LABEL */.d_.managed]: 'true',
            [environment_project/* LABEL */.d_.sha]: context.sha,
            ...(image ? { [environment_project/* LABEL */.d_.digest]: image.digest } : {}),
            [environment_project/* LABEL */.d_.created]: now.toISOString(),
            [environment_project/* LABEL */.d_.repository]: repository,
            ...(context.pr !== undefined ? { [environment_project/* LABEL */.d_.pr]: String(context.pr) } : {}),
            ...(base.run ? { [environment_project/* LABEL */.d_.run]: base.run.id } : {}),
        },
    };
}
async function startEnvironment(backend, spec, config, signal) {
    const { services, definition: rendered, notes = [] } = await backend.up(spec, signal);
    const definition = {
        sha256: (0,environment_compose/* definitionSha256 */.fq)(rendered),
        services,
        render: () => backend.definition(spec),
    };
    const ready = await backend.ready(spec, config.environment.readyTimeoutMs, signal);
    if (!ready.ready)
        throw new model_errors/* PhaseFailure */.wm(ready.reason ?? 'not ready', await backend.logs(spec, 40));
    const variables = {
        ...spec.variables,
        IMMUTABLE_QA_NETWORK: (0,environment_endpoints/* projectNetwork */.me)(ready.containers, spec.project),
    };
    const endpoints = {};
    for (const [name, ep] of Object.entries(config.environment.endpoints)) {
        const hostPort = (0,environment_endpoints/* publishedAddress */.x1)(ready.containers, ep.service, ep.port);
        const path = ep.path.endsWith('/') ? ep.path : `${ep.path}/`;
        endpoints[name] = `${ep.scheme}://${hostPort}${path}`;
        variables[(0,expand/* endpointVariable */.gz)(name)] = endpoints[name];
    }
    const list = Object.entries(endpoints).map(([n, u]) => `${n}: ${u}`);
    const nodes = [...new Set(ready.containers.flatMap((c) => c.node ?? []))].sort();
    const where = nodes.length ? ` on ${nodes.length} node(s): ${nodes.join(', ')}` : '';
    return {
        spec,
        variables,
        endpoints,
        definition,
        summary: `${ready.containers.length} container(s) ready (${backend.kind})${where}${list.length ? `; ${list.join(', ')}` : ''}` +
            (notes.length ? `; ${notes.join('; ')}` : ''),
    };
}

;// CONCATENATED MODULE: ./src/pipeline/phase.ts
// Running one phase of the QA pipeline (build, environment) as a reported step: start, run the
// body, complete with its conclusion, and hand the body's value back. A failure of the phase is a
// result, not a throw; a phase stopped by the run's cancellation is `cancelled`, not failed; an
// engine or registry that stopped answering is a throw (EngineUnreachableError, RegistryError:
// exit 3) after the phase's check run shows it as an infrastructure error, told by its type.


/** True for errors that end the run (exit 3) rather than fail the phase: the engine or the registry is gone. */
function endsTheRun(error) {
    return error instanceof model_errors/* EngineUnreachableError */.df || error instanceof errors/* RegistryError */.g;
}
async function phase(name, io, 
/** What the phase's check run shows beside it, given the body's value (undefined: it failed). */
facts, body) {
    const { reporter, logger, signal } = io;
    await reporter.start(name);
    const started = new Date();
    let conclusion = 'success';
    let outcome;
    let summary;
    let logTail;
    let ends;
    try {
        outcome = await logger.group(name === 'build' ? 'Build' : 'Environment', body);
        summary = outcome.summary;
    }
    catch (error) {
        if (error instanceof model_errors/* PhaseFailure */.wm)
            logTail = error.logTail;
        if (signal?.aborted) {
            // Whatever the interrupted command printed, the phase did not fail: it was stopped.
            conclusion = 'cancelled';
            summary = 'cancelled';
            logger.warning(`${name}: cancelled`);
        }
        else if (endsTheRun(error)) {
            ends = error;
            conclusion = 'failure';
            summary = `infrastructure error (not a verdict on the code): ${(0,model_errors/* errorMessage */.gJ)(error)}`;
            logger.error(`${name}: ${summary}`);
        }
        else {
            conclusion = 'failure';
            summary = (0,model_errors/* errorMessage */.gJ)(error);
            logger.error(`${name}: ${summary}${logTail ? `\n${logTail}` : ''}`);
        }
    }
    const completed = new Date();
    const result = {
        name,
        conclusion,
        startedAt: started.toISOString(),
        completedAt: completed.toISOString(),
        durationMs: completed.getTime() - started.getTime(),
        summary,
        details: outcome?.details,
        logTail,
        annotations: [],
    };
    await reporter.complete(result, facts(outcome?.value));
    if (ends !== undefined)
        throw ends;
    return outcome ? { result, value: outcome.value } : { result };
}
function skippedPhase(name, conclusion, summary) {
    const now = new Date().toISOString();
    return { name, conclusion, startedAt: now, completedAt: now, durationMs: 0, summary, annotations: [] };
}
function skippedCheck(name, kind, required, conclusion) {
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

// EXTERNAL MODULE: ./src/model/version.ts
var version = __webpack_require__(52621);
;// CONCATENATED MODULE: ./src/pipeline/qa-record.ts


/**
 * The record's source: the commit the results belong to (context.sha) and what was checked out.
 * Outside a checkout there is no checkout sha and no tree (so no tested tag, see record/publish.ts),
 * never a placeholder; `dirty` says whether the files differ from a commit, and without a checkout
 * there is no commit to differ from.
 */
function recordSource(context, source) {
    return {
        repository: context.repository ?? null,
        sha: context.sha,
        checkout_sha: source.kind === 'commit' ? source.sha : null,
        tree: source.kind === 'commit' ? source.tree : null,
        ref: context.ref ?? null,
        pr: context.pr ?? null,
        dirty: source.kind === 'commit' ? source.dirty : false,
    };
}
function qaRecord(input) {
    const verdict = input.cancelled ? 'failed' : (0,model_record/* verdictOf */.V)(input.phases, input.checks);
    return {
        schema: 1,
        verdict,
        image: { repository: input.repository, digest: input.digest ?? null },
        source: recordSource(input.context, input.source),
        environment: {
            definition_sha256: input.definitionSha256 ?? null,
            project: input.project,
            endpoints: input.endpoints,
        },
        phases: input.phases.map((p) => step(p)),
        checks: input.checks.map((c) => ({ ...step(c), required: c.required })),
        run: input.context.run ?? null,
        tool: { name: 'immutable-qa', version: version/* VERSION */.x },
        created_at: new Date().toISOString(),
    };
}
function step(r) {
    return {
        name: r.name,
        conclusion: r.conclusion,
        started_at: r.startedAt,
        completed_at: r.completedAt,
        summary: r.summary,
    };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/environment/claim.ts
var claim = __webpack_require__(75485);
// EXTERNAL MODULE: ./src/environment/engine-events.ts
var engine_events = __webpack_require__(96957);
// EXTERNAL MODULE: ./src/environment/run-dir.ts
var run_dir = __webpack_require__(28982);
;// CONCATENATED MODULE: ./src/pipeline/run-claim.ts
// One QA run's identity and its hold on the environment's project: a run id (label on everything
// the run creates), a private directory for the files it generates, and a claim on the project
// that a newer run for the same PR (or sha) takes over. The run watches the claims while it works;
// once a newer run claims the project, it is replaced: its signal aborts with "replaced by run
// <id>", its phases end cancelled, and its teardown removes only its own containers.









/** The abort reason of a run that a newer run for the same project replaced. */
class RunReplacedError extends Error {
    run;
    by;
    constructor(run, by) {
        super(`replaced by run ${by}`);
        this.run = run;
        this.by = by;
        this.name = 'RunReplacedError';
    }
}
/** How often the claims are looked at while the engine's volume events are followed. */
const SAFETY_POLL_MS = 5000;
/** Starts a run: its id and directory, its claim on the project, and the watch for a newer claim. */
async function claimRun(options) {
    const { project, logger } = options;
    const id = (0,environment_project/* runId */.Vz)((options.now ?? (() => new Date()))(), (options.random ?? (() => (0,external_node_crypto_.randomBytes)(4).toString('hex')))());
    const dir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), (0,run_dir/* runDirPrefix */.bL)(id)));
    const replaced = new AbortController();
    const signal = AbortSignal.any([options.signal, replaced.signal]);
    let by;
    let watching = true;
    const stopped = new AbortController();
    let released;
    const stop = () => {
        watching = false;
        stopped.abort();
        void events.close();
    };
    /** `claims`: the listing just taken, when there is one (the first look shares the claim's). */
    const look = async (claims) => {
        try {
            const newer = (0,claim/* newerClaim */.Ii)(claims ?? (await (0,claim/* projectClaims */.dP)(project)), id);
            if (newer && watching) {
                by = newer;
                stop();
                logger.warning(`run ${id} is cancelled: replaced by run ${newer}, a newer run for ${project}; tearing down only this run's containers`);
                replaced.abort(new RunReplacedError(id, newer));
            }
        }
        catch (error) {
            // The engine answering late is not a replacement; the phases see an engine that is gone.
            logger.debug(`looking at the claims on ${project}: ${(0,model_errors/* errorMessage */.gJ)(error)}`);
        }
    };
    // A newer claim is a volume created on the engine: the claims are looked at when one with a
    // newer run id is (of this project or another: its name does not say), not every second, so
    // that runs sharing an engine do not spend it on listings. The slow poll covers a claim made
    // before the stream was followed; a stream that ended (the engine restarted) polls every second.
    const watch = async (following) => {
        while (watching) {
            await following.next(following.following ? SAFETY_POLL_MS : (options.pollMs ?? 1000), stopped.signal);
            if (watching)
                await look();
        }
    };
    try {
        await (0,claim/* claimProject */.Ax)(project, id, { repository: options.repository });
    }
    catch (error) {
        await (0,promises_.rm)(dir, { recursive: true, force: true });
        throw error;
    }
    logger.info(`run ${id} claims ${project}`);
    const events = new engine_events/* EngineEvents */._j((0,engine_events/* volumeCreatedArgv */.$4)(), (e) => ((0,claim/* claimIds */.LM)(e.actor)[0] ?? '') > id);
    // One listing for both questions: which older runs this one replaces, and whether a newer one
    // already replaced it.
    const claims = await (0,claim/* projectClaims */.dP)(project).catch(() => undefined);
    const older = (claims ?? []).filter((other) => other < id);
    if (older.length)
        logger.info(`run ${id} replaces run ${older.join(', run ')} for ${project}: that run ends cancelled, and this run's environment starts once it has torn its own down`);
    await look(claims);
    if (watching)
        void watch(events);
    const release = () => {
        stop();
        released ??= (0,claim/* releaseClaims */.px)([id]).catch((error) => logger.warning(`releasing the claim of run ${id} on ${project}: ${(0,model_errors/* errorMessage */.gJ)(error)}`));
        return released;
    };
    return {
        id,
        dir,
        signal,
        replacedBy: () => by,
        release,
        close: async () => {
            await release();
            await (0,promises_.rm)(dir, { recursive: true, force: true });
        },
    };
}
/** "replaced by run <id>" when the signal was aborted by a newer run, else undefined. */
function replacementOf(signal) {
    return signal.aborted && signal.reason instanceof RunReplacedError ? signal.reason : undefined;
}
/**
 * The steps, with every cancelled one saying why when a newer run replaced this one (pure):
 * "cancelled: replaced by run <id>". Others are returned as they are.
 */
function explainReplaced(signal, steps) {
    const replaced = replacementOf(signal);
    if (!replaced)
        return [...steps];
    return steps.map((s) => s.conclusion === 'cancelled' && !s.summary.includes(replaced.message)
        ? {
            ...s,
            summary: /^cancelled\b/.test(s.summary)
                ? `cancelled: ${replaced.message}`
                : `${s.summary} (${replaced.message})`,
        }
        : s);
}
/** The reporter, with cancelled steps explained as explainReplaced() does (check runs say why too). */
function replacementReporter(reporter, signal) {
    return {
        plan: (steps) => reporter.plan(steps),
        start: (step) => reporter.start(step),
        complete: (result, facts) => reporter.complete(explainReplaced(signal, [result])[0] ?? result, facts),
        finish: (record, results, facts) => reporter.finish(record, { phases: explainReplaced(signal, results.phases), checks: explainReplaced(signal, results.checks) }, facts),
    };
}

;// CONCATENATED MODULE: ./src/pipeline/qa.ts
// The QA pipeline of DESIGN.md: config → build → environment → checks → verdict → record → teardown,
// as phase functions that return what they made (BuiltImage, RunningEnvironment, CheckResult[]).





















/**
 * How a run ends (cancelled aside) when the QA record could not be written to the report dir:
 * after teardown and the reporter's finish, qa() throws this (exit 3), naming the path.
 */
class RecordWriteError extends model_errors/* WriteError */.QM {
    result;
    name = 'RecordWriteError';
    constructor(path, cause, 
    /** What the run found: the verdict stands, it just could not be kept. */
    result) {
        super(path, cause);
        this.result = result;
    }
}
/**
 * One QA run. Its environment, checks and teardown talk to the environment's engine
 * (environment.engine, else the runner's); the build always runs on the runner's own.
 */
function qa(options) {
    return (0,exec_engine/* onEngine */.el)(options.config.environment.engine, () => qaOnEngine(options));
}
async function qaOnEngine(options) {
    const run = await prepare(options);
    const keep = options.keep ?? false;
    // What teardown removes: the environment as started, or only its project when it never was.
    const started = { spec: baseSpec(run.project, run.config, { id: run.claim.id, dir: run.claim.dir }) };
    let judged;
    try {
        judged = await qa_judge(run, await testImage(run, started), keep);
        // Known, recorded and reported before teardown: the environment's removal does not delay it.
        if (!judged.writeError)
            await options.onVerdict?.(judged.result);
    }
    finally {
        if (!keep || run.signal.aborted)
            await teardown(run, started.spec);
        // The environment is down (or kept): a newer run for the project may start its own now.
        await run.claim.close();
    }
    const result = { ...judged.result, kept: keep && !run.signal.aborted && judged.result.image !== undefined };
    if (judged.writeError)
        throw new RecordWriteError(result.recordPath, judged.writeError, result);
    return result;
}
/** The verdict of what was tested: the record written, recorded on the digest, reported. */
async function qa_judge(run, tested, keep) {
    const checks = explainReplaced(run.signal, tested.checks);
    const image = tested.build.value;
    const env = tested.environment.value;
    const phases = explainReplaced(run.signal, [tested.build.result, tested.environment.result]);
    const endpoints = env?.endpoints ?? {};
    const input = {
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
    const recordPath = (0,external_node_path_.join)(run.reportDir, 'qa-record.json');
    const writeError = await writeRecord(recordPath, record);
    // A record that could not be kept is not published either: the run did not complete.
    const { publication, publishError } = writeError ? {} : await recordVerdict(run, record);
    if (run.signal.aborted && !input.cancelled) {
        // Cancelled while recording: the run is cancelled, whatever the checks said, and says so.
        record = qaRecord({ ...input, cancelled: true });
        await writeRecord(recordPath, record);
    }
    const shown = qa_facts(image, env);
    await run.reporter.finish(record, { phases, checks }, shown);
    await writeSummary(run, record, phases, checks, shown);
    const result = {
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
async function writeSummary(run, record, phases, checks, shown) {
    const file = (0,external_node_path_.join)(run.reportDir, 'summary.md');
    const markdown = renderJobSummary(record, phases, checks, {
        ...shown,
        ...(run.context.run ? { runUrl: run.context.run.url } : {}),
    });
    await (0,promises_.writeFile)(file, `${markdown}\n`).catch((error) => run.logger.warning(`could not write ${file}: ${(0,model_errors/* errorMessage */.gJ)(error)}`));
}
/** Writes the QA record; returns the error instead of throwing (the run still finishes its reports). */
async function writeRecord(path, record) {
    try {
        await (0,promises_.writeFile)(path, `${JSON.stringify(record, null, 2)}\n`);
        return undefined;
    }
    catch (error) {
        return error ?? new Error('write failed');
    }
}
/**
 * Build → environment → checks, each fed what the one before returned; the services that do not
 * need the image start while it builds. `started.spec` is kept to what teardown must remove.
 */
async function testImage(run, started) {
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
async function startEarly(run, spec) {
    if (!run.backend.startEarly)
        return [];
    try {
        const started = await run.backend.startEarly(spec, run.signal);
        if (started.length)
            run.logger.info(`started ${started.join(', ')} while the image builds`);
        return started;
    }
    catch (error) {
        run.logger.debug(`starting services before the build: ${(0,model_errors/* errorMessage */.gJ)(error)}; they start with the rest`);
        return [];
    }
}
/** Step "Config": the checks to run, the engine answering, the names and the source, then the plan. */
async function prepare(options) {
    const { config, context } = options;
    const reporter = options.reporter ?? silentReporter;
    const stateDir = (0,store_local/* localStateDir */.Ok)(config.root);
    const reportDir = (0,external_node_path_.resolve)(options.reportDir ?? stateDir);
    const checks = selectChecks(config, options.only);
    // Independent questions (engine, report dir, git, compose), asked at once; their errors are
    // still raised in this order. The build's builder questions are asked now too (memoized).
    const engine = (0,docker/* engineAnswers */.A2)();
    const writable = assertWritable(reportDir);
    const sourced = (0,git/* sourceState */.f7)(config.root, 
    // The report dir and the local record store (.immutable-qa) are ours, not the source.
    [...new Set([reportDir, stateDir].map((dir) => (0,external_node_path_.relative)(config.root, dir)))].filter((p) => p && !p.startsWith('..')));
    const backend = environmentBackend(config);
    // Awaited below, maybe after an earlier one threw: not an unhandled rejection meanwhile.
    for (const pending of [writable, sourced])
        pending.catch(() => undefined);
    // Memoized answers the build asks for (of the runner's engine); neither rejects.
    (0,exec_engine/* onRunnerEngine */.Qr)(() => {
        void (0,docker/* hasPlugin */.Mt)('buildx');
        if (options.store.pushes)
            void (0,docker/* builderDriver */.kW)();
    });
    const remote = (0,exec_engine/* currentEngine */.gF)();
    if (remote)
        options.logger.info(`the environment runs on the engine at ${(0,exec_engine/* engineLabel */.nY)(remote.host)}`);
    await engine;
    await writable;
    const repository = (0,environment_project/* repositoryIdentity */.Rr)(context.repository, config.root);
    const project = (0,environment_project/* projectName */.j1)(repository, context.pr, context.sha);
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
async function environmentBackend(config) {
    const compose = await (0,environment_compose/* composeBackend */.XJ)();
    return config.environment.backend === 'swarm' ? new swarm/* SwarmBackend */.$t(compose) : compose;
}
/**
 * The results (and the tested tag qa-<sha>) belong to context.sha, but the build is of what is
 * checked out: they must be the same commit, or GitHub's test merge of it (refs/pull/N/merge,
 * whose second parent is the PR head). Anything else would tag one commit's image as another's.
 * Outside a checkout nothing is tagged (record/publish.ts), so nothing is claimed either.
 */
async function assertBuildsTheCommit(root, source, sha) {
    if (source.kind !== 'commit' || source.sha === sha)
        return;
    if ((await (0,git/* secondParent */.tk)(root)) === sha)
        return;
    throw new model_errors/* UsageError */.eb(`the checkout is ${source.sha}, but this run's results and tested tag would be for ${sha} (the event's head or --sha): ` +
        `QA builds what is checked out, so it would tag ${source.sha.slice(0, 12)}'s image as qa-${sha}. ` +
        `Check out ${sha} (actions/checkout with ref: ${sha}, or the PR's test merge refs/pull/<n>/merge), or run without --sha. Nothing was started.`);
}
/** What the reports show beside a step: the image once built, the endpoints once ready. */
function qa_facts(image, env) {
    return {
        ...(image ? { image: { digest: image.digest, ref: image.ref } } : {}),
        endpoints: env?.endpoints ?? {},
    };
}
function buildPhase(run) {
    const { config, context, source, logger, signal } = run;
    return phase('build', run, (image) => qa_facts(image, undefined), async () => {
        const image = await (0,exec_engine/* onRunnerEngine */.Qr)(() => buildImage({
            config,
            tag: convenienceTag(context.pr, context.sha),
            push: run.store.pushes,
            registry: run.store,
            labels: {
                'org.opencontainers.image.revision': source.kind === 'commit' ? source.sha : context.sha,
            },
            variables: (0,expand/* buildVariables */.q6)(context),
            logger,
            signal,
        }));
        return { value: image, summary: `${image.ref} (${image.builder})` };
    });
}
async function environmentPhase(run, spec, image, 
/** Services startEarly() started during the build. */
ahead) {
    const { signal } = run;
    if (!image || signal.aborted)
        return {
            result: signal.aborted
                ? skippedPhase('environment', 'cancelled', 'cancelled before the environment started')
                : skippedPhase('environment', 'skipped', 'build did not succeed'),
        };
    return phase('environment', run, (env) => qa_facts(image, env), async () => {
        const env = await startEnvironment(run.backend, spec, run.config, signal);
        const during = ahead.length ? `; ${ahead.join(', ')} started during the build` : '';
        return { value: env, summary: `${env.summary}${during}` };
    });
}
async function checksPhase(run, image, env) {
    const { config, reporter, signal } = run;
    const shown = qa_facts(image, env);
    if (!image || !env) {
        const why = signal.aborted ? 'cancelled' : 'skipped';
        const skipped = run.checks.map((c) => skippedCheck(c.name, c.kind, c.required, why));
        for (const r of skipped)
            await reporter.complete(r, shown);
        return skipped;
    }
    const ctx = {
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
async function teardown(run, spec) {
    const { logger } = run;
    await logger.group(`Teardown ${run.project}`, async () => {
        await run.backend.down(spec).catch((e) => logger.warning(`teardown: ${(0,model_errors/* errorMessage */.gJ)(e)}`));
    });
}
/**
 * Step "Record": a passed verdict on a clean checkout of a commit gets the tested tag and the
 * record on the digest; a failed one on a clean commit gets the record on the digest, never a tag,
 * so that the latest verdict for the commit decides at promotion. A run of only some checks (the
 * `checks` input) proves less than the config asks: it records nothing. A cancelled run records
 * nothing, and cancelling while recording stops the registry requests in flight.
 */
async function recordVerdict(run, record) {
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
            if (record.verdict === 'passed')
                logger.warning(`no tested tag: ${whyNoTestedTag(record) ?? ''}`);
            return {};
        }
        const bundle = await signRecord(run, record);
        if (recordsFailure(record))
            await attachFailure(run.store, record, logger, bundle);
        const publication = recordsFailure(record)
            ? undefined
            : await publishVerdict(run.store, record, logger, bundle);
        if (bundle && run.onAttestation)
            await run.onAttestation(bundle);
        return publication ? { publication } : {};
    }
    catch (error) {
        if (error instanceof model_errors/* CancelledError */.cc || signal.aborted) {
            logger.warning(`no tested tag: the run was cancelled while recording the verdict on ${record.image.digest ?? ''}`);
            return {};
        }
        const publishError = error instanceof Error ? error : new model_errors/* InfrastructureError */.EN((0,model_errors/* errorMessage */.gJ)(error));
        logger.error(`recording the verdict on ${record.image.digest ?? ''} failed: ${publishError.message}`);
        return { publishError };
    }
}
/** The record's signed statement (undefined with record.signing: none); a signer that fails is exit 3. */
async function signRecord(run, record) {
    try {
        const bundle = await run.signer.sign(record);
        if (bundle)
            run.logger.info(`QA record signed: ${run.signer.describe}`);
        return bundle;
    }
    catch (error) {
        throw new model_errors/* InfrastructureError */.EN(`signing the QA record failed (${run.signer.describe}): ${(0,model_errors/* errorMessage */.gJ)(error)}; nothing was recorded on the digest. Re-run the job`);
    }
}
/**
 * The report dir (and its checks/ log folder) can be written, before anything starts: a file where
 * a directory should be, no permission or a full disk is a WriteError naming the path (exit 3).
 */
async function assertWritable(reportDir) {
    const checksDir = (0,external_node_path_.join)(reportDir, 'checks');
    for (const dir of [reportDir, checksDir]) {
        try {
            await (0,promises_.mkdir)(dir, { recursive: true });
        }
        catch (error) {
            throw new model_errors/* WriteError */.QM(dir, error);
        }
    }
    const probe = (0,external_node_path_.join)(reportDir, `.write-probe-${process.pid}`);
    try {
        await (0,promises_.writeFile)(probe, 'immutable-qa\n');
    }
    catch (error) {
        throw new model_errors/* WriteError */.QM(reportDir, error);
    }
    finally {
        await (0,promises_.rm)(probe, { force: true }).catch(() => undefined);
    }
}
function selectChecks(config, only) {
    if (!only || only.length === 0)
        return config.checks;
    const names = new Set(config.checks.map((c) => c.name));
    const unknown = only.filter((n) => !names.has(n));
    if (unknown.length)
        throw new model_errors/* UsageError */.eb(`the checks input (--check) names unknown checks: ${unknown.join(', ')} (the config has: ${[...names].join(', ')})`);
    return config.checks.filter((c) => only.includes(c.name));
}

// EXTERNAL MODULE: ./src/record/statement.ts
var statement = __webpack_require__(60284);
;// CONCATENATED MODULE: ./src/record/key-signer.ts
// A Signer over a PEM private key (record.signing: key). Only node:crypto and Sigstore's types, so
// that the surface can check the key before anything starts without loading @sigstore/sign.



/** A Signer over a PEM private key: ECDSA P-256 (SHA-256) or Ed25519. */
function keySigner(privateKeyPem) {
    let key;
    try {
        key = (0,external_node_crypto_.createPrivateKey)(privateKeyPem);
    }
    catch (error) {
        throw new Error(`the signing key is not a PEM private key: ${(0,model_errors/* errorMessage */.gJ)(error)}`);
    }
    const type = key.asymmetricKeyType;
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (!(type === 'ed25519' || (type === 'ec' && curve === 'prime256v1')))
        throw new Error(`the signing key must be ECDSA P-256 or Ed25519 (got ${type}${curve ? ` ${curve}` : ''})`);
    const publicKey = (0,external_node_crypto_.createPublicKey)(key).export({ type: 'spki', format: 'pem' }).toString();
    const hint = (0,statement/* keyId */.xs)(key);
    return {
        keyId: hint,
        // pae: DSSE's pre-authentication encoding of type and payload, built by DSSEBundleBuilder.
        sign: async (pae) => ({
            signature: (0,external_node_crypto_.sign)(type === 'ed25519' ? null : 'sha256', pae, key),
            key: { $case: 'publicKey', publicKey, hint },
        }),
    };
}

;// CONCATENATED MODULE: ./src/record/signing.ts



/** @sigstore/sign and its HTTP stack, evaluated when the first record is signed, not at start. */
const signing = () => Promise.all(/* import() */[__webpack_require__.e(128), __webpack_require__.e(347), __webpack_require__.e(179), __webpack_require__.e(672)]).then(__webpack_require__.bind(__webpack_require__, 80672));
/** The public-good instance (public repositories), as @actions/attest signs there. */
const PUBLIC_GOOD = {
    fulcio: 'https://fulcio.sigstore.dev',
    rekor: 'https://rekor.sigstore.dev',
};
/** GitHub's instance (private and internal repositories): no public log, a timestamp authority. */
const GITHUB = {
    fulcio: 'https://fulcio.githubapp.com',
    tsa: 'https://timestamp.githubapp.com',
};
/** The Sigstore URLs keyless signing uses: configured, or by the repository's visibility. */
function sigstoreUrls(sigstore, visibility) {
    if (typeof sigstore === 'object')
        return sigstore;
    const instance = sigstore ?? (visibility === 'private' || visibility === 'internal' ? 'github' : 'public-good');
    return instance === 'github' ? GITHUB : PUBLIC_GOOD;
}
function recordSigner(record, inputs) {
    if (record.signing === 'none')
        // A key exported for other repositories (IMMUTABLE_QA_SIGNING_KEY) is no reason to fail here.
        return {
            mode: 'none',
            describe: 'unsigned (record.signing: none)',
            sign: () => Promise.resolve(undefined),
        };
    if (record.signing === 'key') {
        if (!inputs.signingKey)
            throw new model_errors/* UsageError */.eb('record.signing is key, but no signing key was given: pass the PEM private key in the signing-key input ' +
                '(from a secret), IMMUTABLE_QA_SIGNING_KEY or --signing-key FILE');
        let signer;
        try {
            signer = keySigner(inputs.signingKey);
        }
        catch (error) {
            throw new model_errors/* UsageError */.eb(`the signing key cannot sign: ${error.message}`);
        }
        return {
            mode: 'key',
            describe: `key ${signer.keyId}`,
            sign: async (r) => (await signing()).signStatement((0,statement/* qaStatement */.cJ)(r), signer),
        };
    }
    if (inputs.signingKey)
        throw new model_errors/* UsageError */.eb('a signing key was given, but record.signing is keyless (the default in registry mode): set record.signing: key to sign with the key');
    if (!inputs.env.ACTIONS_ID_TOKEN_REQUEST_URL || !inputs.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
        throw new model_errors/* UsageError */.eb('record.signing is keyless (the default in registry mode), but this job has no OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL is not set): ' +
            'give the job `permissions: id-token: write`; outside GitHub Actions set record.signing: key and pass a signing key ' +
            '(or record.signing: none to record unsigned verdicts, which promotion then accepts from anyone who can push)');
    const urls = sigstoreUrls(record.sigstore, inputs.context.visibility);
    return {
        mode: 'keyless',
        describe: `keyless (Fulcio ${urls.fulcio}${urls.rekor ? `, Rekor ${urls.rekor}` : ''}${urls.tsa ? `, timestamps ${urls.tsa}` : ''})`,
        sign: async (r) => {
            const { keylessSigning, signStatement } = await signing();
            // Built per call: CIContextProvider reads the token request variables when it signs.
            const { signer, witnesses } = keylessSigning(urls);
            return signStatement((0,statement/* qaStatement */.cJ)(r), signer, witnesses);
        },
    };
}

// EXTERNAL MODULE: ./src/store/access.ts + 7 modules
var access = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/store/store.ts + 2 modules
var store_store = __webpack_require__(32758);
;// CONCATENATED MODULE: ./src/cli/outcome.ts
/** Per check; the rest are in the report dir (summary.md, checks/<name>.log). */
const MAX_PER_CHECK = 20;
/**
 * First line of a message, at most 200 characters. Already without terminal escapes: every
 * annotation is made plain where it is made (reports/annotations.ts).
 */
function firstLine(text) {
    const line = text.trim().split('\n')[0] ?? '';
    return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
/**
 * `path:line: title: message` for every failure annotation of the checks that did not succeed,
 * grouped by check, e.g. `✗ integration: test/orders.test.js:17: healthz answers ok: Expected: 2`.
 */
function failureLines(checks) {
    const lines = [];
    for (const check of checks) {
        if (check.conclusion === 'success')
            continue;
        const failures = check.annotations.filter((a) => a.level === 'failure');
        if (failures.length === 0)
            continue;
        lines.push(`✗ ${check.name}: ${failures.length} failure${failures.length === 1 ? '' : 's'}`);
        for (const a of failures.slice(0, MAX_PER_CHECK)) {
            const where = `${a.path}:${a.startLine}`;
            const title = a.title ? `${firstLine(a.title)}: ` : '';
            lines.push(`  ${where}: ${title}${firstLine(a.message)}`);
        }
        if (failures.length > MAX_PER_CHECK)
            lines.push(`  … and ${failures.length - MAX_PER_CHECK} more`);
    }
    return lines;
}
/** Where the kept environment is, how to reach it and how to remove it. */
function keptLines(kept) {
    const lines = [`environment kept: ${kept.project} (docker compose -p ${kept.project} ps)`];
    for (const [name, url] of Object.entries(kept.endpoints))
        lines.push(`  ${name}: ${url}`);
    lines.push(kept.pr !== undefined
        ? `  remove it: immutable-qa teardown --pr ${kept.pr}`
        : '  remove it: immutable-qa teardown --all (every environment of this repository)');
    return lines;
}

;// CONCATENATED MODULE: ./src/cli/qa.ts
// `immutable-qa qa`: the QA pipeline against the local Docker engine.













/**
 * The name of a run outside a git checkout without --sha: it names the environment and the
 * convenience tag only. The source of such a run is `not-a-checkout` (git.ts), so its record has
 * no checkout sha and no tree, and it never earns a tested tag (record/publish.ts).
 */
const NO_COMMIT = '0'.repeat(40);
/** The signing key: --signing-key FILE, else IMMUTABLE_QA_SIGNING_KEY (e.g. from a CI secret). */
async function signingKey(file) {
    if (file === undefined) {
        const fromEnv = process.env.IMMUTABLE_QA_SIGNING_KEY;
        return fromEnv ? { signingKey: fromEnv } : {};
    }
    try {
        return { signingKey: await (0,promises_.readFile)((0,external_node_path_.resolve)(file), 'utf8') };
    }
    catch (error) {
        throw new model_errors/* UsageError */.eb(`--signing-key: cannot read ${file}: ${(0,model_errors/* errorMessage */.gJ)(error)}`);
    }
}
async function qaCommand(flags, logger) {
    (0,docker/* askAhead */.xT)();
    const config = await (0,pipeline_config/* loadRenderedConfig */.uL)(flags.configFile, logger);
    const context = await (0,github_event/* runContext */.pO)(process.env, {
        sha: flags.sha,
        pr: flags.pr,
        eventPath: flags.event,
        headSha: (await (0,git/* headSha */.xF)(config.root)) ?? NO_COMMIT,
    });
    const signer = recordSigner(config.record, {
        ...(await signingKey(flags.signingKeyFile)),
        context,
        env: process.env,
    });
    const cancel = cancellation();
    const store = (0,store_store/* imageStore */.J)(config, {
        credentials: (0,access/* credentialOptions */.K)({ actor: process.env.GITHUB_ACTOR, token: process.env.GITHUB_TOKEN }),
        signal: cancel.signal,
    }, logger);
    try {
        let result;
        try {
            result = await qa({
                config,
                context,
                store,
                signer,
                keep: flags.keep,
                ...(flags.only ? { only: flags.only } : {}),
                reportDir: flags.reportDir ? (0,external_node_path_.resolve)(flags.reportDir) : undefined,
                logger,
                // Each check's output as it comes, prefixed with its name, like `docker compose up`.
                live: { write: (line) => logger.info(line) },
                signal: cancel.signal,
                // The record as soon as the verdict is known; the process exits once teardown is done.
                ...(flags.json
                    ? {
                        onVerdict: (r) => void process.stdout.write(`${JSON.stringify(r.record, null, 2)}\n`),
                    }
                    : {}),
            });
        }
        catch (error) {
            // The record could not be written: the run finished (teardown done), its verdict stands.
            if (!(error instanceof RecordWriteError))
                throw error;
            logger.error(error.message);
            if (flags.json)
                process.stdout.write(`${JSON.stringify(error.result.record, null, 2)}\n`);
            const sig = cancel.received();
            return sig ? signalExitCode(sig) : (0,model_errors/* exitCodeOf */.FO)(error);
        }
        const { record } = result;
        for (const line of failureLines(result.checks))
            logger.info(line);
        if (result.kept)
            for (const line of keptLines({ project: result.project, endpoints: result.endpoints, pr: context.pr }))
                logger.info(line);
        logger.info(`verdict: ${record.verdict}`);
        logger.info(`digest: ${record.image.digest ?? '(none)'}`);
        if (result.image)
            logger.info(`image-ref: ${result.image.ref}`);
        logger.info(`record: ${result.recordPath}`);
        if (result.publication)
            logger.info(`tested-tag: ${result.publication.ref}`);
        // Interrupted: 130/143 once teardown is done, whatever the verdict.
        const sig = cancel.received();
        if (sig)
            return signalExitCode(sig);
        if (result.publishError)
            return (0,model_errors/* exitCodeOf */.FO)(result.publishError);
        return record.verdict === 'passed' ? model_errors/* ExitCode */.yU.Ok : model_errors/* ExitCode */.yU.Failed;
    }
    catch (error) {
        const sig = cancel.received();
        if (!sig)
            throw error;
        logger.error((0,model_errors/* errorMessage */.gJ)(error));
        return signalExitCode(sig);
    }
    finally {
        cancel.dispose();
    }
}


/***/ })

};
