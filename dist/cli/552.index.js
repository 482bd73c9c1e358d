export const id = 552;
export const ids = [552];
export const modules = {

/***/ 97840:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   E9: () => (/* binding */ parseDuration),
/* harmony export */   a3: () => (/* binding */ formatDuration),
/* harmony export */   ty: () => (/* binding */ parseOlderThan)
/* harmony export */ });
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87206);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90131);
// Durations in the config are `<integer><unit>` with unit ms, s, m or h (`500ms`, `90s`, `2m`, `1h`).


const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
/** Parses `90s`, `2m`, `1h`, `500ms` into milliseconds; throws on anything else. */
function parseDuration(s) {
    const match = _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .DURATION */ .ft.exec(s.trim());
    if (!match)
        throw new Error(`invalid duration ${JSON.stringify(s)}: expected a duration like 90s, 2m or 1h`);
    const [, amount, unit] = match;
    return Number(amount) * UNIT_MS[unit];
}
/** `--older-than` / the `older-than` input: undefined when empty, else a duration in ms (UsageError otherwise). */
function parseOlderThan(value) {
    if (value === undefined || value === '')
        return undefined;
    try {
        return parseDuration(value);
    }
    catch {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UsageError */ .eb(`--older-than expects a duration like 90s, 2m, 24h (got "${value}")`);
    }
}
/** Formats milliseconds for humans: `500ms`, `1.5s`, `42s`, `2m`, `1m30s`, `1h5m`. */
function formatDuration(ms) {
    if (!Number.isFinite(ms))
        return String(ms);
    if (ms < 0)
        return `-${formatDuration(-ms)}`;
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000) {
        const seconds = Math.round(ms / 100) / 10;
        return seconds < 60 ? `${seconds}s` : '1m';
    }
    const totalSeconds = Math.round(ms / 1000);
    const h = Math.floor(totalSeconds / 3600);
    const m = Math.floor((totalSeconds % 3600) / 60);
    const s = totalSeconds % 60;
    return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}


/***/ }),

/***/ 24740:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P4: () => (/* binding */ validateCheckReferences),
/* harmony export */   ZK: () => (/* binding */ validateReferences),
/* harmony export */   Zo: () => (/* binding */ BUILD_VARIABLES),
/* harmony export */   b8: () => (/* binding */ expandCheck),
/* harmony export */   gz: () => (/* binding */ endpointVariable),
/* harmony export */   kL: () => (/* binding */ checkVariables),
/* harmony export */   q6: () => (/* binding */ buildVariables),
/* harmony export */   qt: () => (/* binding */ expandBuildFields)
/* harmony export */ });
/* unused harmony exports BUILTIN_VARIABLES, references, expand */
/* harmony import */ var _model_secrets_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(15780);

/** Variables every check gets, besides BUILD_VARIABLES and one IMMUTABLE_QA_ENDPOINT_<NAME> per declared endpoint. */
const BUILTIN_VARIABLES = [
    'IMMUTABLE_QA_IMAGE',
    'IMMUTABLE_QA_DIGEST',
    'IMMUTABLE_QA_PROJECT',
    'IMMUTABLE_QA_NETWORK',
];
/**
 * Variables image.build-args may use, and checks and the compose file see too: the commit the
 * results are for, its PR and ref ('' when none).
 */
const BUILD_VARIABLES = ['IMMUTABLE_QA_SHA', 'IMMUTABLE_QA_PR', 'IMMUTABLE_QA_REF'];
/** BUILD_VARIABLES' values for a run. */
function buildVariables(run) {
    return {
        IMMUTABLE_QA_SHA: run.sha,
        IMMUTABLE_QA_PR: run.pr === undefined ? '' : String(run.pr),
        IMMUTABLE_QA_REF: run.ref ?? '',
    };
}
const ENDPOINT_PREFIX = 'IMMUTABLE_QA_ENDPOINT_';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `web` → `IMMUTABLE_QA_ENDPOINT_WEB`, `api-v2` → `IMMUTABLE_QA_ENDPOINT_API_V2`. */
function endpointVariable(endpoint) {
    return ENDPOINT_PREFIX + endpoint.toUpperCase().replace(/-/g, '_');
}
function tokenize(text) {
    const tokens = [];
    let literal = '';
    let i = 0;
    while (i < text.length) {
        const c = text[i];
        if (c === '$' && text[i + 1] === '$') {
            literal += '$';
            i += 2;
        }
        else if (c === '$' && text[i + 1] === '{') {
            const close = text.indexOf('}', i + 2);
            if (close < 0) {
                if (literal)
                    tokens.push({ kind: 'text', text: literal });
                tokens.push({ kind: 'open' });
                literal = text.slice(i);
                break;
            }
            if (literal)
                tokens.push({ kind: 'text', text: literal });
            literal = '';
            tokens.push({ kind: 'ref', name: text.slice(i + 2, close), raw: text.slice(i, close + 1) });
            i = close + 1;
        }
        else {
            literal += c;
            i += 1;
        }
    }
    if (literal)
        tokens.push({ kind: 'text', text: literal });
    return tokens;
}
/** The names referenced as `${NAME}` in text (in order, with repeats; `$${X}` is not a reference). */
function references(text) {
    return tokenize(text).flatMap((t) => (t.kind === 'ref' ? [t.name] : []));
}
/**
 * Substitutes `${NAME}` from vars; `$$` becomes `$`; a `$` before anything else stays as is. The result
 * is not scanned again. Throws when a referenced name is not in vars (validateReferences prevents that).
 */
function expand(text, vars) {
    let out = '';
    for (const token of tokenize(text)) {
        if (token.kind === 'text')
            out += token.text;
        else if (token.kind === 'ref') {
            const value = Object.hasOwn(vars, token.name) ? vars[token.name] : undefined;
            if (value === undefined)
                throw new Error(`no value for ${token.raw}`);
            out += value;
        }
    }
    return out;
}
/** The variables of one check: base (built-ins and endpoints) plus the check's env, expanded against base. */
function checkVariables(check, base) {
    const vars = { ...base };
    for (const [key, value] of Object.entries(check.env))
        vars[key] = expand(value, base);
    return vars;
}
/**
 * A copy of the check with every expanded field substituted: env values against base, then
 * http.url, http.headers values, http.body and load.url against base plus the expanded env.
 */
function expandCheck(check, base) {
    const vars = checkVariables(check, base);
    const env = Object.fromEntries(Object.keys(check.env).map((key) => [key, vars[key] ?? '']));
    const out = { ...check, env };
    if (check.http) {
        out.http = {
            ...check.http,
            url: expand(check.http.url, vars),
            headers: Object.fromEntries(Object.entries(check.http.headers).map(([k, v]) => [k, expand(v, vars)])),
            body: check.http.body === undefined ? undefined : expand(check.http.body, vars),
        };
    }
    if (check.load)
        out.load = { ...check.load, url: expand(check.load.url, vars) };
    return out;
}
/** Checks every `${NAME}` in the expanded fields against the names that will exist at run time. */
function validateReferences(config) {
    const endpoints = Object.keys(config.environment.endpoints);
    return [
        ...buildReferences(config.image ?? { buildArgs: {} }),
        ...config.checks.flatMap((check, index) => validateCheckReferences(check, index, endpoints)),
    ];
}
/** The build fields with BUILD_VARIABLES substituted (validateReferences has checked every name). */
function expandBuildFields(image, vars) {
    const map = (m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, expand(v, vars)]));
    return {
        ...image,
        buildArgs: map(image.buildArgs),
        ...(image.labels ? { labels: map(image.labels) } : {}),
        ...(image.cacheFrom ? { cacheFrom: image.cacheFrom.map((s) => expand(s, vars)) } : {}),
        ...(image.cacheTo ? { cacheTo: image.cacheTo.map((s) => expand(s, vars)) } : {}),
    };
}
/**
 * `${NAME}` in image.build-args, labels, cache-from and cache-to: only BUILD_VARIABLES (GITHUB_SHA
 * & co. are not passed through).
 */
function buildReferences(image) {
    const allowed = BUILD_VARIABLES;
    const problems = [];
    const fields = [
        ...Object.entries(image.buildArgs).map(([key, value]) => ({
            path: ['image', 'build-args', key],
            value,
            what: 'build args',
        })),
        ...Object.entries(image.labels ?? {}).map(([key, value]) => ({
            path: ['image', 'labels', key],
            value,
            what: 'labels',
        })),
        ...(image.cacheFrom ?? []).map((value, i) => ({
            path: ['image', 'cache-from', i],
            value,
            what: 'caches',
        })),
        ...(image.cacheTo ?? []).map((value, i) => ({ path: ['image', 'cache-to', i], value, what: 'caches' })),
    ];
    for (const { path, value, what } of fields) {
        for (const token of tokenize(value)) {
            if (token.kind === 'open')
                problems.push({
                    path,
                    message: 'unterminated "${": close it with "}" or write "$$" for a literal "$"',
                });
            else if (token.kind === 'ref' && !allowed.includes(token.name))
                problems.push({
                    path,
                    message: `unknown variable ${token.raw}: ${what} may use ${allowed.map((n) => `\${${n}}`).join(', ')} (the commit, PR and ref of the run); write "$$" for a literal "$"`,
                    needle: token.raw,
                });
        }
    }
    return problems;
}
/** validateReferences for one check (checks[index]), given the declared endpoint names. */
function validateCheckReferences(check, index, endpoints) {
    const base = [...BUILTIN_VARIABLES, ...BUILD_VARIABLES, ...endpoints.map(endpointVariable)];
    const problems = [];
    if (check.run !== undefined)
        problems.push(...runReferences(check.run, index, endpoints, Object.keys(check.env)));
    {
        const envKeys = Object.keys(check.env);
        const inCheck = [...base, ...envKeys.filter((k) => !base.includes(k))];
        const fields = [];
        for (const [key, value] of Object.entries(check.env)) {
            // An env value may also ask for a withheld runner variable by name (model/secrets.ts).
            fields.push({
                path: ['checks', index, 'env', key],
                text: value,
                allowed: [...base, ..._model_secrets_js__WEBPACK_IMPORTED_MODULE_0__/* .PASSABLE */ .Qb],
                inEnv: true,
            });
        }
        if (check.http) {
            const http = ['checks', index, 'http'];
            fields.push({ path: [...http, 'url'], text: check.http.url, allowed: inCheck, inEnv: false });
            for (const [key, value] of Object.entries(check.http.headers)) {
                fields.push({ path: [...http, 'headers', key], text: value, allowed: inCheck, inEnv: false });
            }
            if (check.http.body !== undefined) {
                fields.push({ path: [...http, 'body'], text: check.http.body, allowed: inCheck, inEnv: false });
            }
        }
        if (check.load) {
            fields.push({
                path: ['checks', index, 'load', 'url'],
                text: check.load.url,
                allowed: inCheck,
                inEnv: false,
            });
        }
        for (const field of fields) {
            for (const token of tokenize(field.text)) {
                if (token.kind === 'open') {
                    problems.push({
                        path: field.path,
                        message: 'unterminated "${": close it with "}" or write "$$" for a literal "$"',
                    });
                    continue;
                }
                if (token.kind !== 'ref' || field.allowed.includes(token.name))
                    continue;
                problems.push({
                    path: field.path,
                    message: unknownMessage(token.name, token.raw, field, endpoints, envKeys),
                });
            }
        }
    }
    return problems;
}
function unknownMessage(name, raw, field, endpoints, envKeys) {
    const available = `available: ${field.allowed.map((n) => `\${${n}}`).join(', ')}`;
    if (!NAME.test(name)) {
        return `${raw} is not a variable name (letters, digits and _); write "$$" for a literal "$" (${available})`;
    }
    if (field.inEnv && envKeys.includes(name)) {
        return `${raw}: env values cannot refer to other env keys, only to IMMUTABLE_QA_* variables (${available})`;
    }
    if (name.startsWith(ENDPOINT_PREFIX)) {
        const declared = endpoints.length ? endpoints.map((e) => `"${e}"`).join(', ') : 'none';
        return `unknown variable ${raw}: no such endpoint in environment.endpoints (declared: ${declared})`;
    }
    return `unknown variable ${raw} (${available}); write "$$" for a literal "$"`;
}
/**
 * `$IMMUTABLE_QA_ENDPOINT_X` / `${IMMUTABLE_QA_ENDPOINT_X…}` in a run script for an endpoint X that
 * is not declared: the shell would expand it to nothing. (The shell reads the longest name, as here.)
 */
