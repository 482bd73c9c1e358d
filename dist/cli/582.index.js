export const id = 582;
export const ids = [582];
export const modules = {

/***/ 80582:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  teardownCommand: () => (/* binding */ teardownCommand)
});

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/config/duration.ts
var duration = __webpack_require__(97840);
// EXTERNAL MODULE: ./src/config/discover.ts
var discover = __webpack_require__(67307);
// EXTERNAL MODULE: ./src/config/load.ts + 10 modules
var load = __webpack_require__(62164);
// EXTERNAL MODULE: ./src/environment/project.ts
var environment_project = __webpack_require__(93644);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
// EXTERNAL MODULE: ./src/environment/compose.ts + 1 modules
var compose = __webpack_require__(55671);
// EXTERNAL MODULE: ./src/environment/swarm.ts + 2 modules
var swarm = __webpack_require__(25687);
// EXTERNAL MODULE: ./src/environment/swarm-args.ts
var swarm_args = __webpack_require__(46159);
// EXTERNAL MODULE: ./src/environment/run-dir.ts
var run_dir = __webpack_require__(28982);
// EXTERNAL MODULE: ./src/exec/engine.ts
var engine = __webpack_require__(21643);
;// CONCATENATED MODULE: ./src/pipeline/teardown.ts
// `teardown`: finds this repository's environments on the engine by their labels and removes them
// (containers, networks, volumes) by compose project, and the private directories (labels override)
// that the runs which started them left on this machine (a kept environment, a run that was killed).
// Idempotent; never touches an image, a tag or a digest (`--images`: teardown-images.ts).







