// The config contract of DESIGN.md ("Config"), as one zod schema. JSON Schema for editors is
// generated from it (scripts/gen-schema.mjs, `npm run schema`); durations stay strings here and are parsed by
// duration.ts. Messages say what is expected; src/config/issues.ts prefixes them with file:line:col and the path.
import { z } from 'zod';
import type { CheckKind, PhaseName } from '../model/results.js';

export const DURATION = /^(\d+)(ms|s|m|h)$/;
const DURATION_MESSAGE = 'expected a duration like 90s, 2m or 1h';
/**
 * The longest duration a config may hold: 2^31-1 ms (about 24.8 days, 596h). JavaScript timers
 * (setTimeout) fire at once past it, so a longer timeout would end its check immediately.
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;
const MAX_DURATION_MESSAGE =
  'a duration can be at most 596h (2^31-1 ms, about 24.8 days: longer ones overflow the timers that enforce it)';
// Self-contained on purpose (scripts/gen-schema.mjs transpiles this file alone): duration.ts has the
// full parser; this is just enough for the range rules below.
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const durationMs = (s: string): number => {
  const match = DURATION.exec(s);
  return match ? Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? 0) : Number.NaN;
};
/** Every duration field: `<integer><unit>`, at most MAX_DURATION_MS. */
const duration = z
  .string({ message: DURATION_MESSAGE })
  .regex(DURATION, { message: DURATION_MESSAGE })
  .refine((s) => !(durationMs(s) > MAX_DURATION_MS), { message: MAX_DURATION_MESSAGE, abort: true });
// Values of string maps (env, build-args) are read as written in the file (load.ts keeps the source
// text of numbers and booleans); the union is for data that did not come from YAML text.
const positiveDuration = (min: number, what: string) =>
  duration.refine((s) => !(durationMs(s) < min), { message: what });
const stringMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));
const pathList = z.union([z.string().transform((s) => [s]), z.array(z.string())]);
const checkName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
  message:
    'check names use lowercase letters, digits and dashes ([a-z0-9-], starting with a letter or digit, at most 63)',
});

/**
 * Names a check cannot take: the phase check runs (`build`, `environment`) and the overall one
 * (`immutable-qa`, CHECK_RUN_PREFIX in src/github/render.ts) share one key space with the checks.
 */
export const RESERVED_CHECK_NAMES = ['build', 'environment', 'immutable-qa'] as const satisfies ReadonlyArray<
  PhaseName | 'immutable-qa'
>;

/** An OCI platform, os/arch[/variant], as buildx's --platform takes it. */
const platform = z.string().regex(/^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9._]+)?$/, {
  message: 'expected one platform like linux/amd64 or linux/arm64/v8 (a list for several)',
});

/** Cache backends buildx knows (`type=` of --cache-from / --cache-to). */
export const CACHE_TYPES = ['registry', 'local', 'inline', 'gha', 's3', 'azblob'] as const;
/** The attribute each cache type needs, per direction. */
const CACHE_NEEDS: Partial<Record<(typeof CACHE_TYPES)[number], { from: string; to: string }>> = {
  registry: { from: 'ref', to: 'ref' },
  local: { from: 'src', to: 'dest' },
};

/**
 * Why a cache spec (an entry of image.cache-from or cache-to) cannot work, or undefined. Either an
 * image reference (a registry cache: `ghcr.io/acme/shop:buildcache`) or buildx's
 * `type=<type>,key=value,…` (`type=gha`, `type=registry,ref=…,mode=max`, `type=local,src=…`).
 */
