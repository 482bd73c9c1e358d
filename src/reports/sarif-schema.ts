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
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import schema from './sarif-2.1.0.schema.json' with { type: 'json' };

export const SARIF_SCHEMA_SHA256 = '1c49a0f2b60444c71bb14878e21e0d882198eff4c539861b133093ad89ed798c';

type AddFormats = (ajv: Ajv2020, formats: string[]) => Ajv2020;
// ajv-formats is CommonJS; under NodeNext its default export is the module object.
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ??
  (addFormatsModule as unknown as AddFormats);

/** How many schema problems one refusal names. */
const SHOWN = 3;

let validator: ValidateFunction | undefined;

/** A copy of the schema without `uniqueItems` (see above); no SARIF property is called that. */
function withoutUniqueItems(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutUniqueItems);
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'uniqueItems')
      .map(([key, value]) => [key, withoutUniqueItems(value)]),
  );
}

/** Compiled once per process, on first use (about half a second). */
function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({
      strict: false,
      allErrors: false,
      formats: { uri: true, 'uri-reference': true },
    });
    addFormats(ajv, ['date-time', 'uuid']);
    validator = ajv.compile(withoutUniqueItems(schema) as object);
  }
  return validator;
}

/** `/runs/0/results/3/level` → `runs[0].results[3].level` (the log itself for the root). */
function where(pointer: string): string {
  if (!pointer) return 'the log';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function valueAt(doc: unknown, pointer: string): unknown {
  let v = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function shown(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function describe(doc: unknown, errors: ErrorObject[]): string[] {
  const out: string[] = [];
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of errors) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  for (const [pointer, list] of byPath) {
    const at = where(pointer);
    const missing = list
      .filter((e) => e.keyword === 'required')
      .map((e) => `"${String(e.params.missingProperty)}"`);
    const first = list[0];
    if (!first) continue;
    if (list.some((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf') && missing.length > 1) {
      out.push(`${at} must have one of ${missing.join(', ')}`);
    } else if (first.keyword === 'required') {
      out.push(`${at} must have ${missing.join(', ')}`);
    } else if (first.keyword === 'additionalProperties') {
      out.push(`${at} has a property SARIF does not define: "${String(first.params.additionalProperty)}"`);
    } else if (first.keyword === 'enum' && Array.isArray(first.params.allowedValues)) {
      const allowed = (first.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      out.push(`${at} is ${shown(valueAt(doc, pointer))}, not one of ${allowed}`);
    } else {
      out.push(`${at} ${first.message ?? 'is invalid'} (is ${shown(valueAt(doc, pointer))})`);
    }
  }
  return out;
}

/**
 * What makes `doc` not a SARIF 2.1.0 log by the schema, in words naming where (`runs[0].results must
 * be array (is 42)`), at most a few; empty when it is one.
 */
export function sarifSchemaProblems(doc: unknown): string[] {
  const check = validate();
  if (check(doc)) return [];
  return describe(doc, check.errors ?? []).slice(0, SHOWN);
}
