export const id = 559;
export const ids = [559];
export const modules = {

/***/ 21729:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f7: () => (/* binding */ sourceState),
/* harmony export */   g7: () => (/* binding */ treeOf),
/* harmony export */   tk: () => (/* binding */ secondParent),
/* harmony export */   xF: () => (/* binding */ headSha)
/* harmony export */ });
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42568);
// Source facts from the checkout: the commit built, its tree, and whether the tree is dirty; or
// that there is no checkout (then no tested tag can be earned).

async function git(root, args) {
    const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_0__/* .exec */ .m0)(['git', '-C', root, ...args]).catch(() => undefined);
    return result?.code === 0 ? result.stdout.trim() : null;
}
/** `ignore` paths (relative to root, e.g. the report dir) do not make the tree dirty. */
async function sourceState(root, ignore = []) {
    const sha = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']);
    const tree = sha ? await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{tree}']) : null;
    if (!sha || !tree)
        return { kind: 'not-a-checkout' };
    const status = await git(root, [
        'status',
        '--porcelain',
        '--',
        '.',
        ...ignore.map((p) => `:(exclude)${p}`),
    ]);
    return { kind: 'commit', sha, tree, dirty: status === null || status.length > 0 };
}
async function headSha(root) {
    return git(root, ['rev-parse', 'HEAD']);
}
/**
 * The second parent of a commit (a merge commit's merged-in side), or null. Read from the commit
 * object itself: in a shallow clone (actions/checkout's default depth 1) `HEAD^2` does not resolve,
 * but the merge commit still names its parents.
 */
async function secondParent(root, rev = 'HEAD') {
    const commit = await git(root, ['cat-file', 'commit', rev]);
    const parents = [...(commit ?? '').split('\n\n')[0].matchAll(/^parent ([0-9a-f]{40,64})$/gm)].map((m) => m[1]);
    return parents[1] ?? null;
}
/** The tree of a commit in the checkout at `root`, or null when the checkout does not have it. */
async function treeOf(root, sha) {
    return git(root, ['rev-parse', '--verify', '--quiet', `${sha}^{tree}`]);
}


/***/ }),

/***/ 85015:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B0: () => (/* binding */ isFork),
/* harmony export */   ng: () => (/* binding */ runOf),
/* harmony export */   oA: () => (/* binding */ promoteTarget),
/* harmony export */   pO: () => (/* binding */ runContext),
/* harmony export */   po: () => (/* binding */ apiUrlOf)
/* harmony export */ });
/* unused harmony exports readEvent, assertSha */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87206);
// The one event reader: the QA run's context and a promotion's target, from the event payload and
// GITHUB_* variables (or CLI flags). Untrusted text from the payload (titles, branch names) is only
// ever carried as data.
//   QA:        PR head sha, merge-group head sha, inputs.sha, GITHUB_SHA, else git HEAD
//   promotion: push → the pushed sha (merge commit, fast-forward or rebase)
//              pull_request closed → merged: the merge commit, and the PR (its head is what QA tested)
//              merge_group → the merge group's head sha (QA ran on that very commit)
//              workflow_dispatch → inputs.sha, else the run's sha


async function readEvent(path) {
    if (!path)
        return {};
    let text;
    try {
        text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
    }
    catch (error) {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`cannot read the event payload ${path}: ${error.code ?? 'error'}`);
    }
    try {
        const value = JSON.parse(text);
        return typeof value === 'object' && value !== null ? value : {};
    }
    catch {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`the event payload ${path} is not valid JSON`);
    }
}
/** GITHUB_API_URL, else github.com's API. */
function apiUrlOf(env) {
    return env.GITHUB_API_URL ?? 'https://api.github.com';
}
function serverUrlOf(env) {
    return env.GITHUB_SERVER_URL ?? 'https://github.com';
}
/** The workflow run (GITHUB_RUN_ID & co.) of `repository`, when both are known. */
function runOf(env, repository) {
    const id = env.GITHUB_RUN_ID;
    if (!id || !repository)
        return undefined;
    return {
        id,
        attempt: Number(env.GITHUB_RUN_ATTEMPT ?? '1'),
        url: `${serverUrlOf(env)}/${repository}/actions/runs/${id}`,
    };
}
const SHA_RE = /^[0-9a-f]{40}$/;
const ZERO_SHA = '0'.repeat(40);
function assertSha(sha, what) {
    const lower = sha.trim().toLowerCase();
    if (!SHA_RE.test(lower))
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`${what} must be a full 40-hex commit sha (got "${sha}"): pass --sha <sha>`);
    return lower;
}
/** What a QA run is about. */
async function runContext(env, overrides = {}) {
    const event = await readEvent(overrides.eventPath ?? env.GITHUB_EVENT_PATH);
    const number = event.pull_request?.number;
    const pr = overrides.pr ?? (typeof number === 'number' ? number : undefined);
    const sha = overrides.sha ??
        event.pull_request?.head?.sha ??
        event.merge_group?.head_sha ??
        (typeof event.inputs?.sha === 'string' ? event.inputs.sha : undefined) ??
        env.GITHUB_SHA ??
        overrides.headSha;
    if (!sha || !SHA_RE.test(sha))
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`no commit sha to test (got "${sha ?? ''}"): pass --sha <40-hex sha>`);
    const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name;
    const unprivileged = unprivilegedOf(event, env, repository);
    return {
        sha,
        pr,
        ref: event.pull_request
            ? `refs/pull/${event.pull_request.number}/head`
            : (event.merge_group?.head_ref ?? env.GITHUB_REF),
        repository,
        apiUrl: apiUrlOf(env),
        run: runOf(env, repository),
        actor: env.GITHUB_ACTOR,
        ...(visibilityOf(event) ? { visibility: visibilityOf(event) } : {}),
        ...(unprivileged ? { unprivileged } : {}),
    };
}
const DEPENDABOT = 'dependabot[bot]';
/** A head repository other than the base (or none: the fork was deleted). */
function isFork(head, repository) {
    return !head || head.toLowerCase() !== repository.toLowerCase();
}
/**
 * A `pull_request` run GitHub gives a read-only token and no secrets: the head is a fork (or a
 * deleted one), or Dependabot opened it. pull_request_target and the rest run in the base context.
 */
function unprivilegedOf(event, env, repository) {
    const pull = event.pull_request;
    if (!pull || (env.GITHUB_EVENT_NAME ?? 'pull_request') !== 'pull_request')
        return undefined;
    const head = pull.head?.repo;
    if (head !== undefined && repository && isFork(head?.full_name, repository))
        return 'fork';
    if (pull.user?.login === DEPENDABOT || env.GITHUB_ACTOR === DEPENDABOT)
        return 'dependabot';
    return undefined;
}
/** The repository's visibility as the payload gives it (older payloads only have `private`). */
function visibilityOf(event) {
    const { visibility, private: isPrivate } = event.repository ?? {};
    if (visibility === 'public' || visibility === 'private' || visibility === 'internal')
        return visibility;
    return isPrivate === undefined ? undefined : isPrivate ? 'private' : 'public';
}
function kindOf(event) {
    if (event.pull_request)
        return 'pull_request';
    if (event.merge_group)
        return 'merge_group';
    if (event.inputs)
        return 'workflow_dispatch';
    return 'push';
}
/** What a promotion is about. */
async function promoteTarget(env, overrides = {}) {
    const event = await readEvent(overrides.eventPath ?? env.GITHUB_EVENT_PATH);
    const eventName = overrides.eventName ?? env.GITHUB_EVENT_NAME ?? (overrides.eventPath ? kindOf(event) : 'local');
    const repository = env.GITHUB_REPOSITORY ?? event.repository?.full_name;
    let pr;
    const payloadPr = event.pull_request;
    const gaps = payloadPr ? missingPullFields(payloadPr) : [];
    if (payloadPr && gaps.length && eventName === 'pull_request' && overrides.sha === undefined)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb(`the pull_request event payload lacks ${gaps.join(', ')}: GitHub's payload carries them; a hand-written one must too. ` +
            'Or name the commit: promote --pr <number> (from a checkout of the merge commit) or --sha <40-hex sha>.');
    if (payloadPr && typeof payloadPr.number === 'number' && typeof payloadPr.head?.sha === 'string') {
        pr = {
            number: payloadPr.number,
            headSha: assertSha(payloadPr.head.sha, 'pull_request.head.sha'),
            merged: payloadPr.merged === true,
            mergeCommitSha: payloadPr.merge_commit_sha ?? null,
            source: 'event',
            ...(repository &&
                payloadPr.head.repo !== undefined &&
                isFork(payloadPr.head.repo?.full_name, repository)
                ? { fromFork: true }
                : {}),
        };
    }
    let sha = overrides.sha;
    let ref = env.GITHUB_REF;
    if (sha === undefined) {
        if (pr && eventName === 'pull_request') {
            if (!pr.merged || !pr.mergeCommitSha)
                throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .RefusalError */ .XQ(`pull request #${pr.number} was ${event.action === 'closed' ? 'closed without being merged' : `not merged (action "${event.action ?? '?'}")`}: there is nothing to promote. ` +
                    'Promote on `push` to the default branch, or guard the job with `if: github.event.pull_request.merged == true`.', 'not-merged');
            sha = pr.mergeCommitSha;
            ref = payloadPr?.base?.ref ? `refs/heads/${payloadPr.base.ref}` : ref;
        }
        else if (event.merge_group?.head_sha) {
            sha = event.merge_group.head_sha;
            ref = event.merge_group.head_ref ?? ref;
        }
        else if (typeof event.inputs?.sha === 'string' && event.inputs.sha !== '') {
            sha = event.inputs.sha;
        }
        else if (event.after !== undefined) {
            if (event.after === ZERO_SHA)
                throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('the push deleted the branch (after = 000…): there is nothing to promote');
            sha = event.after;
            ref = event.ref ?? ref;
        }
    }
    sha ??= env.GITHUB_SHA ?? overrides.headSha;
    if (!sha)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UsageError */ .eb('no commit to promote: pass --sha <40-hex sha> or run in a git checkout');
    const target = { eventName, sha: assertSha(sha, 'the commit to promote') };
    if (ref)
        target.ref = ref;
    if (repository)
        target.repository = repository;
    if (pr)
        target.pr = pr;
    if (gaps.length)
        target.eventGaps = gaps;
    return target;
}
/** The fields a promotion reads from a pull_request payload that it does not have. */
function missingPullFields(pull) {
    const gaps = [];
    if (typeof pull.number !== 'number')
        gaps.push('pull_request.number');
    if (typeof pull.head?.sha !== 'string')
        gaps.push('pull_request.head.sha');
    if (pull.merged === undefined)
        gaps.push('pull_request.merged');
    else if (pull.merged && typeof pull.merge_commit_sha !== 'string')
        gaps.push('pull_request.merge_commit_sha');
    return gaps;
}


/***/ }),

/***/ 2860:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ testedTag),
/* harmony export */   V: () => (/* binding */ verdictOf)
/* harmony export */ });
/** `qa-<40-hex sha>`: the tag a passed, clean QA run sets on the tested digest. */
function testedTag(sha) {
    return `qa-${sha}`;
}
function verdictOf(phases, checks) {
    const ok = phases.every((p) => p.conclusion === 'success') &&
        checks.filter((c) => c.required).every((c) => c.conclusion === 'success');
    return ok ? 'passed' : 'failed';
}


/***/ }),

/***/ 44012:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $p: () => (/* binding */ redactor),
/* harmony export */   kz: () => (/* binding */ redactedLines)
/* harmony export */ });
/* unused harmony export REDACTED */
// Secret values kept out of what we show: build output (image.secrets) and registry messages (the
// credentials and tokens the registry client holds). A secret becomes what the Actions runner's
// masker writes for it.
/** What a redacted secret becomes (as the Actions runner's masker writes it). */
const REDACTED = '***';
/** Shorter values are not redacted: they would turn every such string in the log into `***`. */
const MIN_REDACTED = 4;
/** The most output held back waiting for the end of its line. */
const MAX_PENDING = 64 * 1024;
/**
 * A function that replaces every secret value in a text with REDACTED: the whole value and, for a
 * multi-line value (a key file), each of its lines, as output shows them one line at a time.
 */