export function cacheSpecProblem(spec: string, direction: 'from' | 'to'): string | undefined {
  const example =
    direction === 'from'
      ? 'type=gha, type=registry,ref=ghcr.io/acme/shop:buildcache or type=local,src=.buildx-cache'
      : 'type=gha,mode=max, type=registry,ref=ghcr.io/acme/shop:buildcache,mode=max or type=local,dest=.buildx-cache';
  if (/\s/.test(spec)) return `one cache per list entry, without spaces or line breaks, e.g. ${example}`;
  if (spec.startsWith('-')) return `a cache cannot start with "-": write e.g. ${example}`;
  if (!spec.includes('=')) return undefined;
  const fields = new Map<string, string>();
  for (const field of spec.split(',')) {
    const eq = field.indexOf('=');
    if (eq <= 0) return `expected key=value fields separated by "," (like ${example}), got "${field}"`;
    fields.set(field.slice(0, eq), field.slice(eq + 1));
  }
  const type = fields.get('type');
  if (type === undefined)
    return (
      `name the cache backend with type=… (${CACHE_TYPES.join(', ')}), e.g. ${example}` +
      // `[type=gha,mode=max]` is two entries to YAML: the flow list splits at the comma.
      '; in a [flow, list] quote each cache ("type=gha,mode=max"): YAML splits it at the commas'
    );
  if (!(CACHE_TYPES as readonly string[]).includes(type))
    return `unknown cache type "${type}": buildx knows ${CACHE_TYPES.join(', ')}`;
  if (type === 'inline' && direction === 'from')
    return 'type=inline only exports (into the pushed image): import it with type=registry,ref=<that image>';
  const needs = CACHE_NEEDS[type as (typeof CACHE_TYPES)[number]]?.[direction];
  if (needs !== undefined && !fields.get(needs)) return `type=${type} needs ${needs}=…, e.g. ${example}`;
  return undefined;
}

/** image.cache-from / cache-to: one spec or a list of them. */
const cacheList = (direction: 'from' | 'to') => {
  const entry = z.string().superRefine((spec, ctx) => {
    const problem = cacheSpecProblem(spec, direction);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
  return z.union([entry.transform((s) => [s]), z.array(entry)]).default([]);
};

/** Image labels immutable-qa sets itself (src/pipeline/qa.ts) or owns: a config cannot set them. */
export const RESERVED_LABELS = ['org.opencontainers.image.revision'] as const;
export const RESERVED_LABEL_PREFIX = 'io.immutable-qa.';
const labelKey = z
  .string()
  .regex(/^[^\s=]+$/, { message: 'a label key has no spaces and no "="' })
  .refine(
    (key) => !(RESERVED_LABELS as readonly string[]).includes(key) && !key.startsWith(RESERVED_LABEL_PREFIX),
    {
      message: `set by immutable-qa (${RESERVED_LABELS.join(', ')} is the tested commit; ${RESERVED_LABEL_PREFIX}* are its own): remove it`,
    },
  );

/** A build secret's id: what `RUN --mount=type=secret,id=<id>` names (and /run/secrets/<id>). */
const secretId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, {
  message: 'a secret id is letters, digits, ".", "_" and "-", like npm_token',
});
// Uppercase only: a pasted token (npm_…, ghp_…) has lowercase letters, and is refused without being echoed.
const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** Where a build secret's value is: an environment variable's name, never the value (not echoed back in messages). */
const secretSource = z
  .string({ message: 'expected the name of an environment variable, like NPM_TOKEN' })
  .superRefine((name, ctx) => {
    if (!ENV_NAME.test(name))
      ctx.addIssue({
        code: 'custom',
        message:
          'expected the name of the environment variable that holds the secret, like NPM_TOKEN (uppercase letters, digits and _): the value itself never goes in the config',
      });
  });

export const imageSchema = z.strictObject({
  repository: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'the repository where the tested digest lives, e.g. ghcr.io/acme/shop (a name without registry host, like "shop", means local mode: nothing is pushed)'
          : 'expected a repository name like ghcr.io/acme/shop',
    })
    .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/, {
      message:
        'expected a lowercase repository name like ghcr.io/acme/shop or 127.0.0.1:5000/shop, without tag or digest',
    }),
  context: z.string().default('.'),
  dockerfile: z.string().default('Dockerfile'),
  target: z.string().optional(),
  'build-args': stringMap.default({}),
  provenance: z.boolean().default(false),
  platforms: z
    .union([platform.transform((s) => [s]), z.array(platform)])
    .default([])
    .superRefine((platforms, ctx) => {
      platforms.forEach((p, i) => {
        if (platforms.indexOf(p) < i)
          ctx.addIssue({ code: 'custom', path: [i], message: `"${p}" is listed twice` });
      });
    }),
  'cache-from': cacheList('from'),
  'cache-to': cacheList('to'),
  labels: z.record(labelKey, z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({}),
  secrets: z.record(secretId, secretSource).default({}),
});