function runReferences(run, index, endpoints, envKeys) {
    const known = new Set([...endpoints.map(endpointVariable), ...envKeys]);
    const problems = [];
    const seen = new Set();
    for (const match of run.matchAll(/\$\{?(IMMUTABLE_QA_ENDPOINT_[A-Za-z0-9_]*)/g)) {
        const name = match[1];
        if (known.has(name) || seen.has(name))
            continue;
        seen.add(name);
        const declared = endpoints.length
            ? endpoints.map((e) => `"${e}" (\${${endpointVariable(e)}})`).join(', ')
            : 'none';
        problems.push({
            path: ['checks', index, 'run'],
            message: `unknown variable $${name}: no such endpoint in environment.endpoints (declared: ${declared}); the shell would expand it to an empty string`,
            needle: match[0],
        });
    }
    return problems;
}


/***/ }),

/***/ 62164:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  wg: () => (/* reexport */ findRoot),
  Z9: () => (/* binding */ loadConfig)
});

// UNUSED EXPORTS: parseConfig

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/model/errors.ts
var errors = __webpack_require__(87206);
;// CONCATENATED MODULE: ./src/model/results.ts
// The one result model every phase and check produces; reporters (log, summary, check runs,
// PR comment, QA record) consume only this.
/** The four kinds of check; a config check has exactly one of these keys. */
const CHECK_KINDS = ['run', 'http', 'load', 'drift'];

// EXTERNAL MODULE: ./src/config/duration.ts
var duration = __webpack_require__(97840);
;// CONCATENATED MODULE: ./src/config/checks.ts
// A validated check spec becomes the Check the handlers take: tagged with the kind of its one kind key,
// timeout in ms, report paths resolved. One place, so the loader and tests build checks the same way.


/**
 * The typed check of a spec that passed the schema and the one-kind rule (load.ts reports a spec
 * with none or several of run/http/load/drift before it gets here). `fromRoot` resolves report paths.
 */
function toCheck({ run, http, load, drift, ...spec }, fromRoot = (p) => p) {
    const common = {
        ...spec,
        timeoutMs: (0,duration/* parseDuration */.E9)(spec.timeout),
        reports: {
            ...spec.reports,
            junit: spec.reports.junit.map(fromRoot),
            sarif: spec.reports.sarif.map(fromRoot),
        },
    };
    if (run !== undefined)
        return { ...common, kind: 'run', run };
    if (http !== undefined)
        return { ...common, kind: 'http', http };
    if (load !== undefined)
        return { ...common, kind: 'load', load };
    if (drift !== undefined)
        return { ...common, kind: 'drift', drift };
    throw new Error(`check "${spec.name}" has none of ${CHECK_KINDS.join(', ')}`);
}

// EXTERNAL MODULE: ./src/config/expand.ts
var expand = __webpack_require__(24740);
// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 17 modules
var schemas = __webpack_require__(38816);
// EXTERNAL MODULE: ./src/model/suggest.ts
var suggest = __webpack_require__(2691);
// EXTERNAL MODULE: ./src/config/schema.ts
var config_schema = __webpack_require__(90131);
;// CONCATENATED MODULE: ./src/config/issues.ts
// The wording of config problems: zod issues become `path: what to fix (got …)` with "did you mean"
// for unknown keys; problems become the `file:line:col: …` lines of one ConfigurationError.





