export const id = 147;
export const ids = [147];
export const modules = {

/***/ 67147:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  promoteCommand: () => (/* binding */ promoteCommand)
});

// UNUSED EXPORTS: promotionJson

// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/config/input.ts
var input = __webpack_require__(93894);
// EXTERNAL MODULE: ./src/config/load.ts + 10 modules
var load = __webpack_require__(62164);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
// EXTERNAL MODULE: ./src/exec/git.ts
var git = __webpack_require__(21729);
// EXTERNAL MODULE: ./src/github/event.ts
var github_event = __webpack_require__(85015);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(11758);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-retry/dist-bundle/index.js
var dist_bundle = __webpack_require__(49735);
// EXTERNAL MODULE: ./node_modules/@octokit/plugin-throttling/dist-bundle/index.js
var plugin_throttling_dist_bundle = __webpack_require__(86856);
;// CONCATENATED MODULE: ./src/github/octokit.ts
// Octokit with bounded retries (5xx) and throttling (primary and secondary rate limits).



function octokit_createOctokit(options) {
    const { logger } = options;
    return (0,github/* getOctokit */.Q)(options.token, {
        baseUrl: options.baseUrl,
        // Only the plugin's own state: a request-level `retries` would make every error retryable.
        retry: { retries: options.retries ?? 3, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
        throttle: {
            onRateLimit: (retryAfter, request, _octokit, retryCount) => {
                logger.warning(`GitHub rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
                return retryCount < 2 && retryAfter <= 60;
            },
            onSecondaryRateLimit: (retryAfter, request, _octokit, retryCount) => {
                logger.warning(`GitHub secondary rate limit on ${request.method} ${request.url}; retrying in ${retryAfter}s`);
                return retryCount < 2 && retryAfter <= 60;
            },
        },
    }, dist_bundle/* retry */.L, plugin_throttling_dist_bundle/* throttling */.A);
}
/** 403 "Resource not accessible by integration": a read-only token (fork PR, missing permission). */
function isReadOnly(error) {
    const e = error;
    return (e.status === 403 && /not accessible by integration/i.test(e.message ?? '')) || e.status === 401;
}

;// CONCATENATED MODULE: ./src/github/commits.ts
// The two GitHub REST calls promotion may need: which pull request a commit came from
// (GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls) and a commit's tree
// (GET /repos/{owner}/{repo}/git/commits/{commit_sha}) when the checkout does not have it.



function commits_status(error) {
    const value = error.status;
    return typeof value === 'number' ? value : undefined;
}
function failure(what, error, permission) {
    const code = commits_status(error);
    if (code === 401 || code === 403)
        return new errors/* InfrastructureError */.EN(`GitHub refused ${what} (${code}: ${(0,errors/* errorMessage */.gJ)(error)}): the token needs \`${permission}\` (workflow \`permissions:\`)`);
    return new errors/* InfrastructureError */.EN(`GitHub API failed ${what}: ${(0,errors/* errorMessage */.gJ)(error)}`);
}
function githubLookup(options) {
    const [owner, repo] = options.repository.split('/');
    if (!owner || !repo)
        throw new errors/* UsageError */.eb(`GITHUB_REPOSITORY must be owner/name (got "${options.repository}")`);
    const octokit = octokit_createOctokit({ token: options.token, baseUrl: options.apiUrl, logger: options.logger });
    return {
        async pullsForCommit(sha) {
            try {
                const response = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({
                    owner,
                    repo,
                    commit_sha: sha,
                    per_page: 100,
                });
                return response.data.map((pull) => ({
                    number: pull.number,
                    headSha: pull.head.sha,
                    merged: pull.merged_at !== null && pull.merged_at !== undefined,
                    mergeCommitSha: pull.merge_commit_sha ?? null,
                    source: 'api',
                    ...((0,github_event/* isFork */.B0)(pull.head.repo?.full_name, options.repository) ? { fromFork: true } : {}),
                }));
            }
            catch (error) {
                const code = commits_status(error);
                if (code === 404 || code === 422)
                    return [];
                throw failure(`listing the pull requests of commit ${sha}`, error, 'pull-requests: read');
            }
        },
        async treeOf(sha) {
            try {
                const response = await octokit.rest.git.getCommit({ owner, repo, commit_sha: sha });
                return response.data.tree.sha;
            }
            catch (error) {
                const code = commits_status(error);
                if (code === 404 || code === 422)
                    return undefined;
                throw failure(`reading commit ${sha}`, error, 'contents: read');
            }
        },
    };
}
/**
 * The pull request a commit on the default branch came from: the merged one whose merge commit it
 * is, else the only merged one, else the most recently listed merged one (GitHub lists newest first).
 */
function choosePull(pulls, sha) {
    const merged = pulls.filter((p) => p.merged);
    return merged.find((p) => p.mergeCommitSha === sha) ?? merged[0];
}

;// CONCATENATED MODULE: ./src/github/client.ts



function githubTarget(token, context, logger) {
    if (!token || !context.repository)
        return undefined;
    const [owner, repo] = context.repository.split('/');
    if (!owner || !repo)
        return undefined;
    return {
        octokit: createOctokit({ token, baseUrl: context.apiUrl, logger }),
        owner,
        repo,
        headSha: context.sha,
        pr: context.pr,
        detailsUrl: context.run?.url,
    };
}
/** The commits→pulls / commit-tree lookups, when a token and the repository are known. */
function lookupFromEnv(env, target, token, logger) {
    if (!token || !target.repository)
        return undefined;
    return githubLookup({ token, apiUrl: (0,github_event/* apiUrlOf */.po)(env), repository: target.repository, logger });
}

// EXTERNAL MODULE: ./src/registry/reference.ts
var reference = __webpack_require__(79310);
// EXTERNAL MODULE: ./src/store/store.ts + 2 modules
var store_store = __webpack_require__(32758);
// EXTERNAL MODULE: ./src/model/record.ts
var model_record = __webpack_require__(2860);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: ./src/store/artifact.ts
var store_artifact = __webpack_require__(76151);
// EXTERNAL MODULE: ./node_modules/@sigstore/bundle/dist/index.js
var dist = __webpack_require__(61040);
// EXTERNAL MODULE: ./node_modules/@sigstore/protobuf-specs/dist/index.js
var protobuf_specs_dist = __webpack_require__(19654);
// EXTERNAL MODULE: ./node_modules/@sigstore/verify/dist/index.js
var verify_dist = __webpack_require__(54187);
// EXTERNAL MODULE: ./src/record/statement.ts
var record_statement = __webpack_require__(60284);
;// CONCATENATED MODULE: ./src/record/attestation.ts
// The QA record as an attestation (issue 15): the statement (statement.ts) in a DSSE envelope
// packaged as a Sigstore bundle, and its verification: against trusted public keys, or a
// certificate identity under a trusted root. Signing is sign.ts. The Sigstore libraries do DSSE,
// certificates and logs; only the checks of what the statement says are ours.






function fail(problem, message) {
    return { ok: false, problem, message };
}
/** The bundle in the record's bytes, or `not-a-bundle` (a plain JSON record is unsigned). */
function parseBundle(bytes) {
    try {
        return (0,dist.bundleFromJSON)(JSON.parse(bytes.toString('utf8')));
    }
    catch (error) {
        return fail('not-a-bundle', `the record is not a Sigstore bundle (${(0,errors/* errorMessage */.gJ)(error)}): it is unsigned`);
    }
}
/** No transparency log, CA or timestamp authority: key bundles are checked against the keys alone. */
const KEYS_ONLY_ROOT = protobuf_specs_dist.TrustedRoot.fromJSON({
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
});
/**
 * Verifies a bundle against trusted public keys (PEM) and that its statement is a QA record about
 * `digest` (`sha256:…`). The record returned is the signed predicate: the only one promotion may
 * judge. Never throws: every failure is a typed problem with what was expected and what was found.
 */
function verifyWithKeys(bytes, trustedKeys, digest) {
    const bundle = parseBundle(bytes);
    if ('ok' in bundle)
        return bundle;
    const keys = new Map();
    for (const pem of trustedKeys) {
        const key = (0,external_node_crypto_.createPublicKey)(pem);
        keys.set((0,record_statement/* keyId */.xs)(key), key);
    }
    const named = bundle.verificationMaterial.content;
    const hint = named.$case === 'publicKey' ? named.publicKey.hint : undefined;
    if (!hint || !keys.has(hint))
        return fail('untrusted-key', `signed by ${hint ? `key ${hint}` : named.$case === 'publicKey' ? 'an unnamed key' : 'a certificate'}; trusted: ${[...keys.keys()].map((k) => `key ${k}`).join(', ') || 'no key'}`);
    const trust = (0,verify_dist/* toTrustMaterial */.jO)(KEYS_ONLY_ROOT, (id) => {
        const key = keys.get(id);
        if (!key)
            throw new Error(`untrusted key ${id}`);
        return { publicKey: key, validFor: () => true };
    });
    try {
        new verify_dist/* Verifier */.BL(trust, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 }).verify((0,verify_dist/* toSignedEntity */.DC)(bundle));
    }
    catch (error) {
        return fail('bad-signature', `the signature does not verify with key ${hint}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    const statement = signedStatement(bundle, digest);
    return statement.ok ? { ok: true, record: statement.record, signer: `key ${hint}` } : statement;
}
/** What the verified envelope says: a QA record statement about `digest`, or the problem. */
function signedStatement(bundle, digest) {
    if (bundle.content.$case !== 'dsseEnvelope' ||
        bundle.content.dsseEnvelope.payloadType !== record_statement/* INTOTO_PAYLOAD_TYPE */.w9)
        return fail('not-a-statement', `the bundle does not hold an in-toto statement (${record_statement/* INTOTO_PAYLOAD_TYPE */.w9})`);
    let statement;
    try {
        statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'));
    }
    catch (error) {
        return fail('not-a-statement', `the signed payload is not JSON: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    if (statement._type !== record_statement/* STATEMENT_TYPE */.zG ||
        statement.predicateType !== record_statement/* PREDICATE_TYPE */.To ||
        !statement.predicate)
        return fail('not-a-statement', `expected a ${record_statement/* STATEMENT_TYPE */.zG} with predicate type ${record_statement/* PREDICATE_TYPE */.To}, found ${String(statement._type)} / ${String(statement.predicateType)}`);
    const subjects = (statement.subject ?? []).map((s) => `sha256:${s.digest?.sha256 ?? '?'}`);
    if (!subjects.includes(digest) || statement.predicate.image?.digest !== digest)
        return fail('subject-mismatch', `the attestation is about ${subjects.join(', ') || 'nothing'} (record: ${String(statement.predicate.image?.digest)}), not ${digest}`);
    return { ok: true, record: statement.predicate, signer: '' };
}
/**
 * The certificate's SAN against a trusted workflow, compared as text: with `@<ref>` exactly,
 * without it any ref of that very file (`…/qa.yml@…`, never `…/qa.yml-evil@…`).
 */
function sameWorkflow(san, workflow) {
    return workflow.includes('@') ? san === workflow : san.startsWith(`${workflow}@`);
}
/** Fulcio's "Source Repository URI" certificate extension. */
const OID_SOURCE_REPOSITORY = '1.3.6.1.4.1.57264.1.12';
/** A DER UTF8String extension value as text. */
function utf8(value) {
    if (value[0] !== 0x0c)
        return value.toString('utf8');
    const length = value[1] ?? 0;
    return value.subarray(length & 0x80 ? 2 + (length & 0x7f) : 2).toString('utf8');
}
/**
 * Verifies a keyless bundle against a Sigstore trusted root (Fulcio CA, CT log, Rekor, timestamp
 * authority) and who signed it, then that its statement is a QA record about `digest`.
 */
function verifyWithIdentity(bytes, trustedRoot, identity, digest) {
    const bundle = parseBundle(bytes);
    if ('ok' in bundle)
        return bundle;
    const withTlog = bundle.verificationMaterial.tlogEntries.length > 0;
    const verifier = new verify_dist/* Verifier */.BL((0,verify_dist/* toTrustMaterial */.jO)(protobuf_specs_dist.TrustedRoot.fromJSON(trustedRoot)), {
        tlogThreshold: withTlog ? 1 : 0,
        ctlogThreshold: 1,
        timestampThreshold: 1,
    });
    let signer;
    try {
        // The SAN is compared below, exactly: @sigstore/verify matches a SAN policy as an unanchored
        // regex, so `…@refs/heads/main` would accept `…@refs/heads/main-evil`.
        signer = verifier.verify((0,verify_dist/* toSignedEntity */.DC)(bundle), { extensions: { issuer: identity.issuer } });
    }
    catch (error) {
        const untrusted = error.code === 'UNTRUSTED_SIGNER_ERROR';
        return untrusted
            ? fail('untrusted-identity', `signed by an identity that is not trusted (${(0,errors/* errorMessage */.gJ)(error)}); trusted: ${identity.workflow} from ${identity.issuer}`)
            : fail('bad-signature', `the signature does not verify: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
    const san = signer.identity?.subjectAlternativeName ?? '(none)';
    if (!sameWorkflow(san, identity.workflow))
        return fail('untrusted-identity', `signed by ${san}; trusted: ${identity.workflow} from ${identity.issuer}`);
    if (identity.sourceRepository) {
        const ext = (signer.identity?.oids ?? []).find((o) => o.oid?.id.join('.') === OID_SOURCE_REPOSITORY);
        const found = ext ? utf8(Buffer.from(ext.value)) : '(none)';
        if (found !== `https://github.com/${identity.sourceRepository}`)
            return fail('untrusted-identity', `signed by ${san} for ${found}, not for https://github.com/${identity.sourceRepository}`);
    }
    const statement = signedStatement(bundle, digest);
    return statement.ok ? { ok: true, record: statement.record, signer: san } : statement;
}

;// CONCATENATED MODULE: ./src/record/trust.ts
// Who promotion believes (config promote.trust): the record artifacts on a digest become verdicts
// only once their signature verifies and their signer is trusted. What a bundle says is read from
// its verified statement alone; the manifest's annotations are hints that must agree with it.





/** Reads promote.trust's files; a key or root that cannot be used is a UsageError naming the file. */
async function loadTrust(config) {
    const { trust } = config.promote;
    const keys = [];
    for (const file of trust.keys) {
        const pem = await readTrustFile(file, 'promote.trust.keys');
        try {
            (0,external_node_crypto_.createPublicKey)(pem);
        }
        catch (error) {
            throw new errors/* UsageError */.eb(`promote.trust.keys: ${file} is not a PEM public key (${(0,errors/* errorMessage */.gJ)(error)}): write the public half of the signing key (openssl pkey -pubout)`);
        }
        keys.push(pem);
    }
    const trustedRoots = [];
    if (trust.trustedRoot) {
        const text = await readTrustFile(trust.trustedRoot, 'promote.trust.trusted-root');
        // One trusted_root.json, or JSON lines (`gh attestation trusted-root` prints one per instance).
        try {
            trustedRoots.push(JSON.parse(text));
        }
        catch {
            for (const [index, line] of text.split('\n').entries()) {
                if (!line.trim())
                    continue;
                try {
                    trustedRoots.push(JSON.parse(line));
                }
                catch (error) {
                    throw new errors/* UsageError */.eb(`promote.trust.trusted-root: ${trust.trustedRoot}:${index + 1} is not a Sigstore trusted root (one JSON object, or one per line): ${(0,errors/* errorMessage */.gJ)(error)}`);
                }
            }
        }
    }
    const policy = {
        signing: config.record.signing,
        keys,
        identities: trust.identities.map((i) => ({
            workflow: i.workflow,
            issuer: i.issuer,
            ...(i.repository !== undefined ? { sourceRepository: i.repository } : {}),
        })),
        trustedRoots,
    };
    if (policy.signing !== 'none' && keys.length === 0 && policy.identities.length === 0)
        throw new errors/* UsageError */.eb(`record.signing is ${policy.signing}, but promote.trust names nobody who may sign a verdict: ` +
            (policy.signing === 'key'
                ? 'add the public key of the signing key under promote.trust.keys'
                : 'add the signing workflow under promote.trust.identities (e.g. - workflow: acme/shop/.github/workflows/qa.yml) with promote.trust.trusted-root'));
    return policy;
}
async function readTrustFile(file, key) {
    try {
        return await (0,promises_.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new errors/* UsageError */.eb(`${key}: cannot read ${file}: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
const REASON = {
    'not-a-bundle': 'bad-signature',
    'untrusted-key': 'untrusted-signer',
    'untrusted-identity': 'untrusted-signer',
    'bad-signature': 'bad-signature',
    'not-a-statement': 'bad-signature',
    'subject-mismatch': 'subject-mismatch',
};
/** A bundle's check against every trusted key and identity: the first that verifies, else the most telling problem. */
function checkBundle(bytes, policy, digest) {
    const checks = [];
    if (policy.keys.length)
        checks.push(verifyWithKeys(bytes, policy.keys, digest));
    for (const identity of policy.identities)
        for (const root of policy.trustedRoots)
            checks.push(verifyWithIdentity(bytes, root, identity, digest));
    const ok = checks.find((c) => c.ok);
    if (ok)
        return ok;
    // The most telling problem: one found after the signature verified (wrong subject, wrong signer)
    // beats an untrusted key, which beats a signature that did not verify (e.g. against a root that
    // did not issue the certificate, when promote.trust.trusted-root holds several).
    const order = [
        'subject-mismatch',
        'not-a-statement',
        'untrusted-identity',
        'untrusted-key',
        'bad-signature',
        'not-a-bundle',
    ];
    const rank = (c) => (c.ok ? -1 : order.indexOf(c.problem));
    return ([...checks].sort((a, b) => rank(a) - rank(b))[0] ?? {
        ok: false,
        problem: 'untrusted-key',
        message: 'promote.trust names nobody who may sign a verdict',
    });
}
/**
 * Opens the record artifacts on `digest` for commit `sha` under the trust policy: verified bundles
 * (and, with record.signing: none, unsigned records) become FoundRecords, newest first; the rest
 * are refused with the reason and what was expected against what was found.
 */
function openRecords(artifacts, policy, digest, sha) {
    const matching = [];
    const unreadable = [...artifacts.unreadable];
    const refused = [];
    const canVerify = policy.keys.length > 0 || policy.identities.length > 0;
    for (const artifact of artifacts.found) {
        const at = artifact.artifactDigest;
        let record;
        let signer;
        if (artifact.signed && (policy.signing !== 'none' || canVerify)) {
            const check = checkBundle(artifact.payload, policy, digest);
            if (!check.ok) {
                refused.push({ digest: at, reason: REASON[check.problem], message: check.message });
                continue;
            }
            try {
                record = (0,store_artifact/* parseQaRecord */.X_)(JSON.stringify(check.record));
            }
            catch (error) {
                refused.push({
                    digest: at,
                    reason: 'bad-signature',
                    message: `the signed predicate is not a QA record: ${(0,errors/* errorMessage */.gJ)(error)}`,
                });
                continue;
            }
            signer = check.signer;
            const disagree = disagreement(artifact.annotations, record);
            if (disagree) {
                refused.push({ digest: at, reason: 'annotation-mismatch', message: disagree });
                continue;
            }
        }
        else if (artifact.signed) {
            // record.signing: none and nobody to verify with: the bundle's statement is as good as a plain record.
            const check = unverifiedStatement(artifact.payload);
            if (typeof check === 'string') {
                unreadable.push({ digest: at, reason: check });
                continue;
            }
            record = check;
        }
        else {
            try {
                record = (0,store_artifact/* parseQaRecord */.X_)(artifact.payload);
            }
            catch (error) {
                if (!(error instanceof store_artifact/* RecordFormatError */.Ff))
                    throw error;
                unreadable.push({ digest: at, reason: error.message });
                continue;
            }
            if (policy.signing !== 'none') {
                if (record.source.sha === sha)
                    refused.push({
                        digest: at,
                        reason: 'unsigned',
                        message: `an unsigned QA record (verdict ${record.verdict}, ${record.created_at}), which anyone who can push to the registry could have written`,
                    });
                continue;
            }
        }
        if (record.source.sha !== sha)
            continue;
        matching.push({
            record,
            artifactDigest: at,
            ...(artifact.subject ? { subject: artifact.subject } : {}),
            ...(signer !== undefined ? { signer } : {}),
        });
    }
    matching.sort((a, b) => b.record.created_at.localeCompare(a.record.created_at));
    return { matching, listed: artifacts.listed, unreadable, refused };
}
/** The manifest's unsigned hints against the signed record: an artifact that lies in either is refused. */
function disagreement(annotations, record) {
    const hints = [
        [store_artifact/* ANNOTATION */.YX.sha, annotations[store_artifact/* ANNOTATION */.YX.sha], record.source.sha],
        [store_artifact/* ANNOTATION */.YX.verdict, annotations[store_artifact/* ANNOTATION */.YX.verdict], record.verdict],
        [store_artifact/* ANNOTATION */.YX.pr, annotations[store_artifact/* ANNOTATION */.YX.pr], record.source.pr === null ? '' : String(record.source.pr)],
    ];
    const wrong = hints.filter(([, hint, signed]) => hint !== undefined && hint !== signed);
    return wrong.length
        ? `the artifact's annotations disagree with its signed record: ${wrong.map(([k, hint, signed]) => `${k} is "${hint ?? ''}", signed "${signed}"`).join('; ')}`
        : undefined;
}
/** The predicate of a bundle read without verification (record.signing: none), or why it cannot be read. */
function unverifiedStatement(bytes) {
    try {
        const bundle = JSON.parse(bytes.toString('utf8'));
        const payload = Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8');
        const statement = JSON.parse(payload);
        return (0,store_artifact/* parseQaRecord */.X_)(JSON.stringify(statement.predicate));
    }
    catch (error) {
        return `the signed record cannot be read: ${(0,errors/* errorMessage */.gJ)(error)}`;
    }
}

;// CONCATENATED MODULE: ./src/record/verify.ts
// Promotion's preconditions, as one pure function over what was read: a record for the tested
// commit on the digest qa-<sha> points to, verdict passed, clean tree, and under `same-tree` the
// promoted commit's tree equals the tested tree. Every refusal says what happened and how to fix it.



const verify_short = (sha) => (sha ? sha.slice(0, 12) : '(none)');
/** Returns the record that allows the promotion, or throws a RefusalError (exit 1). */
function verifyPromotion(evidence) {
    const { records, testedSha, digest } = evidence;
    const tag = `${evidence.image}:${(0,model_record/* testedTag */.S)(testedSha)}`;
    const rerun = `Re-run QA on ${testedSha}${evidence.pr !== undefined ? ` (PR #${evidence.pr})` : ''} so it records a fresh verdict and tag, then promote again.`;
    const refused = records.refused ?? [];
    if (records.matching.length === 0 && refused.length > 0)
        throw unproven(refused, evidence, tag, rerun);
    if (records.matching.length === 0) {
        const others = [
            ...new Set(records.listed
                .map((d) => d.annotations?.[store_artifact/* ANNOTATION */.YX.sha])
                .filter((s) => typeof s === 'string' && s !== testedSha)),
        ];
        if (others.length > 0)
            throw new errors/* RefusalError */.XQ(`${tag} points to ${digest}, but that digest carries QA records for ${others.map(verify_short).join(', ')}, not for ${testedSha}: ` +
                `the tag was moved or overwritten after QA ran, so ${digest} was never tested for this commit. ${rerun} ` +
                'Only immutable-qa should write qa-* tags (protect them in the registry if it can).', 'subject-mismatch');
        const unreadable = records.unreadable.length
            ? ` (${records.unreadable.length} record artifact(s) could not be read: ${records.unreadable.map((u) => u.reason).join('; ')})`
            : '';
        throw new errors/* RefusalError */.XQ(`${tag} points to ${digest}, but no QA record for ${testedSha} is attached to that digest${unreadable}: ` +
            `the tag was set by hand or the record was deleted, so nothing proves the digest passed QA. ${rerun}`, 'no-record');
    }
    // The latest verdict for the commit on this digest decides: an earlier pass does not outvote a
    // failed re-run. Records about another digest or commit are not verdicts on this one.
    const about = records.matching
        .filter((f) => f.subject?.digest === digest && f.record.image.digest === digest && f.record.source.sha === testedSha)
        .sort(newestFirst);
    const latest = about[0];
    if (latest) {
        const earlierPass = about.find((f) => f.record.verdict === 'passed');
        if (latest.record.verdict !== 'passed' && earlierPass)
            throw laterFailure(latest, earlierPass, evidence);
        const refusal = problem(latest, evidence, tag, rerun);
        if (refusal)
            throw refusal;
        return latest;
    }
    let first;
    for (const found of records.matching) {
        const refusal = problem(found, evidence, tag, rerun);
        if (!refusal)
            return found;
        first ??= refusal;
    }
    throw first ?? new errors/* RefusalError */.XQ('no usable QA record', 'no-record');
}
/** No record on the digest proves who wrote it: the refusal for the most telling one. */
function unproven(refused, evidence, tag, rerun) {
    // A record that was tampered with or moved says more than an unsigned one.
    const order = [
        'bad-signature',
        'subject-mismatch',
        'annotation-mismatch',
        'untrusted-signer',
        'unsigned',
    ];
    const first = [...refused].sort((a, b) => order.indexOf(a.reason) - order.indexOf(b.reason))[0];
    const all = refused.map((r) => `${r.digest}: ${r.message}`).join('; ');
    const head = `${tag} points to ${evidence.digest}, but no QA record there proves who wrote it (${all})`;
    switch (first.reason) {
        case 'unsigned':
            return new errors/* RefusalError */.XQ(`${head}. Promotion accepts only signed verdicts (record.signing is keyless or key), so a record from before signing, or one anybody with push access wrote, is not a verdict. ` +
                `To migrate: ${rerun.replace('Re-run', 're-run')} (it signs the new record). To accept unsigned verdicts instead, set record.signing: none (anyone who can push to the registry can then forge one).`, 'unsigned');
        case 'untrusted-signer':
            return new errors/* RefusalError */.XQ(`${head}. Only a signer that promote.trust names may vouch for a digest: if that signer is yours, add it to promote.trust (in the reviewed config); ` +
                `otherwise someone else wrote this verdict. ${rerun}`, 'untrusted-signer');
        case 'bad-signature':
            return new errors/* RefusalError */.XQ(`${head}. The record's signature does not verify: it was altered after it was signed, or signed under another trusted root. Nothing was promoted. ${rerun}`, 'bad-signature');
        case 'subject-mismatch':
            return new errors/* RefusalError */.XQ(`${head}. The signed record is about another digest: it was copied onto ${evidence.digest}, which was never tested. ${rerun}`, 'subject-mismatch');
        case 'annotation-mismatch':
            return new errors/* RefusalError */.XQ(`${head}. The artifact's unsigned annotations were changed after signing, so the artifact is not what QA wrote. ${rerun}`, 'annotation-mismatch');
    }
}
/** Latest first: by when the record was made, then by run (id, attempt) for records made at once. */
function newestFirst(a, b) {
    const byTime = b.record.created_at.localeCompare(a.record.created_at);
    if (byTime !== 0)
        return byTime;
    const [ra, rb] = [a.record.run, b.record.run];
    if (!ra || !rb)
        return ra ? -1 : rb ? 1 : 0;
    const [ia, ib] = [Number(ra.id), Number(rb.id)];
    if (Number.isFinite(ia) && Number.isFinite(ib) && ia !== ib)
        return ib - ia;
    return rb.attempt - ra.attempt;
}
function runName(found) {
    const { run, created_at } = found.record;
    return run ? `run ${run.id} attempt ${run.attempt} (${run.url})` : `the local run of ${created_at}`;
}
function laterFailure(latest, pass, evidence) {
    const { record } = latest;
    const failed = [...record.phases, ...record.checks]
        .filter((s) => s.conclusion !== 'success' && s.conclusion !== 'skipped')
        .map((s) => `${s.name}: ${s.conclusion}`);
    return new errors/* RefusalError */.XQ(`QA passed for ${evidence.testedSha} on ${evidence.digest} in ${runName(pass)}, but a later run on the same commit and digest failed` +
        `${failed.length ? ` (${failed.join(', ')})` : ''}: ${runName(latest)}, at ${record.created_at}. ` +
        'The latest verdict for a commit decides, so the earlier pass is not promoted. ' +
        `Find out why that run failed (a flaky check is a failing check), fix it, re-run QA on ${evidence.testedSha} until it passes, then promote again.`, 'later-failure');
}
function problem(found, evidence, tag, rerun) {
    const { record } = found;
    const { digest, testedSha } = evidence;
    const subject = found.subject?.digest;
    if (subject !== digest || record.image.digest !== digest)
        return new errors/* RefusalError */.XQ(`the QA record ${found.artifactDigest} for ${testedSha} is about ${record.image.digest ?? 'no image'} (subject ${subject ?? 'none'}), but ${tag} points to ${digest}: ` +
            `the tag and the record disagree, so ${digest} is not proven tested. ${rerun}`, 'subject-mismatch');
    if (record.source.sha !== testedSha)
        return new errors/* RefusalError */.XQ(`the QA record on ${digest} is for commit ${record.source.sha}, not ${testedSha}. ${rerun}`, 'sha-mismatch');
    if (record.verdict !== 'passed') {
        const failed = [...record.phases, ...record.checks]
            .filter((s) => s.conclusion !== 'success' && s.conclusion !== 'skipped')
            .map((s) => `${s.name}: ${s.conclusion}`);
        return new errors/* RefusalError */.XQ(`the QA verdict for ${testedSha} on ${digest} is failed${failed.length ? ` (${failed.join(', ')})` : ''}${record.run ? `, see ${record.run.url}` : ''}: ` +
            `a failed digest is never promoted. Fix the failing checks, push, and merge after QA passes.`, 'failed-verdict');
    }
    if (record.source.dirty)
        return new errors/* RefusalError */.XQ(`the QA run for ${testedSha} on ${digest} built a dirty working tree (uncommitted changes), so what was tested is not that commit: ` +
            `a dirty run never earns promotion. Run QA on a clean checkout (commit or stash the changes) and promote again.`, 'dirty');
    if (evidence.policy === 'same-tree') {
        if (!record.source.tree)
            return new errors/* RefusalError */.XQ(`the QA record for ${testedSha} has no source tree (QA ran outside a git checkout), so policy same-tree cannot prove the promoted commit is what was tested. ` +
                `Run QA in the repository's checkout, or set promote.policy: pr-head.`, 'tree-unknown');
        if (!evidence.promotedTree)
            return new errors/* RefusalError */.XQ(`cannot find the tree of the promoted commit ${evidence.promotedSha}${evidence.treeSources ? ` (looked in ${evidence.treeSources})` : ''}, so policy same-tree cannot compare it with the tested tree ${verify_short(record.source.tree)}. ` +
                'Check out that commit before promoting (actions/checkout with ref: <sha>), or pass a github-token with `contents: read`.', 'tree-unknown');
        if (evidence.promotedTree !== record.source.tree) {
            const via = evidence.promotedSha === testedSha
                ? `QA for ${testedSha} ran on the test merge ${verify_short(record.source.checkout_sha)} (tree ${verify_short(record.source.tree)})`
                : `QA for the PR head ${testedSha}${evidence.pr !== undefined ? ` (PR #${evidence.pr})` : ''} tested tree ${verify_short(record.source.tree)} (checkout ${verify_short(record.source.checkout_sha)})`;
            return new errors/* RefusalError */.XQ(`commit ${evidence.promotedSha} has tree ${verify_short(evidence.promotedTree)}, but ${via}: the base branch moved after QA ran, so the merged code was never tested (policy same-tree). ` +
                'Fix: enable a merge queue, or require branches to be up to date before merging (branch protection), so QA runs on exactly what merges; ' +
                `then re-run QA and promote again. To promote the PR head's result anyway, set promote.policy: pr-head.`, 'tree-mismatch');
        }
    }
    return undefined;
}

// EXTERNAL MODULE: ./src/model/version.ts
var version = __webpack_require__(52621);
;// CONCATENATED MODULE: ./src/pipeline/promote.ts









const RESERVED = [/^qa-/, /^sha256-/];
/** promote.tags with `{sha}` / `{sha7}` expanded; invalid or reserved tags are a UsageError (exit 2). */
function expandTags(templates, sha) {
    const tags = [];
    for (const template of templates) {
        const tag = template
            .trim()
            .replace(/\{(sha7|sha)\}/g, (_, name) => (name === 'sha7' ? sha.slice(0, 7) : sha));
        const unknown = /\{[^}]*\}/.exec(tag);
        if (unknown)
            throw new errors/* UsageError */.eb(`promote tag "${template}": unknown placeholder ${unknown[0]} (only {sha} and {sha7} expand)`);
        if (!(0,reference/* isValidTag */.r_)(tag))
            throw new errors/* UsageError */.eb(`promote tag "${template}" gives "${tag}", which is not a valid tag ([A-Za-z0-9_.-], at most 128, not starting with . or -)`);
        if (RESERVED.some((r) => r.test(tag)))
            throw new errors/* UsageError */.eb(`promote tag "${tag}" uses a reserved prefix (qa-, sha256-): those tags belong to QA records; choose another name`);
        if (!tags.includes(tag))
            tags.push(tag);
    }
    if (tags.length === 0)
        throw new errors/* UsageError */.eb('no tags to promote to: set promote.tags or pass --tags');
    return tags;
}
async function promote(options) {
    const started = Date.now();
    const { config, target, logger } = options;
    const now = options.now ?? (() => new Date());
    const policy = config.promote.policy;
    const tags = expandTags(options.tags?.length ? options.tags : config.promote.tags, target.sha);
    // Who may vouch for a digest, read before anything is looked up: bad trust config is exit 2.
    const trust = await loadTrust(config);
    const store = options.store ?? (0,store_store/* imageStore */.J)(config, options.registry, logger);
    const repository = config.image.repository;
    // 1. The tested digest: qa-<sha> of the promoted commit itself, else of its PR's head.
    let testedSha = target.sha;
    let resolvedBy = 'tag';
    let pr;
    let digest = await store.resolve((0,model_record/* testedTag */.S)(target.sha));
    if (!digest) {
        pr = target.pr?.merged ? target.pr : undefined;
        let looked = target.pr
            ? `the event's PR #${target.pr.number} is not merged`
            : target.eventGaps
                ? `the event's pull_request lacks ${target.eventGaps.join(', ')}`
                : 'the event names no PR';
        if (!pr && options.github) {
            const pulls = await options.github.pullsForCommit(target.sha);
            pr = choosePull(pulls, target.sha);
            looked = pulls.length
                ? `GitHub lists PR(s) ${pulls.map((p) => `#${p.number}${p.merged ? '' : ' (not merged)'}`).join(', ')} for it, none merged`
                : 'GitHub lists no pull request for it';
        }
        else if (!pr)
            looked += ' and no GitHub token/repository is available to ask which PR it came from';
        if (!pr)
            throw new errors/* RefusalError */.XQ(`${target.sha} was never tested: ${repository} has no tag ${(0,model_record/* testedTag */.S)(target.sha)}, and ${looked}. ` +
                'Only a digest whose QA passed on this commit, or on the head of the pull request it merged, can be promoted: ' +
                'run QA on the pull request (or on this commit) and promote after it passes.', 'no-record');
        testedSha = pr.headSha;
        resolvedBy = 'pull-request';
        digest = await store.resolve((0,model_record/* testedTag */.S)(testedSha));
        if (!digest)
            throw new errors/* RefusalError */.XQ(`${target.sha} came from PR #${pr.number} (${{ event: 'event payload', api: 'GitHub API', git: "--pr and the merge commit's second parent" }[pr.source]}), but its head ${testedSha} was never tested: ` +
                (pr.fromFork
                    ? `it came from a fork, so its QA ran unprivileged (a read-only token): nothing was pushed or recorded for it. ` +
                        'Merge pull requests from forks through the merge queue (on: merge_group): QA then runs on the queue commit in this repository, with its token, and the push of that very commit is promoted.'
                    : `${repository} has no tag ${(0,model_record/* testedTag */.S)(testedSha)} (QA failed, did not finish, or ran on a dirty tree). ` +
                        'Run QA on the pull request until it passes, then merge and promote again.'), 'no-record');
    }
    logger.info(`tested digest: ${repository}:${(0,model_record/* testedTag */.S)(testedSha)} → ${digest}${pr ? ` (PR #${pr.number} head)` : ''}`);
    // 2. The evidence, then the verdict on it: nothing is tagged unless every precondition holds.
    const records = openRecords(await store.records(digest, testedSha), trust, digest, testedSha);
    let promotedTree;
    const treeSources = [];
    if (policy === 'same-tree') {
        promotedTree = (await (0,git/* treeOf */.g7)(config.root, target.sha)) ?? undefined;
        treeSources.push(`the checkout ${config.root}`);
        if (!promotedTree && options.github) {
            promotedTree = await options.github.treeOf(target.sha);
            treeSources.push('the GitHub API');
        }
    }
    const found = verifyPromotion({
        image: repository,
        promotedSha: target.sha,
        testedSha,
        digest,
        ...(pr ? { pr: pr.number } : {}),
        records,
        policy,
        ...(promotedTree ? { promotedTree } : {}),
        treeSources: treeSources.join(' and '),
    });
    const prNumber = pr?.number ?? found.record.source.pr;
    logger.info(`verified: QA passed for ${testedSha} on ${digest}${policy === 'same-tree' ? `, tree ${promotedTree ?? ''} unchanged` : ' (policy pr-head)'}` +
        (found.signer ? `, signed by ${found.signer}` : ''));
    if (!found.signer)
        logger.warning(`the QA verdict for ${testedSha} on ${digest} is UNSIGNED (record.signing: none): anyone who can push to ${repository} could have written it. ` +
            'Sign verdicts (record.signing: keyless or key, with promote.trust) so that only your QA workflow can vouch for a digest.');
    // 3. Read everything the tagging needs, and where each tag points now.
    await store.prepare(digest);
    const previous = {};
    for (const tag of tags)
        previous[tag] = await store.resolve(tag);
    const moved = tags.filter((t) => previous[t] !== digest);
    // 4. Tag; on failure put back what already moved.
    const done = [];
    try {
        for (const tag of moved) {
            await store.setTag(tag, digest);
            done.push(tag);
        }
        for (const tag of tags) {
            const resolved = await store.resolve(tag);
            if (resolved !== digest)
                throw new errors/* InfrastructureError */.EN(`${repository}:${tag} resolves to ${resolved ?? 'nothing'} right after tagging ${digest}: something else is writing this tag; re-run the promotion`);
        }
    }
    catch (error) {
        throw await rollback(error, done, previous, store, repository, digest, logger);
    }
    logger.info(`promoted ${repository}@${digest} to ${tags.join(', ')}${moved.length < tags.length ? ` (already there: ${tags.filter((t) => !moved.includes(t)).join(', ')})` : ''}`);
    // 5. The promotion record.
    const record = {
        schema: 1,
        kind: 'promotion',
        image: { repository, digest },
        tags,
        previous: Object.fromEntries(tags.map((t) => [t, previous[t] ?? null])),
        promoted: {
            sha: target.sha,
            tree: promotedTree ?? null,
            ref: target.ref ?? null,
            event: target.eventName,
        },
        source: {
            sha: testedSha,
            pr: prNumber,
            tree: found.record.source.tree,
            checkout_sha: found.record.source.checkout_sha,
            qa_record: store.citation(found),
            qa_signer: found.signer ?? null,
            resolved_by: resolvedBy,
        },
        policy,
        run: options.run ?? null,
        tool: { name: 'immutable-qa', version: version/* VERSION */.x },
        promoted_at: now().toISOString(),
    };
    const result = {
        repository,
        digest,
        imageRef: `${repository}@${digest}`,
        tags,
        moved,
        sourceSha: testedSha,
        pr: prNumber,
        promotedSha: target.sha,
        record,
        durationMs: 0,
    };
    try {
        const written = await store.writePromotionRecord(record);
        if (written.digest)
            result.recordDigest = written.digest;
        if (written.path)
            result.recordPath = written.path;
    }
    catch (error) {
        result.recordError = new errors/* InfrastructureError */.EN(`the tags are promoted, but the promotion record could not be written: ${(0,errors/* errorMessage */.gJ)(error)}. Re-run the promotion (it is idempotent) to write it`);
        logger.error(result.recordError.message);
    }
    result.durationMs = Date.now() - started;
    return result;
}
async function rollback(error, done, previous, store, repository, digest, logger) {
    const restored = [];
    const stuck = [];
    for (const tag of [...done].reverse()) {
        try {
            if (await store.restore(tag, previous[tag]))
                restored.push(tag);
            else
                stuck.push(`${tag} (new tag: the registry API cannot remove it)`);
        }
        catch (restoreError) {
            stuck.push(`${tag} (${(0,errors/* errorMessage */.gJ)(restoreError)})`);
        }
    }
    const state = done.length === 0
        ? 'no tag was changed'
        : stuck.length === 0
            ? `the tags already moved were restored (${restored.join(', ')})`
            : `these tags still point to ${digest}: ${stuck.join('; ')}${restored.length ? `; restored: ${restored.join(', ')}` : ''}`;
    const message = `promotion of ${repository}@${digest} failed: ${(0,errors/* errorMessage */.gJ)(error)}. ${state}. Re-run the promotion when the registry answers (it is idempotent).`;
    logger.error(message);
    if (error instanceof errors/* RefusalError */.XQ || error instanceof errors/* UsageError */.eb)
        return error;
    return new errors/* InfrastructureError */.EN(message);
}

// EXTERNAL MODULE: ./src/store/access.ts + 7 modules
var access = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/cli/promote.ts
// `immutable-qa promote`: the same core as the promote sub-action.










/** What `--json` prints: the outcome, the outputs and the promotion record. */
function promotionJson(result) {
    return {
        promoted: true,
        digest: result.digest,
        'image-ref': result.imageRef,
        'promoted-tags': result.tags,
        'source-sha': result.sourceSha,
        pr: result.pr,
        moved: result.moved,
        record: result.record,
        ...(result.recordDigest ? { 'record-digest': result.recordDigest } : {}),
        ...(result.recordPath ? { 'record-path': result.recordPath } : {}),
        'duration-ms': result.durationMs,
    };
}
async function promoteCommand(flags, logger) {
    const env = process.env;
    try {
        const config = await (0,load/* loadConfig */.Z9)(flags.configFile);
        const target = await (0,github_event/* promoteTarget */.oA)(env, {
            ...(flags.sha !== undefined ? { sha: flags.sha } : {}),
            ...(flags.event !== undefined ? { eventPath: (0,external_node_path_.resolve)(flags.event) } : {}),
            headSha: (await (0,git/* headSha */.xF)(config.root)) ?? undefined,
        });
        const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
        if (flags.pr !== undefined) {
            // Instead of a hand-written webhook payload: the merge commit names the PR head it merged.
            const head = await (0,git/* secondParent */.tk)(config.root, target.sha);
            if (head)
                target.pr = {
                    number: flags.pr,
                    headSha: head,
                    merged: true,
                    mergeCommitSha: target.sha,
                    source: 'git',
                };
            else if (!token)
                throw new errors/* UsageError */.eb(`--pr ${flags.pr}: ${target.sha} is not a merge commit in ${config.root} (a squash or rebase merge), so its PR head is not known here: ` +
                    'set GITHUB_TOKEN (and GITHUB_REPOSITORY) so promote asks GitHub which PR it came from, or promote the PR head itself with --sha');
        }
        const github = lookupFromEnv(env, target, token, logger);
        const run = (0,github_event/* runOf */.ng)(env, env.GITHUB_REPOSITORY);
        const tags = (0,input/* splitList */.r)(flags.tags);
        const result = await promote({
            config,
            target,
            ...(tags.length ? { tags } : {}),
            logger,
            registry: { credentials: (0,access/* credentialOptions */.K)({ actor: env.GITHUB_ACTOR, token }) },
            ...(github ? { github } : {}),
            ...(run ? { run } : {}),
        });
        if (flags.json)
            process.stdout.write(`${JSON.stringify(promotionJson(result), null, 2)}\n`);
        logger.info(`digest: ${result.digest}`);
        logger.info(`image-ref: ${result.imageRef}`);
        logger.info(`promoted-tags: ${result.tags.join(',')}`);
        logger.info(`source-sha: ${result.sourceSha}${result.pr !== null ? ` (PR #${result.pr})` : ''}`);
        logger.info(`took ${result.durationMs} ms`);
        if (result.recordError) {
            logger.error(result.recordError.message);
            return errors/* ExitCode */.yU.Infrastructure;
        }
        return errors/* ExitCode */.yU.Ok;
    }
    catch (error) {
        if (flags.json && error instanceof errors/* RefusalError */.XQ)
            process.stdout.write(`${JSON.stringify({ promoted: false, reason: error.reason, message: error.message }, null, 2)}\n`);
        logger.error(`${error instanceof errors/* RefusalError */.XQ ? 'promotion refused: ' : ''}${(0,errors/* errorMessage */.gJ)(error)}`);
        return (0,errors/* exitCodeOf */.FO)(error);
    }
}


/***/ })

};