// The enums of the config, once: the zod schema uses them and the types below derive from them.
export const ENDPOINT_SCHEMES = ['http', 'https'] as const;
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
// No HEAD: autocannon's response parser waits for the body a HEAD response announces but never sends.
export const LOAD_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const LOAD_BASELINES = ['last-promoted'] as const;
export const SARIF_FAIL_ON = ['error', 'warning', 'note', 'none'] as const;
export const PROMOTE_POLICIES = ['same-tree', 'pr-head'] as const;
export const SIGNING_MODES = ['keyless', 'key', 'none'] as const;
export const SIGSTORE_INSTANCES = ['public-good', 'github'] as const;
/** The OIDC issuer of GitHub Actions' job tokens: what Fulcio writes into a runner's certificate. */
export const GITHUB_ACTIONS_ISSUER = 'https://token.actions.githubusercontent.com';

export const endpointSchema = z.strictObject({
  service: z.string(),
  port: z.number().int().min(1).max(65535),
  path: z.string().regex(/^\//, { message: 'expected a path starting with "/"' }).default('/'),
  scheme: z.enum(ENDPOINT_SCHEMES).default('http'),
});

/** environment.engine: the Docker engine the environment runs on, when it is not the runner's. */
export const engineSchema = z.strictObject({
  host: z
    .string()
    .regex(/^(tcp|ssh|unix):\/\/[^\s]+$/, {
      message:
        'expected a Docker engine address like tcp://preview-1:2376, ssh://deploy@preview-1 or unix:///var/run/docker.sock',
    })
    .superRefine((host, ctx) => {
      // A password in the URL would be in every process's environment and in whatever prints it.
      if (/^[a-z]+:\/\/[^/@]*:[^/@]*@/.test(host))
        ctx.addIssue({
          code: 'custom',
          message:
            'no password in environment.engine.host: docker takes none there. Use an SSH key (ssh-agent, ~/.ssh/config) for ssh://, or TLS (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) for tcp://',
        });
    }),
});

export const BACKENDS = ['compose', 'swarm'] as const;
export type BackendKind = (typeof BACKENDS)[number];

export const environmentSchema = z.strictObject({
  /** compose (default): compose on one engine; swarm: a stack per PR on a swarm manager. */
  backend: z.enum(BACKENDS).default('compose'),
  engine: engineSchema.optional(),
  compose: pathList.pipe(
    z.array(z.string()).min(1, { message: 'list at least one compose file, e.g. compose.yml' }),
  ),
  'ready-timeout': positiveDuration(1, 'expected a ready-timeout longer than 0, like 2m').default('2m'),
  endpoints: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, { message: 'endpoint names use letters, digits, - and _' }),
      endpointSchema,
    )
    .default({}),
});

const ENDPOINT_REFERENCE = '${IMMUTABLE_QA_ENDPOINT_';
const URL_MESSAGE =
  'expected an absolute http(s) URL like https://example.com/healthz, or one that starts with an endpoint ' +
  'variable like "${IMMUTABLE_QA_ENDPOINT_WEB}healthz"';

/**
 * Why a check URL cannot work, or undefined. It must start with `${IMMUTABLE_QA_ENDPOINT_…}`, with a
 * check `env` key whose value does, or be an absolute http(s) URL (other `${NAME}`s inside it stand
 * for a host or path part here). Unknown names are left to the reference check (expand.ts).
 */
export function urlProblem(url: string, env: Readonly<Record<string, string>> = {}): string | undefined {
  if (/\s/.test(url)) return 'a URL cannot contain spaces or line breaks';
  if (url.startsWith(ENDPOINT_REFERENCE)) return undefined;
  const lead = /^\$\{([^}]*)\}/.exec(url);
  if (lead) {
    const name = lead[1] ?? '';
    const value = Object.hasOwn(env, name) ? env[name] : undefined;
    if (value !== undefined) {
      const problem = urlProblem(value + url.slice(lead[0].length));
      return problem && `with ${name} = ${JSON.stringify(value)}: ${problem}`;
    }
    if (!name.startsWith('IMMUTABLE_QA_')) return undefined;
    return `${URL_MESSAGE} (\${${name}} is not a URL)`;
  }
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\$\{[^}]*\}/g, 'x'));
  } catch {
    return URL_MESSAGE;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `${URL_MESSAGE} (${parsed.protocol.slice(0, -1)}: is not supported)`;
  if (!parsed.hostname) return URL_MESSAGE;
  return undefined;
}

