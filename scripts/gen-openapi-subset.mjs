#!/usr/bin/env node
// Writes __tests__/support/github-openapi-subset.json: the operations immutable-qa calls, cut from
// GitHub's OpenAPI description as published in @octokit/openapi (generated/api.github.com.json),
// with every $ref inlined and OpenAPI's `nullable` turned into JSON Schema, so the test server can
// validate request bodies with ajv. The package is not a dependency (it is ~400 MB); install it
// for one run and remove it again:
//
//   npm i --no-save @octokit/openapi && node scripts/gen-openapi-subset.mjs
//   npm uninstall --no-save @octokit/openapi
//
// or point OCTOKIT_OPENAPI_DIR at an unpacked copy of the package. Output is deterministic for a
// given package version.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, '__tests__', 'support', 'github-openapi-subset.json');
const SOURCE_FILE = 'generated/api.github.com.json';

/** Every REST operation the action (and its tests) use. */
const OPERATIONS = [
  'checks/create',
  'checks/update',
  'checks/list-for-ref',
  'issues/list-comments',
  'issues/create-comment',
  'issues/update-comment',
  'repos/create-deployment',
  'repos/create-deployment-status',
  'repos/list-deployments',
  'repos/list-pull-requests-associated-with-commit',
  'repos/get',
  'git/get-commit',
  'repos/get-commit',
  'repos/create-attestation',
  'pulls/list',
  'actions/list-workflow-run-artifacts',
  'actions/download-artifact',
];

const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];
/** Documentation only: dropped to keep the file small. */
const DROP_KEYS = new Set(['example', 'examples', 'externalDocs', 'x-github', 'x-octokit']);

function packageDir() {
  if (process.env.OCTOKIT_OPENAPI_DIR) return path.resolve(process.env.OCTOKIT_OPENAPI_DIR);
  const require = createRequire(path.join(ROOT, 'package.json'));
  try {
    return path.dirname(require.resolve('@octokit/openapi/package.json'));
  } catch {
    console.error(
      'gen-openapi-subset: @octokit/openapi is not installed.\n' +
        '  Run: npm i --no-save @octokit/openapi && node scripts/gen-openapi-subset.mjs\n' +
        '  or set OCTOKIT_OPENAPI_DIR to an unpacked copy of the package.',
    );
    process.exit(2);
  }
}

function pointer(spec, ref) {
  if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
  let node = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object' || !(key in node)) throw new Error(`dangling $ref: ${ref}`);
    node = node[key];
  }
  return node;
}

/** A deep copy with $refs inlined (a cycle is an error: request bodies here have none). */
function inline(spec, node, seen = []) {
  if (Array.isArray(node)) return node.map((n) => inline(spec, n, seen));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    if (seen.includes(node.$ref))
      throw new Error(`recursive $ref ${node.$ref}: use a components subset instead`);
    const { $ref, ...siblings } = node;
    return inline(spec, { ...pointer(spec, $ref), ...siblings }, [...seen, $ref]);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROP_KEYS.has(key)) continue;
    out[key] = inline(spec, value, seen);
  }
  return out;
}

/**
 * OpenAPI 3.0 `nullable: true` → JSON Schema: `type: [t, "null"]` (and null in an enum) when
 * the schema has a type, else `anyOf: [schema, {type: "null"}]`.
 */
function nullableToJsonSchema(node) {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: a property named "nullable" is not the keyword.
    if (key === 'properties' && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nullableToJsonSchema(v)]));
    } else if (key !== 'nullable') {
      out[key] = nullableToJsonSchema(value);
    }
  }
  if (node.nullable !== true) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
  }
  if (Array.isArray(out.type)) {
    if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    return out;
  }
  const { description, default: def, ...rest } = out;
  const wrapped = { anyOf: [rest, { type: 'null' }] };
  if (description !== undefined) wrapped.description = description;
  if (def !== undefined) wrapped.default = def;
  return wrapped;
}

const schemaOf = (spec, node) => nullableToJsonSchema(inline(spec, node));

function main() {
  const dir = packageDir();
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const file = path.join(dir, SOURCE_FILE);
  if (!existsSync(file)) throw new Error(`${file} not found: is this @octokit/openapi?`);
  const spec = JSON.parse(readFileSync(file, 'utf8'));

  const found = new Map();
  for (const [route, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op || !OPERATIONS.includes(op.operationId)) continue;
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p) => inline(spec, p))
        .map((p) => {
          const out = {
            name: p.name,
            in: p.in,
            required: p.required === true,
            schema: schemaOf(spec, p.schema ?? {}),
          };
          if (p['x-multi-segment']) out['x-multi-segment'] = true;
          return out;
        });
      const content = op.requestBody ? inline(spec, op.requestBody) : undefined;
      const json = content?.content?.['application/json'];
      found.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path: route,
        documentationUrl: op.externalDocs?.url ?? null,
        parameters,
        requestBody: json
          ? {
              required: content.required === true,
              contentType: 'application/json',
              schema: schemaOf(spec, json.schema),
            }
          : null,
      });
    }
  }
  const missing = OPERATIONS.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`operations not in ${SOURCE_FILE}: ${missing.join(', ')}`);

  const subset = {
    $comment:
      'Generated by scripts/gen-openapi-subset.mjs; do not edit. Regenerate with a newer @octokit/openapi.',
    source: {
      package: '@octokit/openapi',
      version: pkg.version,
      file: SOURCE_FILE,
      openapi: spec.openapi,
      infoVersion: spec.info?.version ?? null,
    },
    operations: [...found.values()].sort((a, b) =>
      a.path === b.path ? a.method.localeCompare(b.method) : a.path < b.path ? -1 : 1,
    ),
  };
  writeFileSync(OUT, `${JSON.stringify(subset, null, 2)}\n`);
  console.log(
    `gen-openapi-subset: wrote ${path.relative(ROOT, OUT)} (${subset.operations.length} operations, @octokit/openapi ${pkg.version})`,
  );
}

main();
