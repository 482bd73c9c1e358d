// Validates event payloads against GitHub's webhook OpenAPI description
// (@octokit/openapi-webhooks, generated/api.github.com.json).
//
// Where the schemas live: the description's `webhooks` map is keyed by webhook name
// (`pull-request-opened`, `merge-group-checks-requested`, `push`, ...); each entry's
// `post.requestBody.content['application/json'].schema` is a `$ref` to
// `#/components/schemas/webhook-<name>`, and those schemas `$ref` the rest of `components.schemas`.
// The description is OpenAPI 3.1, whose schemas are JSON Schema 2020-12 (hence Ajv2020), with nulls
// written as `type: [..., 'null']`. OpenAPI 3.0's `nullable: true` is translated all the same, so a
// 3.0 description (or a 3.0-style schema slipping into this one) validates as GitHub means it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const DESCRIPTION = '@octokit/openapi-webhooks/generated/api.github.com.json';
/** The `$id` the description's schemas are registered under; their `#/components/...` refs resolve in it. */
const DOCUMENT_ID = 'https://github.com/octokit/openapi-webhooks/api.github.com.json';

type AddFormats = (ajv: Ajv2020) => Ajv2020;
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

interface Description {
  webhooks: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: Json }> } } }>;
  components: { schemas: Record<string, Json> };
}

// ---------------------------------------------------------------------------------------------
// nullable → anyOf

/** Keywords whose value is one schema. */
const SCHEMA_KEYWORDS = [
  'items',
  'additionalItems',
  'additionalProperties',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'contentSchema',
];
/** Keywords whose value is a list of schemas. */
const SCHEMA_LIST_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'];
/** Keywords whose value maps names to schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions'];

/**
 * A copy of `schema` in which every (sub)schema with `nullable: true` becomes
 * `{ anyOf: [<it without nullable>, { type: 'null' }] }`. It walks schema keywords only, so a
 * property that happens to be called `nullable` is left alone.
 */
export function translateNullable(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (SCHEMA_MAP_KEYWORDS.includes(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, translateNullable(s)]));
    } else if (SCHEMA_LIST_KEYWORDS.includes(key) && Array.isArray(value)) {
      out[key] = value.map(translateNullable);
    } else if (SCHEMA_KEYWORDS.includes(key)) {
      out[key] = translateNullable(value);
    } else {
      out[key] = value;
    }
  }
  if (out.nullable === undefined) return out;
  const { nullable, ...rest } = out;
  return nullable === true ? { anyOf: [rest, { type: 'null' }] } : rest;
}

// ---------------------------------------------------------------------------------------------
// Validators

let description: Description | undefined;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

function loadDescription(): Description {
  description ??= JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve(DESCRIPTION), 'utf8'),
  ) as Description;
  return description;
}

function compiler(): Ajv2020 {
  if (!ajv) {
    const { components } = loadDescription();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const schemas = Object.fromEntries(
      Object.entries(components.schemas).map(([name, schema]) => [name, translateNullable(schema)]),
    );
    ajv.addSchema({ $id: DOCUMENT_ID, components: { schemas } });
  }
  return ajv;
}

/** Webhook names the description knows (`pull-request-opened`, `push`, ...). */
export function webhookNames(): string[] {
  return Object.keys(loadDescription().webhooks).sort();
}

function validatorFor(name: string): ValidateFunction {
  const cached = validators.get(name);
  if (cached) return cached;
  const webhook = loadDescription().webhooks[name];
  if (!webhook) {
    const near = webhookNames().filter((n) => n.startsWith(name.split('-')[0] ?? name));
    throw new Error(
      `no webhook "${name}" in ${DESCRIPTION}${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`,
    );
  }
  const schema = webhook.post?.requestBody?.content?.['application/json']?.schema;
  const ref = isObject(schema) && typeof schema.$ref === 'string' ? schema.$ref : undefined;
  if (!ref?.startsWith('#/components/schemas/'))
    throw new Error(`webhook "${name}" has no payload schema $ref`);
  const validate = compiler().getSchema(`${DOCUMENT_ID}${ref}`);
  if (!validate) throw new Error(`cannot resolve ${ref} for webhook "${name}"`);
  validators.set(name, validate);
  return validate;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const params = error.params as Record<string, unknown>;
  let detail = error.message ?? 'is invalid';
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    detail = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return `${where}: ${detail}`;
}

/**
 * Errors (empty when valid) of `payload` against the schema of webhook `name` — the key of the
 * description's `webhooks` map, e.g. `pull-request-opened`, `pull-request-closed`,
 * `merge-group-checks-requested`, `push`. Throws for a name the description does not have.
 */
export function validateWebhook(name: string, payload: unknown): string[] {
  const validate = validatorFor(name);
  if (validate(payload)) return [];
  return [...new Set((validate.errors ?? []).map(describe))];
}