/** One line per problem, in source order, duplicates dropped: the ConfigurationError to throw. */
function configurationError(problems, shown, locate) {
    return new errors/* ConfigurationError */.j1(problemLines(problems, shown, locate).join('\n'));
}
/** `file:line:col: message` per problem (or warning), in source order, duplicates dropped. */
function problemLines(problems, shown, locate) {
    const lines = [...problems]
        .sort((a, b) => a.offset - b.offset)
        .map((p) => {
        const { line, col } = locate.position(p.offset);
        return `${shown}:${line}:${col}: ${p.message}`;
    });
    return [...new Set(lines)];
}
/** The zod issue as problems (an invalid union reports the branch that matched the shape). */
function reportIssue(issue, prefix, data, locate, problems) {
    const p = [...prefix, ...issue.path];
    const value = valueAt(data, p);
    const where = formatPath(p);
    const push = (message, key = false, at = p) => {
        problems.push({ offset: key ? locate.key(at) : locate.value(at), message });
    };
    const custom = isCustomMessage(issue.message) ? issue.message : undefined;
    if (issue.code === 'unrecognized_keys') {
        const allowed = allowedKeys(p);
        for (const key of issue.keys) {
            const suggestion = (0,suggest/* closest */.k)(key, allowed);
            push(`${formatPath([...p, key])}: unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ` +
                `allowed keys ${p.length ? `in ${where}` : 'at the top level'}: ${allowed.join(', ')}`, true, [...p, key]);
        }
        return;
    }
    if (value === undefined && p.length > 0 && isRecord(valueAt(data, p.slice(0, -1)))) {
        const parent = p.slice(0, -1);
        const key = String(p[p.length - 1]);
        const where2 = parent.length ? `under ${formatPath(parent)}` : 'at the top level';
        push(`${where}: required key "${key}" is missing; add it ${where2}${custom ? `: ${custom}` : ''}`, false, parent);
        return;
    }
    switch (issue.code) {
        case 'invalid_type':
            push(`${where}: ${custom ?? `expected ${typeName(issue.expected)}`} (got ${describe(value)})`);
            return;
        case 'invalid_union': {
            // A branch whose issues are all deeper than the union itself matched the shape: report those.
            const matched = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.path.length > 0));
            if (matched) {
                for (const inner of matched)
                    reportIssue(inner, p, data, locate, problems);
                return;
            }
            const expected = [
                ...new Set(issue.errors.flat().flatMap((i) => (i.code === 'invalid_type' ? [typeName(i.expected)] : []))),
            ];
            const what = custom ?? (expected.length ? `expected ${expected.join(' or ')}` : 'invalid value');
            push(`${where}: ${what} (got ${describe(value)})`);
            return;
        }
        case 'invalid_value':
            push(`${where}: ${custom ?? `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`} (got ${describe(value)})`);
            return;
        case 'invalid_format':
            push(`${where}: ${custom ?? issue.message.replace(/^Invalid string: /, '')} (got ${describe(value)})`);
            return;
        case 'too_small':
        case 'too_big':
            push(`${where}: ${custom ?? sizeMessage(issue)} (got ${describe(value)})`);
            return;
        case 'invalid_key': {
            const reasons = issue.issues
                .map((i) => (isCustomMessage(i.message) ? i.message : 'invalid key'))
                .join('; ');
            push(`${where}: invalid key "${String(p[p.length - 1])}": ${reasons}`, true);
            return;
        }
        default:
            push(`${where}: ${issue.message}`);
    }
}
function sizeMessage(issue) {
    const small = issue.code === 'too_small';
    const bound = small
        ? issue.minimum
        : issue.maximum;
    const inclusive = issue.inclusive !== false;
    switch (issue.origin) {
        case 'array':
        case 'set':
            return small ? `needs at least ${bound} item(s)` : `allows at most ${bound} item(s)`;
        case 'string':
            return small
                ? Number(bound) <= 1
                    ? 'must not be empty'
                    : `needs at least ${bound} characters`
                : `allows at most ${bound} characters`;
        default:
            return `expected a number ${small ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<'} ${bound}`;
    }
}
function isCustomMessage(message) {
    return !/^(Invalid|Too (small|big)|Unrecognized|Expected)/.test(message);
}
function typeName(expected) {
    const names = {
        object: 'a mapping',
        array: 'a list',
        string: 'a string',
        number: 'a number',
        int: 'an integer',
        boolean: 'true or false',
        null: 'an empty value',
    };
    return names[expected] ?? expected;
}
function describe(value) {
    if (value === undefined || value === null)
        return 'an empty value';
    if (typeof value === 'string')
        return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
    if (Array.isArray(value))
        return 'a list';
    if (typeof value === 'object')
        return 'a mapping';
    return String(value);
}
/** Keys allowed by the schema at a config path (for unknown-key messages). */
function allowedKeys(p) {
    let schema = config_schema/* configSchema */.Qn;
    for (const segment of p) {
        schema = schema && unwrap(schema);
        if (schema instanceof schemas/* ZodObject */.bvH)
            schema = schema.shape[String(segment)];
        else if (schema instanceof schemas/* ZodArray */.naA)
            schema = schema.element;
        else if (schema instanceof schemas/* ZodRecord */.b8S)
            schema = schema.valueType;
        else
            schema = undefined;
    }
    schema = schema && unwrap(schema);
    return schema instanceof schemas/* ZodObject */.bvH ? Object.keys(schema.shape) : [];
}
function unwrap(schema) {
    for (;;) {
        if (schema instanceof schemas/* ZodDefault */.XiL || schema instanceof schemas/* ZodOptional */.IiU)
            schema = schema.unwrap();
        else if (schema instanceof schemas/* ZodPipe */.utH)
            schema = schema.in;
        else if (schema instanceof schemas/* ZodUnion */.fZ7) {
            const options = schema.options;
            const shaped = options.find((o) => o instanceof schemas/* ZodObject */.bvH || o instanceof schemas/* ZodArray */.naA);
            if (!shaped)
                return schema;
            schema = shaped;
        }
        else
            return schema;
    }
}
/** `checks[1].timeout`, `environment.endpoints["my endpoint"]`; the empty path is `(top level)`. */
function formatPath(p) {
    let out = '';
    for (const segment of p) {
        if (typeof segment === 'number')
            out += `[${segment}]`;
        else {
            const key = String(segment);
            out += /^[A-Za-z_][\w-]*$/.test(key) ? (out ? `.${key}` : key) : `[${JSON.stringify(key)}]`;
        }
    }
    return out || '(top level)';
}
/** The config file as messages show it: relative to cwd when inside it. */
function displayPath(file, cwd) {
    const relative = external_node_path_default().relative(cwd, file);
    return relative && !relative.startsWith('..') && !external_node_path_default().isAbsolute(relative) ? relative : file;
}
function firstLine(message) {
    return message.split('\n')[0].trim();
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function valueAt(data, p) {
    let current = data;
    for (const segment of p) {
        if (Array.isArray(current) && typeof segment === 'number')
            current = current[segment];
        else if (isRecord(current))
            current = Object.hasOwn(current, String(segment)) ? current[String(segment)] : undefined;
        else
            return undefined;
    }
    return current;
}

;// CONCATENATED MODULE: ./src/config/encoding.ts
// The config file's bytes as text: UTF-8 only (a byte-order mark is dropped), decoded strictly so a
// Latin-1 or UTF-16 file is a config error naming the first bad byte instead of mis-decoded text.
const BOM = [0xef, 0xbb, 0xbf];
/** Strict UTF-8 decoding (TextDecoder fatal); a leading BOM is not part of the text. */
function decodeUtf8(bytes) {
    const bom = BOM.every((b, i) => bytes[i] === b) ? BOM.length : 0;
    const body = bytes.subarray(bom);
    try {
        return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
    }
    catch {
        const offset = firstInvalidUtf8(body);
        return { badOffset: bom + offset, byte: body[offset] ?? 0 };
    }
}
/**
 * Offset of the first byte that starts (or truncates) an ill-formed UTF-8 sequence, or -1 (the
 * well-formed table of the Unicode standard, §3.9 D92: no overlongs, no surrogates, at most U+10FFFF).
 */
function firstInvalidUtf8(bytes) {
    let i = 0;
    while (i < bytes.length) {
        const b = bytes[i];
        if (b < 0x80) {
            i += 1;
            continue;
        }
        let length;
        let low = 0x80;
        let high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf)
            length = 2;
        else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b === 0xe0)
                low = 0xa0;
            if (b === 0xed)
                high = 0x9f;
        }
        else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b === 0xf0)
                low = 0x90;
            if (b === 0xf4)
                high = 0x8f;
        }
        else
            return i;
        for (let k = 1; k < length; k++) {
            const c = bytes[i + k];
            const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
            if (c === undefined || c < min || c > max)
                return i;
        }
        i += length;
    }
    return -1;
}
/** Text with a leading U+FEFF (a BOM that survived decoding elsewhere) removed. */
function withoutBom(text) {
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./src/config/locate.ts
// Where a config path sits in the YAML source: yaml's CST ranges give offsets, its LineCounter turns
// them into the 1-based line:col every config message starts with.

/** Parses YAML text keeping positions (duplicate keys are errors); the document and its locator. */
function parseYaml(text) {
    const lineCounter = new dist/* LineCounter */.HN();
    const doc = (0,dist/* parseDocument */.Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    return { doc, locate: new Locator(doc, lineCounter, text) };
}
/** Maps config paths onto offsets in the YAML source. */
class Locator {
    doc;
    lines;
    text;
    constructor(doc, lines, text = '') {
        this.doc = doc;
        this.lines = lines;
        this.text = text;
    }
    /** 1-based line and column of a source offset. */
    position(offset) {
        return this.lines.linePos(offset);
    }
    /**
     * Offset of the value at p, or of the deepest existing ancestor; with needle, of the first place
     * needle appears in that value's source text (e.g. one `${NAME}` inside a run script).
     */
    value(p, needle) {
        const { value, end } = this.walk(p);
        if (needle === undefined || end === undefined)
            return value;
        const index = this.text.slice(value, end).indexOf(needle);
        return index < 0 ? value : value + index;
    }
    /** Offset of the key of the last segment of p (falls back to the value). */
    key(p) {
        return this.walk(p).key;
    }
    walk(p) {
        let node = this.doc.contents;
        let value = start(node) ?? 0;
        let key = value;
        for (const segment of p) {
            node = this.resolve(node);
            let next;
            let keyNode;
            if ((0,dist/* isMap */.jh)(node)) {
                const pair = node.items.find((item) => (0,dist/* isPair */.tO)(item) && keyString(item.key) === String(segment));
                if (pair) {
                    keyNode = pair.key;
                    next = pair.value;
                }
            }
            else if ((0,dist/* isSeq */.oP)(node) && typeof segment === 'number') {
                next = node.items[segment];
                keyNode = next;
            }
            if (keyNode === undefined)
                break;
            key = start(keyNode) ?? value;
            const nextStart = start(next);
            // An empty value (`key:` with nothing after it) has no useful position: point at the key.
            value =
                nextStart !== undefined && !((0,dist/* isScalar */.jn)(next) && next.value === null && next.source === '')
                    ? nextStart
                    : key;
            node = next;
        }
        const end = node && typeof node === 'object' && 'range' in node ? node.range?.[1] : undefined;
        return { value, key, ...(end !== undefined ? { end } : {}) };
    }
    resolve(node) {
        return (0,dist/* isAlias */.Vj)(node) ? node.resolve(this.doc) : node;
    }
}
function keyString(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return String(key.value);
    return typeof key === 'string' ? key : undefined;
}
function start(node) {
    if (node && typeof node === 'object' && 'range' in node) {
        const range = node.range;
        if (range)
            return range[0];
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/config/rendered.ts
/** The config's problems against a rendered definition (none when it could not be rendered). */
function composeProblems(config, render) {
    if (render.kind === 'unavailable')
        return [];
    const files = config.environment.composeFiles;
    if (render.kind === 'invalid') {
        const index = render.fileIndex;
        const one = index !== undefined && files.length > 1;
        const path = one ? ['environment', 'compose', index] : ['environment', 'compose'];
        const which = one ? `compose file ${index + 1} of ${files.length}` : 'the compose files';
        return [
            {
                path,
                message: `compose cannot render ${which}: ${render.message}; ` +
                    'fix the file (a compose file is a YAML mapping with a "services:" key; `docker compose config` shows the same error)',
            },
        ];
    }
    const problems = [];
    const services = Object.keys(render.services);
    // The environment never builds (compose up --no-build): a service that builds something else
    // than the config's image, with no image to run instead, could never start.
    for (const [name, service] of Object.entries(render.services)) {
        const build = service.build;
        if (!build || build.image !== undefined)
            continue;
        if (build.context === config.image.context && build.dockerfile === config.image.dockerfile)
            continue;
        problems.push({
            path: ['environment', 'compose'],
            message: `service "${name}"${build.at ? ` (${build.at})` : ''} has build: (context ${build.context}, ${build.dockerfile}) but no image:, and the environment never builds: ` +
                `a service that builds image.context and image.dockerfile runs the tested image by itself; for this one add \`image: <a prebuilt image>\` under "${name}", ` +
                'or point image.context/dockerfile at what it builds (README "Config")',
        });
    }
    problems.push(...isolationProblems(config, render.services, render.shared ?? []));
    for (const [name, endpoint] of Object.entries(config.environment.endpoints)) {
        const at = ['environment', 'endpoints', name];
        const service = Object.hasOwn(render.services, endpoint.service)
            ? render.services[endpoint.service]
            : undefined;
        if (!service) {
            problems.push({
                path: [...at, 'service'],
                message: `endpoint "${name}": service "${endpoint.service}" is not in the compose definition ` +
                    `(services: ${services.length ? services.join(', ') : 'none'}); name one of them`,
            });
            continue;
        }
        const tcp = service.ports.filter((p) => p.protocol === 'tcp').map((p) => p.target);
        if (tcp.includes(endpoint.port))
            continue;
        const other = service.ports.some((p) => p.target === endpoint.port)
            ? ` (it publishes ${endpoint.port} only as ${service.ports.find((p) => p.target === endpoint.port)?.protocol})`
            : '';
        const published = tcp.length ? `it publishes ${[...new Set(tcp)].join(', ')}` : 'it publishes no ports';
        problems.push({
            path: [...at, 'port'],
            message: `endpoint "${name}": service "${endpoint.service}" does not publish port ${endpoint.port}${other}; ${published}: ` +
                `add \`ports: ["${endpoint.port}"]\` to the service or use one of its ports`,
        });
    }
    return problems;
}
const COMPOSE = ['environment', 'compose'];
const where = (at) => (at ? ` (${at})` : '');
/** A load check that starts its baseline beside the environment, on the same engine at the same time. */
function baselineCheck(config) {
    return config.checks.find((c) => c.kind === 'load' && c.load.baseline === 'last-promoted')?.name;
}
/** Fixed host ports of the rendered services, one per service and host port. */
function fixedPorts(services) {
    const out = [];
    for (const [service, rendered] of Object.entries(services)) {
        const seen = new Set();
        for (const port of rendered.ports) {
            if (port.published === undefined || seen.has(port.published))
                continue;
            seen.add(port.published);
            out.push({ service, port: { ...port, published: port.published } });
        }
    }
    return out;
}
function fixedPortMessage(service, port) {
    return (`service "${service}"${where(port.at)} publishes the fixed host port ${port.published} (for ${port.target}): ` +
        'two environments on one engine (two pull requests at once, a kept environment) cannot both bind it ' +
        `("port is already allocated"); write "${port.target}" instead: the engine picks a free host port, and endpoints are found from it`);
}
/**
 * Errors: what two environments on one engine cannot both have (the second fails to start, or
 * both share one volume's data and teardown leaves it): a fixed container_name, a volume or network
 * with a fixed name:, and a fixed host port when a load check's baseline runs beside the environment.
 */
function isolationProblems(config, services, shared) {
    const problems = [];
    for (const [name, service] of Object.entries(services)) {
        const fixed = service.containerName;
        if (!fixed)
            continue;
        problems.push({
            path: COMPOSE,
            message: `service "${name}"${where(fixed.at)} has container_name: ${fixed.name}: a container name exists once per engine, so a second environment ` +
                `(two pull requests at once, a kept one) fails with "Conflict. The container name "/${fixed.name}" is already in use"; ` +
                `drop container_name: (compose names the container per environment, and services reach it by its service name "${name}")`,
        });
    }
    for (const resource of shared) {
        if (resource.external)
            continue;
        const per = `${resource.kind === 'volume' ? 'a volume' : 'a network'} per environment`;
        problems.push({
            path: COMPOSE,
            message: `${resource.kind} "${resource.key}"${where(resource.at)} has name: ${resource.name}: every environment on the engine would ` +
                (resource.kind === 'volume'
                    ? 'share that one volume and its data, and teardown leaves it behind; '
                    : 'join that one network, so services of different pull requests reach each other by name; ') +
                `drop name: (compose then makes ${per}, <project>_${resource.key}, and teardown removes it with the environment)`,
        });
    }
    const baseline = baselineCheck(config);
    if (baseline !== undefined)
        for (const { service, port } of fixedPorts(services))
            problems.push({
                path: COMPOSE,
                message: `${fixedPortMessage(service, port)}. Here always: the load check "${baseline}" (baseline: last-promoted) starts a second environment from these files beside this one, which cannot bind it too`,
            });
    return problems;
}
/**
 * Warnings: what works for one environment at a time on an engine but not for two: a fixed host
 * port (a GitHub-hosted runner has one engine per job, so it works there, and a dev compose file
 * usually wants it; the collision, when it comes, is the environment phase's own message), and
 * external volumes and networks, which every environment shares and teardown never removes.
 */
function composeWarnings(config, render) {
    if (render.kind !== 'rendered')
        return [];
    const warnings = [];
    if (baselineCheck(config) === undefined)
        for (const { service, port } of fixedPorts(render.services))
            warnings.push({ path: COMPOSE, message: fixedPortMessage(service, port) });
    for (const resource of render.shared ?? []) {
        if (!resource.external)
            continue;
        warnings.push({
            path: COMPOSE,
            message: `${resource.kind} "${resource.key}"${where(resource.at)} is external (${resource.name}): every environment on the engine ` +
                (resource.kind === 'volume'
                    ? 'shares it and its data, and teardown never removes it; '
                    : 'joins it, so services of different pull requests reach each other by name; ') +
                'fine for something made once for all of them, else declare it without external: so each environment gets its own',
        });
    }
    return warnings;
}

;// CONCATENATED MODULE: ./src/config/repository.ts
// Local or registry mode, from image.repository alone. The same host rule as registry/reference.ts
// `isRegistryHost` (Docker's), restated here because config/ and registry/ are peer layers
// (scripts/check-layers.mjs); __tests__/config/repository.test.ts keeps the two in agreement.
/** `shop` → local; `ghcr.io/a/b`, `localhost:5000/shop`, `127.0.0.1:5000/x` → registry host (Docker's rule). */
function registryOf(repository) {
    const slash = repository.indexOf('/');
    if (slash < 0)
        return undefined;
    const first = repository.slice(0, slash);
    return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

// EXTERNAL MODULE: ./src/exec/exec.ts + 1 modules
var exec = __webpack_require__(42568);
;// CONCATENATED MODULE: ./src/config/root.ts
// The repository root a config belongs to: every path in the config (context, dockerfile, compose,
// reports) is relative to it (DESIGN.md "Config"). The only part of loading that runs a process.


/**
 * The repository root for a config file: the parent of `.github` when the file sits in a `.github`
 * directory, else the git top level of the file's directory, else that directory.
 */
async function findRoot(configFile) {
    const dir = external_node_path_default().dirname(external_node_path_default().resolve(configFile));
    if (external_node_path_default().basename(dir) === '.github')
        return external_node_path_default().dirname(dir);
    try {
        const result = await (0,exec/* exec */.m0)(['git', 'rev-parse', '--show-toplevel'], { cwd: dir, timeoutMs: 10_000 });
        const top = result.stdout.trim();
        if (result.code === 0 && top)
            return top;
    }
    catch {
        // no git: fall through
    }
    return dir;
}

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/model/secrets.ts
var secrets = __webpack_require__(15780);
;// CONCATENATED MODULE: ./src/config/rules.ts
// Rules zod cannot express: unique and unreserved check names, exactly one kind per check, compose
// files that exist, paths (context, dockerfile, compose, report globs) that stay inside the repository. They run on the raw data, so they are reported together with the schema's issues.








/** Rules zod cannot express; they run on the raw data so they are reported along with schema issues. */
function structuralRules(data, root, at) {
    const checks = data.checks;
    if (Array.isArray(checks)) {
        const seen = new Map();
        checks.forEach((check, index) => {
            if (!isRecord(check))
                return;
            const name = typeof check.name === 'string' ? check.name : undefined;
            const label = name !== undefined ? `check "${name}"` : `check #${index + 1}`;
            if (name !== undefined && config_schema/* RESERVED_CHECK_NAMES */.v5.includes(name)) {
                at(['checks', index, 'name'], `checks[${index}].name: "${name}" is a reserved name (${config_schema/* RESERVED_CHECK_NAMES */.v5.join(', ')} are the phase and overall check runs); rename the check, e.g. "${name}-check"`);
            }
            else if (name !== undefined) {
                const first = seen.get(name);
                if (first !== undefined) {
                    at(['checks', index, 'name'], `checks[${index}].name: duplicate check name "${name}" (already used by checks[${first}]); give every check a unique name`);
                }
                else
                    seen.set(name, index);
            }
            const kinds = CHECK_KINDS.filter((k) => k in check);
            if (kinds.length !== 1) {
                const has = kinds.length === 0 ? 'it has none' : `it has ${kinds.join(' and ')}`;
                const where = kinds.length === 0 ? ['checks', index] : ['checks', index, kinds[1]];
                at(where, `${formatPath(where)}: ${label} must have exactly one of run, http, load, drift (${has})`, kinds.length > 1);
            }
        });
    }
    const environment = data.environment;
    if (isRecord(environment)) {
        const compose = environment.compose;
        const files = typeof compose === 'string'
            ? [{ file: compose, where: ['environment', 'compose'] }]
            : Array.isArray(compose)
                ? compose.flatMap((f, i) => typeof f === 'string' ? [{ file: f, where: ['environment', 'compose', i] }] : [])
                : [];
        for (const { file, where } of files) {
            if (!file)
                continue;
            const resolved = external_node_path_default().resolve(root, file);
            const escape = escapes(root, file);
            if (escape) {
                at(where, `${formatPath(where)}: compose file "${file}" ${escape}`);
                continue;
            }
            let problem;
            try {
                const stat = (0,external_node_fs_.statSync)(resolved);
                if (stat.isDirectory())
                    problem = `is a directory: name the compose file in it, e.g. "${external_node_path_default().posix.join(file.replace(/\/+$/, ''), 'compose.yml')}"`;
                else if (!stat.isFile())
                    problem = 'is not a file';
            }
            catch {
                problem = 'does not exist';
            }
            if (problem) {
                at(where, `${formatPath(where)}: compose file "${file}" ${problem} (looked for ${resolved}; paths are relative to the repository root ${root})`);
                continue;
            }
            const unknown = composeVariables(resolved).filter((name) => !COMPOSE_VARIABLES.includes(name));
            if (unknown.length)
                at(where, `${formatPath(where)}: compose file "${file}" uses ${unknown.map((n) => `\${${n}}`).join(', ')}, which compose never gets: ` +
                    `it interpolates only ${COMPOSE_VARIABLES.map((n) => `\${${n}}`).join(', ')} of ours (endpoints exist only after the environment started; checks get them)`);
        }
    }
    imagePaths(data.image, root, at);
    buildRules(data.image, at);
    engineRules(data, at);
    signingRules(data, root, at);
    if (Array.isArray(checks))
        needsRules(checks, at);
    if (Array.isArray(checks)) {
        checks.forEach((check, index) => {
            const reports = isRecord(check) ? check.reports : undefined;
            if (!isRecord(reports))
                return;
            for (const kind of ['junit', 'sarif']) {
                const value = reports[kind];
                const patterns = typeof value === 'string'
                    ? [{ pattern: value, where: ['checks', index, 'reports', kind] }]
                    : Array.isArray(value)
                        ? value.flatMap((v, i) => typeof v === 'string' ? [{ pattern: v, where: ['checks', index, 'reports', kind, i] }] : [])
                        : [];
                for (const { pattern, where } of patterns) {
                    const escape = escapes(root, pattern);
                    if (escape)
                        at(where, `${formatPath(where)}: report pattern "${pattern}" ${escape}`);
                }
            }
        });
    }
}
/** checks[].needs: names of other checks, and no cycle (a check that waits for itself never runs). */
function needsRules(checks, at) {
    const names = checks.map((c) => (isRecord(c) && typeof c.name === 'string' ? c.name : undefined));
    const edges = new Map();
    checks.forEach((check, index) => {
        if (!isRecord(check) || !Array.isArray(check.needs))
            return;
        const name = names[index];
        const needs = [];
        check.needs.forEach((need, j) => {
            if (typeof need !== 'string')
                return;
            const where = ['checks', index, 'needs', j];
            if (need === name)
                at(where, `${formatPath(where)}: check "${name}" cannot need itself`);
            else if (!names.includes(need))
                at(where, `${formatPath(where)}: no check is named "${need}" (checks: ${names.filter(Boolean).join(', ')})`);
            else
                needs.push(need);
        });
        if (name !== undefined)
            edges.set(name, needs);
    });
    // A cycle: follow needs depth-first; meeting a check on the current path closes one.
    const state = new Map();
    const visit = (name, path) => {
        if (state.get(name) === 'done')
            return undefined;
        if (state.get(name) === 'visiting')
            return [...path.slice(path.indexOf(name)), name];
        state.set(name, 'visiting');
        for (const need of edges.get(name) ?? []) {
            const cycle = visit(need, [...path, name]);
            if (cycle)
                return cycle;
        }
        state.set(name, 'done');
        return undefined;
    };
    for (const name of edges.keys()) {
        const cycle = visit(name, []);
        if (cycle) {
            const index = names.indexOf(cycle[0]);
            at(['checks', index, 'needs'], `checks[${index}].needs: a cycle, ${cycle.join(' → ')}: none of these checks could ever start; remove one of the needs`);
            return;
        }
    }
}
/**
 * environment.engine: another engine cannot see the image the runner built into its own, so the
 * tested digest reaches it through a registry.
 */
function engineRules(data, at) {
    const image = isRecord(data.image) ? data.image : undefined;
    const environment = isRecord(data.environment) ? data.environment : undefined;
    if (typeof image?.repository !== 'string' || registryOf(image.repository) !== undefined)
        return;
    if (environment?.backend === 'swarm')
        at(['environment', 'backend'], `environment.backend swarm needs a registry: every node of the swarm pulls the tested image, and in local mode ("${image.repository}" has no registry host) ` +
            "it exists on the runner's engine only. Set image.repository to a registry the nodes reach (e.g. ghcr.io/acme/shop), or use backend: compose");
    if (!isRecord(environment?.engine))
        return;
    at(['environment', 'engine'], `environment.engine needs a registry: the image is built on the runner's engine, and in local mode ("${image.repository}" has no registry host) ` +
        'it stays there, where the engine at environment.engine.host cannot pull it. Set image.repository to a registry both reach (e.g. ghcr.io/acme/shop), ' +
        'or remove environment.engine (DOCKER_HOST alone builds and runs on that one engine)');
}
/**
 * record.signing and promote.trust: signing needs a registry (local records are files), trust files
 * exist inside the repository, and keyless identities come with the trusted root that checks them.
 */
function signingRules(data, root, at) {
    const image = isRecord(data.image) ? data.image : undefined;
    const record = isRecord(data.record) ? data.record : undefined;
    const signing = record?.signing;
    if ((signing === 'key' || signing === 'keyless') &&
        typeof image?.repository === 'string' &&
        registryOf(image.repository) === undefined)
        at(['record', 'signing'], `record.signing: ${signing} needs a registry: in local mode ("${image.repository}" has no registry host) records are files in the checkout, ` +
            'which whoever could forge them could also `docker tag` around. Set image.repository to a registry (e.g. ghcr.io/acme/shop) or remove record.signing');
    // Keyless signing uses the job's OIDC token: a check holding it could sign verdicts as this workflow.
    const registryMode = typeof image?.repository === 'string' && registryOf(image.repository) !== undefined;
    if (signing === 'keyless' || (signing === undefined && registryMode)) {
        const checks = Array.isArray(data.checks) ? data.checks : [];
        checks.forEach((check, index) => {
            const env = isRecord(check) && isRecord(check.env) ? check.env : {};
            for (const [name, value] of Object.entries(env)) {
                const asked = /\$\{(ACTIONS_ID_TOKEN_REQUEST_(?:TOKEN|URL))\}/.exec(String(value))?.[1];
                if (asked)
                    at(['checks', index, 'env', name], `checks[${index}].env.${name}: a check cannot have \${${asked}} when record.signing is keyless (the default in registry mode): ` +
                        "with the job's OIDC token the code under test could sign a verdict as this workflow. Remove it, or sign with record.signing: key");
            }
        });
    }
    const promote = isRecord(data.promote) ? data.promote : undefined;
    const trust = isRecord(promote?.trust) ? promote.trust : undefined;
    if (!trust)
        return;
    const files = [];
    if (Array.isArray(trust.keys))
        trust.keys.forEach((key, i) => {
            if (typeof key === 'string' && key)
                files.push({ file: key, where: ['promote', 'trust', 'keys', i], what: 'public key' });
        });
    const trustedRoot = trust['trusted-root'];
    if (typeof trustedRoot === 'string' && trustedRoot)
        files.push({ file: trustedRoot, where: ['promote', 'trust', 'trusted-root'], what: 'trusted root' });
    for (const { file, where, what } of files) {
        const escape = escapes(root, file);
        if (escape) {
            at(where, `${formatPath(where)}: ${what} "${file}" ${escape}`);
            continue;
        }
        let isFile = false;
        try {
            isFile = (0,external_node_fs_.statSync)(external_node_path_default().resolve(root, file)).isFile();
        }
        catch {
            isFile = false;
        }
        if (!isFile)
            at(where, `${formatPath(where)}: ${what} "${file}" is not a file (looked for ${external_node_path_default().resolve(root, file)}; paths are relative to the repository root ${root})`);
    }
    if (Array.isArray(trust.identities) && trust.identities.length > 0 && trustedRoot === undefined)
        at(['promote', 'trust', 'identities'], 'promote.trust.identities: keyless verdicts are checked against a Sigstore trusted root: add promote.trust.trusted-root ' +
            '(e.g. `gh attestation trusted-root > .github/sigstore-trusted-root.jsonl`, committed and reviewed like this file)');
}
/** The IMMUTABLE_QA_* variables compose interpolates (pipeline/environment.ts environmentSpec). */
const COMPOSE_VARIABLES = [
    ...expand/* BUILD_VARIABLES */.Zo,
    'IMMUTABLE_QA_IMAGE',
    'IMMUTABLE_QA_DIGEST',
    'IMMUTABLE_QA_PROJECT',
];
/** The IMMUTABLE_QA_* names a compose file interpolates (`$NAME`, `${NAME…}`; `$$` is a literal `$`). */
function composeVariables(file) {
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(file, 'utf8');
    }
    catch {
        return [];
    }
    const names = new Set();
    for (const match of text.matchAll(/(\$+)\{?(IMMUTABLE_QA_[A-Za-z0-9_]+)/g))
        if (match[1].length % 2 === 1)
            names.add(match[2]);
    return [...names];
}
/**
 * image.platforms and image.secrets: several platforms need a registry (the local engine loads
 * one image of one platform: `--load` cannot take a multi-platform build); a secret cannot come
 * from what the action withholds from the code under test (its inputs, the runner's tokens, the
 * signing key), except the names a check may ask for too (model/secrets.ts PASSABLE).
 */
function buildRules(image, at) {
    if (!isRecord(image))
        return;
    const platforms = image.platforms;
    if (Array.isArray(platforms) &&
        platforms.length > 1 &&
        typeof image.repository === 'string' &&
        registryOf(image.repository) === undefined)
        at(['image', 'platforms'], `image.platforms: ${platforms.length} platforms need a registry: in local mode ("${image.repository}" has no registry host) ` +
            'the image is loaded into the local engine, which takes one platform per build (`docker buildx build --load`). ' +
            'List one platform, or set image.repository to a registry (e.g. ghcr.io/acme/shop) to push a multi-platform image');
    if (!isRecord(image.secrets))
        return;
    for (const [id, source] of Object.entries(image.secrets)) {
        if (typeof source !== 'string' || !(0,secrets/* isWithheld */.Ys)(source) || (0,secrets/* isPassable */.C_)(source))
            continue;
        at(['image', 'secrets', id], `${formatPath(['image', 'secrets', id])}: ${source} is withheld from the code under test (the action's inputs, ACTIONS_* runner tokens, ` +
            'registry credentials, the signing key): a build cannot have it either. Put the value in a variable of its own (env: on the step)');
    }
}
/** image.context must be a directory inside the repository, image.dockerfile a file inside it. */
function imagePaths(image, root, at) {
    if (!isRecord(image))
        return;
    const context = typeof image.context === 'string' ? image.context : '.';
    const contextEscape = escapes(root, context);
    if (contextEscape)
        at(['image', 'context'], `image.context: "${context}" ${contextEscape}`);
    else if (typeof image.context === 'string') {
        const resolved = external_node_path_default().resolve(root, context);
        let problem;
        try {
            if (!(0,external_node_fs_.statSync)(resolved).isDirectory())
                problem = `is a file, not a directory: context is the directory the image is built from (e.g. "${external_node_path_default().posix.dirname(context)}"); name the file with image.dockerfile`;
        }
        catch {
            problem = `does not exist (looked for ${resolved}; paths are relative to the repository root ${root})`;
        }
        if (problem)
            at(['image', 'context'], `image.context: "${context}" ${problem}`);
    }
    if (typeof image.dockerfile === 'string' && !contextEscape) {
        // The dockerfile is relative to the context; it must stay inside the repository too.
        const relative = external_node_path_default().relative(root, external_node_path_default().resolve(root, context, image.dockerfile));
        const escape = escapes(root, relative);
        if (escape)
            at(['image', 'dockerfile'], `image.dockerfile: "${image.dockerfile}" ${escape} (it is relative to image.context "${context}")`);
    }
}
/**
 * Why a config path or glob leaves the repository, or undefined: absolute paths and `..` that climb
 * above the root are refused (QA would read a host file into the build or the record), and so are
 * existing paths whose symbolic links lead outside it.
 */
function escapes(root, p) {
    const hint = 'leaves the repository: paths in the config are relative to the repository root and must stay inside it; ' +
        'use a path like "reports/junit.xml" (no leading "/", no ".." above the root)';
    if (external_node_path_default().isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p))
        return hint;
    const normalized = external_node_path_default().posix.normalize(p.replace(/\\/g, '/'));
    if (normalized === '..' || normalized.startsWith('../'))
        return hint;
    // The part before the first glob character exists on disk: follow its links.
    const fixed = normalized.split('/');
    const globAt = fixed.findIndex((segment) => /[*?[\]{}!]/.test(segment));
    const prefix = (globAt < 0 ? fixed : fixed.slice(0, globAt)).join('/');
    if (!prefix)
        return undefined;
    let real;
    let realRoot;
    try {
        real = (0,external_node_fs_.realpathSync)(external_node_path_default().resolve(root, prefix));
        realRoot = (0,external_node_fs_.realpathSync)(root);
    }
    catch {
        return undefined;
    }
    const inside = external_node_path_default().relative(realRoot, real);
    if (inside === '..' || inside.startsWith(`..${(external_node_path_default()).sep}`) || external_node_path_default().isAbsolute(inside))
        return `${hint} ("${prefix}" is a link to ${real})`;
    return undefined;
}

;// CONCATENATED MODULE: ./src/config/yaml-problems.ts
// YAML-level problems with what to do about them: a value with ": " in it that needs quotes, the
// name of a duplicate key, where an alias bomb is; and the source text of scalars that must stay
// strings (env values written as 8080, yes or 1.50 reach the check exactly as written).


/** How many alias expansions a config may hold (yaml's maxAliasCount); a real config needs a handful. */
const MAX_ALIAS_COUNT = 100;
/** The document's syntax errors as problems, with a hint where one helps. */
function syntaxProblems(doc, text) {
    return doc.errors.map((error) => {
        const offset = error.pos[0];
        const message = firstLine(error.message);
        if (error.code === 'DUPLICATE_KEY')
            return { offset, message: duplicateKeyMessage(doc, text, offset) };
        if (error.code === 'BLOCK_AS_IMPLICIT_KEY')
            return { offset, message: quoteHint(text, offset, message) };
        return { offset, message };
    });
}
function duplicateKeyMessage(doc, text, offset) {
    let found;
    (0,dist/* visit */.YR)(doc, {
        Map(_, map) {
            const pairs = map.items.filter(dist/* isPair */.tO);
            const index = pairs.findIndex((pair) => rangeStart(pair.key) === offset);
            if (index < 0)
                return undefined;
            const key = keyText(pairs[index].key);
            const first = pairs.slice(0, index).find((pair) => keyText(pair.key) === key);
            found = { key, ...(first ? { first: rangeStart(first.key) } : {}) };
            return dist/* visit */.YR.BREAK;
        },
    });
    if (!found)
        return 'duplicate key: every key of a mapping must be unique; remove or rename one';
    const where = found.first !== undefined ? ` (first set on line ${lineOf(text, found.first)})` : '';
    return `duplicate key "${found.key}"${where}: a key can appear once in a mapping; remove or merge one of them`;
}
/** `run: echo status: ok` → say to quote the value, showing the quoted line. */
function quoteHint(text, offset, message) {
    const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
    const lineEnd = text.indexOf('\n', offset);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd).replace(/\r$/, '');
    const match = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s+(\S.*?)\s*$/.exec(line);
    if (!match)
        return `${message}: a value that contains ": " must be quoted`;
    const [, , key, value] = match;
    return (`${message}: the value of "${key}" contains ": ", which YAML reads as a nested mapping; ` +
        `quote the value: ${key}: ${JSON.stringify(value)}`);
}
/** Where an alias bomb is: the first alias whose expansion alone exceeds the limit, else the largest. */
function aliasBomb(doc) {
    const expansions = new Map();
    const aliases = [];
    // The number of alias expansions a node holds, aliases within aliases counted each time.
    const inside = (node, depth) => {
        if (depth > 64 || !node || typeof node !== 'object')
            return 0;
        if ((0,dist/* isAlias */.Vj)(node)) {
            const target = node.resolve(doc);
            if (!target)
                return 1;
            let size = expansions.get(target);
            if (size === undefined) {
                size = inside(target, depth + 1);
                expansions.set(target, size);
            }
            return Math.min(Number.MAX_SAFE_INTEGER, 1 + size);
        }
        let total = 0;
        if ((0,dist/* isPair */.tO)(node))
            total = inside(node.key, depth + 1) + inside(node.value, depth + 1);
        else if ('items' in node && Array.isArray(node.items))
            for (const item of node.items)
                total += inside(item, depth + 1);
        return Math.min(Number.MAX_SAFE_INTEGER, total);
    };
    (0,dist/* visit */.YR)(doc, {
        Alias(_, alias) {
            aliases.push({ name: alias.source, offset: rangeStart(alias) ?? 0, size: inside(alias, 0) });
        },
    });
    const largest = aliases.reduce((best, a) => (best === undefined || a.size > best.size ? a : best), undefined);
    const culprit = aliases.find((a) => a.size > MAX_ALIAS_COUNT) ?? largest;
    const size = culprit ? ` *${culprit.name} expands to ${culprit.size.toLocaleString('en-US')} aliases;` : '';
    return {
        offset: culprit?.offset ?? 0,
        message: `too many alias expansions (a YAML "alias bomb"):${size} a config may expand at most ${MAX_ALIAS_COUNT} ` +
            'aliases in total: write the values out instead of nesting aliases',
    };
}
/**
 * Replaces the values of the string maps at paths (env, build-args, headers) that YAML read as
 * numbers, booleans or null with their source text: `PORT: 8080` → "8080", `RATIO: 1.50` → "1.50",
 * `DEBUG: yes` stays "yes", `EMPTY:` → "".
 */
function keepAsWritten(doc, data, paths) {
    for (const p of paths) {
        const target = yaml_problems_valueAt(data, p);
        const node = doc.getIn(p, true);
        if (!isRecord(target) || !(0,dist/* isMap */.jh)(node))
            continue;
        for (const pair of node.items) {
            if (!(0,dist/* isScalar */.jn)(pair.value) || typeof pair.value.value === 'string')
                continue;
            const key = keyText(pair.key);
            if (!Object.hasOwn(target, key))
                continue;
            const value = pair.value.value;
            if (value === null ||
                typeof value === 'number' ||
                typeof value === 'boolean' ||
                typeof value === 'bigint')
                target[key] = pair.value.source ?? (value === null ? '' : String(value));
        }
    }
}
function yaml_problems_valueAt(data, p) {
    let current = data;
    for (const segment of p) {
        if (Array.isArray(current) && typeof segment === 'number')
            current = current[segment];
        else if (isRecord(current))
            current = current[String(segment)];
        else
            return undefined;
    }
    return current;
}
function keyText(key) {
    if ((0,dist/* isScalar */.jn)(key))
        return String(key.value);
    return String(key);
}
function rangeStart(node) {
    if (node && typeof node === 'object' && 'range' in node)
        return node.range?.[0];
    return undefined;
}
function lineOf(text, offset) {
    let line = 1;
    for (let i = 0; i < offset && i < text.length; i++)
        if (text.charCodeAt(i) === 10)
            line += 1;
    return line;
}

;// CONCATENATED MODULE: ./src/config/load.ts
// Loads .github/immutable-qa.yml: YAML (with positions) → zod validation → extra rules → Config.
// Every problem becomes one line `file:line:col: path: what to fix`, all of them in one ConfigurationError
// (wording in issues.ts, positions in locate.ts, the extra rules in rules.ts, the root in root.ts).















/** The teardown surfaces find the repository root without loading a config. */

/** Reads, parses and validates the config file; throws a ConfigurationError listing every problem. */
async function loadConfig(file, options = {}) {
    const cwd = options.cwd ?? process.cwd();
    const absolute = external_node_path_default().resolve(cwd, file);
    let bytes;
    try {
        bytes = await (0,promises_.readFile)(absolute);
    }
    catch (error) {
        const code = error.code;
        const shown = displayPath(absolute, cwd);
        if (code === 'ENOENT') {
            throw new errors/* ConfigurationError */.j1(`${shown}: config file not found; create it (README "Config") or point --config at it`);
        }
        throw new errors/* ConfigurationError */.j1(`${shown}: cannot read the config file: ${error.message}`);
    }
    const decoded = decodeUtf8(bytes);
    if ('badOffset' in decoded)
        throw notUtf8(bytes, decoded, displayPath(absolute, cwd));
    const root = await findRoot(absolute);
    const { config, locate, shown } = parse(decoded.text, absolute, root, { cwd });
    if (!options.render)
        return config;
    const rendered = await options.render(config);
    if (rendered.kind === 'unavailable') {
        options.onUnrendered?.(rendered.reason);
        return config;
    }
    const located = (problem) => ({
        offset: problem.key ? locate.key(problem.path) : locate.value(problem.path, problem.needle),
        message: `${formatPath(problem.path)}: ${problem.message}`,
    });
    const warnings = composeWarnings(config, rendered).map(located);
    for (const line of problemLines(warnings, shown, locate))
        options.onWarning?.(line);
    const problems = composeProblems(config, rendered).map(located);
    if (problems.length)
        throw configurationError(problems, shown, locate);
    return config;
}
/** `file:line:col: not UTF-8 …` for the first byte that is not UTF-8 (line and col of the text before it). */
function notUtf8(bytes, bad, shown) {
    const before = withoutBom(new TextDecoder('utf-8').decode(bytes.subarray(0, bad.badOffset)));
    const lines = before.split('\n');
    const line = lines.length;
    const col = (lines[lines.length - 1] ?? '').length + 1;
    const hex = bad.byte.toString(16).toUpperCase().padStart(2, '0');
    return new errors/* ConfigurationError */.j1(`${shown}:${line}:${col}: the config file is not UTF-8: byte 0x${hex} at offset ${bad.badOffset} ` +
        '(a Latin-1 or UTF-16 file?); save it as UTF-8');
}
/** Parses and validates config text (no process is run; compose files are checked on disk against root). */
function parseConfig(text, file, root, options = {}) {
    return parse(text, file, root, options).config;
}
function parse(source, file, root, options) {
    const text = withoutBom(source);
    const cwd = options.cwd ?? process.cwd();
    const absolute = external_node_path_default().resolve(cwd, file);
    const shown = displayPath(absolute, cwd);
    const { doc, locate } = parseYaml(text);
    const fail = (problems) => {
        throw configurationError(problems, shown, locate);
    };
    if (doc.errors.length)
        fail(syntaxProblems(doc, text));
    let data;
    try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    catch (error) {
        const message = error.message;
        if (/alias count/i.test(message))
            fail([aliasBomb(doc)]);
        fail([{ offset: 0, message: `cannot read the YAML: ${firstLine(message)}` }]);
    }
    keepAsWritten(doc, data, stringMapPaths(data));
    const problems = [];
    const at = (p, message, key = false, needle) => {
        problems.push({ offset: key ? locate.key(p) : locate.value(p, needle), message });
    };
    if (!isRecord(data)) {
        at([], `expected a mapping with version, image, environment and checks (got ${describe(data)})`);
        return fail(problems);
    }
    const parsed = config_schema/* configSchema */.Qn.safeParse(data);
    if (!parsed.success) {
        for (const issue of parsed.error.issues)
            reportIssue(issue, [], data, locate, problems);
    }
    structuralRules(data, root, at);
    if (!parsed.success) {
        // Still report unknown ${NAME}s in every check that is valid on its own.
        const environment = isRecord(data.environment) ? data.environment : {};
        const endpoints = isRecord(environment.endpoints) ? Object.keys(environment.endpoints) : [];
        const checks = Array.isArray(data.checks) ? data.checks : [];
        checks.forEach((raw, index) => {
            const check = config_schema/* checkSchema */._U.safeParse(raw);
            if (!check.success)
                return;
            for (const problem of (0,expand/* validateCheckReferences */.P4)(check.data, index, endpoints)) {
                at(problem.path, `${formatPath(problem.path)}: ${problem.message}`, false, problem.needle);
            }
        });
    }
    if (!parsed.success || problems.length)
        return fail(problems);
    const config = build(parsed.data, absolute, root);
    for (const problem of (0,expand/* validateReferences */.ZK)(config))
        at(problem.path, `${formatPath(problem.path)}: ${problem.message}`, false, problem.needle);
    if (problems.length)
        return fail(problems);
    return { config, locate, shown };
}
/**
 * A `type=local` cache's relative src= / dest= made absolute from the repository root, as every
 * path of the config (buildx would resolve it from wherever the CLI was started). A spec with
 * quotes (buildx's CSV quoting) is left as written.
 */
function localCachePath(spec, root) {
    if (spec.includes('"'))
        return spec;
    const fields = spec.split(',');
    if (!fields.includes('type=local'))
        return spec;
    return fields
        .map((field) => {
        const match = /^(src|dest)=(.+)$/.exec(field);
        return match && !external_node_path_default().isAbsolute(match[2]) ? `${match[1]}=${external_node_path_default().resolve(root, match[2])}` : field;
    })
        .join(',');
}
/** The string maps whose values are read as written: image.build-args and labels, each check's env and http.headers. */
function stringMapPaths(data) {
    const checks = isRecord(data) && Array.isArray(data.checks) ? data.checks : [];
    return [
        ['image', 'build-args'],
        ['image', 'labels'],
        ...checks.flatMap((_, i) => [
            ['checks', i, 'env'],
            ['checks', i, 'http', 'headers'],
        ]),
    ];
}
function build(raw, file, root) {
    const context = external_node_path_default().resolve(root, raw.image.context);
    const registry = registryOf(raw.image.repository);
    const fromRoot = (p) => external_node_path_default().resolve(root, p);
    return {
        file,
        root,
        image: {
            repository: raw.image.repository,
            local: registry === undefined,
            ...(registry !== undefined ? { registry } : {}),
            context,
            dockerfile: external_node_path_default().resolve(context, raw.image.dockerfile),
            ...(raw.image.target !== undefined ? { target: raw.image.target } : {}),
            buildArgs: raw.image['build-args'],
            provenance: raw.image.provenance,
            platforms: raw.image.platforms,
            cacheFrom: raw.image['cache-from'].map((spec) => localCachePath(spec, root)),
            cacheTo: raw.image['cache-to'].map((spec) => localCachePath(spec, root)),
            labels: raw.image.labels,
            secrets: raw.image.secrets,
        },
        environment: {
            backend: raw.environment.backend,
            ...(raw.environment.engine !== undefined ? { engine: { host: raw.environment.engine.host } } : {}),
            composeFiles: raw.environment.compose.map(fromRoot),
            readyTimeoutMs: (0,duration/* parseDuration */.E9)(raw.environment['ready-timeout']),
            endpoints: raw.environment.endpoints,
        },
        checks: raw.checks.map((check) => toCheck(check, fromRoot)),
        record: {
            // Local mode keeps records as files in the checkout, beside the engine they describe: whoever
            // can write them can `docker tag` too, so a signature would prove nothing there.
            signing: raw.record.signing ?? (registry === undefined ? 'none' : 'keyless'),
            ...(raw.record.sigstore !== undefined ? { sigstore: raw.record.sigstore } : {}),
        },
        promote: {
            tags: raw.promote.tags,
            policy: raw.promote.policy,
            trust: {
                keys: raw.promote.trust.keys.map(fromRoot),
                identities: raw.promote.trust.identities.map((i) => ({
                    workflow: i.workflow.startsWith('https://') ? i.workflow : `https://github.com/${i.workflow}`,
                    issuer: i.issuer,
                    ...(i.repository !== undefined ? { repository: i.repository } : {}),
                })),
                ...(raw.promote.trust['trusted-root'] !== undefined
                    ? { trustedRoot: fromRoot(raw.promote.trust['trusted-root']) }
                    : {}),
            },
        },
    };
}


/***/ }),

/***/ 90131:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qn: () => (/* binding */ configSchema),
/* harmony export */   _U: () => (/* binding */ checkSchema),
/* harmony export */   ft: () => (/* binding */ DURATION),
/* harmony export */   v5: () => (/* binding */ RESERVED_CHECK_NAMES)
/* harmony export */ });
/* unused harmony exports MAX_DURATION_MS, CACHE_TYPES, cacheSpecProblem, RESERVED_LABELS, RESERVED_LABEL_PREFIX, imageSchema, ENDPOINT_SCHEMES, HTTP_METHODS, LOAD_METHODS, LOAD_BASELINES, SARIF_FAIL_ON, PROMOTE_POLICIES, SIGNING_MODES, SIGSTORE_INSTANCES, GITHUB_ACTIONS_ISSUER, endpointSchema, engineSchema, BACKENDS, environmentSchema, urlProblem, httpSchema, loadSchema, driftSchema, DEFAULT_ANNOTATIONS_LIMIT, reportsSchema, TAG, RESERVED_TAG_PREFIXES, tagProblem, MAX_CHECKS, recordSchema, trustSchema, promoteSchema */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38816);
// The config contract of DESIGN.md ("Config"), as one zod schema. JSON Schema for editors is
// generated from it (scripts/gen-schema.mjs, `npm run schema`); durations stay strings here and are parsed by
// duration.ts. Messages say what is expected; src/config/issues.ts prefixes them with file:line:col and the path.