function redactor(values) {
    const forms = [...new Set([...values].flatMap((v) => [v, ...v.split(/\r?\n/).map((line) => line.trim())]))]
        .filter((form) => form.length >= MIN_REDACTED)
        // Longest first: a value that contains another is replaced whole.
        .sort((a, b) => b.length - a.length);
    if (!forms.length)
        return (text) => text;
    return (text) => forms.reduce((out, form) => out.split(form).join(REDACTED), text);
}
/**
 * Streamed output, redacted a whole line at a time (a value split across two chunks is still
 * found): push() passes on each chunk's complete lines, flush() the rest once the process ended.
 */
function redactedLines(redact, write) {
    let pending = '';
    const emit = (text) => {
        const shown = redact(text).trimEnd();
        if (shown)
            write(shown);
    };
    const flush = () => {
        if (pending)
            emit(pending);
        pending = '';
    };
    const push = (chunk) => {
        pending += chunk;
        const cut = pending.lastIndexOf('\n');
        if (cut >= 0) {
            emit(pending.slice(0, cut));
            pending = pending.slice(cut + 1);
        }
        else if (pending.length > MAX_PENDING)
            flush(); // no progress line is this long: pass it on
    };
    return { push, flush };
}


/***/ }),

/***/ 60284:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   To: () => (/* binding */ PREDICATE_TYPE),
/* harmony export */   cJ: () => (/* binding */ qaStatement),
/* harmony export */   w9: () => (/* binding */ INTOTO_PAYLOAD_TYPE),
/* harmony export */   xs: () => (/* binding */ keyId),
/* harmony export */   zG: () => (/* binding */ STATEMENT_TYPE)
/* harmony export */ });
/* unused harmony export BUNDLE_MEDIA_TYPE */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _store_artifact_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76151);
// The QA record as an in-toto Statement v1 about the tested digest: what is signed (sign.ts) and
// verified (attestation.ts). Apart from both so that building it loads no Sigstore library.


const STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
const PREDICATE_TYPE = _store_artifact_js__WEBPACK_IMPORTED_MODULE_1__/* .QA_PREDICATE_TYPE */ .G5;
/** DSSE payload type of an in-toto statement. */
const INTOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
/** Media type of the bundle as an OCI artifact layer (what cosign and gh attestation read). */
const BUNDLE_MEDIA_TYPE = (/* unused pure expression or super */ null && (SIGNED_RECORD_ARTIFACT_TYPE));
/** The statement for a record: its subject is the tested digest, nothing else. */
function qaStatement(record) {
    const hex = /^sha256:([0-9a-f]{64})$/.exec(record.image.digest ?? '')?.[1];
    if (!hex)
        throw new Error(`a QA record without a sha256 digest cannot be attested (${record.image.digest})`);
    return {
        _type: STATEMENT_TYPE,
        subject: [{ name: record.image.repository, digest: { sha256: hex } }],
        predicateType: PREDICATE_TYPE,
        predicate: record,
    };
}
/** The key id a bundle names its key by: sha256 of the public key's SPKI DER, as cosign does. */
function keyId(key) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256')
        .update((key.type === 'public' ? key : (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createPublicKey)(key)).export({ type: 'spki', format: 'der' }))
        .digest('hex');
}


/***/ }),

/***/ 6764:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   g: () => (/* binding */ RegistryError)
/* harmony export */ });
/* unused harmony export isRegistryError */
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87206);
// Registry failures. They are InfrastructureErrors (exit 3) with a `kind` so callers can tell a
// missing tag (promotion refused) from bad credentials or an unreachable registry.

class RegistryError extends _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InfrastructureError */ .EN {
    name = 'RegistryError';
    kind;
    registry;
    repository;
    status;
    code;
    constructor(message, details) {
        super(message);
        this.kind = details.kind;
        this.registry = details.registry;
        this.repository = details.repository;
        this.status = details.status;
        this.code = details.code;
    }
}
function isRegistryError(error, kind) {
    return error instanceof RegistryError && (kind === undefined || error.kind === kind);
}


/***/ }),

/***/ 79310:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   F2: () => (/* binding */ parseReference),
/* harmony export */   LN: () => (/* binding */ referrersTag),
/* harmony export */   ZV: () => (/* binding */ assertRepository),
/* harmony export */   r_: () => (/* binding */ isValidTag),
/* harmony export */   uE: () => (/* binding */ assertTagOrDigest)
/* harmony export */ });
/* unused harmony exports InvalidReferenceError, isRegistryHost, isValidRepository, isValidHost, repositoryName, formatReference */
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87206);
// Image references: `host[:port]/path[:tag][@digest]`, with Docker's rule for whether the first
// path component names a registry host. Grammar from distribution/reference (regexp.go).