/** Every environment immutable-qa started for `repository` (all repositories when undefined). */
async function listEnvironments(repository) {
    const wanted = [`${environment_project/* LABEL */.d_.managed}=true`];
    if (repository !== undefined)
        wanted.push(`${environment_project/* LABEL */.d_.repository}=${repository}`);
    const containers = await (0,compose/* inspectContainers */.Xu)(...wanted);
    // Compose projects by their containers; swarm stacks (on a manager) by their services, whose
    // tasks run on nodes this engine does not see. A task's container on this node is neither.
    const labelled = [
        ...containers.map((c) => ({ labels: c.Config.Labels ?? {}, project: c.Config.Labels?.[environment_project/* LABEL */.d_.project] })),
        ...(await (0,swarm/* stackServices */.b8)(wanted)).map((s) => ({
            labels: s.Spec.Labels ?? {},
            project: s.Spec.Labels?.[swarm_args/* STACK_LABEL */.GF],
        })),
    ];
    const byProject = new Map();
    for (const { labels, project } of labelled) {
        if (!project)
            continue;
        const pr = labels[environment_project/* LABEL */.d_.pr] !== undefined ? Number(labels[environment_project/* LABEL */.d_.pr]) : null;
        const created = labels[environment_project/* LABEL */.d_.created] ?? null;
        const env = byProject.get(project) ?? {
            project,
            pr: pr !== null && Number.isInteger(pr) ? pr : null,
            sha: labels[environment_project/* LABEL */.d_.sha] ?? null,
            digest: labels[environment_project/* LABEL */.d_.digest] ?? null,
            created,
            containers: 0,
            runDirs: [],
        };
        env.containers++;
        // Only the services that run the tested image carry its digest (a database does not).
        env.digest ??= labels[environment_project/* LABEL */.d_.digest] ?? null;
        const dir = (0,run_dir/* labelledRunDir */.AA)(labels);
        if (dir && !env.runDirs?.some((d) => d.dir === dir.dir))
            env.runDirs?.push(dir);
        if (created && (!env.created || created < env.created))
            env.created = created;
        byProject.set(project, env);
    }
    return [...byProject.values()].sort((a, b) => a.project.localeCompare(b.project));
}
/** Which environments a teardown removes: the PR's (if given) and, with olderThanMs, only stale ones. */
function selectEnvironments(environments, options, now) {
    if (options.pr === undefined && !options.all && options.olderThanMs === undefined)
        throw new errors/* UsageError */.eb('say which environments to remove: --pr N, --all, or --older-than 24h');
    if (options.pr !== undefined && options.all)
        throw new errors/* UsageError */.eb('--pr and --all exclude each other: pass one of them');
    const removed = [];
    const kept = [];
    for (const env of environments) {
        const prMatches = options.pr === undefined || env.pr === options.pr;
        const created = env.created ? Date.parse(env.created) : Number.NaN;
        // An environment of unknown age is never "older than": only explicit selection removes it.
        const oldEnough = options.olderThanMs === undefined || (!Number.isNaN(created) && now - created > options.olderThanMs);
        if (prMatches && oldEnough)
            removed.push(env);
        else
            kept.push(env);
    }
    return { removed, kept };
}
/** Teardown on the config's environment.engine (else the runner's engine). */
function teardown(options) {
    return (0,engine/* onEngine */.el)(options.engine, () => teardownOnEngine(options));
}
async function teardownOnEngine(options) {
    const { logger } = options;
    if (options.engine)
        logger.info(`on the engine at ${(0,engine/* engineLabel */.nY)(options.engine.host)}`);
    const now = (options.now ?? (() => new Date()))().getTime();
    selectEnvironments([], options, now); // usage errors before touching Docker
    const result = selectEnvironments(await listEnvironments(options.repository), options, now);
    for (const env of result.removed) {
        await (0,swarm/* removeStack */.pX)(env.project);
        await (0,compose/* removeByLabel */._N)(env.project);
        // Once nothing of the environment runs: its runs' files on this machine (none on another one).
        const dirs = await (0,run_dir/* removeRunDirs */.O7)(env.runDirs ?? []);
        logger.info(`removed ${env.project} (${env.containers} container(s)${env.pr !== null ? `, PR #${env.pr}` : ''}${env.created ? `, created ${env.created}` : ''}${dirs.removed.length ? `, ${dirs.removed.length} run director${dirs.removed.length === 1 ? 'y' : 'ies'}` : ''})`);
        for (const d of dirs.removed)
            logger.debug(`removed the run directory ${d}`);
        for (const k of dirs.kept)
            logger.warning(`kept ${k.dir}, named by ${env.project}'s label ${environment_project/* LABEL */.d_.runDir}: ${k.reason}`);
    }
    if (result.removed.length === 0)
        logger.info('no environment to remove');
    return result;
}

// EXTERNAL MODULE: ./src/pipeline/config.ts + 1 modules
var config = __webpack_require__(19377);
// EXTERNAL MODULE: ./src/exec/docker.ts
var docker = __webpack_require__(64709);
// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
;// CONCATENATED MODULE: ./src/pipeline/teardown-images.ts
// `teardown --images`: the local convenience tags QA runs leave (`pr-<n>`, `sha-<sha12>` of
// image.repository). Only those: never `qa-*`, a promoted tag, or an image another tag still names
// (`docker image rm` of one tag of several only untags).



const CONVENIENCE = /^(pr-\d+|sha-[0-9a-f]{12})$/;
/** Which of `tags` a teardown of `pr` (or of all) removes. */
function selectConvenienceTags(tags, selection) {
    return tags.filter((t) => selection.pr !== undefined ? t === `pr-${selection.pr}` : selection.all === true && CONVENIENCE.test(t));
}
async function removeConvenienceTags(repository, selection, logger) {
    const listed = await (0,docker/* docker */.T3)(['image', 'ls', '--format', '{{.Tag}}', repository]);
    if (listed.code !== 0)
        throw new errors/* InfrastructureError */.EN(`docker image ls failed: ${(0,exec/* tail */.RT)(listed.stderr, 5)}`);
    const removed = [];
    for (const tag of selectConvenienceTags(listed.stdout.split('\n').filter(Boolean), selection)) {
        const result = await (0,docker/* docker */.T3)(['image', 'rm', `${repository}:${tag}`]);
        if (result.code === 0) {
            removed.push(`${repository}:${tag}`);
            logger.info(`removed the local tag ${repository}:${tag}`);
        }
        else
            logger.warning(`kept ${repository}:${tag}: ${(0,exec/* tail */.RT)(result.stderr, 3)}`);
    }
    return removed;
}

;// CONCATENATED MODULE: ./src/cli/teardown.ts
// `immutable-qa teardown`: the same core as the teardown sub-action.









async function teardownCommand(flags, logger) {
    try {
        const olderThanMs = (0,duration/* parseOlderThan */.ty)(flags.olderThan);
        // Only the config's location is needed (it gives the repository root), but it must exist: a
        // guessed root would name no environment and "remove" nothing while they run.
        const configFile = (0,external_node_path_.resolve)(flags.configFile);
        if (!(await (0,discover/* isFile */.f)(configFile)))
            throw new errors/* UsageError */.eb(`${configFile}: config file not found; run teardown inside the repository (README "CLI") or pass --config`);
        const root = await (0,load/* findRoot */.wg)(configFile);
        const repository = (0,environment_project/* repositoryIdentity */.Rr)(process.env.GITHUB_REPOSITORY, root);
        const engine = await (0,config/* configuredEngine */.Bv)(configFile, logger);
        const result = await teardown({
            repository,
            ...(engine ? { engine } : {}),
            ...(flags.pr !== undefined ? { pr: flags.pr } : {}),
            all: flags.all,
            ...(olderThanMs !== undefined ? { olderThanMs } : {}),
            logger,
        });
        const images = flags.images
            ? await removeConvenienceTags((await (0,load/* loadConfig */.Z9)(configFile)).image.repository, { ...(flags.pr !== undefined ? { pr: flags.pr } : {}), all: flags.all }, logger)
            : undefined;
        if (flags.json)
            process.stdout.write(`${JSON.stringify(images ? { ...result, images } : result, null, 2)}\n`);
        logger.info(`removed: ${result.removed.length}${images ? `; local tags removed: ${images.length}` : ''}`);
        return errors/* ExitCode */.yU.Ok;
    }
    catch (error) {
        logger.error((0,errors/* errorMessage */.gJ)(error));
        return (0,errors/* exitCodeOf */.FO)(error);
    }
}


/***/ })

};