const DURATION = /^(\d+)(ms|s|m|h)$/;
const DURATION_MESSAGE = 'expected a duration like 90s, 2m or 1h';
/**
 * The longest duration a config may hold: 2^31-1 ms (about 24.8 days, 596h). JavaScript timers
 * (setTimeout) fire at once past it, so a longer timeout would end its check immediately.
 */
const MAX_DURATION_MS = 2 ** 31 - 1;
const MAX_DURATION_MESSAGE = 'a duration can be at most 596h (2^31-1 ms, about 24.8 days: longer ones overflow the timers that enforce it)';
// Self-contained on purpose (scripts/gen-schema.mjs transpiles this file alone): duration.ts has the
// full parser; this is just enough for the range rules below.
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const durationMs = (s) => {
    const match = DURATION.exec(s);
    return match ? Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0) : Number.NaN;
};
/** Every duration field: `<integer><unit>`, at most MAX_DURATION_MS. */
const duration = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ message: DURATION_MESSAGE })
    .regex(DURATION, { message: DURATION_MESSAGE })
    .refine((s) => !(durationMs(s) > MAX_DURATION_MS), { message: MAX_DURATION_MESSAGE, abort: true });
// Values of string maps (env, build-args) are read as written in the file (load.ts keeps the source
// text of numbers and booleans); the union is for data that did not come from YAML text.
const positiveDuration = (min, what) => duration.refine((s) => !(durationMs(s) < min), { message: what });
const stringMap = zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY()]).transform(String));
const pathList = zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().transform((s) => [s]), zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP())]);
const checkName = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    message: 'check names use lowercase letters, digits and dashes ([a-z0-9-], starting with a letter or digit, at most 63)',
});
/**
 * Names a check cannot take: the phase check runs (`build`, `environment`) and the overall one
 * (`immutable-qa`, CHECK_RUN_PREFIX in src/github/render.ts) share one key space with the checks.
 */