const alphanumeric = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alphanumeric}(?:${separator}${alphanumeric})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const ipv6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|${ipv6})`;
const REPOSITORY_RE = new RegExp(`^${pathComponent}(?:/${pathComponent})*$`);
const HOST_RE = new RegExp(`^${host}(?::[0-9]+)?$`);
const TAG_RE = /^[\w][\w.-]{0,127}$/;
const DIGEST_RE = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const SHA256_RE = /^sha256:[0-9a-f]{64}$/;
const MAX_NAME_LENGTH = 255;
/** Thrown for a malformed image reference, repository, tag or digest. */
class InvalidReferenceError extends _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb {
    name = 'InvalidReferenceError';
}
/**
 * Docker's rule: the first component is a registry host when it contains a `.` or a `:`, is
 * `localhost`, or has upper-case letters (which a repository path cannot have).
 */
function isRegistryHost(component) {
    return /[.:]/.test(component) || component === 'localhost' || component !== component.toLowerCase();
}
function isValidRepository(repository) {
    return repository.length <= MAX_NAME_LENGTH && REPOSITORY_RE.test(repository);
}
function isValidHost(registry) {
    return HOST_RE.test(registry);
}
function isValidTag(tag) {
    return TAG_RE.test(tag);
}
/** Any well-formed digest (`algorithm:hex`); sha256 digests must be 64 lower-case hex digits. */
function isDigest(value) {
    if (!DIGEST_RE.test(value))
        return false;
    return !value.startsWith('sha256:') || SHA256_RE.test(value);
}
function parseReference(input) {
    const fail = (why) => {
        throw new InvalidReferenceError(`invalid image reference "${input}": ${why} (expected host[:port]/path[:tag][@digest], e.g. ghcr.io/acme/shop:1.0)`);
    };
    if (input.length === 0)
        fail('it is empty');
    if (/\s/.test(input))
        fail('it contains whitespace');
    let name = input;
    let digest;
    const at = name.indexOf('@');
    if (at !== -1) {
        digest = name.slice(at + 1);
        name = name.slice(0, at);
        if (!isDigest(digest))
            fail(`"${digest}" is not a digest (algorithm:hex)`);
    }
    let tag;
    const colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
        tag = name.slice(colon + 1);
        name = name.slice(0, colon);
        if (!isValidTag(tag))
            fail(`"${tag}" is not a valid tag ([A-Za-z0-9_.-], at most 128, not starting with . or -)`);
    }
    let registry;
    let repository = name;
    const slash = name.indexOf('/');
    if (slash !== -1 && isRegistryHost(name.slice(0, slash))) {
        registry = name.slice(0, slash);
        repository = name.slice(slash + 1);
        if (!isValidHost(registry))
            fail(`"${registry}" is not a valid registry host[:port]`);
    }
    if (repository.length === 0)
        fail('the repository name is empty');
    if (repository !== repository.toLowerCase())
        fail('the repository name must be lower-case');
    if (!isValidRepository(repository)) {
        fail(`"${repository}" is not a valid repository path (lower-case letters, digits and . _ - separators)`);
    }
    if ((registry ? registry.length + 1 : 0) + repository.length > MAX_NAME_LENGTH) {
        fail(`the name is longer than ${MAX_NAME_LENGTH} characters`);
    }
    const ref = { repository };
    if (registry !== undefined)
        ref.registry = registry;
    if (tag !== undefined)
        ref.tag = tag;
    if (digest !== undefined)
        ref.digest = digest;
    return ref;
}
/** `host/path` (or just `path` without a registry). */
function repositoryName(ref) {
    return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}
function formatReference(ref) {
    return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
/**
 * The OCI referrers fallback tag for a digest: `<alg>-<hex>` (alg truncated to 32 and hex to 64
 * characters), e.g. `sha256-0123…`. `suffix` appends `.suffix` (DESIGN.md: `sha256-<hex>.qa`).
 */
function referrersTag(digest, suffix) {
    if (!isDigest(digest))
        throw new InvalidReferenceError(`"${digest}" is not a digest (algorithm:hex)`);
    const [algorithm = '', hex = ''] = digest.split(':');
    const tag = `${algorithm.replace(/[^\w.-]/g, '-').slice(0, 32)}-${hex.slice(0, 64)}`;
    return suffix ? `${tag}.${suffix}` : tag;
}
/** Validates a repository path and throws InvalidReferenceError when malformed. */
function assertRepository(repository) {
    if (!isValidRepository(repository)) {
        throw new InvalidReferenceError(`invalid repository "${repository}": lower-case path components of letters, digits and . _ - separators`);
    }
}
/** Validates a manifest reference (tag or digest) and throws InvalidReferenceError when malformed. */
function assertTagOrDigest(reference) {
    if (!isValidTag(reference) && !isDigest(reference)) {
        throw new InvalidReferenceError(`invalid tag or digest "${reference}"`);
    }
}


/***/ }),

/***/ 7030:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  K: () => (/* binding */ credentialOptions),
  a: () => (/* binding */ imageRepository)
});

// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
// EXTERNAL MODULE: ./src/model/redact.ts
var redact = __webpack_require__(44012);
// EXTERNAL MODULE: ./src/registry/errors.ts
var registry_errors = __webpack_require__(6764);
;// CONCATENATED MODULE: ./src/registry/auth.ts
// Registry authentication: where credentials come from (inputs, the Docker config file, credential
// helpers, the ghcr.io fallback) and how a `WWW-Authenticate` challenge is answered (Basic, or a
// Bearer token from the challenge's realm, cached per scope). Secrets never reach a message.







/**
 * Parses a `WWW-Authenticate` header (RFC 7235): one or more challenges, each a scheme followed by
 * comma-separated `name=value` or `name="quoted value"` parameters.
 */
function parseChallenges(header) {
    const challenges = [];
    let i = 0;
    const n = header.length;
    const skip = (chars) => {
        while (i < n && chars.test(header.charAt(i)))
            i++;
    };
    const token = () => {
        const start = i;
        while (i < n && /[!#$%&'*+\-.^_`|~0-9A-Za-z/]/.test(header.charAt(i)))
            i++;
        return header.slice(start, i);
    };
    let current;
    while (i < n) {
        skip(/[\s,]/);
        if (i >= n)
            break;
        const start = i;
        const word = token();
        if (word === '') {
            i++; // not a token character: skip it
            continue;
        }
        skip(/[ \t]/);
        if (header.charAt(i) === '=' && current) {
            // name=value parameter of the current challenge (token68 values end with '=' too: see below)
            i++;
            skip(/[ \t]/);
            let value;
            if (header.charAt(i) === '"') {
                i++;
                value = '';
                while (i < n && header.charAt(i) !== '"') {
                    if (header.charAt(i) === '\\' && i + 1 < n)
                        i++;
                    value += header.charAt(i);
                    i++;
                }
                i++; // closing quote
            }
            else {
                const vstart = i;
                while (i < n && header.charAt(i) !== ',' && !/\s/.test(header.charAt(i)))
                    i++;
                value = header.slice(vstart, i);
            }
            current.params[word.toLowerCase()] = value;
            continue;
        }
        if (header.charAt(i) === '=' && !current) {
            // a parameter before any scheme: malformed, skip past it
            i = start + word.length + 1;
            continue;
        }
        current = { scheme: word.toLowerCase(), params: {} };
        challenges.push(current);
    }
    return challenges;
}
const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
const DOCKER_HUB_SERVER = 'https://index.docker.io/v1/';
/** The Docker config directory: `$DOCKER_CONFIG`, else `~/.docker`. */
function dockerConfigDir(env = process.env) {
    return env.DOCKER_CONFIG || (0,external_node_path_.join)(env.HOME || (0,external_node_os_.homedir)(), '.docker');
}
/** Reads `<dir>/config.json`; undefined when it does not exist. A malformed file is a UsageError. */
async function readDockerConfig(dir) {
    const path = (0,external_node_path_.join)(dir, 'config.json');
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw new errors/* UsageError */.eb(`cannot read the Docker config ${path}: ${error.code ?? 'error'}`);
    }
    let raw;
    try {
        raw = JSON.parse(text);
    }
    catch {
        // The parser's message may quote file content (secrets): name the file only.
        throw new errors/* UsageError */.eb(`the Docker config ${path} is not valid JSON: fix or remove it`);
    }
    return { path, config: toDockerConfig(raw) };
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(value) {
    return typeof value === 'string' && value !== '' ? value : undefined;
}
function toDockerConfig(raw) {
    const config = { auths: {}, credHelpers: {} };
    if (!isRecord(raw))
        return config;
    if (isRecord(raw.auths)) {
        for (const [key, value] of Object.entries(raw.auths)) {
            if (!isRecord(value))
                continue;
            const entry = {};
            const auth = str(value.auth);
            const identitytoken = str(value.identitytoken);
            const username = str(value.username);
            const password = str(value.password);
            if (auth)
                entry.auth = auth;
            if (identitytoken)
                entry.identitytoken = identitytoken;
            if (username)
                entry.username = username;
            if (password)
                entry.password = password;
            config.auths[key] = entry;
        }
    }
    const store = str(raw.credsStore);
    if (store)
        config.credsStore = store;
    if (isRecord(raw.credHelpers)) {
        for (const [key, value] of Object.entries(raw.credHelpers)) {
            const helper = str(value);
            if (helper)
                config.credHelpers[key] = helper;
        }
    }
    return config;
}
/** `https://host/v1/` → `host`; Docker Hub aliases → `index.docker.io`. Lower-case. */
function normalizeAuthKey(key) {
    const host = key
        .replace(/^[a-z]+:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase();
    return DOCKER_HUB_HOSTS.has(host) ? 'index.docker.io' : host;
}
function findEntry(map, host) {
    const wanted = normalizeAuthKey(host);
    const exact = map[host];
    if (exact !== undefined)
        return exact;
    for (const [key, value] of Object.entries(map))
        if (normalizeAuthKey(key) === wanted)
            return value;
    return undefined;
}
/** The credential stored inline in a Docker config (`auths[host]`), if any. */
function dockerConfigCredential(config, host, source) {
    const entry = findEntry(config.auths, host);
    if (!entry)
        return undefined;
    let username = entry.username;
    let password = entry.password;
    if (entry.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        if (colon > 0) {
            username = decoded.slice(0, colon);
            password = decoded.slice(colon + 1);
        }
    }
    if (entry.identitytoken) {
        return username
            ? { kind: 'identity-token', token: entry.identitytoken, username, source }
            : { kind: 'identity-token', token: entry.identitytoken, source };
    }
    if (username && password)
        return { kind: 'basic', username, password, source };
    return undefined;
}
/** Runs `docker-credential-<helper> get` with the server URL on stdin. */
const runCredentialHelper = async (helper, serverUrl) => {
    if (!/^[\w.-]+$/.test(helper))
        return undefined;
    const result = await (0,exec/* exec */.m0)([`docker-credential-${helper}`, 'get'], { input: serverUrl, timeoutMs: 30_000 });
    if (result.code !== 0)
        return undefined; // "credentials not found in native keychain"
    let raw;
    try {
        raw = JSON.parse(result.stdout);
    }
    catch {
        return undefined;
    }
    if (!isRecord(raw))
        return undefined;
    const username = str(raw.Username);
    const secret = str(raw.Secret);
    return username && secret ? { username, secret } : undefined;
};
/**
 * Credentials for `host`, in order: explicit username/password; the Docker config
 * (`credHelpers[host]`, then `auths[host]`, then `credsStore`); for ghcr.io the GitHub fallback.
 * Undefined = anonymous.
 */
async function resolveCredential(host, options = {}) {
    const { username, password } = options;
    if (username || password) {
        if (!username || !password) {
            throw new errors/* UsageError */.eb(`registry credentials for ${host} need both a username and a password (registry-username and registry-password)`);
        }
        return { kind: 'basic', username, password, source: 'registry-username/registry-password' };
    }
    if (options.dockerConfigDir !== false) {
        const dir = options.dockerConfigDir ?? dockerConfigDir(options.env ?? process.env);
        const file = await readDockerConfig(dir);
        if (file) {
            const helperCredential = async (helper) => {
                const serverUrl = normalizeAuthKey(host) === 'index.docker.io' ? DOCKER_HUB_SERVER : host;
                const run = options.credentialHelper ?? runCredentialHelper;
                try {
                    const found = await run(helper, serverUrl);
                    if (!found)
                        return undefined;
                    const source = `credential helper docker-credential-${helper}`;
                    // Docker's convention: the username "<token>" marks an identity (refresh) token.
                    return found.username === '<token>'
                        ? { kind: 'identity-token', token: found.secret, source }
                        : { kind: 'basic', username: found.username, password: found.secret, source };
                }
                catch (error) {
                    options.logger?.debug(`registry: credential helper ${helper} failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
                    return undefined;
                }
            };
            const helper = findEntry(file.config.credHelpers, host);
            const fromHelper = helper ? await helperCredential(helper) : undefined;
            if (fromHelper)
                return fromHelper;
            const inline = dockerConfigCredential(file.config, host, `Docker config ${file.path}`);
            if (inline)
                return inline;
            const fromStore = file.config.credsStore ? await helperCredential(file.config.credsStore) : undefined;
            if (fromStore)
                return fromStore;
        }
    }
    if (options.githubFallback && normalizeAuthKey(host) === 'ghcr.io') {
        const { username: user, password: token } = options.githubFallback;
        if (user && token)
            return { kind: 'basic', username: user, password: token, source: 'github.actor and the GitHub token' };
    }
    return undefined;
}
/** Hint for an authentication / authorization failure, naming what to check. Never secrets. */
function authHint(kind, registry, source, push) {
    const ghcr = normalizeAuthKey(registry) === 'ghcr.io';
    if (kind === 'forbidden') {
        return ghcr
            ? `the credentials (${source ?? 'anonymous'}) lack permission: the token needs \`packages: ${push ? 'write' : 'read'}\` (workflow \`permissions:\`) and the package must grant this repository ${push ? 'Write' : 'Read'} access`
            : `the credentials (${source ?? 'anonymous'}) are valid but lack ${push ? 'push' : 'pull'} permission on this repository`;
    }
    if (!source) {
        return `no credentials found for ${registry}: pass registry-username and registry-password, or run \`docker login ${registry}\` (looked in $DOCKER_CONFIG/config.json or ~/.docker/config.json)`;
    }
    // A 401 with credentials is not a permission problem: the registry does not accept them at all.
    return ghcr
        ? `the registry rejected the credentials from ${source}: the token is invalid, expired or revoked, or the username is wrong. Create a new token (it needs read:packages${push ? ' and write:packages' : ''}; the workflow token needs \`packages: ${push ? 'write' : 'read'}\`) and update the secret or log in again`
        : `the registry rejected the credentials from ${source}: the token or password is invalid, expired or revoked, or the username is wrong. Create a new token and update the secret, or run \`docker login ${registry}\` again`;
}
class RegistryAuth {
    options;
    scheme;
    realm;
    service;
    tokens = new Map();
    credential;
    resolvedSource;
    secrets = new Set();
    now;
    constructor(options) {
        this.options = options;
        this.now = options.now ?? Date.now;
    }
    /** Where the credentials came from (e.g. "Docker config /root/.docker/config.json"), if any. */
    get source() {
        return this.resolvedSource;
    }
    /** Removes every known secret from a text before it is shown or logged. */
    scrub(text) {
        // Built at each call: the token service adds its tokens to the set as they come.
        return (0,redact/* redactor */.$p)(this.secrets)(text);
    }
    async getCredential() {
        this.credential ??= (async () => {
            const { credentials } = this.options;
            const found = typeof credentials === 'function'
                ? await credentials()
                : await resolveCredential(this.options.registry, { logger: this.options.logger, ...credentials });
            if (found) {
                this.resolvedSource = found.source;
                if (found.kind === 'basic') {
                    this.secrets.add(found.password);
                    this.secrets.add(basic(found.username, found.password));
                }
                else {
                    this.secrets.add(found.token);
                }
                this.options.logger?.debug(`registry: credentials for ${this.options.registry} from ${found.source}`);
            }
            else {
                this.options.logger?.debug(`registry: no credentials for ${this.options.registry}, anonymous`);
            }
            return found;
        })();
        return this.credential;
    }
    /** The Authorization header to send proactively for `scope`, once the scheme is known. */
    async authorization(scope) {
        if (this.scheme === 'basic') {
            const credential = await this.getCredential();
            return credential?.kind === 'basic'
                ? `Basic ${basic(credential.username, credential.password)}`
                : undefined;
        }
        if (this.scheme === 'bearer') {
            const token = await this.token(scope ? [scope] : [], scope ?? '');
            return `Bearer ${token.value}`;
        }
        return undefined;
    }
    /**
     * Handles a 401's `WWW-Authenticate` header. `sent` is the Authorization the failed request
     * carried (if any). Returns whether retrying with a new Authorization makes sense.
     */
    async challenge(header, scope, sent) {
        const no = { retry: false, insufficientScope: false };
        if (!header)
            return no;
        const challenges = parseChallenges(header);
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        const basicChallenge = challenges.find((c) => c.scheme === 'basic');
        if (bearer?.params.realm) {
            const insufficientScope = bearer.params.error === 'insufficient_scope';
            this.scheme = 'bearer';
            this.realm = bearer.params.realm;
            this.service = bearer.params.service;
            const key = scope ?? '';
            const scopes = new Set(scope ? [scope] : []);
            for (const s of (bearer.params.scope ?? '').split(' '))
                if (s)
                    scopes.add(s);
            if (sent?.startsWith('Bearer ')) {
                // The token we sent was refused: fetch a fresh one once (the client bounds the retries).
                this.tokens.delete(key);
                if (insufficientScope)
                    return { retry: false, insufficientScope };
            }
            await this.token([...scopes], key);
            return { retry: true, insufficientScope };
        }
        if (basicChallenge) {
            this.scheme = 'basic';
            if (sent?.startsWith('Basic '))
                return no; // our credentials were refused
            const credential = await this.getCredential();
            return { retry: credential?.kind === 'basic', insufficientScope: false };
        }
        return no;
    }
    token(scopes, key) {
        const cached = this.tokens.get(key);
        if (cached) {
            return cached.then((token) => {
                if (token.expiresAt > this.now())
                    return token;
                this.tokens.delete(key);
                return this.token(scopes, key);
            });
        }
        const pending = this.fetchToken(scopes);
        this.tokens.set(key, pending);
        pending.catch(() => this.tokens.delete(key));
        return pending;
    }
    async fetchToken(scopes) {
        const realm = this.realm;
        if (!realm)
            throw this.error('protocol', 'the registry asked for a Bearer token without a realm');
        const credential = await this.getCredential();
        const headers = { Accept: 'application/json' };
        if (this.options.userAgent)
            headers['User-Agent'] = this.options.userAgent;
        let request;
        if (credential?.kind === 'identity-token') {
            const form = new URLSearchParams();
            form.set('grant_type', 'refresh_token');
            if (this.service)
                form.set('service', this.service);
            form.set('client_id', 'immutable-qa');
            form.set('refresh_token', credential.token);
            if (scopes.length)
                form.set('scope', scopes.join(' '));
            headers['Content-Type'] = 'application/x-www-form-urlencoded';
            request = { method: 'POST', url: realm, headers, body: Buffer.from(form.toString()) };
        }
        else {
            const url = new URL(realm);
            if (this.service)
                url.searchParams.set('service', this.service);
            for (const scope of scopes)
                url.searchParams.append('scope', scope);
            if (credential)
                headers.Authorization = `Basic ${basic(credential.username, credential.password)}`;
            request = { method: 'GET', url: url.toString(), headers };
        }
        const started = this.now();
        const response = await this.options.transport(request);
        const text = await response.text();
        const origin = safeOrigin(realm);
        if (response.status === 401 || response.status === 403) {
            const kind = response.status === 401 || !credential ? 'unauthorized' : 'forbidden';
            throw this.error(kind, `the token service ${origin} for ${this.options.registry} refused ${credential ? 'the credentials' : 'anonymous access'} (${response.status}${errorSummary(text).summary}): ${authHint(kind, this.options.registry, credential?.source, scopes.some((s) => /push|delete|\*/.test(s)))}`, response.status);
        }
        if (!response.ok) {
            throw this.error('protocol', `the token service ${origin} for ${this.options.registry} answered ${response.status}${errorSummary(text).summary}`, response.status);
        }
        let body;
        try {
            body = JSON.parse(text);
        }
        catch {
            throw this.error('protocol', `the token service ${origin} for ${this.options.registry} did not answer JSON`);
        }
        const value = isRecord(body) ? (str(body.token) ?? str(body.access_token)) : undefined;
        if (!value)
            throw this.error('protocol', `the token service ${origin} for ${this.options.registry} sent no token`);
        this.secrets.add(value);
        const expiresIn = isRecord(body) && typeof body.expires_in === 'number' ? body.expires_in : 60;
        // The spec: tokens live at least 60 s. Renew 10 s early.
        const lifetime = Math.max(expiresIn, 60) - 10;
        this.options.logger?.debug(`registry: token for ${scopes.join(' ') || '(no scope)'} from ${origin} (${expiresIn}s, ${this.now() - started} ms)`);
        return { value, expiresAt: started + lifetime * 1000 };
    }
    error(kind, message, status) {
        return new registry_errors/* RegistryError */.g(this.scrub(`registry ${this.options.registry}: ${message}`), {
            kind,
            registry: this.options.registry,
            ...(status !== undefined ? { status } : {}),
        });
    }
}
function basic(username, password) {
    return Buffer.from(`${username}:${password}`, 'utf8').toString('base64');
}
function safeOrigin(url) {
    try {
        const u = new URL(url);
        return `${u.protocol}//${u.host}${u.pathname}`;
    }
    catch {
        return '(invalid realm)';
    }
}
/**
 * From an OCI / token error body: `summary`, `", CODE: message"` (else the first line of a short
 * text body, else ''), and `code`, the first OCI error code. Not scrubbed: it only reaches a
 * message through the `error()` of RegistryAuth / RegistryClient, which scrub the whole message.
 */
function errorSummary(text) {
    let summary = '';
    let code;
    try {
        const body = JSON.parse(text);
        if (isRecord(body) && Array.isArray(body.errors)) {
            const first = body.errors[0];
            if (isRecord(first) && typeof first.code === 'string')
                code = first.code;
            summary = body.errors
                .filter(isRecord)
                .map((e) => [str(e.code), str(e.message)].filter(Boolean).join(': '))
                .filter(Boolean)
                .join('; ');
        }
        else if (isRecord(body)) {
            summary = [str(body.error), str(body.error_description) ?? str(body.details)]
                .filter(Boolean)
                .join(': ');
        }
    }
    catch {
        const line = text.trim().split('\n')[0] ?? '';
        summary = line.length <= 200 ? line : `${line.slice(0, 200)}…`;
    }
    return { summary: summary ? `, ${summary}` : '', ...(code !== undefined ? { code } : {}) };
}

;// CONCATENATED MODULE: ./src/registry/transport.ts
// The HTTP side of a registry: one logical request = authentication (one challenge round), bounded
// retries (5xx, 429, connection errors, Retry-After), same-method redirects that never carry
// credentials to another origin, a timeout per attempt, and the mapping of failures to RegistryError.



/** `http://` for loopback / `*.local` hosts with a port (or `insecure`), else `https://`. */
function registryBaseUrl(registry, insecure = false) {
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(registry);
    const hostname = (match?.[1] ?? registry).toLowerCase();
    const port = match?.[2];
    const local = hostname === 'localhost' ||
        /^127\.\d+\.\d+\.\d+$/.test(hostname) ||
        hostname === '[::1]' ||
        hostname.endsWith('.local');
    const scheme = insecure || (local && port !== undefined) ? 'http' : 'https';
    // Docker Hub's API lives on registry-1.docker.io.
    const apiHost = hostname === 'docker.io' || hostname === 'index.docker.io' ? 'registry-1.docker.io' : registry;
    return `${scheme}://${apiHost}`;
}
const pullScope = (repo) => `repository:${repo}:pull`;
const pushScope = (repo) => `repository:${repo}:pull,push`;
const deleteScope = (repo) => `repository:${repo}:delete`;
const RETRYABLE = (status) => status >= 500 || status === 429;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
class RegistryTransport {
    options;
    registry;
    baseUrl;
    origin;
    auth;
    fetchImpl;
    attempts;
    baseDelayMs;
    maxDelayMs;
    sleep;
    timeoutMs;
    userAgent;
    constructor(options) {
        this.options = options;
        this.registry = options.registry;
        this.baseUrl = registryBaseUrl(options.registry, options.insecure);
        this.origin = new URL(this.baseUrl).origin;
        this.fetchImpl = options.fetch ?? fetch;
        this.attempts = Math.max(1, options.retry?.attempts ?? 4);
        this.baseDelayMs = options.retry?.baseDelayMs ?? 200;
        this.maxDelayMs = options.retry?.maxDelayMs ?? 30_000;
        this.sleep = options.retry?.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
        this.timeoutMs = options.timeoutMs ?? 60_000;
        this.userAgent = options.userAgent ?? 'immutable-qa';
        this.auth = new RegistryAuth({
            registry: options.registry,
            ...(options.credentials !== undefined ? { credentials: options.credentials } : {}),
            transport: (request) => this.send(request),
            ...(options.logger ? { logger: options.logger } : {}),
            userAgent: this.userAgent,
        });
    }
    /** A RegistryError about this registry, credentials scrubbed from the message. */
    error(kind, message, repository, status, code) {
        return new registry_errors/* RegistryError */.g(this.auth.scrub(`registry ${this.registry}: ${message}`), {
            kind,
            registry: this.registry,
            ...(repository !== undefined ? { repository } : {}),
            ...(status !== undefined ? { status } : {}),
            ...(code !== undefined ? { code } : {}),
        });
    }
    /** The response body as JSON, or a protocol error naming what it was. */
    async json(res, what, repo) {
        const text = await res.text();
        try {
            return JSON.parse(text);
        }
        catch {
            throw this.error('protocol', `${what} is not valid JSON`, repo);
        }
    }
    /** Debug output (credentials scrubbed). */
    debug(message) {
        this.options.logger?.debug(message);
    }
    /** One logical request: authentication (one challenge round) and error mapping. */
    async call(call) {
        const url = /^https?:\/\//.test(call.url) ? call.url : `${this.baseUrl}${call.url}`;
        const sameOrigin = new URL(url).origin === this.origin;
        let challenged = false;
        let insufficientScope = false;
        for (;;) {
            const headers = { ...call.headers };
            const sent = sameOrigin ? await this.auth.authorization(call.scope) : undefined;
            if (sent)
                headers.Authorization = sent;
            const request = { method: call.method, url, headers };
            if (call.body)
                request.body = call.body;
            const res = await this.send(request);
            if (res.status === 401 && sameOrigin && !challenged) {
                challenged = true;
                const outcome = await this.auth.challenge(res.headers.get('www-authenticate'), call.scope, sent);
                insufficientScope = outcome.insufficientScope;
                if (outcome.retry) {
                    await drain(res);
                    continue;
                }
            }
            if (call.ok.includes(res.status))
                return res;
            throw await this.failure(res, call, insufficientScope);
        }
    }
    async failure(res, call, insufficientScope) {
        const text = call.method === 'HEAD' ? '' : await res.text().catch(() => '');
        const { summary, code } = errorSummary(text);
        const status = res.status;
        const repo = call.repo;
        const where = repo ? `${this.registry}/${repo}` : this.registry;
        const write = call.write === true;
        if (status === 401 && insufficientScope) {
            return this.error('forbidden', `${call.what}: access to ${where} denied (401${summary}): ${authHint('forbidden', this.registry, this.auth.source, write)}`, repo, status, code);
        }
        if (status === 401 || status === 403) {
            const kind = status === 401 ? 'unauthorized' : 'forbidden';
            return this.error(kind, `${call.what}: ${status === 401 ? 'authentication' : 'access'} to ${where} refused (${status}${summary}): ${authHint(kind, this.registry, this.auth.source, write)}`, repo, status, code);
        }
        if (status === 404) {
            const message = code === 'NAME_UNKNOWN'
                ? `repository ${where} not found (404${summary}): check the image repository name${this.auth.source ? ' and that the credentials can see it' : ', or log in if it is private'}`
                : call.notFound
                    ? `${call.notFound} (404${summary})`
                    : `${call.what}: not found (404${summary})`;
            return this.error('not-found', message, repo, status, code);
        }
        if (status === 405 && call.method === 'DELETE') {
            return this.error('protocol', `${call.what}: the registry does not allow deletes (405${summary})`, repo, status, code);
        }
        return this.error('protocol', `${call.what}: unexpected ${status}${summary}`, repo, status, code);
    }
    /** One HTTP exchange with retries (5xx, 429, connection errors) and same-method redirects. */
    async send(request) {
        let current = request;
        let redirects = 0;
        const cancel = this.options.signal;
        for (let attempt = 1;; attempt++) {
            const cancelled = (0,errors/* cancelledBy */.tK)(cancel);
            if (cancelled)
                throw cancelled;
            const started = Date.now();
            const requestBytes = current.body?.length ?? 0;
            let res;
            try {
                const init = {
                    method: current.method,
                    headers: { 'User-Agent': this.userAgent, ...current.headers },
                    redirect: 'manual',
                    signal: cancel
                        ? AbortSignal.any([AbortSignal.timeout(this.timeoutMs), cancel])
                        : AbortSignal.timeout(this.timeoutMs),
                };
                if (current.body)
                    init.body = new Uint8Array(current.body);
                res = await this.fetchImpl(current.url, init);
            }
            catch (error) {
                const durationMs = Date.now() - started;
                this.options.onRequest?.(current.method, current.url, 0, { attempt, durationMs, requestBytes });
                const stopped = (0,errors/* cancelledBy */.tK)(cancel);
                if (stopped)
                    throw stopped;
                const reason = describeFetchError(error);
                this.log(`${current.method} ${stripQuery(current.url)} failed: ${reason} (attempt ${attempt}/${this.attempts})`);
                if (attempt >= this.attempts) {
                    throw this.error('unavailable', `unreachable: ${current.method} ${stripQuery(current.url)} failed ${this.attempts} times: ${reason}. Check that the registry is up and reachable from this machine`, undefined, 0);
                }
                await this.wait(this.backoff(attempt));
                continue;
            }
            const durationMs = Date.now() - started;
            this.options.onRequest?.(current.method, current.url, res.status, {
                attempt,
                durationMs,
                requestBytes,
            });
            this.log(`${current.method} ${stripQuery(current.url)} -> ${res.status} (${durationMs} ms)`);
            if (RETRYABLE(res.status)) {
                if (attempt < this.attempts) {
                    const delay = retryAfterMs(res.headers.get('retry-after')) ?? this.backoff(attempt);
                    await drain(res);
                    await this.wait(Math.min(delay, this.maxDelayMs));
                    continue;
                }
                const { summary, code } = errorSummary(await res.text().catch(() => ''));
                throw this.error('unavailable', `${current.method} ${stripQuery(current.url)} answered ${res.status}${summary} ${this.attempts} times: the registry is ${res.status === 429 ? 'rate-limiting us' : 'failing'}; try again later`, undefined, res.status, code);
            }
            const location = res.headers.get('location');
            if (REDIRECTS.has(res.status) && location && (current.method === 'GET' || current.method === 'HEAD')) {
                if (++redirects > 5)
                    throw this.error('protocol', `too many redirects from ${stripQuery(request.url)}`);
                await drain(res);
                const next = new URL(location, current.url).toString();
                const headers = { ...current.headers };
                // Never forward registry credentials to another origin (e.g. a storage redirect).
                if (new URL(next).origin !== new URL(current.url).origin)
                    delete headers.Authorization;
                current = { method: current.method, url: next, headers };
                attempt = 0;
                continue;
            }
            return res;
        }
    }
    /** A backoff that ends early (CancelledError) when the run is cancelled; no timer outlives it. */
    async wait(ms) {
        const cancel = this.options.signal;
        if (!cancel)
            return this.sleep(ms);
        const before = (0,errors/* cancelledBy */.tK)(cancel);
        if (before)
            throw before;
        const custom = this.options.retry?.sleep;
        let timer;
        let onAbort;
        const aborted = new Promise((resolve) => {
            onAbort = resolve;
            cancel.addEventListener('abort', onAbort, { once: true });
        });
        const slept = custom ? custom(ms) : new Promise((resolve) => (timer = setTimeout(resolve, ms)));
        try {
            await Promise.race([slept, aborted]);
        }
        finally {
            if (timer)
                clearTimeout(timer);
            if (onAbort)
                cancel.removeEventListener('abort', onAbort);
        }
        const cancelled = (0,errors/* cancelledBy */.tK)(cancel);
        if (cancelled)
            throw cancelled;
    }
    backoff(attempt) {
        return Math.min(this.baseDelayMs * 2 ** (attempt - 1), this.maxDelayMs);
    }
    log(message) {
        this.options.logger?.debug(`registry: ${this.auth.scrub(message)}`);
    }
}
/** Retry-After as seconds or an HTTP date, in ms; undefined when absent or unparsable. */
function retryAfterMs(value, now = Date.now()) {
    if (!value)
        return undefined;
    if (/^\d+$/.test(value.trim()))
        return Number(value.trim()) * 1000;
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
/** A short reason for a failed fetch: the cause's code/message (duck-typed: errors may come from another realm). */
function describeFetchError(error) {
    if (!isErrorLike(error))
        return String(error);
    if (error.name === 'TimeoutError' || error.name === 'AbortError')
        return 'timed out';
    const cause = error.cause;
    if (isErrorLike(cause)) {
        const code = cause.code;
        if (typeof code !== 'string')
            return cause.message || error.message;
        return cause.message.includes(code)
            ? cause.message
            : `${code}${cause.message ? ` (${cause.message})` : ''}`;
    }
    return error.message;
}
function isErrorLike(value) {
    return (typeof value === 'object' &&
        value !== null &&
        typeof value.message === 'string' &&
        typeof value.name === 'string');
}
function stripQuery(url) {
    const q = url.indexOf('?');
    return q === -1 ? url : url.slice(0, q);
}
async function drain(res) {
    try {
        await res.body?.cancel();
    }
    catch {
        // already consumed
    }
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
;// CONCATENATED MODULE: ./src/registry/oci.ts
// OCI data, no I/O: media types, descriptors, manifests as bytes, digests, and the readers of the
// JSON the registry hands back. Shared by the transport, the client, referrers and artifacts.


const MediaType = {
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
};
/** Every manifest type we read: Docker schema2 manifest + list, OCI manifest + index. */
const MANIFEST_ACCEPT = [
    MediaType.ociIndex,
    MediaType.ociManifest,
    MediaType.dockerManifestList,
    MediaType.dockerManifest,
].join(', ');
/** The OCI empty descriptor's content: `{}`. */
const EMPTY_JSON = Buffer.from('{}');
const EMPTY_JSON_DIGEST = 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
function sha256Digest(bytes) {
    return `sha256:${(0,external_node_crypto_.createHash)('sha256').update(bytes).digest('hex')}`;
}
function computeDigest(bytes, algorithm) {
    if (algorithm !== 'sha256' && algorithm !== 'sha384' && algorithm !== 'sha512')
        return undefined;
    return `${algorithm}:${(0,external_node_crypto_.createHash)(algorithm).update(bytes).digest('hex')}`;
}
function oci_isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function stringRecord(value) {
    const out = {};
    if (oci_isRecord(value))
        for (const [k, v] of Object.entries(value))
            if (typeof v === 'string')
                out[k] = v;
    return out;
}
function toDescriptor(value) {
    if (!oci_isRecord(value))
        return undefined;
    const { mediaType, digest, size, artifactType, annotations } = value;
    if (typeof mediaType !== 'string' ||
        typeof digest !== 'string' ||
        !(0,reference/* isDigest */.Bc)(digest) ||
        typeof size !== 'number') {
        return undefined;
    }
    const descriptor = { mediaType, digest, size };
    if (typeof artifactType === 'string')
        descriptor.artifactType = artifactType;
    if (oci_isRecord(annotations))
        descriptor.annotations = stringRecord(annotations);
    return descriptor;
}
/** A descriptor's embedded `data`, when present and matching its digest and size. */
function embeddedData(raw, descriptor) {
    if (!oci_isRecord(raw) || typeof raw.data !== 'string')
        return undefined;
    const bytes = Buffer.from(raw.data, 'base64');
    const algorithm = descriptor.digest.split(':')[0] ?? '';
    if (bytes.length !== descriptor.size || computeDigest(bytes, algorithm) !== descriptor.digest)
        return undefined;
    return bytes;
}
function parseJson(bytes) {
    try {
        return JSON.parse(bytes.toString('utf8'));
    }
    catch {
        return undefined;
    }
}
function contentType(res) {
    const value = res.headers.get('content-type');
    return value ? (value.split(';')[0] ?? '').trim().toLowerCase() || undefined : undefined;
}

;// CONCATENATED MODULE: ./src/registry/content.ts



/** Throws a protocol RegistryError unless `digest` is a digest (not a tag). */
function assertDigest(transport, digest) {
    (0,reference/* assertTagOrDigest */.uE)(digest);
    if (!(0,reference/* isDigest */.Bc)(digest))
        throw transport.error('protocol', `"${digest}" is not a digest`);
}
class ContentClient {
    transport;
    maxBlobBytes;
    registry;
    baseUrl;
    constructor(transport, maxBlobBytes) {
        this.transport = transport;
        this.maxBlobBytes = maxBlobBytes;
        this.registry = transport.registry;
        this.baseUrl = transport.baseUrl;
    }
    /** `GET /v2/`: the registry answers and accepts our credentials. */
    async ping() {
        const res = await this.transport.call({
            method: 'GET',
            url: '/v2/',
            ok: [200],
            what: 'checking the API (/v2/)',
        });
        await drain(res);
    }
    async getManifest(repo, ref) {
        const manifest = await this.fetchManifest(repo, ref, false);
        if (!manifest)
            throw new Error('unreachable: fetchManifest returned nothing');
        return manifest;
    }
    /** The digest `ref` resolves to, or undefined when the tag / manifest / repository is unknown. */
    async headManifest(repo, ref) {
        (0,reference/* assertRepository */.ZV)(repo);
        (0,reference/* assertTagOrDigest */.uE)(ref);
        const res = await this.transport.call({
            method: 'HEAD',
            url: `/v2/${repo}/manifests/${ref}`,
            repo,
            scope: pullScope(repo),
            headers: { Accept: MANIFEST_ACCEPT },
            ok: [200, 404],
            what: `resolving ${repo}:${ref}`,
        });
        await drain(res);
        if (res.status === 404)
            return undefined;
        const header = res.headers.get('docker-content-digest');
        if (header && (0,reference/* isDigest */.Bc)(header)) {
            if ((0,reference/* isDigest */.Bc)(ref) && header !== ref) {
                throw this.transport.error('integrity', `${repo}@${ref} resolved to a different digest ${header}`, repo);
            }
            return header;
        }
        // No Docker-Content-Digest on HEAD: read the manifest and hash it.
        return (await this.fetchManifest(repo, ref, true))?.digest;
    }
    /** PUTs manifest bytes under `ref` (tag or digest) and returns their digest, verified. */
    async putManifest(repo, ref, bytes, mediaType) {
        return (await this.putManifestRaw(repo, ref, bytes, mediaType)).digest;
    }
    async hasBlob(repo, digest) {
        (0,reference/* assertRepository */.ZV)(repo);
        assertDigest(this.transport, digest);
        const res = await this.transport.call({
            method: 'HEAD',
            url: `/v2/${repo}/blobs/${digest}`,
            repo,
            scope: pullScope(repo),
            ok: [200, 404],
            what: `checking blob ${digest} in ${repo}`,
        });
        await drain(res);
        return res.status === 200;
    }
    /** Reads a (small) blob and verifies its digest. Refuses blobs larger than maxBlobBytes. */
    async getBlob(repo, digest) {
        (0,reference/* assertRepository */.ZV)(repo);
        assertDigest(this.transport, digest);
        const res = await this.transport.call({
            method: 'GET',
            url: `/v2/${repo}/blobs/${digest}`,
            repo,
            scope: pullScope(repo),
            ok: [200],
            what: `reading blob ${digest} from ${repo}`,
            notFound: `blob ${digest} not found in ${this.registry}/${repo}`,
        });
        const length = Number(res.headers.get('content-length') ?? '0');
        if (length > this.maxBlobBytes) {
            await drain(res);
            throw this.transport.error('protocol', `blob ${digest} in ${repo} is ${length} bytes, more than the ${this.maxBlobBytes} allowed`, repo);
        }
        const bytes = Buffer.from(await res.arrayBuffer());
        const actual = computeDigest(bytes, digest.split(':')[0] ?? '');
        if (actual !== digest) {
            throw this.transport.error('integrity', `blob ${digest} in ${repo} has different content (${actual ?? 'unknown algorithm'})`, repo);
        }
        return bytes;
    }
    /** Uploads a blob (monolithic POST + PUT) unless the repository already has it. Returns its digest. */
    async pushBlob(repo, bytes) {
        (0,reference/* assertRepository */.ZV)(repo);
        const digest = sha256Digest(bytes);
        if (await this.hasBlob(repo, digest))
            return digest;
        for (let round = 1;; round++) {
            const location = await this.startUpload(repo);
            if (!location)
                throw this.transport.error('protocol', `the blob upload to ${repo} returned no Location`, repo);
            const url = new URL(location);
            url.searchParams.set('digest', digest);
            const put = await this.transport.call({
                method: 'PUT',
                url: url.toString(),
                repo,
                scope: pushScope(repo),
                headers: { 'Content-Type': 'application/octet-stream' },
                body: bytes,
                ok: [201, 404],
                what: `uploading blob ${digest} to ${repo}`,
                write: true,
            });
            await drain(put);
            if (put.status === 201) {
                const header = put.headers.get('docker-content-digest');
                if (header && header !== digest) {
                    throw this.transport.error('integrity', `the registry stored blob ${digest} as ${header} in ${repo}`, repo);
                }
                return digest;
            }
            // 404 BLOB_UPLOAD_UNKNOWN: the session died (e.g. after a retried 5xx). Start over once.
            if (round >= 2)
                throw this.transport.error('not-found', `the blob upload session for ${repo} was lost twice`, repo, 404);
        }
    }
    /**
     * Whether the registry takes pushes to `repo` now: starts a blob upload (the first thing a push
     * does, with push scope) and cancels it. Throws the typed RegistryError a push would meet:
     * `unavailable` (unreachable, 5xx or 429 after the retries, Retry-After honoured),
     * `unauthorized` (401: credentials missing, wrong, expired or revoked) or `forbidden`.
     */
    async checkPush(repo) {
        (0,reference/* assertRepository */.ZV)(repo);
        const location = await this.startUpload(repo);
        if (!location)
            return;
        // Best effort: an abandoned session expires on its own.
        await this.transport
            .call({
            method: 'DELETE',
            url: location,
            repo,
            scope: pushScope(repo),
            ok: [200, 202, 204, 404, 405],
            what: `cancelling the blob upload to ${repo}`,
            write: true,
        })
            .then(drain)
            .catch(() => undefined);
    }
    /** Starts a blob upload session (POST, push scope); its absolute upload URL, if the registry gave one. */
    async startUpload(repo) {
        const start = await this.transport.call({
            method: 'POST',
            url: `/v2/${repo}/blobs/uploads/`,
            repo,
            scope: pushScope(repo),
            headers: { 'Content-Length': '0' },
            ok: [202],
            what: `starting a blob upload to ${repo}`,
            write: true,
        });
        await drain(start);
        const location = start.headers.get('location');
        return location ? new URL(location, `${this.baseUrl}/v2/${repo}/blobs/uploads/`).toString() : undefined;
    }
    /** All tags of `repo` (following pagination); [] when the repository does not exist. */
    async listTags(repo) {
        (0,reference/* assertRepository */.ZV)(repo);
        const tags = [];
        let url = `/v2/${repo}/tags/list`;
        for (let page = 0; url && page < 1000; page++) {
            const res = await this.transport.call({
                method: 'GET',
                url,
                repo,
                scope: pullScope(repo),
                ok: [200, 404],
                what: `listing tags of ${repo}`,
            });
            if (res.status === 404) {
                await drain(res);
                return tags;
            }
            const body = await this.transport.json(res, `the tag list of ${repo}`, repo);
            if (oci_isRecord(body) && Array.isArray(body.tags)) {
                for (const tag of body.tags)
                    if (typeof tag === 'string')
                        tags.push(tag);
            }
            const next = /<([^>]+)>\s*;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
            url = next ? new URL(next, this.baseUrl).toString() : undefined;
        }
        return tags;
    }
    /** Deletes a manifest (by digest; tags where the registry allows it). False when it was not there. */
    async deleteManifest(repo, ref) {
        (0,reference/* assertRepository */.ZV)(repo);
        (0,reference/* assertTagOrDigest */.uE)(ref);
        const res = await this.transport.call({
            method: 'DELETE',
            url: `/v2/${repo}/manifests/${ref}`,
            repo,
            scope: deleteScope(repo),
            ok: [200, 202, 404],
            what: `deleting ${repo}@${ref}`,
            write: true,
        });
        await drain(res);
        return res.status !== 404;
    }
    /**
     * Points each tag at `digest` with the registry API only: GET the manifest by digest (unless the
     * caller passes it, already read: `manifest`), PUT the same bytes under the tag (no layer moves), then
     * verify the tag resolves to the digest.
     */
    async retag(repo, digest, tags, manifest) {
        assertDigest(this.transport, digest);
        for (const tag of tags)
            (0,reference/* assertTagOrDigest */.uE)(tag);
        if (manifest && manifest.digest !== digest)
            throw this.transport.error('integrity', `retagging ${repo}@${digest} with the manifest of ${manifest.digest}`, repo);
        const { bytes, mediaType } = manifest ?? (await this.getManifest(repo, digest));
        for (const tag of tags) {
            await this.putManifest(repo, tag, bytes, mediaType);
            const resolved = await this.headManifest(repo, tag);
            if (resolved !== digest) {
                throw this.transport.error('integrity', `${repo}:${tag} resolves to ${resolved ?? 'nothing'} after tagging ${digest}`, repo);
            }
        }
    }
    /** The manifest at ref; with allowMissing, undefined when it (or the repository) is not there. */
    async fetchManifest(repo, ref, allowMissing) {
        (0,reference/* assertRepository */.ZV)(repo);
        (0,reference/* assertTagOrDigest */.uE)(ref);
        const byDigest = (0,reference/* isDigest */.Bc)(ref);
        const res = await this.transport.call({
            method: 'GET',
            url: `/v2/${repo}/manifests/${ref}`,
            repo,
            scope: pullScope(repo),
            headers: { Accept: MANIFEST_ACCEPT },
            ok: allowMissing ? [200, 404] : [200],
            what: `getting manifest ${repo}${byDigest ? '@' : ':'}${ref}`,
            notFound: byDigest
                ? `manifest ${ref} not found in ${this.registry}/${repo}: check the digest and the repository`
                : `tag "${ref}" not found in ${this.registry}/${repo}: check the repository name and that the tag was pushed`,
        });
        if (res.status === 404) {
            await drain(res);
            return undefined;
        }
        const bytes = Buffer.from(await res.arrayBuffer());
        const header = res.headers.get('docker-content-digest') ?? undefined;
        const expected = byDigest ? ref : header && (0,reference/* isDigest */.Bc)(header) ? header : undefined;
        const algorithm = expected?.split(':')[0] ?? 'sha256';
        const digest = computeDigest(bytes, algorithm) ?? sha256Digest(bytes);
        if (expected && digest !== expected) {
            throw this.transport.error('integrity', `the manifest of ${repo}${byDigest ? '@' : ':'}${ref} hashes to ${digest}, not ${expected}`, repo);
        }
        let mediaType = contentType(res);
        if (!mediaType || mediaType === 'application/json' || mediaType === 'text/plain') {
            const body = parseJson(bytes);
            mediaType = oci_isRecord(body) && typeof body.mediaType === 'string' ? body.mediaType : mediaType;
        }
        if (!mediaType)
            throw this.transport.error('protocol', `the manifest of ${repo}:${ref} has no media type`, repo);
        return { digest, mediaType, bytes };
    }
    /** PUTs a manifest; `subject` is the OCI-Subject header (the registry processed the manifest's subject). */
    async putManifestRaw(repo, ref, bytes, mediaType) {
        (0,reference/* assertRepository */.ZV)(repo);
        (0,reference/* assertTagOrDigest */.uE)(ref);
        const digest = sha256Digest(bytes);
        if ((0,reference/* isDigest */.Bc)(ref) && ref !== digest) {
            throw this.transport.error('integrity', `cannot PUT a manifest hashing to ${digest} as ${ref}`, repo);
        }
        const res = await this.transport.call({
            method: 'PUT',
            url: `/v2/${repo}/manifests/${ref}`,
            repo,
            scope: pushScope(repo),
            headers: { 'Content-Type': mediaType },
            body: bytes,
            ok: [200, 201, 202, 204],
            what: `pushing manifest ${repo}${(0,reference/* isDigest */.Bc)(ref) ? '@' : ':'}${ref}`,
            write: true,
            notFound: `repository ${this.registry}/${repo} not found while pushing ${ref}: check the repository name and push access`,
        });
        await drain(res);
        const header = res.headers.get('docker-content-digest');
        if (header && header !== digest) {
            throw this.transport.error('integrity', `the registry stored the manifest for ${repo}:${ref} as ${header}, but its bytes hash to ${digest}`, repo);
        }
        const subject = res.headers.get('oci-subject') ?? undefined;
        return subject ? { digest, subject } : { digest };
    }
}

;// CONCATENATED MODULE: ./src/registry/referrers.ts




/**
 * Manifests whose `subject` is `digest`: the referrers API, or (when it answers 404) the
 * fallback tag `sha256-<hex>`'s index. Filtered by artifactType when given.
 */
async function getReferrers(content, repo, digest, artifactType) {
    (0,reference/* assertRepository */.ZV)(repo);
    assertDigest(content.transport, digest);
    const query = artifactType ? `?artifactType=${encodeURIComponent(artifactType)}` : '';
    const res = await content.transport.call({
        method: 'GET',
        url: `/v2/${repo}/referrers/${digest}${query}`,
        repo,
        scope: pullScope(repo),
        headers: { Accept: MediaType.ociIndex },
        ok: [200, 404],
        what: `listing referrers of ${repo}@${digest}`,
    });
    let descriptors;
    let filtered = false;
    if (res.status === 200 && contentType(res) === MediaType.ociIndex) {
        descriptors = indexDescriptors(content.transport, await content.transport.json(res, `the referrers of ${digest}`, repo), repo).map((d) => d.descriptor);
        filtered = (res.headers.get('oci-filters-applied') ?? '')
            .split(',')
            .some((f) => f.trim() === 'artifactType');
    }
    else {
        await drain(res);
        content.transport.debug(`registry: no referrers API on ${content.registry}, reading ${(0,reference/* referrersTag */.LN)(digest)}`);
        const index = await content.fetchManifest(repo, (0,reference/* referrersTag */.LN)(digest), true);
        if (!index)
            return [];
        descriptors = indexDescriptors(content.transport, parseJson(index.bytes), repo).map((d) => d.descriptor);
    }
    return artifactType && !filtered ? descriptors.filter((d) => d.artifactType === artifactType) : descriptors;
}
/**
 * Adds descriptor to the fallback index `sha256-<hex>` of subject (for registries without the
 * referrers API); returns the tag.
 */
async function addToFallbackIndex(content, repo, subject, descriptor) {
    const tag = (0,reference/* referrersTag */.LN)(subject);
    // Read-modify-write; re-check afterwards in case a concurrent writer replaced the index.
    for (let round = 1; round <= 3; round++) {
        const existing = await content.fetchManifest(repo, tag, true);
        let entries = [];
        if (existing) {
            if (existing.mediaType !== MediaType.ociIndex) {
                throw content.transport.error('protocol', `${repo}:${tag} exists but is not an OCI index (${existing.mediaType}): it cannot hold the referrers of ${subject}`, repo);
            }
            entries = indexDescriptors(content.transport, parseJson(existing.bytes), repo)
                .filter((d) => d.descriptor.digest !== descriptor.digest)
                .map((d) => d.raw);
        }
        const index = {
            schemaVersion: 2,
            mediaType: MediaType.ociIndex,
            manifests: [...entries, { ...descriptor }],
        };
        await content.putManifest(repo, tag, Buffer.from(JSON.stringify(index)), MediaType.ociIndex);
        const check = await content.fetchManifest(repo, tag, true);
        const listed = check
            ? indexDescriptors(content.transport, parseJson(check.bytes), repo).some((d) => d.descriptor.digest === descriptor.digest)
            : false;
        if (listed)
            return tag;
        content.transport.debug(`registry: ${repo}:${tag} changed concurrently, retrying (${round})`);
    }
    throw content.transport.error('protocol', `could not add ${descriptor.digest} to the referrers index ${repo}:${tag}`, repo);
}
/** The descriptors of an index, each with its raw JSON (kept as is when the index is rewritten). */
function indexDescriptors(transport, body, repo) {
    if (!oci_isRecord(body) || !Array.isArray(body.manifests)) {
        throw transport.error('protocol', `an index in ${repo} has no "manifests" list`, repo);
    }
    const out = [];
    for (const raw of body.manifests) {
        const descriptor = toDescriptor(raw);
        if (descriptor && oci_isRecord(raw))
            out.push({ descriptor, raw });
    }
    return out;
}

;// CONCATENATED MODULE: ./src/registry/artifacts.ts




/**
 * Pushes an OCI artifact: an image manifest with `artifactType`, the empty config, one layer
 * (the payload) and `subject`. When the registry does not process `subject` (no OCI-Subject
 * header), the fallback index `sha256-<hex>` is updated so getReferrers finds it.
 */
async function pushArtifact(content, artifact) {
    const { repo, subject } = artifact;
    (0,reference/* assertRepository */.ZV)(repo);
    assertDigest(content.transport, subject.digest);
    if (artifact.tag !== undefined)
        (0,reference/* assertTagOrDigest */.uE)(artifact.tag);
    await content.pushBlob(repo, EMPTY_JSON);
    const payloadDigest = await content.pushBlob(repo, artifact.payload);
    const layer = {
        mediaType: artifact.payloadMediaType,
        digest: payloadDigest,
        size: artifact.payload.length,
    };
    if (artifact.embed)
        layer.data = artifact.payload.toString('base64');
    const manifest = {
        schemaVersion: 2,
        mediaType: MediaType.ociManifest,
        artifactType: artifact.artifactType,
        config: { mediaType: MediaType.ociEmpty, digest: EMPTY_JSON_DIGEST, size: EMPTY_JSON.length },
        layers: [layer],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
    };
    if (artifact.annotations && Object.keys(artifact.annotations).length > 0)
        manifest.annotations = artifact.annotations;
    const bytes = Buffer.from(JSON.stringify(manifest));
    const digest = sha256Digest(bytes);
    const put = await content.putManifestRaw(repo, artifact.tag ?? digest, bytes, MediaType.ociManifest);
    const descriptor = {
        mediaType: MediaType.ociManifest,
        digest,
        size: bytes.length,
        artifactType: artifact.artifactType,
        ...(manifest.annotations ? { annotations: artifact.annotations } : {}),
    };
    const referrersApi = put.subject !== undefined;
    const pushed = { descriptor, digest, referrersApi };
    if (artifact.tag !== undefined)
        pushed.tag = artifact.tag;
    if (!referrersApi)
        pushed.fallbackTag = await addToFallbackIndex(content, repo, subject.digest, descriptor);
    return pushed;
}
/**
 * Reads an artifact pushed by pushArtifact (by digest or tag): its manifest fields and payload.
 * An embedded payload (`data`, verified against the layer digest) saves the blob GET.
 */
async function getArtifact(content, repo, ref) {
    return artifactFromManifest(content, repo, await content.getManifest(repo, ref));
}
/** getArtifact for a manifest already read. */
async function artifactFromManifest(content, repo, manifest) {
    const ref = manifest.digest;
    const body = parseJson(manifest.bytes);
    const layers = oci_isRecord(body) && Array.isArray(body.layers) ? body.layers : [];
    const layer = layers[0] !== undefined ? toDescriptor(layers[0]) : undefined;
    if (!oci_isRecord(body) || !layer || layers.length !== 1) {
        throw content.transport.error('protocol', `${repo}@${ref} is not an artifact with exactly one layer`, repo);
    }
    const artifact = {
        digest: manifest.digest,
        annotations: stringRecord(body.annotations),
        payloadMediaType: layer.mediaType,
        payload: embeddedData(layers[0], layer) ?? (await content.getBlob(repo, layer.digest)),
    };
    if (typeof body.artifactType === 'string')
        artifact.artifactType = body.artifactType;
    const subject = toDescriptor(body.subject);
    if (subject)
        artifact.subject = subject;
    return artifact;
}

;// CONCATENATED MODULE: ./src/registry/client.ts






class RegistryClient extends ContentClient {
    constructor(options) {
        super(new RegistryTransport(options), options.maxBlobBytes ?? 16 * 1024 * 1024);
    }
    /**
     * Manifests whose `subject` is `digest`: the referrers API, or (when it answers 404) the
     * fallback tag `sha256-<hex>`'s index. Filtered by artifactType when given.
     */
    getReferrers(repo, digest, artifactType) {
        return getReferrers(this, repo, digest, artifactType);
    }
    /**
     * Pushes an OCI artifact: an image manifest with `artifactType`, the empty config, one layer
     * (the payload) and `subject`. When the registry does not process `subject` (no OCI-Subject
     * header), the fallback index `sha256-<hex>` is updated so getReferrers finds it.
     */
    pushArtifact(artifact) {
        return pushArtifact(this, artifact);
    }
    /**
     * Reads an artifact pushed by pushArtifact (by digest or tag): its manifest fields and payload.
     * An embedded payload (`data`, verified against the layer digest) saves the blob GET.
     */
    getArtifact(repo, ref) {
        return getArtifact(this, repo, ref);
    }
}

;// CONCATENATED MODULE: ./src/store/access.ts



/** The registry client for the config's image repository (registry mode only: store.ts decides). */
function imageRepository(config, access = {}, logger) {
    const ref = (0,reference/* parseReference */.F2)(config.image.repository);
    if (!ref.registry)
        throw new errors/* UsageError */.eb(`image.repository "${config.image.repository}" has no registry host (local mode): there is no registry to record in`);
    const client = new RegistryClient({
        registry: ref.registry,
        ...(access.credentials ? { credentials: access.credentials } : {}),
        ...(access.onRequest ? { onRequest: access.onRequest } : {}),
        ...(access.retry ? { retry: access.retry } : {}),
        ...(access.timeoutMs !== undefined ? { timeoutMs: access.timeoutMs } : {}),
        ...(access.signal ? { signal: access.signal } : {}),
        ...(logger ? { logger } : {}),
    });
    return { client, repo: ref.repository };
}
/**
 * Credentials from the action inputs / environment, in DESIGN.md's order: registry-username and
 * registry-password, else the Docker config, else (ghcr.io only) github.actor + the token.
 */
function credentialOptions(input) {
    const options = {};
    if (input.username || input.password) {
        if (input.username)
            options.username = input.username;
        if (input.password)
            options.password = input.password;
    }
    if (input.actor && input.token)
        options.githubFallback = { username: input.actor, password: input.token };
    return options;
}


/***/ }),

/***/ 76151:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   EI: () => (/* binding */ pushRecordArtifact),
/* harmony export */   Ff: () => (/* binding */ RecordFormatError),
/* harmony export */   G5: () => (/* binding */ QA_PREDICATE_TYPE),
/* harmony export */   X_: () => (/* binding */ parseQaRecord),
/* harmony export */   YX: () => (/* binding */ ANNOTATION),
/* harmony export */   lv: () => (/* binding */ SIGNED_RECORD_ARTIFACT_TYPE),
/* harmony export */   nb: () => (/* binding */ descriptorOf),
/* harmony export */   oO: () => (/* binding */ recordPayload),
/* harmony export */   qt: () => (/* binding */ findRecordArtifacts),
/* harmony export */   yg: () => (/* binding */ recordTag),
/* harmony export */   yq: () => (/* binding */ RECORD_ARTIFACT_TYPE),
/* harmony export */   yz: () => (/* binding */ PROMOTION_ARTIFACT_TYPE)
/* harmony export */ });
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38816);
/* harmony import */ var _registry_reference_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(79310);
// The QA and promotion records as OCI artifacts on the tested digest: names, annotations, the
// writing side, and the reading side (referrers → records) with the payload validated before
// anyone trusts it. In store/ because the store reads and writes them; record/ (above) decides
// what a verdict earns and verifies what promotion finds.


/** An unsigned QA record (before record.signing, or with record.signing: none). */
const RECORD_ARTIFACT_TYPE = 'application/vnd.immutable-qa.record.v1+json';
/**
 * A signed QA record: a Sigstore bundle (v0.3) whose DSSE envelope holds the in-toto statement, as
 * artifact type and layer media type both (what cosign and `gh attestation` read).
 */
const SIGNED_RECORD_ARTIFACT_TYPE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
/** The predicate type of the statement (record/attestation.ts makes it). */
const QA_PREDICATE_TYPE = 'https://immutable-qa.dev/qa-record/v1';
const PROMOTION_ARTIFACT_TYPE = 'application/vnd.immutable-qa.promotion.v1+json';
/** Annotations on the artifact manifests (hints for listing; the payload is what is verified). */
const ANNOTATION = {
    sha: 'io.immutable-qa.sha',
    verdict: 'io.immutable-qa.verdict',
    pr: 'io.immutable-qa.pr',
    tags: 'io.immutable-qa.tags',
    created: 'org.opencontainers.image.created',
    // What cosign writes on a bundle artifact (its BUNDLE_SPEC), so registry UIs can tell them apart.
    bundleContent: 'dev.sigstore.bundle.content',
    predicateType: 'dev.sigstore.bundle.predicateType',
};
/** `sha256-<hex>.qa`: the tag that holds the latest QA record of a digest (fallback scheme). */
function recordTag(digest) {
    return (0,_registry_reference_js__WEBPACK_IMPORTED_MODULE_0__/* .referrersTag */ .LN)(digest, 'qa');
}
/** The descriptor of a manifest read from the registry: what an artifact's `subject` names. */
function descriptorOf(manifest) {
    return { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.bytes.length };
}
/** A record as its artifact carries it: indented JSON and a final newline (as the local files). */
function recordPayload(record) {
    return Buffer.from(`${JSON.stringify(record, null, 2)}\n`);
}
/**
 * Pushes a QA or promotion record as an OCI artifact on its subject, with the payload embedded in
 * the manifest so a reader needs no blob GET (findRecords).
 */
function pushRecordArtifact(client, artifact) {
    return client.pushArtifact({
        repo: artifact.repo,
        subject: artifact.subject,
        artifactType: artifact.artifactType,
        payload: artifact.payload,
        payloadMediaType: artifact.artifactType,
        annotations: artifact.annotations,
        ...(artifact.tag !== undefined ? { tag: artifact.tag } : {}),
        embed: true,
    });
}
const step = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    conclusion: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    started_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    completed_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    summary: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
});
/** The fields promotion relies on; anything else in the record is carried along unchecked. */
const qaRecordSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
    schema: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz(1),
    verdict: zod__WEBPACK_IMPORTED_MODULE_1__/* ["enum"] */ .k5n(['passed', 'failed']),
    image: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ repository: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), digest: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable() }),
    source: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
        repository: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        sha: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        checkout_sha: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        tree: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        ref: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        pr: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig().int().nullable(),
        dirty: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY(),
    }),
    environment: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({
        definition_sha256: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().nullable(),
        project: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
        endpoints: zod__WEBPACK_IMPORTED_MODULE_1__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP()),
    }),
    phases: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(step),
    checks: zod__WEBPACK_IMPORTED_MODULE_1__/* .array */ .YOg(step.extend({ required: zod__WEBPACK_IMPORTED_MODULE_1__/* .boolean */ .zMY() })),
    run: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ id: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(), attempt: zod__WEBPACK_IMPORTED_MODULE_1__/* .number */ .aig(), url: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }).nullable(),
    tool: zod__WEBPACK_IMPORTED_MODULE_1__/* .looseObject */ ._H3({ name: zod__WEBPACK_IMPORTED_MODULE_1__/* .literal */ .euz('immutable-qa'), version: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP() }),
    created_at: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
});
class RecordFormatError extends Error {
    name = 'RecordFormatError';
}
/** Parses and validates a QA record (JSON text or bytes). Throws RecordFormatError. */
function parseQaRecord(payload) {
    let raw;
    try {
        raw = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
    }
    catch {
        throw new RecordFormatError('the QA record is not valid JSON');
    }
    const parsed = qaRecordSchema.safeParse(raw);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new RecordFormatError(`the QA record is not a schema 1 record: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
}
const RECORD_TYPES = [RECORD_ARTIFACT_TYPE, SIGNED_RECORD_ARTIFACT_TYPE];
/**
 * The record artifacts attached to `digest` (referrers API, else the fallback index), signed or
 * not, for commit `sha`: artifacts annotated with another sha (or, for bundles, another predicate
 * type) are not fetched; what the payload says is checked by whoever opens it. No blob is
 * downloaded when the payload is embedded in its manifest (as the store writes it).
 */
async function findRecordArtifacts(client, repo, digest, sha) {
    const listed = (await client.getReferrers(repo, digest)).filter((d) => d.artifactType !== undefined && RECORD_TYPES.includes(d.artifactType));
    const candidates = listed.filter((d) => {
        const annotated = d.annotations?.[ANNOTATION.sha];
        const predicate = d.annotations?.[ANNOTATION.predicateType];
        return ((annotated === undefined || annotated === sha) &&
            (predicate === undefined || predicate === QA_PREDICATE_TYPE));
    });
    const found = [];
    const unreadable = [];
    for (const descriptor of candidates) {
        const artifact = await client.getArtifact(repo, descriptor.digest);
        if (artifact.artifactType === undefined || !RECORD_TYPES.includes(artifact.artifactType)) {
            unreadable.push({
                digest: descriptor.digest,
                reason: `artifactType is ${artifact.artifactType ?? 'missing'}`,
            });
            continue;
        }
        found.push({
            artifactDigest: artifact.digest,
            signed: artifact.artifactType === SIGNED_RECORD_ARTIFACT_TYPE,
            payload: artifact.payload,
            ...(artifact.subject ? { subject: artifact.subject } : {}),
            annotations: artifact.annotations,
        });
    }
    return { listed, found, unreadable };
}


/***/ }),

/***/ 90134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Aj: () => (/* binding */ localImageId),
/* harmony export */   GF: () => (/* binding */ writeJson),
/* harmony export */   IX: () => (/* binding */ localTag),
/* harmony export */   KN: () => (/* binding */ localPromotionPath),
/* harmony export */   O1: () => (/* binding */ listIfExists),
/* harmony export */   OR: () => (/* binding */ readIfExists),
/* harmony export */   Ok: () => (/* binding */ localStateDir),
/* harmony export */   TU: () => (/* binding */ dockerTag),
/* harmony export */   Y0: () => (/* binding */ localRecordPath),
/* harmony export */   kZ: () => (/* binding */ localRunRecordsDir),
/* harmony export */   n6: () => (/* binding */ localRunRecordPath)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _exec_docker_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(64709);
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(87206);
/* harmony import */ var _exec_exec_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42568);
/* harmony import */ var _model_record_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(2860);
// Local mode (no registry host): the image lives in the local engine and its identity is the image
// ID. Labels cannot be added to an image without changing its ID, so the record sits in a file
// next to it: <root>/.immutable-qa/records/qa-<sha>.json, and the tag qa-<sha> points at the ID.






/** Where local records live: the default report dir of the repository. */
function localStateDir(root) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(root, '.immutable-qa');
}
function localRecordPath(root, sha) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(localStateDir(root), 'records', `${(0,_model_record_js__WEBPACK_IMPORTED_MODULE_5__/* .testedTag */ .S)(sha)}.json`);
}
/**
 * Where a record that earns no tag (a failed verdict) is kept in local mode, one file per run:
 * <root>/.immutable-qa/records/qa-<sha>.runs/<created_at>.json. Promote reads them beside
 * localRecordPath so the latest verdict for the commit decides.
 */
function localRunRecordsDir(root, sha) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(localStateDir(root), 'records', `${(0,_model_record_js__WEBPACK_IMPORTED_MODULE_5__/* .testedTag */ .S)(sha)}.runs`);
}
function localRunRecordPath(root, sha, createdAt) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(localRunRecordsDir(root, sha), `${createdAt.replace(/[^0-9A-Za-z.-]/g, '-')}.json`);
}
/** The files in a directory, or [] when it does not exist. */
async function listIfExists(dir) {
    try {
        return (await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir)).map((name) => (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, name));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return [];
        throw error;
    }
}
function localPromotionPath(root, sha) {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(localStateDir(root), 'promotions', `${sha}.json`);
}
/** Writes a record file; a failed write (full disk, permissions) is a WriteError naming the path (exit 3). */
async function writeJson(path, value) {
    try {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(path), { recursive: true });
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.writeFile)(path, `${JSON.stringify(value, null, 2)}\n`);
    }
    catch (error) {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .WriteError */ .QM(path, error);
    }
}
/** The file's text, or undefined when it does not exist. */
async function readIfExists(path) {
    try {
        return await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(path, 'utf8');
    }
    catch (error) {
        if (error.code === 'ENOENT')
            return undefined;
        throw error;
    }
}
/** The image ID a local tag points to, or undefined when there is no such image. */
async function localImageId(ref) {
    const result = await (0,_exec_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .docker */ .T3)(['image', 'inspect', '--format', '{{.Id}}', ref]);
    if (result.code === 0)
        return result.stdout.trim() || undefined;
    if (/no such image|not found/i.test(result.stderr))
        return undefined;
    throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InfrastructureError */ .EN(`docker image inspect ${ref} failed: ${(0,_exec_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .tail */ .RT)(result.stderr, 3)}`);
}
/** `docker tag <id> <ref>`, unverified: for callers that check every tag afterwards (promote). */
async function dockerTag(id, ref) {
    const result = await (0,_exec_docker_js__WEBPACK_IMPORTED_MODULE_2__/* .docker */ .T3)(['tag', id, ref]);
    if (result.code !== 0)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InfrastructureError */ .EN(`docker tag ${id} ${ref} failed: ${(0,_exec_exec_js__WEBPACK_IMPORTED_MODULE_4__/* .tail */ .RT)(result.stderr, 3)}`);
}
/** `docker tag <id> <ref>`, then checks the tag resolves to the ID. */
async function localTag(id, ref) {
    await dockerTag(id, ref);
    const resolved = await localImageId(ref);
    if (resolved !== id)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InfrastructureError */ .EN(`${ref} resolves to ${resolved ?? 'nothing'} after tagging ${id}`);
}


/***/ }),

/***/ 32758:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J: () => (/* binding */ imageStore)
});

// EXTERNAL MODULE: ./src/store/access.ts + 7 modules
var store_access = __webpack_require__(7030);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
// EXTERNAL MODULE: ./src/store/artifact.ts
var artifact = __webpack_require__(76151);
// EXTERNAL MODULE: ./src/store/local.ts
var local = __webpack_require__(90134);
;// CONCATENATED MODULE: ./src/store/local-store.ts
// The ImageStore of local mode (no registry host): the image is identified by its ID in the local
// engine, tags are `docker tag`, and records are files under <root>/.immutable-qa (local.ts).



function localStore(repository, root, logger) {
    return {
        repository,
        pushes: false,
        resolve: (tag) => (0,local/* localImageId */.Aj)(`${repository}:${tag}`),
        // An image ID is what containers run; `repository@<id>` is not a reference the engine knows.
        imageRef: (digest) => digest,
        async records(digest, sha) {
            const result = { listed: [], found: [], unreadable: [] };
            // The passed record (qa-<sha>.json) and every run that earned no tag (qa-<sha>.runs/).
            const paths = [(0,local/* localRecordPath */.Y0)(root, sha), ...(await (0,local/* listIfExists */.O1)((0,local/* localRunRecordsDir */.kZ)(root, sha)))];
            for (const path of paths) {
                const text = await (0,local/* readIfExists */.OR)(path);
                if (text === undefined)
                    continue;
                let record;
                try {
                    record = (0,artifact/* parseQaRecord */.X_)(text);
                }
                catch (error) {
                    if (error instanceof artifact/* RecordFormatError */.Ff) {
                        result.unreadable.push({ digest: path, reason: error.message });
                        continue;
                    }
                    throw error;
                }
                result.listed.push({
                    mediaType: 'application/json',
                    digest: record.image.digest ?? digest,
                    size: text.length,
                    annotations: { [artifact/* ANNOTATION */.YX.sha]: record.source.sha },
                });
                if (record.source.sha !== sha)
                    continue;
                // The file is the record "attached" to the image it names; local records are never signed
                // (config rules: record.signing needs a registry).
                const subject = record.image.digest
                    ? { mediaType: 'application/vnd.docker.image.id', digest: record.image.digest, size: 0 }
                    : undefined;
                result.found.push({
                    artifactDigest: path,
                    signed: false,
                    payload: Buffer.from(text),
                    ...(subject ? { subject } : {}),
                    annotations: {},
                });
            }
            return result;
        },
        // The record is a file, not an artifact with a digest.
        citation: () => null,
        async publish(record, digest, tag) {
            const ref = `${repository}:${tag}`;
            const recordPath = (0,local/* localRecordPath */.Y0)(root, record.source.sha);
            await (0,local/* writeJson */.GF)(recordPath, record);
            const id = await (0,local/* localImageId */.Aj)(digest);
            if (id !== digest)
                throw new errors/* InfrastructureError */.EN(`the tested image ${digest} is gone from the engine`);
            await (0,local/* localTag */.IX)(digest, ref);
            logger.info(`tested tag: ${ref} → ${digest}; record: ${recordPath}`);
            return { testedTag: tag, ref, recordPath };
        },
        async attach(record, digest) {
            if (record.image.digest !== digest)
                throw new errors/* InfrastructureError */.EN(`attach: the record is about ${record.image.digest ?? 'no image'}, not ${digest}`);
            const recordPath = (0,local/* localRunRecordPath */.n6)(root, record.source.sha, record.created_at);
            await (0,local/* writeJson */.GF)(recordPath, record);
            logger.info(`QA record (verdict ${record.verdict}) for ${digest}: ${recordPath}`);
            return { recordPath };
        },
        checkPush: () => Promise.resolve(),
        async prepare(digest) {
            if ((await (0,local/* localImageId */.Aj)(digest)) !== digest)
                throw new errors/* InfrastructureError */.EN(`the tested image ${digest} is gone from the local engine`);
        },
        setTag: (tag, digest) => (0,local/* dockerTag */.TU)(digest, `${repository}:${tag}`),
        async restore(tag, prev) {
            if (!prev)
                return false;
            await (0,local/* localTag */.IX)(prev, `${repository}:${tag}`);
            return true;
        },
        async writePromotionRecord(record) {
            const path = (0,local/* localPromotionPath */.KN)(root, record.promoted.sha);
            await (0,local/* writeJson */.GF)(path, record);
            return { path };
        },
    };
}

;// CONCATENATED MODULE: ./src/store/registry-store.ts

function registryStore(repository, { client, repo }, logger) {
    /** The tested manifest: the bytes every promoted tag gets, and the promotion record's subject. */
    let subject;
    const manifestCache = new Map();
    /**
     * The QA record as an artifact whose subject is the tested manifest (any verdict; no qa- tag):
     * the signed bundle, or the plain record under the tag sha256-<hex>.qa when unsigned.
     */
    async function attachRecord(record, manifest, bundle) {
        const digest = manifest.digest;
        const annotations = {
            [artifact/* ANNOTATION */.YX.sha]: record.source.sha,
            [artifact/* ANNOTATION */.YX.verdict]: record.verdict,
            [artifact/* ANNOTATION */.YX.created]: record.created_at,
        };
        if (record.source.pr !== null)
            annotations[artifact/* ANNOTATION */.YX.pr] = String(record.source.pr);
        const about = { repo, subject: (0,artifact/* descriptorOf */.nb)(manifest) };
        const pushed = await (0,artifact/* pushRecordArtifact */.EI)(client, bundle
            ? {
                ...about,
                artifactType: artifact/* SIGNED_RECORD_ARTIFACT_TYPE */.lv,
                payload: bundle,
                annotations: {
                    ...annotations,
                    [artifact/* ANNOTATION */.YX.bundleContent]: 'dsse-envelope',
                    [artifact/* ANNOTATION */.YX.predicateType]: artifact/* QA_PREDICATE_TYPE */.G5,
                },
            }
            : {
                ...about,
                artifactType: artifact/* RECORD_ARTIFACT_TYPE */.yq,
                payload: (0,artifact/* recordPayload */.oO)(record),
                annotations,
                tag: (0,artifact/* recordTag */.yg)(digest),
            });
        logger.info(`${bundle ? 'signed' : 'unsigned'} QA record ${pushed.digest} (verdict ${record.verdict}) attached to ${digest} (${pushed.referrersApi ? 'referrers API' : `fallback index ${pushed.fallbackTag ?? ''}`}${bundle ? '' : `; tag ${(0,artifact/* recordTag */.yg)(digest)}`})`);
        return pushed;
    }
    return {
        repository,
        pushes: true,
        resolve: (tag) => client.headManifest(repo, tag),
        imageRef: (digest) => `${repository}@${digest}`,
        records: (digest, sha) => (0,artifact/* findRecordArtifacts */.qt)(client, repo, digest, sha),
        citation: (found) => found.artifactDigest,
        async publish(record, digest, tag, bundle) {
            const ref = `${repository}:${tag}`;
            // The subject descriptor needs the tested manifest's media type and size.
            const manifest = await client.getManifest(repo, digest);
            const pushed = await attachRecord(record, manifest, bundle);
            // The tested tag: the same manifest bytes under qa-<sha> (no layer moves), then verified.
            await client.retag(repo, digest, [tag], manifest);
            logger.info(`tested tag: ${ref} → ${digest}`);
            return { testedTag: tag, ref, recordDigest: pushed.digest, referrersApi: pushed.referrersApi };
        },
        async attach(record, digest, bundle) {
            const pushed = await attachRecord(record, await client.getManifest(repo, digest), bundle);
            return { recordDigest: pushed.digest };
        },
        checkPush: () => client.checkPush(repo),
        async prepare(digest) {
            subject = await client.getManifest(repo, digest);
        },
        async setTag(tag, digest) {
            if (!subject || subject.digest !== digest)
                throw new Error('promote: prepare() first');
            await client.putManifest(repo, tag, subject.bytes, subject.mediaType);
        },
        async restore(tag, prev) {
            if (!prev)
                return false;
            const old = manifestCache.get(prev) ?? (await client.getManifest(repo, prev));
            manifestCache.set(prev, old);
            await client.putManifest(repo, tag, old.bytes, old.mediaType);
            return true;
        },
        async writePromotionRecord(record) {
            if (!subject)
                throw new Error('promote: prepare() first');
            const pushed = await (0,artifact/* pushRecordArtifact */.EI)(client, {
                repo,
                subject: (0,artifact/* descriptorOf */.nb)(subject),
                artifactType: artifact/* PROMOTION_ARTIFACT_TYPE */.yz,
                payload: (0,artifact/* recordPayload */.oO)(record),
                annotations: {
                    [artifact/* ANNOTATION */.YX.sha]: record.promoted.sha,
                    [artifact/* ANNOTATION */.YX.tags]: record.tags.join(','),
                    [artifact/* ANNOTATION */.YX.created]: record.promoted_at,
                },
            });
            return { digest: pushed.digest };
        },
    };
}

;// CONCATENATED MODULE: ./src/store/store.ts



function imageStore(config, access = {}, logger) {
    if (config.image.local)
        return localStore(config.image.repository, config.root, logger);
    return registryStore(config.image.repository, (0,store_access/* imageRepository */.a)(config, access, logger), logger);
}


/***/ })

};