export const httpSchema = z
  .strictObject({
    url: z.string().min(1),
    method: z.enum(HTTP_METHODS).default('GET'),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
    status: z
      .union([z.number().int().min(100).max(599), z.array(z.number().int().min(100).max(599)).min(1)])
      .default(200),
    'body-contains': z.string().min(1).optional(),
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

export const loadSchema = z.strictObject({
  url: z.string().min(1),
  method: z.enum(LOAD_METHODS).default('GET'),
  duration: positiveDuration(1000, 'expected a load duration of at least 1s, like 15s').default('10s'),
  connections: z.number().int().min(1).max(1000).default(10),
  rate: z.number().positive().optional(),
  'max-p95-ms': z.number().positive().optional(),
  'max-p99-ms': z.number().positive().optional(),
  'max-error-rate': z.number().min(0).max(1).optional(),
  'min-rps': z.number().positive().optional(),
  baseline: z.enum(LOAD_BASELINES).optional(),
  'max-regression': z.number().min(0).max(10).default(0.2),
});

export const driftSchema = z.strictObject({});

/** A check run's annotations by default: enough for every real failure, bounded for a 10,000-failure report. */
export const DEFAULT_ANNOTATIONS_LIMIT = 500;

export const reportsSchema = z.strictObject({
  junit: pathList.default([]),
  sarif: pathList.default([]),
  'sarif-fail-on': z.enum(SARIF_FAIL_ON).default('error'),
  /** Annotations sent on the check run, the most severe first (reports/bound.ts); the rest are counted. */
  'annotations-limit': z
    .number()
    .int({ message: 'expected a whole number of annotations, like 500' })
    .min(0, { message: 'expected 0 (none) or more annotations' })
    .max(10_000, { message: 'at most 10000 annotations per check (GitHub takes 50 per request)' })
    .default(DEFAULT_ANNOTATIONS_LIMIT),
});

export const checkSchema = z
  .strictObject({
    name: checkName,
    run: z.string().min(1).optional(),
    http: httpSchema.optional(),
    load: loadSchema.optional(),
    drift: driftSchema.optional(),
    env: stringMap.default({}),
    timeout: positiveDuration(1, 'expected a timeout longer than 0, like 90s or 10m').default('10m'),
    required: z.boolean().default(true),
    /** Checks that must end first (a DAG; load.ts rejects unknown names and cycles). Default: none, and for load checks every other check. */
    needs: z.array(checkName).optional(),
    reports: reportsSchema.default({
      junit: [],
      sarif: [],
      'sarif-fail-on': 'error',
      'annotations-limit': DEFAULT_ANNOTATIONS_LIMIT,
    }),
  })
  .superRefine((check, ctx) => {
    // URLs are checked here because a check's env may hold the endpoint part (url: "${BASE}healthz").
    for (const kind of ['http', 'load'] as const) {
      const url = check[kind]?.url;
      const problem = url === undefined ? undefined : urlProblem(url, check.env);
      if (problem) ctx.addIssue({ code: 'custom', path: [kind, 'url'], message: problem });
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
export const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
/** Tag prefixes that belong to QA records (qa-<sha>, sha256-<hex> attestation tags). */
export const RESERVED_TAG_PREFIXES = ['qa-', 'sha256-'] as const;
/** What {sha} stands for when a template is checked at load time: a full-length commit id. */
const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567';

/**
 * Why a promote.tags template cannot be a tag, or undefined. {sha} (40 characters) and {sha7}
 * are substituted first, as promotion does (src/pipeline/promote.ts expandTags).
 */
export function tagProblem(template: string): string | undefined {
  const tag = template.replace(/\{(sha7|sha)\}/g, (_, name: string) =>
    name === 'sha7' ? SAMPLE_SHA.slice(0, 7) : SAMPLE_SHA,
  );
  const unknown = /\{[^}]*\}/.exec(tag);
  if (unknown) return `unknown placeholder ${unknown[0]}: only {sha} and {sha7} expand`;
  const expanded = tag === template ? '' : ` (with {sha} as a 40-character commit id it is ${tag.length})`;
  if (tag.length > 128)
    return `a tag has at most 128 characters${expanded || ` (this one has ${tag.length})`}`;
  if (/^[.-]/.test(tag)) return 'a tag cannot start with "." or "-": start it with a letter, digit or "_"';
  const bad = /[^A-Za-z0-9._-]/.exec(tag);
  if (bad || !TAG.test(tag))
    return `${bad ? `${JSON.stringify(bad[0])} cannot appear in a tag: ` : ''}a tag is letters, digits, "_", "." and "-" (like main, v1.2 or release-{sha7})`;
  const reserved = RESERVED_TAG_PREFIXES.find((prefix) => tag.startsWith(prefix));
  if (reserved) return `the prefix "${reserved}" is reserved for QA records: choose another name`;
  return undefined;
}

export const MAX_CHECKS = 50;

const serviceUrl = z.string().regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, {
  message: "expected the service's base URL, like https://fulcio.sigstore.dev",
});

/** How the QA record is signed (DESIGN.md "QA record and promotion"). */
export const recordSchema = z.strictObject({
  /** Default (load.ts): keyless in registry mode, none in local mode (records are files there). */
  signing: z.enum(SIGNING_MODES).optional(),
  /**
   * Keyless: which Sigstore signs. Default: GitHub's instance for private and internal
   * repositories (as GitHub artifact attestations), the public-good instance otherwise.
   */
  sigstore: z
    .union([
      z.enum(SIGSTORE_INSTANCES),
      z
        .strictObject({ fulcio: serviceUrl, rekor: serviceUrl.optional(), tsa: serviceUrl.optional() })
        .refine((s) => s.rekor !== undefined || s.tsa !== undefined, {
          message:
            'name a transparency log (rekor) or a timestamp authority (tsa) that witnesses the signature',
        }),
    ])
    .optional(),
});

/** Who may sign the verdicts promotion accepts. Read from the reviewed config, never from the PR under test. */
export const trustSchema = z.strictObject({
  /** PEM public keys (paths from the repository root) for record.signing: key. */
  keys: z.array(z.string().min(1)).default([]),
  /** Certificate identities for record.signing: keyless. */
  identities: z
    .array(
      z.strictObject({
        // The workflow file of the signing job, as Fulcio writes it (https://github.com/ may be left out):
        // with @<ref> it must match exactly; without, any ref of that file.
        workflow: z
          .string()
          .regex(/^(https:\/\/[^\s/]+\/)?[^\s/]+\/[^\s/]+\/\.github\/workflows\/[^\s/@]+\.ya?ml(@\S+)?$/, {
            message:
              'expected the signing workflow like acme/shop/.github/workflows/qa.yml@refs/heads/main (or a reusable one, owner/repo/.github/workflows/qa.yml@refs/tags/v1)',
          }),
        issuer: serviceUrl.default(GITHUB_ACTIONS_ISSUER),
        /** The repository the run was for (the caller of a reusable workflow): owner/repo. */
        repository: z
          .string()
          .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, { message: 'expected owner/repo' })
          .optional(),
      }),
    )
    .default([]),
  /** Sigstore trusted root for keyless (JSON, or JSON lines as `gh attestation trusted-root` writes). */
  'trusted-root': z.string().min(1).optional(),
});

export const promoteSchema = z.strictObject({
  tags: z
    .array(
      z
        .string()
        .min(1)
        .superRefine((tag, ctx) => {
          const problem = tagProblem(tag);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
    )
    .min(1)
    .default(['main']),
  policy: z.enum(PROMOTE_POLICIES).default('same-tree'),
  trust: trustSchema.default({ keys: [], identities: [] }),
});

export const configSchema = z.strictObject({
  version: z.literal(1, { message: 'expected 1 (the only config version): write "version: 1"' }),
  image: imageSchema,
  environment: environmentSchema,
  // A run that checks nothing must not earn the tested tag; each check is a check run plus about three
  // GitHub API writes (create, update, annotations), so 50 keeps a run well inside the API's rate limits.
  checks: z
    .array(checkSchema, {
      error: (issue) =>
        issue.input === undefined
          ? 'list the checks that decide the verdict (a run with no checks cannot earn the tested tag)'
          : undefined,
    })
    .min(1, {
      message:
        'list at least one check: a run that checks nothing must not earn the tested tag (add e.g. "- name: smoke" with run: or http:)',
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

export type RawConfig = z.output<typeof configSchema>;
export type CheckSpec = z.output<typeof checkSchema>;
export type HttpSpec = z.output<typeof httpSchema>;
export type LoadSpec = z.output<typeof loadSchema>;
export type DriftSpec = z.output<typeof driftSchema>;
export type EndpointSpec = z.output<typeof endpointSchema>;
export type EndpointScheme = (typeof ENDPOINT_SCHEMES)[number];
export type HttpMethod = (typeof HTTP_METHODS)[number];
export type LoadMethod = (typeof LOAD_METHODS)[number];
export type SarifFailOn = (typeof SARIF_FAIL_ON)[number];
export type PromotePolicy = (typeof PROMOTE_POLICIES)[number];
export type SigningMode = (typeof SIGNING_MODES)[number];
export type SigstoreInstance = (typeof SIGSTORE_INSTANCES)[number];
export type SigstoreUrls = { fulcio: string; rekor?: string; tsa?: string };

/** What every loaded check has, whatever its kind: the spec without the kind keys, timeout in ms. */
export type CheckCommon = Omit<CheckSpec, CheckKind> & { timeoutMs: number };

/** A check of one kind: `kind` says which, its key holds the parameters, the other kind keys are absent. */
type CheckOfKind<K extends CheckKind, Spec> = CheckCommon & { kind: K } & { [P in K]: Spec } & {
  [P in Exclude<CheckKind, K>]?: never;
};
export type RunCheck = CheckOfKind<'run', string>;
export type HttpCheck = CheckOfKind<'http', HttpSpec>;
export type LoadCheck = CheckOfKind<'load', LoadSpec>;
export type DriftCheck = CheckOfKind<'drift', DriftSpec>;
/** A loaded check, discriminated on `kind` (exactly one of run, http, load, drift; load.ts enforces it). */
export type Check = RunCheck | HttpCheck | LoadCheck | DriftCheck;
/** The check of kind K (for handlers typed by kind). */
export type CheckOf<K extends CheckKind> = Extract<Check, { kind: K }>;

/** The loaded config: validated, defaults applied, paths absolute, durations in ms. */
export interface Config {
  /** Absolute path of the config file (for messages). */
  file: string;
  /**
   * Repository root: the parent of `.github` when the config sits in a `.github` directory, else the git
   * top level of the config's directory, else that directory.
   */
  root: string;
  image: {
    repository: string;
    /** True when the repository has no registry host: no push, identity is the image ID. */
    local: boolean;
    registry?: string;
    context: string;
    dockerfile: string;
    target?: string;
    buildArgs: Record<string, string>;
    provenance: boolean;
    /** buildx --platform (os/arch[/variant]); empty or absent: the engine's own platform. */
    platforms?: string[];
    /** buildx --cache-from / --cache-to specs as written (`${IMMUTABLE_QA_*}` not yet expanded). */
    cacheFrom?: string[];
    cacheTo?: string[];
    /** Image labels of the config (values not yet expanded); immutable-qa's own are added at build. */
    labels?: Record<string, string>;
    /** Build secrets: id → the name of the environment variable holding the value. */
    secrets?: Record<string, string>;
  };
  environment: {
    /** Absent: compose. */
    backend?: BackendKind;
    /** Where the environment runs when not on the runner's engine (registry mode only). */
    engine?: { host: string };
    composeFiles: string[];
    readyTimeoutMs: number;
    endpoints: Record<string, EndpointSpec>;
  };
  checks: Check[];
  record: {
    signing: SigningMode;
    /** Keyless: the instance or its URLs; undefined: chosen from the repository's visibility. */
    sigstore?: SigstoreInstance | SigstoreUrls;
  };
  promote: {
    tags: string[];
    policy: PromotePolicy;
    trust: {
      /** Absolute paths of the trusted public keys. */
      keys: string[];
      identities: Array<{ workflow: string; issuer: string; repository?: string }>;
      /** Absolute path of the trusted root file. */
      trustedRoot?: string;
    };
  };
}