const RESERVED_CHECK_NAMES = ['build', 'environment', 'immutable-qa'];
/** An OCI platform, os/arch[/variant], as buildx's --platform takes it. */
const platform = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9._]+)?$/, {
    message: 'expected one platform like linux/amd64 or linux/arm64/v8 (a list for several)',
});
/** Cache backends buildx knows (`type=` of --cache-from / --cache-to). */
const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'];
/** The attribute each cache type needs, per direction. */
const CACHE_NEEDS = {
    registry: { from: 'ref', to: 'ref' },
    local: { from: 'src', to: 'dest' },
};
/**
 * Why a cache spec (an entry of image.cache-from or cache-to) cannot work, or undefined. Either an
 * image reference (a registry cache: `ghcr.io/acme/shop:buildcache`) or buildx's
 * `type=<type>,key=value,…` (`type=gha`, `type=registry,ref=…,mode=max`, `type=local,src=…`).
 */
function cacheSpecProblem(spec, direction) {
    const example = direction === 'from'
        ? 'type=gha, type=registry,ref=ghcr.io/acme/shop:buildcache or type=local,src=.buildx-cache'
        : 'type=gha,mode=max, type=registry,ref=ghcr.io/acme/shop:buildcache,mode=max or type=local,dest=.buildx-cache';
    if (/\s/.test(spec))
        return `one cache per list entry, without spaces or line breaks, e.g. ${example}`;
    if (spec.startsWith('-'))
        return `a cache cannot start with "-": write e.g. ${example}`;
    if (!spec.includes('='))
        return undefined;
    const fields = new Map();
    for (const field of spec.split(',')) {
        const eq = field.indexOf('=');
        if (eq <= 0)
            return `expected key=value fields separated by "," (like ${example}), got "${field}"`;
        fields.set(field.slice(0, eq), field.slice(eq + 1));
    }
    const type = fields.get('type');
    if (type === undefined)
        return (`name the cache backend with type=… (${CACHE_TYPES.join(', ')}), e.g. ${example}` +
            // `[type=gha,mode=max]` is two entries to YAML: the flow list splits at the comma.
            '; in a [flow, list] quote each cache ("type=gha,mode=max"): YAML splits it at the commas');
    if (!CACHE_TYPES.includes(type))
        return `unknown cache type "${type}": buildx knows ${CACHE_TYPES.join(', ')}`;
    if (type === 'inline' && direction === 'from')
        return 'type=inline only exports (into the pushed image): import it with type=registry,ref=<that image>';
    const needs = CACHE_NEEDS[type]?.[direction];
    if (needs !== undefined && !fields.get(needs))
        return `type=${type} needs ${needs}=…, e.g. ${example}`;
    return undefined;
}
/** image.cache-from / cache-to: one spec or a list of them. */
const cacheList = (direction) => {
    const entry = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().superRefine((spec, ctx) => {
        const problem = cacheSpecProblem(spec, direction);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    });
    return zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([entry.transform((s) => [s]), zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(entry)]).default([]);
};
/** Image labels immutable-qa sets itself (src/pipeline/qa.ts) or owns: a config cannot set them. */
const RESERVED_LABELS = ['org.opencontainers.image.revision'];
const RESERVED_LABEL_PREFIX = 'io.immutable-qa.';
const labelKey = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
    .regex(/^[^\s=]+$/, { message: 'a label key has no spaces and no "="' })
    .refine((key) => !RESERVED_LABELS.includes(key) && !key.startsWith(RESERVED_LABEL_PREFIX), {
    message: `set by immutable-qa (${RESERVED_LABELS.join(', ')} is the tested commit; ${RESERVED_LABEL_PREFIX}* are its own): remove it`,
});
/** A build secret's id: what `RUN --mount=type=secret,id=<id>` names (and /run/secrets/<id>). */
const secretId = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
    message: 'a secret id is letters, digits, ".", "_" and "-", like npm_token',
});
// Uppercase only: a pasted token (npm_…, ghp_…) has lowercase letters, and is refused without being echoed.
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Where a build secret's value is: an environment variable's name, never the value (not echoed back in messages). */
const secretSource = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({ message: 'expected the name of an environment variable, like NPM_TOKEN' })
    .superRefine((name, ctx) => {
    if (!ENV_NAME.test(name))
        ctx.addIssue({
            code: 'custom',
            message: 'expected the name of the environment variable that holds the secret, like NPM_TOKEN (uppercase letters, digits and _): the value itself never goes in the config',
        });
});
const imageSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    repository: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP({
        error: (issue) => issue.input === undefined
            ? 'the repository where the tested digest lives, e.g. ghcr.io/acme/shop (a name without registry host, like "shop", means local mode: nothing is pushed)'
            : 'expected a repository name like ghcr.io/acme/shop',
    })
        .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/, {
        message: 'expected a lowercase repository name like ghcr.io/acme/shop or 127.0.0.1:5000/shop, without tag or digest',
    }),
    context: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().default('.'),
    dockerfile: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().default('Dockerfile'),
    target: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    'build-args': stringMap.default({}),
    provenance: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().default(false),
    platforms: zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([platform.transform((s) => [s]), zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(platform)])
        .default([])
        .superRefine((platforms, ctx) => {
        platforms.forEach((p, i) => {
            if (platforms.indexOf(p) < i)
                ctx.addIssue({ code: 'custom', path: [i], message: `"${p}" is listed twice` });
        });
    }),
    'cache-from': cacheList('from'),
    'cache-to': cacheList('to'),
    labels: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(labelKey, zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig(), zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY()]).transform(String)).default({}),
    secrets: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(secretId, secretSource).default({}),
});
// The enums of the config, once: the zod schema uses them and the types below derive from them.
const ENDPOINT_SCHEMES = ['http', 'https'];
const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
// No HEAD: autocannon's response parser waits for the body a HEAD response announces but never sends.
const LOAD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const LOAD_BASELINES = ['last-promoted'];
const SARIF_FAIL_ON = ['error', 'warning', 'note', 'none'];
const PROMOTE_POLICIES = ['same-tree', 'pr-head'];
const SIGNING_MODES = ['keyless', 'key', 'none'];
const SIGSTORE_INSTANCES = ['public-good', 'github'];
/** The OIDC issuer of GitHub Actions' job tokens: what Fulcio writes into a runner's certificate. */
const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';
const endpointSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    service: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(),
    port: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(1).max(65535),
    path: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^\//, { message: 'expected a path starting with "/"' }).default('/'),
    scheme: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(ENDPOINT_SCHEMES).default('http'),
});
/** environment.engine: the Docker engine the environment runs on, when it is not the runner's. */
const engineSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    host: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
        .regex(/^(tcp|ssh|unix):\/\/[^\s]+$/, {
        message: 'expected a Docker engine address like tcp://preview-1:2376, ssh://deploy@preview-1 or unix:///var/run/docker.sock',
    })
        .superRefine((host, ctx) => {
        // A password in the URL would be in every process's environment and in whatever prints it.
        if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/.test(host))
            ctx.addIssue({
                code: 'custom',
                message: 'no password in environment.engine.host: docker takes none there. Use an SSH key (ssh-agent, ~/.ssh/config) for ssh://, or TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) for tcp://',
            });
    }),
});
const BACKENDS = ['compose', 'swarm'];
const environmentSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    /** compose (default): compose on one engine; swarm: a stack per PR on a swarm manager. */
    backend: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(BACKENDS).default('compose'),
    engine: engineSchema.optional(),
    compose: pathList.pipe(zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()).min(1, { message: 'list at least one compose file, e.g. compose.yml' })),
    'ready-timeout': positiveDuration(1, 'expected a ready-timeout longer than 0, like 2m').default('2m'),
    endpoints: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'endpoint names use letters, digits, - and _' }), endpointSchema)
        .default({}),
});
const ENDPOINT_REFERENCE = '${IMMUTABLE_QA_ENDPOINT_';
const URL_MESSAGE = 'expected an absolute http(s) URL like https://example.com/healthz, or one that starts with an endpoint ' +
    'variable like "${IMMUTABLE_QA_ENDPOINT_WEB}healthz"';
/**
 * Why a check URL cannot work, or undefined. It must start with `${IMMUTABLE_QA_ENDPOINT_…}`, with a
 * check `env` key whose value does, or be an absolute http(s) URL (other `${NAME}`s inside it stand
 * for a host or path part here). Unknown names are left to the reference check (expand.ts).
 */
function urlProblem(url, env = {}) {
    if (/\s/.test(url))
        return 'a URL cannot contain spaces or line breaks';
    if (url.startsWith(ENDPOINT_REFERENCE))
        return undefined;
    const lead = /^\$\{([^}]*)\}/.exec(url);
    if (lead) {
        const name = lead[1] ?? '';
        const value = Object.hasOwn(env, name) ? env[name] : undefined;
        if (value !== undefined) {
            const problem = urlProblem(value + url.slice(lead[0].length));
            return problem && `with ${name} = ${JSON.stringify(value)}: ${problem}`;
        }
        if (!name.startsWith('IMMUTABLE_QA_'))
            return undefined;
        return `${URL_MESSAGE} (\${${name}} is not a URL)`;
    }
    let parsed;
    try {
        parsed = new URL(url.replace(/\$\{[^}]*\}/g, 'x'));
    }
    catch {
        return URL_MESSAGE;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
        return `${URL_MESSAGE} (${parsed.protocol.slice(0, -1)}: is not supported)`;
    if (!parsed.hostname)
        return URL_MESSAGE;
    return undefined;
}
const httpSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
    method: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(HTTP_METHODS).default('GET'),
    headers: zod__WEBPACK_IMPORTED_MODULE_0__/* .record */ .g1P(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()).default({}),
    body: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().optional(),
    status: zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(100).max(599), zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(100).max(599)).min(1)])
        .default(200),
    'body-contains': zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1).optional(),
    interval: positiveDuration(100, 'expected an interval of at least 100ms, like 1s').default('1s'),
    /** How long to retry while there is no answer or a 502/503/504; any other answer is final. */
    'retry-for': duration.default('30s'),
})
    .superRefine((http, ctx) => {
    if (http.body !== undefined && (http.method === 'GET' || http.method === 'HEAD'))
        ctx.addIssue({
            code: 'custom',
            path: ['body'],
            message: `a ${http.method} request cannot have a body: set method to POST, PUT or PATCH, or remove body`,
        });
});
const loadSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    url: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1),
    method: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(LOAD_METHODS).default('GET'),
    duration: positiveDuration(1000, 'expected a load duration of at least 1s, like 15s').default('10s'),
    connections: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().int().min(1).max(1000).default(10),
    rate: zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().positive().optional(),
    'max-p95-ms': zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().positive().optional(),
    'max-p99-ms': zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().positive().optional(),
    'max-error-rate': zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().min(0).max(1).optional(),
    'min-rps': zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().positive().optional(),
    baseline: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(LOAD_BASELINES).optional(),
    'max-regression': zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig().min(0).max(10).default(0.2),
});
const driftSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({});
/** A check run's annotations by default: enough for every real failure, bounded for a 10,000-failure report. */
const DEFAULT_ANNOTATIONS_LIMIT = 500;
const reportsSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    junit: pathList.default([]),
    sarif: pathList.default([]),
    'sarif-fail-on': zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(SARIF_FAIL_ON).default('error'),
    /** Annotations sent on the check run, the most severe first (reports/bound.ts); the rest are counted. */
    'annotations-limit': zod__WEBPACK_IMPORTED_MODULE_0__/* .number */ .aig()
        .int({ message: 'expected a whole number of annotations, like 500' })
        .min(0, { message: 'expected 0 (none) or more annotations' })
        .max(10_000, { message: 'at most 10000 annotations per check (GitHub takes 50 per request)' })
        .default(DEFAULT_ANNOTATIONS_LIMIT),
});
const checkSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    name: checkName,
    run: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1).optional(),
    http: httpSchema.optional(),
    load: loadSchema.optional(),
    drift: driftSchema.optional(),
    env: stringMap.default({}),
    timeout: positiveDuration(1, 'expected a timeout longer than 0, like 90s or 10m').default('10m'),
    required: zod__WEBPACK_IMPORTED_MODULE_0__/* .boolean */ .zMY().default(true),
    /** Checks that must end first (a DAG; load.ts rejects unknown names and cycles). Default: none, and for load checks every other check. */
    needs: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(checkName).optional(),
    reports: reportsSchema.default({
        junit: [],
        sarif: [],
        'sarif-fail-on': 'error',
        'annotations-limit': DEFAULT_ANNOTATIONS_LIMIT,
    }),
})
    .superRefine((check, ctx) => {
    // URLs are checked here because a check's env may hold the endpoint part (url: "${BASE}healthz").
    for (const kind of ['http', 'load']) {
        const url = check[kind]?.url;
        const problem = url === undefined ? undefined : urlProblem(url, check.env);
        if (problem)
            ctx.addIssue({ code: 'custom', path: [kind, 'url'], message: problem });
    }
    // A load test that cannot finish within its check's timeout would always time out.
    if (check.load && durationMs(check.load.duration) >= durationMs(check.timeout))
        ctx.addIssue({
            code: 'custom',
            path: ['load', 'duration'],
            message: `the load test (${check.load.duration}) must be shorter than the check's timeout (${check.timeout}): raise timeout or shorten duration`,
        });
});
/** The OCI distribution spec's tag grammar (uppercase allowed: the spec, Docker Hub, GHCR and distribution accept it). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Tag prefixes that belong to QA records (qa-<sha>, sha256-<hex> attestation tags). */
const RESERVED_TAG_PREFIXES = ['qa-', 'sha256-'];
/** What {sha} stands for when a template is checked at load time: a full-length commit id. */
const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567';
/**
 * Why a promote.tags template cannot be a tag, or undefined. {sha} (40 characters) and {sha7}
 * are substituted first, as promotion does (src/pipeline/promote.ts expandTags).
 */
function tagProblem(template) {
    const tag = template.replace(/\{(sha7|sha)\}/g, (_, name) => name === 'sha7' ? SAMPLE_SHA.slice(0, 7) : SAMPLE_SHA);
    const unknown = /\{[^}]*\}/.exec(tag);
    if (unknown)
        return `unknown placeholder ${unknown[0]}: only {sha} and {sha7} expand`;
    const expanded = tag === template ? '' : ` (with {sha} as a 40-character commit id it is ${tag.length})`;
    if (tag.length > 128)
        return `a tag has at most 128 characters${expanded || ` (this one has ${tag.length})`}`;
    if (/^[.-]/.test(tag))
        return 'a tag cannot start with "." or "-": start it with a letter, digit or "_"';
    const bad = /[^A-Za-z0-9._-]/.exec(tag);
    if (bad || !TAG.test(tag))
        return `${bad ? `${JSON.stringify(bad[0])} cannot appear in a tag: ` : ''}a tag is letters, digits, "_", "." and "-" (like main, v1.2 or release-{sha7})`;
    const reserved = RESERVED_TAG_PREFIXES.find((prefix) => tag.startsWith(prefix));
    if (reserved)
        return `the prefix "${reserved}" is reserved for QA records: choose another name`;
    return undefined;
}
const MAX_CHECKS = 50;
const serviceUrl = zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
    message: "expected the service's base URL, like https://fulcio.sigstore.dev",
});
/** How the QA record is signed (DESIGN.md "QA record and promotion"). */
const recordSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    /** Default (load.ts): keyless in registry mode, none in local mode (records are files there). */
    signing: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(SIGNING_MODES).optional(),
    /**
     * Keyless: which Sigstore signs. Default: GitHub's instance for private and internal
     * repositories (as GitHub artifact attestations), the public-good instance otherwise.
     */
    sigstore: zod__WEBPACK_IMPORTED_MODULE_0__/* .union */ .KCZ([
        zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(SIGSTORE_INSTANCES),
        zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({ fulcio: serviceUrl, rekor: serviceUrl.optional(), tsa: serviceUrl.optional() })
            .refine((s) => s.rekor !== undefined || s.tsa !== undefined, {
            message: 'name a transparency log (rekor) or a timestamp authority (tsa) that witnesses the signature',
        }),
    ])
        .optional(),
});
/** Who may sign the verdicts promotion accepts. Read from the reviewed config, never from the PR under test. */
const trustSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    /** PEM public keys (paths from the repository root) for record.signing: key. */
    keys: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1)).default([]),
    /** Certificate identities for record.signing: keyless. */
    identities: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
        // The workflow file of the signing job, as Fulcio writes it (https://github.com/ may be left out):
        // with @<ref> it must match exactly; without, any ref of that file.
        workflow: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
            .regex(/^(https:\/\/[^\s/]+\/)?[^\s/]+\/[^\s/]+\/\.github\/workflows\/[^\s/@]+\.ya?ml(@\S+)?$/, {
            message: 'expected the signing workflow like acme/shop/.github/workflows/qa.yml@refs/heads/main (or a reusable one, owner/repo/.github/workflows/qa.yml@refs/tags/v1)',
        }),
        issuer: serviceUrl.default(GITHUB_ACTIONS_ISSUER),
        /** The repository the run was for (the caller of a reusable workflow): owner/repo. */
        repository: zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
            .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'expected owner/repo' })
            .optional(),
    }))
        .default([]),
    /** Sigstore trusted root for keyless (JSON, or JSON lines as `gh attestation trusted-root` writes). */
    'trusted-root': zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP().min(1).optional(),
});
const promoteSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    tags: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_0__/* .string */ .YjP()
        .min(1)
        .superRefine((tag, ctx) => {
        const problem = tagProblem(tag);
        if (problem)
            ctx.addIssue({ code: 'custom', message: problem });
    }))
        .min(1)
        .default(['main']),
    policy: zod__WEBPACK_IMPORTED_MODULE_0__/* ["enum"] */ .k5n(PROMOTE_POLICIES).default('same-tree'),
    trust: trustSchema.default({ keys: [], identities: [] }),
});
const configSchema = zod__WEBPACK_IMPORTED_MODULE_0__/* .strictObject */ .rej({
    version: zod__WEBPACK_IMPORTED_MODULE_0__/* .literal */ .euz(1, { message: 'expected 1 (the only config version): write "version: 1"' }),
    image: imageSchema,
    environment: environmentSchema,
    // A run that checks nothing must not earn the tested tag; each check is a check run plus about three
    // GitHub API writes (create, update, annotations), so 50 keeps a run well inside the API's rate limits.
    checks: zod__WEBPACK_IMPORTED_MODULE_0__/* .array */ .YOg(checkSchema, {
        error: (issue) => issue.input === undefined
            ? 'list the checks that decide the verdict (a run with no checks cannot earn the tested tag)'
            : undefined,
    })
        .min(1, {
        message: 'list at least one check: a run that checks nothing must not earn the tested tag (add e.g. "- name: smoke" with run: or http:)',
    })
        .max(MAX_CHECKS, {
        message: `at most ${MAX_CHECKS} checks (each is a GitHub check run and about three API writes): merge related checks into one run: script`,
    }),
    record: recordSchema.default({}),
    promote: promoteSchema.default({
        tags: ['main'],
        policy: 'same-tree',
        trust: { keys: [], identities: [] },
    }),
});


/***/ }),

/***/ 64709:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A2: () => (/* binding */ engineAnswers),
/* harmony export */   Mt: () => (/* binding */ hasPlugin),
/* harmony export */   QB: () => (/* binding */ assertEngineAnswers),
/* harmony export */   Qi: () => (/* binding */ engineExec),
/* harmony export */   T3: () => (/* binding */ docker),
/* harmony export */   k8: () => (/* binding */ dockerBin),
/* harmony export */   kW: () => (/* binding */ builderDriver),
/* harmony export */   xT: () => (/* binding */ askAhead)
/* harmony export */ });
/* unused harmony exports engineUnreachable, dockerChecked */
/* harmony import */ var _model_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87206);
/* harmony import */ var _engine_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(21643);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42568);
// Docker CLI access: one binary, one env, every call goes through exec(). A call the engine does
// not answer raises EngineUnreachableError here, where the engine is called, so callers classify
// "the daemon is gone" by type (exit 3) and never by matching messages themselves.



function dockerBin() {
    return process.env.IMMUTABLE_QA_DOCKER ?? 'docker';
}
/** What the Docker CLI (and compose, which uses its client) prints when it cannot reach the engine. */
const UNREACHABLE = /Cannot connect to the Docker daemon|error during connect|Is the docker daemon running/i;
/** The typed error for a failed call whose output says the engine did not answer, else undefined. */
function engineUnreachable(result) {
    if (result.code === 0 || !UNREACHABLE.test(`${result.stderr}\n${result.stdout}`))
        return undefined;
    const command = result.argv.slice(1, 3).join(' ');
    return new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EngineUnreachableError */ .df(`the Docker engine stopped answering (${command}): ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .tail */ .RT)(result.stderr || result.stdout, 3)}`);
}
/** Runs a Docker CLI argv (docker …, docker compose …, docker-compose …); throws EngineUnreachableError. */
async function engineExec(argv, options = {}) {
    const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m0)(argv, onScopeEngine(options));
    const unreachable = engineUnreachable(result);
    if (unreachable)
        throw unreachable;
    return result;
}
function docker(args, options = {}) {
    return engineExec([dockerBin(), ...args], options);
}
function dockerChecked(args, options = {}) {
    return execChecked([dockerBin(), ...args], onScopeEngine(options));
}
/** The options with the env pointed at the engine of the current scope (exec/engine.ts). */
function onScopeEngine(options) {
    return { ...options, env: (0,_engine_js__WEBPACK_IMPORTED_MODULE_1__/* .engineEnv */ .aV)(options.env ?? process.env) };
}
/**
 * Throws EngineUnreachableError when the engine does not answer now: after a long call failed
 * (a build), this tells "the daemon died" (exit 3) from "the build failed" (a failed phase), whatever
 * the failed call printed.
 */
async function assertEngineAnswers() {
    const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m0)([dockerBin(), 'version', '--format', '{{.Server.Version}}'], onScopeEngine({})).catch(() => undefined);
    if (!result || result.code !== 0)
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EngineUnreachableError */ .df(`the Docker engine stopped answering: ${result ? (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .tail */ .RT)(result.stderr, 3) : `${dockerBin()} did not run`}`);
}
/**
 * The engine answering (`docker version`), asked once per process and engine: what every run
 * checks first, so that askAhead() can ask it while the config loads. A failure is not kept.
 */
function engineAnswers() {
    // exec, not docker(): this message, not the wrapper's, says what to do about it.
    return askedOnce('engine', () => (0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .exec */ .m0)([dockerBin(), 'version', '--format', '{{.Server.Version}}'], onScopeEngine({})).then((result) => {
        if (result.code !== 0)
            throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .EngineUnreachableError */ .df(`the Docker engine does not answer: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_2__/* .tail */ .RT)(result.stderr, 3)} (start dockerd or Docker Desktop)`);
    }, (e) => {
        throw new _model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InfrastructureError */ .EN(`cannot run docker: ${(0,_model_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(e)}`);
    }), { keepFailure: false });
}
/** Starts what a qa run asks the engine first, so that it runs while the surface loads the config. */
function askAhead() {
    engineAnswers().catch(() => undefined);
    void hasPlugin('buildx');
}
/** Answers of this process about the docker CLI and engine: asked once, not by every phase. */
const answers = new Map();
/**
 * `ask()` once per question, docker binary and engine (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG
 * pick another one); `keepFailure: false` asks again after a rejection.
 */
function askedOnce(question, ask, options = {}) {
    const { DOCKER_CONTEXT, DOCKER_CONFIG } = process.env;
    const key = [
        dockerBin(),
        question,
        (0,_engine_js__WEBPACK_IMPORTED_MODULE_1__/* .effectiveDockerHost */ .uc)() ?? '',
        DOCKER_CONTEXT ?? '',
        DOCKER_CONFIG ?? '',
    ].join('\n');
    let answer = answers.get(key);
    if (!answer) {
        answer = ask();
        answers.set(key, answer);
        if (options.keepFailure === false)
            answer.catch(() => answers.delete(key));
    }
    return answer;
}
/** Whether a CLI plugin (buildx, compose) answers. Overridable for forcing a path. */
async function hasPlugin(name) {
    const forced = process.env[name === 'buildx' ? 'IMMUTABLE_QA_BUILDER' : 'IMMUTABLE_QA_COMPOSE'];
    if (forced)
        return forced === (name === 'buildx' ? 'buildx' : 'v2');
    return askedOnce(name, () => docker([name, 'version']).then((result) => result.code === 0, () => false));
}
/**
 * The current buildx builder's driver (`docker`, `docker-container`, …), or undefined when buildx
 * does not say. `docker` means BuildKit inside the engine: what it builds is stored there.
 */
function builderDriver() {
    return askedOnce('buildx driver', () => docker(['buildx', 'inspect']).then((result) => (result.code === 0 ? /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1] : undefined), () => undefined));
}


/***/ }),

/***/ 21643:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Qr: () => (/* binding */ onRunnerEngine),
/* harmony export */   ZK: () => (/* binding */ engineAddress),
/* harmony export */   aV: () => (/* binding */ engineEnv),
/* harmony export */   el: () => (/* binding */ onEngine),
/* harmony export */   gF: () => (/* binding */ currentEngine),
/* harmony export */   nY: () => (/* binding */ engineLabel),
/* harmony export */   uc: () => (/* binding */ effectiveDockerHost)
/* harmony export */ });
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16698);
/* harmony import */ var node_async_hooks__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_async_hooks__WEBPACK_IMPORTED_MODULE_0__);
// Which Docker engine a call goes to. The runner's own engine (DOCKER_HOST / the Docker context, as
// the docker CLI picks it) builds the image; an environment may run on another one
// (`environment.engine.host`). The pipeline runs its environment's phases inside onEngine(), and
// every docker call made there (docker(), engineExec(): compose, events, inspect, claims) goes to
// that engine; the build runs in onRunnerEngine(). One scope, not an engine argument threaded
// through every function that happens to call docker.

const scope = new node_async_hooks__WEBPACK_IMPORTED_MODULE_0__.AsyncLocalStorage();
/** Runs `fn` with its docker calls sent to `engine` (undefined: the runner's engine). */
function onEngine(engine, fn) {
    return scope.run(engine, fn);
}
/** Runs `fn` on the runner's engine, whatever engine the caller's scope chose (the build). */
function onRunnerEngine(fn) {
    return scope.run(undefined, fn);
}
/** The engine of the current scope; undefined: the runner's own. */
function currentEngine() {
    return scope.getStore();
}
/**
 * The environment a docker process gets: `base` with DOCKER_HOST set to the scope's engine (and
 * DOCKER_CONTEXT dropped, which would otherwise win over it), or `base` unchanged.
 */
function engineEnv(base = process.env) {
    const engine = currentEngine();
    if (!engine)
        return base;
    const env = { ...base, DOCKER_HOST: engine.host };
    delete env.DOCKER_CONTEXT;
    return env;
}
/** DOCKER_HOST as docker would use it here: the scope's engine, else the process's DOCKER_HOST. */
function effectiveDockerHost(env = process.env) {
    return currentEngine()?.host ?? (env.DOCKER_HOST || undefined);
}
/**
 * The address where the runner reaches ports the engine publishes: the engine host's name or
 * address for tcp:// and ssh://, the loopback address for a local socket (unix://, npipe://).
 * (A Docker context other than the default one is not read: set DOCKER_HOST or environment.engine.)
 */
function engineAddress(host = effectiveDockerHost()) {
    if (!host)
        return '127.0.0.1';
    let url;
    try {
        url = new URL(host);
    }
    catch {
        return '127.0.0.1';
    }
    if (url.protocol !== 'tcp:' && url.protocol !== 'ssh:')
        return '127.0.0.1';
    // IPv6 literals come bracketed; a host:port needs them kept.
    return url.hostname || '127.0.0.1';
}
/** The engine host as logs may show it: no user name or password, whatever the config says. */
function engineLabel(host) {
    try {
        const url = new URL(host);
        url.username = '';
        url.password = '';
        return url.toString().replace(/\/$/, '');
    }
    catch {
        return '(unparsable engine host)';
    }
}


/***/ }),

/***/ 15780:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   C_: () => (/* binding */ isPassable),
/* harmony export */   Qb: () => (/* binding */ PASSABLE),
/* harmony export */   Ys: () => (/* binding */ isWithheld)
/* harmony export */ });
/* unused harmony export secretForms */
// What the code under test never sees unless a check asks for it by name. A check runs on the
// runner as the runner's user: these are the credentials the runner, the workflow and the action
// itself hold, withheld from the check's environment.
/** Variables a check's environment never inherits (the action's inputs, runner tokens). */
function isWithheld(name) {
    return (name.startsWith('INPUT_') ||
        name.startsWith('STATE_') ||
        name.startsWith('ACTIONS_') ||
        WITHHELD.has(name));
}
const WITHHELD = new Set([
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'DOCKER_AUTH_CONFIG',
    'DOCKER_CONFIG',
    // The QA record's signing key (record.signing: key): code under test must never sign a verdict.
    'IMMUTABLE_QA_SIGNING_KEY',
]);
/**
 * Withheld variables a check may ask for by name: `env: { GITHUB_TOKEN: "${GITHUB_TOKEN}" }` passes
 * the runner's value (for GITHUB_TOKEN, the action's github-token when the workflow sets none);
 * DOCKER_CONFIG gives the Docker config the action logged in with.
 */
const PASSABLE = [
    'GITHUB_TOKEN',
    'GH_TOKEN',
    'DOCKER_CONFIG',
    'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
    'ACTIONS_ID_TOKEN_REQUEST_URL',
];
function isPassable(name) {
    return PASSABLE.includes(name);
}
/** The forms a secret takes in files and headers that the runner's masker does not derive itself. */
function secretForms(username, password) {
    const b64 = (s) => Buffer.from(s).toString('base64');
    // config.json `auth` and Basic headers hold base64(user:password). Inside any longer base64 string
    // the password sits at one of three byte alignments: its stable middle at each is masked too.
    const forms = [password, b64(`${username}:${password}`), b64(password)];
    for (const prefix of ['', 'x', 'xx']) {
        const encoded = b64(`${prefix}${password}`);
        // The first group mixes in the prefix (when there is one), the last the bytes after the password.
        const stable = encoded.slice(prefix ? 4 : 0, -4);
        if (stable.length >= 8)
            forms.push(stable);
    }
    return [...new Set(forms.filter((f) => f.length >= 4))];
}


/***/ })

};
